"""A creation is one short transaction: no validation the database already enforces, the reference in one statement,
the history in one insert (issue 17: at most 12 statements, BEGIN and COMMIT included)."""

import datetime as dt

import pytest

from vigie.register.models import ReferenceCounter, RequestEvent, UserRequest
from vigie.register.requests.services import create_request


def _create(world, **extra):
    return create_request(
        actor=None,
        site=world.site_a1,
        service=world.service_a1,
        kind="complaint",
        channel="email",
        received_at=dt.datetime(2024, 5, 6, 10, 0),
        subject="Rendez-vous",
        text="Impossible d'obtenir un rendez-vous.",
        requester={"name": "Camille Martin", "email": "camille.martin@example.org"},
        **extra,
    )


def test_a_creation_takes_at_most_12_statements(world, django_assert_max_num_queries):
    """The creation's transaction (here a savepoint and its release in the test's transaction); the recomputation of
    its indicator cell runs after the commit (requests/indicator_cells.py), apart."""
    _create(world)  # the counter row exists from now on
    with django_assert_max_num_queries(12):
        request = _create(world)
    assert request.reference == "51-2024-000002"
    assert ReferenceCounter.objects.get(department=world.dept_a, year=2024).last == 2
    assert list(RequestEvent.objects.filter(request=request).values_list("action", flat=True).order_by("pk")) == [
        "created",
        "assigned",
    ]


def test_a_rolled_back_creation_gives_its_reference_back(world):
    from django.db import transaction

    _create(world)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert _create(world).reference == "51-2024-000002"
        raise RuntimeError("the enclosing transaction fails")
    assert _create(world).reference == "51-2024-000002"
    assert UserRequest.objects.count() == 2


def test_the_list_counts_its_six_tabs_and_its_page_in_one_statement(world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _create(world)
    _create(world)
    client = world.client_for(world.agent)
    client.get("/demandes/")  # warm-up: session, caches
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/demandes/?onglet=all")
    assert response.status_code == 200
    counts = [
        q["sql"]
        for q in captured
        if "COUNT(" in q["sql"].upper() and "register_userrequest" in q["sql"] and "mail_outbox" not in q["sql"]
    ]
    assert len(counts) == 1, counts  # the six tabs' counts and, on « all », the page's total, in one statement
    assert len(captured) <= 16, len(captured)

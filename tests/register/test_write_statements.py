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

"""Status flow through the agent screen: received → acknowledged → assigned → answered → closed → reopened,
each step in the history with its author; who may act."""

import datetime as dt

import pytest

from tests.register.factories import make_request
from vigie.mail.sending import send_due_messages
from vigie.register.models import MessageTemplate, RequestEvent, UserRequest
from vigie.register.requests.messaging import messages_of
from vigie.register.requests.services import create_request


def _unassigned(world, **kw):
    return create_request(
        actor=None,
        site=world.site_a1,
        service=None,
        kind=kw.pop("kind", "information"),
        channel=kw.pop("channel", "email"),
        received_at=dt.datetime(2024, 5, 6, 10, 0),
        subject="Question",
        text="Quels horaires ?",
        requester={"email": "usager@example.org"},
        **kw,
    )


def _actions(request):
    return list(RequestEvent.objects.filter(request=request).values_list("action", flat=True))


def test_the_whole_flow_through_the_detail_page(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        request = _unassigned(world)
    assert request.status == "received"
    send_due_messages(now=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    request.refresh_from_db()
    assert request.status == "acknowledged"

    officer = world.client_for(world.officer)
    url = f"/demandes/{request.reference}/"
    response = officer.post(
        url + "attribution/",
        {
            "attribution-service": world.service_a1.pk,
            "attribution-kind": "complaint",
            "attribution-channel": "letter",
            "attribution-themes": [],
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    # requalified as a complaint by letter: 10 working days after Monday 6 May 2024 (8 May, Ascension 9 May and
    # Whit Monday 20 May are holidays)
    assert (request.status, request.service, request.kind, request.deadline_days) == (
        "assigned",
        world.service_a1,
        "complaint",
        10,
    )
    assert request.due_date == dt.date(2024, 5, 23)

    agent = world.client_for(world.agent)
    html = agent.get(url).content.decode()
    assert "Clore la demande" not in html  # not answered yet
    response = agent.post(url + "clore/", {})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == "assigned"

    agent.post(url + "repondre/", {"text": "Voici.", "replied_at": "2024-05-10T11:00", "send_email": "on"})
    request.refresh_from_db()
    assert (request.status, request.on_time, request.delay_working_days) == ("answered", True, 2)
    assert messages_of(request).filter(subject__startswith="Réponse à votre demande").count() == 1

    agent.post(url + "clore/", {})
    request.refresh_from_db()
    assert request.status == "closed" and request.closed_at is not None
    assert "Répondre" not in agent.get(url).content.decode()

    response = agent.post(url + "rouvrir/", {"reouverture-reason": ""})
    assert response.status_code == 400
    agent.post(url + "rouvrir/", {"reouverture-reason": "L'usager conteste la réponse."})
    request.refresh_from_db()
    assert (request.status, request.closed_at) == ("assigned", None)

    agent.post(url + "repondre/", {"text": "Précision.", "replied_at": "2024-06-10T11:00"})
    request.refresh_from_db()
    # the first reply keeps its judgement; the further reply is appended
    assert (request.on_time, request.delay_working_days, request.replied_date) == (True, 2, dt.date(2024, 5, 10))
    assert request.reply_text.startswith("Voici.") and request.reply_text.endswith("Précision.")

    assert _actions(request) == [
        "created",
        "acknowledged",
        "assigned",
        "requalified",
        "answered",
        "closed",
        "reopened",
        "answered",
    ]
    html = agent.get(url).content.decode()
    assert "L&#x27;usager conteste la réponse." in html and "Rouverte" in html


def test_a_thanks_without_deadline_can_be_closed_at_once(world):
    request = _unassigned(world, kind="thanks")
    assert request.due_date is None
    world.client_for(world.officer).post(f"/demandes/{request.reference}/clore/", {})
    request.refresh_from_db()
    assert request.status == "closed"


@pytest.mark.parametrize("persona", ["reader", "auditor"])
def test_read_only_roles_see_but_cannot_act(world, persona):
    request = make_request(world)
    client = world.client_for(getattr(world, persona))
    assert client.get(f"/demandes/{request.reference}/").status_code == 200
    for action in ("repondre", "reponse-type", "clore", "attribution", "pieces-jointes", "attente", "rouvrir"):
        assert client.post(f"/demandes/{request.reference}/{action}/", {}).status_code == 403
    assert UserRequest.objects.get().status == "assigned"


def test_a_service_of_another_site_cannot_be_assigned(world):
    request = _unassigned(world)
    response = world.client_for(world.officer).post(
        f"/demandes/{request.reference}/attribution/",
        {
            "attribution-service": world.service_a2.pk,
            "attribution-kind": "information",
            "attribution-channel": "email",
        },
    )
    assert response.status_code == 400
    request.refresh_from_db()
    assert request.service is None and _actions(request) == ["created"]


def test_reply_starts_from_a_reply_template(world):
    request = make_request(world)
    MessageTemplate.objects.create(
        department=world.dept_a,
        purpose="reply",
        name="Délais titres",
        subject="Votre demande {reference}",
        body="Votre demande {reference} a été transmise au service {service}.",
    )
    template = MessageTemplate.objects.get(name="Délais titres")
    html = world.client_for(world.agent).get(f"/demandes/{request.reference}/?modele={template.pk}").content.decode()
    assert f"Votre demande {request.reference} a été transmise au service {world.service_a1.name}." in html


def test_detail_page_queries_do_not_grow_with_history_and_attachments(world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from vigie.register.requests.attachments import IncomingFile, store_attachments
    from vigie.register.requests.services import record_event

    request = make_request(world, requester={"email": "u@example.org"})
    client = world.client_for(world.agent)
    with CaptureQueriesContext(connection) as small:
        client.get(f"/demandes/{request.reference}/")
    store_attachments(request, [IncomingFile(f"{i}.txt", b"x") for i in range(5)])
    for _ in range(20):
        record_event(request, RequestEvent.Action.REQUALIFIED, world.officer, "x")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(f"/demandes/{request.reference}/")

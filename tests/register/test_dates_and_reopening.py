"""Dates a user cannot mean (in the future, a reply before the receipt) are refused with the field named; a reopened
request stays in the working lists and the digest until its further reply."""

import datetime as dt

from django.utils import timezone

from tests.conftest import api_errors
from tests.register.factories import make_request
from vigie.mail.models import OutboxMessage
from vigie.register.models import UserRequest
from vigie.register.requests.digest import send_daily_digests
from vigie.register.requests.services import close_request, reopen_request, reply_to_request

WEDNESDAY = dt.datetime(2024, 5, 15, 5, 0, tzinfo=dt.UTC)  # 7:00 in Paris


def _post(client, url, body):
    return client.post(url, body, content_type="application/json")


def test_a_reception_in_the_future_is_refused_and_nothing_is_created(world):
    tomorrow = (timezone.localtime() + dt.timedelta(days=1)).replace(tzinfo=None).isoformat(timespec="minutes")
    body = {
        "kind": "complaint",
        "channel": "email",
        "received_at": tomorrow,
        "site": "pref-51",
        "service": "etrangers",
        "subject": "Rendez-vous",
        "text": "…",
    }
    response = _post(world.client_for(world.agent), "/api/v1/requests", body)
    assert response.status_code == 400
    assert "La date de réception" in api_errors(response)["received_at"][0]
    assert "est dans le futur" in api_errors(response)["received_at"][0]
    assert not UserRequest.objects.exists()


def test_a_reply_in_the_future_or_before_the_receipt_is_refused(world):
    request = make_request(world, received=dt.datetime(2024, 5, 6, 10, 0))
    client = world.client_for(world.agent)
    url = f"/api/v1/requests/{request.reference}/reply"
    response = _post(client, url, {"text": "Réponse", "replied_at": "2099-01-01T10:00:00"})
    assert response.status_code == 400 and "est dans le futur" in api_errors(response)["replied_at"][0]
    response = _post(client, url, {"text": "Réponse", "replied_at": "2024-05-06T08:00:00"})  # same day, 2 h before
    assert response.status_code == 400
    assert api_errors(response)["replied_at"] == ["La réponse ne peut pas précéder la réception (06/05/2024 10:00)."]
    request.refresh_from_db()
    assert (request.replied_at, request.status) == (None, "assigned")
    response = _post(client, url, {"text": "Réponse", "replied_at": "2024-05-06T11:00:00"})
    assert response.status_code == 200 and response.json()["delay_working_days"] == 0


def test_a_reopened_request_is_in_the_open_lists_not_late_and_in_the_digest(world):
    world.agent.email = "agent@pref51.invalid"
    world.agent.save()
    request = make_request(world, received=dt.datetime(2024, 5, 2, 10), subject="Rouverte")
    reply_to_request(actor=None, request=request, text="R", replied_at=dt.datetime(2024, 5, 3, 10))
    close_request(actor=None, request=request)
    reopen_request(actor=None, request=request, reason="L'usager écrit de nouveau")
    client = world.client_for(world.agent)
    for tab, shown in (("late", False), ("reopened", True), ("open", True), ("unassigned", False)):
        html = client.get(f"/demandes/?onglet={tab}").content.decode()
        assert (request.reference in html) is shown, tab
    assert "Rouvertes (1)" in client.get("/demandes/").content.decode()

    OutboxMessage.objects.all().delete()
    assert send_daily_digests(now=WEDNESDAY) == 1
    assert (
        f"Rouvertes (1) :\n- {request.reference} — Rouverte — rouverte, réponse complémentaire attendue "
        "(première réponse le 03/05/2024)"
    ) in OutboxMessage.objects.get().body

    reply_to_request(actor=None, request=request, text="Complément", replied_at=dt.datetime(2024, 5, 14, 10))
    assert request.reference not in client.get("/demandes/?onglet=open").content.decode()

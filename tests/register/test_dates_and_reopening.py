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


# --- Dates before 2000: refused before anything is written ----------------------------------------------------


def _nothing_written():
    from vigie.register.models import ReferenceCounter

    return not (UserRequest.objects.exists() or OutboxMessage.objects.exists() or ReferenceCounter.objects.exists())


def test_a_reception_before_2000_is_refused_by_the_api_naming_the_field(world):
    body = {
        "kind": "complaint",
        "channel": "email",
        "received_at": "0999-03-01T10:00:00",
        "site": "pref-51",
        "service": "etrangers",
        "subject": "Rendez-vous",
        "text": "…",
        "requester": {"email": "usager@example.org"},
    }
    response = _post(world.client_for(world.agent), "/api/v1/requests", body)
    assert response.status_code == 400
    assert api_errors(response) == {
        "received_at": ["La date de réception est antérieure au 01/01/2000 : vérifiez l'année."]
    }
    assert _nothing_written()


def test_the_first_minute_of_2000_is_accepted_and_the_reference_keeps_its_four_digit_year(world):
    body = {
        "kind": "thanks",
        "channel": "email",
        "received_at": "2000-01-01T00:00:00",  # local time of the Marne
        "site": "pref-51",
        "subject": "Merci",
        "text": "…",
    }
    client = world.client_for(world.officer)
    assert _post(client, "/api/v1/requests", body).json()["reference"] == "51-2000-000001"
    response = _post(client, "/api/v1/requests", {**body, "received_at": "1999-12-31T23:59:00+01:00"})
    assert response.status_code == 400 and list(api_errors(response)) == ["received_at"]


def test_a_reply_dated_1079_is_refused_naming_the_field(world):
    request = make_request(world)
    url = f"/api/v1/requests/{request.reference}/reply"
    response = _post(world.client_for(world.agent), url, {"text": "Réponse", "replied_at": "1079-02-01T10:00:00"})
    assert response.status_code == 400
    assert api_errors(response) == {
        "replied_at": ["La date de la réponse est antérieure au 01/01/2000 : vérifiez l'année."]
    }
    request.refresh_from_db()
    assert request.replied_at is None and not request.events.filter(action="answered").exists()


def test_the_last_instant_of_year_9999_is_refused_as_a_future_date_not_an_error(world):
    body = {"text": "Réponse", "replied_at": "9999-12-31T23:59:59-12:00"}  # past the last datetime in UTC
    request = make_request(world)
    response = _post(world.client_for(world.agent), f"/api/v1/requests/{request.reference}/reply", body)
    assert response.status_code == 400
    assert api_errors(response) == {
        "replied_at": ["La date de la réponse (9999-12-31T23:59:59-12:00) est dans le futur."]
    }


def test_the_agent_form_refuses_a_reception_before_2000_on_its_field(world):
    response = world.client_for(world.agent).post(
        "/demandes/nouvelle/",
        {
            "service": str(world.service_a1.pk),
            "kind": "complaint",
            "channel": "letter",
            "received_at": "0999-03-01T10:00",
            "subject": "Courrier",
            "text": "Lettre reçue.",
            "requester_email": "usager@example.org",
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["received_at"] == [
        "La date de réception est antérieure au 01/01/2000 : vérifiez l'année."
    ]
    assert _nothing_written()


def test_the_agent_reply_form_refuses_a_reply_before_2000_on_its_field(world):
    request = make_request(world)
    client = world.client_for(world.agent)
    response = client.post(
        f"/demandes/{request.reference}/repondre/", {"text": "Réponse", "replied_at": "1079-02-01T10:00"}
    )
    assert response.status_code == 400
    assert "antérieure au 01/01/2000" in response.context["form"].errors["replied_at"][0]
    request.refresh_from_db()
    assert request.replied_at is None

import datetime as dt
import threading

import pytest
from django.db import connection

from tests.conftest import api_errors
from vigie.organisation.models import ClosureDay
from vigie.register.models import UserRequest


def _create(client, **overrides):
    body = {
        "kind": "complaint",
        "channel": "email",
        "received_at": "2024-05-06T10:00:00",
        "site": "pref-51",
        "service": "etrangers",
        "subject": "Rendez-vous",
        "text": "Impossible d'obtenir un rendez-vous.",
        "themes": ["Délai d'obtention d'un rendez-vous"],
        "requester": {"name": "A. Usager", "email": "usager@example.org"},
    }
    return client.post("/api/v1/requests", {**body, **overrides}, content_type="application/json")


@pytest.fixture(autouse=True)
def _themes(world):
    from vigie.register.models import Theme

    Theme.objects.create(department=world.dept_a, name="Délai d'obtention d'un rendez-vous")


def test_agent_records_a_complaint_and_gets_reference_and_due_date(world):
    response = _create(world.client_for(world.agent))
    assert response.status_code == 201
    body = response.json()
    assert body["reference"] == "51-2024-000001"
    assert body["due_date"] == "2024-05-15"  # 5 working days; 8 and 9 May 2024 are public holidays
    assert body["status"] == "assigned" and body["themes"] == ["Délai d'obtention d'un rendez-vous"]
    assert _create(world.client_for(world.agent)).json()["reference"] == "51-2024-000002"


@pytest.mark.parametrize(
    ("kind", "channel", "days", "due"),
    [
        ("information", "email", 5, "2024-05-15"),
        ("information", "letter", 10, "2024-05-23"),
        ("suggestion", "box", 10, "2024-05-23"),
        ("complaint", "sp_platform", 5, "2024-05-15"),
        ("thanks", "email", None, None),
    ],
)
def test_default_deadlines_by_kind_and_channel(world, kind, channel, days, due):
    body = _create(world.client_for(world.officer), kind=kind, channel=channel).json()
    assert (body["deadline_working_days"], body["due_date"]) == (days, due)


def test_reply_gives_delay_in_working_days_and_on_time(world):
    client = world.client_for(world.agent)
    reference = _create(client).json()["reference"]
    reply = client.post(
        f"/api/v1/requests/{reference}/reply",
        {"text": "Réponse", "replied_at": "2024-05-13T09:00"},
        content_type="application/json",
    ).json()
    assert (reply["delay_working_days"], reply["on_time"], reply["status"]) == (3, True, "answered")  # 7, 10, 13 May
    late = _create(client).json()["reference"]
    reply = client.post(
        f"/api/v1/requests/{late}/reply",
        {"text": "Réponse", "replied_at": "2024-05-16T09:00"},
        content_type="application/json",
    ).json()
    assert (reply["delay_working_days"], reply["on_time"]) == (6, False)


def test_overseas_receipt_day_is_local(db):
    from tests.organisation.factories import ServiceFactory, SiteFactory, UserFactory
    from vigie.register.requests.services import create_request

    site = SiteFactory(department__code="974", code="pref-974")
    request = create_request(
        actor=UserFactory(),
        site=site,
        service=ServiceFactory(site=site),
        kind="complaint",
        channel="email",
        received_at=dt.datetime(2024, 12, 19, 21, 0, tzinfo=dt.UTC),
        subject="x",
        text="y",
    )
    assert request.received_date == dt.date(2024, 12, 20)  # 01:00 on 20 December in La Réunion
    assert request.due_date == dt.date(2024, 12, 30)  # 20 Dec (abolition of slavery) and 25 Dec are holidays


def test_bad_payload_names_the_fields(world):
    response = _create(world.client_for(world.officer), service="inconnu")
    assert response.status_code == 400
    assert api_errors(response) == {"service": ["service « inconnu » inconnu sur le site pref-51"]}
    assert response.json()["detail"].startswith("requête refusée : service : ")
    response = _create(world.client_for(world.officer), kind="plainte", channel="fax")  # by the schema, first
    assert api_errors(response) == {
        "kind": ["valeurs possibles : complaint, suggestion, thanks, information, other"],
        "channel": ["valeurs possibles : email, letter, box, web, sp_platform, phone, counter"],
    }
    assert not UserRequest.objects.exists()


def test_scope_on_requests(world):
    reference = _create(world.client_for(world.agent)).json()["reference"]
    assert world.client_for(world.officer).get(f"/api/v1/requests/{reference}").status_code == 200
    assert world.client_for(world.reader).get(f"/api/v1/requests/{reference}").status_code == 200
    assert world.client_for(world.correspondent).get(f"/api/v1/requests/{reference}").status_code == 404
    assert world.client_for(world.officer_b).get(f"/api/v1/requests/{reference}").status_code == 404
    # the agent of another service of the same site
    other = world._user("agent_accueil", "service_agent", service=world.service_a1bis)
    assert world.client_for(other).get(f"/api/v1/requests/{reference}").status_code == 404
    assert _create(world.client_for(other)).status_code == 403  # cannot file for a service not theirs
    reply = {"text": "x", "replied_at": "2024-05-07T10:00"}
    assert (
        world.client_for(world.reader)
        .post(f"/api/v1/requests/{reference}/reply", reply, content_type="application/json")
        .status_code
        == 403
    )


def test_closure_added_recomputes_open_due_dates_but_not_answered_ones(world):
    client = world.client_for(world.officer)
    open_ref = _create(client).json()["reference"]
    answered_ref = _create(client).json()["reference"]
    client.post(
        f"/api/v1/requests/{answered_ref}/reply",
        {"text": "ok", "replied_at": "2024-05-15T10:00"},
        content_type="application/json",
    )
    response = client.post("/departements/51/sites/pref-51/fermetures/", {"date": "2024-05-10"})
    assert response.status_code == 302
    rescheduled = UserRequest.objects.get(reference=open_ref)
    assert rescheduled.due_date == dt.date(2024, 5, 16)
    assert list(rescheduled.events.filter(action="rescheduled").values_list("detail", flat=True)) == [
        "15/05/2024 → 16/05/2024 (jours de fermeture du site modifiés)"
    ]
    answered = UserRequest.objects.get(reference=answered_ref)
    assert (answered.due_date, answered.on_time) == (dt.date(2024, 5, 15), True)
    assert not answered.events.filter(action="rescheduled").exists()
    ClosureDay.objects.all().delete()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not __import__("os").environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="concurrent writers need PostgreSQL (the SQLite test database is in memory, one writer at a time)",
)
def test_concurrent_creations_get_distinct_consecutive_references(world):
    from vigie.organisation.models import Site
    from vigie.register.requests.services import create_request

    site = Site.objects.get(code="pref-51")
    errors, count = [], 50

    def worker():
        try:
            create_request(
                actor=None,
                site=site,
                service=None,
                kind="complaint",
                channel="web",
                received_at=dt.datetime(2024, 6, 3, 10, 0, tzinfo=dt.UTC),
                subject="s",
                text="t",
            )
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    references = sorted(UserRequest.objects.values_list("reference", flat=True))
    assert references == [f"51-2024-{n:06d}" for n in range(1, count + 1)]


def test_a_department_deadline_override_applies_to_new_requests(world):
    from vigie.register.models import DeadlineRule

    DeadlineRule.objects.create(department=world.dept_a, kind="complaint", channel="email", working_days=3)
    body = _create(world.client_for(world.agent)).json()
    assert (body["deadline_working_days"], body["due_date"]) == (3, "2024-05-13")


def test_national_admin_manages_register_configuration_in_the_admin(world):
    client = world.client_for(world.national)
    for model in ("register/deadlinerule", "register/theme", "register/messagetemplate", "mail/outboxmessage"):
        assert client.get(f"/admin/{model}/").status_code == 200


def test_a_theme_outside_the_department_list_is_refused(world):
    response = _create(world.client_for(world.agent), themes=["Parking", "délai d'obtention d'un rendez-vous"])
    assert response.status_code == 400
    assert api_errors(response)["themes"] == [
        "thème(s) inconnu(s) dans le département 51 : Parking (thèmes proposés : Délai d'obtention d'un rendez-vous)"
    ]
    assert UserRequest.objects.count() == 0


# --- List ---------------------------------------------------------------------------------------------------------


def _list(client, query=""):
    return client.get(f"/api/v1/requests{query}")


def test_list_gives_the_users_requests_filtered_and_paginated(world):
    from tests.register.factories import make_request
    from vigie.register.requests.attachments import IncomingFile, store_attachments

    first = make_request(world, themes=["Délai d'obtention d'un rendez-vous"])
    store_attachments(first, [IncomingFile("lettre.pdf", b"%PDF-1.4\n%%EOF\n")])
    make_request(world, received=dt.datetime(2024, 5, 7, 9, 0), kind="suggestion")
    make_request(world, received=dt.datetime(2024, 6, 3, 9, 0))
    make_request(world, service=world.service_a1bis)  # not the agent's service
    make_request(world, service=world.service_b1)  # another department

    body = _list(world.client_for(world.agent)).json()
    assert body["count"] == 3 and (body["limit"], body["offset"]) == (100, 0)
    assert [r["reference"] for r in body["results"]] == ["51-2024-000001", "51-2024-000002", "51-2024-000003"]
    assert body["results"][0]["themes"] == ["Délai d'obtention d'un rendez-vous"]
    assert body["results"][0]["attachment_count"] == 1

    officer = world.client_for(world.officer)
    assert _list(officer).json()["count"] == 4
    assert [r["reference"] for r in _list(officer, "?kind=suggestion").json()["results"]] == ["51-2024-000002"]
    may = _list(officer, "?received_from=2024-05-01&received_to=2024-05-31&limit=2&offset=2").json()
    # by receipt: 000001 and 000004 on 6 May at 10:00, then 000002 on 7 May
    assert (may["count"], [r["reference"] for r in may["results"]]) == (3, ["51-2024-000002"])
    assert _list(officer, "?service=accueil").json()["count"] == 1
    assert _list(world.client_for(world.officer_b)).json()["count"] == 1
    assert _list(world.client_for(world.no_role)).json()["count"] == 0
    assert _list(world.client_for(None)).status_code == 401


def test_list_of_late_requests_and_query_count(world, django_assert_max_num_queries):
    from tests.register.factories import make_request
    from vigie.register.requests.services import reply_to_request

    late = make_request(world)
    answered = make_request(world)
    reply_to_request(actor=None, request=answered, text="ok", replied_at=dt.datetime(2024, 5, 10, 9, 0))
    client = world.client_for(world.officer)
    assert [r["reference"] for r in _list(client, "?due=late").json()["results"]] == [late.reference]
    for day in range(13, 24):
        make_request(world, received=dt.datetime(2024, 5, day, 9, 0), themes=["Délai d'obtention d'un rendez-vous"])
    with django_assert_max_num_queries(10):
        assert _list(client).json()["count"] == 13


def test_list_and_schema_errors_are_in_french_and_name_the_field(world):
    client = world.client_for(world.officer)
    response = _list(client, "?kind=plainte&due=hier&limit=1000&received_from=hier")
    assert response.status_code == 400
    errors = api_errors(response)
    assert errors["received_from"] == ["date attendue au format AAAA-MM-JJ"]
    assert errors["kind"] == ["valeurs possibles : complaint, suggestion, thanks, information, other"]
    assert errors["due"] == ["valeurs possibles : late, today, soon"] and errors["limit"] == ["valeur maximale : 500"]
    assert response.json()["detail"].startswith("requête non conforme au schéma de l'API : ")
    response = client.post("/api/v1/requests", {"kind": 3, "site": "pref-51"}, content_type="application/json")
    assert response.status_code == 400
    body = api_errors(response)
    assert body["kind"] == ["valeurs possibles : complaint, suggestion, thanks, information, other"]
    assert body["received_at"] == ["champ obligatoire"]
    assert not UserRequest.objects.exists()


def test_a_body_that_is_not_json_and_a_missing_token_get_french_answers(world):
    client = world.client_for(world.officer)
    response = client.post("/api/v1/requests", "{pas du json", content_type="application/json")
    assert (response.status_code, api_errors(response)) == (400, {None: ["JSON invalide"]})
    anonymous = world.client_for(None).get("/api/v1/requests/51-2024-000001")
    assert anonymous.status_code == 401 and anonymous.json()["detail"].startswith("authentification requise")
    assert not UserRequest.objects.exists()


def test_refusals_are_json_in_french_never_the_html_page(world):
    reference = _create(world.client_for(world.agent)).json()["reference"]
    reply = {"text": "Réponse", "replied_at": "2024-05-07T10:00:00"}
    response = world.client_for(world.auditor).post(
        f"/api/v1/requests/{reference}/reply", reply, content_type="application/json"
    )
    assert (response.status_code, response["Content-Type"]) == (403, "application/json; charset=utf-8")
    assert response.json()["detail"].startswith("action non autorisée")
    response = world.client_for(world.officer_b).get(f"/api/v1/requests/{reference}")  # another department
    assert (response.status_code, response.json()) == (
        404,
        {"detail": "introuvable (ou hors de votre périmètre)", "errors": []},
    )


def test_a_browser_session_without_the_csrf_token_is_told_so_in_french(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.agent)
    response = client.post("/api/v1/requests", {}, content_type="application/json")
    assert response.status_code == 403 and response.json()["detail"].startswith("jeton CSRF manquant")

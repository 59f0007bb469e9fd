import datetime as dt

from django.utils import timezone

from vigie.mail.models import OutboxMessage
from vigie.register.models import UserRequest
from vigie.register.requests.messaging import messages_of
from vigie.register.requests.services import create_request


def _request(world, received, service=None, **kw):
    return create_request(
        actor=None,
        site=world.site_a1,
        service=service or world.service_a1,
        kind="complaint",
        channel="email",
        received_at=received,
        subject=kw.get("subject", "Objet"),
        text="Texte",
    )


def test_agent_list_shows_late_and_open_requests_of_their_service_only(world):
    late = _request(world, dt.datetime(2024, 5, 6, 10, 0), subject="Ancienne")
    _request(world, dt.datetime(2024, 5, 6, 10, 0), service=world.service_a1bis, subject="Autre service")
    client = world.client_for(world.agent)
    html = client.get("/demandes/").content.decode()
    assert late.reference in html and "en retard" in html
    assert "Autre service" not in html
    assert "En retard (1)" in html


def test_due_today_tab(world):
    today = timezone.localdate()
    request = _request(world, dt.datetime.combine(today, dt.time(9)) - dt.timedelta(days=30))
    UserRequest.objects.filter(pk=request.pk).update(due_date=today)
    html = world.client_for(world.officer).get("/demandes/?onglet=today").content.decode()
    assert request.reference in html


def test_filters_by_kind(world):
    request = _request(world, dt.datetime(2024, 5, 6, 10, 0))
    client = world.client_for(world.officer)
    assert request.reference in client.get("/demandes/?onglet=all&kind=complaint").content.decode()
    assert request.reference not in client.get("/demandes/?onglet=all&kind=thanks").content.decode()


def test_agent_answers_from_the_detail_page(world):
    request = _request(world, dt.datetime(2024, 5, 6, 10, 0))
    client = world.client_for(world.agent)
    response = client.post(
        f"/demandes/{request.reference}/repondre/", {"text": "Voici la réponse.", "replied_at": "2024-05-10T11:00"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.delay_working_days, request.on_time) == ("answered", 2, True)
    assert "dans le délai" in client.get(f"/demandes/{request.reference}/").content.decode()


def test_reply_errors_are_shown_and_change_nothing(world):
    request = _request(world, dt.datetime(2024, 5, 6, 10, 0))
    response = world.client_for(world.agent).post(
        f"/demandes/{request.reference}/repondre/", {"text": "x", "replied_at": "2024-05-01T11:00"}
    )
    assert response.status_code == 400
    assert "La réponse ne peut pas précéder la réception (06/05/2024 10:00)." in response.content.decode()
    request.refresh_from_db()
    assert request.replied_at is None


def test_read_only_roles_cannot_answer(world):
    request = _request(world, dt.datetime(2024, 5, 6, 10, 0))
    assert (
        world.client_for(world.reader)
        .post(f"/demandes/{request.reference}/repondre/", {"text": "x", "replied_at": "2024-05-07T10:00"})
        .status_code
        == 403
    )
    assert "Répondre" not in world.client_for(world.reader).get(f"/demandes/{request.reference}/").content.decode()


def test_agent_records_a_letter_with_a_ten_day_deadline(world):
    from vigie.register.models import Theme

    theme = Theme.objects.create(department=world.dept_a, name="Séjour")
    Theme.objects.create(department=world.dept_a, name="Ancien", active=False)
    html = world.client_for(world.agent).get("/demandes/nouvelle/").content.decode()
    assert "Séjour" in html and "Ancien" not in html  # retired themes are no longer offered
    response = world.client_for(world.agent).post(
        "/demandes/nouvelle/",
        {
            "service": str(world.service_a1.pk),
            "kind": "information",
            "channel": "letter",
            "received_at": "2024-05-06T10:00",
            "subject": "Titre de séjour",
            "text": "Question",
            "themes": [str(theme.pk)],
        },
    )
    assert response.status_code == 302
    request = UserRequest.objects.get()
    assert (request.reference, request.due_date) == ("51-2024-000001", dt.date(2024, 5, 23))
    assert [t.name for t in request.themes.all()] == ["Séjour"]


def test_list_query_count_does_not_grow_with_requests(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(tab):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/demandes/?onglet={tab}").status_code == 200
        return len(ctx.captured_queries)

    client = world.client_for(world.officer)
    for day in range(1, 4):
        _request(world, dt.datetime(2024, 5, day, 10, 0))
    before = {tab: queries(tab) for tab in ("all", "late")}
    for day in range(6, 16):
        _request(world, dt.datetime(2024, 5, day, 10, 0), service=world.service_a1bis)
    assert {tab: queries(tab) for tab in ("all", "late")} == before
    assert before["all"] <= 20


def test_yearly_analysis_gives_theme_shares_of_complaints(world):
    from tests.register.factories import make_request

    for themes in (["Délai de rendez-vous"], ["Délai de rendez-vous", "Accueil"], ["Accueil"], ["Température"]):
        make_request(world, themes=themes)
    make_request(world, kind="thanks")
    html = world.client_for(world.officer).get("/demandes/analyse/?annee=2024").content.decode()
    assert "5 demandes reçues en 2024." in html and "<h2>Réclamations&nbsp;: 4</h2>" in html
    assert (
        '<th scope="row">Délai de rendez-vous</th><td class="vigie-figure">2</td>'
        '<td class="vigie-figure">50\u202f%</td>' in html
    )
    assert (
        world.client_for(world.officer_b)
        .get("/demandes/analyse/?annee=2024")
        .content.decode()
        .count("Délai de rendez-vous")
        == 0
    )


def test_holding_reply_is_recorded_and_does_not_move_the_due_date(world):
    from tests.register.factories import make_request

    request = make_request(world, requester={"email": "usager@example.org"})
    response = world.client_for(world.agent).post(
        f"/demandes/{request.reference}/attente/",
        {"holding_text": "Votre dossier demande une vérification."},
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.holding_reply_text == "Votre dossier demande une vérification."
    assert request.due_date == dt.date(2024, 5, 15)
    assert messages_of(request).filter(body__startswith="Votre dossier").exists()


def test_tabs_keep_the_filters(world):
    _request(world, dt.datetime(2024, 5, 6, 10, 0))
    html = world.client_for(world.officer).get("/demandes/?onglet=all&kind=complaint").content.decode()
    assert 'href="?onglet=late&amp;kind=complaint&amp;page=1"' in html


def test_list_warns_of_e_mails_waiting_for_the_smtp_server(world):
    request = _request(world, dt.datetime(2024, 5, 6, 10, 0))
    OutboxMessage.objects.create(
        related_app="register",
        related_public_id=request.public_id,
        to="u@example.org",
        subject="s",
        body="b",
        last_error="ConnectionRefusedError",
    )
    html = world.client_for(world.national).get("/demandes/").content.decode()
    assert "1 courriel aux usagers en attente d'envoi" in html and "ConnectionRefusedError" in html
    # an operational warning: only administrators can act on the mail server, agents and officers do not see it
    for persona in (world.agent, world.officer, world.officer_b):
        assert "en attente d'envoi" not in world.client_for(persona).get("/demandes/").content.decode()


def test_the_quality_officer_finds_the_register_settings_from_the_list(world):
    assert "/departements/51/demandes/parametres/" in world.client_for(world.officer).get("/demandes/").content.decode()
    assert "/demandes/parametres/" not in world.client_for(world.agent).get("/demandes/").content.decode()


def test_list_is_paginated_and_keeps_tab_and_filters(world):
    from tests.register.factories import make_request

    for n in range(53):
        make_request(world, received=dt.datetime(2024, 5, 6, 8, 0) + dt.timedelta(minutes=n))
    make_request(world, kind="suggestion")
    client = world.client_for(world.officer)
    first = client.get("/demandes/?onglet=all&kind=complaint").content.decode()
    assert "Toutes, 1 filtre — 53 demandes (page 1 sur 2, demandes 1 à 50)" in first
    assert first.count('href="/demandes/51-2024-') == 50
    assert 'href="?onglet=all&amp;kind=complaint&amp;page=2"' in first
    second = client.get("/demandes/?onglet=all&kind=complaint&page=2").content.decode()
    assert "(page 2 sur 2, demandes 51 à 53)" in second
    assert second.count('href="/demandes/51-2024-') == 3
    assert "51-2024-000053" in second and "51-2024-000054" not in second  # the suggestion is filtered out
    # a page number out of range or not a number shows a real page, never an error
    assert client.get("/demandes/?onglet=all&page=99").status_code == 200
    assert client.get("/demandes/?onglet=all&page=abc").status_code == 200


def test_due_today_is_each_departments_own_today(world):
    """At 22:30 UTC on 23 November 2026 it is still the 23rd in Marne but already the 24th in La Réunion."""
    from tests.organisation.factories import ServiceFactory, SiteFactory
    from tests.register.factories import make_request
    from vigie.register.requests.selection import tab_querysets

    reunion = ServiceFactory(site=SiteFactory(department__code="974", code="pref-974"), code="accueil")
    marne = make_request(world, received=dt.datetime(2026, 11, 16, 10, 0))
    island = make_request(world, service=reunion, received=dt.datetime(2026, 11, 16, 10, 0))
    UserRequest.objects.filter(pk=marne.pk).update(due_date=dt.date(2026, 11, 23))
    UserRequest.objects.filter(pk=island.pk).update(due_date=dt.date(2026, 11, 23))
    now = dt.datetime(2026, 11, 23, 22, 30, tzinfo=dt.UTC)
    selections, days = tab_querysets(world.national, UserRequest.objects.all(), now)
    assert days[world.dept_a.pk] == (dt.date(2026, 11, 23), dt.date(2026, 11, 25))
    assert days[reunion.site.department_id] == (dt.date(2026, 11, 24), dt.date(2026, 11, 26))
    assert list(selections["today"]) == [marne]
    assert list(selections["late"]) == [island]
    soon = make_request(world, service=reunion, received=dt.datetime(2026, 11, 16, 10, 0))
    UserRequest.objects.filter(pk=soon.pk).update(due_date=dt.date(2026, 11, 26))
    assert list(selections["soon"]) == [soon]


def test_closed_requests_without_reply_are_not_open(world):
    from tests.register.factories import make_request
    from vigie.register.requests.services import close_request

    thanks = make_request(world, kind="thanks")
    close_request(actor=None, request=thanks)
    html = world.client_for(world.officer).get("/demandes/?onglet=open").content.decode()
    assert "Toutes les ouvertes (0)" in html and thanks.reference not in html
    assert thanks.reference in world.client_for(world.officer).get("/demandes/?onglet=all").content.decode()


def _sheet(response):
    import io

    import openpyxl

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_export_gives_the_selection_without_personal_data(world):
    from tests.register.factories import make_request
    from vigie.register.requests.services import reply_to_request

    answered = make_request(
        world,
        themes=["Accueil"],
        requester={"name": "Camille Usager", "email": "camille@example.org"},
        subject="Mon titre de séjour",
    )
    reply_to_request(actor=None, request=answered, text="Réponse.", replied_at=dt.datetime(2024, 5, 17, 9, 0))
    make_request(world, service=world.service_a1bis, kind="suggestion")
    make_request(world, service=world.service_a2)

    response = world.client_for(world.officer).get("/demandes/export.xlsx?onglet=all&kind=complaint&site=pref-51")
    rows = _sheet(response)
    assert rows[0][0] == "Demandes — Toutes"
    assert rows[1][:3] == ["Référence", "Nature", "Canal"]
    assert [r[0] for r in rows[2:]] == ["51-2024-000001"]
    line = dict(zip(rows[1], rows[2], strict=True))
    assert line["Reçue le"] == dt.datetime(2024, 5, 6, 10, 0)  # the department's local time
    assert (line["Échéance"], line["Répondue le"]) == (dt.datetime(2024, 5, 15), dt.datetime(2024, 5, 17))
    assert (line["Délai de réponse (jours ouvrés)"], line["Dans le délai"]) == (7, "non")
    assert (line["Thèmes"], line["Service"], line["Statut"]) == ("Accueil", world.service_a1.name, "Répondue")
    content = str(rows)
    assert "Camille" not in content and "camille@" not in content and "titre de séjour" not in content


def test_export_keeps_to_the_users_scope(world):
    from tests.register.factories import make_request

    mine = make_request(world)
    make_request(world, service=world.service_a1bis)
    rows = _sheet(world.client_for(world.agent).get("/demandes/export.xlsx?onglet=all"))
    assert [r[0] for r in rows[2:]] == [mine.reference]
    assert _sheet(world.client_for(world.officer_b).get("/demandes/export.xlsx?onglet=all"))[2:] == []


def test_reply_time_defaults_to_the_departments_local_time(world):
    from zoneinfo import ZoneInfo

    from tests.organisation.factories import ServiceFactory, SiteFactory
    from tests.register.factories import make_request

    reunion = ServiceFactory(site=SiteFactory(department__code="974", code="pref-974"), code="accueil")
    request = make_request(world, service=reunion)
    before = timezone.localtime(timezone=ZoneInfo("Indian/Reunion"))
    html = world.client_for(world.national).get(f"/demandes/{request.reference}/").content.decode()
    after = timezone.localtime(timezone=ZoneInfo("Indian/Reunion"))
    assert any(f'value="{moment:%Y-%m-%dT%H:%M}"' in html for moment in (before, after))

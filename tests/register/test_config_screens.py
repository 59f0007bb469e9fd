"""The quality officer's configuration screens of the register: message templates (versioned, previewed, placeholders
checked), deadlines, themes, functional mailboxes; access by role and department."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.register.factories import make_request
from vigie.register.config.services import add_theme
from vigie.register.models import DeadlineRule, Mailbox, MessageTemplate, Theme
from vigie.register.requests.messaging import ACKNOWLEDGEMENT, messages_of
from vigie.register.requests.services import reply_to_request

BASE = "/departements/51/demandes/parametres/"
EMAIL = {"email": "usager@example.org"}


def _template_data(**overrides):
    data = {
        "purpose": "acknowledgement",
        "name": "Accusé général",
        "kind": "",
        "channel": "",
        "site": "",
        "subject": "Demande {reference} bien reçue",
        "body": "Réponse au plus tard le {due_date}.",
        "action": "save",
    }
    return {**data, **overrides}


def _create_template(client, **overrides) -> MessageTemplate:
    response = client.post(f"{BASE}modeles/nouveau/", _template_data(**overrides))
    assert response.status_code == 302, response.content.decode()[:2000]
    return MessageTemplate.objects.latest("pk")


# --- Message templates -------------------------------------------------------------------------------------------


def test_editing_a_template_creates_a_new_current_version_and_keeps_the_old_one(world):
    client = world.client_for(world.officer)
    v1 = _create_template(client)
    assert (v1.version, v1.is_current, v1.department, v1.created_by) == (1, True, world.dept_a, world.officer)

    response = client.post(
        f"{BASE}modeles/{v1.family}/",
        _template_data(subject="Nouvelle version : {reference}", body="Échéance : {due_date} ({deadline_days} j)."),
    )
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}modeles/"
    assert "version 2" in client.get(response["Location"]).content.decode()

    versions = list(MessageTemplate.objects.filter(family=v1.family).order_by("version"))
    assert [(v.version, v.is_current) for v in versions] == [(1, False), (2, True)]
    assert versions[0].subject == "Demande {reference} bien reçue"  # the old row is never changed in place
    assert versions[1].created_by == world.officer

    history = client.get(f"{BASE}modeles/{v1.family}/versions/")
    html = history.content.decode()
    assert history.status_code == 200
    assert "v1" in html and "v2" in html
    assert "Demande {reference} bien reçue" in html and "Nouvelle version : {reference}" in html
    assert world.officer.username in html or world.officer.get_full_name() in html
    assert versions[0].created_at.astimezone(timezone.get_current_timezone()).strftime("%d/%m/%Y") in html


def test_the_acknowledgement_uses_the_current_version(world):
    client = world.client_for(world.officer)
    v1 = _create_template(client)
    client.post(f"{BASE}modeles/{v1.family}/", _template_data(subject="V2 {reference}", body="Version 2, {site}."))

    request = make_request(world, requester=EMAIL)

    message = messages_of(request).get(tag=ACKNOWLEDGEMENT)
    assert message.subject == f"V2 {request.reference}"
    assert message.body == f"Version 2, {world.site_a1.name}."


def test_saving_an_unchanged_template_creates_no_version(world):
    client = world.client_for(world.officer)
    v1 = _create_template(client)
    response = client.post(f"{BASE}modeles/{v1.family}/", _template_data(), follow=True)
    assert "Aucune modification" in response.content.decode()
    assert MessageTemplate.objects.filter(family=v1.family).count() == 1


def test_unknown_placeholder_is_an_error_naming_it_and_saves_nothing(world):
    client = world.client_for(world.officer)
    response = client.post(f"{BASE}modeles/nouveau/", _template_data(body="Bonjour {nom}, voir {reference}."))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Variable inconnue : « {nom} »" in html
    assert "{tracking_url}" in html  # the available placeholders are listed
    assert not MessageTemplate.objects.exists()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Voir {reference.__class__}", "« {reference.__class__} »"),
        ("Voir {0}", "« {0} »"),
        ("Voir {reference!r}", "« {reference!r} »"),
        ("Accolade { seule", "Une accolade est seule"),
    ],
)
def test_only_plain_known_placeholders_are_accepted(world, body, message):
    response = world.client_for(world.officer).post(f"{BASE}modeles/nouveau/", _template_data(body=body))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_line_break_in_the_subject_is_refused(world):
    """A header on two lines cannot be sent (and could inject a header): refused at the screen, named."""
    response = world.client_for(world.officer).post(
        f"{BASE}modeles/nouveau/", _template_data(subject="Demande\r\n{reference}")
    )
    assert response.status_code == 400
    assert "L&#x27;objet d&#x27;un courriel tient sur une ligne" in response.content.decode()
    assert not MessageTemplate.objects.exists()


def test_doubled_braces_are_literal_and_accepted(world):
    _create_template(world.client_for(world.officer), body="Code {{ABC}} pour {reference}.")
    assert MessageTemplate.objects.get().body == "Code {{ABC}} pour {reference}."


def test_preview_renders_a_sample_request_and_saves_nothing(world):
    client = world.client_for(world.officer)
    response = client.post(f"{BASE}modeles/nouveau/", _template_data(action="preview"))
    assert response.status_code == 200
    html = response.content.decode()
    reference = f"51-{timezone.localdate().year}-000001"
    assert f"Demande {reference} bien reçue" in html
    assert "demande fictive" in html
    assert not MessageTemplate.objects.exists()


def test_preview_on_edit_uses_the_latest_request_and_saves_nothing(world):
    client = world.client_for(world.officer)
    v1 = _create_template(client)
    make_request(world, received=dt.datetime(2024, 5, 2, 10, 0))
    latest = make_request(world, received=dt.datetime(2024, 5, 6, 10, 0))
    response = client.post(
        f"{BASE}modeles/{v1.family}/",
        _template_data(subject="Aperçu {reference}", body="{due_date} : {tracking_url}", action="preview"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"Aperçu {latest.reference}" in html
    assert f"{latest.due_date:%d/%m/%Y} : http" in html
    assert "/usagers/suivi/exemple/" in html and latest.tracking_token not in html
    assert list(MessageTemplate.objects.values_list("version", "is_current")) == [(1, True)]


def test_preview_with_an_unknown_placeholder_shows_the_error_and_no_preview(world):
    response = world.client_for(world.officer).post(
        f"{BASE}modeles/nouveau/", _template_data(subject="{inconnu}", action="preview")
    )
    assert response.status_code == 400
    assert "« {inconnu} »" in response.content.decode()
    assert "Aperçu" not in response.content.decode().split("</h1>")[1].split("<form")[0]


def test_retiring_a_template_falls_back_and_keeps_the_history(world):
    client = world.client_for(world.officer)
    v1 = _create_template(client, subject="Modèle du département {reference}")
    response = client.post(f"{BASE}modeles/{v1.family}/retirer/")
    assert response.status_code == 302
    assert not MessageTemplate.objects.filter(is_current=True).exists()
    assert MessageTemplate.objects.filter(family=v1.family).count() == 1

    request = make_request(world, requester=EMAIL)
    subject = messages_of(request).get().subject
    assert subject == f"Accusé de réception — demande {request.reference}"  # Vigie's default
    html = client.get(f"{BASE}modeles/").content.decode()
    assert "Modèles retirés" in html and "Remettre en service" in html

    client.post(f"{BASE}modeles/{v1.family}/", _template_data(subject="De retour {reference}"))
    assert MessageTemplate.objects.get(is_current=True).version == 2


def test_sites_offered_are_the_departments_only(world):
    client = world.client_for(world.officer)
    html = client.get(f"{BASE}modeles/nouveau/").content.decode()
    assert world.site_a1.name in html and world.site_b1.name not in html
    response = client.post(f"{BASE}modeles/nouveau/", _template_data(site=str(world.site_b1.pk)))
    assert response.status_code == 400
    _create_template(client, site=str(world.site_a2.pk))
    assert MessageTemplate.objects.get().site == world.site_a2


def test_template_list_shows_current_versions_in_a_constant_number_of_queries(world):
    client = world.client_for(world.officer)

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{BASE}modeles/").status_code == 200
        return len(ctx)

    first = _create_template(client, site=str(world.site_a1.pk))
    client.post(f"{BASE}modeles/{first.family}/", _template_data(name="Renommé"))
    one = queries()
    for i in range(4):
        _create_template(client, name=f"Modèle {i}", purpose="reply", site=str(world.site_a2.pk))
    assert queries() == one
    html = client.get(f"{BASE}modeles/").content.decode()
    assert "Renommé" in html and "Accusé général" not in html


# --- Deadlines ---------------------------------------------------------------------------------------------------


def test_deadline_override_applies_to_new_and_open_requests_not_to_answered_ones(world):
    open_request = make_request(world)
    answered = make_request(world)
    reply_to_request(actor=None, request=answered, text="Réponse.", replied_at=dt.datetime(2024, 5, 14, 9, 0))
    letter = make_request(world, channel="letter")
    assert (open_request.deadline_days, open_request.due_date) == (5, dt.date(2024, 5, 15))
    client = world.client_for(world.officer)
    response = client.post(f"{BASE}delais/", {"complaint__email": "10", "suggestion__letter": "15"}, follow=True)
    assert response.status_code == 200
    assert set(DeadlineRule.objects.values_list("kind", "channel", "working_days")) == {
        ("complaint", "email", 10),
        ("suggestion", "letter", 15),
    }
    assert "2 délais modifiés ; 1 demande en cours a reçu une nouvelle échéance" in response.content.decode()

    after = make_request(world)
    assert after.deadline_days == 10
    assert after.due_date == world.site_a1.calendar().due_date(after.received_date, 10)
    open_request.refresh_from_db()
    # Tuesday 7 May 2024 … Thursday 23 May: 8 and 9 May (Victory, Ascension) and 20 May (Whit Monday) excluded
    assert (open_request.deadline_days, open_request.due_date) == (10, dt.date(2024, 5, 23))
    event = open_request.events.get(action="rescheduled")
    assert event.detail == "15/05/2024 → 23/05/2024 (délai du département modifié)"
    assert event.actor == world.officer
    answered.refresh_from_db()  # judged by the rule of its time
    assert (answered.deadline_days, answered.due_date, answered.on_time) == (5, dt.date(2024, 5, 15), True)
    assert not answered.events.filter(action="rescheduled").exists()
    letter.refresh_from_db()  # another channel: untouched
    assert (letter.deadline_days, letter.events.filter(action="rescheduled").count()) == (10, 0)

    html = client.get(f"{BASE}delais/").content.decode()
    assert 'value="10"' in html
    assert "gardent le délai qui les a jugées" in html
    detail = client.get(f"/demandes/{open_request.reference}/").content.decode()
    assert "Échéance recalculée" in detail and "15/05/2024 → 23/05/2024" in detail


def test_empty_deadline_removes_the_override(world):
    DeadlineRule.objects.create(department=world.dept_a, kind="complaint", channel="email", working_days=12)
    DeadlineRule.objects.create(department=world.dept_b, kind="complaint", channel="email", working_days=20)
    response = world.client_for(world.officer).post(f"{BASE}delais/", {"complaint__email": ""})
    assert response.status_code == 302
    assert list(DeadlineRule.objects.values_list("department__code", flat=True)) == ["16"]
    assert make_request(world).deadline_days == 5


@pytest.mark.parametrize(
    ("value", "error"),
    [("-1", "ne peut pas être négatif"), ("61", "dépasser 60"), ("dix", "nombre entier")],
)
def test_invalid_deadline_names_the_cell_and_saves_nothing(world, value, error):
    DeadlineRule.objects.create(department=world.dept_a, kind="thanks", channel="letter", working_days=3)
    response = world.client_for(world.officer).post(
        f"{BASE}delais/", {"complaint__email": value, "suggestion__letter": "7", "thanks__letter": ""}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Réclamation / Courriel</a>&nbsp;: " in html and error in html
    assert list(DeadlineRule.objects.values_list("kind", "channel", "working_days")) == [("thanks", "letter", 3)]


def test_deadline_table_shows_every_kind_and_channel_with_the_framework_default(world):
    html = world.client_for(world.officer).get(f"{BASE}delais/").content.decode()
    assert html.count('type="number"') == 35
    assert html.count('class="fr-input"') == 36  # and the effective date
    assert "sans délai" in html and "10 jours ouvrés" in html


# --- Themes ------------------------------------------------------------------------------------------------------


def test_theme_names_are_unique_in_the_department_ignoring_case(world):
    Theme.objects.create(department=world.dept_a, name="Accueil téléphonique")
    Theme.objects.create(department=world.dept_b, name="Titres")
    client = world.client_for(world.officer)

    response = client.post(f"{BASE}themes/", {"name": "  ACCUEIL   téléphonique "})
    assert response.status_code == 400
    assert "Le thème « Accueil téléphonique » existe déjà." in response.content.decode()

    assert client.post(f"{BASE}themes/", {"name": "titres"}).status_code == 302  # another department's is no bar
    assert set(Theme.objects.filter(department=world.dept_a).values_list("name", flat=True)) == {
        "Accueil téléphonique",
        "titres",
    }


def test_rename_theme_keeps_uniqueness_and_the_requests(world):
    request = make_request(world, themes=["RDV"])
    other = Theme.objects.create(department=world.dept_a, name="Délais")
    theme = Theme.objects.get(name="RDV")
    client = world.client_for(world.officer)

    response = client.post(f"{BASE}themes/{theme.public_id}/", {"name": "délais"})
    assert response.status_code == 400 and "existe déjà" in response.content.decode()

    assert client.post(f"{BASE}themes/{theme.public_id}/", {"name": "Rendez-vous"}).status_code == 302
    assert [t.name for t in request.themes.all()] == ["Rendez-vous"]
    assert other.name == "Délais"


def test_retiring_a_theme_keeps_it_on_its_requests(world):
    request = make_request(world, themes=["RDV"])
    theme = Theme.objects.get(name="RDV")
    client = world.client_for(world.officer)

    assert client.post(f"{BASE}themes/{theme.public_id}/activation/", {"active": "0"}).status_code == 302
    theme.refresh_from_db()
    assert theme.active is False
    assert list(request.themes.all()) == [theme]
    html = client.get(f"{BASE}themes/").content.decode()
    assert "Thèmes retirés" in html and "Remettre en service" in html

    client.post(f"{BASE}themes/{theme.public_id}/activation/", {"active": "1"})
    theme.refresh_from_db()
    assert theme.active is True
    assert Theme.objects.count() == 1


def test_theme_list_counts_requests_in_one_query(world):
    for i in range(3):
        make_request(world, themes=["RDV", f"Thème {i}"])
    client = world.client_for(world.officer)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"{BASE}themes/")
    html = response.content.decode()
    assert '<th scope="row">RDV</th>\n      <td class="vigie-figure">3</td>' in html
    theme_queries = [q for q in ctx.captured_queries if "register_theme" in q["sql"]]
    assert len(theme_queries) == 1


# --- Mailboxes ---------------------------------------------------------------------------------------------------


def _mailbox_data(world, **overrides):
    data = {
        "site": str(world.site_a1.pk),
        "service": str(world.service_a1.pk),
        "kind": "complaint",
        "host": "imap.example.org",
        "port": "993",
        "security": "ssl",
        "username": "reclamations@marne.example.org",
        "password": "Secret-IMAP-42",
        "folder": "INBOX",
        "active": "on",
    }
    return {**data, **overrides}


def test_mailbox_password_is_write_only_and_kept_when_left_blank(world):
    client = world.client_for(world.officer)
    assert client.post(f"{BASE}boites/nouvelle/", _mailbox_data(world)).status_code == 302
    mailbox = Mailbox.objects.get()
    assert (mailbox.department, mailbox.password) == (world.dept_a, "Secret-IMAP-42")

    for path in (f"{BASE}boites/", f"{BASE}boites/{mailbox.public_id}/"):
        html = client.get(path).content.decode()
        assert "Secret-IMAP-42" not in html
    assert 'type="password"' in client.get(f"{BASE}boites/{mailbox.public_id}/").content.decode()

    response = client.post(f"{BASE}boites/{mailbox.public_id}/", _mailbox_data(world, password="", folder="Demandes"))
    assert response.status_code == 302
    mailbox.refresh_from_db()
    assert (mailbox.password, mailbox.folder) == ("Secret-IMAP-42", "Demandes")

    client.post(f"{BASE}boites/{mailbox.public_id}/", _mailbox_data(world, password="Nouveau-99"))
    mailbox.refresh_from_db()
    assert mailbox.password == "Nouveau-99"


def test_mailbox_password_is_required_on_creation_and_not_rendered_back_on_error(world):
    client = world.client_for(world.officer)
    response = client.post(f"{BASE}boites/nouvelle/", _mailbox_data(world, password=""))
    assert response.status_code == 400
    response = client.post(f"{BASE}boites/nouvelle/", _mailbox_data(world, host=""))
    assert response.status_code == 400
    assert "Secret-IMAP-42" not in response.content.decode()
    assert not Mailbox.objects.exists()


def test_mailbox_site_and_service_are_restricted_to_the_department(world):
    client = world.client_for(world.officer)
    html = client.get(f"{BASE}boites/nouvelle/").content.decode()
    assert world.site_b1.name not in html
    assert client.post(f"{BASE}boites/nouvelle/", _mailbox_data(world, site=str(world.site_b1.pk))).status_code == 400
    response = client.post(f"{BASE}boites/nouvelle/", _mailbox_data(world, service=str(world.service_b1.pk)))
    assert response.status_code == 400
    response = client.post(f"{BASE}boites/nouvelle/", _mailbox_data(world, service=str(world.service_a2.pk)))
    assert response.status_code == 400
    assert "n'appartient pas au site" in response.content.decode().replace("&#x27;", "'")
    assert not Mailbox.objects.exists()


def test_mailbox_list_shows_last_check_and_error(world):
    Mailbox.objects.create(
        department=world.dept_a,
        site=world.site_a1,
        host="imap.example.org",
        username="boite@example.org",
        password="x",
        last_checked_at=dt.datetime(2024, 5, 6, 8, 30, tzinfo=dt.UTC),
        last_error="IMAP4.error",
    )
    Mailbox.objects.create(
        department=world.dept_b, site=world.site_b1, host="imap.example.org", username="autre@example.org", password="y"
    )
    html = world.client_for(world.officer).get(f"{BASE}boites/").content.decode()
    assert "boite@example.org" in html and "IMAP4.error" in html and "06/05/2024" in html
    assert "autre@example.org" not in html


# --- Access ------------------------------------------------------------------------------------------------------


def _objects(world):
    client = world.client_for(world.officer)
    template = _create_template(client)
    theme = Theme.objects.create(department=world.dept_a, name="RDV")
    client.post(f"{BASE}boites/nouvelle/", _mailbox_data(world))
    return template, theme, Mailbox.objects.get()


def _pages(template, theme, mailbox):
    return [
        ("get", BASE),
        ("get", f"{BASE}modeles/"),
        ("get", f"{BASE}modeles/{template.family}/"),
        ("get", f"{BASE}modeles/{template.family}/versions/"),
        ("post", f"{BASE}modeles/{template.family}/retirer/"),
        ("get", f"{BASE}delais/"),
        ("post", f"{BASE}delais/"),
        ("get", f"{BASE}themes/{theme.public_id}/"),
        ("post", f"{BASE}themes/{theme.public_id}/activation/"),
        ("get", f"{BASE}boites/{mailbox.public_id}/"),
    ]


@pytest.mark.parametrize(("persona", "status"), [("officer_b", 404), ("no_role", 404), ("agent", 403), ("reader", 403)])
def test_only_managers_of_the_department_use_the_screens(world, persona, status):
    template, theme, mailbox = _objects(world)
    client = world.client_for(getattr(world, persona))
    for method, path in _pages(template, theme, mailbox):
        response = getattr(client, method)(path, {"active": "0"} if method == "post" else None)
        assert response.status_code == status, (persona, path)
    assert MessageTemplate.objects.get().is_current
    assert Theme.objects.get().active


def test_national_administrator_uses_the_screens(world):
    template, theme, mailbox = _objects(world)
    client = world.client_for(world.national)
    for method, path in _pages(template, theme, mailbox):
        if method == "get":
            assert client.get(path).status_code == 200, path


def test_anonymous_user_is_sent_to_the_login_page(world):
    response = world.client_for(None).get(BASE)
    assert response.status_code == 302 and response["Location"].startswith("/connexion/")


def test_objects_of_another_department_are_not_found_through_ones_own(world):
    template, theme, mailbox = _objects(world)
    client = world.client_for(world.officer_b)
    own = "/departements/16/demandes/parametres/"
    assert client.get(own).status_code == 200
    for path in (
        f"{own}modeles/{template.family}/",
        f"{own}modeles/{template.family}/versions/",
        f"{own}themes/{theme.public_id}/",
        f"{own}boites/{mailbox.public_id}/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"{own}modeles/{template.family}/retirer/").status_code == 404
    assert client.post(f"{own}themes/{theme.public_id}/activation/", {"active": "0"}).status_code == 404
    assert "Accusé général" not in client.get(f"{own}modeles/").content.decode()


def test_index_links_to_the_five_sections(world):
    html = world.client_for(world.officer).get(BASE).content.decode()
    for section in ("modeles/", "delais/", "themes/", "boites/", "conservation/"):
        assert f'href="{BASE}{section}"' in html


# --- Retention of personal data ----------------------------------------------------------------------------------


def test_the_quality_officer_sets_the_retention_period(world):
    client = world.client_for(world.officer)
    assert "Durée actuelle&nbsp;: <strong>24&nbsp;mois</strong>" in client.get(f"{BASE}conservation/").content.decode()
    response = client.post(f"{BASE}conservation/", {"months": "36"}, follow=True)
    assert "Durée de conservation\u00a0: 36\u00a0mois." in response.content.decode()
    world.dept_a.refresh_from_db()
    assert world.dept_a.retention_months == 36


@pytest.mark.parametrize(
    ("value", "error"),
    [("3", "inférieure à 6 mois"), ("500", "dépasser 120 mois"), ("", "Indiquez la durée"), ("deux", "nombre entier")],
)
def test_an_invalid_retention_is_named_and_changes_nothing(world, value, error):
    response = world.client_for(world.officer).post(f"{BASE}conservation/", {"months": value})
    html = response.content.decode()
    assert response.status_code == 400 and error in html
    world.dept_a.refresh_from_db()
    assert world.dept_a.retention_months == 24


def test_a_shorter_retention_applies_to_requests_already_closed(world):
    from django.core.management import call_command

    from vigie.register.requests.services import close_request

    request = make_request(world, requester=EMAIL)
    reply_to_request(actor=None, request=request, text="R", replied_at=dt.datetime(2024, 5, 7, 10))
    close_request(actor=None, request=request, at=timezone.now() - dt.timedelta(days=31 * 7))
    call_command("erase_personal_data")
    request.refresh_from_db()
    assert request.requester_email == "usager@example.org"  # 7 months < 24
    world.client_for(world.officer).post(f"{BASE}conservation/", {"months": "6"})
    call_command("erase_personal_data")
    request.refresh_from_db()
    assert request.requester_email == "" and request.anonymised_at is not None


def test_themes_and_mailboxes_are_reached_by_their_public_id_not_by_their_number(world):
    theme = add_theme(actor=None, department=world.dept_a, name="Accueil")
    mailbox = Mailbox.objects.create(
        department=world.dept_a, site=world.site_a1, host="imap.example.org", username="demandes", password="x"
    )
    client = world.client_for(world.officer)
    assert client.get(f"{BASE}themes/{theme.pk}/").status_code == 404
    assert client.get(f"{BASE}boites/{mailbox.pk}/").status_code == 404
    assert f"{BASE}themes/{theme.public_id}/" in client.get(f"{BASE}themes/").content.decode()
    assert f"{BASE}boites/{mailbox.public_id}/" in client.get(f"{BASE}boites/").content.decode()
    assert client.get(f"{BASE}themes/{theme.public_id}/").status_code == 200
    assert client.get(f"{BASE}boites/{mailbox.public_id}/").status_code == 200


def test_a_deadline_change_with_an_effective_date_leaves_earlier_requests_under_the_old_rule(world):
    before = make_request(
        world, received=dt.datetime(2024, 5, 6, 10, 0)
    )  # complaint by e-mail: 5 working days (framework)
    after = make_request(world, received=dt.datetime(2024, 6, 3, 10, 0))
    response = world.client_for(world.officer).post(
        f"{BASE}delais/", {"complaint__email": "10", "effective_from": "2024-06-01"}
    )
    assert response.status_code == 302
    before.refresh_from_db()
    after.refresh_from_db()
    assert (before.deadline_days, after.deadline_days) == (5, 10)
    # a request recorded now with a receipt date before the change is judged by the old rule
    late_entry = make_request(world, received=dt.datetime(2024, 5, 31, 10, 0))
    assert late_entry.deadline_days == 5
    assert make_request(world, received=dt.datetime(2024, 6, 10, 10, 0)).deadline_days == 10

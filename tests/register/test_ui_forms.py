"""Forms and pages of the register as people meet them: « Erreur » in the title of a refused form, error summaries
that name the field and link to it, the public form's contact fields, the tracking page, the list's filters,
scrollable tables reachable by keyboard, the template editor's preview and variables, French typography."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import Client

from tests.register.factories import make_request
from vigie.mail.rendering import french_name
from vigie.register.models import UserRequest
from vigie.register.requests.messaging import PLACEHOLDERS, messages_of

BASE = "/departements/51/demandes/parametres/"
PUBLIC = {"kind": "complaint", "site": "pref-51", "subject": "Accueil", "text": "Attente.", "website": ""}


@pytest.fixture(autouse=True)
def _clear_rate_limits(db):
    cache.clear()


def _title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


# --- Refused forms: title and error summary ----------------------------------------------------------------------


def test_refused_forms_say_erreur_in_the_title_and_have_a_focusable_summary(world):
    officer, agent = world.client_for(world.officer), world.client_for(world.agent)
    pages = [
        Client().post("/usagers/51/ecrire/", {**PUBLIC, "subject": ""}),
        agent.post("/demandes/nouvelle/", {"subject": ""}),
        officer.post(f"{BASE}delais/", {"complaint__email": "dix"}),
        officer.post(f"{BASE}modeles/nouveau/", {"action": "preview", "subject": "", "body": ""}),
        officer.post(f"{BASE}themes/", {"name": ""}),
    ]
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 400
        assert _title(html).startswith("Erreur&nbsp;: "), _title(html)
        assert re.search(r'id="resume-erreurs" tabindex="-1" data-vigie-error-summary', html)
    ok = Client().get("/usagers/51/ecrire/").content.decode()
    assert not _title(ok).startswith("Erreur") and "data-vigie-error-summary" not in ok
    assert "vigie/vigie.js" in ok  # the script that focuses the summary


def test_public_summary_links_to_the_first_radio_and_names_each_field_in_french(world):
    html = Client().post("/usagers/51/ecrire/", {"website": ""}).content.decode()
    assert '<a href="#id_kind_0">Vous nous adressez</a>' in html and 'id="id_kind_0"' in html
    assert "Choisissez ce que vous nous adressez" in html
    assert "Choisissez le service concerné." in html
    assert "Indiquez l&#x27;objet de votre demande." in html
    assert "Écrivez votre message." in html
    assert "Ce champ est obligatoire." not in html


# --- Public form: contact fields, acronyms -----------------------------------------------------------------------


def test_public_contact_fields_have_autocomplete_and_an_optional_postal_address(world):
    client = Client()
    html = client.get("/usagers/51/ecrire/").content.decode()
    assert '<input type="text" name="name" autocomplete="name"' in html
    assert '<input type="email" name="email" autocomplete="email"' in html
    assert re.search(r'<textarea name="address"[^>]*autocomplete="street-address"', html)
    assert "Joindre des documents" in html and "Joindre un document" not in html
    response = client.post("/usagers/51/ecrire/", {**PUBLIC, "name": "Camille Martin", "address": "1 rue de la Paix"})
    assert response.status_code == 302
    assert UserRequest.objects.get().requester_address == "1 rue de la Paix"


def test_acronyms_of_services_are_spelled_out_for_the_public(world):
    from vigie.organisation.models import Site

    Site.objects.filter(pk=world.site_a2.pk).update(name="DDETS-PP de la Marne")
    html = Client().get("/usagers/51/ecrire/").content.decode()
    assert (
        "DDETS-PP de la Marne (direction départementale de l&#x27;emploi, du travail, des solidarités et de la "
        "protection des populations)" in html
    )


# --- Agent form: phone and postal address ------------------------------------------------------------------------


def test_agent_records_the_requester_phone_and_postal_address(world):
    client = world.client_for(world.agent)
    response = client.post(
        "/demandes/nouvelle/",
        {
            "service": str(world.service_a1.pk),
            "kind": "complaint",
            "channel": "letter",
            "received_at": "2024-05-06T10:00",
            "subject": "Courrier",
            "text": "Lettre reçue.",
            "requester_name": "Camille Martin",
            "requester_phone": "03 26 00 00 00",
            "requester_address": "1 rue de la Paix\n51100 Reims",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    request = UserRequest.objects.get()
    assert (request.requester_phone, request.requester_address) == ("03 26 00 00 00", "1 rue de la Paix\n51100 Reims")
    html = client.get(response["Location"]).content.decode()
    assert "03 26 00 00 00" in html and "51100 Reims" in html


# --- Tracking page -----------------------------------------------------------------------------------------------


def test_tracking_page_puts_the_h1_first_shows_the_address_to_copy_and_the_acknowledgement(world):
    client = Client()
    response = client.post("/usagers/51/ecrire/", {**PUBLIC, "email": "camille.martin@example.org"})
    html = client.get(response["Location"]).content.decode()
    main = html[html.index("<main") :]
    assert main.index("<h1") < main.index("<h2")
    token = UserRequest.objects.get().tracking_token
    assert re.search(rf'<input[^>]*id="adresse-suivi"[^>]*value="[^"]*/usagers/suivi/{token}/"[^>]*readonly', html)
    assert re.search(r"<button[^>]*data-vigie-copy=\"adresse-suivi\"[^>]*hidden", html)  # shown by the script only
    assert "Un accusé de réception va être envoyé" in html and "c…@example.org" in html
    assert "camille.martin@example.org" not in html


def test_tracking_page_says_when_no_acknowledgement_is_sent(world):
    client = Client()
    response = client.post("/usagers/51/ecrire/", PUBLIC)
    html = client.get(response["Location"]).content.decode()
    assert "aucun accusé de réception ne vous est envoyé" in html


def test_long_dates_write_the_first_of_the_month_as_1er(world):
    request = make_request(world, received=dt.datetime(2024, 7, 1, 10, 0))  # a Monday
    html = Client().get(f"/usagers/suivi/{request.tracking_token}/").content.decode()
    assert "lundi 1er juillet 2024" in html and "lundi 01 juillet" not in html


# --- Request list ------------------------------------------------------------------------------------------------


def test_active_filters_are_listed_with_a_reset_link_and_counted_in_the_title(world):
    make_request(world)
    html = world.client_for(world.officer).get("/demandes/?onglet=all&kind=complaint&channel=email").content.decode()
    assert _title(html).startswith("Demandes des usagers — Toutes, 2 filtres")
    active = html[html.index('id="filtres-actifs"') :]
    active = active[: active.index("</div>")]
    assert "Nature&nbsp;: Réclamation" in active and "Canal&nbsp;: Courriel" in active
    assert 'href="?onglet=all">Réinitialiser les filtres' in active
    plain = world.client_for(world.officer).get("/demandes/").content.decode()
    assert 'id="filtres-actifs"' not in plain and _title(plain).startswith("Demandes des usagers — En retard —")


def test_current_tab_is_marked_without_a_dismiss_icon(world):
    html = world.client_for(world.officer).get("/demandes/?onglet=open").content.decode()
    assert "fr-tag--dismiss" not in html
    assert re.search(r'<a class="fr-tag" href="[^"]*onglet=open[^"]*" aria-current="page">', html)


def test_filter_labels_carry_no_optional_mark(world):
    html = world.client_for(world.officer).get("/demandes/").content.decode()
    panel = html[html.index("<details") : html.index("</details>")]
    assert "Optionnel" not in panel and '<label class="fr-label" for="id_kind">Nature</label>' in panel


# --- Tables ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/demandes/?onglet=all",
        "/demandes/analyse/?annee=2024",
        f"{BASE}modeles/",
        f"{BASE}delais/",
        f"{BASE}themes/",
        f"{BASE}boites/",
    ],
)
def test_scrollable_tables_are_focusable_named_regions(world, path):
    from vigie.register.models import Mailbox, MessageTemplate, Theme

    make_request(world, themes=["Accueil"])
    Theme.objects.get_or_create(department=world.dept_a, name="Accueil")
    MessageTemplate.objects.create(department=world.dept_a, purpose="reply", name="R", subject="S", body="B")
    Mailbox.objects.create(department=world.dept_a, site=world.site_a1, host="imap.example.org", username="u")
    html = world.client_for(world.officer).get(path).content.decode()
    containers = re.findall(r'<div class="fr-table__container"([^>]*)>', html)
    assert containers and html.count('<div class="fr-table') - html.count("fr-table__") == len(containers)
    for attributes in containers:
        assert 'tabindex="0"' in attributes and 'role="region"' in attributes
        label = re.search(r'aria-labelledby="([^"]+)"', attributes).group(1)
        assert f'<caption id="{label}">' in html


def test_theme_table_caption_does_not_repeat_the_heading_on_screen(world):
    from vigie.register.models import Theme

    Theme.objects.create(department=world.dept_a, name="Accueil")
    html = world.client_for(world.officer).get(f"{BASE}themes/").content.decode()
    assert "<h2>Thèmes proposés</h2>" in html
    assert '<div class="fr-table fr-table--multiline fr-table--no-caption">' in html


# --- Template editor ---------------------------------------------------------------------------------------------


def test_template_preview_is_the_target_of_the_form_and_takes_the_focus(world):
    make_request(world)
    data = {"purpose": "reply", "name": "Essai", "kind": "", "channel": "", "site": ""}
    response = world.client_for(world.officer).post(
        f"{BASE}modeles/nouveau/",
        {**data, "subject": "Demande {reference}", "body": "Échéance {due_date}.", "action": "preview"},
    )
    html = response.content.decode()
    assert 'action="#apercu"' in html
    assert re.search(r'id="apercu" tabindex="-1" data-vigie-focus-on-load', html)


def test_template_editor_explains_every_variable_in_french(world):
    html = world.client_for(world.officer).get(f"{BASE}modeles/nouveau/").content.decode()
    for name in PLACEHOLDERS:
        assert re.search(rf"<li><code>\{{{french_name(name)}\}}</code> — [a-zé]", html), name
    assert "<code>{date_limite}</code> — date d'échéance" in html


def test_settings_pages_name_the_department_in_the_title(world):
    client = world.client_for(world.officer)
    for path in ("", "modeles/", "delais/", "themes/", "boites/", "modeles/nouveau/"):
        title = _title(client.get(f"{BASE}{path}").content.decode())
        assert title.count("Marne") == 1, title


# --- Typography --------------------------------------------------------------------------------------------------


def test_zero_and_one_take_the_singular_and_symbols_are_spelled_out(world):
    client = world.client_for(world.officer)
    index = client.get(BASE).content.decode()
    assert "Aucun délai propre au département" in index and "Aucune boîte" in index and "0 boîtes" not in index
    analysis = client.get("/demandes/analyse/?annee=2024").content.decode()
    assert "Somme des délais (jours ouvrés)" in analysis and "Σ" not in analysis
    request = make_request(world, requester={"email": "u@example.org"})
    messages_of(request).update(attempts=0)
    detail = world.client_for(world.agent).get(f"/demandes/{request.reference}/").content.decode()
    assert "(0 tentative" in detail and "0 tentatives" not in detail


def test_register_pages_use_french_spacing_before_punctuation(world):
    make_request(world)
    client = world.client_for(world.officer)
    pages = ("/demandes/", f"{BASE}", f"{BASE}delais/", f"{BASE}modeles/", "/usagers/51/ecrire/", f"{BASE}import/")
    for path in (*pages, "/demandes/nouvelle/", "/demandes/analyse/?year=2024"):
        html = client.get(path).content.decode()
        main = html[html.index("<main") : html.index("</main>")]
        text = re.sub(r"<[^>]+>", "", re.sub(r"<(script|style)\b.*?</\1>", "", main, flags=re.S))
        assert not re.search(r" [:;!?](\s|$)|« | »", text), (path, re.findall(r".{20}(?: [:;!?]|« | »).{10}", text))


def test_refused_follow_up_action_says_erreur_in_the_analysis_title(world):
    response = world.client_for(world.officer).post("/demandes/analyse/?annee=2024&departement=51", {"text": ""})
    assert response.status_code == 400
    assert _title(response.content.decode()).startswith("Erreur&nbsp;: Analyse des demandes 2024")

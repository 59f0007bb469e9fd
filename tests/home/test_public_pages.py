"""Public pages speak to the public: the préfecture's name instead of « Vigie », no internal links, a wrong tracking
link that says what to do, and the right advice about file numbers."""

import pytest
from django.core.cache import cache
from django.test import Client


@pytest.fixture(autouse=True)
def _clear_rate_limits(db):
    cache.clear()


def test_public_form_carries_the_prefecture_identity_and_no_internal_link(world):
    world.dept_a.of_name = "de la Marne"
    world.dept_a.save()
    html = Client().get("/usagers/51/ecrire/").content.decode()
    assert "Préfecture de la Marne" in html and "Préfet de la Marne" in html
    assert "<title>Écrire aux services de l&#x27;État — Marne — Préfecture de la Marne</title>" in html
    assert "Tableau de bord" not in html and ">API<" not in html and "Se connecter" not in html
    assert 'fr-header__service-title">Vigie' not in html
    # the file number helps the service: the form asks for it
    assert "Si vous avez un numéro de dossier" in html and "indiquez-le" in html
    assert "N&#x27;indiquez pas de numéro de dossier" not in html


def test_a_wrong_tracking_link_says_what_to_do(db):
    response = Client().get("/usagers/suivi/nimportequoi/")
    html = response.content.decode()
    assert response.status_code == 404
    assert "Lien de suivi introuvable" in html and "courriel d&#x27;accusé de réception" not in html
    assert "accusé de réception" in html and "numéro de dossier" in html
    assert "périmètre" not in html and "tableau de bord" not in html.lower()
    assert "Se connecter" not in html and 'fr-header__service-title">Vigie' not in html


def test_other_pages_for_anonymous_visitors_show_no_internal_links(db):
    html = Client().get("/nulle-part/").content.decode()
    assert "périmètre" not in html and "tableau de bord" not in html.lower() and ">API<" not in html


def test_signed_in_users_keep_their_menu(world):
    html = world.client_for(world.officer).get("/").content.decode()
    assert ">Accueil</a>" in html and ">API</a>" in html


def test_the_accessibility_statement_tells_the_real_status_what_was_checked_and_a_contact(db, settings):
    settings.ACCESSIBILITY_CONTACT = "accessibilite@marne.gouv.fr"
    html = Client().get("/accessibilite/").content.decode()
    assert "<strong>non conforme</strong>" in html and "Accessibilité : non conforme" in html
    assert "2 décembre 2026" in html and "zoom à 200" in html
    assert "Non-conformités connues" in html and "Aucun test n'a été fait avec un lecteur d'écran" in html
    assert 'href="mailto:accessibilite@marne.gouv.fr"' in html and "Défenseur des droits" in html


def test_a_public_page_has_no_menu_button_opening_an_empty_menu(world):
    public = Client().get("/usagers/51/ecrire/").content.decode()
    assert 'id="bouton-menu"' not in public and 'id="menu-principal"' not in public
    assert 'href="#navigation-principale"' not in public  # nor a skip link to it
    home = Client().get("/").content.decode()  # the menu there holds « Se connecter »
    assert 'id="bouton-menu"' in home and 'href="#navigation-principale"' in home

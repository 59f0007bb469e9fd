"""Each role's home in Chromium shows its real figures and passes axe-core; the new people and public pages too."""

import pytest
import time_machine

from tests.home.fixtures import NOW, seed_work

HOMES = [
    ("agent", ["2 en retard, 1 à rendre aujourd'hui, 1 à rendre dans les deux jours ouvrés.", "Répondre"]),
    ("officer", ["Demandes en retard et à rendre, par service", "Indicateurs sous la cible", "non atteinte"]),
    ("reader", ["Résultats clés face à la cible", "au moins 85,0\u202f%"]),
    ("auditor", ["Preuves et audits", "Documents de preuve — Marne"]),
    ("correspondent", ["Ce qui vient"]),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("persona", "expected"), HOMES)
def test_each_role_home_shows_its_figures_without_axe_violation(world, open_page, persona, expected):
    with time_machine.travel(NOW, tick=True):
        work = seed_work(world)
        page = open_page(getattr(world, persona))
        assert page.goto("/").status == 200
        text = page.page.locator("main").inner_text()
        for fragment in expected:
            assert fragment.lower() in text.lower(), (persona, fragment)
        if persona == "agent":
            # answerable from the home: the link opens the request's reply form
            page.page.locator(f'a[href="/demandes/{work["today"].reference}/#formulaire-reponse"]').click()
            page.page.wait_for_load_state("networkidle")
            assert page.page.locator("#formulaire-reponse").count() == 1
            page.goto("/")
        assert page.axe_violations() == []


PAGES = [
    ("officer", "/departements/51/personnes/"),
    ("officer", "/departements/51/personnes/inviter/"),
    ("officer", "/departements/51/personnes/agent/"),
    (None, "/compte/mot-de-passe/MQ/mauvais-jeton/"),
    (None, "/usagers/suivi/lien-inconnu/"),
    (None, "/accessibilite/"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("persona", "path"), PAGES)
def test_people_and_public_pages_have_no_axe_violation(world, open_page, persona, path):
    page = open_page(getattr(world, persona) if persona else None)
    response = page.goto(path)
    assert response.status == (404 if "suivi" in path else 200)
    assert page.axe_violations() == []

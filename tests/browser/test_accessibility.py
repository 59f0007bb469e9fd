"""Every page written so far, for the personas who see it, passes axe-core with no violation."""

import pytest

from tests.register.config_matrix import CONFIG_PAGES
from vigie.organisation.models import ClosureDay

PAGES = [
    (None, "/"),
    (None, "/connexion/"),
    (None, "/accessibilite/"),
    ("officer", "/"),
    ("national", "/"),
    ("agent", "/"),
    ("no_role", "/"),
    ("officer", "/departements/51/"),
    ("officer", "/departements/51/sites/pref-51/"),
    ("correspondent", "/departements/51/sites/sp-reims/"),
    ("officer", "/referentiels/"),
    ("officer", "/referentiels/qual-e-pref-2019/"),
    ("officer", "/referentiels/services-publics-plus-2023/"),
    ("officer", "/referentiels/charger/"),
    ("officer", "/indicateurs/"),
    ("officer", "/indicateurs/TEL-DECROCHE/"),
    ("officer", "/departements/51/indicateurs-locaux/nouveau/"),
    ("officer", "/departements/51/sites/pref-51/perimetre/"),
    ("officer", "/page-qui-n-existe-pas/"),
    ("agent", "/demandes/"),
    ("agent", "/demandes/?onglet=all"),
    ("agent", "/demandes/nouvelle/"),
    ("agent", "/demandes/51-2024-000001/"),
    (None, "/usagers/51/ecrire/"),
    ("officer", "/demandes/analyse/?annee=2024"),
    ("officer", "/departements/51/resultats/?annee=2021"),
    ("officer", "/departements/51/resultats/indicateurs/TEL-DECROCHE/?annee=2021"),
    ("officer", "/departements/51/resultats/indicateurs/TEL-DECROCHE/?annee=2021&par=quarter"),
    ("officer", "/departements/51/mesures/importer/"),
    ("officer", "/departements/51/indicateurs/?annee=2021"),
    ("correspondent", "/departements/51/indicateurs/?annee=2021"),
    ("officer", "/departements/51/sites/sp-reims/indicateurs/?annee=2021"),
    ("officer", "/departements/51/sites/pref-51/indicateurs/?annee=2030"),
]
PAGES += CONFIG_PAGES


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("persona", "path"), PAGES)
def test_page_has_no_axe_violation(world, open_page, persona, path):
    ClosureDay.objects.create(site=world.site_a1, date="2030-05-31", reason="Pont")
    if "/resultats/" in path or "/indicateurs/?annee=" in path:
        from tests.indicators.test_screens import seed_two_years

        seed_two_years(world)
    if path.startswith("/demandes/"):
        from tests.register.factories import make_request

        make_request(world, themes=["RDV"])
    page = open_page(getattr(world, persona) if persona else None)
    response = page.goto(path)
    assert response.status == (404 if "n-existe-pas" in path else 200)
    assert page.page.locator("header.fr-header").count() == 1
    assert page.axe_violations() == []


@pytest.mark.django_db(transaction=True)
def test_dsfr_styles_load_in_the_browser(world, open_page):
    page = open_page()
    page.goto("/")
    color = page.page.eval_on_selector("main a.fr-btn", "e => getComputedStyle(e).backgroundColor")
    assert color == "rgb(0, 0, 145)"  # DSFR blue France: the CSS was not blocked


@pytest.mark.django_db(transaction=True)
def test_form_errors_are_summarised_and_accessible(world, open_page):
    page = open_page(world.officer)
    page.goto("/departements/51/indicateurs-locaux/nouveau/")
    page.page.fill("#id_code", "mauvais code")
    page.page.click("main button[type=submit]")
    page.page.wait_for_load_state("networkidle")
    summary = page.page.locator("#resume-erreurs")
    assert summary.count() == 1
    assert "Code" in summary.inner_text()
    assert page.axe_violations() == []


@pytest.mark.django_db(transaction=True)
def test_closure_added_with_htmx_without_reload(world, open_page):
    page = open_page(world.correspondent)
    page.goto("/departements/51/sites/sp-reims/")
    page.page.fill("#id_date", "2030-12-24")
    page.page.fill("#id_reason", "Réveillon")
    page.page.click("text=Ajouter la fermeture")
    page.page.wait_for_selector("text=Réveillon")
    assert ClosureDay.objects.filter(site=world.site_a2, reason="Réveillon").exists()
    assert page.axe_violations() == []

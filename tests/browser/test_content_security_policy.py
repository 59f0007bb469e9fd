"""The Content-Security-Policy in Chromium: the DSFR, htmx and the charts work with it, no page logs a refusal or any
other console error, and a script injected into a page is refused. (Every other browser test also fails on a CSP
refusal: tests/browser/conftest.py.)"""

from __future__ import annotations

import pytest

from tests.indicators.test_screens import seed_two_years
from tests.organisation import test_proconnect as oidc
from tests.register.factories import make_request

# ProConnect's fixtures (the stub provider on 127.0.0.1, the settings from its environment, the agent's account)
provider, proconnect, agent = oidc.provider, oidc.proconnect, oidc.agent

PAGES = [
    (None, "/connexion/"),
    (None, "/usagers/51/ecrire/"),
    ("officer", "/"),
    ("agent", "/demandes/"),
    ("agent", "/demandes/51-2024-000001/"),
    ("officer", "/departements/51/resultats/indicateurs/TEL-DECROCHE/?annee=2021"),
    ("officer", "/departements/51/indicateurs/?annee=2021"),
    ("correspondent", "/departements/51/sites/sp-reims/"),
    ("officer", "/departements/51/demandes/parametres/modeles/nouveau/"),
    ("national", "/admin/"),
    ("national", "/admin/auth/user/"),
    ("officer", "/api/v1/docs"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("persona", "path"), PAGES)
def test_page_runs_under_the_policy_without_console_error(world, open_page, persona, path):
    seed_two_years(world)
    make_request(world, themes=["RDV"])
    page = open_page(getattr(world, persona) if persona else None)
    response = page.goto(path)
    assert response.status == 200
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe" not in policy
    if path.startswith("/admin/"):  # Django's admin: no refusal (it has no favicon: Chromium logs that 404)
        assert page.csp_violations() == [] and page.page.locator("#user-tools").is_visible()
        return
    if path.startswith("/api/"):  # Swagger UI from django-ninja's own files, built from the schema
        page.page.wait_for_selector("text=Liste des référentiels")
        assert page.console_errors == []
        return
    # the DSFR's and htmx's scripts ran
    assert page.page.evaluate("typeof window.dsfr === 'function' && typeof window.htmx === 'object'")
    if "/indicateurs/" in path:
        chart = page.page.locator("bar-chart canvas").first  # the DSFR component drew (its script ran under the CSP)
        chart.wait_for(timeout=15_000)
        assert chart.is_visible() and chart.bounding_box()["width"] > 100
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_htmx_forms_work_under_the_policy(world, open_page):
    page = open_page(world.correspondent)
    page.goto("/departements/51/sites/sp-reims/")
    page.page.evaluate("window.__same_page = true")
    page.page.fill("#id_date", "2030-12-24")
    page.page.fill("#id_reason", "Réveillon")
    page.page.click("text=Ajouter la fermeture")
    page.page.wait_for_selector("text=Réveillon")
    assert page.page.evaluate("window.__same_page") is True  # swapped by htmx, not a new page
    assert page.console_errors == []


@pytest.mark.django_db(transaction=True)
def test_a_script_slipped_into_a_page_is_refused(world, open_page):
    """Stored XSS that escaped the templates' escaping would still not run: inline handlers and inline scripts
    without the page's nonce are refused, and the refusal is seen by these tests."""
    page = open_page(world.officer)
    page.goto("/")
    page.page.evaluate(
        """() => {
            document.body.insertAdjacentHTML('beforeend', '<img src="/nulle-part.png" onerror="window.__ran = 1">');
            const script = document.createElement('script');
            script.textContent = 'window.__ran = 2';
            document.body.appendChild(script);
        }"""
    )
    page.page.wait_for_timeout(300)
    assert page.page.evaluate("window.__ran === undefined")
    assert len(page.csp_violations()) == 2
    page.console_errors.clear()  # seen on purpose: the fixture would fail the test for them


@pytest.mark.django_db(transaction=True)
@pytest.mark.urls(oidc.URLCONF)
def test_proconnect_sign_in_and_sign_out_pass_the_forms_policy(open_page, proconnect, agent):
    """The ProConnect button and the sign-out are forms redirected to ProConnect: form-action names its origin."""
    stub = proconnect()
    page = open_page()
    page.goto("/connexion/")
    page.page.click("button.fr-connect")
    page.page.wait_for_load_state("networkidle")
    assert page.page.url == page.base_url + "/"
    sign_out = page.page.locator(".fr-header__tools button", has_text="Se déconnecter")
    assert sign_out.count() == 1  # signed in
    sign_out.click()
    page.page.wait_for_load_state("networkidle")
    assert stub.logout_requests  # the sign-out reached ProConnect
    assert page.page.locator(".fr-header__tools a", has_text="Se connecter").count() == 1  # back, signed out
    assert page.console_errors == []

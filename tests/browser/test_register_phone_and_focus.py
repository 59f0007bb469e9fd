"""The register on a phone (390 px): no sideways scrolling with the filter panel open, scrollable tables reachable
by keyboard (axe); where focus lands after a template preview; the tracking address copied in one click."""

import pytest

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.mark.django_db(transaction=True)
def test_request_list_and_analysis_on_a_phone(world, open_page):
    from tests.register.factories import make_request
    from vigie.organisation.models import Service

    # long service names: the filter's select is as wide as its longest option
    Service.objects.filter(pk=world.service_a1.pk).update(name="Service de l'immigration et de l'intégration (séjour)")
    make_request(world, themes=["Délai de traitement des titres de séjour"])
    page = open_page(world.officer)
    page.page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/demandes/?onglet=all&kind=complaint")
    page.page.click("summary")
    assert page.page.is_visible("#id_service")
    assert page.page.evaluate(OVERFLOW) <= 0
    assert page.page.is_visible("text=Réinitialiser les filtres")
    assert page.axe_violations() == []
    page.goto("/demandes/analyse/?annee=2024")
    assert page.page.evaluate(OVERFLOW) <= 0
    assert page.axe_violations() == []  # scrollable-region-focusable: the table scrollers take the focus


@pytest.mark.django_db(transaction=True)
def test_template_preview_takes_the_focus(world, open_page):
    from tests.register.factories import make_request

    make_request(world)
    page = open_page(world.officer)
    page.goto("/departements/51/demandes/parametres/modeles/nouveau/")
    p = page.page
    p.select_option("#id_purpose", "reply")
    p.fill("#id_name", "Essai")
    p.fill("#id_subject", "Demande {reference}")
    p.fill("#id_body", "Réponse avant le {due_date}.")
    p.click("text=Prévisualiser")
    p.wait_for_load_state("networkidle")
    assert p.url.endswith("#apercu")
    assert p.evaluate("document.activeElement.id") == "apercu"
    assert "Réponse avant le" in p.inner_text("#apercu")


@pytest.mark.django_db(transaction=True)
def test_tracking_address_is_copied_with_the_button(world, open_page):
    from tests.register.factories import make_request

    request = make_request(world)
    page = open_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"/usagers/suivi/{request.tracking_token}/")
    p = page.page
    p.click("text=Copier l'adresse de suivi")
    p.wait_for_function("() => document.getElementById('adresse-suivi-copiee').textContent !== ''")
    assert p.evaluate("navigator.clipboard.readText()").endswith(f"/usagers/suivi/{request.tracking_token}/")
    assert page.axe_violations() == []

"""Every page written so far, for the personas who see it, passes axe-core with no violation."""

import pytest

from tests.register.config_matrix import CONFIG_PAGES
from vigie.organisation.models import ClosureDay
from vigie.register.requests.messaging import ACKNOWLEDGEMENT, messages_of

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
    ("national", "/demandes/analyse/?annee=2024"),
    ("officer", "/demandes/51-2024-000001/"),
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


@pytest.mark.django_db(transaction=True)
def test_closed_request_with_attachment_and_history(world, open_page):
    import datetime as dt

    from tests.register.factories import make_request
    from vigie.register.requests.attachments import IncomingFile, store_attachments
    from vigie.register.requests.services import close_request, reply_to_request

    request = make_request(world, requester={"name": "Usager Test", "email": "usager@example.org"})
    store_attachments(request, [IncomingFile("justificatif.pdf", b"%PDF-1.4\n%%EOF\n")])
    reply_to_request(actor=world.agent, request=request, text="Réponse.", replied_at=dt.datetime(2024, 5, 7, 10))
    close_request(actor=world.agent, request=request)
    page = open_page(world.agent)
    page.goto(f"/demandes/{request.reference}/")
    assert page.page.locator("text=Rouvrir la demande").count() == 1
    assert page.page.locator("text=justificatif.pdf").count() == 1
    assert page.axe_violations() == []


@pytest.mark.django_db(transaction=True)
def test_public_form_with_a_refused_file_is_accessible(world, open_page, tmp_path):
    bad = tmp_path / "programme.exe"
    bad.write_bytes(b"MZ\x90\x00")
    page = open_page()
    page.goto("/usagers/51/ecrire/")
    page.page.check("input[value=complaint]", force=True)
    page.page.fill("#id_subject", "Attente")
    page.page.fill("#id_text", "Trop d'attente.")
    page.page.set_input_files("#id_attachments", str(bad))
    page.page.click("main button[type=submit]")
    page.page.wait_for_load_state("networkidle")
    assert "programme.exe" in page.page.locator("#resume-erreurs").inner_text()
    assert page.page.evaluate("document.activeElement.id") == "resume-erreurs"
    assert page.axe_violations() == []


@pytest.mark.django_db(transaction=True)
def test_paginated_request_list_is_accessible_and_pages_keep_the_filters(world, open_page):
    import datetime as dt

    from tests.register.factories import make_request

    for n in range(52):
        make_request(world, received=dt.datetime(2024, 5, 6, 8, 0) + dt.timedelta(minutes=n))
    page = open_page(world.officer)
    page.goto("/demandes/?onglet=all&kind=complaint")
    assert page.axe_violations() == []
    page.page.click("nav.fr-pagination a[title='Page 2']")
    page.page.wait_for_load_state("networkidle")
    assert "onglet=all" in page.page.url and "kind=complaint" in page.page.url and "page=2" in page.page.url
    assert "page 2 sur 2, demandes 51 à 52" in page.page.locator("caption").inner_text()
    assert page.axe_violations() == []


@pytest.mark.django_db(transaction=True)
def test_reply_from_a_template_keeps_the_other_fields(world, open_page):
    """« Utiliser ce modèle » swaps only the reply field (htmx, no reload): the date and the unticked e-mail box
    stay as the agent left them, text already typed is kept, the insertion is announced; Enter in the date field
    then saves the reply (not a second insertion)."""
    from tests.register.factories import make_request
    from vigie.register.models import MessageTemplate, UserRequest

    request = make_request(world, requester={"email": "usager@example.org"})
    template = MessageTemplate.objects.create(
        department=world.dept_a,
        purpose="reply",
        name="Transmission",
        subject="Votre demande {reference}",
        body="Votre demande {reference} a été transmise au service {service}.",
    )
    page = open_page(world.agent)
    page.goto(f"/demandes/{request.reference}/")
    p = page.page
    p.evaluate("window.__same_page = true")
    p.fill("#id_text", "Madame,")
    p.fill("#id_replied_at", "2024-05-08T09:30")
    p.uncheck("#id_send_email", force=True)
    p.select_option("#modele", str(template.pk))
    assert p.evaluate("document.getElementById('id_text').value") == "Madame,"  # nothing on select change
    p.click("text=Utiliser ce modèle")
    inserted = f"Votre demande {request.reference} a été transmise au service {world.service_a1.name}."
    expected = f"Madame,\n\n{inserted}"
    # a function, not a string: Playwright evaluates a string predicate with eval, which the page's CSP refuses
    p.wait_for_function("e => document.getElementById('id_text').value === e", arg=expected)
    assert p.evaluate("window.__same_page") is True  # filled by htmx, not by a new page
    assert p.input_value("#id_replied_at") == "2024-05-08T09:30"
    assert not p.is_checked("#id_send_email")
    assert "Transmission" in p.inner_text("#annonce-modele")
    assert page.axe_violations() == []
    p.press("#id_replied_at", "Enter")
    p.wait_for_load_state("networkidle")
    request = UserRequest.objects.get(pk=request.pk)
    assert (request.reply_text.replace("\r\n", "\n"), request.status) == (expected, "answered")
    assert not messages_of(request).exclude(tag=ACKNOWLEDGEMENT).exists()  # the box stayed unticked


@pytest.mark.django_db(transaction=True)
def test_error_of_a_form_low_in_the_request_page_is_focused_and_visible(world, open_page):
    """« Joindre » with no file: the page comes back with the error summary of that form focused and on screen
    (also on a phone), and « Erreur » in the title."""
    from tests.register.factories import make_request

    request = make_request(world)
    page = open_page(world.agent)
    page.page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/demandes/{request.reference}/")
    page.page.click("text=Joindre")
    page.page.wait_for_load_state("networkidle")
    assert page.page.evaluate("document.activeElement.id") == "erreurs-pieces-jointes"
    box = page.page.locator("#erreurs-pieces-jointes").bounding_box()
    assert -1 <= box["y"] < 844
    assert "Choisissez au moins un fichier." in page.page.inner_text("#erreurs-pieces-jointes")
    assert page.page.title().startswith("Erreur\u00a0: ")


@pytest.mark.django_db(transaction=True)
def test_background_export_pages_are_accessible(world, open_page, settings):
    from django.core.files.base import ContentFile

    from tests.register.factories import make_request
    from vigie.register.models import RequestExport

    settings.VIGIE_EXPORT_SYNC_MAX_ROWS = 1
    make_request(world)
    make_request(world)
    page = open_page(world.officer)
    page.goto("/demandes/export.xlsx?onglet=all")  # above the limit: the confirmation page
    assert page.page.locator("text=Préparer le tableur (2 demandes)").count() == 1
    assert page.axe_violations() == []
    export = RequestExport.objects.create(requested_by=world.officer, label="Toutes", status="running", total=2000)
    RequestExport.objects.filter(pk=export.pk).update(done=500)
    page.goto(f"/demandes/exports/{export.public_id}/")
    assert page.page.locator("progress").get_attribute("value") == "25"
    assert page.axe_violations() == []
    export.file.save("x.xlsx", ContentFile(b"PK"), save=False)
    RequestExport.objects.filter(pk=export.pk).update(status="done", done=2000, file=export.file.name)
    # the page polls by itself: the download link appears without a reload
    page.page.wait_for_selector("text=Télécharger le tableur (XLSX)", timeout=5000)
    assert page.axe_violations() == []


@pytest.mark.django_db(transaction=True)
def test_public_form_works_on_a_phone(world, open_page):
    """390 px wide (a common phone): nothing wider than the screen, no menu button (nothing to put in it), the
    form is sent, the tracking page shows the reference and the due date; both pages pass axe."""
    from vigie.register.models import UserRequest

    page = open_page()
    page.page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/usagers/51/ecrire/")
    overflow = "document.documentElement.scrollWidth - window.innerWidth"
    assert page.page.evaluate(overflow) <= 0
    assert page.page.locator(".fr-header button:visible").count() == 0  # no menu button to an empty menu
    assert page.axe_violations() == []
    page.page.check("input[value=complaint]", force=True)
    page.page.select_option("#id_site", "pref-51")
    page.page.fill("#id_subject", "Attente au guichet")
    page.page.fill("#id_text", "Deux heures d'attente.")
    page.page.click("main button[type=submit]")
    page.page.wait_for_load_state("networkidle")
    request = UserRequest.objects.get()
    body = page.page.locator("main").inner_text()
    from django.utils.formats import date_format

    assert request.reference in body and date_format(request.due_date, "j F Y") in body
    assert page.page.evaluate(overflow) <= 0
    assert page.axe_violations() == []

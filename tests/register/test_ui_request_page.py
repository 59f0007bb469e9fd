"""The request page: reply templates that keep what the agent entered, attachments with no file, error summaries
that are announced and reached (title, focus target, anchors)."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.register.factories import make_request
from vigie.register.models import MessageTemplate, UserRequest


def _template(world, **fields):
    return MessageTemplate.objects.create(
        department=world.dept_a,
        purpose="reply",
        name=fields.pop("name", "Transmission"),
        subject="Votre demande {reference}",
        body=fields.pop("body", "Votre demande {reference} est transmise."),
    )


def _textarea(html: str) -> str:
    return re.search(r'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', html, re.S).group(1).strip()


def test_using_a_template_fills_an_empty_reply_and_keeps_the_other_fields(world):
    request = make_request(world, requester={"email": "usager@example.org"})
    template = _template(world)
    response = world.client_for(world.agent).post(
        f"/demandes/{request.reference}/reponse-type/",
        {"modele": str(template.pk), "text": "", "replied_at": "2024-05-08T09:30"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert _textarea(html) == f"Votre demande {request.reference} est transmise."
    assert 'value="2024-05-08T09:30"' in html  # « Répondue le » is not reset
    assert re.search(r'<input[^>]*name="send_email"[^>]*>', html).group(0).count("checked") == 0  # stays unticked
    assert "Réponse type «\u00a0Transmission\u00a0» insérée" in html
    assert 'aria-live="polite"' in html and 'id="repondre"' in html
    request.refresh_from_db()
    assert request.replied_at is None  # nothing saved


def test_using_a_template_never_overwrites_text_already_typed(world):
    request = make_request(world)
    template = _template(world)
    html = (
        world.client_for(world.agent)
        .post(
            f"/demandes/{request.reference}/reponse-type/",
            {"modele": str(template.pk), "text": "Madame,", "replied_at": "2024-05-08T09:30"},
        )
        .content.decode()
    )
    assert _textarea(html) == f"Madame,\n\nVotre demande {request.reference} est transmise."
    assert "ajoutée à la suite du texte déjà saisi" in html


def test_using_a_template_without_choosing_one_says_so(world):
    request = make_request(world)
    _template(world)
    response = world.client_for(world.agent).post(
        f"/demandes/{request.reference}/reponse-type/", {"modele": "", "text": "Brouillon"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choisissez d&#x27;abord une réponse type" in html and _textarea(html) == "Brouillon"


def test_template_picker_is_a_button_in_the_reply_form_not_a_select_change(world):
    request = make_request(world)
    _template(world)
    html = world.client_for(world.agent).get(f"/demandes/{request.reference}/").content.decode()
    form = html[html.index('id="formulaire-reponse"') :]
    form = form[: form.index("</form>")]
    template_url = f"/demandes/{request.reference}/reponse-type/"
    assert 'name="modele"' in form and f'formaction="{template_url}#repondre"' in form
    assert f'hx-post="{template_url}"' in form and 'hx-select="#champ-reponse"' in form
    assert "hx-trigger" not in form
    # the first submit button saves the reply (Enter in a field must not insert a template)
    first_button = re.search(r"<button[^>]*>", form).group(0)
    assert "vigie-default-submit" in first_button and "formaction" not in first_button
    assert f'action="/demandes/{request.reference}/repondre/#repondre" novalidate id="formulaire-reponse"' in html


def test_read_only_roles_cannot_use_templates(world):
    request = make_request(world)
    template = _template(world)
    response = world.client_for(world.reader).post(
        f"/demandes/{request.reference}/reponse-type/", {"modele": str(template.pk)}
    )
    assert response.status_code == 403


def test_join_without_a_file_is_an_error_not_a_success(world):
    request = make_request(world)
    response = world.client_for(world.agent).post(f"/demandes/{request.reference}/pieces-jointes/", {})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choisissez au moins un fichier." in html
    assert "0 pièce" not in html
    assert (
        html.count('id="erreurs-pieces-jointes"') == 1
        and f'action="/demandes/{request.reference}/pieces-jointes/#erreurs-pieces-jointes"' in html
    )
    assert "<title>Erreur&nbsp;: Demande" in html


def _pdf(name):
    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def test_attachment_messages_use_french_plurals(world):
    request = make_request(world)
    client = world.client_for(world.agent)
    one = client.post(f"/demandes/{request.reference}/pieces-jointes/", {"attachments": [_pdf("a.pdf")]}, follow=True)
    assert "1 pièce jointe ajoutée." in one.content.decode()
    two = client.post(
        f"/demandes/{request.reference}/pieces-jointes/",
        {"attachments": [_pdf("b.pdf"), _pdf("c.pdf")]},
        follow=True,
    )
    assert "2 pièces jointes ajoutées." in two.content.decode()


def test_attachments_added_by_an_agent_are_in_the_history_without_their_names(world):
    request = make_request(world)
    client = world.client_for(world.agent)
    client.post(f"/demandes/{request.reference}/pieces-jointes/", {"attachments": [_pdf("a.pdf"), _pdf("b.pdf")]})
    event = request.events.get(action="attached")
    assert (event.actor, event.detail) == (world.agent, "2 fichiers")
    html = client.get(f"/demandes/{request.reference}/").content.decode()
    assert "Pièces jointes ajoutées (2 fichiers)" in html


def test_each_form_of_the_page_has_its_own_error_summary_target(world):
    request = make_request(world)
    client = world.client_for(world.agent)
    html = client.post(f"/demandes/{request.reference}/attente/", {"holding_text": ""}).content.decode()
    assert "<title>Erreur&nbsp;: Demande" in html
    assert re.search(r'id="erreurs-attente" tabindex="-1" data-vigie-error-summary', html)
    assert f'action="/demandes/{request.reference}/attente/#erreurs-attente"' in html
    html = client.post(f"/demandes/{request.reference}/repondre/", {"text": "", "replied_at": ""}).content.decode()
    assert 'id="erreurs-reponse"' in html and 'id="repondre"' in html
    # no error: no "Erreur" in the title, no summary, no anchor target
    html = client.get(f"/demandes/{request.reference}/").content.decode()
    assert "<title>Demande" in html and "data-vigie-error-summary" not in html and 'id="repondre"' not in html


def test_reference_in_the_heading_does_not_break_at_its_hyphens(world):
    request = make_request(world)
    html = world.client_for(world.agent).get(f"/demandes/{request.reference}/").content.decode()
    assert f'<h1>Demande <span class="vigie-nowrap">{request.reference}</span></h1>' in html


def test_saving_the_reply_still_works_with_the_button_values(world):
    request = make_request(world)
    response = world.client_for(world.agent).post(
        f"/demandes/{request.reference}/repondre/", {"text": "Réponse.", "replied_at": "2024-05-08T09:30"}
    )
    assert response.status_code == 302
    assert UserRequest.objects.get(pk=request.pk).reply_text == "Réponse."

"""Typed templates (issue 15, item 9): an acknowledgement, a holding reply and an answer. Only an answer answers: a
holding reply leaves the request unanswered, and late once its due date passes. « Réponse complémentaire » only
after a reopening; a new request is « à attribuer » by default; the mail-queue warning only for administrators."""

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from tests.register.factories import make_request
from vigie.register.models import MessageTemplate, UserRequest
from vigie.register.requests.selection import select

PARIS = ZoneInfo("Europe/Paris")


def _holding_template(world):
    return MessageTemplate.objects.create(
        department=world.dept_a,
        purpose=MessageTemplate.HOLDING,
        name="Transmission au service compétent",
        subject="Votre demande {reference}",
        body="Votre demande {reference} a été transmise au service compétent.",
    )


def test_a_holding_reply_template_leaves_the_request_unanswered_and_late_when_the_due_date_passes(world):
    with time_machine.travel(dt.datetime(2024, 5, 7, 9, 0, tzinfo=PARIS), tick=False):
        request = make_request(world)  # received Monday 6 May 2024, due Wednesday 15 May
        template = _holding_template(world)
        client = world.client_for(world.agent)
        # the template goes to the holding form, not the reply form
        page = client.post(f"/demandes/{request.reference}/reponse-type/", {"modele": template.pk}).content.decode()
        assert "a été transmise au service compétent" in page.split('id="formulaire-attente"')[1]
        response = client.post(
            f"/demandes/{request.reference}/attente/",
            {"holding_text": f"Votre demande {request.reference} a été transmise au service compétent."},
        )
        assert response.status_code == 302
    request.refresh_from_db()
    assert request.holding_reply_at is not None
    assert (request.replied_at, request.on_time, request.status) == (None, None, "assigned")
    assert request.due_date == dt.date(2024, 5, 15)
    with time_machine.travel(dt.datetime(2024, 5, 16, 9, 0, tzinfo=PARIS), tick=False):
        late = select(world.agent, {"onglet": "late"}).requests
        assert list(late.values_list("reference", flat=True)) == [request.reference]
        html = world.client_for(world.agent).get(f"/demandes/{request.reference}/").content.decode()
        assert "En retard" in html and "Enregistrer la réponse" in html


def test_the_answer_templates_are_offered_for_the_reply_the_holding_ones_for_the_holding_reply(world):
    request = make_request(world)
    holding = _holding_template(world)
    answer = MessageTemplate.objects.create(
        department=world.dept_a, purpose=MessageTemplate.ANSWER, name="Réponse titres", subject="S", body="Réponse."
    )
    html = world.client_for(world.agent).get(f"/demandes/{request.reference}/").content.decode()
    reply_form, holding_form = html.split('id="formulaire-reponse"')[1].split('id="formulaire-attente"')
    holding_form = holding_form.split("</form>")[0]
    assert "Réponse titres" in reply_form and "Transmission au service compétent" not in reply_form
    assert "Transmission au service compétent" in holding_form and "Réponse titres" not in holding_form
    assert holding.pk != answer.pk


def test_complementary_reply_only_after_a_reopening(world):
    request = make_request(world)
    client = world.client_for(world.agent)
    client.post(f"/demandes/{request.reference}/repondre/", {"text": "Voici.", "replied_at": "2024-05-07T10:00"})
    html = client.get(f"/demandes/{request.reference}/").content.decode()
    assert "Réponse complémentaire" not in html and "Enregistrer la réponse" not in html  # answered: no second form
    client.post(f"/demandes/{request.reference}/clore/")
    client.post(f"/demandes/{request.reference}/rouvrir/", {"reouverture-reason": "L'usager réécrit."})
    assert UserRequest.objects.get(pk=request.pk).status == "assigned"
    html = client.get(f"/demandes/{request.reference}/").content.decode()
    assert "Réponse complémentaire" in html


def test_a_new_request_defaults_to_a_attribuer_with_no_service_preselected(world):
    html = world.client_for(world.officer).get("/demandes/nouvelle/").content.decode()
    select_html = html.split('name="service"')[1].split("</select>")[0]
    first = select_html.split("<option")[1]
    assert "À attribuer" in first and "selected" in first
    assert select_html.count("selected") == 1
    # an agent of one service may not leave it unassigned: nothing is preselected, a service is asked for
    html = world.client_for(world.agent).get("/demandes/nouvelle/").content.decode()
    select_html = html.split('name="service"')[1].split("</select>")[0]
    assert "À attribuer" not in select_html and "Choisissez un service" in select_html


def test_a_request_recorded_a_attribuer_has_no_service(world):
    response = world.client_for(world.officer).post(
        "/demandes/nouvelle/",
        {
            "service": f"site:{world.site_a1.pk}",
            "kind": "complaint",
            "channel": "letter",
            "received_at": "2024-05-06T10:00",
            "subject": "Accueil",
            "text": "Attente trop longue.",
            "once": "a" * 32,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    created = UserRequest.objects.get()
    assert (created.site, created.service, created.status) == (world.site_a1, None, "received")

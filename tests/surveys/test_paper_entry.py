"""Paper entry on the server: one row per form, keys for answers; without JavaScript (redirect) and with it (JSON);
the row's token makes a resend harmless; read-only roles may not type."""

from vigie.surveys.models import Answer, Response


def _url(campaign):
    return f"/enquetes/{campaign.public_id}/saisie/"


def test_a_row_without_javascript(world, campaign):
    client = world.client_for(world.correspondent)
    page = client.get(_url(campaign)).content.decode()
    assert "Sous-préfecture" in page or world.site_a2.name in page
    response = client.post(
        _url(campaign),
        {"service": "sp-reims/accueil", "q_courtoisie": "2", "q_reseaux-sociaux": "n", "q_note-globale": "."},
    )
    assert response.status_code == 302 and "dernier=1" in response["Location"]
    assert "Questionnaire n°&nbsp;1 enregistré" in client.get(response["Location"]).content.decode()
    assert dict(Answer.objects.values_list("question__code", "value")) == {
        "courtoisie": "satisfied",
        "reseaux-sociaux": "no",
    }


def test_a_row_with_javascript_and_its_resend(world, campaign):
    client = world.client_for(world.agent)
    row = {"service": "pref-51/etrangers", "q_courtoisie": "1", "q_demarche": "3", "once": "ligne-1"}
    for _ in range(2):  # the browser resends a row whose answer it did not get: recorded once
        response = client.post(_url(campaign), row, HTTP_ACCEPT="application/json")
        assert response.json() == {"number": 1, "count": 1}
    assert Response.objects.get().entered_by == world.agent


def test_a_wrong_key_names_the_question_and_records_nothing(world, campaign):
    client = world.client_for(world.agent)
    response = client.post(
        _url(campaign), {"service": "pref-51/etrangers", "q_courtoisie": "7"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        "Question 1 (courtoisie) : touche « 7 » inconnue (touches : 1, 2, 3, 4, 0, « . » sans réponse)"
    ]
    page = client.post(_url(campaign), {"service": "pref-51/accueil", "q_courtoisie": "1"})
    assert page.status_code == 400
    assert "Service : choisissez le service du questionnaire." in page.content.decode()  # not one of the agent's
    assert not Response.objects.exists()


def test_read_only_roles_may_not_type(world, campaign):
    response = world.client_for(world.reader).post(
        _url(campaign), {"service": "pref-51/etrangers", "q_courtoisie": "1"}
    )
    assert response.status_code == 403
    assert not Response.objects.exists()

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from vigie.register.models import UserRequest

FORM = {
    "kind": "complaint",
    "site": "pref-51",
    "subject": "Accueil",
    "text": "Attente trop longue.",
    "name": "",
    "email": "",
    "website": "",
}


@pytest.fixture(autouse=True)
def _clear_rate_limits(db):
    cache.clear()


def test_public_form_gives_reference_due_date_and_a_private_tracking_link(world):
    client = Client()
    assert client.get("/usagers/51/ecrire/").status_code == 200
    response = client.post("/usagers/51/ecrire/", {**FORM, "email": "usager@example.org"})
    request = UserRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/usagers/suivi/{request.tracking_token}/"
    assert len(request.tracking_token) >= 32 and request.reference not in response["Location"]
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Votre demande est enregistrée" in html and request.reference in html
    assert f" {request.due_date.day} " in html and "usager@example.org" not in html
    assert page["Referrer-Policy"] == "no-referrer"
    assert (request.channel, request.service, request.requester_email) == ("web", None, "usager@example.org")
    # the link works again later, without the confirmation banner
    assert "Votre demande est enregistrée" not in Client().get(response["Location"]).content.decode()


def test_unknown_tracking_token_is_404(db):
    assert Client().get("/usagers/suivi/nimportequoi/").status_code == 404


def test_honeypot_keeps_nothing(world):
    response = Client().post("/usagers/51/ecrire/", {**FORM, "website": "http://spam.example"})
    assert response.status_code == 200 and not UserRequest.objects.exists()


def test_missing_fields_are_listed_in_french_and_nothing_is_saved(world):
    response = Client().post("/usagers/51/ecrire/", {**FORM, "text": "", "email": "pas-une-adresse"})
    html = response.content.decode()
    assert response.status_code == 400 and 'id="resume-erreurs"' in html
    assert '<a href="#id_text">Votre message</a>&nbsp;: Écrivez votre message.' in html
    assert (
        '<a href="#id_email">Votre adresse électronique</a>&nbsp;: Saisissez une adresse électronique au format' in html
    )
    assert not UserRequest.objects.exists()


@override_settings(PUBLIC_FORM_RATE="3/h")
def test_rate_limited_after_a_few_requests_from_one_address_and_the_text_is_kept(world):
    client = Client()
    statuses = [client.post("/usagers/51/ecrire/", FORM).status_code for _ in range(3)]
    refused = client.post("/usagers/51/ecrire/", {**FORM, "subject": "Quatrième", "text": "Mon long message."})
    assert statuses == [302, 302, 302] and refused.status_code == 429
    html = refused.content.decode()
    assert "celle-ci n&#x27;est pas encore envoyée" in html and 'id="resume-erreurs"' in html
    assert 'value="Quatrième"' in html and "Mon long message.</textarea>" in html  # nothing typed is lost
    assert UserRequest.objects.count() == 3


@override_settings(PUBLIC_FORM_RATE="2/h")
def test_refused_posts_do_not_count_against_the_limit(world):
    """A user who corrects mistakes several times is not locked out: only accepted requests count."""
    client = Client()
    assert [client.post("/usagers/51/ecrire/", {**FORM, "text": ""}).status_code for _ in range(4)] == [400] * 4
    assert [client.post("/usagers/51/ecrire/", FORM).status_code for _ in range(2)] == [302, 302]
    assert UserRequest.objects.count() == 2


def test_unknown_department_is_404(db):
    assert Client().get("/usagers/99/ecrire/").status_code == 404


def test_no_service_is_preselected_when_the_department_has_several(world):
    html = Client().get("/usagers/51/ecrire/").content.decode()
    assert '<option value="" selected>Choisissez le service</option>' in html
    response = Client().post("/usagers/51/ecrire/", {**FORM, "site": ""})
    assert response.status_code == 400
    assert '<a href="#id_site">Service concerné</a>&nbsp;: Choisissez le service concerné.' in response.content.decode()
    assert not UserRequest.objects.exists()
    # a department with one site: nothing to choose, it is selected
    single = Client().get("/usagers/16/ecrire/").content.decode()
    assert '<option value="pref-16" selected>' in single

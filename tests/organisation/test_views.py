import datetime as dt

from django.test import Client

from vigie.organisation.models import ClosureDay


def test_site_correspondent_adds_and_removes_a_closure(world):
    client = world.client_for(world.correspondent)
    response = client.post("/departements/51/sites/sp-reims/fermetures/", {"date": "2030-05-31", "reason": "Pont"})
    assert response.status_code == 302
    closure = ClosureDay.objects.get(site=world.site_a2)
    assert (closure.date, closure.reason) == (dt.date(2030, 5, 31), "Pont")
    response = client.post(f"/departements/51/sites/sp-reims/fermetures/{closure.public_id}/supprimer/")
    assert response.status_code == 302 and not ClosureDay.objects.exists()


def test_duplicate_closure_is_refused_with_its_date(world):
    ClosureDay.objects.create(site=world.site_a2, date="2030-05-31")
    response = world.client_for(world.correspondent).post(
        "/departements/51/sites/sp-reims/fermetures/", {"date": "2030-05-31"}
    )
    assert response.status_code == 400
    assert "Le site est déjà fermé le 31/05/2030." in response.content.decode()


def test_htmx_closure_request_returns_the_fragment_only(world):
    client = world.client_for(world.correspondent)
    response = client.post(
        "/departements/51/sites/sp-reims/fermetures/", {"date": "2030-06-02"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html and "02/06/2030" in html
    full = client.get("/departements/51/sites/sp-reims/").content.decode()
    assert "02/06/2030" in full


def test_agent_cannot_see_a_closure_of_another_site(world):
    closure = ClosureDay.objects.create(site=world.site_a2, date="2030-05-31")
    response = world.client_for(world.agent).post(
        f"/departements/51/sites/sp-reims/fermetures/{closure.public_id}/supprimer/"
    )
    assert response.status_code == 404 and ClosureDay.objects.exists()


def test_login_with_password_and_throttling_after_five_failures(world):
    client = Client()
    response = client.post("/connexion/", {"username": "officer", "password": "Mot-de-passe-solide-2026"})
    assert response.status_code == 302 and response["Location"] == "/"
    locked = Client()
    for _ in range(5):
        response = locked.post("/connexion/", {"username": "reader", "password": "faux"})
    assert response.status_code in (403, 429)
    assert "Connexion temporairement bloquée" in response.content.decode()
    # even the right password is refused while locked
    response = locked.post("/connexion/", {"username": "reader", "password": "Mot-de-passe-solide-2026"})
    assert "Connexion temporairement bloquée" in response.content.decode()


def test_wrong_password_message_is_in_french(world):
    response = Client().post("/connexion/", {"username": "officer", "password": "faux"})
    assert "Identifiant ou mot de passe incorrect" in response.content.decode()


def test_weak_passwords_are_refused(db):
    from django.contrib.auth.password_validation import ValidationError, validate_password

    for weak in ("motdepasse", "123456789012", "court"):
        try:
            validate_password(weak)
        except ValidationError:
            continue
        raise AssertionError(f"{weak!r} accepté")

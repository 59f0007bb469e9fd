"""A form posted without its CSRF token (a page left open past the session, cookies blocked) is refused with a French
page in the design system, under the same Content-Security-Policy as every page, and changes nothing."""

from django.test import Client


def test_a_post_without_its_token_gets_a_french_page(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer)
    response = client.post("/deconnexion/", {})
    page = response.content.decode()
    assert response.status_code == 403
    assert "<h1>Le formulaire a expiré</h1>" in page and "Votre envoi n'a pas été enregistré" in page
    assert 'class="fr-header' in page and "Forbidden" not in page and "CSRF verification failed" not in page
    assert "Content-Security-Policy" in response
    assert client.get("/").wsgi_request.user.is_authenticated  # the refused logout did nothing

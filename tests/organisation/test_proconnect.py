"""ProConnect single sign-on, end to end against a local OpenID provider over real HTTP on 127.0.0.1.

No HTTP mock: mozilla-django-oidc and ProConnectBackend talk to tests/stubs/oidc_provider.py through sockets.
The OIDC settings are those vigie/settings.py computes from the operator's environment variables.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.urls import resolve

import vigie.urls  # noqa: F401 - imported now, with ProConnect off: never built inside a test's overrides
from tests.environment import settings_from_environment
from tests.organisation.factories import RoleAssignmentFactory, UserFactory
from tests.stubs.oidc_provider import StubOIDCProvider
from vigie.core.access import PUBLIC
from vigie.organisation.enums import Role

ROOT = Path(__file__).resolve().parents[2]
URLCONF = "tests.organisation.urls_proconnect"
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")
OIDC_VARIABLES = (
    "PROCONNECT_ENABLED",
    "PROCONNECT_CREATE_USERS",
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_AUTHORIZATION_ENDPOINT",
    "OIDC_OP_TOKEN_ENDPOINT",
    "OIDC_OP_USER_ENDPOINT",
    "OIDC_OP_JWKS_ENDPOINT",
    "OIDC_OP_LOGOUT_ENDPOINT",
    "OIDC_RP_SIGN_ALGO",
    "OIDC_RP_SCOPES",
    "OIDC_TIMEOUT",
)

pytestmark = [pytest.mark.django_db, pytest.mark.urls(URLCONF)]

User = get_user_model()


@pytest.fixture
def provider():
    with StubOIDCProvider() as running:
        yield running


def _settings_for(environment: dict[str, str], monkeypatch, tmp_path) -> dict:
    """Run vigie/settings.py with this environment, as the server would, and keep the sign-in settings."""
    namespace = settings_from_environment(environment, monkeypatch, tmp_path, unset=OIDC_VARIABLES)
    keep = (
        "OIDC_",
        "PROCONNECT_",
        "LOGIN_REDIRECT_URL_FAILURE",
        "AXES_WHITELIST_CALLABLE",
        "AUTHENTICATION_BACKENDS",
        "CONTENT_SECURITY_POLICY",
    )
    return {name: value for name, value in namespace.items() if name.startswith(keep)}


@pytest.fixture
def proconnect(provider, settings, monkeypatch, tmp_path):
    """ProConnect switched on and pointed at the stub provider; returns a function to change variables."""
    for name in PROXY_VARIABLES:  # loopback only, whatever the developer's environment
        monkeypatch.delenv(name, raising=False)

    def configure(**extra: str) -> StubOIDCProvider:
        computed = _settings_for({**provider.environment(), **extra}, monkeypatch, tmp_path)
        for name, value in computed.items():
            setattr(settings, name, value)
        return provider

    return configure


@pytest.fixture
def agent(db):
    """The agent's existing account, created by the quality officer with another spelling of the address."""
    user = UserFactory(username="cmartin", email="Agent@Interieur.GOUV.fr", first_name="C.", last_name="Ancien")
    RoleAssignmentFactory(user=user, role=Role.NATIONAL_ADMIN)
    return user


def _params(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def sign_in(client, start: str = "/oidc/authenticate/"):
    """Click the ProConnect button, let the provider answer, come back to the callback; return its response."""
    response = client.get(start)
    assert response.status_code == 302
    with requests.Session() as http:
        at_provider = http.get(response["Location"], allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    return client.get(at_provider.headers["Location"])


def _logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def _login_page_text(client) -> str:
    response = client.get("/connexion/")
    assert response.status_code == 200
    return response.content.decode()


# (a) ---------------------------------------------------------------------------------------------------------
def test_authenticate_redirects_to_the_provider_with_state_and_nonce(client, proconnect):
    provider = proconnect()
    response = client.get("/oidc/authenticate/")

    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == provider.endpoint("authorization")
    params = _params(response["Location"])
    assert params["response_type"] == "code"
    assert params["client_id"] == provider.client_id
    assert params["redirect_uri"] == "http://testserver/oidc/callback/"
    assert set(params["scope"].split()) == {"openid", "email", "given_name", "usual_name", "uid", "siret"}
    assert len(params["state"]) >= 32 and len(params["nonce"]) >= 32
    assert client.session["oidc_states"][params["state"]]["nonce"] == params["nonce"]


def test_login_page_shows_the_proconnect_button_when_enabled(client, proconnect):
    proconnect()
    page = _login_page_text(client)
    assert 'class="fr-connect"' in page
    assert 'action="/oidc/authenticate/"' in page


def test_oidc_views_are_public_in_the_access_rules(proconnect):
    proconnect()
    for url in ("/oidc/authenticate/", "/oidc/callback/", "/oidc/logout/"):
        assert resolve(url).func.access_rule == PUBLIC


# (b) ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("userinfo_format", ["json", "jwt"])
def test_full_flow_signs_in_the_existing_account_matched_by_email(client, proconnect, agent, userinfo_format):
    provider = proconnect()
    provider.userinfo_format = userinfo_format  # "jwt" is what ProConnect really sends
    provider.login_as(email="agent@interieur.gouv.fr", given_name="Camille", usual_name="Martin")

    response = sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _logged_in_user_id(client) == str(agent.pk)
    assert client.session["_auth_user_backend"] == "vigie.organisation.oidc.ProConnectBackend"
    agent.refresh_from_db()
    assert (agent.first_name, agent.last_name) == ("Camille", "Martin")
    assert agent.username == "cmartin"  # the account is reused as it is, not renamed
    assert User.objects.count() == 1
    # the provider saw a correct exchange: the code with our credentials and redirect_uri, then userinfo
    authorize = provider.authorize_requests[-1]
    token = provider.token_requests[-1]
    assert token["grant_type"] == "authorization_code"
    assert token["client_id"] == provider.client_id
    assert token["redirect_uri"] == authorize["redirect_uri"] == "http://testserver/oidc/callback/"
    assert provider.userinfo_requests == 1
    home = client.get("/")
    assert home.status_code == 200
    assert home.context["user"] == agent


def test_full_flow_returns_to_the_page_asked_for(client, proconnect, agent):
    proconnect()
    response = sign_in(client, start="/oidc/authenticate/?next=/referentiels/")
    assert response["Location"] == "/referentiels/"
    assert client.get("/referentiels/").status_code == 200


def test_a_stolen_callback_url_does_not_sign_in_another_browser(client, proconnect, agent):
    """The state lives in the session of the browser that started: another browser gets nothing."""
    proconnect()
    response = client.get("/oidc/authenticate/")
    with requests.Session() as http:
        callback = http.get(response["Location"], allow_redirects=False, timeout=10).headers["Location"]
    from django.test import Client

    intruder = Client()
    refused = intruder.get(callback)
    assert refused.status_code == 302
    assert refused["Location"] == "/connexion/"
    assert _logged_in_user_id(intruder) is None
    # the legitimate browser can still finish, once; the code and state cannot be replayed
    assert client.get(callback)["Location"] == "/"
    assert _logged_in_user_id(client) == str(agent.pk)
    assert client.get(callback).status_code == 400


# (c) ---------------------------------------------------------------------------------------------------------
def test_unknown_agent_is_refused_when_account_creation_is_off(client, proconnect, agent):
    provider = proconnect()  # PROCONNECT_CREATE_USERS not set: false
    provider.login_as(email="inconnu@interieur.gouv.fr")

    response = sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == "/connexion/"
    assert _logged_in_user_id(client) is None
    assert not User.objects.filter(email__iexact="inconnu@interieur.gouv.fr").exists()
    assert User.objects.count() == 1
    page = _login_page_text(client)
    assert "aucun compte Vigie n&#x27;est associé à votre adresse électronique" in page


def test_unknown_agent_gets_an_account_without_role_when_creation_is_on(client, proconnect):
    provider = proconnect(PROCONNECT_CREATE_USERS="true")
    provider.login_as(email="nouvel.agent@interieur.gouv.fr", given_name="Inès", usual_name="Durand")

    response = sign_in(client)

    assert response["Location"] == "/"
    user = User.objects.get(email="nouvel.agent@interieur.gouv.fr")
    assert _logged_in_user_id(client) == str(user.pk)
    assert user.username == "nouvel.agent@interieur.gouv.fr"
    assert (user.first_name, user.last_name) == ("Inès", "Durand")
    assert not user.has_usable_password()
    assert not user.role_assignments.exists()
    assert not (user.is_staff or user.is_superuser)
    # a second sign-in reuses the account
    client.logout()
    sign_in(client)
    assert User.objects.filter(email__iexact="nouvel.agent@interieur.gouv.fr").count() == 1


def test_creation_is_refused_when_the_email_is_already_someone_elses_username(client, proconnect):
    UserFactory(username="nouvel.agent@interieur.gouv.fr", email="autre@interieur.gouv.fr")
    provider = proconnect(PROCONNECT_CREATE_USERS="true")
    provider.login_as(email="nouvel.agent@interieur.gouv.fr")
    assert sign_in(client)["Location"] == "/connexion/"
    assert _logged_in_user_id(client) is None
    assert "comme identifiant" in _login_page_text(client)


def test_deactivated_account_is_refused_and_loses_its_session(client, proconnect, agent):
    proconnect()
    sign_in(client)
    assert client.get("/referentiels/").status_code == 200
    agent.is_active = False
    agent.save()
    assert client.get("/referentiels/").status_code == 302  # the open session no longer counts
    assert sign_in(client)["Location"] == "/connexion/"
    assert _logged_in_user_id(client) is None
    assert "Votre compte Vigie est désactivé" in _login_page_text(client)


def test_two_accounts_with_the_same_email_are_refused(client, proconnect, agent):
    UserFactory(username="doublon", email="AGENT@interieur.gouv.fr")
    proconnect()
    assert sign_in(client)["Location"] == "/connexion/"
    assert _logged_in_user_id(client) is None
    assert "Plusieurs comptes Vigie" in _login_page_text(client)


def test_agent_who_cancels_at_proconnect_comes_back_to_the_login_page(client, proconnect, agent):
    provider = proconnect()
    provider.deny = True
    assert sign_in(client)["Location"] == "/connexion/"
    assert _logged_in_user_id(client) is None
    assert "La connexion avec ProConnect n&#x27;a pas abouti" in _login_page_text(client)


def test_refused_agents_do_not_lock_out_their_shared_address(client, proconnect, agent, settings):
    """Axes throttles passwords; ProConnect refusals behind one prefecture proxy must not block colleagues."""
    provider = proconnect()
    provider.login_as(email="inconnu@interieur.gouv.fr")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        assert sign_in(client)["Location"] == "/connexion/"
    provider.login_as(email="agent@interieur.gouv.fr")
    assert sign_in(client)["Location"] == "/"
    assert _logged_in_user_id(client) == str(agent.pk)
    assert not AccessAttempt.objects.exists()


def test_an_agent_locked_out_of_passwords_still_signs_in_with_proconnect(client, proconnect, agent, settings):
    """The password lock (their account at this address, and the address's cap) does not reach ProConnect."""
    settings.VIGIE_LOGIN_ADDRESS_FAILURE_LIMIT = 8
    for n in range(settings.VIGIE_LOGIN_ADDRESS_FAILURE_LIMIT):
        client.post("/connexion/", {"username": f"inconnu-{n}", "password": "mauvais"})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/connexion/", {"username": "cmartin", "password": "mauvais"})
    assert response.status_code == 429
    provider = proconnect()
    provider.login_as(email="agent@interieur.gouv.fr")
    assert sign_in(client)["Location"] == "/"
    assert _logged_in_user_id(client) == str(agent.pk)


# (d) ---------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fault", ["tampered", "foreign_key", "wrong_audience", "expired", "wrong_nonce"])
def test_an_id_token_that_fails_verification_is_rejected(client, proconnect, agent, fault, caplog):
    provider = proconnect()
    provider.id_token_fault = fault
    caplog.set_level(logging.WARNING, logger="vigie.organisation.oidc")

    response = sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == "/connexion/"
    assert _logged_in_user_id(client) is None
    agent.refresh_from_db()
    assert agent.first_name == "C."  # nothing taken from a rejected answer
    assert provider.userinfo_requests == 0
    assert "ProConnect : réponse refusée" in caplog.text
    assert "la réponse du service n&#x27;a pas pu être vérifiée" in _login_page_text(client)


def test_a_wrong_client_secret_is_reported_not_crashed(client, proconnect, agent, settings):
    proconnect()
    settings.OIDC_RP_CLIENT_SECRET = "pas-le-bon-secret"
    assert sign_in(client)["Location"] == "/connexion/"
    assert _logged_in_user_id(client) is None
    assert "service injoignable ou demande refusée" in _login_page_text(client)


# logout ------------------------------------------------------------------------------------------------------
def test_logout_ends_the_proconnect_session_too(client, proconnect, agent):
    provider = proconnect()
    sign_in(client)
    assert client.session["oidc_id_token"] == provider.issued_id_tokens[-1]

    response = client.post("/oidc/logout/")

    assert response.status_code == 302
    assert response["Location"].startswith(provider.endpoint("logout") + "?")
    params = _params(response["Location"])
    assert params["id_token_hint"] == provider.issued_id_tokens[-1]
    assert len(params["state"]) >= 32
    assert params["post_logout_redirect_uri"] == "http://testserver/"
    assert _logged_in_user_id(client) is None
    with requests.Session() as http:
        back = http.get(response["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 303
    assert back.headers["Location"].startswith("http://testserver/?state=")
    assert provider.logout_requests[-1]["id_token_hint"] == provider.issued_id_tokens[-1]


# personal data -----------------------------------------------------------------------------------------------
def test_no_personal_data_in_the_logs(client, proconnect, agent, caplog):
    provider = proconnect(PROCONNECT_CREATE_USERS="false")
    caplog.set_level(logging.DEBUG)
    provider.userinfo_format = "jwt"
    sign_in(client)  # known agent
    client.logout()
    provider.login_as(email="inconnu@interieur.gouv.fr", given_name="Zoé", usual_name="Inconnue")
    sign_in(client)  # refused
    provider.id_token_fault = "tampered"
    sign_in(client)  # rejected

    text = caplog.text.lower()
    assert "connexion de l'utilisateur n°" in text and "connexion refusée" in text  # the logs did run
    for personal in (
        "agent@interieur",
        "inconnu@interieur",
        "camille",
        "martin",
        "zoé",
        "inconnue",
        "b6f1a3c2",
        "11000201100044",
    ):
        assert personal not in text, personal


# (e) ---------------------------------------------------------------------------------------------------------
@pytest.mark.urls("vigie.urls")
def test_when_disabled_no_button_and_no_oidc_routes(client, settings):
    assert settings.PROCONNECT_ENABLED is False
    page = _login_page_text(client)
    assert "fr-connect" not in page
    assert "ProConnect" not in page
    assert client.get("/oidc/authenticate/").status_code == 404
    assert client.get("/oidc/callback/?code=x&state=y").status_code == 404


# (f) ---------------------------------------------------------------------------------------------------------
CHECK_SETTINGS = """
import json
import django
from django.conf import settings
django.setup()
from django.urls import resolve, reverse
callback = reverse("oidc_authentication_callback")
print(json.dumps({
    "backends": settings.AUTHENTICATION_BACKENDS,
    "create_users": settings.PROCONNECT_CREATE_USERS,
    "store_id_token": getattr(settings, "OIDC_STORE_ID_TOKEN", False),
    "callback": callback,
    "rules": [resolve(u).func.access_rule for u in (callback, reverse("oidc_authentication_init"))],
}))
"""


def _run_settings(environment: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if name not in OIDC_VARIABLES}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "vigie.settings",
            "VIGIE_DATA_DIR": str(tmp_path / "data"),
            "SECRET_KEY": "clef-de-test-" + "x" * 40,
            **environment,
        }
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", CHECK_SETTINGS], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_settings_refuse_to_start_when_a_variable_is_missing(tmp_path):
    result = _run_settings({"PROCONNECT_ENABLED": "true", "OIDC_RP_CLIENT_ID": "vigie"}, tmp_path)

    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line.startswith("django.core.exceptions.ImproperlyConfigured: PROCONNECT_ENABLED est activé")
    for missing in (
        "OIDC_RP_CLIENT_SECRET",
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
        "OIDC_OP_JWKS_ENDPOINT",
    ):
        assert missing in last_line
    assert "OIDC_RP_CLIENT_ID" not in last_line


def test_settings_and_urls_with_every_variable_set(provider, tmp_path):
    result = _run_settings(provider.environment(logout=False), tmp_path)

    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["backends"][-1] == "vigie.organisation.oidc.ProConnectBackend"
    assert loaded["backends"][0] == "axes.backends.AxesStandaloneBackend"
    assert loaded["create_users"] is False
    assert loaded["store_id_token"] is False  # no end-session endpoint: the id_token is not kept
    assert loaded["callback"] == "/oidc/callback/"
    assert loaded["rules"] == [PUBLIC, PUBLIC]

"""HTTP security headers: a Content-Security-Policy on every page with a fresh nonce on its scripts; HSTS, HTTPS
redirection and secure cookies by default when SITE_URL is https; `vigie check --deploy` clean in production."""

from __future__ import annotations

import re

import pytest
from cryptography.fernet import Fernet
from django.test import Client

from tests.environment import TEST_SECRET_KEY, run_vigie, settings_from_environment

HTTPS_SETTINGS = (
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
)
PRODUCTION = {
    "DEBUG": "false",
    "SITE_URL": "https://vigie.example.gouv.fr",
    "ALLOWED_HOSTS": "vigie.example.gouv.fr",
    "CSRF_TRUSTED_ORIGINS": "https://vigie.example.gouv.fr",
    "VIGIE_BEHIND_TLS_PROXY": "true",
    "VIGIE_STATIC_MANIFEST": "true",
    "VIGIE_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
}


def _nonces(html: str) -> set[str]:
    return set(re.findall(r'<script[^>]* nonce="([^"]+)"', html))


def test_every_page_has_a_policy_and_its_scripts_carry_the_nonce_of_the_response(world):
    client = world.client_for(world.officer)
    first, second = client.get("/"), client.get("/")
    policy = first["Content-Security-Policy"]
    (nonce,) = _nonces(first.content.decode())
    assert f"script-src 'self' 'nonce-{nonce}'" in policy
    assert "style-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "unsafe" not in policy
    assert _nonces(second.content.decode()) != {nonce}  # a new nonce for every response
    assert first.content.decode().count(f'nonce="{nonce}"') == 4  # DSFR (module and nomodule), htmx, vigie.js


@pytest.mark.parametrize(
    "path", ["/connexion/", "/usagers/51/ecrire/", "/page-qui-n-existe-pas/", "/api/v1/docs", "/admin/login/"]
)
def test_public_pages_errors_and_the_api_documentation_have_the_policy_too(world, path):
    assert "default-src 'self'" in Client().get(path)["Content-Security-Policy"]


def _apply(settings, computed: dict) -> None:
    for name in HTTPS_SETTINGS:
        setattr(settings, name, computed.get(name))


def test_an_https_site_gets_hsts_redirection_and_secure_cookies_by_default(db, settings, monkeypatch, tmp_path):
    _apply(settings, settings_from_environment(PRODUCTION, monkeypatch, tmp_path))
    client = Client()
    through_tls = client.get("/connexion/", HTTP_X_FORWARDED_PROTO="https")  # the TLS proxy in front
    assert through_tls.status_code == 200
    assert through_tls["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert through_tls.cookies["csrftoken"]["secure"] is True
    plain = client.get("/connexion/?next=/demandes/")
    assert plain.status_code == 301 and plain["Location"] == "https://testserver/connexion/?next=/demandes/"


def test_hsts_can_be_set_or_switched_off_from_the_environment(db, settings, monkeypatch, tmp_path):
    environment = {**PRODUCTION, "SECURE_HSTS_SECONDS": "600", "SECURE_HSTS_INCLUDE_SUBDOMAINS": "false"}
    _apply(settings, settings_from_environment(environment, monkeypatch, tmp_path))
    response = Client().get("/connexion/", HTTP_X_FORWARDED_PROTO="https")
    assert response["Strict-Transport-Security"] == "max-age=600"
    _apply(settings, settings_from_environment({**PRODUCTION, "SECURE_HSTS_SECONDS": "0"}, monkeypatch, tmp_path))
    assert "Strict-Transport-Security" not in Client().get("/connexion/", HTTP_X_FORWARDED_PROTO="https")


def test_an_http_site_the_demo_gets_no_hsts_and_no_redirection(db, settings, monkeypatch, tmp_path):
    _apply(settings, settings_from_environment({"SITE_URL": "http://127.0.0.1:8000"}, monkeypatch, tmp_path))
    response = Client().get("/connexion/")
    assert response.status_code == 200 and "Strict-Transport-Security" not in response
    assert response.cookies["csrftoken"]["secure"] == ""


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    result = run_vigie("check", "--deploy", "--fail-level", "WARNING", environment=PRODUCTION, tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_when_a_production_default_is_undone(tmp_path):
    """The previous test is not empty: the deploy checks run, and an unsafe setting fails them."""
    unsafe = {**PRODUCTION, "SECURE_HSTS_SECONDS": "0", "SESSION_COOKIE_SECURE": "false"}
    result = run_vigie("check", "--deploy", "--fail-level", "WARNING", environment=unsafe, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "security.W004" in result.stderr and "security.W012" in result.stderr
    assert TEST_SECRET_KEY not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("site_url", "check_ids"),
    [
        ("http://127.0.0.1:8000", ["vigie.W001"]),
        ("http://localhost", ["vigie.W001"]),
        ("http://vigie.example.fr", ["vigie.W002"]),
        ("https://vigie.example.gouv.fr", []),
    ],
)
def test_check_deploy_warns_when_site_url_would_print_useless_qr_codes(settings, site_url, check_ids):
    """SITE_URL makes the posters' QR codes and the e-mails' links: a loopback or http address fails the deploy
    checks (registered with deploy=True: `vigie check --deploy`, as the production test above runs it), with a
    French hint."""
    from django.core.checks import run_checks

    settings.SITE_URL = site_url
    warnings = [m for m in run_checks(include_deployment_checks=True) if m.id.startswith("vigie.")]
    assert [m.id for m in warnings] == check_ids
    assert all("SITE_URL" in m.msg and m.hint for m in warnings)

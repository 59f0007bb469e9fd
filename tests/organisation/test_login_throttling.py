"""Login throttling behind the reverse proxy (VIGIE_PROXY_COUNT=1): axes counts the address the proxy reports, locks
a (username, address) pair after 5 failures, and an address after many failures whatever the usernames. A stranger
never locks a user out from another address."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client

from vigie.organisation.models import ApiToken

PASSWORD = "Mot-de-passe-solide-2026"  # the factories' password
PROXY = "127.0.0.1"  # gunicorn behind nginx: every connection comes from the proxy
USER_ADDRESS = "198.51.100.7"
STRANGER = "203.0.113.66"
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
LOCKED = "Connexion temporairement bloquée"


@pytest.fixture(autouse=True)
def _behind_one_proxy(settings):
    settings.VIGIE_PROXY_COUNT = 1


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def sign_in(username: str, password: str, *, address: str, forged: str = ""):
    """One POST to the login page through the proxy, from a fresh browser at `address`."""
    chain = f"{forged}, {address}" if forged else address
    client = Client(REMOTE_ADDR=PROXY)
    response = client.post("/connexion/", {"username": username, "password": password}, HTTP_X_FORWARDED_FOR=chain)
    return response, client


def signed_in(response, client) -> bool:
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_a_strangers_five_bad_passwords_do_not_lock_the_user_out(world):
    for _ in range(5):
        response, _client = sign_in("officer", "mauvais", address=STRANGER)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()  # the French page of vigie/templates/registration/locked_out.html
    assert set(AccessAttempt.objects.values_list("username", "ip_address")) == {("officer", STRANGER)}

    assert signed_in(*sign_in("officer", PASSWORD, address=USER_ADDRESS))

    # the stranger stays locked, even with the right password, and a forged entry on the left changes nothing
    response, client = sign_in("officer", PASSWORD, address=STRANGER, forged=USER_ADDRESS)
    assert response.status_code == 429 and "_auth_user_id" not in client.session


def test_the_strangers_lock_ends_after_an_hour_without_new_failures(world, _frozen):
    for _ in range(5):
        sign_in("officer", "mauvais", address=STRANGER)
    _frozen.shift(dt.timedelta(minutes=59))
    assert sign_in("officer", PASSWORD, address=STRANGER)[0].status_code == 429
    _frozen.shift(dt.timedelta(hours=1, minutes=1))  # an hour after the last refused try
    assert signed_in(*sign_in("officer", PASSWORD, address=STRANGER))


def test_four_failures_then_the_right_password_signs_in_and_clears_the_count(world):
    for _ in range(4):
        sign_in("officer", "mauvais", address=USER_ADDRESS)
    assert signed_in(*sign_in("officer", PASSWORD, address=USER_ADDRESS))
    assert not AccessAttempt.objects.exists()


def test_many_usernames_from_one_address_lock_that_address(world, settings):
    """Password spraying: one password tried on many accounts. Past the per-address cap, even a right password
    is refused from that address, for an account never used there; other addresses are not concerned."""
    settings.VIGIE_LOGIN_ADDRESS_FAILURE_LIMIT = 12
    for n in range(12):
        response, _client = sign_in(f"agent-{n}", "Printemps2026", address=STRANGER)
    assert response.status_code == 429 and LOCKED in response.content.decode()

    response, client = sign_in("reader", PASSWORD, address=STRANGER)
    assert response.status_code == 429 and "_auth_user_id" not in client.session
    assert signed_in(*sign_in("reader", PASSWORD, address=USER_ADDRESS))


def test_below_the_address_cap_other_accounts_sign_in_from_that_address(world, settings):
    settings.VIGIE_LOGIN_ADDRESS_FAILURE_LIMIT = 12
    for n in range(11):
        sign_in(f"agent-{n}", "Printemps2026", address=STRANGER)
    assert signed_in(*sign_in("reader", PASSWORD, address=STRANGER))


def test_the_address_cap_spares_colleagues_who_signed_in_there_recently(world, settings, _frozen):
    """A prefecture's agents share one outgoing address: a neighbour's spraying does not lock out a colleague who
    signed in from it in the last 30 days; one who did so longer ago is locked with the address."""
    settings.VIGIE_LOGIN_ADDRESS_FAILURE_LIMIT = 12
    shared = "192.0.2.10"
    assert signed_in(*sign_in("agent", PASSWORD, address=shared))
    _frozen.shift(dt.timedelta(days=29))
    assert signed_in(*sign_in("officer", PASSWORD, address=shared))
    _frozen.shift(dt.timedelta(days=2))
    for n in range(12):
        sign_in(f"inconnu-{n}", "Printemps2026", address=shared)

    assert signed_in(*sign_in("officer", PASSWORD, address=shared))  # 2 days ago
    assert sign_in("agent", PASSWORD, address=shared)[0].status_code == 429  # 31 days ago
    # the colleague keeps the per-pair lock: five failures on their account from the shared address lock it
    for _ in range(5):
        sign_in("officer", "mauvais", address=shared)
    assert sign_in("officer", PASSWORD, address=shared)[0].status_code == 429


def test_the_default_address_cap_is_generous_and_finite(world, settings):
    assert settings.VIGIE_LOGIN_ADDRESS_FAILURE_LIMIT >= 10 * settings.AXES_FAILURE_LIMIT
    for n in range(settings.VIGIE_LOGIN_ADDRESS_FAILURE_LIMIT - 1):
        response, _client = sign_in(f"agent-{n}", "Printemps2026", address=STRANGER)
    assert response.status_code == 200  # the login page again, with its error
    assert sign_in("agent-x", "Printemps2026", address=STRANGER)[0].status_code == 429


def test_without_a_proxy_the_socket_address_is_counted(world, settings):
    settings.VIGIE_PROXY_COUNT = 0
    client = Client(REMOTE_ADDR=STRANGER)
    for _ in range(5):
        client.post("/connexion/", {"username": "officer", "password": "mauvais"}, HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {STRANGER}


def test_api_tokens_are_not_throttled_by_a_locked_login(world, settings):
    settings.VIGIE_LOGIN_ADDRESS_FAILURE_LIMIT = 12
    for n in range(12):
        sign_in(f"agent-{n}", "Printemps2026", address=STRANGER)
    for _ in range(5):
        sign_in("officer", "mauvais", address=STRANGER)
    _token, raw = ApiToken.issue(world.officer)
    response = Client(REMOTE_ADDR=PROXY).get(
        "/api/v1/departments/51", HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_X_FORWARDED_FOR=STRANGER
    )
    assert response.status_code == 200

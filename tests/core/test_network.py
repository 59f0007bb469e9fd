"""The client's address for the rate limits: REMOTE_ADDR, or behind trusted proxies the address they received the
connection from (VIGIE_PROXY_COUNT), never an entry the client could have written itself."""

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory, override_settings

from vigie.core.network import client_ip
from vigie.register.models import UserRequest

FORM = {"kind": "complaint", "site": "pref-51", "subject": "Accueil", "text": "Attente.", "name": "", "email": ""}


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "10.0.0.1"),  # no proxy trusted: the header is ignored
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "198.51.100.9, 203.0.113.7", "203.0.113.7"),  # the leftmost entry is the client's own claim
        (2, "198.51.100.9, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (2, "203.0.113.7", "10.0.0.1"),  # fewer entries than proxies: misconfigured, the socket's address
        (1, "pas-une-adresse", "10.0.0.1"),
        (1, "", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(proxies, forwarded, expected):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(VIGIE_PROXY_COUNT=proxies):
        assert client_ip(request) == expected


@override_settings(PUBLIC_FORM_RATE="2/h", VIGIE_PROXY_COUNT=1)
def test_behind_a_proxy_each_citizen_has_their_own_limit(world):
    cache.clear()
    proxy = Client(REMOTE_ADDR="127.0.0.1")  # gunicorn behind nginx: every connection comes from the proxy

    def post(address, forged=""):
        chain = f"{forged}, {address}" if forged else address
        return proxy.post("/usagers/51/ecrire/", FORM, HTTP_X_FORWARDED_FOR=chain).status_code

    assert [post("203.0.113.7"), post("203.0.113.7"), post("203.0.113.7")] == [302, 302, 429]
    assert post("198.51.100.9") == 302  # another citizen is not blocked by the first
    assert post("203.0.113.7", forged="192.0.2.50") == 429  # a forged entry on the left does not reset the limit
    assert UserRequest.objects.count() == 3

"""Common French passwords are refused (vigie/core/passwords.py) where passwords are set: the administration's
user creation and password change pages, and `vigie createsuperuser` in a terminal. Passphrases and random
passwords pass."""

from __future__ import annotations

import gzip
import hashlib
import os
import pty
import select
import subprocess
import sys
import time

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import ValidationError, validate_password
from hypothesis import given
from hypothesis import strategies as st

from tests.environment import ROOT, TEST_SECRET_KEY, operator_environment
from tools import build_common_passwords
from vigie.core.passwords import WORD_LIST, is_predictable

User = get_user_model()
REFUSED = "Ce mot de passe est trop facile à deviner"
WEAK = [
    "motdepasse12",  # the three of issue 16
    "azertyuiop12",
    "Aaaaaaaaaaaa",
    "Marseille2024!",
    "M0tdep@sse!",
    "P@ssw0rd2024",
    "Soleil!Soleil!",
    "12345678901!",
    "Nicolas1987",
    "Jean-Pierre51",
    "Reims-51-2024",
    "qsdfghjklm12",
    "1q2w3e4r5t6y",
    "Prefecture51!",
    "Vigie2026!!!",
    "abcabcabcabc",
]
STRONG = [
    "cheval-batterie-correcte-agrafe",
    "la mer est calme ce soir",
    "Jardin-Poire-Lampe-42",
    "Xk9#mqLz2pw!",
    "8#3!0$9%2^7&",
    "Fk2-pL9q-Zt8w",
    "soleil83920174",
]


def test_the_shipped_list_is_the_one_the_script_builds():
    with gzip.open(WORD_LIST, "rt", encoding="utf-8") as shipped:
        assert shipped.read().splitlines() == build_common_passwords.build()


@pytest.mark.parametrize("password", WEAK)
def test_predictable_passwords_are_refused_in_french(password):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert any(REFUSED in message for message in refused.value.messages)


@pytest.mark.parametrize("password", STRONG)
def test_passphrases_and_random_passwords_pass(password):
    validate_password(password)


# words of letters only: a listed keyboard pattern with digits (1a2z3e4r5t) would merge with the number
_words = [word for word in build_common_passwords.build() if word.isalpha()]


@given(
    word=st.sampled_from(_words),
    capital=st.booleans(),
    digits=st.integers(min_value=0, max_value=9999),
    symbols=st.sampled_from(["", "!", "!!", "?", "*", "#", "@", "."]),
    before=st.booleans(),
)
def test_any_listed_word_with_a_number_and_symbols_around_it_is_predictable(word, capital, digits, symbols, before):
    word = word.capitalize() if capital else word
    password = f"{digits}{word}{symbols}" if before else f"{word}{digits}{symbols}"
    assert is_predictable(password)


def test_a_long_password_is_checked_quickly():
    long = "".join(hashlib.sha256(str(n).encode()).hexdigest() for n in range(250))  # 16 000 characters
    started = time.perf_counter()
    assert not is_predictable(long)
    assert is_predictable("Ab1!" * 4000)
    assert time.perf_counter() - started < 1


def _national_admin(world):
    return world.client_for(world.national)


def test_the_administration_refuses_a_predictable_password_for_a_new_account(world):
    admin = _national_admin(world)
    form = {"username": "nouvel.agent", "usable_password": "true", "password1": "Marseille2024!"}
    response = admin.post("/admin/auth/user/add/", {**form, "password2": form["password1"]})
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert not User.objects.filter(username="nouvel.agent").exists()
    strong = "Jardin-Poire-Lampe-42"
    response = admin.post("/admin/auth/user/add/", {**form, "password1": strong, "password2": strong})
    assert response.status_code == 302
    assert User.objects.get(username="nouvel.agent").check_password(strong)


def test_the_administration_refuses_a_predictable_password_for_an_existing_account(world):
    admin = _national_admin(world)
    url = f"/admin/auth/user/{world.agent.pk}/password/"
    response = admin.post(url, {"password1": "azertyuiop12", "password2": "azertyuiop12"})
    assert response.status_code == 200 and REFUSED in response.content.decode()
    world.agent.refresh_from_db()
    assert world.agent.check_password("Mot-de-passe-solide-2026")


def test_an_administrator_cannot_take_a_predictable_password_for_themselves(world):
    admin = _national_admin(world)
    form = {
        "old_password": "Mot-de-passe-solide-2026",
        "new_password1": "Aaaaaaaaaaaa",
        "new_password2": "Aaaaaaaaaaaa",
    }
    response = admin.post("/admin/password_change/", form)
    assert response.status_code == 200 and REFUSED in response.content.decode()
    form["new_password1"] = form["new_password2"] = "la mer est calme ce soir"
    assert admin.post("/admin/password_change/", form).status_code == 302


class Terminal:
    """`vigie ARGS` in a pseudo-terminal, as an operator types it (the password prompts read the terminal)."""

    def __init__(self, *args: str, environment: dict[str, str]) -> None:
        self.fd, child = pty.openpty()
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and code
            [sys.executable, "-m", "vigie.manage", *args],
            stdin=child,
            stdout=child,
            stderr=child,
            cwd=ROOT,
            env={**operator_environment(), **environment},
            start_new_session=True,
        )
        os.close(child)
        self.screen = ""

    def expect(self, text: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.screen:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self.fd], [], [], remaining)[0]:
                raise AssertionError(f"{text!r} attendu ; écran : {self.screen[-500:]!r}")
            try:
                self.screen += os.read(self.fd, 4096).decode(errors="replace")
            except OSError:  # the command ended
                raise AssertionError(f"{text!r} attendu ; écran : {self.screen[-500:]!r}") from None

    def type(self, line: str) -> None:
        os.write(self.fd, (line + "\n").encode())

    def close(self) -> int:
        code = self.process.wait(timeout=60)
        os.close(self.fd)
        return code


def test_createsuperuser_refuses_a_predictable_password(tmp_path):
    environment = {
        "DJANGO_SETTINGS_MODULE": "vigie.settings",
        "VIGIE_DATA_DIR": str(tmp_path),
        "SECRET_KEY": TEST_SECRET_KEY,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'vigie.sqlite3'}",
    }
    migrate = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-m", "vigie.manage", "migrate", "-v0"],
        cwd=ROOT,
        env={**operator_environment(), **environment},
        capture_output=True,
        timeout=300,
    )
    assert migrate.returncode == 0, migrate.stderr
    terminal = Terminal(
        "createsuperuser", "--username", "admin", "--email", "admin@example.org", environment=environment
    )
    terminal.expect("Password:")
    terminal.type("motdepasse12")
    terminal.expect("(again):")
    terminal.type("motdepasse12")
    terminal.expect("[y/N]")
    assert REFUSED in terminal.screen
    terminal.type("N")
    terminal.screen = ""
    terminal.expect("Password:")
    terminal.type("la mer est calme ce soir")
    terminal.expect("(again):")
    terminal.type("la mer est calme ce soir")
    terminal.expect("Superuser created successfully.")
    assert terminal.close() == 0

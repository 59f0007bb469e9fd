"""Secrets kept encrypted at rest: EncryptedTextField stores a Fernet token (AES-128-CBC and HMAC-SHA256, from the
`cryptography` package), never the clear text, and gives the clear text back to the code that loads it.

Keys come from VIGIE_ENCRYPTION_KEYS (vigie/settings.py): the first encrypts, every one decrypts. To change keys,
put the new one first, run `vigie rotate_encryption_keys` (every stored secret is encrypted again with it), then
remove the old one.
"""

from __future__ import annotations

from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


def _current() -> MultiFernet:
    return _fernet(tuple(settings.VIGIE_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return _current().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _current().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "Un secret enregistré en base ne se déchiffre avec aucune clé de VIGIE_ENCRYPTION_KEYS : "
            "la clé qui l'a chiffré a été retirée (remettez-la après la nouvelle, lancez "
            "`vigie rotate_encryption_keys`, puis retirez-la)."
        ) from None


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token. Not searchable (each save gives a new token); never shown back in a form."""

    description = "Texte chiffré"

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else encrypt(value)

    def formfield(self, **kwargs):
        return super().formfield(**{"widget": forms.PasswordInput(render_value=False), **kwargs})


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every model with encrypted fields, and their names (core names no app: the models say it)."""
    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


@transaction.atomic
def encrypt_again_with_the_first_key() -> int:
    """Read every stored secret (with any key) and write it back (with the first key); return how many."""
    count = 0
    for model, names in encrypted_fields():
        for obj in model._default_manager.only("pk", *names).select_for_update():
            model._default_manager.filter(pk=obj.pk).update(**{name: getattr(obj, name) for name in names})
            count += 1
    return count

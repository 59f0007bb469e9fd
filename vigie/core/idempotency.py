"""Creations that happen once, whatever the retries: an API client that did not get the answer (timeout, lost
connection) and sends again, a user who clicks twice or reloads after posting a form.

The client sends a key with the creation (the API's `Idempotency-Key` header; a hidden token that the form carries).
`once` inserts the key, runs the creation and stores its answer in the same transaction; a retry with the same key
and the same content gets the stored answer and creates nothing; with another content it is refused (KeyReused,
a 409 for the API). Two concurrent tries with one key: the unique constraint makes the second wait for the first's
commit, then it answers what the first stored. A refused creation (invalid input) stores nothing: the key is free
for the corrected one. Keys expire after VIGIE_IDEMPOTENCY_HOURS; a daily job purges them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import IdempotencyKey
from .tasks import task


class KeyReused(Exception):
    """The key already served another content."""

    message = "clé d'idempotence déjà employée pour un autre contenu : une nouvelle création demande une nouvelle clé"


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any  # JSON: the API's body, or what a form needs to lead to the page of what it created


def new_token() -> str:
    """The hidden token of a form, new at each display of an empty form."""
    return secrets.token_urlsafe(24)


class TokenField(forms.CharField):
    """The hidden token of a creation form: a new one at each display of the empty form, posted back with it (and
    kept when the form comes back with errors). Absent (a page older than the field), the form simply creates."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=100, initial=new_token, **kwargs)


def form_content(cleaned_data: dict, *, without: tuple[str, ...] = ()) -> dict:
    """What a form's content is, for `digest`: objects by primary key, file contents by their SHA-256."""

    def plain(value):
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            value = dataclasses.asdict(value)
        if isinstance(value, dict):
            return {key: plain(item) for key, item in value.items()}
        if isinstance(value, list | tuple):
            return [plain(item) for item in value]
        if isinstance(value, bytes):
            return hashlib.sha256(value).hexdigest()
        if hasattr(value, "pk"):
            return value.pk
        return value

    return {name: plain(value) for name, value in cleaned_data.items() if name not in without}


def digest(content: Any) -> str:
    """SHA-256 of a JSON-able content, independent of the order of its keys."""
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _owner(user) -> AbstractBaseUser | None:
    return None if user is None or isinstance(user, AnonymousUser) else user


def _stored(user, scope: str, key: str, content_digest: str) -> Answer | None:
    row = IdempotencyKey.objects.filter(user=user, scope=scope, key=key, expires_at__gt=timezone.now()).first()
    if row is None:
        return None
    if row.payload_digest != content_digest:
        raise KeyReused
    return Answer(row.status_code, row.response)


def once(*, user, scope: str, key: str | None, content: Any, create: Callable[[], Answer]) -> tuple[Answer, bool]:
    """Run `create` once per (user, scope, key). Returns its answer and whether it was replayed (True: the stored
    answer of an earlier try, nothing created now). Raises KeyReused for the same key with another content; what
    `create` raises (a ValidationError) goes through and stores nothing. Without a key, `create` simply runs."""
    if not key:
        return create(), False
    user, content_digest = _owner(user), digest(content)
    stored = _stored(user, scope, key, content_digest)
    if stored is not None:
        return stored, True
    now = timezone.now()
    try:
        with transaction.atomic():
            IdempotencyKey.objects.filter(user=user, scope=scope, key=key, expires_at__lte=now).delete()
            row = IdempotencyKey.objects.create(
                user=user,
                scope=scope,
                key=key,
                payload_digest=content_digest,
                status_code=0,
                response={},
                expires_at=now + dt.timedelta(hours=settings.VIGIE_IDEMPOTENCY_HOURS),
            )
            answer = create()
            row.status_code, row.response = answer.status, answer.body
            row.save(update_fields=["status_code", "response"])
    except IntegrityError:
        stored = _stored(user, scope, key, content_digest)  # a concurrent try with this key committed first
        if stored is None:
            raise
        return stored, True
    return answer, False


def purge_expired_keys(now: dt.datetime | None = None) -> int:
    return IdempotencyKey.objects.filter(expires_at__lte=now or timezone.now()).delete()[0]


@task()
def purge_idempotency_keys() -> int:
    """Daily (core/schedules.py): forget the expired keys."""
    return purge_expired_keys()

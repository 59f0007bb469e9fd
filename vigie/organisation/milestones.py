"""Dates a department's life is organised around, announced by the application that knows them and read by another
on the same layer (which never imports it): the audits announce the next audit, the committees check that a users'
committee is held before it. An app registers a provider in its `AppConfig.ready()`; a provider receives the
department and its date today and returns a date or None, in a few queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by other apps' AppConfig modules, before the models are ready
    from .models import Department

NEXT_AUDIT = "next_audit"

_PROVIDERS: dict[str, Callable[[Department, dt.date], dt.date | None]] = {}


def add_milestone(name: str, provider: Callable[[Department, dt.date], dt.date | None]) -> None:
    _PROVIDERS.setdefault(name, provider)


def milestone(name: str, department: Department, today: dt.date) -> dt.date | None:
    """The date announced under `name` for the department, or None (nothing announced, or no app announces it)."""
    provider = _PROVIDERS.get(name)
    return provider(department, today) if provider is not None else None

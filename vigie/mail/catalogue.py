"""The standard letters and e-mails in force in a department, as a committee reviews them. The app that keeps the
templates (the register) registers a source in its `AppConfig.ready()`; an app on the same layer (the committees)
reads them here without importing it. A source receives the department and returns frozen `TemplateVersion`s."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by other apps' AppConfig modules, before the models are ready
    from vigie.organisation.models import Department


@dataclass(frozen=True)
class TemplateVersion:
    label: str  # « Accusé de réception — Réclamation par courriel »
    version: int
    since: dt.datetime | None = None

    def __str__(self) -> str:
        return f"{self.label}, version {self.version}"


_SOURCES: dict[str, Callable[[Department], Sequence[TemplateVersion]]] = {}


def add_template_source(name: str, source: Callable[[Department], Sequence[TemplateVersion]]) -> None:
    _SOURCES.setdefault(name, source)


def templates_in_force(department: Department) -> list[TemplateVersion]:
    return [version for source in _SOURCES.values() for version in source(department)]

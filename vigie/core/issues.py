"""Lists of errors (and warnings) shown to a person: the first ISSUES_SHOWN, then one line for the rest.

A refused import of 100 000 duplicated lines must not print 99 999 lines: every import (upload page, command, API)
shows the first 50 and says « … et 99 949 autres erreurs (99 999 au total) ». The whole list is still computed
(the total is exact; the file is refused whole).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from .formatting import format_number

ISSUES_SHOWN = 50

T = TypeVar("T")


@dataclass(frozen=True)
class Capped(Generic[T]):
    shown: Sequence[T]
    total: int
    singular: str = "erreur"
    plural: str = "erreurs"

    @property
    def hidden(self) -> int:
        return self.total - len(self.shown)

    @property
    def more(self) -> str:
        """« … et 99 949 autres erreurs (99 999 au total) », or "" when every item is shown."""
        if not self.hidden:
            return ""
        if self.hidden == 1:
            return f"… et 1 autre {self.singular} ({format_number(self.total)} au total)"
        return f"… et {format_number(self.hidden)} autres {self.plural} ({format_number(self.total)} au total)"

    @property
    def count(self) -> str:
        """« 1 erreur », « 99 999 erreurs »."""
        return f"{format_number(self.total)} {self.singular if self.total == 1 else self.plural}"

    def lines(self) -> list[str]:
        return [str(item) for item in self.shown] + ([self.more] if self.more else [])

    def __str__(self) -> str:
        return "\n".join(self.lines())


def capped(items: Sequence[T], *, warnings: bool = False, limit: int = ISSUES_SHOWN) -> Capped[T]:
    """The first `limit` items and the total; `warnings=True` counts « avertissements »."""
    nouns = ("avertissement", "avertissements") if warnings else ("erreur", "erreurs")
    return Capped(list(items[:limit]), len(items), *nouns)

"""The committees' rule (pure, no Django): the users' committee meets at least once a year, and before the next
audit. `warnings` gets the dates of the department's users' committee meetings (held or planned, not cancelled), the
department's date today and, when the caller knows it, the first day of the next audit (the audits app is on the same
layer and is not imported: the caller passes the date)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

YEAR_DAYS = 365


@dataclass(frozen=True)
class Warning_:
    code: str  # "none_yet" | "none_this_year" | "over_a_year" | "none_before_audit"
    message: str


def _fr(day: dt.date) -> str:
    return f"{day:%d/%m/%Y}"


def warnings(meeting_days: Iterable[dt.date], *, today: dt.date, next_audit: dt.date | None = None) -> list[Warning_]:
    days = sorted(set(meeting_days))
    held = [d for d in days if d <= today]
    planned = [d for d in days if d > today]
    found: list[Warning_] = []
    if not days:
        found.append(
            Warning_(
                "none_yet",
                "Aucun comité local des usagers n'est enregistré : il se réunit au moins une fois par an.",
            )
        )
    elif not any(d.year == today.year for d in days):
        found.append(
            Warning_(
                "none_this_year",
                f"Aucun comité local des usagers n'est tenu ni prévu en {today.year} : il se réunit au moins une fois "
                "par an.",
            )
        )
    if held and (today - held[-1]).days > YEAR_DAYS and not planned:
        found.append(
            Warning_(
                "over_a_year",
                f"Le dernier comité local des usagers s'est tenu le {_fr(held[-1])}, il y a plus d'un an, et aucun "
                "n'est prévu.",
            )
        )
    if next_audit is not None and next_audit >= today:
        window = next_audit - dt.timedelta(days=YEAR_DAYS)
        if not any(window <= d < next_audit for d in days):
            found.append(
                Warning_(
                    "none_before_audit",
                    f"Le prochain audit commence le {_fr(next_audit)} : aucun comité local des usagers n'est tenu ou "
                    "prévu dans l'année qui le précède.",
                )
            )
    return found

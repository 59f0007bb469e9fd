"""The mystery-shopper planner: a pure rule (no Django).

At least `contacts` calls (or e-mails) over two weeks, one per half-day, on eligible days: working days of the site
(not a weekend, a public holiday of its département or a closure day) outside the school holidays of its zone.
The plan starts on the first eligible day from `start` whose two weeks (that day and the 13 after it) hold enough
eligible half-days; contacts take the half-days in order, morning then afternoon, and the services in turn.
Every day from `start` to the last contact that is not eligible is listed with its reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

WINDOW_DAYS = 14
HALF_DAYS = ("morning", "afternoon")
SEARCH_DAYS = 400
MAX_CONTACTS = 20  # two weeks hold ten weekdays at the most: twenty half-days


@dataclass(frozen=True)
class Contact:
    date: dt.date
    half_day: str
    service: str


@dataclass(frozen=True)
class Excluded:
    date: dt.date
    reason: str


@dataclass(frozen=True)
class MysteryPlan:
    contacts: list[Contact]
    excluded: list[Excluded]


class NoPlan(ValueError):
    pass


def plan_contacts(
    *, start: dt.date, contacts: int, services: Sequence[str], reason_of: Callable[[dt.date], str | None]
) -> MysteryPlan:
    """`reason_of(day)` is None for an eligible day, else why it is not (« week-end », « jour férié »…)."""
    if not 1 <= contacts <= MAX_CONTACTS:
        raise NoPlan(f"entre 1 et {MAX_CONTACTS} contacts sur deux semaines (un par demi-journée)")
    if not services:
        raise NoPlan("aucun service à évaluer")
    days_needed = -(-contacts // 2)
    reasons = {}
    for offset in range(SEARCH_DAYS + WINDOW_DAYS):
        day = start + dt.timedelta(days=offset)
        reasons[day] = reason_of(day)
    for offset in range(SEARCH_DAYS):
        first = start + dt.timedelta(days=offset)
        if reasons[first] is not None:
            continue
        window = [first + dt.timedelta(days=n) for n in range(WINDOW_DAYS)]
        eligible = [day for day in window if reasons[day] is None]
        if len(eligible) < days_needed:
            continue
        slots = [(day, half) for day in eligible for half in HALF_DAYS][:contacts]
        planned = [Contact(day, half, services[index % len(services)]) for index, (day, half) in enumerate(slots)]
        last = planned[-1].date
        excluded = [
            Excluded(day, reason) for day, reason in sorted(reasons.items()) if reason is not None and day <= last
        ]
        return MysteryPlan(planned, excluded)
    raise NoPlan("aucune période de deux semaines assez libre dans l'année qui suit")

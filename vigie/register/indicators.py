"""The register feeds the frameworks' indicators (source: computed), per site and month of receipt.

- rate answered within the deadline = answered on time / (answered + unanswered whose due date has passed);
- mean delay = Σ delays (working days) / number of answered requests.
Requests are counted in the month of their receipt date (local date in the département).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.utils import timezone

from vigie.core.calendar import WorkingCalendar
from vigie.indicators.imports import ParsedRow
from vigie.indicators.services import delete_stale_computed, save_measurements
from vigie.organisation.models import Department

from .enums import Channel, Kind
from .models import UserRequest

# indicator codes: (rate on time, mean delay) → which requests they cover
FAMILIES = [
    ("RECLAM-DELAI-OK", "RECLAM-DELAI", {Kind.COMPLAINT, Kind.SUGGESTION}, None),
    ("COURRIEL-INFO-5J", "COURRIEL-INFO-DELAI", {Kind.INFORMATION}, {Channel.EMAIL, Channel.WEB}),
    ("COURRIER-INFO-10J", "COURRIER-INFO-DELAI", {Kind.INFORMATION}, {Channel.LETTER}),
]


FAMILY_LABELS = {
    "RECLAM-DELAI-OK": "Réclamations et suggestions",
    "COURRIEL-INFO-5J": "Demandes d'information par courriel ou formulaire",
    "COURRIER-INFO-10J": "Demandes d'information par courrier",
}
FIELDS = ("site__code", "received_date", "kind", "channel", "replied_date", "due_date", "on_time", "delay_working_days")


def tally(rows, today: dt.date, key=lambda site, received: (site, received.month)) -> dict[tuple, list[int]]:
    """Count per (rate code, delay code, *key): [answered on time, due (answered + past due), Σ delays, answered].
    `rows` are tuples of FIELDS; one rule for the published indicators and the analysis screen."""
    tallies: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for site, received, kind, channel, replied, due, on_time, delay in rows:
        for rate_code, delay_code, kinds, channels in FAMILIES:
            if kind not in kinds or (channels and channel not in channels):
                continue
            counts = tallies[(rate_code, delay_code, *key(site, received))]
            if replied is not None:
                counts[0] += bool(on_time)
                counts[1] += 1
                counts[2] += delay
                counts[3] += 1
            elif due is not None and due < today:
                counts[1] += 1
    return tallies


def timeliness(requests, today: dt.date | None = None) -> list[dict]:
    """The year's figures of each family for a queryset of requests, with their numerators and denominators."""
    today = today or timezone.localdate()
    rows = requests.exclude(deadline_days=None).values_list(*FIELDS)
    tallies = tally(rows, today, key=lambda site, received: ())
    result = []
    for rate_code, delay_code, _kinds, _channels in FAMILIES:
        on_time, due, delays, answered = tallies.get((rate_code, delay_code), [0, 0, 0, 0])
        result.append(
            {
                "label": FAMILY_LABELS[rate_code],
                "rate_code": rate_code,
                "delay_code": delay_code,
                "on_time": on_time,
                "due": due,
                "rate": Fraction(on_time * 100, due) if due else None,
                "delays": delays,
                "answered": answered,
                "mean_delay": Fraction(delays, answered) if answered else None,
            }
        )
    return result


def register_rows(*, department: Department, year: int, today: dt.date | None = None) -> list[ParsedRow]:
    """The computed measurements of the department's year; « due has passed » is judged at the department's own
    date (its time zone), not the server's."""
    today = today or WorkingCalendar.for_department(department.code).local_date(timezone.now())
    requests = (
        UserRequest.objects.filter(department=department, received_date__year=year)
        .exclude(deadline_days=None)
        .values_list(*FIELDS)
    )
    rows = []
    for (rate_code, delay_code, site, month), (on_time, due, delays, answered) in sorted(
        tally(requests, today).items()
    ):
        period = f"{year}-{month:02d}"
        if due:
            rows.append(ParsedRow(len(rows) + 1, rate_code, site, period, Decimal(on_time), Decimal(due)))
        if answered:
            rows.append(ParsedRow(len(rows) + 1, delay_code, site, period, Decimal(delays), Decimal(answered)))
    return rows


REGISTER_CODES = [code for family in FAMILIES for code in family[:2]]


@transaction.atomic
def publish_register_indicators(*, department: Department, year: int, today: dt.date | None = None) -> int:
    """Save the computed measurements of a year (all or nothing). Returns the number of measurements.
    A computed measurement that no request supports any more (a complaint requalified as thanks, moved to another
    site or month) is deleted, so the published figures always equal the register's; imported or hand-entered
    measurements of the same indicators are never touched."""
    rows = register_rows(department=department, year=year, today=today)
    save_measurements(actor=None, department=department, rows=rows, source="computed")
    delete_stale_computed(department=department, year=year, codes=REGISTER_CODES, rows=rows)
    return len(rows)

"""The register feeds the frameworks' indicators (source: computed), per site and month of receipt.

- rate answered within the deadline = answered on time / (answered + unanswered whose due date has passed);
- mean delay = Σ delays (working days) / number of answered requests.
Requests are counted in the month of their receipt date (local date in the département).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.utils import timezone

from vigie.indicators.imports import ParsedRow
from vigie.indicators.services import save_measurements
from vigie.organisation.models import Department

from .enums import Channel, Kind
from .models import UserRequest

# indicator codes: (rate on time, mean delay) → which requests they cover
FAMILIES = [
    ("RECLAM-DELAI-OK", "RECLAM-DELAI", {Kind.COMPLAINT, Kind.SUGGESTION}, None),
    ("COURRIEL-INFO-5J", "COURRIEL-INFO-DELAI", {Kind.INFORMATION}, {Channel.EMAIL, Channel.WEB}),
    ("COURRIER-INFO-10J", "COURRIER-INFO-DELAI", {Kind.INFORMATION}, {Channel.LETTER}),
]


def register_rows(*, department: Department, year: int, today: dt.date | None = None) -> list[ParsedRow]:
    today = today or timezone.localdate()
    requests = (
        UserRequest.objects.filter(department=department, received_date__year=year)
        .exclude(deadline_days=None)
        .values_list(
            "site__code",
            "received_date",
            "kind",
            "channel",
            "replied_date",
            "due_date",
            "on_time",
            "delay_working_days",
        )
    )
    tallies: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])  # on time, due, Σ delay, answered
    for site, received, kind, channel, replied, due, on_time, delay in requests:
        for rate_code, delay_code, kinds, channels in FAMILIES:
            if kind not in kinds or (channels and channel not in channels):
                continue
            tally = tallies[(rate_code, delay_code, site, received.month)]
            if replied is not None:
                tally[0] += bool(on_time)
                tally[1] += 1
                tally[2] += delay
                tally[3] += 1
            elif due is not None and due < today:
                tally[1] += 1
    rows = []
    for (rate_code, delay_code, site, month), (on_time, due, delays, answered) in sorted(tallies.items()):
        period = f"{year}-{month:02d}"
        if due:
            rows.append(ParsedRow(len(rows) + 1, rate_code, site, period, Decimal(on_time), Decimal(due)))
        if answered:
            rows.append(ParsedRow(len(rows) + 1, delay_code, site, period, Decimal(delays), Decimal(answered)))
    return rows


def publish_register_indicators(*, department: Department, year: int, today: dt.date | None = None) -> int:
    """Save the computed measurements of a year (all or nothing). Returns the number of measurements."""
    rows = register_rows(department=department, year=year, today=today)
    save_measurements(actor=None, department=department, rows=rows, source="computed")
    return len(rows)

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
from vigie.core.periods import Period
from vigie.core.tasks import task
from vigie.frameworks.queries import register_indicators
from vigie.indicators.services import ComputedValue, record_computed
from vigie.organisation.models import Department, Site
from vigie.register.models import UserRequest

# Which indicators the register feeds, and which requests each counts: the catalogue's `register_indicators`.
FIELDS = ("site__code", "received_date", "kind", "channel", "replied_date", "due_date", "on_time", "delay_working_days")


def tally(rows, today: dt.date, key=lambda site, received: (site, received.month)) -> dict[tuple, list[int]]:
    """Count per (rate code, delay code, *key): [answered on time, due (answered + past due), Σ delays, answered].
    `rows` are tuples of FIELDS; one rule for the published indicators and the analysis screen."""
    tallies: dict[tuple, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    pairs = register_indicators()
    for site, received, kind, channel, replied, due, on_time, delay in rows:
        for pair in pairs:
            if not pair.counts(kind, channel):
                continue
            counts = tallies[(pair.rate_code, pair.delay_code, *key(site, received))]
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
    for pair in register_indicators():
        on_time, due, delays, answered = tallies.get((pair.rate_code, pair.delay_code), [0, 0, 0, 0])
        result.append(
            {
                "label": pair.label,
                "rate_code": pair.rate_code,
                "delay_code": pair.delay_code,
                "on_time": on_time,
                "due": due,
                "rate": Fraction(on_time * 100, due) if due else None,
                "delays": delays,
                "answered": answered,
                "mean_delay": Fraction(delays, answered) if answered else None,
            }
        )
    return result


def register_values(*, department: Department, year: int, today: dt.date | None = None) -> list[ComputedValue]:
    """The computed measurements of the department's year, per site and month of receipt; « due has passed » is
    judged at the department's own date (its time zone), not the server's."""
    today = today or WorkingCalendar.for_department(department.code).local_date(timezone.now())
    requests = (
        UserRequest.objects.filter(department=department, received_date__year=year)
        .exclude(deadline_days=None)
        .values_list(*FIELDS)
    )
    tallies = sorted(tally(requests, today).items())
    sites = {site.code: site for site in Site.objects.filter(department=department)}
    values = []
    for (rate_code, delay_code, site, month), (on_time, due, delays, answered) in tallies:
        period = Period.of_month(year, month)
        if due:
            values.append(ComputedValue(rate_code, period, Decimal(on_time), Decimal(due), site=sites[site]))
        if answered:
            values.append(ComputedValue(delay_code, period, Decimal(delays), Decimal(answered), site=sites[site]))
    return values


def register_codes() -> list[str]:
    return [code for pair in register_indicators() for code in (pair.rate_code, pair.delay_code)]


@transaction.atomic
def publish_register_indicators(*, department: Department, year: int, today: dt.date | None = None) -> int:
    """Save the computed measurements of a year (all or nothing). Returns the number of measurements.
    A computed measurement that no request supports any more (a complaint requalified as thanks, moved to another
    site or month) is deleted, so the published figures always equal the register's; imported or hand-entered
    measurements of the same indicators are never touched (indicators.services.record_computed)."""
    values = register_values(department=department, year=year, today=today)
    record_computed(department=department, span=Period.of_year(year), codes=register_codes(), values=values)
    return len(values)


@task()
def republish_register_indicators(department_id: int, year: int) -> int:
    """`publish_register_indicators` as a task. Writes no longer queue it (they mark their cells:
    requests/indicator_cells.py); kept so that such tasks queued before that change still run."""
    return publish_register_indicators(department=Department.objects.get(pk=department_id), year=year)

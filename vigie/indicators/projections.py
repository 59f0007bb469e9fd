"""Projection of a monthly volume (vigie.indicators.forecast), read from the measurements and computed off the
request path.

What is projected: the value of a count indicator (PAN visitors, social-network connections…), or the denominator
of a rate or a mean — the demand behind it (calls received for the answered-calls rate, decisions for a mean
processing delay). Only monthly indicators, from the most recent run of consecutive months.

Fitting the candidate models takes seconds (bench: docs/projection.md), so a page or the API never fits: on a cache
miss it enqueues `compute_projection_task` and says « en cours ». The cache key is a digest of the series itself
(the data's last state): any change of a measurement of the series gives a new key, an unchanged series is never
fitted twice."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.core.cache import cache

from vigie.core.periods import Period, PeriodKind
from vigie.core.tasks import task
from vigie.frameworks.models import Indicator
from vigie.organisation.models import Department, Site

from .forecast import MAX_MONTHS, MIN_MONTHS, CannotProject, Forecast, project, too_short
from .models import Measurement
from .queries import results_from_rows

CACHE_SECONDS = 30 * 24 * 3600
PENDING_SECONDS = 120


@dataclass(frozen=True)
class MonthlySeries:
    quantity: str  # what is projected, in French
    periods: list[Period]  # consecutive months, oldest first
    values: list[float]
    left_out: int  # earlier months left out because a month is missing after them

    @property
    def rows(self) -> list[tuple[Period, float]]:
        return list(zip(self.periods, self.values, strict=True))

    @property
    def digest(self) -> str:
        text = repr((str(self.periods[0]) if self.periods else "", self.values))
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def projected_quantity(indicator: Indicator) -> str:
    if indicator.kind == "count":
        return indicator.numerator or indicator.name
    return indicator.denominator or f"dénominateur de « {indicator.name} »"


def monthly_series(*, indicator: Indicator, department: Department, site: Site | None) -> MonthlySeries:
    """The monthly volume of the department (or the site), one query for every year."""
    rows = Measurement.objects.filter(indicator=indicator, department=department, period_kind="month")
    if site is not None:
        rows = rows.filter(site=site)
    by_year: dict[int, list] = {}
    for year, *rest in rows.values_list(
        "year", "site_id", "period_kind", "period_index", "numerator", "denominator", "basis_unknown"
    ):
        by_year.setdefault(year, []).append(rest)
    points: dict[Period, float] = {}
    for year, year_rows in by_year.items():
        for result in results_from_rows(indicator, year, year_rows, PeriodKind.MONTH):
            volume = result.numerator if indicator.kind == "count" else result.denominator
            if volume is not None and not result.basis_unknown:
                points[result.period] = float(volume)
    ordered = sorted(points)
    run: list[Period] = ordered[-1:]
    for period in reversed(ordered[:-1]):
        if _next_month(period) != run[0]:
            break
        run.insert(0, period)
    return MonthlySeries(projected_quantity(indicator), run, [points[p] for p in run], len(ordered) - len(run))


def _next_month(period: Period) -> Period:
    return Period.of_month(period.year + (period.index == 12), period.index % 12 + 1)


@dataclass(frozen=True)
class ProjectionState:
    series: MonthlySeries
    forecast: Forecast | None = None
    refusal: str = ""  # why there is no projection
    pending: bool = False


def _key(indicator: Indicator, department: Department, site: Site | None, months: int, series: MonthlySeries) -> str:
    return f"projection:{indicator.pk}:{department.pk}:{site.pk if site else 0}:{months}:{series.digest}"


def projection_state(
    *, indicator: Indicator, department: Department, site: Site | None, months: int = 12
) -> ProjectionState:
    """The projection if it is computed, its refusal, or « pending » after enqueueing its computation."""
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError(f"months: 1 à {MAX_MONTHS}")
    series = monthly_series(indicator=indicator, department=department, site=site)
    if indicator.periodicity != PeriodKind.MONTH:
        return ProjectionState(series, refusal="Seuls les indicateurs mensuels se projettent.")
    if len(series.values) < MIN_MONTHS:
        return ProjectionState(series, refusal=too_short(len(series.values)))
    key = _key(indicator, department, site, months, series)
    stored = cache.get(key)
    if isinstance(stored, Forecast):
        return ProjectionState(series, forecast=stored)
    if isinstance(stored, str):
        return ProjectionState(series, refusal=stored)
    if cache.add(f"{key}:pending", True, PENDING_SECONDS):
        compute_projection_task.enqueue(indicator.pk, department.pk, site.pk if site else None, months)
    stored = cache.get(key)  # an immediate task backend has already computed it
    if isinstance(stored, Forecast):
        return ProjectionState(series, forecast=stored)
    if isinstance(stored, str):
        return ProjectionState(series, refusal=stored)
    return ProjectionState(series, pending=True)


def compute_projection(*, indicator: Indicator, department: Department, site: Site | None, months: int) -> None:
    """Fit and store the projection (or the reason there is none) under the series' key."""
    series = monthly_series(indicator=indicator, department=department, site=site)
    key = _key(indicator, department, site, months, series)
    try:
        outcome: Forecast | str = project(
            series.values, first_year=series.periods[0].year, first_month=series.periods[0].index, months=months
        )
    except CannotProject as exc:
        outcome = str(exc)
    cache.set(key, outcome, CACHE_SECONDS)
    cache.delete(f"{key}:pending")


@task()
def compute_projection_task(indicator_id: int, department_id: int, site_id: int | None, months: int) -> None:
    """Run by `vigie worker`: fit one series' projection and keep it in the cache (read by projection_state)."""
    compute_projection(
        indicator=Indicator.objects.get(pk=indicator_id),
        department=Department.objects.get(pk=department_id),
        site=Site.objects.get(pk=site_id) if site_id else None,
        months=months,
    )

"""Read helpers for the indicator dashboards (department and site).

Bounded queries: the measurements of the department for the year and the previous one come in one query,
and everything (trend, latest value, yearly value, previous year, site comparison) is aggregated in Python
by the indicator's rule (queries.results_from_rows → rules.aggregate). The number of queries does not
grow with the number of sites or indicators.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import Q

from vigie.core.formatting import UNIT_DISPLAY, unit_decimals
from vigie.core.periods import Period, PeriodKind
from vigie.frameworks.models import Indicator
from vigie.frameworks.queries import scope_indicator_ids
from vigie.organisation.models import Department, Site

from .charts import bar_chart
from .models import Measurement
from .queries import Result, results_from_rows

MONTHS_SHORT = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."]


def period_label(period: Period) -> str:
    if period.kind == PeriodKind.MONTH:
        return f"{MONTHS_SHORT[period.index - 1]} {period.year}"
    return f"T{period.index} {period.year}" if period.kind == PeriodKind.QUARTER else str(period.year)


def short_label(period: Period) -> str:
    return MONTHS_SHORT[period.index - 1] if period.kind == PeriodKind.MONTH else period_label(period)


def _difference(current: Result | None, previous: Result | None) -> Fraction | None:
    if current is None or previous is None or current.value is None or previous.value is None:
        return None
    return current.value - previous.value


@dataclass
class TrendRow:
    label: str
    result: Result
    previous: Result | None

    @property
    def difference(self) -> Fraction | None:
        return _difference(self.result, self.previous)


@dataclass
class SiteLine:
    site: Site
    result: Result | None
    previous: Result | None
    is_focus: bool = False

    @property
    def difference(self) -> Fraction | None:
        return _difference(self.result, self.previous)


@dataclass
class Card:
    """Everything one indicator shows on a dashboard."""

    indicator: Indicator
    in_scope: bool
    year_result: Result | None
    previous_result: Result | None
    latest: TrendRow | None
    trend: list[TrendRow]
    sites: list[SiteLine] = field(default_factory=list)
    chart: str = ""

    @property
    def difference(self) -> Fraction | None:
        return _difference(self.year_result, self.previous_result)

    @property
    def anchor(self) -> str:
        return "indicateur-" + "".join(c if c.isalnum() else "-" for c in self.indicator.code.lower())

    @property
    def trend_by(self) -> str:
        return self.indicator.get_periodicity_display()


@dataclass
class Dashboard:
    department: Department
    site: Site | None
    year: int
    sites: list[Site]
    cards: list[Card]
    has_scope: bool
    other_measured: int  # measured indicators outside the labelling scope (shown in the yearly results)

    @property
    def measured(self) -> list[Card]:
        return [c for c in self.cards if c.year_result is not None]


def build_dashboard(
    *,
    department: Department,
    year: int,
    sites: list[Site],
    site: Site | None = None,
    whole_department: bool = True,
) -> Dashboard:
    """The dashboard of a department (all the `sites` the user sees) or of one of its sites.

    `sites` are the user's visible sites of the department (the comparison shows only them);
    `whole_department` says whether the user reads the whole department (otherwise only rows of the
    visible sites count, plus department-wide rows, as in queries.yearly_summary).
    """
    scope_ids = scope_indicator_ids([site.pk] if site else [s.pk for s in sites])
    visible_ids = {s.pk for s in sites}

    # one query: the measurements of both years
    rows = Measurement.objects.filter(department=department, year__in=[year - 1, year]).values_list(
        "indicator_id", "year", "site_id", "period_kind", "period_index", "numerator", "denominator", "basis_unknown"
    )
    total: dict[tuple[int, int], list] = defaultdict(list)  # (indicator, year) → rows of the dashboard's perimeter
    per_site: dict[tuple[int, int, int], list] = defaultdict(list)  # (indicator, year, site) → rows
    for indicator_id, row_year, site_id, *rest in rows:
        if site_id is not None and (not whole_department or site is not None) and site_id not in visible_ids:
            continue
        row = (site_id, *rest)
        if site_id is not None:
            per_site[(indicator_id, row_year, site_id)].append(row)
        if site is None or site_id == site.pk:
            total[(indicator_id, row_year)].append(row)
    measured_ids = {key[0] for key in total}

    # one query: the indicators of the scope, the department's local indicators, and the measured ones
    indicators = list(
        Indicator.objects.filter(Q(pk__in=scope_ids | measured_ids) | Q(department=department)).order_by("code")
    )
    has_scope = bool(scope_ids)
    if has_scope:
        shown = [i for i in indicators if i.pk in scope_ids or i.department_id == department.pk]
    else:
        shown = [i for i in indicators if i.pk in measured_ids]
    other_measured = len({i.pk for i in indicators if i.pk in measured_ids} - {i.pk for i in shown})

    cards = []
    for indicator in shown:
        cards.append(_card(indicator, year, total, per_site, sites, site, in_scope=indicator.pk in scope_ids))
    return Dashboard(department, site, year, sites, cards, has_scope, other_measured)


def _one(results: list[Result]) -> Result | None:
    return results[0] if results else None


def _card(indicator, year, total, per_site, sites, focus, *, in_scope) -> Card:
    current_rows = total.get((indicator.pk, year), [])
    previous_rows = total.get((indicator.pk, year - 1), [])
    year_result = _one(results_from_rows(indicator, year, current_rows, PeriodKind.YEAR))
    previous_result = _one(results_from_rows(indicator, year - 1, previous_rows, PeriodKind.YEAR))

    if indicator.periodicity in (PeriodKind.MONTH, PeriodKind.QUARTER):
        by = indicator.periodicity
        current = results_from_rows(indicator, year, current_rows, by)
        previous = {
            (r.period.kind, r.period.index): r for r in results_from_rows(indicator, year - 1, previous_rows, by)
        }
        trend = [TrendRow(period_label(r.period), r, previous.get((r.period.kind, r.period.index))) for r in current]
    else:  # a yearly indicator: its trend is the previous year then this one
        trend = [TrendRow(str(r.period.year), r, None) for r in (previous_result, year_result) if r is not None]
        if len(trend) == 2:
            trend[1].previous = trend[0].result

    latest = next(
        (row for row in reversed(trend) if row.result.value is not None and row.result.period.year == year), None
    )

    site_lines = []
    if len(sites) > 1 or focus is not None:
        for s in sites:
            result = _one(
                results_from_rows(indicator, year, per_site.get((indicator.pk, year, s.pk), []), PeriodKind.YEAR)
            )
            before = _one(
                results_from_rows(
                    indicator, year - 1, per_site.get((indicator.pk, year - 1, s.pk), []), PeriodKind.YEAR
                )
            )
            if result is not None or before is not None:
                site_lines.append(SiteLine(s, result, before, is_focus=focus is not None and s.pk == focus.pk))
        if focus is not None and len(site_lines) < 2:
            site_lines = []  # nothing to compare the site with

    chart = ""
    if any(row.result.value is not None for row in trend):
        chart = bar_chart(
            title=f"{indicator.name} — évolution {year}",
            labels=[short_label(row.result.period) for row in trend],
            values=[float(row.result.value) if row.result.value is not None else None for row in trend],
            target=float(indicator.target_value) if indicator.target_value is not None else None,
            unit=UNIT_DISPLAY.get(indicator.unit, (0, ""))[1],
            decimals=unit_decimals(indicator.unit),
        )
    return Card(indicator, in_scope, year_result, previous_result, latest, trend, site_lines, chart)

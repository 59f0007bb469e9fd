"""Reads: indicator results aggregated from measurements, by month, quarter or year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When

from vigie.core.periods import GRANULARITY, Period, PeriodKind
from vigie.frameworks.models import Indicator
from vigie.organisation.models import Department, Site

from .models import Measurement
from .rules import aggregate, target_met


@dataclass(frozen=True)
class Result:
    period: Period
    numerator: Fraction | None
    denominator: Fraction | None
    value: Fraction | None
    target: float | None
    met: bool | None
    basis_unknown: bool
    parts: int

    def as_json(self) -> dict:
        def number(x):
            if x is None:
                return None
            return int(x) if x.denominator == 1 else float(x)

        return {
            "period": str(self.period),
            "numerator": number(self.numerator),
            "denominator": number(self.denominator),
            "value": None if self.value is None else float(self.value),
            "target": self.target,
            "met": self.met,
        }


class ResultsError(ValueError):
    pass


def _combine(rows: list[tuple]) -> tuple:
    numerators = [n for n, _, _ in rows if n is not None]
    denominators = [d for _, d, _ in rows if d is not None]
    return (
        sum(numerators) if numerators else None,
        sum(denominators) if denominators else None,
        any(b for _, _, b in rows),
    )


def period_rows(indicator: Indicator, year: int, rows) -> dict[Period, list[tuple]]:
    """The (numerator, denominator, basis_unknown) rows that count for each finest period of a department, from its
    (site_id, kind, index, numerator, denominator, basis_unknown) rows of one indicator and year.

    Per finest period, department-wide measurements when there are some (e.g. website visits), otherwise the sum of
    the sites' measurements (combined into one row for a mean-of-period-values indicator)."""
    per_period: dict[Period, dict[str, list]] = defaultdict(lambda: {"department": [], "sites": []})
    for site_id, kind, index, numerator, denominator, basis_unknown in rows:
        slot = "department" if site_id is None else "sites"
        per_period[Period.calendar(kind, year, index)][slot].append((numerator, denominator, basis_unknown))
    chosen: dict[Period, list[tuple]] = {}
    for period, slots in per_period.items():
        rows_of_period = slots["department"] or slots["sites"]
        if indicator.aggregation == "mean_of_period_values" and len(rows_of_period) > 1:
            # the department's value of one period is that of the summed sites; the year is the mean of periods
            rows_of_period = [_combine(rows_of_period)]
        chosen[period] = rows_of_period
    return chosen


def results_from_period_rows(
    indicator: Indicator, rows_by_period: dict[Period, list[tuple]], by: PeriodKind | str
) -> list[Result]:
    """One result per period at granularity `by`, by the indicator's rule, from the rows of each finest period."""
    buckets: dict[Period, list] = defaultdict(list)
    for period, rows_of_period in rows_by_period.items():
        # a yearly value alone of a monthly indicator (a past year known only as a whole) stays a year by month
        coarser = GRANULARITY.get(period.kind, -1) > GRANULARITY.get(PeriodKind(by), 3)
        buckets[period if coarser else period.bucket(by)].extend(rows_of_period)
    target = float(indicator.target_value) if indicator.target_value is not None else None
    results = []
    for period in sorted(buckets):
        parts = buckets[period]
        agg = aggregate(indicator.kind, indicator.aggregation, [(n, d) for n, d, _ in parts])
        results.append(
            Result(
                period=period,
                numerator=agg.numerator,
                denominator=agg.denominator,
                value=agg.value,
                target=target,
                met=target_met(agg.value, indicator.target_value, indicator.target_direction),
                basis_unknown=any(b for _, _, b in parts),
                parts=agg.parts,
            )
        )
    return results


def results_from_rows(indicator: Indicator, year: int, rows, by: PeriodKind | str) -> list[Result]:
    """Aggregate (site_id, kind, index, numerator, denominator, basis_unknown) rows of one indicator and year."""
    return results_from_period_rows(indicator, period_rows(indicator, year, rows), by)


def indicator_results(
    *, indicator: Indicator, department: Department, site: Site | None, year: int, by: str
) -> list[Result]:
    """One result per period of `year` at granularity `by`, in order, from the finest stored measurements."""
    if by not in GRANULARITY:
        raise ResultsError("« by » vaut month, quarter ou year")
    if GRANULARITY[by] < GRANULARITY[indicator.periodicity]:
        raise ResultsError(
            f"{indicator.code} a une périodicité {indicator.get_periodicity_display()} : pas de détail plus fin"
        )
    rows = Measurement.objects.filter(indicator=indicator, department=department, year=year).values_list(
        "site_id", "period_kind", "period_index", "numerator", "denominator", "basis_unknown"
    )
    if site is not None:
        rows = rows.filter(site=site)
    return results_from_rows(indicator, year, rows, by)


@dataclass(frozen=True)
class YearLine:
    indicator: Indicator
    current: Result | None
    previous: Result | None

    @property
    def difference(self) -> Fraction | None:
        """Change from the previous year: in points for a rate, in the indicator's unit otherwise."""
        if self.current is None or self.previous is None or None in (self.current.value, self.previous.value):
            return None
        return self.current.value - self.previous.value


def yearly_summary(
    *,
    department: Department,
    year: int,
    site: Site | None = None,
    site_ids: set[int] | None = None,
    required_ids: set[int] = frozenset(),
) -> list[YearLine]:
    """Yearly value of every indicator measured in the department (or a site), with the previous year.

    One query for the measurements of both years; aggregation in Python by the indicator's rule.
    `site_ids` restricts the sites counted (the user's scope); department-wide rows always count.
    """
    rows = Measurement.objects.filter(department=department, year__in=[year - 1, year]).values_list(
        "indicator_id", "year", "site_id", "period_kind", "period_index", "numerator", "denominator", "basis_unknown"
    )
    if site is not None:
        rows = rows.filter(site=site)
    grouped: dict[tuple[int, int], list] = defaultdict(list)
    for indicator_id, row_year, *rest in rows:
        if site_ids is not None and rest[0] is not None and rest[0] not in site_ids:
            continue
        grouped[(indicator_id, row_year)].append(rest)
    # measured indicators, plus those the labelling scope requires even when nothing is measured yet
    indicators = {i.pk: i for i in Indicator.objects.filter(pk__in={key[0] for key in grouped} | set(required_ids))}
    lines = []
    for indicator in sorted(indicators.values(), key=lambda i: i.code):
        current = results_from_rows(indicator, year, grouped.get((indicator.pk, year), []), PeriodKind.YEAR)
        previous = results_from_rows(indicator, year - 1, grouped.get((indicator.pk, year - 1), []), PeriodKind.YEAR)
        lines.append(YearLine(indicator, current[0] if current else None, previous[0] if previous else None))
    return lines


def results_by_site(*, indicator: Indicator, department: Department, year: int, sites: list[Site]) -> list:
    """The yearly value of one indicator for each given site (one query)."""
    rows = Measurement.objects.filter(
        indicator=indicator, department=department, year=year, site__in=sites
    ).values_list("site_id", "site_id", "period_kind", "period_index", "numerator", "denominator", "basis_unknown")
    per_site: dict[int, list] = defaultdict(list)
    for site_id, *rest in rows:
        per_site[site_id].append(rest)
    result = []
    for site in sites:
        if site.pk in per_site:
            result.append((site, results_from_rows(indicator, year, per_site[site.pk], PeriodKind.YEAR)[0]))
    return result


def find_indicator(code: str, department: Department) -> Indicator | None:
    return (
        Indicator.objects.filter(code=code, department=department).first()
        or Indicator.objects.filter(code=code, department=None).first()
    )


@dataclass(frozen=True)
class NationalYear:
    """One indicator's yearly result in each department that measured it, and for the country.

    The country's figure adds the departments' bases period by period (department-wide measurements when a
    department has some for the period, otherwise its sites'), then applies the indicator's rule over the year:
    Σ numerators / Σ denominators for a ratio, Σ counts for a count; for a mean of period values, each period's
    national value is Σ numerators / Σ denominators of that period and the year is the mean of those periods
    (docs/consolidation.md). Never an average of department values."""

    indicator: Indicator
    year: int
    national: Result | None
    departments: dict[int, Result]  # department pk → yearly result, for departments with measurements


def national_years(*, year: int, indicators: list[Indicator], site_kind: str = "") -> dict[int, NationalYear]:
    """The yearly results of national `indicators` in every department and for the country, by indicator pk.

    One query, grouped in SQL by indicator, department, level (department-wide or sites) and finest period; the
    exact aggregation is then done in Python. Local indicators never leave their department: only national
    indicators are read. With `site_kind`, only the measurements of sites of that kind count (department-wide
    measurements have no site kind and are left out)."""
    national_ids = [i.pk for i in indicators if i.department_id is None]
    measurements = Measurement.objects.filter(year=year, indicator_id__in=national_ids)
    if site_kind:
        measurements = measurements.filter(site__kind=site_kind)
    rows = (
        measurements.values("indicator_id", "department_id", "period_kind", "period_index")
        .annotate(
            department_level=Case(When(site__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        .values_list("indicator_id", "department_id", "department_level", "period_kind", "period_index")
        .annotate(
            n=Sum("numerator"),
            d=Sum("denominator"),
            unknown=Count("pk", filter=Q(basis_unknown=True)),
        )
        .order_by()
    )
    grouped: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for indicator_id, department_id, department_level, kind, index, n, d, unknown in rows:
        site_marker = None if department_level else 0
        grouped[indicator_id][department_id].append((site_marker, kind, index, n, d, unknown > 0))
    result = {}
    for indicator in indicators:
        if indicator.pk not in national_ids:
            continue
        departments: dict[int, Result] = {}
        country: dict[Period, list[tuple]] = defaultdict(list)
        for department_id, department_rows in grouped.get(indicator.pk, {}).items():
            chosen = period_rows(indicator, year, department_rows)
            departments[department_id] = results_from_period_rows(indicator, chosen, PeriodKind.YEAR)[0]
            for period, rows_of_period in chosen.items():
                country[period].extend(rows_of_period)
        # one row per period: Σ numerators and Σ denominators of the departments (the same sums for a ratio or a
        # count, and the national value of the period for a mean of period values)
        country = {period: [_combine(rows_of_period)] for period, rows_of_period in country.items()}
        national = results_from_period_rows(indicator, country, PeriodKind.YEAR)
        result[indicator.pk] = NationalYear(indicator, year, national[0] if national else None, departments)
    return result


def yearly_values_alone(*, department: Department, codes: list[str], years: set[int]) -> list[tuple[str, int]]:
    """(indicator code, year) of the yearly values alone stored for finer indicators among `codes` (a past year
    known only as a whole): monthly values of those years would be refused (indicators.services)."""
    return sorted(
        set(
            Measurement.objects.filter(
                department=department, indicator__code__in=codes, year__in=years, period_kind=PeriodKind.YEAR
            )
            .exclude(indicator__periodicity=PeriodKind.YEAR)
            .values_list("indicator__code", "year")
        )
    )

"""Reads: indicator results aggregated from measurements, by month, quarter or year."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections
from django.db.models import Count, Q, QuerySet

from vigie.core.periods import GRANULARITY, Period, PeriodKind
from vigie.frameworks.models import Indicator
from vigie.organisation.models import Department, Site

from .models import Measurement, StaleCell
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


# --- results from sums made by the database ------------------------------------------------------------------------
#
# The database adds numerators and denominators per indicator, year, level (department-wide rows apart from site
# rows) and finest period: a few rows per indicator instead of every measurement. The indicator's rule is then applied
# to those sums exactly as to the raw rows (results_from_rows stays the reference: tests/indicators/test_summed.py
# compares both on random data). A summed row is (level, kind, index, n, d_of_counted, d_all, parts, unknown) where
# `d_of_counted` adds the denominators of rows that have a numerator (what a ratio counts), `d_all` every denominator
# (what the sites' sum of a mean-of-period-values period counts), `parts` the rows with a numerator and `unknown` the
# rows whose basis is unknown.


def _scaled(value) -> Decimal | None:
    """An integer image (sum of value × 10 000, SQLite) back to the decimal it stands for."""
    return None if value is None else Decimal(int(value)).scaleb(-4)


def _grouped_sql(measurements: QuerySet, keys: tuple[str, ...]) -> tuple[str, list] | None:
    """The statement of summed_rows: the sums per (*keys, level, kind, index) of `measurements` (a filtered queryset),
    or None when its filters match nothing. The ORM compiles the queryset's FROM (with its joins) and WHERE; the
    grouped select is written here (building it with annotate() cost more than running it on one department).

    Portable SQL (aggregate FILTER: PostgreSQL, SQLite >= 3.30). SQLite stores decimals as floating point and would
    add them as floats: there the sums add each value × 10 000 as an exact integer (a stored value has at most 18
    digits, 4 of them decimals), turned back into decimals by _fetch."""
    using = measurements.db
    connection = connections[using]
    query = measurements.query
    compiler = query.get_compiler(using=using)
    try:
        where, params = compiler.compile(query.where)
    except EmptyResultSet:
        return None
    except FullResultSet:
        where, params = "", []
    from_clause, from_params = compiler.get_from_clause()
    table = compiler.quote_name_unless_alias(query.base_table)
    quote = connection.ops.quote_name

    def column(name: str) -> str:
        return f"{table}.{quote(Measurement._meta.get_field(name).column)}"

    def amount(name: str) -> str:
        if connection.vendor == "sqlite":
            return f"CAST(ROUND({column(name)} * 10000) AS INTEGER)"
        return column(name)

    counted = f"{column('numerator')} IS NOT NULL"
    selected = "".join(f"{column(key)} AS {quote(key)}, " for key in keys)
    positions = ", ".join(str(i) for i in range(1, len(keys) + 4))
    sql = (
        f"SELECT {selected}"  # noqa: S608 - identifiers from the model; values are parameters
        f"CASE WHEN {column('site')} IS NULL THEN 1 ELSE 0 END AS department_level, "
        f"{column('period_kind')} AS period_kind, {column('period_index')} AS period_index, "
        f"SUM({amount('numerator')}) AS n, SUM({amount('denominator')}) FILTER (WHERE {counted}) AS d_counted, "
        f"SUM({amount('denominator')}) AS d_all, COUNT(*) FILTER (WHERE {counted}) AS parts, "
        f"COUNT(*) FILTER (WHERE {column('basis_unknown')}) AS unknown "
        f"FROM {' '.join(from_clause)}{f' WHERE {where}' if where else ''} GROUP BY {positions}"
    )
    return sql, [*from_params, *params]


def _fetch(statement: tuple[str, list] | None, using: str, width: int) -> list[tuple]:
    """Rows of a grouped statement, executed without the ORM's per-value converters: sums come back as Decimal
    (PostgreSQL) or integers (SQLite's scaled sums, turned back into decimals here), levels and counts as integers."""
    if statement is None:
        return []
    connection = connections[using]
    scaled = connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        fetched = cursor.fetchall()
    result = []
    for row in fetched:
        level, kind, index, n, d_counted, d_all, parts, unknown = row[width:]
        if scaled:
            n, d_counted, d_all = _scaled(n), _scaled(d_counted), _scaled(d_all)
        # a count summed by PostgreSQL is numeric (a Decimal): the counts stay integers
        result.append((*row[:width], None if level else 0, kind, index, n, d_counted, d_all, int(parts), int(unknown)))
    return result


def summed_rows(measurements: QuerySet, *keys: str) -> list[tuple]:
    """(*keys, level, kind, index, n, d_of_counted, d_all, parts, unknown) per group of `measurements`: level is None
    for department-wide rows, 0 for site rows."""
    return _fetch(_grouped_sql(measurements, keys), measurements.db, len(keys))


def yearly_sums(measurements: QuerySet, *keys: str, mean_ids: Collection[int] | None = None) -> list[tuple]:
    """summed_rows for yearly results, with the level chosen and the year added up by the database: per finest period
    the department-wide level when it has rows (the window's maximum level), then one row per (*keys) for a ratio or
    a count — its year is Σ of its periods — and one per finest period for the indicators `mean_ids` (mean of period
    values). Rows are (*keys, None, kind, index, n, d_of_counted, d_all, parts, unknown); a yearly row is
    ("year", 1). Portable SQL (window functions: PostgreSQL, SQLite >= 3.25) around summed_rows' statement."""
    using = measurements.db
    grouped = _grouped_sql(measurements, keys)
    if grouped is None:
        return []
    inner, params = grouped
    quote = connections[using].ops.quote_name
    columns = ", ".join(quote(k) for k in keys)
    if mean_ids is None:  # every indicator whose rule is the mean of period values, read by the same statement
        means = (
            f"SELECT {quote('id')} FROM {quote(Indicator._meta.db_table)} "  # noqa: S608
            f"WHERE {quote('aggregation')} = 'mean_of_period_values'"
        )
    else:
        means = ", ".join(str(int(pk)) for pk in mean_ids) or "NULL"
    mean = f"{quote('indicator_id')} IN ({means})"
    sql = (
        f"SELECT {columns}, 1, "  # noqa: S608 - identifiers from the model, integers, and parameters
        f"CASE WHEN {mean} THEN period_kind ELSE 'year' END AS p_kind, "
        f"CASE WHEN {mean} THEN period_index ELSE 1 END AS p_index, "
        "SUM(n), SUM(d_counted), SUM(d_all), SUM(parts), SUM(unknown) "
        f"FROM (SELECT g.*, MAX(department_level) OVER (PARTITION BY {columns}, period_kind, period_index) AS top "
        f"FROM ({inner}) g) c WHERE department_level = top GROUP BY {columns}, p_kind, p_index"
    )
    return _fetch((sql, params), using, len(keys))


def _add(values: list):
    present = [v for v in values if v is not None]
    return sum(present[1:], present[0]) if present else None


@lru_cache(maxsize=4096)
def _calendar(kind: str, year: int, index: int) -> Period:
    return Period.calendar(kind, year, index)


@lru_cache(maxsize=4096)
def _bucket(period: Period, by: str) -> Period:
    # a yearly value alone of a monthly indicator (a past year known only as a whole) stays a year by month, as in
    # results_from_period_rows
    if GRANULARITY.get(period.kind, -1) > GRANULARITY.get(PeriodKind(by), 3):
        return period
    return period.bucket(by)


def period_sums(year: int, sums) -> dict[Period, tuple]:
    """One summed row (n, d_of_counted, d_all, parts, unknown) per finest period from (level, kind, index, n,
    d_of_counted, d_all, parts, unknown) rows: the department-wide rows when the period has some, otherwise the
    sites' (the choice of period_rows)."""
    department: dict[tuple, list] = {}
    sites: dict[tuple, list] = {}
    for level, kind, index, *rest in sums:
        (department if level is None else sites).setdefault((kind, index), []).append(rest)
    chosen = {}
    for key in department.keys() | sites.keys():
        rows = department.get(key) or sites[key]
        row = rows[0] if len(rows) == 1 else tuple(_add(list(column)) for column in zip(*rows, strict=True))
        chosen[_calendar(key[0], year, key[1])] = row
    return chosen


def results_from_period_sums(indicator: Indicator, sums_by_period: dict[Period, tuple], by: PeriodKind | str):
    """One result per period at granularity `by`, by the indicator's rule, from one summed row per finest period:
    the same results as results_from_period_rows on the raw rows."""
    buckets: dict[Period, list] = defaultdict(list)
    for period, row in sums_by_period.items():
        buckets[_bucket(period, by)].append(row)
    target = float(indicator.target_value) if indicator.target_value is not None else None
    mean = indicator.aggregation == "mean_of_period_values"
    results = []
    for period in sorted(buckets):
        rows = buckets[period]
        # a ratio or a count adds the denominators of the counted rows; a mean of period values takes, per period,
        # the value of the summed sites (every denominator of the period, as queries._combine)
        agg = aggregate(indicator.kind, indicator.aggregation, [(n, d_all if mean else d) for n, d, d_all, *_ in rows])
        results.append(
            Result(
                period=period,
                numerator=agg.numerator,
                denominator=agg.denominator,
                value=agg.value,
                target=target,
                met=target_met(agg.value, indicator.target_value, indicator.target_direction),
                basis_unknown=any(row[4] for row in rows),
                parts=agg.parts if mean else sum(row[3] for row in rows),
            )
        )
    return results


def results_from_sums(indicator: Indicator, year: int, sums, by: PeriodKind | str) -> list[Result]:
    return results_from_period_sums(indicator, period_sums(year, sums), by)


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
    measurements = Measurement.objects.filter(indicator=indicator, department=department, year=year)
    if site is not None:
        measurements = measurements.filter(site=site)
    return results_from_sums(indicator, year, summed_rows(measurements), by)


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

    One query for both years, summed by the database per indicator, level and finest period; the indicator's rule
    is then applied to those sums. `site_ids` restricts the sites counted (the user's scope); department-wide rows
    always count.
    """
    measurements = Measurement.objects.filter(department=department, year__in=[year - 1, year])
    if site is not None:
        measurements = measurements.filter(site=site)
    if site_ids is not None:
        measurements = measurements.filter(Q(site__isnull=True) | Q(site_id__in=site_ids))
    # the level is chosen by the database: one summed row per indicator, year and period (the year itself for a
    # ratio or a count)
    grouped: dict[tuple[int, int], dict[Period, tuple]] = defaultdict(dict)
    for indicator_id, row_year, _level, kind, index, *sums in yearly_sums(measurements, "indicator_id", "year"):
        grouped[(indicator_id, row_year)][_calendar(kind, row_year, index)] = sums
    # measured indicators, plus those the labelling scope requires even when nothing is measured yet
    ids = {key[0] for key in grouped} | set(required_ids)
    lines = []
    for indicator in sorted(Indicator.objects.filter(pk__in=ids).order_by(), key=lambda i: i.code):
        current = results_from_period_sums(indicator, grouped.get((indicator.pk, year), {}), PeriodKind.YEAR)
        previous = results_from_period_sums(indicator, grouped.get((indicator.pk, year - 1), {}), PeriodKind.YEAR)
        lines.append(YearLine(indicator, current[0] if current else None, previous[0] if previous else None))
    return lines


def results_by_site(*, indicator: Indicator, department: Department, year: int, sites: list[Site]) -> list:
    """The yearly value of one indicator for each given site (one query)."""
    measurements = Measurement.objects.filter(indicator=indicator, department=department, year=year, site__in=sites)
    per_site: dict[int, list] = defaultdict(list)
    for site_id, *rest in summed_rows(measurements, "site_id"):
        per_site[site_id].append(rest)
    result = []
    for site in sites:
        if site.pk in per_site:
            result.append((site, results_from_sums(indicator, year, per_site[site.pk], PeriodKind.YEAR)[0]))
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

    One query, summed in SQL by indicator, department, level (department-wide or sites) and finest period
    (summed_rows); the indicator's rule is then applied exactly to those sums. Local indicators never leave their
    department: only national indicators are read. With `site_kind`, only the measurements of sites of that kind
    count (department-wide measurements have no site kind and are left out)."""
    national_ids = [i.pk for i in indicators if i.department_id is None]
    measurements = Measurement.objects.filter(year=year, indicator_id__in=national_ids)
    if site_kind:
        measurements = measurements.filter(site__kind=site_kind)
    # per indicator and department, one summed row per period of the level the database chose (the year itself for a
    # ratio or a count)
    grouped: dict[int, dict[int, dict[Period, list]]] = defaultdict(lambda: defaultdict(dict))
    mean_ids = [i.pk for i in indicators if i.aggregation == "mean_of_period_values"]
    for indicator_id, department_id, _level, kind, index, *sums in yearly_sums(
        measurements, "indicator_id", "department_id", mean_ids=mean_ids
    ):
        grouped[indicator_id][department_id][_calendar(kind, year, index)] = sums
    result = {}
    for indicator in indicators:
        if indicator.pk not in national_ids:
            continue
        departments: dict[int, Result] = {}
        country: dict[Period, list[tuple]] = defaultdict(list)
        for department_id, chosen in grouped.get(indicator.pk, {}).items():
            departments[department_id] = results_from_period_sums(indicator, chosen, PeriodKind.YEAR)[0]
            for period, row in chosen.items():
                country[period].append(row)
        # one row per period: Σ numerators and Σ denominators of the departments (the same sums for a ratio or a
        # count, and the national value of the period for a mean of period values)
        country_sums = {
            period: tuple(_add(list(column)) for column in zip(*rows, strict=True)) for period, rows in country.items()
        }
        national = results_from_period_sums(indicator, country_sums, PeriodKind.YEAR)
        result[indicator.pk] = NationalYear(indicator, year, national[0] if national else None, departments)
    return result


def recalculating(*, department: Department, year: int) -> bool:
    """Whether computed figures of the department's year are being recomputed (cells marked by a change of the
    records that the recomputation has not taken yet: models.StaleCell)."""
    return StaleCell.objects.filter(department=department, year=year).exists()


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


def national_default_year(*, until: int) -> int | None:
    """The year a national comparison opens on: the latest year up to `until` in which more than half as many
    departments reported national indicators as in the best-covered year (one grouped query). A year that one
    department alone has begun (its register's computed figures) is not a comparison."""
    counts = dict(
        Measurement.objects.filter(year__lte=until, indicator__department__isnull=True)
        .values_list("year")
        .annotate(departments=Count("department", distinct=True))
        .values_list("year", "departments")
    )
    if not counts:
        return None
    best = max(counts.values())
    return max(year for year, count in counts.items() if count * 2 > best)

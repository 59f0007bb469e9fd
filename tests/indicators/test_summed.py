"""Results summed by the database (queries.summed_rows) give exactly the Fractions of the reference engine that reads
every raw row (queries.results_from_rows): department, site, scope, finer periods and the country, on random data."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.organisation.factories import DepartmentFactory, SiteFactory
from vigie.core.periods import PeriodKind
from vigie.frameworks.models import Indicator
from vigie.indicators.models import Measurement
from vigie.indicators.queries import (
    _combine,
    indicator_results,
    national_years,
    period_rows,
    results_by_site,
    results_from_period_rows,
    results_from_rows,
    yearly_summary,
)

YEAR = 2025
RULES = [("rate", "percent", "ratio_of_sums"), ("rate", "percent", "mean_of_period_values"), ("count", "", "sum")]

amount = st.one_of(
    st.none(),
    st.integers(0, 10**9).map(Decimal),
    st.decimals(min_value=0, max_value=10**8, places=4, allow_nan=False, allow_infinity=False),
)
row = st.tuples(
    st.integers(0, len(RULES) - 1),  # indicator
    st.integers(0, 1),  # department
    st.sampled_from([None, 0, 1, 2]),  # site of the department (None: department-wide)
    st.sampled_from([YEAR - 1, YEAR]),
    st.integers(1, 12),  # month
    amount,
    amount,
    st.booleans(),
)


@pytest.fixture
def place(db):
    departments = [DepartmentFactory(code="01"), DepartmentFactory(code="02")]
    sites = {
        d.pk: [SiteFactory(department=d, kind="prefecture" if i else "sous_prefecture") for i in range(3)]
        for d in departments
    }
    indicators = [
        Indicator.objects.create(
            code=f"PROP-{i}",
            name=f"P{i}",
            kind=kind,
            unit=unit or "number",
            periodicity="month",
            aggregation=rule,
            target_value=Decimal(50),
            target_direction="gte",
        )
        for i, (kind, unit, rule) in enumerate(RULES)
    ]
    return departments, sites, indicators


def _store(place, rows) -> None:
    departments, sites, indicators = place
    Measurement.objects.all().delete()
    seen = set()
    objects = []
    for indicator, department, site, year, month, n, d, unknown in rows:
        key = (indicator, department, site, year, month)
        if key in seen:
            continue
        seen.add(key)
        dep = departments[department]
        objects.append(
            Measurement(
                indicator=indicators[indicator],
                department=dep,
                site=None if site is None else sites[dep.pk][site],
                period_kind="month",
                year=year,
                period_index=month,
                numerator=n,
                denominator=d,
                basis_unknown=unknown,
                source="typed",
            )
        )
    Measurement.objects.bulk_create(objects)


def _raw(indicator, department, year, site_ids=None):
    rows = Measurement.objects.filter(indicator=indicator, department=department, year=year).values_list(
        "site_id", "period_kind", "period_index", "numerator", "denominator", "basis_unknown"
    )
    return [r for r in rows if site_ids is None or r[0] is None or r[0] in site_ids]


def _only(indicator, department, site):
    return [r for r in _raw(indicator, department, YEAR) if r[0] == site.pk]


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(row, max_size=60))
def test_summed_results_equal_the_raw_engine(place, rows):
    _store(place, rows)
    departments, sites, indicators = place
    for department in departments:
        scope = {sites[department.pk][0].pk, sites[department.pk][2].pk}
        for site_ids in (None, scope):
            lines = {
                line.indicator.pk: line for line in yearly_summary(department=department, year=YEAR, site_ids=site_ids)
            }
            for indicator in indicators:
                for year, attribute in ((YEAR, "current"), (YEAR - 1, "previous")):
                    expected = results_from_rows(indicator, year, _raw(indicator, department, year, site_ids), "year")
                    line = lines.get(indicator.pk)
                    got = getattr(line, attribute) if line else None
                    assert got == (expected[0] if expected else None)
        for indicator in indicators:
            for by in ("month", "quarter", "year"):
                got = indicator_results(indicator=indicator, department=department, site=None, year=YEAR, by=by)
                assert got == results_from_rows(indicator, YEAR, _raw(indicator, department, YEAR), by)
            site = sites[department.pk][1]
            got = indicator_results(indicator=indicator, department=department, site=site, year=YEAR, by="month")
            assert got == results_from_rows(indicator, YEAR, _only(indicator, department, site), "month")
            by_site = dict(
                results_by_site(indicator=indicator, department=department, year=YEAR, sites=sites[department.pk])
            )
            for s in sites[department.pk]:
                expected = results_from_rows(indicator, YEAR, _only(indicator, department, s), "year")
                assert by_site.get(s) == (expected or [None])[0]
    national = national_years(year=YEAR, indicators=indicators)
    for indicator in indicators:
        country = defaultdict(list)
        for department in departments:
            raw = _raw(indicator, department, YEAR)
            if not raw:
                assert department.pk not in national[indicator.pk].departments
                continue
            chosen = period_rows(indicator, YEAR, raw)
            expected = results_from_period_rows(indicator, chosen, PeriodKind.YEAR)[0]
            got = national[indicator.pk].departments[department.pk]
            assert (got.numerator, got.denominator, got.value, got.basis_unknown) == (
                expected.numerator,
                expected.denominator,
                expected.value,
                expected.basis_unknown,
            )
            for period, rows_of_period in chosen.items():
                country[period].extend(rows_of_period)
        if indicator.aggregation == "mean_of_period_values":
            country = {p: [_combine(r)] for p, r in country.items()}
        expected = results_from_period_rows(indicator, dict(country), PeriodKind.YEAR)
        got = national[indicator.pk].national
        expected = expected[0] if expected else None
        if expected is None:
            assert got is None
        else:
            assert (got.numerator, got.denominator, got.value, got.basis_unknown) == (
                expected.numerator,
                expected.denominator,
                expected.value,
                expected.basis_unknown,
            )

"""Yearly results are read in a fixed number of statements, whatever the number of indicators, sites and periods;
filters that match nothing give no results rather than an error."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.organisation.factories import DepartmentFactory, SiteFactory
from vigie.frameworks.models import Indicator
from vigie.indicators.models import Measurement
from vigie.indicators.queries import national_years, yearly_summary

YEAR = 2025


def _indicator(code: str, aggregation: str = "ratio_of_sums", department=None) -> Indicator:
    return Indicator.objects.create(
        code=code,
        name=code,
        kind="rate",
        unit="percent",
        periodicity="month",
        aggregation=aggregation,
        department=department,
    )


@pytest.fixture
def department(db):
    department = DepartmentFactory(code="01")
    sites = [SiteFactory(department=department) for _ in range(3)]
    indicators = [_indicator("RATIO"), _indicator("MEAN", "mean_of_period_values")]
    Measurement.objects.bulk_create(
        Measurement(
            indicator=indicator,
            department=department,
            site=site,
            period_kind="month",
            year=year,
            period_index=month,
            numerator=Decimal(month),
            denominator=Decimal(10 + month),
            source="typed",
        )
        for indicator in indicators
        for site in [None, *sites]
        for year in (YEAR - 1, YEAR)
        for month in range(1, 13)
    )
    return department


def test_a_department_year_is_read_in_two_statements(department, django_assert_num_queries):
    with django_assert_num_queries(2):  # the sums of both years, then the indicators
        lines = yearly_summary(department=department, year=YEAR)
    assert [line.indicator.code for line in lines] == ["MEAN", "RATIO"]
    assert all(line.current.numerator == 78 and line.previous.numerator == 78 for line in lines)  # 1 + … + 12


def test_the_country_is_read_in_one_statement(department, django_assert_num_queries):
    indicators = list(Indicator.objects.filter(code__in=["RATIO", "MEAN"]))
    with django_assert_num_queries(1):
        national = national_years(year=YEAR, indicators=indicators)
    assert {n.national.numerator for n in national.values()} == {78}


def test_no_national_indicator_gives_no_national_result(department, django_assert_num_queries):
    local = _indicator("LOCAL", department=department)
    with django_assert_num_queries(0):
        assert national_years(year=YEAR, indicators=[local]) == {}

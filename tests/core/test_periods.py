"""The one Period type: calendar months, quarters and years (measurements) and any range of days (the analysis)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigie.core.periods import GRANULARITY, Period, PeriodError, PeriodKind

CALENDAR_KINDS = [PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.YEAR]
INDEXES = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.YEAR: 1}

calendar_periods = st.sampled_from(CALENDAR_KINDS).flatmap(
    lambda kind: st.builds(Period.calendar, st.just(kind), st.integers(1000, 9999), st.integers(1, INDEXES[kind]))
)
days = st.dates(dt.date(1990, 1, 1), dt.date(2060, 12, 31))
ranges = st.tuples(days, days).map(sorted).map(lambda pair: Period(*pair))


@pytest.mark.parametrize(
    ("text", "expected"), [("2021-01", "2021-01"), ("2021-t3", "2021-T3"), ("2021-Q2", "2021-T2"), ("2021", "2021")]
)
def test_periods_parse_and_print(text, expected):
    assert str(Period.parse(text)) == expected


@pytest.mark.parametrize("text", ["2021-13", "2021-T5", "21-01", "janvier", "", "2021-03-01/2021-03-31"])
def test_bad_periods_are_refused_in_french(text):
    with pytest.raises(PeriodError, match="n'est pas une période"):
        Period.parse(text)


def test_a_calendar_period_is_its_days():
    march = Period.of_month(2024, 3)
    assert (march.start, march.end, march.kind, march.year, march.index) == (
        dt.date(2024, 3, 1),
        dt.date(2024, 3, 31),
        PeriodKind.MONTH,
        2024,
        3,
    )
    assert Period.of_month(2024, 2).end == dt.date(2024, 2, 29)
    assert Period.of_quarter(2021, 4) == Period(dt.date(2021, 10, 1), dt.date(2021, 12, 31))
    assert Period.of_year(2021).index == 1
    assert Period(dt.date(9999, 12, 1), dt.date.max) == Period.of_month(9999, 12)  # the last month of the calendar


def test_a_range_that_is_exactly_a_calendar_year_is_that_year():
    assert Period(dt.date(2022, 1, 1), dt.date(2022, 12, 31)) == Period.of_year(2022)
    assert Period(dt.date(2022, 1, 1), dt.date(2022, 12, 31)).kind == PeriodKind.YEAR
    assert Period(dt.date(2022, 1, 1), dt.date(2022, 6, 30)).kind == PeriodKind.RANGE  # a half-year is a range
    assert Period(dt.date(2022, 2, 1), dt.date(2022, 4, 30)).kind == PeriodKind.RANGE  # three months, not a quarter


def test_a_range_prints_as_an_iso_interval_and_has_no_year_nor_index():
    period = Period(dt.date(2022, 1, 5), dt.date(2022, 2, 10))
    assert str(period) == "2022-01-05/2022-02-10"
    assert not period.is_calendar
    with pytest.raises(PeriodError):
        period.year  # noqa: B018
    with pytest.raises(PeriodError):
        period.index  # noqa: B018


def test_the_end_cannot_precede_the_start():
    with pytest.raises(PeriodError, match="précède"):
        Period(dt.date(2022, 2, 1), dt.date(2022, 1, 31))


@pytest.mark.parametrize(("kind", "year", "index"), [("month", 2021, 13), ("quarter", 2021, 0), ("year", 2021, 2)])
def test_a_calendar_period_that_does_not_exist_is_refused(kind, year, index):
    with pytest.raises(PeriodError):
        Period.calendar(kind, year, index)


def test_kinds_are_spelled_once_and_ordered_finest_first():
    assert [str(kind) for kind in GRANULARITY] == ["month", "quarter", "year"]
    assert "quarter" in GRANULARITY and PeriodKind("quarter") is PeriodKind.QUARTER


@given(calendar_periods)
def test_text_form_round_trips(period):
    assert Period.parse(str(period)) == period
    assert Period.calendar(period.kind, period.year, period.index) == period
    assert Period(period.start, period.end) == period


@given(st.sampled_from(range(1, 13)))
def test_a_month_belongs_to_exactly_one_quarter(month):
    period = Period.of_month(2021, month)
    assert period in period.bucket("quarter").months()
    assert [q for q in range(1, 5) if Period.of_quarter(2021, q).contains(period)] == [(month - 1) // 3 + 1]
    assert period.bucket("year") == Period.of_year(2021)


@given(calendar_periods, st.sampled_from(CALENDAR_KINDS))
def test_a_period_buckets_into_any_coarser_kind_and_only_those(period, by):
    if GRANULARITY[by] < GRANULARITY[period.kind]:
        with pytest.raises(PeriodError, match="ne se découpe pas"):
            period.bucket(by)
    else:
        bucket = period.bucket(by)
        assert bucket.kind == by and bucket.contains(period) and bucket.year == period.year


@given(st.one_of(calendar_periods, ranges))
def test_the_months_of_a_period_follow_each_other_and_cover_it(period):
    months = period.months()
    assert months[0].start <= period.start and period.end <= months[-1].end
    assert all(a.end + dt.timedelta(days=1) == b.start for a, b in zip(months, months[1:], strict=False))
    assert all(m.kind == PeriodKind.MONTH for m in months)


@given(ranges)
def test_a_range_contains_its_days_and_its_kind_follows_from_them(period):
    assert period.start in period and period.end in period
    assert period.contains(period)
    if period.is_calendar:
        assert Period.parse(str(period)) == period
    else:
        assert str(period) == f"{period.start.isoformat()}/{period.end.isoformat()}"


@given(st.sampled_from(CALENDAR_KINDS), st.lists(st.tuples(st.integers(2000, 2030), st.integers(1, 4)), max_size=8))
def test_periods_of_one_kind_sort_by_year_then_index(kind, pairs):
    periods = [Period.calendar(kind, year, min(index, INDEXES[kind])) for year, index in pairs]
    assert [(p.year, p.index) for p in sorted(periods)] == sorted((p.year, p.index) for p in periods)

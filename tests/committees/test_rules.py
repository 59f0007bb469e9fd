"""The rule: at least one users' committee a year, and before the next audit."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from vigie.committees.rules import warnings

TODAY = dt.date(2024, 11, 4)


def _codes(*days, today=TODAY, next_audit=None):
    return [w.code for w in warnings(days, today=today, next_audit=next_audit)]


def test_no_committee_at_all_warns():
    assert _codes() == ["none_yet"]


def test_a_committee_held_this_year_satisfies_the_yearly_rule():
    assert _codes(dt.date(2024, 2, 2)) == []


def test_a_committee_only_planned_this_year_satisfies_it_too():
    assert _codes(dt.date(2023, 2, 2), dt.date(2024, 12, 10)) == []


def test_last_year_only_warns_and_over_a_year_ago_warns_twice():
    assert _codes(dt.date(2023, 12, 1)) == ["none_this_year"]
    assert _codes(dt.date(2023, 4, 5)) == ["none_this_year", "over_a_year"]


def test_before_the_next_audit():
    audit = dt.date(2025, 1, 10)
    assert _codes(dt.date(2024, 2, 2), next_audit=audit) == []
    assert _codes(dt.date(2024, 2, 2), next_audit=dt.date(2025, 6, 1)) == ["none_before_audit"]
    assert _codes(dt.date(2024, 2, 2), dt.date(2025, 5, 20), next_audit=dt.date(2025, 6, 1)) == []


@given(
    st.lists(st.dates(dt.date(2015, 1, 1), dt.date(2030, 12, 31)), max_size=6),
    st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31)),
)
def test_a_meeting_in_the_current_year_never_gets_the_yearly_warning(days, today):
    codes = _codes(*days, today, today=today)
    assert "none_this_year" not in codes and "none_yet" not in codes and "over_a_year" not in codes

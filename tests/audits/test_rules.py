"""The self-assessment's arithmetic and the label cycle's dates, without Django."""

import datetime as dt
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from vigie.audits.rules import add_months, summarise

# referentiels.md's seed-like example: mean 61.6 %, best 86 %, weakest 30.6 % (the demo's Marne 2022 grid)
SEED_LIKE = [(5, 8), (43, 50), (7, 10), (3, 5), (11, 20), (13, 20), (2, 3), (27, 46), (11, 36)]


def _rows(pairs):
    return [(f"E{n}", n, f"Engagement {n}", r, a) for n, (r, a) in enumerate(pairs, start=1)]


def test_the_seed_like_grid_gives_the_mean_the_best_and_the_weakest():
    summary = summarise(_rows(SEED_LIKE), 50)
    assert round(float(summary.mean), 1) == 61.6
    assert (summary.strongest.code, summary.strongest.rate) == ("E2", 86)
    assert (summary.weakest.code, round(float(summary.weakest.rate), 1)) == ("E9", 30.6)
    assert [r.code for r in summary.weak] == ["E9"]  # 30.6 % is the only rate below 50 %


def test_a_rate_keeps_its_basis_and_a_commitment_without_requirements_is_out_of_the_mean():
    summary = summarise(_rows([(1, 4), (0, 0), (3, 4)]), 50)
    assert (summary.rates[0].reached, summary.rates[0].assessed, summary.rates[0].rate) == (1, 4, 25)
    assert summary.rates[1].rate is None and [r.code for r in summary.unassessed] == ["E2"]
    assert summary.mean == 50


def test_the_change_is_in_points_against_the_previous_assessment():
    summary = summarise(_rows([(3, 4), (1, 2)]), 50, previous={"E1": Fraction(50), "E2": Fraction(50)})
    assert [r.change for r in summary.rates] == [25, 0]
    assert summary.previous_mean == 50 and summary.change == Fraction(25, 2)


def test_the_threshold_is_strict():
    assert summarise(_rows([(1, 2)]), 50).weak == []
    assert [r.code for r in summarise(_rows([(1, 2)]), 51).weak] == ["E1"]


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 50)).map(lambda p: (min(p), p[1])), min_size=1))
def test_the_mean_lies_between_the_weakest_and_the_strongest(pairs):
    summary = summarise(_rows(pairs), 50)
    assert summary.weakest.rate <= summary.mean <= summary.strongest.rate


def test_months_are_added_to_the_last_day_of_a_shorter_month():
    assert add_months(dt.date(2022, 8, 4), 36) == dt.date(2025, 8, 4)
    assert add_months(dt.date(2022, 8, 31), 18) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2023, 8, 31), 18) == dt.date(2025, 2, 28)


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)), st.integers(0, 120))
def test_adding_months_moves_by_whole_months(day, months):
    later = add_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day <= day.day

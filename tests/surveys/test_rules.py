"""The pure rules: answer values per scale, the Wilson interval, tallies and the change in points."""

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigie.surveys.kinds.satisfaction.rules import (
    AnswerError,
    Tally,
    change_points,
    normalise,
    paper_value,
    respondent_satisfied,
    wilson,
)


def test_satisfaction_rate_excludes_no_opinion_and_keeps_its_basis():
    tally = Tally(
        "satisfaction",
        {"very_satisfied": 10, "satisfied": 20, "dissatisfied": 8, "very_dissatisfied": 2, "no_opinion": 60},
    )
    assert (tally.satisfied, tally.answered, tally.no_opinion) == (30, 40, 60)
    assert tally.rate == Fraction(75)
    assert tally.small_sample is False


def test_yes_share_and_stars_mean():
    assert Tally("yes_no", {"yes": 1, "no": 4}).rate == 20
    stars = Tally("stars", {"5": 2, "4": 1, "1": 1})
    assert stars.mean == Fraction(15, 4) and stars.rate is None and stars.satisfied is None


def test_a_small_sample_is_flagged():
    assert Tally("satisfaction", {"satisfied": 29}).small_sample is True
    assert Tally("satisfaction", {"satisfied": 30}).small_sample is False


def test_wilson_matches_the_published_formula():
    low, high = wilson(36, 48)
    assert round(low * 100, 2) == 61.22 and round(high * 100, 2) == 85.08
    assert wilson(0, 0) is None
    low, high = wilson(0, 10)
    assert low == 0 and round(high, 4) == 0.2775


@given(st.integers(min_value=1, max_value=100_000).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_holds_the_observed_share(pair):
    successes, n = pair
    low, high = wilson(successes, n)
    assert 0 <= low <= successes / n <= high <= 1


def test_change_in_points_is_a_difference_of_rates():
    assert change_points(Fraction(97), Fraction(96)) == 1
    assert change_points(None, Fraction(96)) is None


@pytest.mark.parametrize(
    ("scale", "raw", "stored"),
    [
        ("satisfaction", "Satisfied", "satisfied"),
        ("satisfaction", "no_opinion", "no_opinion"),
        ("yes_no", "oui", "yes"),
        ("yes_no", "NO", "no"),
        ("stars", "4", "4"),
        ("stars", 5, "5"),
        ("choice", "2", "2"),
        ("choice", "autre", "3"),
    ],
)
def test_values_are_stored_in_one_form(scale, raw, stored):
    assert normalise(scale, raw, ["Étrangers", "Permis", "Autre"]) == stored


@pytest.mark.parametrize(("scale", "raw"), [("satisfaction", "yes"), ("stars", "6"), ("choice", "4"), ("yes_no", "2")])
def test_a_value_outside_the_scale_is_refused_with_the_expected_values(scale, raw):
    with pytest.raises(AnswerError, match="attendu"):
        normalise(scale, raw, ["a", "b", "c"])


def test_paper_keys():
    assert paper_value("satisfaction", "1") == "very_satisfied"
    assert paper_value("satisfaction", "0") == "no_opinion"
    assert paper_value("yes_no", "O") == "yes"
    assert paper_value("stars", ".") == ""
    assert paper_value("choice", "2", ["a", "b"]) == "2"
    with pytest.raises(AnswerError, match="touche « 7 »"):
        paper_value("satisfaction", "7")


def test_a_respondent_is_satisfied_when_most_opinions_are():
    assert respondent_satisfied(["satisfied", "very_satisfied", "dissatisfied"]) is True
    assert respondent_satisfied(["satisfied", "dissatisfied"]) is False
    assert respondent_satisfied(["no_opinion", "yes"]) is None

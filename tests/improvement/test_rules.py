"""The roll-up rules, pure: exact fractions, the definitions of each rule, and when a published rate disagrees."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigie.improvement.rules import (
    ACTIONS,
    AXES,
    AXES_WEIGHTED,
    RULES,
    THEMES,
    THEMES_WEIGHTED,
    Part,
    disagrees,
    roll_up,
)

MARNE = [[Part(280, 5), Part(350, 5)], [Part(196, 4), Part(168, 6), Part(136, 4), Part(66, 2)]]


def test_marne_under_each_rule():
    assert roll_up(THEMES, MARNE).axes == (63, 36) and roll_up(THEMES, MARNE).plan == 45
    assert roll_up(AXES, MARNE).plan == Fraction(99, 2)
    for rule in (ACTIONS, THEMES_WEIGHTED, AXES_WEIGHTED):
        assert roll_up(rule, MARNE).plan == 46 and roll_up(rule, MARNE).axes == (63, Fraction(566, 16))
    assert roll_up(THEMES, MARNE).themes == ((56, 70), (49, 28, 34, 33))


def test_a_theme_without_counted_action_is_left_out():
    result = roll_up(THEMES, [[Part(100, 1), Part(0, 0)], [Part(0, 0)]])
    assert result.themes == ((100, None), (None,)) and result.axes == (100, None) and result.plan == 100
    assert roll_up(AXES, [[Part(0, 0)]]).plan is None


def test_an_unknown_rule_is_refused():
    with pytest.raises(ValueError, match="règle inconnue"):
        roll_up("median", MARNE)


parts = st.lists(
    st.lists(
        st.integers(1, 8).flatmap(lambda n: st.tuples(st.integers(0, 100 * n), st.just(n))), min_size=1, max_size=4
    ),
    min_size=1,
    max_size=4,
)


@given(parts)
def test_weighted_means_are_the_mean_of_actions_and_every_figure_stays_within_0_and_100(axes):
    axes = [[Part(total, count) for total, count in themes] for themes in axes]
    total = sum(p.total for themes in axes for p in themes)
    count = sum(p.count for themes in axes for p in themes)
    for rule in (ACTIONS, THEMES_WEIGHTED, AXES_WEIGHTED):
        assert roll_up(rule, axes).plan == Fraction(total, count)
    for rule in RULES:
        result = roll_up(rule, axes)
        assert 0 <= result.plan <= 100 and all(0 <= a <= 100 for a in result.axes)


@pytest.mark.parametrize(
    ("published", "computed", "expected"),
    [
        ("29", Fraction(36), True),
        ("63.00", Fraction(63), False),
        ("46", Fraction(91, 2), False),  # 45,5 rounds to 46
        ("46", Fraction(45), True),
        ("33.5", Fraction(335, 10), False),
        ("33.5", Fraction(34), True),
    ],
)
def test_a_published_rate_disagrees_when_its_parts_do_not_round_to_it(published, computed, expected):
    assert disagrees(Decimal(published), computed) is expected
    assert disagrees(None, computed) is False and disagrees(Decimal(published), None) is False

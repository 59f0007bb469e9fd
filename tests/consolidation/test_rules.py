"""The pure rules of the comparison: spread, histogram, thin data and ranks (Hypothesis for the properties)."""

import statistics
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from vigie.consolidation.rules import MIN_BASIS, histogram, is_thin, ranks, spread

values = st.lists(st.fractions(min_value=0, max_value=1000, max_denominator=100), min_size=1, max_size=60)


@given(values)
def test_the_spread_is_ordered_and_its_median_is_the_median(xs):
    s = spread(xs)
    assert s.minimum <= s.first_quartile <= s.median <= s.third_quartile <= s.maximum
    assert s.median == statistics.median(xs) and s.count == len(xs)


@given(values)
def test_the_histogram_counts_every_department_once(xs):
    bins = histogram(xs)
    assert sum(b.count for b in bins) == len(xs)
    assert bins[0].low == min(xs) and bins[-1].high == max(xs)


@given(st.dictionaries(st.text(min_size=1, max_size=3), st.integers(0, 100).map(Fraction), min_size=1))
def test_ranks_put_the_best_first_and_ties_together(by_code):
    best_high = ranks(by_code, direction="gte")
    best_low = ranks(by_code, direction="lte")
    top = max(by_code.values())
    assert {c for c, r in best_high.items() if r == 1} == {c for c, v in by_code.items() if v == top}
    for a in by_code:
        for b in by_code:
            if by_code[a] > by_code[b]:
                assert best_high[a] < best_high[b] and best_low[a] > best_low[b]
            if by_code[a] == by_code[b]:
                assert best_high[a] == best_high[b]
    assert ranks(by_code, direction="") == {}


def test_thin_data_is_a_small_or_unknown_basis_never_a_count():
    assert is_thin(kind="rate", denominator=Fraction(MIN_BASIS - 1), basis_unknown=False)
    assert not is_thin(kind="rate", denominator=Fraction(MIN_BASIS), basis_unknown=False)
    assert is_thin(kind="mean", denominator=Fraction(5000), basis_unknown=True)
    assert not is_thin(kind="count", denominator=None, basis_unknown=False)

"""Aggregation properties: any partition of the months gives the same yearly value."""

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from vigie.demo.seed_figures import CALLS_LOST as CHARENTE_2021_LOST
from vigie.demo.seed_figures import CALLS_RECEIVED as CHARENTE_2021_RECEIVED
from vigie.demo.seed_figures import WEB_VISITS as CHARENTE_2021_VISITS
from vigie.indicators.rules import aggregate


def test_yearly_answered_rate_is_sum_over_sum_not_mean_of_monthly_rates():
    pairs = [(r - lost, r) for lost, r in zip(CHARENTE_2021_LOST, CHARENTE_2021_RECEIVED, strict=True)]
    year = aggregate("rate", "ratio_of_sums", pairs)
    assert year.numerator == 93148 and year.denominator == 114310
    assert round(float(year.value), 1) == 81.5  # 93 148 / 114 310
    mean_of_rates = sum(Fraction(n, d) for n, d in pairs) / 12 * 100
    assert year.value != mean_of_rates


def test_website_connection_rate_year_is_mean_of_monthly_rates():
    pairs = [(v, 360970) for v in CHARENTE_2021_VISITS]
    year = aggregate("rate", "mean_of_period_values", pairs)
    assert round(float(year.value), 2) == 7.44  # the research notes' annual mean of months


months = st.lists(
    st.tuples(st.integers(0, 10_000), st.integers(1, 10_000)).map(lambda t: (min(t), t[1])), min_size=12, max_size=12
)


@given(months, st.lists(st.integers(1, 11), unique=True, max_size=11))
def test_any_partition_of_months_gives_the_same_year_for_ratio_of_sums(pairs, cuts):
    direct = aggregate("rate", "ratio_of_sums", pairs)
    bounds = [0, *sorted(cuts), 12]
    groups = [aggregate("rate", "ratio_of_sums", pairs[a:b]) for a, b in zip(bounds, bounds[1:], strict=False)]
    regrouped = aggregate("rate", "ratio_of_sums", [(g.numerator, g.denominator) for g in groups])
    assert regrouped.value == direct.value
    assert (regrouped.numerator, regrouped.denominator) == (direct.numerator, direct.denominator)


@given(months)
def test_quarters_then_year_equals_year_for_means_weighted_by_count(pairs):
    quarters = [aggregate("mean", "ratio_of_sums", pairs[3 * q : 3 * q + 3]) for q in range(4)]
    year = aggregate("mean", "ratio_of_sums", [(q.numerator, q.denominator) for q in quarters])
    assert year.value == aggregate("mean", "ratio_of_sums", pairs).value


@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=12))
def test_counts_add_up(counts):
    assert aggregate("count", "sum", [(c, None) for c in counts]).value == sum(counts)

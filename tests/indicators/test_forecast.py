"""The seasonal projection itself (vigie.indicators.forecast), on synthetic series whose pattern is known."""

import math
import random

import pytest

from vigie.indicators.forecast import MIN_MONTHS, TooErratic, TooShort, mape, project

# A known seasonal pattern: winter peaks, a summer trough (like calls received at a préfecture).
SEASON = [1.10, 1.05, 1.15, 1.00, 0.95, 1.00, 0.80, 0.70, 1.00, 1.05, 1.10, 1.10]


def seasonal_series(months: int, *, level=10_000.0, growth=0.004, noise=0.01, seed=7) -> list[float]:
    rng = random.Random(seed)
    return [level * (1 + growth) ** t * SEASON[t % 12] * (1 + rng.gauss(0, noise)) for t in range(months)]


def test_a_series_with_a_known_seasonal_pattern_is_recovered_by_the_back_test():
    forecast = project(seasonal_series(48), first_year=2021, first_month=1, months=12)
    assert forecast.mape < 5
    assert forecast.backtest_method.startswith("back-test")
    assert [(p.year, p.month) for p in forecast.points] == [(2025, m) for m in range(1, 13)]
    # the projection keeps the pattern: August is the trough, March a peak
    by_month = {p.month: p.value for p in forecast.points}
    assert min(by_month, key=by_month.get) == 8
    assert by_month[3] > by_month[8] * 1.4
    expected_august = 10_000 * 1.004**55 * SEASON[7]
    assert by_month[8] == pytest.approx(expected_august, rel=0.05)


def test_every_point_lies_inside_its_80_percent_interval_inside_its_95_percent_interval():
    forecast = project(seasonal_series(36), first_year=2022, first_month=1, months=12)
    for p in forecast.points:
        assert p.low95 <= p.low80 <= p.value <= p.high80 <= p.high95
    assert forecast.code.startswith("ETS(") and "Holt-Winters" in forecast.model


def test_a_twelve_month_series_refuses_to_project():
    with pytest.raises(TooShort, match="12 mois consécutifs, il en faut au moins 24"):
        project(seasonal_series(12), first_year=2024, first_month=1)


def test_twenty_four_months_project_and_say_their_error_is_optimistic():
    forecast = project(seasonal_series(MIN_MONTHS), first_year=2023, first_month=1, months=3)
    assert len(forecast.points) == 3 and "optimiste" in forecast.backtest_method


def test_an_erratic_series_says_so_instead_of_projecting():
    rng = random.Random(1)
    erratic = [rng.choice([50.0, 2_000.0, 9_000.0]) for _ in range(36)]
    with pytest.raises(TooErratic, match="trop irrégulière"):
        project(erratic, first_year=2022, first_month=1)


def test_mape_leaves_out_known_zeros():
    assert mape([100, 0, 200], [110, 5, 180]) == pytest.approx(10)
    assert math.isinf(mape([0, 0], [1, 1]))

"""Seasonal projection of a monthly count (no Django): exponential smoothing state-space models (ETS, the
statistical form of Holt-Winters) from statsmodels, with 80 % and 95 % prediction intervals and a back-test.

- At least MIN_MONTHS consecutive months (two seasonal cycles): otherwise TooShort, nothing is drawn.
- Candidate models: additive error and seasonality, without trend or with a damped trend; and, for a series with
  no zero, the same with multiplicative error and seasonality. The one with the lowest corrected Akaike criterion
  (AICc) on the whole history is kept.
- Back-test: the kept model is fitted again without the last 12 known months and forecasts them; the mean absolute
  percentage error (MAPE) of those 12 months is printed beside the projection. With 24 to 35 months there is not
  enough history to fit without those months (two cycles are needed): the error is then that of the one-month-ahead
  forecasts of the last 12 months, and the page says it is optimistic. Above MAX_MAPE the series is too erratic to
  project (TooErratic).
- Intervals: statsmodels' prediction intervals of the fitted model (analytic for additive models, simulated for
  multiplicative ones, with a fixed seed so that a page shows the same figures twice)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsmodels.tsa.exponential_smoothing.ets import ETSModel

MIN_MONTHS = 24
BACKTEST_MONTHS = 12
MAX_MONTHS = 24  # longest horizon
MAX_MAPE = 25.0  # percent
SEASON = 12


class CannotProject(ValueError):
    """Why a series is not projected, in French (shown instead of a chart)."""


class TooShort(CannotProject):
    pass


class TooErratic(CannotProject):
    pass


@dataclass(frozen=True)
class Spec:
    error: str
    trend: str | None
    seasonal: str

    @property
    def code(self) -> str:
        letter = {"add": "A", "mul": "M", None: "N"}
        trend = "Ad" if self.trend else "N"
        return f"ETS({letter[self.error]},{trend},{letter[self.seasonal]})"

    @property
    def label(self) -> str:
        kind = {"add": "additive", "mul": "multiplicative"}
        trend = "tendance amortie" if self.trend else "sans tendance"
        return (
            f"{self.code} — lissage exponentiel saisonnier (Holt-Winters, statsmodels) : erreur {kind[self.error]}, "
            f"{trend}, saisonnalité {kind[self.seasonal]} de 12 mois"
        )


@dataclass(frozen=True)
class Point:
    year: int
    month: int
    value: float
    low80: float
    high80: float
    low95: float
    high95: float


@dataclass(frozen=True)
class Forecast:
    model: str  # e.g. « ETS(M,N,M) — lissage exponentiel saisonnier… »
    code: str  # e.g. « ETS(M,N,M) »
    mape: float  # back-test error on the last 12 known months, in percent
    backtest_method: str
    backtest: list[tuple[int, int, float, float]]  # (year, month, known, forecast) of the back-test
    points: list[Point]


def too_short(months: int) -> str:
    return (
        f"Historique trop court pour une projection saisonnière : {months} mois consécutifs, il en faut au moins "
        f"{MIN_MONTHS} (deux cycles annuels)."
    )


def _months_after(year: int, month: int, count: int) -> list[tuple[int, int]]:
    result = []
    for _ in range(count):
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        result.append((year, month))
    return result


def _fit(series: pd.Series, spec: Spec):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter of the optimiser: the AICc and back-test judge
        model = ETSModel(
            series,
            error=spec.error,
            trend=spec.trend,
            damped_trend=spec.trend is not None,
            seasonal=spec.seasonal,
            seasonal_periods=SEASON,
        )
        return model.fit(disp=False)


def candidates(values: list[float]) -> list[Spec]:
    specs = [Spec("add", None, "add"), Spec("add", "add", "add")]
    if min(values) > 0:
        specs += [Spec("mul", None, "mul"), Spec("mul", "add", "mul")]
    return specs


def mape(known: list[float], forecast: list[float]) -> float:
    """Mean absolute percentage error, in percent (months with a known zero are left out)."""
    pairs = [(k, f) for k, f in zip(known, forecast, strict=True) if k != 0]
    if not pairs:
        return float("inf")
    return 100 * sum(abs(k - f) / abs(k) for k, f in pairs) / len(pairs)


def project(values: list[float], *, first_year: int, first_month: int, months: int = 12) -> Forecast:
    """Project `months` months after the last of `values` (consecutive monthly counts from first_year-first_month).

    Raises TooShort or TooErratic (a CannotProject) with the reason in French."""
    if len(values) < MIN_MONTHS:
        raise TooShort(too_short(len(values)))
    if not 1 <= months <= MAX_MONTHS:
        raise ValueError(f"months: 1 à {MAX_MONTHS}")
    if min(values) < 0:
        raise CannotProject("Un compte négatif ne se projette pas.")
    index = pd.period_range(f"{first_year}-{first_month:02d}", periods=len(values), freq="M").to_timestamp()
    series = pd.Series(np.asarray(values, dtype=float), index=index)
    fitted = {spec: _fit(series, spec) for spec in candidates(values)}
    spec = min(fitted, key=lambda s: fitted[s].aicc if np.isfinite(fitted[s].aicc) else np.inf)
    result = fitted[spec]

    known = [float(v) for v in series.iloc[-BACKTEST_MONTHS:]]
    if len(values) >= MIN_MONTHS + BACKTEST_MONTHS:
        past = _fit(series.iloc[:-BACKTEST_MONTHS], spec)
        predicted = [float(v) for v in past.forecast(BACKTEST_MONTHS)]
        method = "back-test : modèle ajusté sans les 12 derniers mois connus, qui les prévoit"
    else:
        # two cycles are needed to fit without the last 12 months: below 36 months, the one-month-ahead errors
        predicted = [float(v) for v in result.fittedvalues.iloc[-BACKTEST_MONTHS:]]
        method = (
            "erreurs de prévision à un mois sur les 12 derniers mois (moins de 36 mois d'historique : le modèle a "
            "vu ces mois, l'erreur est optimiste)"
        )
    error = mape(known, predicted)
    if not error <= MAX_MAPE:
        raise TooErratic(
            f"Série trop irrégulière pour une projection : le modèle {spec.code} se trompe en moyenne de "
            f"{error:.0f} % sur les 12 derniers mois connus (au-delà de {MAX_MAPE:.0f} %, la projection serait "
            f"une devinette)."
        )
    backtest_months = [(ts.year, ts.month) for ts in series.index[-BACKTEST_MONTHS:]]

    start, end = len(series), len(series) + months - 1
    np.random.seed(2026)  # the simulated intervals of a multiplicative model: the same figures on every view
    prediction = result.get_prediction(start=start, end=end)
    frame95 = prediction.summary_frame(alpha=0.05)
    frame80 = prediction.summary_frame(alpha=0.20)
    last = series.index[-1]
    points = []
    for i, (year, month) in enumerate(_months_after(last.year, last.month, months)):
        points.append(
            Point(
                year=year,
                month=month,
                value=max(float(frame95["mean"].iloc[i]), 0.0),
                low80=max(float(frame80["pi_lower"].iloc[i]), 0.0),
                high80=float(frame80["pi_upper"].iloc[i]),
                low95=max(float(frame95["pi_lower"].iloc[i]), 0.0),
                high95=float(frame95["pi_upper"].iloc[i]),
            )
        )
    return Forecast(
        model=spec.label,
        code=spec.code,
        mape=error,
        backtest_method=method,
        backtest=[(y, m, k, p) for (y, m), k, p in zip(backtest_months, known, predicted, strict=True)],
        points=points,
    )

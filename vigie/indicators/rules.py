"""Pure rules for aggregation (periods: vigie.core.periods). No Django import.

Aggregates are always computed from the stored measurements of the finest period (never from
intermediate aggregates): a quarter, a year or a group of sites adds numerators and denominators.
The indicator's rule says how (docs/rules/aggregation.md):
- ratio_of_sums: value = Σ numerators / Σ denominators (× 100 for a rate);
- mean_of_period_values: value = mean of the per-period values (the website connection rate, whose
  monthly denominator is the whole population: the yearly figure is the mean monthly rate);
- sum: value = Σ counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, Inexact, localcontext
from fractions import Fraction


@dataclass(frozen=True)
class Aggregate:
    numerator: Fraction | None
    denominator: Fraction | None
    value: Fraction | None
    parts: int


def value_of(kind: str, numerator: Fraction | None, denominator: Fraction | None) -> Fraction | None:
    """The value of one measurement: a rate in %, a mean, or a count."""
    if numerator is None:
        return None
    if kind == "count":
        return numerator
    if not denominator:
        return None
    value = numerator / denominator
    return value * 100 if kind == "rate" else value


def _fraction(x: Decimal | Fraction | int | None) -> Fraction | None:
    return None if x is None else Fraction(x)


def _exact_sum(values: list) -> Fraction:
    """Σ values, exactly. Decimals (as stored) are added as decimals, which is exact and much faster than fractions:
    any rounding would raise (Inexact trapped, 60 digits for 18-digit measurements)."""
    if all(isinstance(v, Decimal | int) for v in values):
        with localcontext() as context:
            context.prec = 60
            context.traps[Inexact] = True
            return Fraction(sum(values, Decimal(0)))
    return sum((Fraction(v) for v in values), Fraction(0))


def aggregate(kind: str, aggregation: str, parts: Iterable[tuple]) -> Aggregate:
    """Aggregate (numerator, denominator) pairs of the finest periods into one value, exactly."""
    raw = [(n, d) for n, d in parts if n is not None]
    if not raw:
        return Aggregate(None, None, None, 0)
    numerator = _exact_sum([n for n, _ in raw])
    raw_denominators = [d for _, d in raw if d is not None]
    denominator = _exact_sum(raw_denominators) if raw_denominators else None
    if aggregation == "mean_of_period_values":
        values = [value_of(kind, _fraction(n), _fraction(d)) for n, d in raw]
        values = [v for v in values if v is not None]
        value = sum(values, Fraction(0)) / len(values) if values else None
    elif aggregation == "sum" or kind == "count":
        value = numerator
    else:
        value = value_of(kind, numerator, denominator)
    return Aggregate(numerator, denominator, value, len(raw))


def target_met(value: Fraction | float | None, target: Decimal | None, direction: str) -> bool | None:
    if value is None or target is None or not direction:
        return None
    return value >= Fraction(target) if direction == "gte" else value <= Fraction(target)

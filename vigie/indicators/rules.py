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
from decimal import Decimal
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


def aggregate(kind: str, aggregation: str, parts: Iterable[tuple]) -> Aggregate:
    """Aggregate (numerator, denominator) pairs of the finest periods into one value, exactly."""
    pairs = [(_fraction(n), _fraction(d)) for n, d in parts if n is not None]
    if not pairs:
        return Aggregate(None, None, None, 0)
    numerator = sum((n for n, _ in pairs), Fraction(0))
    denominators = [d for _, d in pairs if d is not None]
    denominator = sum(denominators, Fraction(0)) if denominators else None
    if aggregation == "mean_of_period_values":
        values = [value_of(kind, n, d) for n, d in pairs]
        values = [v for v in values if v is not None]
        value = sum(values, Fraction(0)) / len(values) if values else None
    elif aggregation == "sum" or kind == "count":
        value = numerator
    else:
        value = value_of(kind, numerator, denominator)
    return Aggregate(numerator, denominator, value, len(pairs))


def target_met(value: Fraction | float | None, target: Decimal | None, direction: str) -> bool | None:
    if value is None or target is None or not direction:
        return None
    return value >= Fraction(target) if direction == "gte" else value <= Fraction(target)

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
    scale = 100 if kind == "rate" else 1
    # one exact division, normalised once (n / d × 100 by two Fraction operations reduces twice)
    return Fraction(
        numerator.numerator * denominator.denominator * scale, numerator.denominator * denominator.numerator
    )


_EXACT = (Decimal, int)  # a tuple: isinstance against a union type is slower


def _exact_sum(values: list) -> Fraction:
    """Σ values, exactly. Decimals (as stored) are added as decimals, which is exact and much faster than fractions:
    any rounding would raise (Inexact trapped, 60 digits for 18-digit measurements). One value is its own sum (most
    sums arrive already added up by the database)."""
    if len(values) == 1:
        return Fraction(values[0])
    if all(isinstance(v, _EXACT) for v in values):
        with localcontext() as context:
            context.prec = 60
            context.traps[Inexact] = True
            return Fraction(sum(values, Decimal(0)))
    return sum((Fraction(v) for v in values), Fraction(0))


def _mean_of_values(kind: str, raw: list[tuple]) -> Fraction | None:
    """The mean of the periods' values (value_of of each (numerator, denominator) pair), exactly: the values are
    added as integer ratios and reduced once at the end (adding Fractions reduces at every step, which costs more
    as the denominators grow)."""
    scale = 100 if kind == "rate" else 1
    top, bottom, count = 0, 1, 0
    for n, d in raw:
        a, b = n.as_integer_ratio()
        if kind != "count":
            if not d:  # no value for this period
                continue
            c, e = d.as_integer_ratio()
            a, b = a * e * scale, b * c
        top, bottom = top * b + a * bottom, bottom * b
        count += 1
    return Fraction(top, bottom * count) if count else None


def aggregate(kind: str, aggregation: str, parts: Iterable[tuple]) -> Aggregate:
    """Aggregate (numerator, denominator) pairs of the finest periods into one value, exactly."""
    raw = [(n, d) for n, d in parts if n is not None]
    if not raw:
        return Aggregate(None, None, None, 0)
    numerator = _exact_sum([n for n, _ in raw])
    raw_denominators = [d for _, d in raw if d is not None]
    denominator = _exact_sum(raw_denominators) if raw_denominators else None
    if aggregation == "mean_of_period_values":
        value = _mean_of_values(kind, raw)
    elif aggregation == "sum" or kind == "count":
        value = numerator
    else:
        value = value_of(kind, numerator, denominator)
    return Aggregate(numerator, denominator, value, len(raw))


def target_met(value: Fraction | float | None, target: Decimal | None, direction: str) -> bool | None:
    if value is None or target is None or not direction:
        return None
    if isinstance(value, Fraction):  # a/b against p/q (b, q > 0) in integers, exactly
        p, q = target.as_integer_ratio()
        left, right = value.numerator * q, p * value.denominator
    else:
        left, right = value, Fraction(target)
    return left >= right if direction == "gte" else left <= right

"""Pure rules for periods and aggregation. No Django import.

Aggregates are always computed from the stored measurements of the finest period (never from
intermediate aggregates): a quarter, a year or a group of sites adds numerators and denominators.
The indicator's rule says how (docs/rules/aggregation.md):
- ratio_of_sums: value = Σ numerators / Σ denominators (× 100 for a rate);
- mean_of_period_values: value = mean of the per-period values (the website connection rate, whose
  monthly denominator is the whole population: the yearly figure is the mean monthly rate);
- sum: value = Σ counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

MONTH, QUARTER, YEAR = "month", "quarter", "year"
_PERIOD = re.compile(r"^(\d{4})(?:-(?:(0[1-9]|1[0-2])|[TQ]([1-4])))?$")


class PeriodError(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str
    index: int  # month 1–12, quarter 1–4, 1 for a year

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _PERIOD.match(str(text).strip().upper())
        if not match:
            raise PeriodError(f"« {text} » n'est pas une période (2021-01, 2021-T1 ou 2021)")
        year, month, quarter = match.groups()
        if month:
            return cls(int(year), MONTH, int(month))
        if quarter:
            return cls(int(year), QUARTER, int(quarter))
        return cls(int(year), YEAR, 1)

    def __str__(self) -> str:
        if self.kind == MONTH:
            return f"{self.year}-{self.index:02d}"
        if self.kind == QUARTER:
            return f"{self.year}-T{self.index}"
        return str(self.year)

    def months(self) -> list[int]:
        if self.kind == MONTH:
            return [self.index]
        if self.kind == QUARTER:
            return [3 * self.index - 2, 3 * self.index - 1, 3 * self.index]
        return list(range(1, 13))

    def bucket(self, by: str) -> Period:
        """The period of granularity `by` that contains this one (a month's quarter, a quarter's year)."""
        if by == self.kind:
            return self
        if by == YEAR:
            return Period(self.year, YEAR, 1)
        if by == QUARTER and self.kind == MONTH:
            return Period(self.year, QUARTER, (self.index - 1) // 3 + 1)
        raise PeriodError(f"une période {self.kind} ne se découpe pas en {by}")


GRANULARITY = {MONTH: 0, QUARTER: 1, YEAR: 2}


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

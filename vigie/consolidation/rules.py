"""Pure rules of the national comparison (no Django import): median and quartiles of the departments' values, a
histogram, and ranks that are given only where the basis is large enough (docs/consolidation.md).

A department's value is one observation: the median and the quartiles describe how departments stand, not the
country (the national figure adds the bases, vigie.indicators.queries.national_years)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

# Below this many items in the yearly basis (calls received, decisions, respondents…), a department's rate or mean
# is « thin data »: shown, marked, and not ranked.
MIN_BASIS = 100


@dataclass(frozen=True)
class Spread:
    count: int
    minimum: Fraction
    first_quartile: Fraction
    median: Fraction
    third_quartile: Fraction
    maximum: Fraction


@dataclass(frozen=True)
class Bin:
    low: Fraction
    high: Fraction
    count: int


def spread(values: Sequence[Fraction]) -> Spread | None:
    """Minimum, quartiles (inclusive method: Q1 and Q3 are medians of the halves' interpolation) and maximum."""
    ordered = sorted(values)
    if not ordered:
        return None
    if len(ordered) == 1:
        only = ordered[0]
        return Spread(1, only, only, only, only, only)
    q1, q2, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    return Spread(len(ordered), ordered[0], Fraction(q1), Fraction(q2), Fraction(q3), ordered[-1])


def histogram(values: Sequence[Fraction], bins: int = 8) -> list[Bin]:
    """Equal-width bins from the smallest to the largest value; the last bin includes its upper bound. The counts
    add up to the number of values."""
    if not values:
        return []
    low, high = min(values), max(values)
    if low == high:
        return [Bin(low, high, len(values))]
    width = (high - low) / bins
    counts = [0] * bins
    for value in values:
        counts[min(math.floor((value - low) / width), bins - 1)] += 1
    return [Bin(low + i * width, low + (i + 1) * width, counts[i]) for i in range(bins)]


def is_thin(*, kind: str, denominator: Fraction | None, basis_unknown: bool, min_basis: int = MIN_BASIS) -> bool:
    """A rate or a mean whose basis is unknown or smaller than `min_basis` items. A count has no basis: never thin."""
    if kind == "count":
        return False
    return basis_unknown or denominator is None or denominator < min_basis


def ranks(values: Mapping[Hashable, Fraction], *, direction: str) -> dict[Hashable, int]:
    """Competition ranks (1, 2, 2, 4…) of the given values, best first: highest first when the target is « at
    least », lowest first when « at most ». Without a direction nothing is better: no rank."""
    if direction not in ("gte", "lte"):
        return {}
    ordered = sorted(values.values(), reverse=direction == "gte")
    first_place: dict[Fraction, int] = {}
    for position, value in enumerate(ordered, start=1):
        first_place.setdefault(value, position)
    return {key: first_place[value] for key, value in values.items()}

"""Monthly results of the continuous rating: a pure rule (no Django). For each month with ratings: the count, the
mean of the stars and their distribution (1 to 5)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

STARS = (1, 2, 3, 4, 5)
MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")
RULE = "Moyenne = somme des étoiles / nombre d'avis du mois ; répartition : nombre d'avis par note de 1 à 5."


@dataclass(frozen=True)
class MonthResult:
    month: dt.date  # its first day
    distribution: tuple[int, int, int, int, int]  # ratings with 1, 2, 3, 4, 5 stars

    @property
    def count(self) -> int:
        return sum(self.distribution)

    @property
    def mean(self) -> Fraction | None:
        if not self.count:
            return None
        return Fraction(sum(stars * n for stars, n in zip(STARS, self.distribution, strict=True)), self.count)

    @property
    def label(self) -> str:
        return f"{MONTHS[self.month.month - 1]} {self.month.year}"


def monthly(counts: Iterable[tuple[dt.date, int, int]]) -> list[MonthResult]:
    """`counts`: (a day of the month, stars, number of ratings) — as a grouped query gives them — in any order.
    Months without a rating are left out; the list is in month order."""
    by_month: dict[dt.date, list[int]] = defaultdict(lambda: [0] * len(STARS))
    for day, stars, n in counts:
        if stars not in STARS or n < 0:
            raise ValueError(f"note {stars} hors de 1 à 5")
        by_month[day.replace(day=1)][stars - 1] += n
    return [MonthResult(month, tuple(dist)) for month, dist in sorted(by_month.items())]  # type: ignore[arg-type]


def overall(months: Iterable[MonthResult]) -> MonthResult | None:
    """All the months together (its `month` is the first one's)."""
    months = list(months)
    if not months:
        return None
    total = [sum(m.distribution[i] for m in months) for i in range(len(STARS))]
    return MonthResult(months[0].month, tuple(total))  # type: ignore[arg-type]

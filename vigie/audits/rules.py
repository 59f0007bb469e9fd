"""Pure rules of the audits app (no Django): the self-assessment's arithmetic and the label cycle's dates.

Self-assessment (referentiels-sources.md § 3.4, model proposal I): a commitment's attainment rate is its
requirements reached / requirements assessed; the assessment's mean is the unweighted mean of the commitments'
rates (a commitment with nothing assessed is left out of the mean, and said so); the change is in points against
the previous assessment of the same site and framework, commitment by commitment (same code) and for the mean."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class CommitmentRate:
    code: str
    number: int
    title: str
    reached: int
    assessed: int
    previous: Fraction | None = None  # the previous assessment's rate of the same commitment

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.reached * 100, self.assessed) if self.assessed else None

    @property
    def change(self) -> Fraction | None:
        """In points."""
        return None if self.rate is None or self.previous is None else self.rate - self.previous


@dataclass(frozen=True)
class AssessmentSummary:
    rates: tuple[CommitmentRate, ...]
    weak_threshold: int
    previous_mean: Fraction | None = None

    @property
    def rated(self) -> list[CommitmentRate]:
        return [r for r in self.rates if r.rate is not None]

    @property
    def mean(self) -> Fraction | None:
        """Unweighted mean of the commitments' rates (commitments with nothing assessed left out)."""
        rated = self.rated
        return sum((r.rate for r in rated), Fraction(0)) / len(rated) if rated else None

    @property
    def weakest(self) -> CommitmentRate | None:
        return min(self.rated, key=lambda r: (r.rate, r.number), default=None)

    @property
    def strongest(self) -> CommitmentRate | None:
        return max(self.rated, key=lambda r: (r.rate, -r.number), default=None)

    @property
    def weak(self) -> list[CommitmentRate]:
        """Commitments whose rate is below the threshold (strictly)."""
        return [r for r in self.rated if r.rate < self.weak_threshold]

    @property
    def unassessed(self) -> list[CommitmentRate]:
        return [r for r in self.rates if r.rate is None]

    @property
    def change(self) -> Fraction | None:
        mean = self.mean
        return None if mean is None or self.previous_mean is None else mean - self.previous_mean


def summarise(
    rows: Sequence[tuple[str, int, str, int, int]], weak_threshold: int, previous: Mapping[str, Fraction] | None = None
) -> AssessmentSummary:
    """`rows`: (code, number, title, reached, assessed) per commitment; `previous`: code → rate of the previous
    assessment (its mean is computed from them the same way)."""
    previous = dict(previous or {})
    rates = tuple(
        CommitmentRate(code, number, title, reached, assessed, previous.get(code))
        for code, number, title, reached, assessed in rows
    )
    previous_mean = sum(previous.values(), Fraction(0)) / len(previous) if previous else None
    return AssessmentSummary(rates=rates, weak_threshold=weak_threshold, previous_mean=previous_mean)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it is shorter (31 Aug + 18 months = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))

"""Periods: a calendar month, quarter or year, or any range of days. Pure rules, no Django import.

One value type for every app. A period is its first and last days, both included; its kind follows from them:
- measurements are per month, quarter or year: `Period.of_month(2021, 3)`, `Period.calendar(kind, year, index)`,
  or their text forms « 2021-03 », « 2021-T1 », « 2021 » (`Period.parse`, `str`);
- the analysis of the register covers any range of receipt dates: `Period(start, end)`.
A range that is exactly a calendar month, quarter or year *is* that period (`Period(1 Jan, 31 Dec)` equals
`Period.of_year(...)`). The kinds are spelled once, in `PeriodKind`; the database choices take their values.
"""

from __future__ import annotations

import datetime as dt
import re
from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    RANGE = "range"  # any other run of days: no index, not a measurement's period


# The calendar kinds, finest first: a result can be asked by a kind at least as coarse as the indicator's.
GRANULARITY: Mapping[PeriodKind, int] = {PeriodKind.MONTH: 0, PeriodKind.QUARTER: 1, PeriodKind.YEAR: 2}

_MONTHS_IN = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}
_INDEXES = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.YEAR: 1}
_TEXT = re.compile(r"^(\d{4})(?:-(?:(0[1-9]|1[0-2])|[TQ]([1-4])))?$")


class PeriodError(ValueError):
    pass


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, monthrange(year, month)[1])


def _kind_of(start: dt.date, end: dt.date) -> PeriodKind:
    """MONTH, QUARTER or YEAR when the days are exactly one of them, otherwise RANGE."""
    if start.day != 1 or end != _last_day(end.year, end.month):
        return PeriodKind.RANGE
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months == 1:
        return PeriodKind.MONTH
    if months == 3 and start.month % 3 == 1:
        return PeriodKind.QUARTER
    if months == 12 and start.month == 1:
        return PeriodKind.YEAR
    return PeriodKind.RANGE


@dataclass(frozen=True, order=True)
class Period:
    """The days from `start` to `end`, both included (`start` ≤ `end`); `kind` is derived from them."""

    start: dt.date
    end: dt.date
    kind: PeriodKind = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise PeriodError(f"la fin ({self.end:%d/%m/%Y}) précède le début ({self.start:%d/%m/%Y})")
        object.__setattr__(self, "kind", _kind_of(self.start, self.end))

    # ---- construction ----------------------------------------------------------------------------------------

    @classmethod
    @lru_cache(maxsize=4096)  # periods are values: the measurements of a year share a few dozen of them
    def calendar(cls, kind: PeriodKind | str, year: int, index: int) -> Period:
        """Month `index` (1–12), quarter `index` (1–4) or the year (`index` 1) of `year`."""
        try:
            kind = PeriodKind(kind)
            count = _INDEXES[kind]
        except (ValueError, KeyError):
            raise PeriodError(f"« {kind} » n'est pas un type de période (month, quarter ou year)") from None
        if not 1 <= index <= count or not dt.MINYEAR <= year <= dt.MAXYEAR:
            raise PeriodError(f"{kind} {index} de {year} n'existe pas")
        first_month = (index - 1) * _MONTHS_IN[kind] + 1
        return cls(dt.date(year, first_month, 1), _last_day(year, first_month + _MONTHS_IN[kind] - 1))

    @classmethod
    def of_month(cls, year: int, month: int) -> Period:
        return cls.calendar(PeriodKind.MONTH, year, month)

    @classmethod
    def of_quarter(cls, year: int, quarter: int) -> Period:
        return cls.calendar(PeriodKind.QUARTER, year, quarter)

    @classmethod
    def of_year(cls, year: int) -> Period:
        return cls.calendar(PeriodKind.YEAR, year, 1)

    @classmethod
    def parse(cls, text: str) -> Period:
        """« 2021-01 » (month), « 2021-T1 » or « 2021-Q1 » (quarter), « 2021 » (year); PeriodError otherwise."""
        match = _TEXT.match(str(text).strip().upper())
        if not match:
            raise PeriodError(f"« {text} » n'est pas une période (2021-01, 2021-T1 ou 2021)")
        year, month, quarter = match.groups()
        if month:
            return cls.of_month(int(year), int(month))
        if quarter:
            return cls.of_quarter(int(year), int(quarter))
        return cls.of_year(int(year))

    # ---- reading ---------------------------------------------------------------------------------------------

    @property
    def is_calendar(self) -> bool:
        """A month, a quarter or a year (what a measurement covers)."""
        return self.kind is not PeriodKind.RANGE

    @property
    def year(self) -> int:
        self._require_calendar("année")
        return self.start.year

    @property
    def index(self) -> int:
        """The month (1–12), the quarter (1–4), or 1 for a year."""
        self._require_calendar("rang")
        return (self.start.month - 1) // _MONTHS_IN[self.kind] + 1

    def _require_calendar(self, what: str) -> None:
        if not self.is_calendar:
            raise PeriodError(f"la période {self} n'est ni un mois, ni un trimestre, ni une année : pas de {what}")

    def __str__(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.start.year}-T{self.index}"
        if self.kind is PeriodKind.YEAR:
            return str(self.start.year)
        return f"{self.start.isoformat()}/{self.end.isoformat()}"  # ISO 8601 interval

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def contains(self, other: Period) -> bool:
        return self.start <= other.start and other.end <= self.end

    def months(self) -> list[Period]:
        """The calendar months this period touches, in order."""
        first = self.start.year * 12 + self.start.month - 1
        last = self.end.year * 12 + self.end.month - 1
        return [Period.of_month(n // 12, n % 12 + 1) for n in range(first, last + 1)]

    def bucket(self, by: PeriodKind | str) -> Period:
        """The period of kind `by` that contains this one (a month's quarter, a quarter's year)."""
        if by == self.kind:
            return self
        by = PeriodKind(by)
        if by is not PeriodKind.RANGE:
            index = (self.start.month - 1) // _MONTHS_IN[by] + 1
            candidate = Period.calendar(by, self.start.year, index)
            if candidate.contains(self):
                return candidate
        raise PeriodError(f"une période {self.kind} ne se découpe pas en {by}")

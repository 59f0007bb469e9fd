"""Working days (jours ouvrés): pure rules, no Django import. docs/rules/working-days.md.

- A working day is Monday to Friday, not a public holiday of the département's calendar, not a closure
  day of the site.
- The day of receipt does not count; it is the date in the département's own time zone.
- Due date = the N-th working day after the day of receipt.
- Delay of a reply = number of working days after the day of receipt up to and including the reply date
  (0 when answered the day of receipt, or on a non-working day before the first working day).
- On time ⇔ reply date ≤ due date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from .territory import territory_for


@lru_cache(maxsize=256)
def _public_holidays(subdivision: str | None, year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("FR", subdiv=subdivision, years=year, language="fr"))


@dataclass(frozen=True)
class WorkingCalendar:
    """The working-day calendar of one site: its département's public holidays plus its closures."""

    department_code: str
    closures: frozenset[dt.date] = field(default_factory=frozenset)

    @classmethod
    def for_department(cls, code: str, closures: Iterable[dt.date] = ()) -> WorkingCalendar:
        return cls(territory_for(code).code, frozenset(closures))

    @property
    def time_zone(self) -> ZoneInfo:
        return ZoneInfo(territory_for(self.department_code).time_zone)

    def is_public_holiday(self, day: dt.date) -> bool:
        return day in _public_holidays(territory_for(self.department_code).holiday_subdivision, day.year)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and not self.is_public_holiday(day) and day not in self.closures

    def local_date(self, moment: dt.datetime) -> dt.date:
        """The calendar date of an aware datetime in the département's time zone."""
        if moment.tzinfo is None:
            raise ValueError("an aware datetime is required")
        return moment.astimezone(self.time_zone).date()

    def due_date(self, received: dt.date, working_days: int) -> dt.date:
        """The N-th working day after the day of receipt (which does not count)."""
        if working_days < 0:
            raise ValueError("working_days must be ≥ 0")
        day, counted = received, 0
        while counted < working_days:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def delay(self, received: dt.date, replied: dt.date) -> int:
        """Working days after the day of receipt up to and including the reply date."""
        if replied < received:
            raise ValueError("the reply cannot precede the receipt")
        return sum(
            1
            for offset in range(1, (replied - received).days + 1)
            if self.is_working_day(received + dt.timedelta(days=offset))
        )

    def on_time(self, received: dt.date, replied: dt.date, working_days: int) -> bool:
        return replied <= self.due_date(received, working_days)

"""Working-day rules: examples from the real 2024 calendar, and properties (Hypothesis)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigie.core.calendar import WorkingCalendar

D = dt.date
METRO = WorkingCalendar.for_department("51")
MOSELLE = WorkingCalendar.for_department("57")
REUNION = WorkingCalendar.for_department("974")


@pytest.mark.parametrize(
    ("calendar", "received", "days", "due"),
    [
        (METRO, D(2024, 5, 6), 5, D(2024, 5, 15)),  # Wed 8 May (Victoire) and Thu 9 May (Ascension) skipped
        (METRO, D(2024, 5, 17), 5, D(2024, 5, 27)),  # Mon 20 May: Lundi de Pentecôte
        (METRO, D(2024, 3, 28), 1, D(2024, 3, 29)),  # Good Friday is a working day in metropolitan France…
        (MOSELLE, D(2024, 3, 28), 1, D(2024, 4, 2)),  # …but not in Moselle; Mon 1 Apr is Easter Monday
        (MOSELLE, D(2024, 12, 24), 1, D(2024, 12, 27)),  # 25 and 26 December in Alsace-Moselle
        (METRO, D(2024, 12, 24), 1, D(2024, 12, 26)),
        (REUNION, D(2024, 12, 19), 1, D(2024, 12, 23)),  # 20 December: abolition of slavery in La Réunion
        (METRO, D(2024, 12, 19), 1, D(2024, 12, 20)),
        (METRO, D(2024, 6, 7), 10, D(2024, 6, 21)),  # letter: 10 working days from a Friday
        (METRO, D(2024, 6, 8), 5, D(2024, 6, 14)),  # received on a Saturday
    ],
)
def test_due_dates_from_the_real_calendar(calendar, received, days, due):
    assert calendar.due_date(received, days) == due


def test_site_closures_are_not_working_days():
    closed = WorkingCalendar.for_department("51", closures=[D(2024, 5, 10)])  # pont de l'Ascension
    assert METRO.due_date(D(2024, 5, 7), 2) == D(2024, 5, 13)  # Fri 10, Mon 13
    assert closed.due_date(D(2024, 5, 7), 2) == D(2024, 5, 14)  # Mon 13, Tue 14


def test_delay_counts_working_days_after_receipt_up_to_the_reply():
    assert METRO.delay(D(2024, 6, 3), D(2024, 6, 3)) == 0  # same day
    assert METRO.delay(D(2024, 6, 7), D(2024, 6, 10)) == 1  # Friday → Monday
    assert METRO.delay(D(2024, 6, 8), D(2024, 6, 9)) == 0  # Saturday → Sunday
    assert METRO.delay(D(2024, 5, 7), D(2024, 5, 13)) == 2  # 8 and 9 May are holidays: Fri 10, Mon 13


def test_receipt_date_is_taken_in_the_departments_time_zone():
    moment = dt.datetime(2024, 6, 3, 21, 30, tzinfo=dt.UTC)  # Monday 21:30 UTC
    assert METRO.local_date(moment) == D(2024, 6, 3)  # 23:30 in Paris: still Monday
    assert REUNION.local_date(moment) == D(2024, 6, 4)  # 01:30 in La Réunion: already Tuesday
    guadeloupe = WorkingCalendar.for_department("971")
    assert guadeloupe.local_date(dt.datetime(2024, 6, 4, 2, 0, tzinfo=dt.UTC)) == D(2024, 6, 3)
    with pytest.raises(ValueError):
        METRO.local_date(dt.datetime(2024, 6, 3, 12, 0))  # noqa: DTZ001 - naive on purpose


calendars = st.sampled_from(["51", "57", "67", "971", "972", "973", "974", "976", "2A"])
dates = st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31))
closures = st.frozensets(dates, max_size=15)


@given(calendars, closures, dates, st.integers(0, 30))
def test_due_date_is_a_working_day_exactly_n_working_days_later(code, closed, received, n):
    calendar = WorkingCalendar.for_department(code, closed)
    due = calendar.due_date(received, n)
    assert calendar.delay(received, due) == n
    if n:
        assert calendar.is_working_day(due)
        assert calendar.delay(received, due - dt.timedelta(days=1)) == n - 1


@given(calendars, closures, dates, st.integers(0, 40), st.integers(0, 20))
def test_on_time_iff_delay_at_most_n(code, closed, received, offset, n):
    calendar = WorkingCalendar.for_department(code, closed)
    replied = received + dt.timedelta(days=offset)
    if calendar.on_time(received, replied, n):
        assert calendar.delay(received, replied) <= n
    if calendar.is_working_day(replied):  # a reply dated on a Saturday after a Friday due date is late
        assert calendar.on_time(received, replied, n) == (calendar.delay(received, replied) <= n)


def test_a_reply_dated_on_a_weekend_after_the_due_date_is_late_with_a_delay_of_n():
    received, replied = D(2020, 1, 1), D(2020, 1, 11)  # due Friday 10 January (7 working days); Saturday reply
    assert METRO.due_date(received, 7) == D(2020, 1, 10)
    assert METRO.delay(received, replied) == 7 and not METRO.on_time(received, replied, 7)


@given(calendars, closures, dates, st.integers(0, 20), st.integers(0, 20))
def test_delays_add_up_over_consecutive_intervals(code, closed, start, a, b):
    calendar = WorkingCalendar.for_department(code, closed)
    middle, end = start + dt.timedelta(days=a), start + dt.timedelta(days=a + b)
    assert calendar.delay(start, end) == calendar.delay(start, middle) + calendar.delay(middle, end)


@given(calendars, dates, st.integers(1, 20), closures)
def test_adding_a_closure_never_brings_a_due_date_earlier(code, received, n, closed):
    base = WorkingCalendar.for_department(code)
    assert WorkingCalendar.for_department(code, closed).due_date(received, n) >= base.due_date(received, n)


def test_weekends_are_never_working_days():
    assert not any(METRO.is_working_day(D(2024, 6, d)) for d in (1, 2, 8, 9))


TIME_ZONES = {
    "51": "Europe/Paris",
    "57": "Europe/Paris",
    "971": "America/Guadeloupe",
    "972": "America/Martinique",
    "973": "America/Cayenne",
    "974": "Indian/Reunion",
    "976": "Indian/Mayotte",
}
instants = st.datetimes(
    min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 12, 31), timezones=st.just(dt.UTC)
)


@given(st.sampled_from(sorted(TIME_ZONES)), instants)
def test_the_day_of_receipt_is_the_local_date_of_the_instant_in_the_departments_zone(code, instant):
    """Whatever the offset the instant is written in (UTC, Paris, the department's own), the day of receipt is the
    wall-clock date in the department's zone, across daylight-saving changes (metropolitan zones only have them)."""
    calendar = WorkingCalendar.for_department(code)
    zone = ZoneInfo(TIME_ZONES[code])
    assert calendar.time_zone == zone
    local = instant.astimezone(zone)
    for written in (instant, instant.astimezone(ZoneInfo("Europe/Paris")), local):
        assert calendar.local_date(written) == local.date()
    # an instant a minute before local midnight and one a minute after fall on consecutive days
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0, fold=0)
    before, after = midnight - dt.timedelta(minutes=1), midnight + dt.timedelta(minutes=1)
    assert calendar.local_date(after) - calendar.local_date(before) == dt.timedelta(days=1)

"""Site.calendar(): the working days of one site (its département's holidays and time zone, its closure days)."""

import datetime as dt

from tests.organisation.factories import ClosureDayFactory, DepartmentFactory, SiteFactory


def test_a_sites_calendar_has_its_closures_and_its_departments_holidays(db):
    site = SiteFactory(department=DepartmentFactory(code="57"))  # Moselle: Saint-Étienne (26 Dec) is a holiday
    ClosureDayFactory(site=site, date=dt.date(2024, 5, 10))  # the Friday after Ascension
    ClosureDayFactory(date=dt.date(2024, 5, 13))  # another site's closure does not count
    calendar = site.calendar()
    assert calendar.closures == frozenset({dt.date(2024, 5, 10)})
    assert not calendar.is_working_day(dt.date(2024, 5, 10)) and calendar.is_working_day(dt.date(2024, 5, 13))
    assert not calendar.is_working_day(dt.date(2024, 12, 26))
    assert calendar.due_date(dt.date(2024, 5, 8), 2) == dt.date(2024, 5, 14)  # 9 May Ascension, 10 closed, weekend


def test_an_overseas_sites_calendar_is_in_its_own_time_zone(db):
    site = SiteFactory(department=DepartmentFactory(code="974"))
    assert str(site.calendar().time_zone) == "Indian/Reunion"

"""The demo is built relative to now and never in the future: just after midnight, on a Sunday, on 1 January, the
night the clocks change, and in an overseas department's time zone (it failed before 10:15 Paris time)."""

from __future__ import annotations

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.db import models
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.organisation.factories import DepartmentFactory, ServiceFactory, SiteFactory
from vigie.core.calendar import WorkingCalendar
from vigie.demo.requests import MARNE_CURRENT, build_current_requests, working_days_before
from vigie.improvement.models import Action, ActionEvent
from vigie.register.models import UserRequest

PARIS = ZoneInfo("Europe/Paris")
UTC = dt.UTC

INSTANTS = {
    "00h30-un-lundi": dt.datetime(2026, 12, 7, 0, 30, tzinfo=PARIS),
    "23h55-un-dimanche": dt.datetime(2026, 12, 6, 23, 55, tzinfo=PARIS),
    "00h05-le-1er-janvier": dt.datetime(2027, 1, 1, 0, 5, tzinfo=PARIS),
    # 28 March 2027: at 02:00 Paris the clocks jump to 03:00; 01:00:30 UTC is 03:00:30 summer time
    "passage-a-l-heure-d-ete": dt.datetime(2027, 3, 28, 1, 0, 30, tzinfo=UTC),
}


def _stamped_fields():
    """Every date-time a user or the demo sets (not the automatic creation stamps)."""
    for model in apps.get_models():
        if model._meta.app_label not in {"organisation", "frameworks", "indicators", "register", "improvement"}:
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.DateTimeField) and not (field.auto_now or field.auto_now_add):
                yield model, field.name


@pytest.mark.parametrize("instant", INSTANTS.values(), ids=INSTANTS.keys())
def test_the_demo_builds_at_any_hour_and_nothing_in_it_is_in_the_future(db, instant):
    with time_machine.travel(instant, tick=False):
        call_command("demo", stdout=None)
        today = instant.astimezone(PARIS).date()
        later = [
            (model.__name__, name)
            for model, name in _stamped_fields()
            if model.objects.filter(**{f"{name}__gt": instant}).exists()
        ]
        assert later == []
        assert not UserRequest.objects.filter(received_date__gt=today).exists()
        # the agents' lists are alive whatever the day: a request of today, late ones, one to assign
        marne = UserRequest.objects.filter(department__code="51")
        assert marne.count() == len(MARNE_CURRENT)
        assert marne.filter(received_date=today).exists()
        assert marne.filter(replied_at=None, due_date__lt=today).count() >= 2
        assert marne.filter(service=None).count() == 2
        # action plans: nothing dated after today, and this year's plan has an overdue action and one due soon
        assert not ActionEvent.objects.filter(on__gt=today).exists()
        assert not Action.objects.filter(opened_on__gt=today).exists()
        current = Action.objects.filter(theme__axis__plan__year=today.year, theme__axis__plan__department__code="51")
        assert current.filter(due_date__lt=today).exists() and current.filter(due_date__gt=today).exists()


_site_numbers = itertools.count()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    code=st.sampled_from(["51", "57", "971", "972", "973", "974", "976"]),
    now=st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2031, 12, 31), timezones=st.just(UTC)),
)
@example(code="51", now=dt.datetime(2026, 10, 25, 0, 45, tzinfo=UTC))  # 02:45, the hour Paris lives twice
@example(code="51", now=dt.datetime(2026, 10, 25, 1, 15, tzinfo=UTC))  # 02:15, its second time
@example(
    code="971", now=dt.datetime(2027, 1, 1, 3, 30, tzinfo=UTC)
)  # 1 January in Paris, 31 December at Pointe-à-Pitre
@example(code="974", now=dt.datetime(2026, 12, 31, 20, 5, tzinfo=UTC))  # 1 January at Saint-Denis, not yet in Paris
@example(code="976", now=dt.datetime(2026, 12, 6, 21, 0, tzinfo=UTC))  # Monday in Mamoudzou, Sunday in Paris
def test_current_requests_are_dated_from_now_in_the_departments_own_zone(db, code, now):
    site = SiteFactory(department=DepartmentFactory(code=code), code=f"demo-{next(_site_numbers)}")
    for service_code in ("etrangers", "accueil"):
        ServiceFactory(site=site, code=service_code)
    calendar = WorkingCalendar.for_department(code)
    with time_machine.travel(now, tick=False):
        build_current_requests(site)
    local_today = now.astimezone(calendar.time_zone).date()
    requests = UserRequest.objects.filter(site=site)
    assert requests.count() == len(MARNE_CURRENT)
    for request in requests:
        assert request.received_at <= now
        assert request.replied_at is None or request.received_at <= request.replied_at <= now
    received_days = sorted(requests.values_list("received_date", flat=True))
    expected = sorted(working_days_before(calendar, local_today, ago) for ago, *_ in MARNE_CURRENT)
    assert received_days == expected
    assert received_days[-1] == local_today

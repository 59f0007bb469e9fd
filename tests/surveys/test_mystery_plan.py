"""The mystery-shopper planner, through the API: 20 half-days within two weeks, on working days outside the school
holidays of the zone, public holidays and the site's closures."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigie.core.calendar import WorkingCalendar
from vigie.organisation.models import ClosureDay
from vigie.surveys.kinds.mystery.rules import plan_contacts
from vigie.surveys.kinds.mystery.zones import DEPARTMENT_ZONES, is_school_holiday

FEBRUARY_HOLIDAYS_B_2027 = (dt.date(2027, 2, 20), dt.date(2027, 3, 7))


def _plan(client, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return client.get(f"/api/v1/surveys/mystery-plan?{query}")


def test_a_plan_asked_in_the_february_holidays_of_zone_b(world, frozen):
    assert DEPARTMENT_ZONES["51"] == "B"
    ClosureDay.objects.create(site=world.site_a1, date=dt.date(2027, 3, 10), reason="Inventaire")
    response = _plan(world.client_for(world.officer), site="pref-51", channel="phone", **{"from": "2027-02-24"})
    assert response.status_code == 200
    plan = response.json()
    contacts = plan["contacts"]
    days = [dt.date.fromisoformat(c["date"]) for c in contacts]
    assert len(contacts) == 20
    assert len({(c["date"], c["half_day"]) for c in contacts}) == 20
    assert min(days) > FEBRUARY_HOLIDAYS_B_2027[1]
    assert (max(days) - min(days)).days < 14
    calendar = WorkingCalendar.for_department("51", [dt.date(2027, 3, 10)])
    assert all(calendar.is_working_day(day) and not is_school_holiday("B", day) for day in days)
    assert dt.date(2027, 3, 10) not in days
    # any fortnight that holds the closure of the 10th has nine eligible days: the plan starts on the 11th
    assert min(days) == dt.date(2027, 3, 11)
    reasons = {e["date"]: e["reason"] for e in plan["excluded"]}
    assert reasons["2027-02-24"] == "vacances scolaires (zone B)"
    assert reasons["2027-03-10"] == "fermeture du site" and reasons["2027-03-13"] == "week-end"
    assert {c["service"] for c in contacts} == {"accueil", "etrangers"}  # spread over the site's services


def test_public_holidays_are_left_out(world, frozen):
    plan = _plan(world.client_for(world.reader), site="pref-51", **{"from": "2027-05-03"}).json()
    # Ascension (6 May 2027), the bridge after it (a school holiday of every zone) and Whit Monday (17 May) leave
    # no fortnight with ten eligible days before the one that starts on 18 May
    days = sorted({c["date"] for c in plan["contacts"]})
    assert days[0] == "2027-05-18" and days[-1] == "2027-05-31" and len(days) == 10
    reasons = {e["date"]: e["reason"] for e in plan["excluded"]}
    assert reasons["2027-05-06"] == "jour férié" and reasons["2027-05-17"] == "jour férié"
    assert reasons["2027-05-07"] == "vacances scolaires (zone B)"


@pytest.mark.parametrize("contacts", ["0", "21", "vingt"])
def test_the_number_of_contacts_is_bounded_in_the_schema(world, contacts):
    response = _plan(world.client_for(world.officer), site="pref-51", contacts=contacts, **{"from": "2027-03-01"})
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["contacts"]


def test_a_site_outside_the_scope_is_404_and_a_department_without_zone_is_told_why(world):
    assert _plan(world.client_for(world.officer_b), site="pref-51", **{"from": "2027-03-01"}).status_code == 404
    world.dept_b.code = "974"
    world.dept_b.save()
    response = _plan(world.client_for(world.officer_b), site="pref-16", **{"from": "2027-03-01"})
    assert response.status_code == 400 and "indiquez les dates de ses vacances" in response.json()["detail"]


@settings(max_examples=50)
@given(start=st.dates(dt.date(2024, 1, 1), dt.date(2027, 6, 30)), contacts=st.integers(1, 20))
def test_every_plan_keeps_the_rule(start, contacts):
    calendar = WorkingCalendar.for_department("51")

    def reason_of(day):
        if not calendar.is_working_day(day):
            return "non ouvré"
        return "vacances" if is_school_holiday("B", day) else None

    plan = plan_contacts(start=start, contacts=contacts, services=["a", "b", "c"], reason_of=reason_of)
    days = [c.date for c in plan.contacts]
    assert len(plan.contacts) == contacts == len({(c.date, c.half_day) for c in plan.contacts})
    assert min(days) >= start and (max(days) - min(days)).days < 14
    assert all(reason_of(day) is None for day in days)

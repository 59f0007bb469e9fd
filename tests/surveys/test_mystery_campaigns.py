"""Mystery-shopper campaigns: the planner places the contacts, each contact is evaluated on its channel's grid
(data), results per criterion and service with counts and Wilson intervals, actions raised from weak points, and
the school holidays a department outside the zones enters itself."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.organisation.factories import DepartmentFactory, ServiceFactory, SiteFactory
from vigie.core.formatting import format_number, format_value
from vigie.improvement.models import Action
from vigie.surveys.kinds.mystery.grid import grid, outcomes
from vigie.surveys.kinds.mystery.models import MysteryCampaign, SchoolHoliday
from vigie.surveys.kinds.mystery.queries import mystery_results
from vigie.surveys.kinds.mystery.services import MysteryRejected, create_mystery_campaign, record_evaluation

YES = {"answered": "yes", "greeting": "yes", "answer": "yes", "courtesy": "yes"}


@pytest.fixture
def phone(world, frozen):
    return create_mystery_campaign(
        actor=None,
        department=world.dept_a,
        site=world.site_a1,
        channel="phone",
        title="Appels mystère mars 2024",
        planned_from=dt.date(2024, 3, 11),
    )


def test_the_officer_plans_a_campaign_of_twenty_half_days(world, frozen):
    client = world.client_for(world.officer)
    page = client.get("/departements/51/enquetes/mystere/")
    token = page.context["form"]["once"].value()
    data = {
        "once": token,
        "title": "Courriels mystère",
        "site": "pref-51",
        "channel": "email",
        "planned_from": "2024-03-11",
        "contacts": "20",
    }
    response = client.post("/departements/51/enquetes/mystere/", data)
    assert response.status_code == 302
    assert client.post("/departements/51/enquetes/mystere/", data).status_code == 302  # double click: one campaign
    campaign = MysteryCampaign.objects.get()
    contacts = list(campaign.contacts.order_by("date", "-half_day"))
    assert len(contacts) == 20 and len({(c.date, c.half_day) for c in contacts}) == 20
    assert contacts[0].date == dt.date(2024, 3, 11) and (contacts[-1].date - contacts[0].date).days < 14
    assert all(c.date.weekday() < 5 for c in contacts)
    assert {c.service.code for c in contacts} == {"accueil", "etrangers"}
    assert world.client_for(world.reader).post("/departements/51/enquetes/mystere/", data).status_code == 403


def test_agents_evaluate_their_own_services_only(world, phone):
    own = phone.contacts.filter(service=world.service_a1).first()
    other = phone.contacts.exclude(service=world.service_a1).first()
    agent = world.client_for(world.agent)
    url = f"/enquetes/mystere/{phone.public_id}/contacts/{own.public_id}/"
    assert agent.post(url, {**YES, "delay": "12"}).status_code == 302
    own.refresh_from_db()
    assert own.values == {**YES, "delay": 12} and own.evaluated_by == world.agent
    assert agent.get(f"/enquetes/mystere/{phone.public_id}/contacts/{other.public_id}/").status_code == 403
    assert world.client_for(world.reader).get(url).status_code == 403
    assert world.client_for(world.reader).get(f"/enquetes/mystere/{phone.public_id}/").status_code == 200


def test_results_per_criterion_and_service_with_wilson_and_an_action(world, phone):
    contacts = list(phone.contacts.order_by("date", "-half_day"))
    for index, contact in enumerate(contacts[:10]):
        values = {**YES, "delay": "20" if index % 2 else "45"}
        if index == 9:
            values = {"answered": "no"}
        record_evaluation(actor=world.officer, contact=contact, values=values)
    api = world.client_for(world.reader).get(f"/api/v1/surveys/mystery-campaigns/{phone.public_id}/results").json()
    assert api["planned"] == 20 and api["evaluated"] == 10
    rates = {c["code"]: c for c in api["criteria"]}
    assert (rates["answered"]["met"], rates["answered"]["counted"]) == (9, 10)
    assert (rates["delay"]["met"], rates["delay"]["counted"]) == (4, 9)  # the unanswered call counts only once
    assert rates["delay"]["rate"] == pytest.approx(100 * 4 / 9)
    assert rates["delay"]["ci_low"] < rates["delay"]["rate"] < rates["delay"]["ci_high"]
    assert sum(s["criteria"][0]["counted"] for s in api["services"]) == 10
    page = world.client_for(world.officer).get(f"/enquetes/mystere/{phone.public_id}/").content.decode()
    assert "point faible" in page and "Créer une action" in page
    response = world.client_for(world.officer).post(
        f"/enquetes/mystere/{phone.public_id}/action/", {"criterion": "delay", "service": "etrangers"}
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.origin_app, action.origin_kind, action.origin_public_id) == (
        "surveys",
        "mystery_result",
        str(phone.public_id),
    )
    assert "Décroché en 30 secondes" in action.origin_label and "%" in action.origin_label
    assert (
        world.client_for(world.reader)
        .post(f"/enquetes/mystere/{phone.public_id}/action/", {"criterion": "delay"})
        .status_code
        == 403
    )


def test_an_email_delay_counts_working_days_of_the_department(world, frozen):
    campaign = create_mystery_campaign(
        actor=None,
        department=world.dept_a,
        site=world.site_a1,
        channel="email",
        title="Courriels",
        planned_from=dt.date(2024, 3, 25),
        contacts=10,  # five days: 25 to 29 March
    )
    friday = campaign.contacts.get(date=dt.date(2024, 3, 29), half_day="morning")
    # Easter Monday (1 April 2024) is not a working day: Friday 29 March → Wednesday 3 April is 2 working days
    record_evaluation(actor=None, contact=friday, values=YES, replied_on=dt.date(2024, 4, 3))
    assert friday.values["delay"] == 2 and outcomes("email", friday.values)["delay"] is True
    with pytest.raises(MysteryRejected):
        record_evaluation(actor=None, contact=friday, values=YES)  # answered without the reply's date


def test_the_grid_is_data_one_per_channel():
    assert [c.code for c in grid("phone")] == ["answered", "delay", "greeting", "answer", "courtesy"]
    assert [c.code for c in grid("email")] == ["answered", "delay", "greeting", "answer", "courtesy"]
    assert grid("email")[1].unit == "jours ouvrés"


def test_an_overseas_department_plans_with_the_holidays_it_entered(world, frozen):
    reunion = DepartmentFactory(code="974", name="La Réunion")
    site = SiteFactory(department=reunion, code="pref-974", kind="prefecture")
    ServiceFactory(site=site, code="accueil")
    world.national.refresh_from_db()
    client = world.client_for(world.national)
    refused = client.get("/api/v1/surveys/mystery-plan?site=pref-974&from=2025-03-03")
    assert refused.status_code == 400 and "vacances scolaires" in refused.json()["detail"]
    response = client.post(
        "/departements/974/enquetes/vacances-scolaires/",
        {"label": "Vacances de mars 2025", "start": "2025-03-01", "end": "2025-03-16"},
    )
    assert response.status_code == 302 and SchoolHoliday.objects.filter(department=reunion).count() == 1
    plan = client.get("/api/v1/surveys/mystery-plan?site=pref-974&from=2025-03-03").json()
    days = sorted({c["date"] for c in plan["contacts"]})
    assert days[0] == "2025-03-17" and len(plan["contacts"]) == 20
    assert {e["reason"] for e in plan["excluded"]} >= {"vacances scolaires (Vacances de mars 2025)"}
    assert (
        world.client_for(world.reader)
        .post(
            "/departements/51/enquetes/vacances-scolaires/", {"label": "x", "start": "2025-03-01", "end": "2025-03-02"}
        )
        .status_code
        == 403
    )


def test_an_action_from_a_satisfaction_criterion(world, campaign):
    from vigie.surveys.kinds.satisfaction.services import ResponseInput, record_responses

    record_responses(
        actor=None,
        campaign=campaign,
        items=[ResponseInput(site="pref-51", channel="paper", answers={"courtoisie": "dissatisfied"})],
    )
    page = world.client_for(world.officer).get(f"/enquetes/{campaign.public_id}/").content.decode()
    assert "Créer une action" in page
    response = world.client_for(world.officer).post(
        f"/enquetes/{campaign.public_id}/action/", {"criterion": "courtoisie"}
    )
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.origin_kind, action.origin_public_id) == ("survey_criterion", str(campaign.public_id))
    assert "courtoisie" in action.origin_label.lower()
    assert (
        world.client_for(world.reader)
        .post(f"/enquetes/{campaign.public_id}/action/", {"criterion": "courtoisie"})
        .status_code
        == 403
    )


def test_an_evaluation_through_the_api(world, phone):
    own = phone.contacts.filter(service=world.service_a1).first()
    other = phone.contacts.exclude(service=world.service_a1).first()
    url = f"/api/v1/surveys/mystery-campaigns/{phone.public_id}/contacts/{{}}/evaluation"
    agent = world.client_for(world.agent)
    body = {"values": {**YES, "delay": "15"}}
    response = agent.post(url.format(own.public_id), body, content_type="application/json")
    assert response.status_code == 200 and response.json()["values"]["delay"] == 15
    assert agent.post(url.format(other.public_id), body, content_type="application/json").status_code == 403
    bad = agent.post(url.format(own.public_id), {"values": {"greeting": "peut-être"}}, content_type="application/json")
    assert bad.status_code == 400
    assert {e["field"] for e in bad.json()["errors"]} >= {"greeting", "answered"}


@given(
    answered=st.sampled_from(["yes", "no", ""]),
    others=st.dictionaries(st.sampled_from(["greeting", "answer", "courtesy"]), st.sampled_from(["yes", "no", ""])),
    delay=st.one_of(st.none(), st.integers(0, 3600)),
    channel=st.sampled_from(["phone", "email"]),
)
def test_an_unanswered_contact_counts_only_for_answered(answered, others, delay, channel):
    values = {"answered": answered, **others, "delay": delay}
    result = outcomes(channel, values)
    assert set(result) == {c.code for c in grid(channel)}
    if answered != "yes":
        assert all(met is None for code, met in result.items() if code != "answered")
    else:
        assert result["delay"] == (None if delay is None else delay <= grid(channel)[1].threshold)


def test_mystery_rates_show_one_decimal_like_every_other_rate(world, phone):
    for delay in ("20", "45", "45"):  # one call of three picked up within 30 seconds: 33,3 %
        contact = phone.contacts.filter(evaluated_at__isnull=True).order_by("date", "-half_day").first()
        record_evaluation(actor=world.officer, contact=contact, values={**YES, "delay": delay})
    delay = next(r for r in mystery_results(phone).overall if r.criterion.code == "delay")
    page = world.client_for(world.reader).get(f"/enquetes/mystere/{phone.public_id}/").content.decode()
    assert format_value(delay.rate, "percent") == "33,3\u202f%" and "33,3\u202f%" in page
    interval = f"{format_number(delay.ci_low, 1)}–{format_value(delay.ci_high, 'percent')}"
    assert "," in interval and interval in page

"""Golden tests through the API: the demo's campaigns give the seeds' figures, with their counts."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Count, Q
from django.test import Client

from vigie.demo.surveys import LOIR_ET_CHER_2021, LOIR_ET_CHER_2021_RESPONDENTS, MARNE_TABLE
from vigie.indicators.models import Measurement
from vigie.surveys.models import Response

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=ZoneInfo("Europe/Paris"))
# the seed's list, in its order (CLU of Loir-et-Cher, 27 June 2022)
LOIR_ET_CHER_PRINTED = [64, 74, 75, 75, 79, 96, 98, 52, 82, 98, 76]
MARNE_PRINTED_CHANGES = ["+1", "-0.4", "+15", "-6.7", "+4", "+11.8"]


def shown(value: float, decimals: int = 0) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        call_command("demo", stdout=None)


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _campaign(client, department, year):
    campaigns = client.get(f"/api/v1/surveys/campaigns?department={department}&year={year}").json()
    assert len(campaigns) == 1, campaigns
    return campaigns[0]


def test_loir_et_cher_criteria_come_out_as_printed_with_their_counts(demo):
    client = _client("referente.41")
    campaign = _campaign(client, "41", 2021)
    assert (campaign["start"], campaign["end"], campaign["sites"]) == ("2021-11-15", "2021-12-15", ["pref-41"])
    assert campaign["respondents"] == LOIR_ET_CHER_2021_RESPONDENTS == 152
    results = client.get(f"/api/v1/surveys/campaigns/{campaign['id']}/results").json()
    assert results["respondents"] == 152
    criteria = results["criteria"]
    assert [shown(c["rate"]) for c in criteria] == LOIR_ET_CHER_PRINTED
    assert [(c["code"], c["answered"], c["satisfied"]) for c in criteria] == [
        (code, answered, satisfied) for code, (_, answered, satisfied) in LOIR_ET_CHER_2021.items()
    ]
    for c in criteria:  # every rate has its interval around it, and no earlier campaign to compare with
        assert c["ci_low"] < c["rate"] < c["ci_high"]
        assert c["previous_rate"] is None and c["change_points"] is None
        assert c["small_sample"] is False
    handicap = next(c for c in criteria if c["code"] == "handicap")
    assert (handicap["answered"], handicap["satisfied"], handicap["rate"]) == (48, 36, 75.0)
    assert round(handicap["ci_low"], 2) == 61.22 and round(handicap["ci_high"], 2) == 85.08


def test_marne_table_of_changes_in_points(demo):
    client = _client("copil.51")
    campaign_2022, campaign_2023 = _campaign(client, "51", 2022), _campaign(client, "51", 2023)
    results = client.get(f"/api/v1/surveys/campaigns/{campaign_2023['id']}/results").json()
    assert results["previous_campaign"] == campaign_2022["id"]
    by_code = {c["code"]: c for c in results["criteria"]}
    assert list(by_code) == list(MARNE_TABLE)
    changes = [shown(c["change_points"], 1) for c in results["criteria"]]
    assert changes == [Decimal(v) for v in MARNE_PRINTED_CHANGES]
    for code, (printed_2022, printed_2023, _) in MARNE_TABLE.items():
        assert shown(by_code[code]["previous_rate"], 1) == Decimal(printed_2022)
        assert shown(by_code[code]["rate"], 1) == Decimal(printed_2023)
    assert (by_code["courriers-courriels"]["answered"], by_code["courriers-courriels"]["satisfied"]) == (31, 28)
    assert by_code["courriers-courriels"]["small_sample"] is False
    # the same site's view gives the same table (one site surveyed)
    site = client.get(f"/api/v1/surveys/campaigns/{campaign_2023['id']}/results?site=pref-51").json()
    assert [c["change_points"] for c in site["criteria"]] == [c["change_points"] for c in results["criteria"]]


def test_the_campaigns_publish_satisfaction_globale(demo):
    measurements = Measurement.objects.filter(indicator__code="SATISFACTION-GLOBALE", department__code="41")
    measurement = measurements.get()
    assert (measurement.site.code, measurement.year, measurement.denominator) == ("pref-41", 2021, 152)
    # satisfied respondents counted by the database: more than half of their opinions satisfied
    opinions = Q(answers__value__in=["very_satisfied", "satisfied", "dissatisfied", "very_dissatisfied"])
    per_response = Response.objects.filter(campaign__department__code="41").annotate(
        satisfied=Count("answers", filter=Q(answers__value__in=["very_satisfied", "satisfied"])),
        opinions=Count("answers", filter=opinions),
    )
    assert measurement.numerator == sum(r.satisfied * 2 > r.opinions for r in per_response)


def test_the_demo_surveys_are_idempotent(demo):
    with time_machine.travel(NOW, tick=False):
        call_command("demo", stdout=None)
    client = _client("referente.41")
    assert _campaign(client, "41", 2021)["respondents"] == 152


def test_the_demo_mystery_campaign_experiences_and_ratings(demo):
    """Loir-et-Cher's mystery calls (20 half-days, evaluated), the Marne's SP+ experiences and continuous ratings
    over several months, none after today."""
    client = _client("referente.41")
    campaigns = client.get("/api/v1/surveys/mystery-campaigns?department=41").json()
    assert len(campaigns) == 1 and campaigns[0]["contacts"] == 20 and "fictives" in campaigns[0]["title"]
    results = client.get(f"/api/v1/surveys/mystery-campaigns/{campaigns[0]['id']}/results").json()
    assert results["evaluated"] == 20 and len({(c["date"], c["half_day"]) for c in results["contacts"]}) == 20
    assert all(0 < c["met"] <= c["counted"] for c in results["criteria"])
    marne = _client("copil.51")
    experiences = marne.get("/api/v1/surveys/sp-experiences?department=51").json()
    assert len(experiences["experiences"]) == 10 and {c["year"] for c in experiences["counts"]} == {2022, 2023, 2024}
    points = marne.get("/api/v1/surveys/ratings?department=51").json()
    months = marne.get(f"/api/v1/surveys/ratings/{points[0]['id']}").json()["months"]
    assert len(months) >= 6 and months[-1]["month"] <= NOW.strftime("%Y-%m")
    from vigie.surveys.models import MysteryContact, Rating

    today = NOW.date()
    assert not Rating.objects.filter(submitted_on__gt=today).exists()
    assert not MysteryContact.objects.filter(date__gt=today).exists()

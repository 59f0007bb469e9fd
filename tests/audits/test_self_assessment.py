"""The SP+ self-assessment grid: rates with their basis, mean, weakest, strongest, change; one click raises the
weak commitments' actions (threshold shown); refused input names its field and records nothing."""

import datetime as dt

from django.utils.html import escape

from tests.audits.factories import make_assessment, version
from vigie.audits.models import SelfAssessment
from vigie.frameworks.models import Commitment
from vigie.improvement.models import Action

SEED_LIKE = [(5, 8), (43, 50), (7, 10), (3, 5), (11, 20), (13, 20), (2, 3), (27, 46), (11, 36)]


def _form(version_code, pairs, **extra):
    data = {"assessed_on": "2024-11-18", "weak_threshold": "50", "note": ""}
    for c, (reached, assessed) in zip(
        Commitment.objects.filter(module__version=version(version_code)).order_by("position"), pairs, strict=True
    ):
        data |= {f"reached_{c.code}": reached, f"assessed_{c.code}": assessed, f"comment_{c.code}": ""}
    return data | extra


def test_the_correspondent_records_the_2021_grid_and_reads_the_seed_like_figures(world):
    client = world.client_for(world.correspondent)
    url = "/departements/51/sites/sp-reims/auto-evaluations/nouvelle/?referentiel=services-publics-plus-2021"
    assert "Services Publics+ (2021-2022)" in client.get(url).content.decode()
    response = client.post(url, _form("services-publics-plus-2021", SEED_LIKE))
    assessment = SelfAssessment.objects.get()
    assert response["Location"].endswith(f"/auto-evaluations/{assessment.public_id}/")
    page = client.get(response["Location"]).content.decode()
    assert "61,6\u202f%" in page  # mean of the nine rates
    assert "n°2, 86,0\u202f% (43/50 exigences)" in page
    assert "n°9, 30,6\u202f% (11/36 exigences)" in page
    assert "inférieur à <strong>50&nbsp;%</strong> (1 engagement)" in page


def test_the_change_since_the_last_assessment_is_in_points(world):
    make_assessment(world, [(1, 2)] * 8, on=dt.date(2023, 11, 20))
    latest = make_assessment(world, [(3, 4)] * 8, on=dt.date(2024, 11, 18))
    page = (
        world.client_for(world.officer).get(f"/departements/51/auto-evaluations/{latest.public_id}/").content.decode()
    )
    assert "+25,0 pt" in page
    data = world.client_for(world.officer).get("/api/v1/self-assessments?department=51&year=2024").json()
    assert [(a["mean"], a["previous_mean"], a["change_points"]) for a in data] == [(75.0, 50.0, 25.0)]
    assert data[0]["commitments"][0] | {"title": ""} == {
        "code": "SPP-E1",
        "number": 1,
        "title": "",
        "reached": 3,
        "assessed": 4,
        "rate": 75.0,
        "previous_rate": 50.0,
        "change_points": 25.0,
    }


def test_one_click_raises_an_action_per_weak_commitment_once(world):
    assessment = make_assessment(world, [(1, 4), (3, 4), (1, 2), (4, 4), (0, 3), (3, 4), (3, 4), (3, 4)], threshold=50)
    client = world.client_for(world.correspondent)
    url = f"/departements/51/auto-evaluations/{assessment.public_id}/actions/"
    assert client.post(url, {"due_date": "2025-06-30"}).status_code == 302
    actions = Action.objects.order_by("title")
    assert [a.title[:14] for a in actions] == ["Engagement 1 —", "Engagement 5 —"]  # 25 % and 0 %; 50 % is not weak
    assert {(a.origin_kind, a.due_date, a.theme.axis.plan.year) for a in actions} == {
        ("self_assessment_commitment", dt.date(2025, 6, 30), 2024)
    }
    client.post(url, {"due_date": ""})
    assert Action.objects.count() == 2
    page = client.get(f"/departements/51/auto-evaluations/{assessment.public_id}/").content.decode()
    assert escape(actions[0].title) in page


def test_reached_above_assessed_is_refused_and_nothing_is_recorded(world):
    client = world.client_for(world.officer)
    pairs = [(5, 4)] + [(1, 2)] * 7
    response = client.post(
        "/departements/51/sites/sp-reims/auto-evaluations/nouvelle/", _form("services-publics-plus-2023", pairs)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Les exigences atteintes ne peuvent dépasser les évaluées." in body
    assert 'href="#id_reached_SPP-E1"' in body
    assert not SelfAssessment.objects.exists()


def test_a_grid_with_nothing_assessed_is_refused(world):
    response = world.client_for(world.officer).post(
        "/departements/51/sites/sp-reims/auto-evaluations/nouvelle/", _form("services-publics-plus-2023", [(0, 0)] * 8)
    )
    assert response.status_code == 400 and "Évaluez au moins une exigence" in response.content.decode()
    assert not SelfAssessment.objects.exists()


def test_the_api_year_is_bounded(world):
    client = world.client_for(world.officer)
    response = client.get("/api/v1/self-assessments?department=51&year=1999")
    assert response.status_code == 400 and [e["field"] for e in response.json()["errors"]] == ["year"]
    assert client.get("/api/v1/self-assessments?department=51&year=2101").status_code == 400

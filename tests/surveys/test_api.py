"""The surveys API: campaigns, results, responses (values, errors naming the field, permissions, bounds)."""

import pytest

from vigie.surveys.models import Response


@pytest.fixture
def officer(world):
    client = world.client_for(world.officer)
    client.handler.enforce_csrf_checks = False
    return client


def _post(client, campaign, body):
    return client.post(
        f"/api/v1/surveys/campaigns/{campaign.public_id}/responses", body, content_type="application/json"
    )


def test_a_response_posted_counts_in_the_results(officer, campaign):
    body = {
        "site": "sp-reims",
        "service": "accueil",
        "channel": "paper",
        "answers": {"courtoisie": "very_satisfied", "reseaux-sociaux": "no", "note-globale": 5, "commentaire": "Bien"},
    }
    created = _post(officer, campaign, body)
    assert created.status_code == 201 and created.json()["number"] == 1
    _post(officer, campaign, {**body, "answers": {"courtoisie": "no_opinion", "reseaux-sociaux": "yes"}})
    listed = officer.get("/api/v1/surveys/campaigns?department=51&year=2024").json()
    assert [(c["title"], c["kind"], c["sites"], c["respondents"]) for c in listed] == [
        ("Enquête 2024", "satisfaction", ["pref-51", "sp-reims"], 2)
    ]
    results = officer.get(f"/api/v1/surveys/campaigns/{campaign.public_id}/results?site=sp-reims").json()
    by_code = {c["code"]: c for c in results["criteria"]}
    assert results["respondents"] == 2
    assert (by_code["courtoisie"]["answered"], by_code["courtoisie"]["satisfied"], by_code["courtoisie"]["rate"]) == (
        1,
        1,
        100.0,
    )
    assert by_code["courtoisie"]["small_sample"] is True
    assert by_code["reseaux-sociaux"]["rate"] == 50.0
    assert by_code["note-globale"]["mean"] == 5.0 and by_code["note-globale"]["rate"] is None
    assert (
        officer.get(f"/api/v1/surveys/campaigns/{campaign.public_id}/results?site=pref-51").json()["respondents"] == 0
    )


def test_a_bad_value_is_refused_naming_the_question_and_nothing_is_recorded(officer, campaign):
    response = _post(
        officer,
        campaign,
        {"site": "pref-51", "channel": "paper", "answers": {"courtoisie": "ravi", "note-globale": 9, "inconnue": "x"}},
    )
    assert response.status_code == 400
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert set(errors) == {"courtoisie", "note-globale", "inconnue"}
    assert "very_satisfied" in errors["courtoisie"] and "1 à 5" in errors["note-globale"]
    assert not Response.objects.exists()


def test_a_site_outside_the_campaign_and_a_closed_channel_are_refused(officer, world, campaign):
    response = _post(officer, campaign, {"site": "pref-16", "channel": "fax", "answers": {"courtoisie": "satisfied"}})
    assert {e["field"] for e in response.json()["errors"]} == {"site", "channel"}


def test_an_agent_types_only_their_own_services_forms(world, campaign):
    client = world.client_for(world.agent)
    client.handler.enforce_csrf_checks = False
    body = {"site": "pref-51", "service": "accueil", "channel": "paper", "answers": {"courtoisie": "satisfied"}}
    assert _post(client, campaign, body).status_code == 403
    assert _post(client, campaign, {**body, "service": "etrangers"}).status_code == 201
    assert Response.objects.get().entered_by == world.agent


@pytest.mark.parametrize("year", ["1999", "2101", "deux-mille"])
def test_the_year_is_bounded_in_the_schema(officer, campaign, year):
    response = officer.get(f"/api/v1/surveys/campaigns?department=51&year={year}")
    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["year"]


def test_a_site_outside_the_campaign_gives_404_results(officer, campaign):
    assert officer.get(f"/api/v1/surveys/campaigns/{campaign.public_id}/results?site=pref-16").status_code == 404

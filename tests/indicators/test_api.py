from decimal import Decimal

import pytest

from tests.conftest import api_errors
from tests.indicators.test_rules import CHARENTE_2021_LOST, CHARENTE_2021_RECEIVED
from vigie.indicators.models import Measurement, MeasurementChange

TELEPHONY = [
    {"indicator": "TEL-DECROCHE", "site": "pref-16", "period": f"2021-{m:02d}", "numerator": r - lost, "denominator": r}
    for m, (lost, r) in enumerate(zip(CHARENTE_2021_LOST, CHARENTE_2021_RECEIVED, strict=True), start=1)
]


def _post(client, body, department="16"):
    return client.post(f"/api/v1/measurements?department={department}", body, content_type="application/json")


def test_posted_measurements_give_monthly_quarterly_and_yearly_results(world):
    client = world.client_for(world.officer_b)
    response = _post(client, TELEPHONY)
    assert response.status_code == 200 and response.json() == {"created": 12, "updated": 0, "unchanged": 0}
    months = client.get("/api/v1/indicators/TEL-DECROCHE/results?department=16&site=pref-16&year=2021").json()
    assert [m["period"] for m in months] == [f"2021-{m:02d}" for m in range(1, 13)]
    assert round(months[0]["value"], 1) == 77.1 and months[0]["numerator"] == 7637
    assert months[0]["target"] == 85.0 and months[0]["met"] is False
    year = client.get("/api/v1/indicators/TEL-DECROCHE/results?department=16&year=2021&by=year").json()
    assert year == [
        {
            "period": "2021",
            "numerator": 93148,
            "denominator": 114310,
            "value": pytest.approx(93148 / 114310 * 100),
            "target": 85.0,
            "met": False,
        }
    ]
    quarters = client.get("/api/v1/indicators/TEL-DECROCHE/results?department=16&year=2021&by=quarter").json()
    assert [q["period"] for q in quarters] == ["2021-T1", "2021-T2", "2021-T3", "2021-T4"]
    assert sum(q["numerator"] for q in quarters) == 93148


def test_a_batch_with_one_bad_row_changes_nothing_and_names_the_row(world):
    body = [
        *TELEPHONY[:3],
        {"indicator": "TEL-DECROCHE", "site": "pref-16", "period": "2021-04", "numerator": 12000, "denominator": 10895},
        {"indicator": "NOPE", "period": "2021-05", "numerator": 1, "denominator": 2},
        {"indicator": "TEL-DECROCHE", "site": "inconnu", "period": "2021-06", "numerator": 1, "denominator": 2},
        {"indicator": "TEL-DECROCHE", "site": "pref-16", "period": "2021-T3", "numerator": 1, "denominator": 2},
    ]
    response = _post(world.client_for(world.officer_b), body)
    assert response.status_code == 400
    messages = {(e["line"], e["field"]): e["message"] for e in response.json()["errors"]}
    assert messages[(4, "numerator")] == "le numérateur (12000) dépasse le dénominateur (10895)"
    assert messages[(5, "indicator")] == "indicateur « NOPE » inconnu"
    assert messages[(6, "site")] == "site « inconnu » inconnu dans le département 16"
    assert "mensuelle" in messages[(7, "period")]
    assert not Measurement.objects.exists()


def test_negative_values_are_refused(world):
    body = [{"indicator": "TEL-DECROCHE", "site": "pref-16", "period": "2021-01", "numerator": -1, "denominator": 5}]
    response = _post(world.client_for(world.officer_b), body)
    assert response.status_code == 400
    assert api_errors(response) == {"ligne 1 › numerator": ["valeur minimale : 0"]}


def test_a_correction_is_kept_in_the_history(world):
    client = world.client_for(world.officer_b)
    _post(client, TELEPHONY[:1])
    corrected = [{**TELEPHONY[0], "numerator": 7700}]
    assert _post(client, corrected).json() == {"created": 0, "updated": 1, "unchanged": 0}
    assert _post(client, corrected).json() == {"created": 0, "updated": 0, "unchanged": 1}
    change = MeasurementChange.objects.order_by("-pk").first()
    assert change.old["numerator"] == "7637.0000" and change.new["numerator"] == "7700.0000"
    assert change.changed_by == world.officer_b


def test_web_connection_rate_takes_the_population_and_averages_months(world):
    body = [
        {"indicator": "WEB-CONNEXION", "period": f"2021-{m:02d}", "numerator": v}
        for m, v in enumerate([32403, 30146], start=1)
    ]
    assert _post(world.client_for(world.officer_b), body).status_code == 200
    assert Measurement.objects.filter(denominator=Decimal(360970)).count() == 2
    year = (
        world.client_for(world.officer_b)
        .get("/api/v1/indicators/WEB-CONNEXION/results?department=16&year=2021&by=year")
        .json()[0]
    )
    assert year["value"] == pytest.approx((32403 + 30146) / 2 / 360970 * 100)


def test_site_correspondent_writes_only_their_site(world):
    body = [{"indicator": "TEL-DECROCHE", "site": "sp-reims", "period": "2021-01", "numerator": 1, "denominator": 2}]
    assert _post(world.client_for(world.correspondent), body, "51").status_code == 200
    other = [{**body[0], "site": "pref-51"}]
    assert _post(world.client_for(world.correspondent), other, "51").status_code == 403
    assert _post(world.client_for(world.reader), body, "51").status_code == 403
    assert _post(world.client_for(world.officer_b), body, "51").status_code == 404


def test_results_for_a_site_outside_the_scope_are_404(world):
    url = "/api/v1/indicators/TEL-DECROCHE/results?department=51&site=pref-51&year=2021"
    assert world.client_for(world.correspondent).get(url).status_code == 404
    assert world.client_for(world.officer).get(url).status_code == 200
    assert world.client_for(world.officer).get(url + "&by=week").status_code == 400


def test_mean_of_monthly_rates_sums_the_sites_of_each_month_first(world):
    """A mean_of_period_values indicator measured per site: month = Σ sites, year = mean of the months."""
    from vigie.frameworks.models import Indicator

    Indicator.objects.filter(code="WEB-CONNEXION").update(denominator_source="entered")
    body = [
        {"indicator": "WEB-CONNEXION", "site": "pref-51", "period": "2021-01", "numerator": 10, "denominator": 100},
        {"indicator": "WEB-CONNEXION", "site": "sp-reims", "period": "2021-01", "numerator": 60, "denominator": 200},
        {"indicator": "WEB-CONNEXION", "site": "pref-51", "period": "2021-02", "numerator": 20, "denominator": 100},
    ]
    assert _post(world.client_for(world.officer), body, "51").status_code == 200
    url = "/api/v1/indicators/WEB-CONNEXION/results?department=51&year=2021"
    months = world.client_for(world.officer).get(url).json()
    assert months[0]["value"] == pytest.approx(70 / 300 * 100)  # January: Σ sites 70 / 300, not mean(10 %, 30 %)
    assert months[1]["value"] == 20.0
    year = world.client_for(world.officer).get(url + "&by=year").json()[0]
    assert year["value"] == pytest.approx((70 / 300 * 100 + 20) / 2)  # mean of the two monthly rates


def test_a_nul_character_in_a_body_is_refused_before_any_lookup(world):
    """Found by the schema fuzz on PostgreSQL, which refuses NUL in a text (a 500): every API body holding one is
    refused by the parser, and the measurements' service looks codes up only once known (files reach it too)."""
    body = [{"indicator": "TEL\x00DECROCHE", "site": "pref\x00-16", "period": "2021-05", "numerator": 1}]
    response = _post(world.client_for(world.officer_b), body)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("texte refusé")  # a rule of Vigie: the schema admits any character
    assert response.json()["errors"] == [
        {
            "field": None,
            "line": None,
            "message": "un texte contient le caractère NUL (U+0000), que Vigie ne conserve pas",
        }
    ]
    from vigie.indicators.imports import ParsedRow
    from vigie.indicators.services import plan_measurements

    row = ParsedRow(line=1, indicator="TEL\x00DECROCHE", site=None, period="2021-05", numerator=None, denominator=None)
    plan = plan_measurements(department=world.dept_b, rows=[row])
    assert [(e.line, e.column) for e in plan.errors] == [(1, "indicator")]
    assert not Measurement.objects.exists()

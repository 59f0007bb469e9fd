"""The projection page and API: computed by the worker (here an immediate task backend, or the real database queue),
refused with its reason when the history is too short, and within the user's scope."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.indicators.test_forecast import seasonal_series
from vigie.core.workers import beat
from vigie.frameworks.models import Indicator
from vigie.indicators.imports import ParsedRow
from vigie.indicators.projections import compute_projection, monthly_series
from vigie.indicators.services import save_measurements

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
URL = "/api/v1/indicators/TEL-DECROCHE/projection?department=16"


def _calls(world, months: int, first_year: int = 2022):
    received = seasonal_series(months)
    rows = [
        ParsedRow(
            line=t + 1,
            indicator="TEL-DECROCHE",
            site="pref-16",
            period=f"{first_year + t // 12}-{t % 12 + 1:02d}",
            numerator=Decimal(round(r * 0.85)),
            denominator=Decimal(round(r)),
        )
        for t, r in enumerate(received)
    ]
    save_measurements(actor=None, department=world.dept_b, rows=rows, source="imported")


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = IMMEDIATE


def test_calls_received_are_projected_with_intervals_model_and_back_test_error(world, immediate_tasks):
    _calls(world, 36)
    client = world.client_for(world.officer_b)
    body = client.get(URL + "&months=12")
    assert body.status_code == 200
    data = body.json()
    assert set(data) == {"model", "mape", "points"}
    assert data["model"].startswith("ETS(") and 0 <= data["mape"] < 5
    assert [p["period"] for p in data["points"]] == [f"2025-{m:02d}" for m in range(1, 13)]
    for p in data["points"]:
        assert set(p) == {"period", "value", "low80", "high80", "low95", "high95"}
        assert p["low95"] <= p["low80"] <= p["value"] <= p["high80"] <= p["high95"]
    page = client.get("/departements/16/resultats/indicateurs/TEL-DECROCHE/projection/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Appels reçus, quel que soit le motif" in html  # the projected quantity: the rate's denominator
    assert "Erreur moyenne (MAPE)" in html and "<line-chart" in html and "Intervalle à 95" in html


def test_a_twelve_month_history_refuses_to_project_and_says_why(world, immediate_tasks):
    _calls(world, 12, first_year=2025)
    client = world.client_for(world.officer_b)
    body = client.get(URL)
    assert body.status_code == 422
    assert "12 mois consécutifs, il en faut au moins 24" in body.json()["detail"]
    page = client.get("/departements/16/resultats/indicateurs/TEL-DECROCHE/projection/").content.decode()
    assert "Pas de projection" in page and "<line-chart" not in page
    assert "Données : Appels reçus" in page  # the data are shown all the same


def test_off_the_request_path_the_page_says_pending_until_the_worker_has_computed_it(world):
    _calls(world, 30)
    client = world.client_for(world.officer_b)
    assert client.get(URL).status_code == 202
    # no worker has said it is alive: the page says what the projection waits for, and asks less often
    page = client.get("/departements/16/resultats/indicateurs/TEL-DECROCHE/projection/").content.decode()
    assert "En attente d'un worker" in page and "<code>vigie worker</code>" in page
    assert 'hx-trigger="load delay:30s"' in page
    beat("worker-1")  # a worker runs
    page = client.get("/departements/16/resultats/indicateurs/TEL-DECROCHE/projection/").content.decode()
    assert "en cours de calcul" in page and 'hx-trigger="load delay:3s"' in page
    assert "En attente d'un worker" not in page
    indicator = Indicator.objects.get(code="TEL-DECROCHE", department=None)
    compute_projection(indicator=indicator, department=world.dept_b, site=None, months=12)  # what the worker runs
    assert client.get(URL).status_code == 200
    fragment = client.get("/departements/16/resultats/indicateurs/TEL-DECROCHE/projection/", HTTP_HX_REQUEST="true")
    assert "<h1>" not in fragment.content.decode() and "Modèle : ETS(" in fragment.content.decode()


def test_a_changed_measurement_gives_a_new_cache_key(world):
    _calls(world, 24)
    indicator = Indicator.objects.get(code="TEL-DECROCHE", department=None)
    before = monthly_series(indicator=indicator, department=world.dept_b, site=None)
    rows = [ParsedRow(1, "TEL-DECROCHE", "pref-16", "2023-12", Decimal(10), Decimal(20))]
    save_measurements(actor=None, department=world.dept_b, rows=rows, source="imported")
    after = monthly_series(indicator=indicator, department=world.dept_b, site=None)
    assert before.digest != after.digest and after.values[-1] == 20


@pytest.mark.parametrize("months", ["0", "25", "-1", "douze"])
def test_months_out_of_bounds_is_refused_naming_the_field(world, months):
    body = world.client_for(world.officer_b).get(URL + f"&months={months}")
    errors = body.json()["errors"]
    assert body.status_code == 400 and [e["field"] for e in errors] == ["months"]


def test_outside_the_scope_the_projection_is_not_found(world):
    assert world.client_for(world.officer).get(URL).status_code == 404
    page = world.client_for(world.officer).get("/departements/16/resultats/indicateurs/TEL-DECROCHE/projection/")
    assert page.status_code == 404

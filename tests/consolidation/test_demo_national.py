"""On the demo (ten departments, 2021-2023): the national answered-calls rate is the sum of the answered calls of
every department over the sum of their received calls, as the ORM adds them up independently."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import Sum

from vigie.indicators.models import Measurement


def test_national_tel_decroche_on_the_demo_is_the_sum_of_answered_over_the_sum_of_received(db, client):
    call_command("demo", stdout=None)
    client.force_login(User.objects.get(username="admin"))
    for year in (2021, 2022, 2023):
        _check(client, year)


def _check(client, year):
    totals = Measurement.objects.filter(indicator__code="TEL-DECROCHE", year=year).aggregate(
        answered=Sum("numerator"), received=Sum("denominator")
    )
    data = client.get(f"/api/v1/national/indicators/TEL-DECROCHE/results?year={year}").json()
    assert len([d for d in data["departments"] if d["value"] is not None]) == 10
    assert data["national"]["numerator"] == totals["answered"]
    assert data["national"]["denominator"] == totals["received"]
    assert data["national"]["value"] == pytest.approx(float(totals["answered"] / totals["received"] * 100))
    page = client.get(f"/national/indicateurs/TEL-DECROCHE/?annee={year}").content.decode()
    assert "974 — La Réunion" in page and "2A — Corse-du-Sud" in page

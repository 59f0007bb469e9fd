"""A yearly value for a monthly indicator (issue 15, item 4): a past year known only as a whole can be entered for a
year with no monthly measurement, and is shown as a yearly value; refused when monthly values exist for that year,
and monthly values are refused once a yearly value alone is stored — with a clear French error."""

from tests.indicators.test_api import TELEPHONY, _post
from vigie.indicators.models import Measurement

YEAR_2020 = {
    "indicator": "TEL-DECROCHE",
    "site": "pref-16",
    "period": "2020",
    "numerator": 80000,
    "denominator": 100000,
}


def test_a_yearly_value_is_accepted_for_a_year_without_monthly_data_and_shown_as_a_year(world):
    client = world.client_for(world.officer_b)
    response = _post(client, [YEAR_2020])
    assert response.status_code == 200 and response.json()["created"] == 1
    assert Measurement.objects.get().period_kind == "year"
    base = "/api/v1/indicators/TEL-DECROCHE/results?department=16&site=pref-16&year=2020"
    assert [(r["period"], r["value"]) for r in client.get(base).json()] == [("2020", 80.0)]  # by month: the year
    assert client.get(f"{base}&by=year").json()[0]["numerator"] == 80000


def test_a_yearly_value_is_refused_when_monthly_values_exist_and_vice_versa(world):
    client = world.client_for(world.officer_b)
    assert _post(client, TELEPHONY).status_code == 200
    refused = _post(client, [{**YEAR_2020, "period": "2021"}])
    assert refused.status_code == 400
    assert "a déjà des mesures de périodicité mensuelle en 2021" in refused.json()["detail"]
    assert _post(client, [YEAR_2020]).status_code == 200
    monthly = _post(client, [{**TELEPHONY[0], "period": "2020-01"}])
    assert monthly.status_code == 400
    assert "a une valeur annuelle seule pour 2020" in monthly.json()["detail"]


def test_a_file_mixing_a_yearly_value_and_monthly_values_of_the_same_year_is_refused(world):
    client = world.client_for(world.officer_b)
    refused = _post(client, [YEAR_2020, {**TELEPHONY[0], "period": "2020-01"}])
    assert refused.status_code == 400 and not Measurement.objects.exists()

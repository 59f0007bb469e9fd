import pytest

from tests.consolidation.conftest import CALLS, YEAR


def _sums():
    answered = sum(a for _, months in CALLS.values() for a, _ in months)
    received = sum(r for _, months in CALLS.values() for _, r in months)
    return answered, received


def test_national_tel_decroche_is_the_sum_of_answered_calls_over_the_sum_of_received_calls(national):
    body = national.client_for(national.national).get(f"/api/v1/national/indicators/TEL-DECROCHE/results?year={YEAR}")
    assert body.status_code == 200
    data = body.json()
    answered, received = _sums()
    assert data["year"] == YEAR
    assert data["national"] == {
        "numerator": answered,
        "denominator": received,
        "value": pytest.approx(answered / received * 100),
    }
    by_code = {d["code"]: d for d in data["departments"]}
    assert set(by_code) == {"16", "2A", "51"}
    assert by_code["2A"] == {
        "code": "2A",
        "name": "Corse-du-Sud",
        "numerator": 48,
        "denominator": 60,
        "value": 80.0,
        "target": 85.0,
        "status": "non atteinte",
    }
    # not the mean of the departments' rates
    mean_of_rates = sum(d["value"] for d in data["departments"]) / 3
    assert data["national"]["value"] != pytest.approx(mean_of_rates)

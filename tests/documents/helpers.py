"""Data of the documents tests: Charente's 2021 telephony (the seed's public figures) posted through the API, and a
Charente-like CLU meeting (tests/committees/factories.py)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.indicators.test_rules import CHARENTE_2021_LOST, CHARENTE_2021_RECEIVED

TELEPHONY = [
    {"indicator": "TEL-DECROCHE", "site": "pref-16", "period": f"2021-{m:02d}", "numerator": r - lost, "denominator": r}
    for m, (lost, r) in enumerate(zip(CHARENTE_2021_LOST, CHARENTE_2021_RECEIVED, strict=True), start=1)
]


def post_measurements(client, rows, department="16"):
    response = client.post(f"/api/v1/measurements?department={department}", rows, content_type="application/json")
    assert response.status_code == 200, response.content
    return response


def seed_charente(world):
    post_measurements(world.client_for(world.officer_b), TELEPHONY)


def run(*command: str, **kwargs) -> subprocess.CompletedProcess:
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} n'est pas installé")
    return subprocess.run(command, capture_output=True, check=True, timeout=180, **kwargs)  # noqa: S603

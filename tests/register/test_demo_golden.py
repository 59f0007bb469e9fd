"""The register's figures on the demo, through the API, against a file written before the register was reorganised
(issue 11: « no change in behaviour »): the request list, the analysis, and every register indicator's results.

The demo is built at a frozen instant, so the file holds at any hour. To write the file again after a change that
is meant to change these figures: `VIGIE_WRITE_GOLDEN=1 .venv/bin/pytest tests/register/test_demo_golden.py`, and
say why in the commit.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from vigie.frameworks.queries import register_indicators

GOLDEN = Path(__file__).resolve().parent.parent / "data" / "register-demo-golden.json"
INSTANT = dt.datetime(2026, 12, 2, 14, 0, tzinfo=ZoneInfo("Europe/Paris"))
# every register indicator of the framework data (rate and delay of each family)
REGISTER_CODES = [code for pair in register_indicators() for code in (pair.rate_code, pair.delay_code)]
SCOPES = [("41", 2022), ("51", 2026)]


def _register_figures(client: Client) -> dict:
    figures: dict = {"requests": client.get("/api/v1/requests?limit=500").json()}
    for department, year in SCOPES:
        base = f"department={department}&year={year}"
        figures[f"analysis {department} {year}"] = client.get(f"/api/v1/requests/analysis?{base}").json()
        for code in REGISTER_CODES:
            for by in ("month", "quarter", "year"):
                url = f"/api/v1/indicators/{code}/results?{base}&by={by}"
                figures[f"{code} {department} {year} {by}"] = client.get(url).json()
    figures["analysis national 2022 H1"] = client.get(
        "/api/v1/requests/analysis?received_from=2022-01-01&received_to=2022-06-30"
    ).json()
    return figures


def _without_site_keys(figures: dict) -> dict:
    """The analysis keys its sites by primary key, which depends on what the database handed out before (PostgreSQL
    does not rewind its sequences between tests): the site is named by its label, the key is left out."""
    for name, value in figures.items():
        if name.startswith("analysis"):
            for row in value["by_site"]:
                row.pop("key")
    return figures


def test_register_figures_of_the_demo_are_those_written_before_the_reorganisation(
    db, django_capture_on_commit_callbacks
):
    with time_machine.travel(INSTANT, tick=False):
        with django_capture_on_commit_callbacks(execute=True):  # the indicators are published after the commit
            call_command("demo", stdout=None)
        client = Client()
        client.force_login(User.objects.get(username="admin"))
        figures = _without_site_keys(json.loads(json.dumps(_register_figures(client), sort_keys=True)))
    if os.environ.get("VIGIE_WRITE_GOLDEN"):
        GOLDEN.write_text(json.dumps(figures, indent=1, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    assert figures["requests"]["count"] == 47  # 39 in Loir-et-Cher's first half of 2022, 8 current ones in the Marne
    assert len(REGISTER_CODES) == 6
    assert figures["RECLAM-DELAI-OK 41 2022 year"][0]["numerator"] == 39  # published, not an empty list
    assert figures == json.loads(GOLDEN.read_text(encoding="utf-8"))

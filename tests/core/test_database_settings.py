"""Persistent connections by default on PostgreSQL (60 s, checked before use), none on SQLite; DB_CONN_MAX_AGE
overrides both (docs/configuration.md)."""

import json
import os
import subprocess
import sys

import pytest


def _database(**env) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "d = settings.DATABASES['default']; print(json.dumps([d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS']]))"
    )
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DB_CONN_MAX_AGE")}
    environment.update(DJANGO_SETTINGS_MODULE="vigie.settings", **env)
    out = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DATABASE_URL": "postgres://vigie@127.0.0.1:5432/vigie"}, [60, True]),
        ({"DATABASE_URL": "postgres://vigie@127.0.0.1:5432/vigie", "DB_CONN_MAX_AGE": "0"}, [0, True]),
        ({"DATABASE_URL": "sqlite:////tmp/vigie-settings-test.sqlite3"}, [0, False]),
    ],
)
def test_connection_lifetime_defaults(env, expected):
    assert _database(**env) == expected

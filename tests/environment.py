"""Vigie's settings and commands as an operator's environment makes them: vigie/settings.py run again (in this
process, or in a `vigie` subprocess), never the test settings."""

from __future__ import annotations

import os
import runpy
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETTINGS_FILE = ROOT / "vigie" / "settings.py"
TEST_SECRET_KEY = "clef-de-test-" + "x" * 40


def settings_from_environment(environment: dict[str, str], monkeypatch, tmp_path, *, unset=()) -> dict:
    """Run vigie/settings.py with this environment, as the server would; return every setting it computes."""
    for name in unset:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("VIGIE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SECRET_KEY", TEST_SECRET_KEY)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS_FILE))


def operator_environment() -> dict[str, str]:
    """This process's environment without what the test harness sets for itself (the test settings module, and
    DJANGO_ALLOW_ASYNC_UNSAFE from the browser tests, which `check --deploy` rightly refuses)."""
    harness = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return {name: value for name, value in os.environ.items() if name not in harness}


def run_vigie(*args: str, environment: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    """`vigie ARGS` in a subprocess with the production settings module and this environment."""
    env = operator_environment()
    env.update({"VIGIE_DATA_DIR": str(tmp_path / "data"), "SECRET_KEY": TEST_SECRET_KEY, **environment})
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-m", "vigie.manage", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )

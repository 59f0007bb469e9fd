"""The layer contract of docs/architecture.md holds, and an import that breaks it fails `make quality`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(source_root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own tool, fixed arguments
        [str(LINT_IMPORTS), "--no-cache", "--config", str(ROOT / "pyproject.toml")],
        cwd=source_root,
        env={**os.environ, "PYTHONPATH": str(source_root)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _copy_of_the_code(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "vigie", tmp_path / "vigie", ignore=shutil.ignore_patterns("__pycache__", "static"))
    return tmp_path


def test_the_code_keeps_the_layer_contract(tmp_path):
    result = _lint_imports(_copy_of_the_code(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("core/formatting.py", "from vigie.organisation import models  # upward"),
        ("organisation/queries.py", "import vigie.frameworks.queries  # upward"),
        ("indicators/services.py", "from vigie.register import queries  # upward"),
    ],
)
def test_an_upward_import_breaks_the_contract_even_inside_a_function(tmp_path, module, line):
    root = _copy_of_the_code(tmp_path)
    path = root / "vigie" / module
    path.write_text(path.read_text() + f"\n\ndef _hidden():\n    {line}\n")
    result = _lint_imports(root)
    assert result.returncode == 1
    assert "BROKEN" in result.stdout and module.replace("/", ".").removesuffix(".py") in result.stdout

"""Vigie's one spreadsheet writer: text is written as text (no formula injection), numbers and dates keep their
types and formats; and no other module writes a spreadsheet."""

from __future__ import annotations

import ast
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import openpyxl

from tests.core.spreadsheets import HOSTILE, assert_no_formula, workbook_cells
from vigie.core.spreadsheets import write_xlsx

VIGIE = Path(__file__).resolve().parents[2] / "vigie"
WRITER = VIGIE / "core" / "spreadsheets.py"


def _written(rows, **kwargs) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, title=kwargs.pop("title", "Titre"), header=kwargs.pop("header", ["A"]), rows=rows, **kwargs)
    return buffer.getvalue()


def test_hostile_text_is_written_as_the_exact_text_never_as_a_formula():
    content = _written([[text] for text in HOSTILE], title=HOSTILE[0], header=[HOSTILE[1]])
    assert_no_formula(content)
    cells = workbook_cells(content)
    assert [row[0].value for row in cells] == [HOSTILE[0], HOSTILE[1], *HOSTILE]
    assert {row[0].data_type for row in cells} == {"s"}
    # editing such a cell in Excel keeps it text (« quotePrefix »); « #N/A » needs no prefix: it is typed text
    assert [row[0].quotePrefix for row in cells[2:]] == [not text.startswith("#") for text in HOSTILE]


def test_numbers_dates_and_booleans_keep_their_types_and_formats():
    row = [42, 3.5, Decimal("77.125"), dt.date(2024, 5, 6), dt.datetime(2024, 5, 6, 9, 30), True, None, "42"]
    cells = workbook_cells(_written([row]))[2]
    assert [c.value for c in cells] == [
        42,
        3.5,
        77.125,
        dt.datetime(2024, 5, 6),
        dt.datetime(2024, 5, 6, 9, 30),
        True,
        None,
        "42",  # text that looks like a number stays text
    ]
    assert [c.data_type for c in cells] == ["n", "n", "n", "d", "d", "b", "n", "s"]
    assert [c.number_format for c in cells[3:5]] == ["DD/MM/YYYY", "DD/MM/YYYY HH:MM"]


def test_control_characters_that_xml_cannot_hold_are_shown_not_fatal():
    content = _written([["avant\x07après\x0bfin"], [HOSTILE[0] + "\x01"]], sheet_title="a/b:c?d*e[f]g\\h")
    cells = workbook_cells(content)
    assert [row[0].value for row in cells[2:]] == ["avant\ufffdaprès\ufffdfin", HOSTILE[0] + "\ufffd"]
    assert openpyxl.load_workbook(io.BytesIO(content)).active.title == "a-b-c-d-e-f-g-h"


# ---- one writer: the code is scanned -------------------------------------------------------------------------

# Names that write spreadsheets or CSV: only vigie/core/spreadsheets.py may use them.
FORBIDDEN_ATTRIBUTES = {("openpyxl", "Workbook"), ("csv", "writer"), ("csv", "DictWriter")}
# Modules that import a forbidden library without writing any file: pandas holds the series statsmodels fits.
READS_ONLY = {"indicators/forecast.py"}
FORBIDDEN_NAMES = {"Workbook", "WriteOnlyCell", "DictWriter"}
FORBIDDEN_MODULES = ("xlsxwriter", "tablib", "pyexcel", "odf", "pandas", "import_export", "openpyxl.writer")


def spreadsheet_writers(source: str) -> list[str]:
    """What in `source` writes a spreadsheet outside the one writer: each finding as « line: what »."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in FORBIDDEN_ATTRIBUTES:
                found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Name) and node.id in FORBIDDEN_NAMES:
            found.append(f"{node.lineno}: {node.id}")
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = {alias.name for alias in node.names}
            if module.startswith(FORBIDDEN_MODULES) or names & (FORBIDDEN_NAMES | {"writer"}):
                found.append(f"{node.lineno}: from {module} import {', '.join(sorted(names))}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith(FORBIDDEN_MODULES):
                    found.append(f"{node.lineno}: import {alias.name}")
    return found


def test_the_scan_finds_every_way_of_writing_a_spreadsheet():
    source = """
import csv, openpyxl, xlsxwriter
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from csv import writer
book = openpyxl.Workbook()
rows = csv.writer(out)
more = csv.DictWriter(out, [])
"""
    assert [finding.split(":")[0] for finding in spreadsheet_writers(source)] == ["2", "3", "4", "5", "6", "7", "8"]
    assert spreadsheet_writers("import csv\nrows = csv.reader(f)\nbook = openpyxl.load_workbook(f)") == []


def test_only_core_spreadsheets_writes_spreadsheets():
    """Every export, present and future, goes through vigie/core/spreadsheets.py (text written as text)."""
    offenders = {
        str(path.relative_to(VIGIE)): found
        for path in sorted(VIGIE.rglob("*.py"))
        if path != WRITER
        and (found := spreadsheet_writers(path.read_text(encoding="utf-8")))
        and str(path.relative_to(VIGIE)) not in READS_ONLY
    }
    assert offenders == {}, "Écrire un tableur passe par vigie/core/spreadsheets.py (write_xlsx, xlsx_response)"
    assert spreadsheet_writers(WRITER.read_text(encoding="utf-8"))  # the writer itself is seen by the scan


def test_the_csv_writer_keeps_types_and_defuses_formulas():
    from vigie.core.spreadsheets import write_csv

    text = write_csv(
        header=["nom", "valeur", "ok"], rows=[['=HYPERLINK("http://x")', -1.5, True], ["Marne", None, False]]
    )
    assert text.splitlines() == ["nom,valeur,ok", '"\'=HYPERLINK(""http://x"")",-1.5,true', "Marne,,false"]

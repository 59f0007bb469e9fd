"""Measurement file readers (pure: no database). CSV (UTF-8 or Windows-1252, `;` or `,`) and XLSX.

- `parse_long`: header `indicator, site, period, numerator, denominator, value, comment` (French names too);
- `parse_wide`: the CLU tables: one row per quantity, one column per month (JANVIER … DÉCEMBRE).
Errors name the line and the column in French; a published rate that disagrees with its basis beyond
rounding is a warning, and the basis is kept.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from . import ParsedRow, ParseIssue, ParseResult


class TableError(ValueError):
    pass


def read_table(content: bytes, filename: str) -> list[list[str]]:
    if filename.lower().endswith(".xlsx") or content[:2] == b"PK":
        return _read_xlsx(content)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise TableError("encodage du fichier non reconnu (UTF-8 ou Windows-1252 attendu)")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _read_xlsx(content: bytes) -> list[list[str]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook
        raise TableError("classeur XLSX illisible") from exc
    rows = []
    for row in workbook.worksheets[0].iter_rows(values_only=True):
        cells = []
        for value in row:
            if value is None:
                cells.append("")
            elif isinstance(value, float) and value.is_integer():
                cells.append(str(int(value)))
            elif hasattr(value, "isoformat"):
                cells.append(value.isoformat()[:10])
            else:
                cells.append(str(value).strip())
        rows.append(cells)
    workbook.close()
    return rows


_SPACES = re.compile(r"[\s\u00a0\u202f]")


def parse_number(text: str) -> Decimal | None:
    """French or plain numbers: « 1 433 825 », « 77,1 % », « 8.98% »; empty → None; otherwise ValueError."""
    cleaned = _SPACES.sub("", str(text)).rstrip("%").replace(",", ".")
    if cleaned == "":
        return None
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc


def _plain(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn")


# ---- long format --------------------------------------------------------------------------------------------

_COLUMNS = {
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
_PERIOD = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])|-[TQ]([1-4]))?$")


def normalise_period(text: str) -> str | None:
    match = _PERIOD.match(text.strip().upper())
    if not match:
        return None
    year, month, quarter = match.groups()
    return f"{year}-{month}" if month else f"{year}-T{quarter}" if quarter else year


def parse_long(content: bytes, filename: str) -> ParseResult:
    result = ParseResult()
    try:
        table = read_table(content, filename)
    except TableError as exc:
        return ParseResult(errors=[ParseIssue(None, None, str(exc))])
    if not table:
        return ParseResult(errors=[ParseIssue(1, None, "le fichier est vide")])
    header = table[0]
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = _COLUMNS.get(_plain(name))
        if key is None and name:
            result.errors.append(
                ParseIssue(1, name, f"colonne inconnue (colonnes : {', '.join(sorted(set(_COLUMNS.values())))})")
            )
        elif key:
            columns[key] = index
    for required in ("indicator", "period"):
        if required not in columns:
            result.errors.append(ParseIssue(1, required, "colonne obligatoire absente"))
    if result.errors:
        return result
    seen: dict[tuple, int] = {}
    for line, row in enumerate(table[1:], start=2):
        if not any(row):
            continue

        def cell(key: str, row=row) -> str:
            index = columns.get(key)
            return row[index].strip() if index is not None and index < len(row) else ""

        indicator, site, raw_period = cell("indicator").upper(), cell("site") or None, cell("period")
        if not indicator:
            result.errors.append(ParseIssue(line, "indicator", "code d'indicateur manquant"))
        period = normalise_period(raw_period)
        if period is None:
            result.errors.append(
                ParseIssue(line, "period", f"« {raw_period} » n'est pas une période (2021-01, 2021-T1 ou 2021)")
            )
        numbers = {}
        for key in ("numerator", "denominator", "value"):
            try:
                numbers[key] = parse_number(cell(key))
            except ValueError:
                result.errors.append(ParseIssue(line, key, f"« {cell(key)} » n'est pas un nombre"))
                numbers[key] = None
                continue
            if numbers[key] is not None and numbers[key] < 0:
                result.errors.append(ParseIssue(line, key, f"valeur négative ({cell(key)})"))
        key = (indicator, site, period)
        if key in seen:
            result.errors.append(ParseIssue(line, None, f"mesure en double (déjà ligne {seen[key]})"))
            continue
        seen[key] = line
        if indicator and period:
            result.rows.append(
                ParsedRow(
                    line,
                    indicator,
                    site,
                    period,
                    numbers["numerator"],
                    numbers["denominator"],
                    numbers["value"],
                    cell("comment"),
                )
            )
    return result


# ---- wide layout (one column per month) ------------------------------------------------------------------------

MONTHS = {
    "janvier": 1,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "jun": 6,
    "juillet": 7,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "decembre": 12,
}

# block: (indicator, [(role, keywords that must all appear in the row label)], kind)
BLOCKS = [
    ("TEL-DECROCHE", [("lost", ["appels perdus"]), ("received", ["appels recus"]), ("rate", ["taux"])]),
    (
        "WEB-CONNEXION",
        [("numerator", ["visites"]), ("denominator", ["habit"]), ("denominator", ["population"]), ("rate", ["taux"])],
    ),
    ("RS-ENGAGEMENT", [("numerator", ["engagements"]), ("denominator", ["impressions"]), ("rate", ["taux"])]),
    ("SEJOUR-1ERE-DELAI", [("mean", ["delai moyen", "premi"]), ("count", ["decisions", "premi"])]),
    ("SEJOUR-RENOUV-DELAI", [("mean", ["delai moyen", "renouvellement"]), ("count", ["decisions", "renouvellement"])]),
]


def _decimals(text: str) -> int:
    cleaned = _SPACES.sub("", text).rstrip("%")
    return len(cleaned.replace(",", ".").split(".")[1]) if "," in cleaned or "." in cleaned else 0


def parse_wide(content: bytes, filename: str, *, year: int, site: str | None) -> ParseResult:
    result = ParseResult()
    try:
        table = read_table(content, filename)
    except TableError as exc:
        return ParseResult(errors=[ParseIssue(None, None, str(exc))])
    month_columns: dict[int, int] = {}
    month_names: dict[int, str] = {}
    data: dict[str, dict[str, list]] = {}
    current: str | None = None
    for line, row in enumerate(table, start=1):
        if not any(row):
            continue
        months = {i: MONTHS[_plain(c)] for i, c in enumerate(row) if _plain(c) in MONTHS}
        if len(months) >= 6:
            month_columns = months
            month_names = {i: row[i] for i in months}
            continue
        label = row[0]
        plain = _plain(label)
        match = None
        for indicator, roles in BLOCKS:
            for role, words in roles:
                if all(w in plain for w in words) and (role != "rate" or indicator == current):
                    match = (indicator, role)
                    break
            if match:
                break
        if match is None:
            if label and month_columns:
                result.warnings.append(ParseIssue(line, None, f"ligne « {label[:60]} » non reconnue, ignorée"))
            continue
        if not month_columns:
            result.errors.append(ParseIssue(line, None, "en-tête des mois (JANVIER … DÉCEMBRE) introuvable"))
            continue
        indicator, role = match
        current = indicator
        block = data.setdefault(indicator, {})
        if role in ("rate", "mean") and role in block:
            continue  # the seed prints the mean twice: keep the first
        values = []
        for column, month in sorted(month_columns.items(), key=lambda item: item[1]):
            text = row[column] if column < len(row) else ""
            try:
                number = parse_number(text)
            except ValueError:
                result.errors.append(ParseIssue(line, month_names[column], f"« {text} » n'est pas un nombre"))
                number = None
            if number is not None and number < 0:
                result.errors.append(ParseIssue(line, month_names[column], f"valeur négative ({text})"))
            values.append((month, number, text, line, month_names[column]))
        block.setdefault(role, []).append(values)
    if not data and not result.errors:
        result.errors.append(ParseIssue(None, None, "aucun tableau reconnu (appels, visites, engagements, délais)"))
    for indicator, block in data.items():
        _rows_for_block(result, indicator, block, year, site)
    result.rows.sort(key=lambda r: (r.indicator, r.period))
    return result


def _sum(rows: list[list[tuple]]) -> dict[int, Decimal | None]:
    totals: dict[int, Decimal | None] = {}
    for values in rows:
        for month, number, *_ in values:
            if number is None:
                totals.setdefault(month, None)
            else:
                totals[month] = (totals.get(month) or Decimal(0)) + number
    return totals


def _rows_for_block(result: ParseResult, indicator: str, block: dict, year: int, site: str | None) -> None:
    published = {
        m: (n, text, line, col) for m, n, text, line, col in (block.get("rate") or block.get("mean") or [[]])[0]
    }
    if indicator == "TEL-DECROCHE":
        lost, received = _sum(block.get("lost", [])), _sum(block.get("received", []))
        pairs = {}
        for month, total in received.items():
            if total is None or lost.get(month) is None:
                continue
            if lost[month] > total:
                line, col = block["lost"][0][month - 1][3], block["lost"][0][month - 1][4]
                result.errors.append(ParseIssue(line, col, f"plus d'appels perdus ({lost[month]}) que reçus ({total})"))
                continue
            pairs[month] = (total - lost[month], total, f"({_fmt(total)} − {_fmt(lost[month])}) / {_fmt(total)}")
    elif indicator.startswith("SEJOUR"):
        means, counts = _sum(block.get("mean", [])), _sum(block.get("count", []))
        pairs = {
            m: (means[m] * counts[m], counts[m], None)
            for m in means
            if means[m] is not None and counts.get(m) is not None
        }
    else:
        numerators, denominators = _sum(block.get("numerator", [])), _sum(block.get("denominator", []))
        pairs = {
            m: (n, denominators.get(m), f"{_fmt(n)} / {_fmt(denominators.get(m))}")
            for m, n in numerators.items()
            if n is not None
        }
    is_rate = not indicator.startswith("SEJOUR")
    for month, (numerator, denominator, basis) in sorted(pairs.items()):
        value, text, line, column = published.get(month, (None, "", None, None))
        if value is not None and denominator:
            computed = numerator / denominator * (100 if is_rate else 1)
            tolerance = Decimal(5) / (Decimal(10) ** (_decimals(text) + 1))
            if abs(computed - value) > tolerance + Decimal("1e-9"):
                shown = f"{computed:.{max(_decimals(text), 1)}f}".replace(".", ",")
                unit = " %" if is_rate else " jours"
                result.warnings.append(
                    ParseIssue(
                        line,
                        column,
                        f"{'taux' if is_rate else 'valeur'} publié{'' if is_rate else 'e'} {text.strip()}"
                        f"{'' if '%' in text else unit} ≠ {shown}{unit} calculé à partir de la base"
                        f"{' ' + basis if basis else ''} ; la base est conservée",
                    )
                )
        result.rows.append(
            ParsedRow(line or 0, indicator, site, f"{year}-{month:02d}", numerator, denominator, value, "")
        )


def _fmt(number: Decimal | None) -> str:
    if number is None:
        return "—"
    return f"{int(number):,}".replace(",", "\u202f") if number == number.to_integral() else str(number)

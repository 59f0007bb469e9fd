"""Reader for the CLU tables as the prefectures print them (the seeds' « wide » layout). Pure: no database.

A table is a header row of French month names (« MOIS ; JANVIER ; FÉVRIER ; … ; DÉCEMBRE », « JUN » accepted,
case and accents ignored) followed by one row per quantity, the first cell being the row's label. A file may
hold several tables, each under its own header row. Rows are recognised by words of their label:

- TEL-DECROCHE: « appels perdus », « appels reçus » → (reçus − perdus) / reçus; « taux » = published rate;
- WEB-CONNEXION: « visites » / « habitants », « habitués » or « population »; « taux » = published rate;
- RS-ENGAGEMENT: Σ « engagements » rows / Σ « impressions » rows (all networks); « taux » = published rate;
- SEJOUR-1ERE-DELAI (« premi… ») and SEJOUR-RENOUV-DELAI (« renouvellement »): « délai moyen » × « nombre de
  décisions » = sum of days, over the number of decisions; the mean is the published value (the seeds print
  it twice: the first row is kept, a second row that disagrees is a warning).

A published rate that differs from the rate computed from the basis by more than half a unit of its last
printed decimal is a warning, not an error: the basis is kept. Unknown rows are ignored with a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from .. import NO_DATA, ParsedRow, ParseIssue, ParseResult
from ..tables import NNBSP, TableError, count_decimals, format_fr, not_a_number, parse_number, plain, read_table

MONTHS = {
    "janvier": 1,
    "janv": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "jun": 6,  # the Charente 2021 tables print « JUN »
    "juillet": 7,
    "juil": 7,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "decembre": 12,
    "dec": 12,
}
_MONTH_CELL = re.compile(r"^(?P<name>[a-z]+)\.?(?:[\s\-/]*(?P<year>\d{4}|\d{2}))?$")

TEL, WEB, RS = "TEL-DECROCHE", "WEB-CONNEXION", "RS-ENGAGEMENT"
SEJOUR_FIRST, SEJOUR_RENEWAL = "SEJOUR-1ERE-DELAI", "SEJOUR-RENOUV-DELAI"

# Quantities needed to compute each indicator's basis; the other roles are optional.
REQUIRED_ROLES = {
    TEL: ("lost", "received"),
    WEB: ("visits",),
    RS: ("engagements", "impressions"),
    SEJOUR_FIRST: ("mean", "decisions"),
    SEJOUR_RENEWAL: ("mean", "decisions"),
}
ADDITIVE_ROLES = {"lost", "received", "visits", "engagements", "impressions", "decisions"}  # rows are summed
# Roles a row may play in each indicator's table.
ROLES = {
    TEL: {"lost", "received", "published"},
    WEB: {"visits", "population", "published"},
    RS: {"engagements", "impressions", "published"},
    SEJOUR_FIRST: {"mean", "decisions"},
    SEJOUR_RENEWAL: {"mean", "decisions"},
}
ROLE_NAMES = {
    "lost": "appels perdus",
    "received": "appels reçus",
    "visits": "visites",
    "population": "habitants",
    "engagements": "engagements",
    "impressions": "impressions",
    "mean": "délai moyen",
    "decisions": "nombre de décisions",
    "published": "taux",
}
RECOGNISED = (
    "appels perdus et appels reçus ; visites et habitants ; engagements et impressions ; "
    "délai moyen et nombre de décisions (premières demandes ou renouvellements de titres de séjour) ; taux"
)


@dataclass
class _Row:
    line: int
    label: str
    indicator: str | None
    role: str
    values: dict[int, tuple[Decimal | None, str]]  # month → (number, text as printed); None = empty or invalid


@dataclass
class _Segment:
    line: int  # line of the month header
    title: str  # label-only lines just above the header (« TAUX D'APPELS DÉCROCHÉS »…)
    columns: dict[int, tuple[int, str]]  # column index → (month, header text as printed)
    rows: list[_Row] = field(default_factory=list)

    def column_name(self, month: int) -> str:
        return next(text for m, text in self.columns.values() if m == month)


def parse_wide(content: bytes, filename: str, *, year: int, site: str | None) -> ParseResult:
    try:
        table = read_table(content, filename)
    except TableError as exc:
        return ParseResult(errors=list(exc.issues))
    return parse_wide_table(table, year=year, site=site)


def has_month_header(table: list[list[str]]) -> bool:
    """Whether a row of `table` is a header of months (whatever their year): the table is in this layout."""
    return any(_month_header(row, line, None, ParseResult()) is not None for line, row in enumerate(table, 1) if row)


def parse_wide_table(table: list[list[str]], *, year: int, site: str | None) -> ParseResult:
    result = ParseResult()
    segments: list[_Segment] = []
    current: _Segment | None = None  # the table being read; None before the first header or in a foreign table
    foreign: int | None = None  # line of the header of a table that is not by month (the seeds' quarterly table)
    titles: list[str] = []
    recognised_without_header = False
    data_lines = 0  # lines with a value beside their label (not headers, not titles)
    for line, row in enumerate(table, start=1):
        if not any(row):
            continue
        columns = _month_header(row, line, year, result)
        if columns is not None:
            current, foreign = _Segment(line, " ".join(titles), columns), None
            segments.append(current)
            titles = []
            continue
        label = row[0].strip() if row else ""
        cells = (
            {month: row[i] if i < len(row) else "" for i, (month, _) in current.columns.items()}
            if current
            else {i: cell for i, cell in enumerate(row[1:], start=1)}
        )
        if not any(cells.values()) and not _is_foreign_header(row):
            if label:
                titles.append(label)  # a title line: gives context to the next table
            continue
        data_lines += 1
        kind = _classify(label)
        if kind is None and _is_foreign_header(row):
            current, foreign, titles = None, line, []
            result.warnings.append(
                ParseIssue(
                    line,
                    None,
                    f"tableau « {label[:80]} » dont l'en-tête n'est pas une ligne de mois : "
                    "ignoré jusqu'au prochain en-tête de mois",
                )
            )
            continue
        if foreign is not None:
            shown = f"« {label[:80]} »" if label else "sans libellé"
            result.warnings.append(ParseIssue(line, None, f"ligne {shown} du tableau de la ligne {foreign}, ignorée"))
            continue
        if kind is None:
            shown = f"« {label[:80]} »" if label else "sans libellé"
            result.warnings.append(ParseIssue(line, None, f"ligne {shown} non reconnue, ignorée"))
            continue
        segment = current
        if segment is None:
            recognised_without_header = True
            result.errors.append(
                ParseIssue(
                    line,
                    None,
                    "en-tête des mois introuvable au-dessus de cette ligne "
                    "(une ligne « MOIS ; JANVIER ; FÉVRIER ; … ; DÉCEMBRE » est attendue)",
                )
            )
            continue
        indicator, role = kind
        values = {}
        for month, text in cells.items():
            values[month] = (_number(text, line, segment.column_name(month), result), text)
        segment.rows.append(_Row(line, label, indicator, role, values))

    if not segments and not recognised_without_header:
        result.errors.append(
            ParseIssue(
                None,
                None,
                "en-tête des mois introuvable : une ligne « MOIS ; JANVIER ; FÉVRIER ; … ; DÉCEMBRE » "
                "est attendue au-dessus des données",
            )
        )
        return result
    if segments and not data_lines and not result.errors:
        result.errors.append(ParseIssue(None, None, NO_DATA))
        return result
    if segments and not any(segment.rows for segment in segments) and not result.errors:
        result.errors.append(ParseIssue(None, None, f"aucune ligne reconnue ; lignes attendues : {RECOGNISED}"))
        return result

    first_table: dict[str, int] = {}
    for segment in segments:
        for indicator, rows in _group(segment, result).items():
            if indicator in first_table:
                result.errors.append(
                    ParseIssue(
                        min(r.line for r in rows),
                        None,
                        f"deuxième tableau pour {indicator} (le premier commence ligne {first_table[indicator]}) : "
                        "un seul tableau par indicateur",
                    )
                )
                continue
            first_table[indicator] = segment.line
            _measure(segment, indicator, rows, year, site, result)
    if not result.rows and not result.errors:
        result.errors.append(ParseIssue(None, None, f"aucune valeur reconnue ; lignes attendues : {RECOGNISED}"))
    return result


# ---- reading rows -----------------------------------------------------------------------------------------------


def _month_header(
    row: list[str], line: int, year: int | None, result: ParseResult
) -> dict[int, tuple[int, str]] | None:
    """Column index → (month, printed name) if the row is a month header, else None. `year` None: any year."""
    months: dict[int, tuple[int, str]] = {}
    others: list[int] = []
    for index, cell in enumerate(row[1:], start=1):
        if not cell:
            continue
        match = _MONTH_CELL.match(plain(cell))
        if match and match["name"] in MONTHS:
            months[index] = (MONTHS[match["name"]], match["year"])
        else:
            others.append(index)
    first = plain(row[0]) if row else ""
    if not months or (len(months) < 2 and first != "mois"):
        return None
    for index in others:
        try:
            if parse_number(row[index]) is not None:
                return None  # a data row that happens to hold a month name
        except ValueError:
            pass
    columns: dict[int, tuple[int, str]] = {}
    seen: dict[int, str] = {}
    for index, (month, printed_year) in months.items():
        name = row[index]
        if printed_year is not None and year is not None:
            header_year = int(printed_year) + (2000 if len(printed_year) == 2 else 0)
            if header_year != year:
                result.errors.append(
                    ParseIssue(line, name, f"l'en-tête est de {header_year} alors que l'import porte sur {year}")
                )
        if month in seen:
            result.errors.append(ParseIssue(line, name, f"mois en double (déjà colonne « {seen[month]} »)"))
            continue
        seen[month] = name
        columns[index] = (month, name)
    for index in others:
        result.warnings.append(ParseIssue(line, row[index], "colonne qui n'est pas un mois, ignorée"))
    return columns


def _is_foreign_header(row: list[str]) -> bool:
    """A header row of another kind of table: a label, then at least two cells of text and no number."""
    cells = [cell for cell in row[1:] if cell]
    if len(cells) < 2 or not row[0].strip():
        return False
    for cell in cells:
        try:
            parse_number(cell)
        except ValueError:
            continue
        return False
    return True


def _sejour(text: str) -> str | None:
    if "renouvel" in text:
        return SEJOUR_RENEWAL
    if "premi" in text or "1ere" in text:
        return SEJOUR_FIRST
    return None


def _rate_hint(text: str) -> str | None:
    if "appel" in text:
        return TEL
    if "engagement" in text or "reseaux sociaux" in text:
        return RS
    if "connexion" in text or "site internet" in text or "visite" in text:
        return WEB
    return None


def _classify(label: str) -> tuple[str | None, str] | None:
    """(indicator or None when the table must tell, role) for a row label; None if not recognised."""
    text = plain(label)
    if "taux" in text:
        return _rate_hint(text), "published"
    if "appels perdus" in text:
        return TEL, "lost"
    if "appels recus" in text:
        return TEL, "received"
    if re.search(r"\bvisites?\b", text):  # « visites », not « visiteurs » (reception desks)
        return WEB, "visits"
    if any(word in text for word in ("habitant", "habitue", "population")):
        return WEB, "population"
    if "engagement" in text:
        return RS, "engagements"
    if "impression" in text:
        return RS, "impressions"
    if "delai moyen" in text:
        return _sejour(text), "mean"
    if "decision" in text:
        return _sejour(text), "decisions"
    return None


def _number(text: str, line: int, column: str, result: ParseResult) -> Decimal | None:
    try:
        number = parse_number(text)
    except ValueError:
        result.errors.append(ParseIssue(line, column, not_a_number(text)))
        return None
    if number is not None and number < 0:
        result.errors.append(ParseIssue(line, column, f"« {text} » est négatif : un nombre positif ou nul est attendu"))
        return None
    return number


def _group(segment: _Segment, result: ParseResult) -> dict[str, list[_Row]]:
    """The segment's rows by indicator; a row whose label does not name it takes the table's indicator."""
    named = {row.indicator for row in segment.rows if row.indicator}
    hint = _sejour(plain(segment.title)) or _rate_hint(plain(segment.title))
    groups: dict[str, list[_Row]] = {}
    for row in segment.rows:
        indicator = row.indicator
        if indicator is None:
            candidates = [i for i in named if row.role in ROLES[i]]
            if len(candidates) == 1:
                indicator = candidates[0]
            elif hint and row.role in ROLES[hint] and (not candidates or hint in candidates):
                indicator = hint
        if indicator is None or row.role not in ROLES[indicator]:
            result.warnings.append(
                ParseIssue(row.line, None, f"ligne « {row.label[:80]} » : tableau non identifié, ligne ignorée")
            )
            continue
        groups.setdefault(indicator, []).append(row)
    return groups


# ---- computing the measurements -----------------------------------------------------------------------------------


def _measure(segment: _Segment, indicator: str, rows: list[_Row], year: int, site: str | None, result: ParseResult):
    by_role: dict[str, list[_Row]] = {}
    for row in rows:
        by_role.setdefault(row.role, []).append(row)
    basis_roles = [role for role in by_role if role != "published"]
    if basis_roles:
        for role in REQUIRED_ROLES[indicator]:
            if role not in by_role:
                result.errors.append(
                    ParseIssue(segment.line, None, f"tableau {indicator} : ligne « {ROLE_NAMES[role]} » introuvable")
                )
                return
    _check_repeated_rows(by_role, segment, result)
    first_line = min(row.line for row in rows)
    for month in sorted({month for month, _ in segment.columns.values()}):
        cells = {role: [(row, *row.values[month]) for row in role_rows] for role, role_rows in by_role.items()}
        if any(number is None and text for role_cells in cells.values() for _, number, text in role_cells):
            continue  # an invalid cell: already an error
        basis = {role: role_cells for role, role_cells in cells.items() if role != "published"}
        published_cell = cells.get("published", [(None, None, "")])[0]
        if not any(text for role_cells in basis.values() for _, _, text in role_cells):
            if published_cell[1] is not None:  # only the published value is known for this month
                value = published_cell[1]
                result.rows.append(ParsedRow(first_line, indicator, site, f"{year}-{month:02d}", None, None, value))
            continue
        missing = False
        for role, role_cells in basis.items():
            if role not in ADDITIVE_ROLES:
                role_cells = role_cells[:1]  # mean, population: only the first row counts
            for row, number, _ in role_cells:
                if number is None:
                    missing = True
                    result.errors.append(
                        ParseIssue(
                            row.line,
                            segment.column_name(month),
                            "case vide alors que d'autres cases de ce mois sont remplies",
                        )
                    )
        if missing:
            continue
        row = _compute(indicator, basis, published_cell, segment, month, first_line, year, site, result)
        if row is not None:
            result.rows.append(row)


def _check_repeated_rows(by_role: dict[str, list[_Row]], segment: _Segment, result: ParseResult) -> None:
    """Non-additive quantities printed twice (the seed's mean): the first row wins; a disagreement is a warning."""
    for role in ("mean", "population", "published"):
        first, *others = by_role.get(role, [None])
        for other in others:
            for month, (number, text) in other.values.items():
                kept = first.values[month][0]
                if number is not None and kept is not None and number != kept:
                    result.warnings.append(
                        ParseIssue(
                            other.line,
                            segment.column_name(month),
                            f"{ROLE_NAMES[role]} répété avec une autre valeur ({text.strip()}, "
                            f"contre {first.values[month][1].strip()} ligne {first.line}) ; "
                            f"la valeur de la ligne {first.line} est retenue",
                        )
                    )


def _total(role_cells: list[tuple]) -> Decimal:
    return sum((number for _, number, _ in role_cells), Decimal(0))


def _written(role_cells: list[tuple]) -> str:
    parts = [format_fr(number) for _, number, _ in role_cells]
    return parts[0] if len(parts) == 1 else f"({' + '.join(parts)})"


def _compute(indicator, basis, published_cell, segment, month, line, year, site, result) -> ParsedRow | None:
    period = f"{year}-{month:02d}"
    column = segment.column_name(month)
    published_row, published, published_text = published_cell
    if indicator == TEL:
        lost, received = _total(basis["lost"]), _total(basis["received"])
        if lost > received:
            result.errors.append(
                ParseIssue(
                    basis["lost"][0][0].line,
                    column,
                    f"appels perdus ({format_fr(lost)}) plus nombreux que les appels reçus ({format_fr(received)})",
                )
            )
            return None
        numerator, denominator = received - lost, received
        written = f"({_written(basis['received'])} − {_written(basis['lost'])}) / {_written(basis['received'])}"
    elif indicator in (SEJOUR_FIRST, SEJOUR_RENEWAL):
        mean, decisions = basis["mean"][0][1], _total(basis["decisions"])
        return ParsedRow(line, indicator, site, period, mean * decisions, decisions, mean)
    else:
        top, bottom = REQUIRED_ROLES[indicator][0], "impressions" if indicator == RS else "population"
        numerator = _total(basis[top])
        denominator = basis[bottom][0][1] if indicator == WEB and bottom in basis else None
        if indicator == RS:
            denominator = _total(basis[bottom])
        written = f"{_written(basis[top])} / " + (
            _written(basis[bottom][:1] if indicator == WEB else basis[bottom]) if bottom in basis else "—"
        )
    if published is not None and denominator:
        computed = numerator / denominator * 100
        decimals = count_decimals(published_text)
        if abs(computed - published) > Decimal(5).scaleb(-(decimals + 1)):
            result.warnings.append(
                ParseIssue(
                    published_row.line,
                    column,
                    f"taux publié {format_fr(published, decimals)}{NNBSP}% ≠ {format_fr(computed, decimals)}{NNBSP}% "
                    f"calculé à partir de la base {written} ; la base est conservée",
                )
            )
    return ParsedRow(line, indicator, site, period, numerator, denominator, published)

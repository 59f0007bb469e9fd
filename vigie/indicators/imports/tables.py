"""Reading a measurement file into a table of text cells, and French numbers. Pure: no database.

- `read_table`: CSV (UTF-8 with or without BOM, else Windows-1252; `;`, `,` or tab, sniffed from the first
  line that has one) or XLSX (by the `.xlsx` extension or the zip magic; first sheet). Every cell comes back
  as stripped text, XLSX cells as the sheet shows them: 9903 not 9903.0, a cell formatted `0.0%` holding
  0.054 as "5.4%", dates as ISO. Row i of the table is line i + 1 of the file (blank lines are kept as []).
  A formula cell gives the value the spreadsheet program computed and saved with it; a formula saved without
  its value (a file written by a program, not by a spreadsheet) is an error naming the cell. A binary or
  garbled file is « fichier illisible », naming the formats expected.
- `parse_number`: « 1 433 825 », « 1 433 825 » (narrow or plain no-break spaces), « 77,1 % », « 77.1% »;
  "" → None; anything else → ValueError.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
from openpyxl.utils import get_column_letter

from vigie.core.formatting import format_number

from . import ParseIssue

__all__ = ["TableError", "count_decimals", "format_fr", "not_a_number", "parse_number", "plain", "read_table"]

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # legacy .xls (and other OLE compound files)
UNREADABLE = "fichier illisible : un fichier CSV (texte UTF-8 ou Windows-1252) ou un classeur XLSX est attendu"
# Control characters no text table holds (tab, line feed and carriage return are text): a binary file read as
# Windows-1252 is about one character in eight of them; a real CSV has none, or a stray one.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SAMPLE = 65_536


class TableError(ValueError):
    """The file cannot be read as a table; the message is French and meant for the user. `issues` names each
    faulty cell when there are several (formulas without their values), else holds the message alone."""

    def __init__(self, message: str, issues: list[ParseIssue] | None = None):
        super().__init__(message)
        self.issues = issues or [ParseIssue(None, None, message)]


def read_table(content: bytes, filename: str) -> list[list[str]]:
    name = (filename or "").lower()
    if not content:
        raise TableError("le fichier est vide")
    if name.endswith(".xlsx") or content.startswith(_ZIP_MAGIC):
        return _read_xlsx(content, name)
    if name.endswith(".xls") or content.startswith(_OLE_MAGIC):
        raise TableError(
            "fichier illisible : format Excel 97-2003 (.xls) non pris en charge, enregistrez le fichier en .xlsx ou "
            "en .csv"
        )
    return _read_csv(content)


# ---- CSV ------------------------------------------------------------------------------------------------------


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):  # « Texte Unicode » of Excel: UTF-16 with its BOM
        try:
            return _text_only(content.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise TableError("fichier illisible : texte UTF-16 invalide, enregistrez-le en CSV UTF-8") from exc
    if b"\x00" in content:
        raise TableError(UNREADABLE)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return _text_only(content.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise TableError(UNREADABLE)


def _text_only(text: str) -> str:
    """`text` unless it is binary read as text: more than one control character in a hundred."""
    sample = text[:_SAMPLE]
    if len(_CONTROL.findall(sample)) * 100 > len(sample):
        raise TableError(UNREADABLE)
    return text


def _delimiter(text: str) -> str:
    for line in text.splitlines():
        counts = {sep: line.count(sep) for sep in (";", ",", "\t")}
        best = max(counts.values())
        if best:
            # On a tie the French habit wins: `;` (the decimal comma makes `,` a poor separator).
            return next(sep for sep in (";", "\t", ",") if counts[sep] == best)
    return ";"


def _read_csv(content: bytes) -> list[list[str]]:
    text = _decode(content).lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=False)
    rows: list[list[str]] = []
    try:
        for record in reader:
            rows.append([cell.strip() for cell in record])
            if reader.line_num > len(rows):
                # A quoted cell spanning several lines: pad so that row i stays line i + 1 for what follows.
                rows.extend([] for _ in range(reader.line_num - len(rows)))
    except csv.Error as exc:
        raise TableError(
            f"fichier illisible : CSV mal formé à la ligne {reader.line_num} (un guillemet non fermé ?)"
        ) from exc
    return rows


# ---- XLSX -----------------------------------------------------------------------------------------------------


def _read_xlsx(content: bytes, name: str) -> list[list[str]]:
    """The first sheet as text. Read once with the formulas; when there are some, once more for the values the
    spreadsheet program saved with them (a formula without one is refused, naming its cell)."""
    if not content.startswith(_ZIP_MAGIC):
        raise TableError("fichier illisible : le fichier porte l'extension .xlsx mais n'est pas un classeur XLSX")
    formulas: dict[tuple[int, int], object] = {}
    rows = []
    for line, row in enumerate(_sheet_rows(content, name, data_only=False), start=1):
        for column, cell in enumerate(row):
            if getattr(cell, "data_type", None) == "f":
                formulas[(line, column)] = cell.value
        rows.append(_texts(row))
    if formulas:
        computed, rows = set(), []
        for line, row in enumerate(_sheet_rows(content, name, data_only=True), start=1):
            for column, cell in enumerate(row):
                if (line, column) in formulas and not _uncomputed(cell):
                    computed.add((line, column))
            rows.append(_texts(row))
        missing = [
            ParseIssue(line, get_column_letter(column + 1), f"formule {_shown_formula(formula)} au lieu d'une valeur")
            for (line, column), formula in formulas.items()
            if (line, column) not in computed
        ]
        if missing:
            raise TableError("formules sans valeur calculée", missing)
    while rows and not rows[-1]:
        rows.pop()
    return rows


def _sheet_rows(content: bytes, name: str, *, data_only: bool) -> Iterator[list]:
    """The cells of the first sheet row by row, the i-th row yielded being row i of the sheet (read-only mode
    skips empty rows: they come back as [])."""
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)
    except Exception as exc:  # noqa: BLE001 - zip without a workbook, OpenDocument, damaged file…
        hint = " (tableur OpenDocument : enregistrez-le en .xlsx ou en .csv)" if name.endswith(".ods") else ""
        raise TableError(f"fichier illisible : ce n'est pas un classeur XLSX{hint}") from exc
    try:
        if not workbook.worksheets:
            raise TableError("fichier illisible : classeur XLSX sans feuille")
        yielded = 0
        for row in workbook.worksheets[0].iter_rows():
            number = next((cell.row for cell in row if getattr(cell, "row", None) is not None), yielded + 1)
            for _ in range(number - 1 - yielded):
                yield []
            yield list(row)
            yielded = number
    finally:
        workbook.close()


def _texts(row: list) -> list[str]:
    texts = [_cell_text(cell) for cell in row]
    while texts and texts[-1] == "":
        texts.pop()
    return texts


def _uncomputed(cell) -> bool:
    """A formula cell read for its value that has none: saved by a program that computes nothing (a string
    result, even empty, is typed « str »)."""
    return cell is None or (getattr(cell, "value", None) is None and getattr(cell, "data_type", "n") == "n")


def _shown_formula(formula) -> str:
    text = str(getattr(formula, "text", formula))  # an array formula is an object holding its text
    text = text if text.startswith("=") else f"={text}"
    return text if len(text) <= 60 else text[:59] + "…"


_FORMAT_LITERALS = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def _format_decimals(number_format: str) -> tuple[int | None, bool]:
    """Decimals fixed by an Excel number format (None = « Standard ») and whether it shows a percentage."""
    section = _FORMAT_LITERALS.sub("", (number_format or "General").split(";")[0])
    percent = "%" in section
    if section.strip().lower() in ("general", "standard", "@", ""):
        return None, percent
    match = re.search(r"[0#?](?:[.,]([0#?]+))?", section)
    if match is None:
        return None, percent
    return len(match.group(1) or ""), percent


def _cell_text(cell) -> str:
    value = getattr(cell, "value", None)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "VRAI" if value else "FAUX"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not number.is_finite():
            return str(value)
        decimals, percent = _format_decimals(getattr(cell, "number_format", "General"))
        if percent:
            number *= 100
        if decimals is not None:
            number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
            text = f"{number:f}"
        else:
            text = _plain_decimal(number)
        return f"{text}%" if percent else text
    return str(value).strip()


def _plain_decimal(number: Decimal) -> str:
    """Shortest plain writing of a decimal: 9903 (not 9903.0 nor 9.903E+3), 0.054."""
    if number == number.to_integral_value():
        return str(int(number))
    return f"{number.normalize():f}"


# ---- numbers --------------------------------------------------------------------------------------------------

_GROUP_SPACES = "\u0020\u00a0\u202f\u2009"  # plain, no-break, narrow no-break, thin
_NUMBER = re.compile(
    rf"^(?P<sign>[-+\u2212]?)"
    rf"(?P<integer>\d{{1,3}}(?:[{_GROUP_SPACES}]\d{{3}})+|\d+)"
    rf"(?:[.,](?P<fraction>\d+))?"
    rf"(?:[{_GROUP_SPACES}]*%)?$"
)


def parse_number(text: str | None) -> Decimal | None:
    """A number written the French way or the plain way; "" → None; otherwise ValueError.

    Thousands may be grouped by plain, no-break or narrow no-break spaces (groups of three digits); the
    decimal mark is a comma or a point; a trailing « % » is dropped (the number stays in percent).
    """
    if text is None:
        return None
    cleaned = str(text).strip(_GROUP_SPACES + "\t\r\n")
    if cleaned == "":
        return None
    if cleaned.isascii() and cleaned.isdigit():  # the common case, « 9903 »: no pattern to match
        return Decimal(cleaned)
    match = _NUMBER.match(cleaned)
    if match is None:
        raise ValueError(f"« {text} » n'est pas un nombre")
    integer = re.sub(f"[{_GROUP_SPACES}]", "", match["integer"])
    sign = "-" if match["sign"] in ("-", "\u2212") else ""
    fraction = match["fraction"]
    return Decimal(f"{sign}{integer}.{fraction}" if fraction else f"{sign}{integer}")


def not_a_number(text: str) -> str:
    """What to say of a cell that `parse_number` refused: a formula (a CSV holds its text) is named as one."""
    if text.strip().startswith("="):
        return f"formule {_shown_formula(text.strip())} au lieu d'une valeur"
    return f"« {text} » n'est pas un nombre"


def count_decimals(text: str) -> int:
    """Digits printed after the decimal mark: « 77,8 % » → 1, « 8,98 % » → 2, « 9903 » → 0."""
    match = _NUMBER.match(str(text).strip(_GROUP_SPACES + "\t\r\n"))
    return len(match["fraction"] or "") if match else 0


NNBSP = "\u202f"  # narrow no-break space, as the rest of Vigie prints « 1 433 825 » and « 81,5 % »


def format_fr(number: Decimal, decimals: int | None = None) -> str:
    """French writing for messages: 8 599, 84,8; `decimals=None` keeps the number's own decimals."""
    if decimals is None:
        own = _plain_decimal(abs(number)).partition(".")[2]
        decimals = len(own)
    return format_number(number, decimals)


def plain(text: str) -> str:
    """Lower case, no accents, typographic apostrophes and spaces made plain: for matching labels."""
    decomposed = unicodedata.normalize("NFKD", str(text).lower())
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    stripped = stripped.replace("\u2019", "'").replace("\u02bc", "'")
    return " ".join(stripped.split())

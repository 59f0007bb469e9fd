"""Measurement file readers. Pure: no database access. Each reader returns a ParseResult.

`tables.py` reads CSV/XLSX into cells; one folder per layout: `long/` (indicator, site, period… columns) and
`wide/` (the CLU tables, one column per month); `detect.py` picks the reader.
Interface shared by every reader:
- `ParsedRow`: one measurement read from the file, with the line it came from;
- `ParseIssue`: a French message naming the line and column;
- `ParseResult`: rows, errors (the file is refused whole if any) and warnings (kept, shown in the preview).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

NO_DATA = "le fichier ne contient aucune ligne de données"  # a header alone, or nothing but titles


@dataclass(frozen=True)
class ParseIssue:
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"ligne {self.line}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        return f"{', '.join(where)} : {self.message}" if where else self.message


@dataclass(frozen=True)
class ParsedRow:
    line: int  # 1-based line (CSV) or row number (XLSX) the measurement comes from
    indicator: str  # Vigie indicator code, e.g. TEL-DECROCHE
    site: str | None  # site code in the department; None = the whole department
    period: str  # "2021-01" (month), "2021-T1" (quarter) or "2021" (year)
    numerator: Decimal | None  # rate: numerator; mean: sum of the quantity; count: the count
    denominator: Decimal | None  # rate: denominator; mean: number of items; count: None
    published_value: Decimal | None = None  # the value printed in the file (rate in %, mean…), for traceability
    comment: str = ""


@dataclass
class ParseResult:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[ParseIssue] = field(default_factory=list)
    warnings: list[ParseIssue] = field(default_factory=list)

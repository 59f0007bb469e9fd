"""Renewals of identity cards and passports, by cohort: the titles issued in year Y expire in Y + validity, the
validity being data (data/title-validity.yaml: 10 or 15 years for identity cards by the year of issue, 10 for
passports, shorter for minors). From the issuance counts a department imports, the view shows how many titles
expire each coming year, and from which cohorts: the demand for renewals that the committee asks about.

This is arithmetic on imported counts, not a forecast: people renew early or late, some never do. The page says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from django.db import transaction
from django.utils import timezone

from vigie.organisation.models import Department

from .imports import ParseIssue
from .imports.tables import TableError, parse_number, read_table
from .models import TitleIssuance

DATA = Path(__file__).parent / "data" / "title-validity.yaml"
TITLE_ALIASES = {
    "cni": "cni",
    "carte nationale d'identité": "cni",
    "carte d'identité": "cni",
    "passport": "passport",
    "passeport": "passport",
}
COLUMNS = ("title", "year", "adults", "minors")
COLUMN_ALIASES = {
    "titre": "title",
    "title": "title",
    "annee": "year",
    "année": "year",
    "year": "year",
    "majeurs": "adults",
    "adults": "adults",
    "mineurs": "minors",
    "minors": "minors",
}
MIN_YEAR = 1990


@dataclass(frozen=True)
class ValidityRule:
    until: int | None  # last year of issue the rule covers; None: every later year
    years: int
    note: str


@dataclass(frozen=True)
class Title:
    code: str
    label: str
    minors_years: int
    adults: tuple[ValidityRule, ...]

    def adult_validity(self, year: int) -> ValidityRule:
        for rule in self.adults:
            if rule.until is None or year <= rule.until:
                return rule
        raise ValueError(f"no validity rule for {self.code} issued in {year}")  # the data ends with an open rule


@cache
def titles() -> dict[str, Title]:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))["titles"]
    return {
        code: Title(
            code=code,
            label=item["label"],
            minors_years=int(item["minors_years"]),
            adults=tuple(ValidityRule(r.get("until"), int(r["years"]), r.get("note", "")) for r in item["adults"]),
        )
        for code, item in data.items()
    }


@dataclass(frozen=True)
class Cohort:
    title: str
    issued: int  # year of issue
    count: int
    years: int  # validity
    minors: bool
    note: str

    @property
    def expires(self) -> int:
        return self.issued + self.years

    def __str__(self) -> str:
        who = "mineurs" if self.minors else "majeurs"
        return f"{titles()[self.title].label} {self.issued}, {who}, {self.years} ans"


@dataclass
class ExpiryYear:
    year: int
    by_title: dict[str, int] = field(default_factory=dict)
    cohorts: list[Cohort] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_title.values())

    @property
    def counts(self) -> list[int]:
        """The counts in the order of the titles' data."""
        return [self.by_title[code] for code in titles()]


@dataclass(frozen=True)
class RenewalView:
    first_year: int
    years: list[ExpiryYear]
    issued_years: tuple[int, int] | None  # first and last year of issue known
    titles: list[Title]

    @property
    def empty(self) -> bool:
        return self.issued_years is None


def cohorts(rows: list[TitleIssuance]) -> list[Cohort]:
    known = titles()
    result = []
    for row in rows:
        title = known[row.title]
        rule = title.adult_validity(row.year)
        if row.adults:
            result.append(Cohort(row.title, row.year, row.adults, rule.years, False, rule.note))
        if row.minors:
            result.append(Cohort(row.title, row.year, row.minors, title.minors_years, True, "titre d'un mineur"))
    return result


def expiry_schedule(rows: list[TitleIssuance], *, first_year: int, count: int = 12) -> RenewalView:
    """The titles expiring in each of `count` years from `first_year`, by title, with their cohorts."""
    years = {y: ExpiryYear(y, {code: 0 for code in titles()}) for y in range(first_year, first_year + count)}
    for cohort in cohorts(rows):
        target = years.get(cohort.expires)
        if target is not None:
            target.by_title[cohort.title] += cohort.count
            target.cohorts.append(cohort)
    for year in years.values():
        year.cohorts.sort(key=lambda c: (c.title, c.issued, c.minors))
    issued = [r.year for r in rows]
    return RenewalView(
        first_year=first_year,
        years=list(years.values()),
        issued_years=(min(issued), max(issued)) if issued else None,
        titles=list(titles().values()),
    )


def renewal_view(department: Department, *, first_year: int, count: int = 12) -> RenewalView:
    rows = list(TitleIssuance.objects.filter(department=department).order_by("title", "year"))
    return expiry_schedule(rows, first_year=first_year, count=count)


# Import ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IssuanceRow:
    line: int
    title: str
    year: int
    adults: int
    minors: int


@dataclass(frozen=True)
class IssuanceImport:
    rows: list[IssuanceRow]
    errors: list[ParseIssue]


def _count(text: str) -> int:
    number = parse_number(text)
    if number is None:
        return 0
    if number != int(number) or number < 0:
        raise ValueError
    return int(number)


def parse_issuances(content: bytes, filename: str, *, today: dt.date) -> IssuanceImport:
    """Columns `title` (cni, passeport), `year`, `adults`, `minors` (optional; French headers accepted). Errors
    name the line and the column; nothing is kept when there is one."""
    try:
        table = read_table(content, filename)
    except TableError as exc:
        return IssuanceImport([], list(exc.issues))
    lines = [(i + 1, row) for i, row in enumerate(table) if any(cell.strip() for cell in row)]
    if not lines:
        return IssuanceImport([], [ParseIssue(None, None, "le fichier est vide")])
    header_line, header = lines[0]
    names = [COLUMN_ALIASES.get(cell.strip().lower(), cell.strip()) for cell in header]
    missing = [c for c in ("title", "year", "adults") if c not in names]
    if missing:
        expected = ", ".join(COLUMNS)
        return IssuanceImport(
            [], [ParseIssue(header_line, None, f"colonnes manquantes : {', '.join(missing)} (attendu : {expected})")]
        )
    index = {name: names.index(name) for name in COLUMNS if name in names}
    rows, errors, seen = [], [], {}
    for number, cells in lines[1:]:

        def cell(name: str, cells=cells) -> str:
            position = index.get(name)
            return cells[position].strip() if position is not None and position < len(cells) else ""

        title = TITLE_ALIASES.get(cell("title").lower())
        if title is None:
            errors.append(ParseIssue(number, "title", f"titre « {cell('title')} » inconnu (cni ou passeport)"))
        try:
            year = int(cell("year"))
            if not MIN_YEAR <= year <= today.year:
                raise ValueError
        except ValueError:
            errors.append(ParseIssue(number, "year", f"année « {cell('year')} » invalide ({MIN_YEAR}-{today.year})"))
            year = None
        counts = {}
        for name in ("adults", "minors"):
            try:
                counts[name] = _count(cell(name))
            except ValueError:
                errors.append(ParseIssue(number, name, f"« {cell(name)} » n'est pas un nombre entier positif"))
        if title and year:
            if (title, year) in seen:
                errors.append(
                    ParseIssue(number, "year", f"{title} {year} figure déjà ligne {seen[title, year]} du fichier")
                )
            seen[title, year] = number
        if title and year and len(counts) == 2:
            rows.append(IssuanceRow(number, title, year, counts["adults"], counts["minors"]))
    return IssuanceImport(rows, errors)


@transaction.atomic
def save_issuances(*, department: Department, rows: list[IssuanceRow], actor=None) -> tuple[int, int]:
    """Creates or replaces the counts of each (title, year); returns (created, updated). Idempotent."""
    existing = {(r.title, r.year): r for r in TitleIssuance.objects.filter(department=department)}
    created, updated = [], []
    for row in rows:
        current = existing.get((row.title, row.year))
        if current is None:
            created.append(
                TitleIssuance(
                    department=department,
                    title=row.title,
                    year=row.year,
                    adults=row.adults,
                    minors=row.minors,
                    updated_by=actor,
                )
            )
        elif (current.adults, current.minors) != (row.adults, row.minors):
            current.adults, current.minors, current.updated_by = row.adults, row.minors, actor
            current.updated_at = timezone.now()  # bulk_update does not apply auto_now
            updated.append(current)
    TitleIssuance.objects.bulk_create(created)
    TitleIssuance.objects.bulk_update(updated, ["adults", "minors", "updated_by", "updated_at"])
    return len(created), len(updated)

"""Exports of the national comparison: XLSX (core.spreadsheets), and open data as CSV or JSON described by a Table
Schema (https://specs.frictionlessdata.io/table-schema/). One row per department, then the country (« FR »)."""

from __future__ import annotations

from vigie.core.formatting import STATUS_WORDS
from vigie.core.spreadsheets import write_csv

from .queries import Comparison, DepartmentLine, Filters, number, status_of

FIELDS = [
    ("annee", "integer", "Année"),
    ("indicateur", "string", "Code de l'indicateur national"),
    ("code_departement", "string", "Code du département (FR pour la France entière)"),
    ("departement", "string", "Nom du département"),
    ("numerateur", "number", "Numérateur de l'année (ou compte)"),
    ("denominateur", "number", "Dénominateur de l'année (vide pour un compte)"),
    ("valeur", "number", "Valeur non arrondie (taux en %)"),
    ("cible", "number", "Cible de l'indicateur"),
    ("statut", "string", "atteinte, non atteinte, sans cible ou sans donnée"),
    ("base_mince", "boolean", "Base inconnue ou inférieure au seuil : pas de rang"),
    ("rang", "integer", "Rang parmi les départements à base suffisante (vide sinon)"),
]
HEADER = [label for _, _, label in FIELDS]


def table_schema() -> dict:
    return {
        "fields": [
            {"name": name, "type": kind, "description": description}
            | ({"constraints": {"enum": list(STATUS_WORDS)}} if name == "statut" else {})
            for name, kind, description in FIELDS
        ],
        "primaryKey": ["annee", "indicateur", "code_departement"],
        "missingValues": [""],
    }


def _row(comparison: Comparison, code: str, name: str, line: DepartmentLine | None, result) -> list:
    indicator = comparison.indicator
    return [
        comparison.year,
        indicator.code,
        code,
        name,
        number(result.numerator) if result else None,
        number(result.denominator) if result else None,
        number(result.value) if result else None,
        float(indicator.target_value) if indicator.target_value is not None else None,
        status_of(result),
        line.thin if line else False,
        line.rank if line else None,
    ]


def rows(comparison: Comparison) -> list[list]:
    lines = [_row(comparison, ln.department.code, ln.department.name, ln, ln.result) for ln in comparison.lines]
    return [*lines, _row(comparison, "FR", "France", None, comparison.national)]


def records(comparison: Comparison) -> list[dict]:
    names = [name for name, _, _ in FIELDS]
    return [dict(zip(names, row, strict=True)) for row in rows(comparison)]


def to_csv(comparison: Comparison) -> str:
    """UTF-8 CSV with a header of field names (the Table Schema's), comma-separated, decimal point."""
    return write_csv(header=[name for name, _, _ in FIELDS], rows=rows(comparison))


def filters_label(filters: Filters) -> str:
    return f" — sites : {filters.site_kind_label}" if filters.site_kind else ""

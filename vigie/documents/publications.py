"""Publications: the figures a quality officer chooses (a department or a site, a year, a selection of indicators),
frozen into a JSON snapshot with its SHA-256 and date; what the public page, the poster, the open data and the API
show. The snapshot is read back as typed figures (`published`); nothing here reads the live data again.

Open data: one CSV row per published indicator (UTF-8, comma, decimal point, through core.spreadsheets), the same
rows in JSON, described by a Table Schema (https://specs.frictionlessdata.io/table-schema/), under the Licence
Ouverte / Open Licence 2.0 (Etalab)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from vigie.core.spreadsheets import write_csv
from vigie.organisation.models import Department, Site

from .models import Publication
from .sources import IndicatorFigure, VoiceAction, indicator_figures, voice_actions

SNAPSHOT_SCHEMA = "vigie-publication/1"
LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
FIELDS = [
    ("annee", "integer", "Année des résultats"),
    ("code_departement", "string", "Code INSEE du département"),
    ("site", "string", "Code du site (vide : tout le département)"),
    ("indicateur", "string", "Code de l'indicateur"),
    ("libelle", "string", "Intitulé de l'indicateur"),
    ("unite", "string", "Unité : percent, working_days, days ou count"),
    ("valeur", "number", "Valeur de l'année (taux en %)"),
    ("numerateur", "number", "Numérateur (ou compte) de l'année"),
    ("denominateur", "number", "Dénominateur de l'année (vide pour un compte)"),
    ("cible", "number", "Cible de l'indicateur"),
    ("sens_cible", "string", "gte : au moins la cible ; lte : au plus la cible"),
    ("statut", "string", "atteinte, non atteinte, sans cible ou sans donnée"),
    ("valeur_annee_precedente", "number", "Valeur de l'année précédente"),
    ("publie_le", "datetime", "Date de la publication (instantané figé)"),
    ("somme_controle", "string", "SHA-256 de l'instantané JSON publié"),
]


def _indicator_json(figure: IndicatorFigure) -> dict:
    return dataclasses.asdict(figure) | {"status": figure.status}


def build_snapshot(
    *, department: Department, year: int, site: Site | None, codes: list[str] | None, published_at: dt.datetime
) -> dict:
    figures = indicator_figures(department, year, site)
    if codes is not None:
        figures = tuple(f for f in figures if f.code in set(codes))
    voice = voice_actions(department, year)
    return {
        "schema": SNAPSHOT_SCHEMA,
        "department": {"code": department.code, "name": department.name, "of_name": department.of_name},
        "site": {"code": site.code, "name": site.name} if site else None,
        "year": year,
        "published_at": published_at.isoformat(),
        "indicators": [_indicator_json(f) for f in figures],
        "voice": [dataclasses.asdict(v) | {"due_date": v.due_date.isoformat() if v.due_date else None} for v in voice],
    }


@dataclass(frozen=True)
class Published:
    """A publication's snapshot read back as typed figures."""

    publication: Publication
    indicators: tuple[IndicatorFigure, ...]
    voice: tuple[VoiceAction, ...]

    @property
    def subject(self) -> str:
        snapshot = self.publication.snapshot
        if snapshot.get("site"):
            return snapshot["site"]["name"]
        department = snapshot["department"]
        return f"Préfecture {department.get('of_name') or 'de ' + department['name']}"

    @property
    def year(self) -> int:
        return self.publication.snapshot["year"]

    @property
    def checksum_ok(self) -> bool:
        return Publication.digest(self.publication.snapshot) == self.publication.checksum


def published(publication: Publication) -> Published:
    names = {f.name for f in dataclasses.fields(IndicatorFigure)}
    indicators = tuple(
        IndicatorFigure(**{k: v for k, v in row.items() if k in names}) for row in publication.snapshot["indicators"]
    )
    voice = tuple(
        VoiceAction(**(row | {"due_date": dt.date.fromisoformat(row["due_date"]) if row.get("due_date") else None}))
        for row in publication.snapshot.get("voice", [])
    )
    return Published(publication, indicators, voice)


def public_path(publication: Publication) -> str:
    snapshot = publication.snapshot
    if snapshot.get("site"):
        return reverse(
            "public_site_results",
            kwargs={"code": snapshot["department"]["code"], "site_code": snapshot["site"]["code"]},
        )
    return reverse("public_results", kwargs={"code": snapshot["department"]["code"]})


def public_url(publication: Publication) -> str:
    return settings.SITE_URL.rstrip("/") + public_path(publication)


def table_schema() -> dict:
    return {
        "fields": [
            {"name": name, "type": kind, "description": description}
            | (
                {"constraints": {"enum": ["atteinte", "non atteinte", "sans cible", "sans donnée"]}}
                if name == "statut"
                else {}
            )
            for name, kind, description in FIELDS
        ],
        "primaryKey": ["annee", "code_departement", "site", "indicateur"],
        "missingValues": [""],
        "licenses": [LICENCE],
    }


def rows(publication: Publication) -> list[list]:
    snapshot = publication.snapshot
    site = snapshot["site"]["code"] if snapshot.get("site") else ""
    return [
        [
            snapshot["year"],
            snapshot["department"]["code"],
            site,
            row["code"],
            row["name"],
            row["unit"],
            row["value"],
            row["numerator"],
            row["denominator"],
            row["target"],
            row["target_direction"],
            row["status"],
            row["previous"],
            snapshot["published_at"],
            publication.checksum,
        ]
        for row in snapshot["indicators"]
    ]


def to_csv(publication: Publication) -> str:
    return write_csv(header=[name for name, _, _ in FIELDS], rows=rows(publication))


def records(publication: Publication) -> list[dict]:
    names = [name for name, _, _ in FIELDS]
    return [dict(zip(names, row, strict=True)) for row in rows(publication)]

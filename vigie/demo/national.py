"""Demo data for the national comparison and the projection — SYNTHETIC, except Charente's 2021.

- Ten departments (the three of the seeds and seven more, one préfecture each) with three years (2021-2023) of
  monthly telephony (TEL-DECROCHE), website visits (WEB-CONNEXION), first residence-permit decisions and delays
  (SEJOUR-1ERE-DELAI) and digital-access-point visitors (PAN-FREQUENTATION). Only Charente's 2021 figures and
  Marne's 2023 PAN visitors per site (yearly, 11 769 in all, from its CLU deck) are real
  (seed_figures, saved by measurements.py); everything else here is made up: each department's level is scaled to
  its population, with Charente's 2021 months as the seasonal pattern, a yearly drift and a fixed-seed noise.
- Charente's 2022 and 2023 extend its real 2021 tables in the same way, so that calls received have 36 months
  of history: the demo's projection (« Projection » on Charente's TEL-DECROCHE page) is computed by the worker.

- Charente's identity cards and passports issued per year, 2008-2025 (the renewals view), are synthetic too: a
  level scaled to its population, the 2017-2018 and 2021-2023 peaks that the national figures showed, no real count.

Deterministic (seeded per department): running the demo again changes nothing."""

from __future__ import annotations

import random

import yaml

from vigie.indicators.imports import ParsedRow
from vigie.indicators.projections import projection_state
from vigie.indicators.queries import find_indicator
from vigie.indicators.renewals import IssuanceRow, save_issuances
from vigie.indicators.services import save_measurements
from vigie.organisation.models import Department
from vigie.organisation.services import import_org

from . import seed_figures as f
from .measurements import demo_row

YEARS = (2021, 2022, 2023)
# code, name, « of » name, population (rounded public orders of magnitude; the sites are fictional)
MORE_DEPARTMENTS = [
    ("13", "Bouches-du-Rhône", "des Bouches-du-Rhône", 2_050_000),
    ("2A", "Corse-du-Sud", "de la Corse-du-Sud", 160_000),
    ("33", "Gironde", "de la Gironde", 1_650_000),
    ("35", "Ille-et-Vilaine", "d'Ille-et-Vilaine", 1_100_000),
    ("59", "Nord", "du Nord", 2_600_000),
    ("69", "Rhône", "du Rhône", 1_900_000),
    ("974", "La Réunion", "de La Réunion", 880_000),
]
SEED_DEPARTMENTS = {"16": "pref-16", "41": "pref-41", "51": "pref-51"}
SYNTHETIC_NOTE = "démonstration : chiffre synthétique"
# Marne 2023: PAN visitors per site, from its CLU deck of 2 February 2024 (« 11 769 fréquentations en 2023 »): real
# yearly counts, stored as yearly values of the monthly indicator (the months are not known).
MARNE_PAN_2023 = {"pref-51": 6140, "sp-reims": 2461, "sp-vitry": 2286, "sp-epernay": 564, "stand-51": 318}
MARNE_NOTE = "CLU de la Marne du 2 février 2024"


def _org_file(code: str, name: str, of_name: str, population: int) -> bytes:
    return yaml.safe_dump(
        {
            "department": {"code": code, "name": name, "of_name": of_name, "population": population},
            "sites": [
                {
                    "code": f"pref-{code.lower()}",
                    "name": f"Préfecture {of_name}",
                    "kind": "prefecture",
                    "services": [{"code": "accueil", "name": "Accueil général"}],
                }
            ],
        },
        allow_unicode=True,
    ).encode()


def _pattern(values: list[int]) -> list[float]:
    mean = sum(values) / len(values)
    return [v / mean for v in values]


CALLS = _pattern(f.CALLS_RECEIVED)
VISITS = _pattern(f.WEB_VISITS)
DECISIONS = _pattern(f.FIRST_PERMIT_DECISIONS)


def _rows(department: Department, site: str, years: tuple[int, ...]) -> list[ParsedRow]:
    rng = random.Random(f"vigie-demo-{department.code}")  # noqa: S311 - synthetic figures, not security
    scale = department.population / f.CHARENTE_POPULATION
    if department.code == "16":  # extends the seed's 2021: its levels, rates and delays
        answer_rate = 1 - sum(f.CALLS_LOST) / sum(f.CALLS_RECEIVED)
        calls_per_month = sum(f.CALLS_RECEIVED) / 12
        visits_share = sum(f.WEB_VISITS) / 12 / f.CHARENTE_POPULATION
        decisions_per_month = sum(f.FIRST_PERMIT_DECISIONS) / 12
        weighted = zip(f.FIRST_PERMIT_DELAY, f.FIRST_PERMIT_DECISIONS, strict=True)
        delay = sum(d * n for d, n in weighted) / sum(f.FIRST_PERMIT_DECISIONS)
    else:
        answer_rate = rng.uniform(0.72, 0.93)
        calls_per_month = sum(f.CALLS_RECEIVED) / 12 * scale * rng.uniform(0.7, 1.3)
        visits_share = rng.uniform(0.04, 0.10)
        decisions_per_month = sum(f.FIRST_PERMIT_DECISIONS) / 12 * scale * rng.uniform(0.6, 1.4)
        delay = rng.uniform(35, 90)
    pan_per_month = 900 * scale**0.5 * rng.uniform(0.6, 1.4)
    if department.code == "51":  # the préfecture's PAN near its real 2023 count (6 140), which replaces 2023
        pan_per_month = MARNE_PAN_2023["pref-51"] / 12 / 1.05
    rows: list[ParsedRow] = []

    def add(indicator, period, numerator, denominator, site_code=site):
        rows.append(demo_row(len(rows) + 1, indicator, site_code, period, numerator, denominator, None, SYNTHETIC_NOTE))

    for year in years:
        drift = 1 + 0.03 * (year - 2021) + rng.uniform(-0.02, 0.02)
        for m in range(12):
            period = f"{year}-{m + 1:02d}"
            received = round(calls_per_month * CALLS[m] * drift * rng.uniform(0.96, 1.04))
            answered = min(received, round(received * min(answer_rate + rng.uniform(-0.04, 0.04), 0.99)))
            add("TEL-DECROCHE", period, answered, received)
            visits = round(department.population * visits_share * VISITS[m] * rng.uniform(0.95, 1.05))
            add("WEB-CONNEXION", period, visits, None, site_code=None)
            decisions = max(1, round(decisions_per_month * DECISIONS[m] * drift * rng.uniform(0.9, 1.1)))
            add("SEJOUR-1ERE-DELAI", period, round(decisions * delay * rng.uniform(0.8, 1.2)), decisions)
            if not (department.code == "51" and year == 2023):
                add("PAN-FREQUENTATION", period, round(pan_per_month * VISITS[m] * rng.uniform(0.9, 1.1)), None)
    if department.code == "51" and 2023 in years:  # the seed's yearly counts per site (no month is known)
        for site_code, visitors in MARNE_PAN_2023.items():
            rows.append(
                demo_row(len(rows) + 1, "PAN-FREQUENTATION", site_code, "2023", visitors, None, None, MARNE_NOTE)
            )
    return rows


def build_national_demo() -> None:
    """The seven more departments, and the synthetic years of all ten (Charente's 2021 stays the seed's)."""
    for code, name, of_name, population in MORE_DEPARTMENTS:
        import_org(content=_org_file(code, name, of_name, population))
    sites = SEED_DEPARTMENTS | {code: f"pref-{code.lower()}" for code, *_ in MORE_DEPARTMENTS}
    for department in Department.objects.filter(code__in=sites).order_by("code"):
        years = YEARS[1:] if department.code == "16" else YEARS
        rows = _rows(department, sites[department.code], years)
        save_measurements(actor=None, department=department, rows=rows, source="imported")
    charente = Department.objects.get(code="16")
    calls = find_indicator("TEL-DECROCHE", charente)
    projection_state(indicator=calls, department=charente, site=None, months=12)  # queued for the worker
    save_issuances(department=charente, rows=_issuances())


# Identity cards and passports issued in Charente per year (SYNTHETIC): ~350 000 inhabitants, about one title in
# fifteen inhabitants a year, with the 2017 and 2022-2023 rushes and the 2020 lockdown.
CARDS = {2008: 21, 2009: 22, 2010: 22, 2011: 23, 2012: 22, 2013: 20, 2014: 17, 2015: 17, 2016: 18, 2017: 23,
         2018: 21, 2019: 20, 2020: 14, 2021: 22, 2022: 27, 2023: 29, 2024: 24, 2025: 23}  # fmt: skip
PASSPORTS = {2008: 9, 2009: 9, 2010: 8, 2011: 9, 2012: 9, 2013: 9, 2014: 9, 2015: 9, 2016: 10, 2017: 10,
             2018: 11, 2019: 11, 2020: 5, 2021: 7, 2022: 13, 2023: 15, 2024: 12, 2025: 11}  # fmt: skip


def _issuances() -> list[IssuanceRow]:
    rows = []
    for year, thousands in CARDS.items():
        rows.append(IssuanceRow(len(rows) + 2, "cni", year, thousands * 780, thousands * 220))
    for year, thousands in PASSPORTS.items():
        rows.append(IssuanceRow(len(rows) + 2, "passport", year, thousands * 850, thousands * 150))
    return rows

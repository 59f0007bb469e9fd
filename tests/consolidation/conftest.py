"""Three departments with a year of telephony (one with thin data) and website visits, saved through the same
service as imports."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.organisation.factories import DepartmentFactory, SiteFactory
from vigie.indicators.imports import ParsedRow
from vigie.indicators.services import save_measurements

YEAR = 2025
# department code → (site code, [(answered, received) per month]); the Corse-du-Sud line is thin (60 calls a year)
CALLS = {
    "51": ("pref-51", [(800 + 10 * m, 1000 + 5 * m) for m in range(12)]),
    "16": ("pref-16", [(700 + 7 * m, 900 + 3 * m) for m in range(12)]),
    "2A": ("pref-2a", [(4, 5) for _ in range(12)]),
}
VISITS = {"51": [20_000 + 100 * m for m in range(12)], "16": [30_000 - 200 * m for m in range(12)]}


def rows_for(code: str) -> list[ParsedRow]:
    site, months = CALLS[code]
    rows = [
        ParsedRow(
            line=m,
            indicator="TEL-DECROCHE",
            site=site,
            period=f"{YEAR}-{m:02d}",
            numerator=Decimal(answered),
            denominator=Decimal(received),
        )
        for m, (answered, received) in enumerate(months, start=1)
    ]
    for m, visits in enumerate(VISITS.get(code, []), start=1):
        rows.append(
            ParsedRow(
                line=100 + m,
                indicator="WEB-CONNEXION",
                site=None,
                period=f"{YEAR}-{m:02d}",
                numerator=Decimal(visits),
                denominator=None,
            )
        )
    return rows


@pytest.fixture
def national(world):
    """The world's departments (51 Marne, 16 Charente) and Corse-du-Sud, each with a year of measurements."""
    world.dept_c = DepartmentFactory(code="2A", name="Corse-du-Sud")
    SiteFactory(department=world.dept_c, code="pref-2a", kind="prefecture")
    for department, population in ((world.dept_a, 566_000), (world.dept_b, 352_000), (world.dept_c, 160_000)):
        department.population = population
        department.save()
        save_measurements(actor=None, department=department, rows=rows_for(department.code), source="imported")
    return world

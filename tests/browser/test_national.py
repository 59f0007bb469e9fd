"""The national comparison and the projection pages in headless Chromium: the dsfr-chart components render (the
map of France with its overseas departments, the distribution, the projection's lines) and axe finds nothing."""

import pytest

from tests.consolidation.conftest import YEAR, rows_for
from tests.indicators.test_projection import _calls
from tests.organisation.factories import DepartmentFactory, SiteFactory
from vigie.frameworks.models import Indicator
from vigie.indicators.projections import compute_projection
from vigie.indicators.services import save_measurements


@pytest.fixture
def national(world):
    world.dept_c = DepartmentFactory(code="2A", name="Corse-du-Sud")
    SiteFactory(department=world.dept_c, code="pref-2a", kind="prefecture")
    for department in (world.dept_a, world.dept_b, world.dept_c):
        save_measurements(actor=None, department=department, rows=rows_for(department.code), source="imported")
    return world


PAGES = [
    ("national", f"/national/?annee={YEAR}"),
    ("national", f"/national/indicateurs/TEL-DECROCHE/?annee={YEAR}"),
    ("national", "/national/indicateurs/TEL-DECROCHE/?annee=deux-mille"),
    ("officer", f"/departements/51/comparaison-nationale/?annee={YEAR}"),
    ("officer", f"/departements/51/comparaison-nationale/TEL-DECROCHE/?annee={YEAR}"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("persona", "path"), PAGES)
def test_national_pages_have_no_axe_violation(national, open_page, persona, path):
    page = open_page(getattr(national, persona))
    response = page.goto(path)
    assert response.status == (400 if "deux-mille" in path else 200)
    if "/national/indicateurs/" in path and response.status == 200:
        page.page.wait_for_selector("map-chart svg", timeout=15_000)
        page.page.wait_for_selector("bar-chart canvas", timeout=15_000)
    assert page.axe_violations() == []


@pytest.mark.django_db(transaction=True)
def test_projection_page_has_no_axe_violation(world, open_page):
    _calls(world, 36)
    indicator = Indicator.objects.get(code="TEL-DECROCHE", department=None)
    # what the worker runs, before the page asks: fitting takes seconds, longer than a page load on a loaded machine
    compute_projection(indicator=indicator, department=world.dept_b, site=None, months=12)
    page = open_page(world.officer_b)
    response = page.goto("/departements/16/resultats/indicateurs/TEL-DECROCHE/projection/")
    assert response.status == 200
    page.page.wait_for_selector("line-chart canvas", timeout=15_000)
    assert page.axe_violations() == []

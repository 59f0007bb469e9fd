"""The national pages: the country's figure for a mean of period values, filters, exports, bad input, queries."""

import csv
import dataclasses
import io
import json
import re
from fractions import Fraction

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.consolidation.conftest import CALLS, VISITS, YEAR, rows_for
from tests.organisation.factories import DepartmentFactory
from vigie.consolidation.exports import FIELDS
from vigie.frameworks.models import Indicator, Module


def test_france_for_a_mean_of_monthly_rates_is_the_mean_of_the_monthly_national_rates(national):
    data = (
        national.client_for(national.national)
        .get(f"/api/v1/national/indicators/WEB-CONNEXION/results?year={YEAR}")
        .json()
    )
    population = national.dept_a.population + national.dept_b.population
    monthly = [Fraction(VISITS["51"][m] + VISITS["16"][m], population) * 100 for m in range(12)]
    assert data["national"]["value"] == pytest.approx(float(sum(monthly) / 12))
    mean_of_departments = sum(d["value"] for d in data["departments"] if d["value"] is not None) / 2
    assert data["national"]["value"] != pytest.approx(mean_of_departments)


def test_the_overview_shows_every_national_indicator_and_the_framework_filter_narrows_it(national):
    client = national.client_for(national.national)
    everything = client.get(f"/national/?annee={YEAR}").content.decode()
    assert "TEL-DECROCHE" in everything and "PAN-FREQUENTATION" in everything
    narrowed = client.get(f"/national/?annee={YEAR}&referentiel=services-publics-plus-2023").content.decode()
    assert narrowed.count('<code class="fr-text--xs">') < everything.count('<code class="fr-text--xs">')


def test_the_module_filter_keeps_only_that_modules_indicators(national):
    """A module narrows the overview to the national indicators of its commitments, and a framework to all its
    modules' (the module wins when both are given)."""

    client = national.client_for(national.national)

    def codes(query: str) -> set[str]:
        page = client.get(f"/national/?annee={YEAR}&{query}").content.decode()
        return set(re.findall(r'<code class="fr-text--xs">([A-Z0-9-]+)</code>', page))

    everything = codes("")
    modules = Module.objects.filter(version__is_current=True, commitments__indicators__code__in=everything)
    module = modules.select_related("version__framework").distinct().order_by("version__framework__code", "number")[0]
    expected = set(
        Indicator.objects.filter(commitments__module=module, code__in=everything).values_list("code", flat=True)
    )
    key = f"{module.version.framework.code}-{module.number}"
    assert expected and expected != everything and codes(f"module={key}") == expected
    framework_codes = codes(f"referentiel={module.version.framework.code}")
    assert expected <= framework_codes <= everything
    assert codes(f"referentiel={module.version.framework.code}&module={key}") == expected


def test_the_site_kind_filter_counts_only_those_sites(national):
    client = national.client_for(national.national)
    page = client.get(f"/national/indicateurs/TEL-DECROCHE/?annee={YEAR}&type_site=sous_prefecture").content.decode()
    assert "France 2025 : pas de donnée" in page and "Sous-préfecture" in page
    prefectures = client.get(f"/national/indicateurs/TEL-DECROCHE/?annee={YEAR}&type_site=prefecture")
    assert "France 2025 : pas de donnée" not in prefectures.content.decode()


def test_a_bad_year_is_refused_naming_the_field(national):
    client = national.client_for(national.national)
    page = client.get("/national/indicateurs/TEL-DECROCHE/?annee=deux-mille")
    assert page.status_code == 400 and "Année" in page.content.decode()
    api = client.get("/api/v1/national/indicators/TEL-DECROCHE/results?year=1900")
    errors = api.json()["errors"]
    assert api.status_code == 400 and [e["field"] for e in errors] == ["year"] and "2015" in errors[0]["message"]


def test_exports_give_the_same_figures_as_the_page_with_the_country_last(national):
    client = national.client_for(national.national)
    answered = sum(a for _, months in CALLS.values() for a, _ in months)
    received = sum(r for _, months in CALLS.values() for _, r in months)
    records = client.get(f"/national/indicateurs/TEL-DECROCHE/{YEAR}.json").json()
    assert records[-1]["code_departement"] == "FR"
    assert (records[-1]["numerateur"], records[-1]["denominateur"]) == (answered, received)
    assert {r["code_departement"]: r["base_mince"] for r in records}["2A"] is True
    rows = list(
        csv.DictReader(io.StringIO(client.get(f"/national/indicateurs/TEL-DECROCHE/{YEAR}.csv").content.decode()))
    )
    schema = client.get("/national/schema.json").json()
    assert list(rows[0]) == [f["name"] for f in schema["fields"]] == [name for name, _, _ in FIELDS]
    assert rows[-1]["numerateur"] == str(answered)
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(f"/national/indicateurs/TEL-DECROCHE/{YEAR}.xlsx").content)
    ).active
    values = list(sheet.values)
    assert values[1][0] == "Année" and values[-1][2] == "FR" and values[-1][4] == answered
    assert json.dumps(schema)  # a Table Schema: fields with name and type, primary key
    assert schema["primaryKey"] == ["annee", "indicateur", "code_departement"]


def test_the_national_page_reads_in_a_constant_number_of_queries(national):
    client = national.client_for(national.national)
    url = f"/national/indicateurs/TEL-DECROCHE/?annee={YEAR}"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    for n in range(5):
        DepartmentFactory(code=f"{60 + n}", name=f"Département {60 + n}")
    with CaptureQueriesContext(connection) as after:
        client.get(url)
    assert len(after) == len(before)
    overview = f"/national/?annee={YEAR}"
    client.get(overview)
    with CaptureQueriesContext(connection) as queries:
        client.get(overview)
    assert len(queries) <= len(before) + 3  # every indicator from one grouped query


def test_without_a_year_the_select_shows_the_year_read(national):
    from vigie.consolidation.forms import default_year

    page = national.client_for(national.national).get("/national/").content.decode()
    year = default_year()
    assert f"Comparaison nationale {year}" in page
    assert f'<option value="{year}" selected>{year}</option>' in page


def test_the_default_year_is_the_latest_most_departments_reported(national):
    """A later year that one department alone has begun (its register's computed figures) is not where the national
    comparison opens: it opens on the latest year most departments reported."""
    from vigie.indicators.queries import national_default_year
    from vigie.indicators.services import save_measurements

    assert national_default_year(until=YEAR + 5) == YEAR

    def next_year(code):
        return [dataclasses.replace(r, period=r.period.replace(str(YEAR), str(YEAR + 1))) for r in rows_for(code)]

    save_measurements(actor=None, department=national.dept_a, rows=next_year("51"), source="imported")
    assert national_default_year(until=YEAR + 5) == YEAR  # one department of two
    save_measurements(actor=None, department=national.dept_b, rows=next_year("16"), source="imported")
    assert national_default_year(until=YEAR + 5) == YEAR + 1
    assert national_default_year(until=YEAR) == YEAR and national_default_year(until=2000) is None

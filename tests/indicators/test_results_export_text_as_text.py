"""The results spreadsheet writes the indicators' names and the department's name as text: a name typed like a
formula is shown as typed and never evaluated; the figures stay numbers."""

from __future__ import annotations

from tests.core.spreadsheets import HOSTILE, assert_no_formula, workbook_cells
from tests.indicators.test_screens import seed_two_years
from vigie.frameworks.models import Indicator
from vigie.organisation.models import Department


def test_the_results_spreadsheet_writes_hostile_names_as_text(world):
    seed_two_years(world)
    Indicator.objects.filter(code="TEL-DECROCHE").update(name=HOSTILE[0])
    Indicator.objects.filter(code="WEB-CONNEXION").update(name="\t=cmd|' /C calc'!A0")
    Department.objects.filter(pk=world.dept_a.pk).update(name="@SUM(1+1)*cmd|' /C calc'!A0")

    response = world.client_for(world.officer).get("/departements/51/resultats/2021.xlsx")

    assert_no_formula(response.content)
    cells = workbook_cells(response.content)
    assert cells[0][0].value == "@SUM(1+1)*cmd|' /C calc'!A0 — tout le département — résultats 2021"
    rows = {row[0].value: row for row in cells[2:]}
    assert rows["TEL-DECROCHE"][1].value == HOSTILE[0]
    assert rows["WEB-CONNEXION"][1].value == "\t=cmd|' /C calc'!A0"
    numerator, value = rows["TEL-DECROCHE"][2], rows["TEL-DECROCHE"][4]
    assert (numerator.value, numerator.data_type, value.value, value.data_type) == (1440, "n", 80, "n")

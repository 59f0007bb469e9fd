"""Figures people can read (issue 15, item 5): the indicator's unit drives decimals and suffix (delays to two
decimals, scores out of 5), the results spreadsheet keeps numbers with number formats, the basis in its own columns
and a sheet of the months; charts through the DSFR chart component with a data table beside them."""

import io
from decimal import Decimal
from fractions import Fraction

import openpyxl

from tests.indicators.test_screens import seed_two_years
from vigie.core.formatting import format_change, format_value


def test_the_unit_gives_the_decimals_and_the_suffix():
    assert format_value(Fraction(128, 100), "working_days") == "1,28 j"
    assert format_value(Decimal("2.7"), "score") == "2,7/5"
    assert format_value(Fraction(8148718397340565, 10**14), "percent") == "81,5\u202f%"
    assert format_value(1433825, "count") == "1\u202f433\u202f825"
    assert format_value(None, "percent") == "—"
    assert format_change(Fraction(-25, 100), "working_days") == "−0,25 j"
    assert format_change(Fraction(1), "percent") == "+1,0 pt"


def test_the_results_spreadsheet_has_number_formats_and_a_sheet_of_the_months(world):
    seed_two_years(world)
    response = world.client_for(world.officer).get("/departements/51/resultats/2021.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Résultats 2021", "Mois 2021"]
    yearly = {row[0].value: row for row in book["Résultats 2021"].iter_rows(min_row=3)}
    phone = yearly["TEL-DECROCHE"]
    assert (phone[2].value, phone[3].value, phone[4].value) == (1440, 1800, 80)
    assert phone[2].number_format == "#,##0" and phone[4].number_format == '0.0" %"'
    assert "pt" in phone[9].number_format  # the change in points
    months = [row for row in book["Mois 2021"].iter_rows(min_row=3, values_only=True) if row[0] == "TEL-DECROCHE"]
    assert len(months) == 12 and months[0][2:] == ("janv. 2021", 120, 150, 80)


def test_the_indicator_page_draws_a_dsfr_chart_with_its_table(world):
    seed_two_years(world)
    html = (
        world.client_for(world.officer)
        .get("/departements/51/resultats/indicateurs/TEL-DECROCHE/?annee=2021")
        .content.decode()
    )
    assert "<bar-chart" in html and 'y-min="0"' in html and "DSFRChart.js" in html
    assert "<svg" not in html  # no hand-drawn chart: without JavaScript, the table beside it is the chart
    assert "<caption>Données du graphique" in html

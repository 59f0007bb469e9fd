import io
from decimal import Decimal
from pathlib import Path

import openpyxl

from vigie.indicators.imports import ParsedRow
from vigie.indicators.services import save_measurements

DATA = Path(__file__).resolve().parent.parent / "data"


def seed_two_years(world):
    """Telephony of two sites of department 51 over 2020 and 2021, and a department-wide website figure."""
    rows = []
    for year, answered in ((2020, 70), (2021, 80)):
        for month in range(1, 13):
            for site, received in (("pref-51", 100), ("sp-reims", 50)):
                rows.append(
                    ParsedRow(
                        len(rows) + 1,
                        "TEL-DECROCHE",
                        site,
                        f"{year}-{month:02d}",
                        Decimal(answered * received // 100),
                        Decimal(received),
                    )
                )
        rows.append(ParsedRow(len(rows) + 1, "WEB-CONNEXION", None, f"{year}-01", Decimal(30000), None))
    save_measurements(actor=None, department=world.dept_a, rows=rows, source="imported")


def test_results_show_value_basis_target_status_and_change_in_points(world):
    seed_two_years(world)
    html = world.client_for(world.reader).get("/departements/51/resultats/?annee=2021").content.decode()
    assert "1\u202f440 / 1\u202f800" in html  # basis of the yearly rate
    assert "80,0\u202f%" in html and "70,0\u202f%" in html and "+10,0 pt" in html
    assert "non atteinte" in html  # target 85 %


def test_site_correspondent_sees_only_their_site_in_the_department_results(world):
    seed_two_years(world)
    html = world.client_for(world.correspondent).get("/departements/51/resultats/?annee=2021").content.decode()
    assert "480 / 600" in html  # sp-reims only: 12 × 40 / 12 × 50
    assert "1\u202f440 / 1\u202f800" not in html


def test_indicator_detail_has_a_chart_with_its_data_table_and_a_site_comparison(world):
    seed_two_years(world)
    html = (
        world.client_for(world.officer)
        .get("/departements/51/resultats/indicateurs/TEL-DECROCHE/?annee=2021")
        .content.decode()
    )
    assert "<bar-chart" in html and "<caption>Données du graphique" in html
    assert html.count("<tr><td>") >= 12
    assert "Comparaison entre sites" in html and "Site sp-reims" in html
    quarters = (
        world.client_for(world.officer)
        .get("/departements/51/resultats/indicateurs/TEL-DECROCHE/?annee=2021&par=quarter")
        .content.decode()
    )
    assert "T4 2021" in quarters and "360 / 450" in quarters


def test_results_export_to_xlsx(world):
    seed_two_years(world)
    response = world.client_for(world.officer).get("/departements/51/resultats/2021.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = {row[0]: row for row in sheet.iter_rows(min_row=3, values_only=True)}
    code, _, numerator, denominator, value, _, target, met, previous, change, _ = rows["TEL-DECROCHE"]
    assert (numerator, denominator, value, target, met, previous, change) == (1440, 1800, 80, 85, "non", 70, 10)


def test_results_query_count_does_not_grow_with_sites(world, django_assert_max_num_queries):
    seed_two_years(world)
    client = world.client_for(world.officer)
    client.get("/departements/51/resultats/?annee=2021")
    with django_assert_max_num_queries(10):
        client.get("/departements/51/resultats/?annee=2021")


def test_import_screen_previews_then_saves_on_confirmation(world):
    client = world.client_for(world.officer_b)
    with open(DATA / "charente-2021-telephonie.csv", "rb") as handle:
        preview = client.post("/departements/16/mesures/importer/", {"file": handle, "year": 2021, "site": "pref-16"})
    html = preview.content.decode()
    assert preview.status_code == 200 and "Avertissements (4)" in html and "NOVEMBRE" in html
    assert html.count("création") == 12
    from vigie.indicators.models import Measurement

    assert not Measurement.objects.exists()
    done = client.post("/departements/16/mesures/importer/", {"confirm": "1"})
    assert done.status_code == 302 and Measurement.objects.count() == 12


def test_import_screen_refuses_a_bad_file_with_line_and_column(world):
    client = world.client_for(world.officer_b)
    bad = io.BytesIO(b"indicator;site;period;numerator;denominator\nTEL-DECROCHE;pref-16;2021-01;abc;10\n")
    bad.name = "bad.csv"
    response = client.post("/departements/16/mesures/importer/", {"file": bad})
    assert response.status_code == 400
    assert "ligne 2, colonne « numerator » : « abc » n&#x27;est pas un nombre" in response.content.decode()


def test_site_correspondent_imports_only_for_their_site(world):
    client = world.client_for(world.correspondent)
    ok = io.BytesIO(b"indicator;site;period;numerator;denominator\nTEL-DECROCHE;sp-reims;2021-01;5;10\n")
    ok.name = "ok.csv"
    assert client.post("/departements/51/mesures/importer/", {"file": ok}).status_code == 200
    other = io.BytesIO(b"indicator;site;period;numerator;denominator\nTEL-DECROCHE;pref-51;2021-01;5;10\n")
    other.name = "other.csv"
    assert client.post("/departements/51/mesures/importer/", {"file": other}).status_code == 403


def test_indicators_of_the_labelling_scope_are_listed_even_without_measurements(world):
    from vigie.frameworks.models import FrameworkVersion
    from vigie.frameworks.services import set_labelling_scope

    version = FrameworkVersion.objects.get(framework__code="qual-e-pref-2019", is_current=True)
    set_labelling_scope(
        actor=None,
        site=world.site_a1,
        framework_version=version,
        modules=list(version.modules.filter(number=2)),
        since="2022-06-30",
    )
    html = world.client_for(world.officer).get("/departements/51/resultats/?annee=2021").content.decode()
    assert "TITRES-CNI-PASSEPORT-DELAI" in html and "pas de mesure" in html


def test_indicator_detail_shows_the_history_of_corrections(world):
    seed_two_years(world)
    save_measurements(
        actor=world.officer,
        department=world.dept_a,
        source="typed",
        rows=[ParsedRow(1, "TEL-DECROCHE", "pref-51", "2021-03", Decimal(85), Decimal(100))],
    )
    html = (
        world.client_for(world.reader)
        .get("/departements/51/resultats/indicateurs/TEL-DECROCHE/?annee=2021")
        .content.decode()
    )
    assert "Historique des modifications" in html
    assert "80,00 / 100,00" in html and "85,00 / 100,00" in html and "Saisie" in html


def test_a_correction_made_without_a_user_reads_as_import_or_command(world):
    """A measurement loaded by `vigie import_measurements` or corrected by a command has no user: the history names
    what made the change instead of failing the page (it answered 500)."""
    for value, source in ((Decimal(70), "imported"), (Decimal(75), "typed"), (Decimal(85), "computed")):
        save_measurements(
            actor=None,
            department=world.dept_a,
            source=source,
            rows=[ParsedRow(1, "TEL-DECROCHE", "pref-51", "2021-03", value, Decimal(100))],
        )
    response = world.client_for(world.reader).get("/departements/51/resultats/indicateurs/TEL-DECROCHE/?annee=2021")
    assert response.status_code == 200
    rows = [
        [cell.strip() for cell in row.split("</td>")[:2]]
        for row in response.content.decode().split("Historique des modifications")[1].split("<tr>")[2:]
    ]
    authors = [row[1].removeprefix("<td>") for row in rows]
    assert authors == ["Vigie", "commande", "import"]

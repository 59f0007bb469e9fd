"""Measurement imports that speak well, the same through the upload page, the command and the API: the first 50
errors and the total, a formula named as a formula, « fichier illisible » for a binary file, a header alone refused.
Each refusal changes nothing in the database."""

from __future__ import annotations

import io
import json
import re
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from vigie.indicators.imports import ParsedRow
from vigie.indicators.models import Measurement, MeasurementChange
from vigie.indicators.services import save_measurements

URL = "/departements/51/mesures/importer/"
HEADER = "indicator;site;period;numerator;denominator;value\n"
ROW = "TEL-DECROCHE;pref-51;2021-01;80;100;\n"
UNREADABLE = "fichier illisible : un fichier CSV (texte UTF-8 ou Windows-1252) ou un classeur XLSX est attendu"
NO_DATA = "le fichier ne contient aucune ligne de données"
MORE_1199 = "… et 1\u202f149 autres erreurs (1\u202f199 au total)"


@pytest.fixture
def existing(world):
    """One measurement already saved: a refused import must leave it, and its history, as they are."""
    save_measurements(
        actor=None,
        department=world.dept_a,
        rows=[ParsedRow(1, "TEL-DECROCHE", "pref-51", "2020-12", Decimal(7), Decimal(10))],
        source="imported",
    )
    return world


def _unchanged() -> None:
    assert [(m.period_index, m.numerator) for m in Measurement.objects.all()] == [(12, Decimal(7))]
    assert MeasurementChange.objects.count() == 1


def _upload(content: bytes, name: str) -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def _page(world, content: bytes, name: str = "mesures.csv", year: str = "") -> str:
    response = world.client_for(world.officer).post(URL, {"file": _upload(content, name), "year": year})
    assert response.status_code == 400
    return response.content.decode()


def _command(tmp_path, content: bytes, name: str = "mesures.csv", *args: str) -> str:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError) as refused:
        call_command("import_measurements", str(path), "--department", "51", *args)
    return str(refused.value)


def _xlsx(rows: list[list], cached: dict[str, str] | None = None) -> bytes:
    """A workbook written by a program (openpyxl): formulas without computed values, unless `cached` gives some
    (cell → value), as a spreadsheet program saves them."""
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    if not cached:
        return buffer.getvalue()
    source, target = zipfile.ZipFile(buffer), io.BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                xml = data.decode()
                for cell, value in cached.items():
                    xml = re.sub(rf'(<c r="{cell}"[^>]*>)<f>(.*?)</f><v>\s*</v>', rf"\1<f>\2</f><v>{value}</v>", xml)
                data = xml.encode()
            archive.writestr(item, data)
    return target.getvalue()


# ---- the first 50 errors and the total ---------------------------------------------------------------------------

DUPLICATES = (HEADER + ROW * 1200).encode()


def test_the_page_shows_the_first_50_errors_and_the_total(existing):
    html = _page(existing, DUPLICATES)
    assert html.count("mesure en double (TEL-DECROCHE, site pref-51, 2021-01) : déjà donnée ligne 2") == 50
    assert "ligne 52 : " in html and "ligne 53 : " not in html and MORE_1199 in html
    _unchanged()


def test_the_command_prints_the_first_50_errors_and_the_total(existing, tmp_path):
    message = _command(tmp_path, DUPLICATES)
    lines = message.splitlines()
    assert lines[0] == "mesures.csv refusé, rien n'a été importé :"
    assert len(lines) == 1 + 50 + 1 and lines[-1] == MORE_1199
    _unchanged()


def test_the_api_gives_the_first_50_errors_and_their_number(existing):
    item = {"indicator": "TEL-DECROCHE", "site": "pref-51", "period": "2021-01", "numerator": 80, "denominator": 100}
    response = existing.client_for(existing.officer).post(
        "/api/v1/measurements?department=51", json.dumps([item] * 1200), content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert len(body["errors"]) == 50 and body["error_count"] == 1199
    assert body["errors"][0] == {"field": None, "line": 2, "message": "mesure en double (déjà ligne 1)"}
    _unchanged()


def test_a_long_list_of_warnings_is_capped_too(existing, capsys):
    text = "MOIS;JANVIER\nAppels reçus;100\nAppels perdus;10\n" + "Ligne inconnue;1\n" * 60
    html = (
        existing.client_for(existing.officer)
        .post(URL, {"file": _upload(text.encode(), "t.csv"), "year": "2021", "site": "pref-51"})
        .content.decode()
    )
    assert "Avertissements (60)" in html and html.count("non reconnue, ignorée") == 50
    assert "… et 10 autres avertissements (60 au total)" in html


# ---- a formula is named as a formula -----------------------------------------------------------------------------

FORMULAS = [
    ["indicator", "site", "period", "numerator", "denominator"],
    ["TEL-DECROCHE", "pref-51", "2021-01", 40, 50],
    ["TEL-DECROCHE", "pref-51", "2021-02", 45, 50],
    ["TEL-DECROCHE", "pref-51", "2021-03", "=SUM(D2:D3)", "=E2+E3"],
]
FORMULA_ERRORS = [
    "ligne 4, colonne « D » : formule =SUM(D2:D3) au lieu d'une valeur",
    "ligne 4, colonne « E » : formule =E2+E3 au lieu d'une valeur",
]


def test_a_formula_without_its_value_is_named_on_the_page_and_by_the_command(existing, tmp_path):
    html = _page(existing, _xlsx(FORMULAS), "mesures.xlsx")
    assert all(error.replace("'", "&#x27;") in html for error in FORMULA_ERRORS)
    message = _command(tmp_path, _xlsx(FORMULAS), "mesures.xlsx")
    assert message.splitlines()[1:] == FORMULA_ERRORS
    _unchanged()


def test_a_formula_saved_with_its_value_by_a_spreadsheet_gives_that_value(existing, tmp_path):
    path = tmp_path / "mesures.xlsx"
    path.write_bytes(_xlsx(FORMULAS, cached={"D4": "85", "E4": "100"}))
    call_command("import_measurements", str(path), "--department", "51")
    march = Measurement.objects.get(period_index=3)
    assert (march.numerator, march.denominator) == (85, 100)


def test_a_formula_written_as_text_in_a_csv_is_named_as_a_formula(existing):
    html = _page(existing, (HEADER + "TEL-DECROCHE;pref-51;2021-01;=SUM(D2:D3);100;\n").encode())
    assert "ligne 2, colonne « numerator » : formule =SUM(D2:D3) au lieu d&#x27;une valeur" in html
    _unchanged()


# ---- a binary file is « fichier illisible » ---------------------------------------------------------------------

BINARIES = {
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
    "no NUL": bytes(b for b in range(1, 256) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)) * 8,
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Filter /FlateDecode >>\nstream\n\x81\x9d\x8f\x90\nendstream",
}


@pytest.mark.parametrize("content", BINARIES.values(), ids=BINARIES.keys())
def test_a_binary_file_is_unreadable_not_a_question_of_year(existing, tmp_path, content):
    html = _page(existing, content, year="")
    assert UNREADABLE in html and "précisez" not in html
    assert _command(tmp_path, content).splitlines()[1:] == [UNREADABLE]
    _unchanged()


def test_a_text_in_neither_layout_says_which_layouts_are_expected(existing, tmp_path):
    letter = b"Bonjour,\nveuillez trouver nos chiffres du mois.\nCordialement\n"
    html = _page(existing, letter)
    assert "format non reconnu : ni ligne d&#x27;en-tête du format long" in html and "précisez" not in html
    assert "ligne des mois d'un tableau par mois" in _command(tmp_path, letter, "lettre.csv")
    _unchanged()


# ---- a header alone is an error --------------------------------------------------------------------------------

HEADERS_ALONE = {
    "long": (HEADER.encode(), "mesures.csv", []),
    "long, xlsx": (_xlsx([FORMULAS[0]]), "mesures.xlsx", []),
    "by month": ("TÉLÉPHONIE\nMOIS;JANVIER;FÉVRIER\n;;\n".encode(), "t.csv", ["--year", "2021"]),
}


@pytest.mark.parametrize(("content", "name", "args"), HEADERS_ALONE.values(), ids=HEADERS_ALONE.keys())
def test_a_file_with_only_a_header_is_refused(existing, tmp_path, content, name, args):
    html = _page(existing, content, name, year="2021")
    assert NO_DATA in html
    assert _command(tmp_path, content, name, *args).splitlines()[1:] == [NO_DATA]
    _unchanged()


def test_an_empty_list_sent_to_the_api_is_refused(existing):
    response = existing.client_for(existing.officer).post(
        "/api/v1/measurements?department=51", "[]", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "requête refusée : aucune mesure à enregistrer",
        "errors": [{"field": None, "line": None, "message": "aucune mesure à enregistrer"}],
        "error_count": 1,
    }
    _unchanged()

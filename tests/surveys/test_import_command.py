"""vigie import_survey_responses FILE --campaign ID: one row per respondent, all or nothing."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from vigie.surveys.models import Answer, Response

HEADER = "site;service;canal;date;courtoisie;Connaissez-vous nos comptes sur les réseaux sociaux ?;note-globale"
CSV = (
    HEADER + ";commentaire\n"
    "pref-51;accueil;paper;2024-04-29;satisfied;oui;4;\n"
    "sp-reims;;;30/04/2024;no_opinion;non;;Trop d'attente\n"
)


def _run(tmp_path, campaign, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    out = io.StringIO()
    call_command("import_survey_responses", str(path), campaign=str(campaign.public_id), stdout=out)
    return out.getvalue()


def test_a_csv_is_imported_with_columns_by_code_or_wording(tmp_path, campaign, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        out = _run(tmp_path, campaign, "reponses.csv", CSV.encode())
    assert "2 réponses importées" in out and "n° 1 à 2" in out
    first, second = Response.objects.order_by("number")
    assert (first.site.code, first.service.code, first.channel, str(first.submitted_on)) == (
        "pref-51",
        "accueil",
        "paper",
        "2024-04-29",
    )
    assert (second.channel, str(second.submitted_on)) == ("import", "2024-04-30")
    assert dict(Answer.objects.filter(response=second).values_list("question__code", "value")) == {
        "courtoisie": "no_opinion",
        "reseaux-sociaux": "no",
        "commentaire": "text",
    }
    assert Answer.objects.get(response=second, question__code="commentaire").text == "Trop d'attente"


def test_an_xlsx_is_imported(tmp_path, campaign):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["site", "courtoisie", "note-globale"])
    sheet.append(["pref-51", "very_satisfied", 5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert "1 réponses importées" in _run(tmp_path, campaign, "reponses.xlsx", buffer.getvalue())
    assert Answer.objects.get(question__code="note-globale").value == "5"


def test_one_bad_line_imports_nothing_and_each_error_names_line_and_column(tmp_path, campaign):
    bad = CSV + "pref-99;;;;ravi;peut-être;7;\n" + "pref-51;;;demain;satisfied;;;\n"
    with pytest.raises(CommandError) as error:
        _run(tmp_path, campaign, "reponses.csv", bad.encode())
    message = str(error.value)
    assert "Rien n'est importé" in message
    assert "ligne 4, colonne site : site « pref-99 » hors de la campagne" in message
    assert "ligne 4, colonne courtoisie : « ravi »" in message
    assert "ligne 4, colonne reseaux-sociaux" in message and "ligne 4, colonne note-globale" in message
    assert "ligne 5, colonne date" in message
    assert not Response.objects.exists()


def test_an_unknown_column_and_a_missing_site_column(tmp_path, campaign):
    with pytest.raises(CommandError, match="ligne 1, colonne age : colonne inconnue"):
        _run(tmp_path, campaign, "r.csv", b"site;age\npref-51;33\n")
    with pytest.raises(CommandError, match="colonne « site » absente"):
        _run(tmp_path, campaign, "r.csv", b"courtoisie\nsatisfied\n")


def test_an_unknown_campaign(tmp_path, db):
    path = tmp_path / "r.csv"
    path.write_bytes(b"site\n")
    with pytest.raises(CommandError, match="campagne « 42 » introuvable"):
        call_command("import_survey_responses", str(path), campaign="42")

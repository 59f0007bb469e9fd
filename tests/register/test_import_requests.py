"""A past register imported from a file (issue 15, item 4): 800 rows in one command, quickly, all or nothing,
idempotent by the external reference, without e-mail, deadlines from the calendar; its per-site analysis from the
API; the preview → confirm screen."""

import datetime as dt
import io
import time

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from vigie.core.spreadsheets import Sheet, write_workbook
from vigie.indicators.models import StaleCell
from vigie.mail.models import OutboxMessage
from vigie.register.models import RequestEvent, Theme, UserRequest
from vigie.register.requests.imports import REQUIRED, ImportRefused, import_requests
from vigie.register.requests.indicator_cells import recompute_all_marked

HEADER = ",".join(REQUIRED)


def _past_year(count: int = 800) -> str:
    """`count` requests of 2022 over the two sites of the Marne: complaints and information requests, one in ten
    unanswered, the others answered 2 to 12 days later; themes separated by |, some rows without."""
    lines = [HEADER]
    for i in range(count):
        day = dt.date(2022, 1, 3) + dt.timedelta(days=i % 360)
        site, service = ("pref-51", "etrangers") if i % 3 else ("sp-reims", "accueil")
        kind, channel = ("complaint", "email") if i % 2 else ("information", "letter")
        themes = "Accueil|Délais" if i % 5 == 0 else ("Accueil" if i % 5 == 1 else "")
        replied = "" if i % 10 == 0 else f"{day + dt.timedelta(days=2 + i % 11):%Y-%m-%d} 15:00"
        lines.append(f"ANC-{i:04d},{day:%Y-%m-%d} 09:30,{channel},{kind},{site},{service},{themes},{replied}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def themes(world):
    Theme.objects.create(department=world.dept_a, name="Accueil")
    Theme.objects.create(department=world.dept_a, name="Délais")


def test_a_past_year_of_800_rows_is_imported_by_one_command_and_analysed_per_site_in_the_api(
    world, themes, tmp_path, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    path = tmp_path / "registre-2022.csv"
    path.write_text(_past_year(), encoding="utf-8")
    started = time.monotonic()
    # batches, not 800 × the single-creation path (the marks of its indicator cells and their queued
    # recomputation, written in the import's transaction: two statements more)
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(62):
        call_command("import_requests", str(path), "--department", "51", stdout=io.StringIO())
    assert time.monotonic() - started < 5  # about 1 s here
    assert UserRequest.objects.filter(imported=True).count() == 800
    assert not OutboxMessage.objects.exists()  # no acknowledgement of a past request
    first = UserRequest.objects.get(external_ref="ANC-0001")
    assert (
        first.reference == "51-2022-000004"
    )  # after the three rows of 3 January and first.deadline_days == 5 and first.status == "answered"
    assert first.due_date == dt.date(2022, 1, 11) and first.delay_working_days == 3 and first.on_time
    assert RequestEvent.objects.filter(request=first).count() == 1
    reims = world.client_for(world.officer).get("/api/v1/requests/analysis?department=51&year=2022&site=sp-reims")
    body = reims.json()
    assert body["total"] == 267 and [r["count"] for r in body["by_site"]] == [267]
    prefecture = world.client_for(world.officer).get("/api/v1/requests/analysis?department=51&year=2022&site=pref-51")
    assert prefecture.json()["total"] == 533
    complaints = prefecture.json()["themes"][0]
    assert sum(r["count"] for r in complaints["rows"] if r["label"] != "Accueil") > 0  # « Sans thème » counted
    # published indicators of 2022: the import's cells, marked and recomputed by the worker (here, at once)
    assert StaleCell.objects.filter(year=2022).count() == 2 * 12  # two sites, twelve months
    recompute_all_marked()
    results = world.client_for(world.officer).get("/api/v1/indicators/RECLAM-DELAI-OK/results?department=51&year=2022")
    assert results.json()[0]["denominator"] > 0
    # a second import of the same file creates nothing
    out = io.StringIO()
    call_command("import_requests", str(path), "--department", "51", stdout=out)
    assert "0 demande(s) à créer, 800 déjà importée(s)" in out.getvalue()
    assert UserRequest.objects.count() == 800


def test_the_import_is_all_or_nothing_with_errors_by_line_and_column(world, themes, tmp_path):
    path = tmp_path / "registre.csv"
    path.write_text(
        HEADER + "\n"
        "A1,2022-03-14 10:00,email,complaint,pref-51,etrangers,Accueil,2022-03-15 10:00\n"
        "A2,14/03/2022,fax,complaint,pref-51,,,\n"
        "A3,2022-03-14,email,complaint,inconnu,,,2022-03-10\n"
        "A1,2022-03-14,email,complaint,pref-51,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as refused:
        call_command("import_requests", str(path), "--department", "51", stdout=io.StringIO())
    message = str(refused.value)
    assert "ligne 3, colonne « channel » : canal « fax » inconnu" in message
    assert "ligne 4, colonne « site » : site « inconnu » inconnu dans le département 51" in message
    assert "ligne 5, colonne « external_ref » : référence « A1 » déjà à la ligne 2" in message
    assert not UserRequest.objects.exists()


def test_unknown_themes_are_listed_once_and_created_only_when_asked(world, tmp_path):
    content = (
        HEADER + "\n"
        "B1,2022-03-14,email,complaint,pref-51,,Stationnement|Accueil,\n"
        "B2,2022-03-15,email,complaint,pref-51,,stationnement,\n"
    ).encode()
    with pytest.raises(ImportRefused) as refused:
        import_requests(actor=None, department=world.dept_a, content=content, filename="r.csv")
    assert [str(e) for e in refused.value.errors] == [
        "colonne « themes » : thèmes inconnus du département : Accueil, Stationnement (créez-les, ou cochez "
        "« Créer ces thèmes »)"
    ]
    import_requests(actor=None, department=world.dept_a, content=content, filename="r.csv", create_themes=True)
    assert sorted(Theme.objects.values_list("name", flat=True)) == ["Accueil", "Stationnement"]
    assert UserRequest.objects.get(external_ref="B2").themes.get().name == "Stationnement"


def test_an_xlsx_file_is_read_and_deadlines_follow_the_rule_in_force_at_reception(world, tmp_path):
    from vigie.register.config.services import save_deadline_rules

    save_deadline_rules(
        actor=world.officer,
        department=world.dept_a,
        overrides={("complaint", "email"): 10},
        effective_from=dt.date(2022, 6, 1),
    )
    buffer = io.BytesIO()
    write_workbook(
        buffer,
        [
            Sheet(
                title="Registre 2022",
                header=list(REQUIRED),
                rows=[
                    ["C1", dt.datetime(2022, 5, 2, 9, 0), "email", "complaint", "pref-51", "", "", None],
                    ["C2", dt.datetime(2022, 6, 2, 9, 0), "email", "complaint", "pref-51", "", "", None],
                ],
            )
        ],
    )
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue())).active
    sheet.delete_rows(1)  # no title line: the header first
    out = io.BytesIO()
    sheet.parent.save(out)
    import_requests(actor=None, department=world.dept_a, content=out.getvalue(), filename="registre.xlsx")
    assert dict(UserRequest.objects.values_list("external_ref", "deadline_days")) == {"C1": 5, "C2": 10}


def test_the_screen_previews_then_imports(world, themes):
    client = world.client_for(world.officer)
    url = "/departements/51/demandes/parametres/import/"
    page = client.get(url)
    assert page.status_code == 200
    csv = (HEADER + "\nD1,2022-03-14 10:00,email,complaint,pref-51,etrangers,Accueil|Parking,\n").encode()
    upload = io.BytesIO(csv)
    upload.name = "registre.csv"
    preview = client.post(url, {"file": upload})
    html = preview.content.decode()
    assert preview.status_code == 200 and "1 demande à créer" in html and "Parking" in html
    assert not UserRequest.objects.exists()
    done = client.post(url, {"confirm": "1", "create_themes": "on"})
    assert done.status_code == 302
    imported = UserRequest.objects.get()
    assert imported.imported and imported.themes.count() == 2
    page = client.get(f"/demandes/{imported.reference}/").content.decode()
    assert "Importée d'un registre antérieur (réf. D1)" in page
    assert world.client_for(world.agent).get(url).status_code in (403, 404)


def test_a_year_with_a_yearly_value_alone_of_a_register_indicator_is_refused_with_a_clear_error(world):
    from decimal import Decimal

    from vigie.indicators.imports import ParsedRow
    from vigie.indicators.services import save_measurements

    row = ParsedRow(1, "RECLAM-DELAI-OK", "pref-51", "2022", Decimal(90), Decimal(100))
    save_measurements(actor=None, department=world.dept_a, rows=[row], source="imported")
    content = (HEADER + "\nE1,2022-03-14,email,complaint,pref-51,,,\n").encode()
    with pytest.raises(ImportRefused) as refused:
        import_requests(actor=None, department=world.dept_a, content=content, filename="r.csv")
    assert "RECLAM-DELAI-OK a une valeur annuelle seule pour 2022" in str(refused.value)
    assert not UserRequest.objects.exists()

"""A publication freezes the figures: a later correction changes nothing until the next publication; the checksum
is the snapshot's; past publications stay listed; open data (CSV, JSON, Table Schema) and the public API read the
snapshot; the poster's QR code leads to the public page."""

import csv
import hashlib
import io
import json

from tests.documents.helpers import post_measurements, run, seed_charente
from vigie.documents.enums import DocumentKind
from vigie.documents.models import Publication
from vigie.documents.services import Subject, build_bytes, publish

CORRECTED_JANUARY = {"indicator": "TEL-DECROCHE", "site": "pref-16", "period": "2021-01", "numerator": 9000,
                     "denominator": 9910}  # fmt: skip


def _published_value(client) -> float:
    body = client.get("/api/v1/public/departments/16/publications/latest").json()
    return next(row["value"] for row in body["indicators"] if row["code"] == "TEL-DECROCHE")


def test_a_correction_changes_nothing_until_the_next_publication(world):
    seed_charente(world)
    first = publish(actor=world.officer_b, department=world.dept_b, year=2021)
    anonymous = world.client_for(None)
    before = _published_value(anonymous)
    assert round(before, 2) == round(93148 / 114310 * 100, 2)
    page = anonymous.get("/resultats/16/").content.decode()
    assert "81,5\u202f%" in page and "93\u202f148" in page and "114\u202f310" in page and "≥ 85,0\u202f%" in page

    post_measurements(world.client_for(world.officer_b), [CORRECTED_JANUARY])  # a correction of January
    assert _published_value(anonymous) == before
    assert "81,5\u202f%" in anonymous.get("/resultats/16/").content.decode()

    second = publish(actor=world.officer_b, department=world.dept_b, year=2021)
    assert _published_value(anonymous) != before
    page = anonymous.get("/resultats/16/").content.decode()
    assert f"/resultats/publications/{first.public_id}/" in page  # the earlier publication stays listed
    old = anonymous.get(f"/resultats/publications/{first.public_id}/").content.decode()
    assert "81,5\u202f%" in old
    for publication in (first, second):
        publication.refresh_from_db()
        canonical = json.dumps(publication.snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert hashlib.sha256(canonical.encode()).hexdigest() == publication.checksum


def test_open_data_follows_its_table_schema(world):
    seed_charente(world)
    publication = publish(actor=world.officer_b, department=world.dept_b, year=2021)
    client = world.client_for(None)
    schema = client.get("/resultats/schema.json").json()
    names = [field["name"] for field in schema["fields"]]
    assert schema["licenses"][0]["name"] == "etalab-2.0"
    rows = list(
        csv.reader(
            io.StringIO(client.get(f"/resultats/publications/{publication.public_id}/donnees.csv").content.decode())
        )
    )
    assert rows[0] == names
    record = dict(zip(names, rows[1], strict=True))
    assert (
        record["indicateur"] == "TEL-DECROCHE"
        and record["numerateur"] == "93148"
        and record["statut"] == "non atteinte"
    )
    assert record["somme_controle"] == publication.checksum
    body = client.get(f"/resultats/publications/{publication.public_id}/donnees.json").json()
    assert body["checksum"] == publication.checksum and body["data"][0]["denominateur"] == 114310
    listing = client.get("/api/v1/public/departments/16/publications").json()
    assert [line["id"] for line in listing] == [str(publication.public_id)]


def test_the_public_api_answers_404_in_the_error_shape_when_nothing_is_published(world):
    response = world.client_for(None).get("/api/v1/public/departments/16/publications/latest")
    assert response.status_code == 404 and set(response.json()) == {"detail", "errors"}
    assert world.client_for(None).get("/api/v1/public/departments/99/publications").status_code == 404


def test_the_poster_qr_code_leads_to_the_public_page(world, tmp_path, settings):
    settings.SITE_URL = "https://vigie.example.gouv.fr"
    seed_charente(world)
    publication = publish(actor=world.officer_b, department=world.dept_b, year=2021)
    for kind, size in ((DocumentKind.POSTER, "A4"), (DocumentKind.POSTER_A3, "A3")):
        pdf = tmp_path / f"affiche-{size}.pdf"
        pdf.write_bytes(build_bytes(kind, Subject(world.dept_b, 2021, publication=publication)))
        assert "Tagged:          yes" in run("pdfinfo", str(pdf)).stdout.decode()
        assert "81,5" in run("pdftotext", str(pdf), "-").stdout.decode()
        run("pdftoppm", "-r", "150", "-png", "-singlefile", str(pdf), str(tmp_path / size))
        decoded = run("zbarimg", "--quiet", "--raw", str(tmp_path / f"{size}.png")).stdout.decode().strip()
        assert decoded == "https://vigie.example.gouv.fr/resultats/16/"
    assert Publication.objects.count() == 1


TELEPHONY_2020 = [
    {"indicator": "TEL-DECROCHE", "site": "pref-16", "period": f"2020-{m:02d}", "numerator": 700, "denominator": 1000}
    for m in range(1, 13)
]


def test_you_said_we_did_shows_the_before_and_after_of_the_aimed_indicator(world):
    import datetime as dt
    import uuid

    from vigie.improvement import services as improvement
    from vigie.improvement.origins import Origin

    seed_charente(world)
    post_measurements(world.client_for(world.officer_b), TELEPHONY_2020)
    plan = improvement.get_or_create_plan(actor=None, department=world.dept_b, year=2021)
    theme = improvement.get_or_create_theme(axis=improvement.get_or_create_axis(plan=plan, title="Accueil"), title="T")

    def voice(title, **aimed):
        origin = Origin("register", "complaint_theme", str(uuid.uuid4()), f"Réclamations : {title}", year=2021)
        return improvement.create_action(
            actor=None, theme=theme, title=title, on=dt.date(2021, 3, 1), origin=origin, **aimed
        )

    voice("Renfort du standard", aimed_indicator="TEL-DECROCHE")
    voice("Affichage des horaires")
    publication = publish(actor=world.officer_b, department=world.dept_b, year=2021)
    rows = {row["title"]: row for row in publication.snapshot["voice"]}
    aimed = rows["Renfort du standard"]
    assert (aimed["aimed_code"], aimed["before_year"], aimed["after_year"]) == ("TEL-DECROCHE", 2020, 2021)
    assert (aimed["before_numerator"], aimed["before_denominator"], aimed["before_value"]) == (8400, 12000, 70.0)
    assert (aimed["after_numerator"], aimed["after_denominator"]) == (93148, 114310)
    assert rows["Affichage des horaires"]["aimed_code"] == ""

    anonymous = world.client_for(None)
    api = anonymous.get("/api/v1/public/departments/16/publications/latest").json()
    assert {row["title"]: row["before_denominator"] for row in api["voice"]}["Renfort du standard"] == 12000
    page = anonymous.get("/resultats/16/").content.decode()
    assert "2020 : 70,0\u202f%" in page and "8\u202f400" in page and "12\u202f000" in page
    assert "2021 : 81,5\u202f%" in page and "93\u202f148" in page
    horaires = page[page.index("Affichage des horaires") :].split("</tr>")[0]
    assert horaires.count("<td>—</td>") == 3

    # the deck (after the action plan) and the minutes' annex say the same
    from pptx import Presentation

    deck = Presentation(io.BytesIO(build_bytes(DocumentKind.DECK, Subject(world.dept_b, 2021))))
    slide = next(s for s in deck.slides if any(
        sh.has_text_frame and sh.text_frame.text == "Vous avez dit, nous avons fait" for sh in s.shapes))  # fmt: skip
    cells = [c.text for sh in slide.shapes if sh.has_table for row in sh.table.rows for c in row.cells]
    assert any(c.startswith("2020 : 70,0\u202f% (8\u202f400 ") for c in cells) and cells.count("—") == 2

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

"""Generation through the worker: the officer asks, a version is queued, the page says it waits for a worker, the
worker builds it (progress, checksum), the file downloads; each request is a new version."""

import hashlib

from django.core.files.storage import default_storage

from tests.documents.helpers import seed_charente
from vigie.core.models import WorkerHeartbeat
from vigie.documents.models import GeneratedDocument
from vigie.documents.services import generate_document_task


def test_the_officer_generates_versions_followed_until_downloaded(world, django_capture_on_commit_callbacks):
    seed_charente(world)
    client = world.client_for(world.officer_b)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/departements/16/documents/generer/", {"kind": "deck", "year": 2021, "site": ""})
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    assert (document.version, document.status) == (1, "queued")
    page = client.get(response["Location"]).content.decode()
    assert (
        "En attente d'un worker" in page and "aucun service de traitement" in page and 'hx-trigger="every 2s"' in page
    )

    WorkerHeartbeat.objects.create(worker_id="w1", started_at=document.created_at, seen_at=document.created_at)
    assert "aucun service de traitement" not in client.get(response["Location"]).content.decode()

    assert generate_document_task.call(document_id=document.pk) == "done"
    document.refresh_from_db()
    assert document.progress == 100 and document.size > 0
    with default_storage.open(document.file.name, "rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == document.checksum
    page = client.get(response["Location"]).content.decode()
    assert "Télécharger" in page and "hx-trigger" not in page
    download = client.get(f"/documents/{document.public_id}/fichier/")
    assert download.status_code == 200 and b"".join(download.streaming_content)[:2] == b"PK"

    with django_capture_on_commit_callbacks(execute=False):
        client.post("/departements/16/documents/generer/", {"kind": "deck", "year": 2021, "site": ""})
    assert list(GeneratedDocument.objects.order_by("version").values_list("version", flat=True)) == [1, 2]
    home = client.get("/departements/16/documents/").content.decode()
    assert "v1" in home and "v2" in home


def test_minutes_without_a_meeting_are_refused_with_the_reason(world):
    response = world.client_for(world.officer_b).post(
        "/departements/16/documents/generer/", {"kind": "minutes-docx", "year": 2021, "site": ""}
    )
    assert response.status_code == 400
    assert "porte sur une réunion" in response.content.decode()
    assert not GeneratedDocument.objects.exists()


def test_the_cli_writes_the_same_builders(world, tmp_path):
    from django.core.management import call_command

    seed_charente(world)
    out = tmp_path / "deck.pptx"
    call_command("generate_document", "deck", department="16", year=2021, out=str(out))
    assert out.read_bytes()[:2] == b"PK"
    out = tmp_path / "results.pdf"
    call_command("generate_document", "results-pdf", department="16", year=2021, out=str(out))
    assert out.read_bytes()[:5] == b"%PDF-"


def test_the_drafts_page_is_prefilled_and_each_save_is_a_version(world):
    from tests.committees.factories import make_charente_like_meeting
    from vigie.documents.models import MinutesDraft

    meeting = make_charente_like_meeting(world.dept_b)
    url = f"/departements/16/documents/reunions/{meeting.public_id}/compte-rendu/"
    client = world.client_for(world.officer_b)
    page = client.get(url).content.decode()
    assert "Veuillez trouver ci-joint le compte rendu" in page  # prefilled from the data
    fields = {"letter": "Lettre.", "introduction": "Ouverture.", "conclusion": "Fin."}
    fields |= {f"item-{n}": f"Point {n}." for n in range(1, 5)}
    assert client.post(url, fields).status_code == 302
    assert client.post(url, fields | {"introduction": "Ouverture revue."}).status_code == 302
    versions = list(MinutesDraft.objects.filter(section="introduction").values_list("version", "text"))
    assert versions == [(1, "Ouverture."), (2, "Ouverture revue.")]
    assert MinutesDraft.objects.filter(section="letter").count() == 1  # unchanged text: no new version
    assert "Ouverture revue." in client.get(url).content.decode()

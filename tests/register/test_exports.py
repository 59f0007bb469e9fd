"""Spreadsheet export of a list selection: at once when small, by the worker with progress when large; seen by
its requester only; purged after the retention period."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from tests.register.factories import make_request
from vigie.register.models import RequestExport
from vigie.register.requests.exports import purge_exports


def _rows(content: bytes) -> list[list]:
    return [list(r) for r in openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]


@pytest.fixture
def five(world):
    """Five complaints of pref-51 (two services) and one of Charente."""
    for n in range(3):
        make_request(world, received=dt.datetime(2024, 5, 6, 9, n), themes=["Accueil", "Délais"])
    for n in range(2):
        make_request(world, service=world.service_a1bis, received=dt.datetime(2024, 5, 7, 9, n))
    make_request(world, service=world.service_b1)


@pytest.mark.django_db(transaction=True)  # the worker closes its connection, as in test_outbox
@override_settings(VIGIE_EXPORT_SYNC_MAX_ROWS=3)
def test_a_large_selection_is_built_by_the_worker_with_progress_then_downloaded(world, five):
    client = world.client_for(world.officer)
    html = client.get("/demandes/?onglet=all&site=pref-51").content.decode()
    assert "Préparer le tableur de cette sélection (XLSX, 5 lignes" in html  # no direct link above the limit
    # a GET of the file never starts work: it offers to
    confirm = client.get("/demandes/export.xlsx?onglet=all&site=pref-51")
    assert confirm.status_code == 200 and "Préparer le tableur (5 demandes)" in confirm.content.decode()
    response = client.post("/demandes/exports/", {"selection": "onglet=all&site=pref-51"})
    export = RequestExport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/demandes/exports/{export.public_id}/"
    assert (export.status, export.total, export.label, export.requested_by) == ("pending", 5, "Toutes", world.officer)
    waiting = client.get(response["Location"]).content.decode()
    assert "En attente du service de traitement" in waiting and 'hx-trigger="every 2s"' in waiting

    call_command("worker", batch=True, no_schedule=True)

    export.refresh_from_db()
    assert (export.status, export.done, export.total) == ("done", 5, 5)
    page = client.get(response["Location"]).content.decode()
    assert "Le tableur est prêt&nbsp;: 5 demandes." in page and "every 2s" not in page  # polling stops
    download = client.get(f"/demandes/exports/{export.public_id}/fichier/")
    rows = _rows(b"".join(download.streaming_content))
    assert download["Content-Disposition"].startswith('attachment; filename="vigie-demandes-all-')
    assert rows[0] == ["Demandes — Toutes"] + [None] * 13
    assert [r[0] for r in rows[2:]] == [f"51-2024-00000{n}" for n in range(1, 6)]
    assert rows[2][6] == "Accueil, Délais" and rows[5][6] is None
    # someone else, even with the same department, gets nothing
    assert world.client_for(world.reader).get(response["Location"]).status_code == 404
    assert world.client_for(world.national).get(f"/demandes/exports/{export.public_id}/fichier/").status_code == 404


@pytest.mark.django_db(transaction=True)  # the worker closes its connection, as in test_outbox
@override_settings(VIGIE_EXPORT_SYNC_MAX_ROWS=3)
def test_a_background_export_keeps_to_the_scope_of_its_requester(world, five):
    client = world.client_for(world.agent)  # agent of « etrangers »: 3 requests
    client.post("/demandes/exports/", {"selection": "onglet=all"})
    call_command("worker", batch=True, no_schedule=True)
    export = RequestExport.objects.get()
    with export.file.open("rb") as file:
        rows = _rows(file.read())
    assert [r[0] for r in rows[2:]] == ["51-2024-000001", "51-2024-000002", "51-2024-000003"]


def test_a_small_selection_comes_at_once(world, five):
    response = world.client_for(world.officer).get("/demandes/export.xlsx?onglet=all&site=pref-51")
    assert response["Content-Disposition"].startswith('attachment; filename="vigie-demandes-all-')
    assert len(_rows(response.content)) == 2 + 5
    assert not RequestExport.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker closes its connection, as in test_outbox
def test_a_failed_export_says_so_instead_of_waiting_forever(world, five, monkeypatch):
    from vigie.register.requests import exports

    def broken(*args, **kwargs):
        raise OSError("disque plein")

    monkeypatch.setattr(exports, "write_xlsx", broken)
    client = world.client_for(world.officer)
    location = client.post("/demandes/exports/", {"selection": "onglet=all"})["Location"]
    call_command("worker", batch=True, no_schedule=True)
    assert RequestExport.objects.get().status == "failed"
    html = client.get(location).content.decode()
    assert "La préparation a échoué (OSError)" in html and "every 2s" not in html


def test_exports_are_purged_after_the_retention_period(world, five, settings):
    from django.core.files.base import ContentFile

    settings.VIGIE_EXPORT_RETENTION_DAYS = 7
    old, recent = (RequestExport.objects.create(requested_by=world.officer, label="Toutes") for _ in range(2))
    old.file.save("a.xlsx", ContentFile(b"PK"))
    recent.file.save("b.xlsx", ContentFile(b"PK"))
    RequestExport.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    path = old.file.path
    assert purge_exports() == 1
    assert list(RequestExport.objects.all()) == [recent]
    assert not __import__("os").path.exists(path) and __import__("os").path.exists(recent.file.path)


def test_an_export_that_waits_too_long_says_the_worker_may_be_stopped(world, five):
    export = RequestExport.objects.create(requested_by=world.officer, label="Toutes", total=5)
    client = world.client_for(world.officer)
    assert "est peut-être arrêté" not in client.get(f"/demandes/exports/{export.public_id}/").content.decode()
    RequestExport.objects.filter(pk=export.pk).update(created_at=timezone.now() - dt.timedelta(minutes=3))
    html = client.get(f"/demandes/exports/{export.public_id}/").content.decode()
    assert "le service de traitement (<code>vigie worker</code>) est peut-être arrêté" in html

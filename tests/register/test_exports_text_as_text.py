"""The request-list spreadsheet (at once and by the worker) writes names as text: a theme, a site or a service named
like a formula is shown as typed and never evaluated (formula injection)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import override_settings

from tests.core.spreadsheets import HOSTILE, assert_no_formula, workbook_cells
from tests.register.factories import make_request
from vigie.organisation.models import Service, Site
from vigie.register.models import RequestExport

SITE_NAME, SERVICE_NAME = "\t=1+1", "\r=cmd|' /C calc'!A0"  # the names a site or a service could be given
THEMES = [text for text in HOSTILE if text == text.strip()]  # theme names are stripped when typed


@pytest.fixture
def hostile(world):
    Site.objects.filter(pk=world.site_a1.pk).update(name=SITE_NAME)
    Service.objects.filter(pk=world.service_a1.pk).update(name=SERVICE_NAME)
    for n, theme in enumerate(THEMES):
        make_request(world, received=dt.datetime(2024, 5, 6, 9, n), themes=[theme])


def _check(content: bytes) -> None:
    assert_no_formula(content)
    rows = [[cell.value for cell in row] for row in workbook_cells(content)[2:]]
    assert [(row[4], row[5], row[6]) for row in rows] == [(SITE_NAME, SERVICE_NAME, theme) for theme in THEMES]
    received = workbook_cells(content)[2][3]
    assert (received.value, received.number_format) == (dt.datetime(2024, 5, 6, 9, 0), "DD/MM/YYYY HH:MM")
    due = workbook_cells(content)[2][8]
    assert (due.value, due.number_format) == (dt.datetime(2024, 5, 15), "DD/MM/YYYY")
    deadline = workbook_cells(content)[2][7]
    assert (deadline.value, deadline.data_type) == (5, "n")  # working days


def test_the_spreadsheet_at_once_writes_hostile_names_as_text(world, hostile):
    response = world.client_for(world.officer).get("/demandes/export.xlsx?onglet=all")
    assert response.status_code == 200
    _check(response.content)


@pytest.mark.django_db(transaction=True)  # the worker closes its connection, as in test_outbox
@override_settings(VIGIE_EXPORT_SYNC_MAX_ROWS=1)
def test_the_spreadsheet_built_by_the_worker_writes_hostile_names_as_text(world, hostile):
    world.client_for(world.officer).post("/demandes/exports/", {"selection": "onglet=all"})
    call_command("worker", batch=True, no_schedule=True)
    export = RequestExport.objects.get()
    assert export.status == "done"
    with export.file.open("rb") as file:
        _check(file.read())

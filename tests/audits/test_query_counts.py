"""The lists read the same number of queries whatever the number of audits and self-assessments (no N+1)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.audits.factories import commitment, make_assessment, make_audit
from vigie.audits import services
from vigie.audits.enums import FindingResult

PAGES = [
    "/departements/51/audits/",
    "/api/v1/audits?department=51",
    "/api/v1/self-assessments?department=51",
    "/departements/51/sites/pref-51/label/",
]


def _add(world, n):
    for i in range(n):
        audit = make_audit(world, starts_on=dt.date(2023, 1, 2) + dt.timedelta(days=30 * i))
        services.record_results(
            actor=None,
            audit=audit,
            results=[services.ResultInput(commitment("qual-e-pref-2019", "QEP-M1-E04"), FindingResult.MINOR, "x")],
        )
        services.raise_corrective_actions(actor=None, audit=audit, due_date=dt.date(2025, 1, 31))
        make_assessment(world, [(1, 2)] * 8, site=world.site_a1, on=dt.date(2023, 1, 2) + dt.timedelta(days=30 * i))


def _counts(client):
    counts = []
    for path in PAGES:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        counts.append(len(queries))
    return counts


def test_lists_do_not_grow_with_audits_and_assessments(world):
    client = world.client_for(world.officer)
    _add(world, 2)
    few = _counts(client)
    _add(world, 4)
    assert _counts(client) == few

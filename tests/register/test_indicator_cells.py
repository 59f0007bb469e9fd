"""A change of requests recomputes only its cell (site, month of receipt) of the computed indicators, after the
commit: the cost does not depend on the rest of the register; marks are taken once (requests/indicator_cells.py)."""

import datetime as dt
import os
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from vigie.indicators.models import Measurement, StaleCell
from vigie.register.analysis.indicators import publish_register_indicators
from vigie.register.requests.indicator_cells import recompute_cells, recompute_register_cells
from vigie.register.requests.services import create_request, reply_to_request

RECOMPUTE = "vigie.register.requests.indicator_cells.recompute_register_cells"


def _complaint(world, month, day=6, site=None):
    return create_request(
        actor=None,
        site=site or world.site_a1,
        service=None,
        kind="complaint",
        channel="email",
        received_at=dt.datetime(2024, month, day, 10, 0),
        subject="s",
        text="t",
    )


def test_a_creation_marks_its_cell_and_the_recomputation_touches_only_it(world, django_capture_on_commit_callbacks):
    _complaint(world, 3)  # its cell is marked, and the recomputation is queued with the write (same transaction)
    assert list(StaleCell.objects.values_list("site_id", "year", "month")) == [(world.site_a1.pk, 2024, 3)]
    assert DBTaskResult.objects.filter(task_path=RECOMPUTE).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        request = _complaint(world, 5)
    tasks = DBTaskResult.objects.filter(task_path=RECOMPUTE)  # given to the worker, not run in the request
    assert [(t.status, t.args_kwargs["kwargs"]) for t in tasks] == [("READY", {"department_id": world.dept_a.pk})] * 2
    assert not Measurement.objects.exists()
    assert recompute_register_cells.call(department_id=world.dept_a.pk) == 2  # what the worker runs
    assert not StaleCell.objects.exists()  # both marked cells taken by one recomputation
    published = {
        (m.indicator.code, m.period_index): (m.numerator, m.denominator)
        for m in Measurement.objects.filter(source="computed")
    }
    assert published == {("RECLAM-DELAI-OK", 3): (0, 1), ("RECLAM-DELAI-OK", 5): (0, 1)}
    with django_capture_on_commit_callbacks(execute=True):
        reply_to_request(actor=None, request=request, text="ok", replied_at=dt.datetime(2024, 5, 7, 9, 0))
    assert recompute_register_cells.call(department_id=world.dept_a.pk) == 1
    delay = Measurement.objects.get(source="computed", indicator__code="RECLAM-DELAI")
    assert (delay.period_index, delay.numerator, delay.denominator) == (5, Decimal(1), Decimal(1))
    # the same figures as the yearly publication
    before = set(
        Measurement.objects.values_list("indicator__code", "site_id", "period_index", "numerator", "denominator")
    )
    publish_register_indicators(department=world.dept_a, year=2024)
    after = set(
        Measurement.objects.values_list("indicator__code", "site_id", "period_index", "numerator", "denominator")
    )
    assert before == after


def test_the_recomputation_of_a_cell_does_not_read_the_rest_of_the_register(world):
    def queries_for_one_cell():
        StaleCell.objects.all().delete()
        _complaint(world, 5)
        with CaptureQueriesContext(connection) as captured:
            assert recompute_cells(department=world.dept_a) == 1
        return len(captured), captured

    queries_for_one_cell()  # the cell's measurement exists from now on: the next runs update it
    small, _ = queries_for_one_cell()
    for month in range(1, 13):
        for site in (world.site_a1, world.site_a2):
            _complaint(world, month, site=site)
    large, captured = queries_for_one_cell()
    assert large == small
    requests_read = [q["sql"] for q in captured if "register_userrequest" in q["sql"]]
    assert len(requests_read) == 1 and "received_date" in requests_read[0]


def test_writes_on_a_marked_cell_enqueue_no_further_recomputation(world, django_capture_on_commit_callbacks):
    """Debounced: a burst of writes on one cell gives the worker one task; a new cell after the recomputation, one
    more."""
    with django_capture_on_commit_callbacks(execute=True):
        request = _complaint(world, 5)
    for day in (7, 8):
        with django_capture_on_commit_callbacks(execute=True):
            _complaint(world, 5, day=day)
    with django_capture_on_commit_callbacks(execute=True):
        reply_to_request(actor=None, request=request, text="ok", replied_at=dt.datetime(2024, 5, 7, 9, 0))
    assert DBTaskResult.objects.filter(task_path=RECOMPUTE).count() == 1
    assert recompute_cells(department=world.dept_a) == 1
    with django_capture_on_commit_callbacks(execute=True):
        _complaint(world, 5, day=9)
    assert DBTaskResult.objects.filter(task_path=RECOMPUTE).count() == 2


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL moves an existing mark forward; SQLite has one writer at a time (indicator_cells._upsert_marks)",
)
def test_a_write_during_the_recomputation_keeps_its_mark_and_gets_a_follow_up(world, monkeypatch):
    """A write that finds its cell marked enqueues nothing: when it lands after the recomputation has read the
    requests, its mark (moved forward) is not deleted and a follow-up task recomputes it."""
    from vigie.register.requests import indicator_cells

    _complaint(world, 5)
    real = indicator_cells.cell_values
    written = []

    def with_a_write_meanwhile(**kwargs):
        values = real(**kwargs)  # the requests read; then another write on the same cell
        if not written:
            written.append(_complaint(world, 5, day=7))
        return values

    monkeypatch.setattr(indicator_cells, "cell_values", with_a_write_meanwhile)
    assert recompute_cells(department=world.dept_a) == 1
    assert StaleCell.objects.count() == 1  # the second request's mark stays: « en cours de recalcul »
    # the first write's task (queued with it, to run at once: no date) and the follow-up, a little later
    tasks = DBTaskResult.objects.filter(task_path=RECOMPUTE, status="READY")
    assert sorted(t.run_after.year < 9999 for t in tasks) == [False, True]
    monkeypatch.setattr(indicator_cells, "cell_values", real)
    assert recompute_register_cells.call(department_id=world.dept_a.pk) == 1
    assert not StaleCell.objects.exists()
    published = Measurement.objects.get(source="computed", indicator__code="RECLAM-DELAI-OK")
    assert (published.numerator, published.denominator) == (0, 2)  # both requests

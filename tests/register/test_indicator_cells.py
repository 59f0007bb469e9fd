"""A change of requests recomputes only its cell (site, month of receipt) of the computed indicators, after the
commit: the cost does not depend on the rest of the register; marks are taken once (requests/indicator_cells.py)."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from vigie.indicators.models import Measurement, StaleCell
from vigie.register.analysis.indicators import publish_register_indicators
from vigie.register.requests.indicator_cells import recompute_cells
from vigie.register.requests.services import create_request, reply_to_request


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
    _complaint(world, 3)  # no recomputation: its cell stays marked
    assert list(StaleCell.objects.values_list("site_id", "year", "month")) == [(world.site_a1.pk, 2024, 3)]
    with django_capture_on_commit_callbacks(execute=True):
        request = _complaint(world, 5)
    assert not StaleCell.objects.exists()  # both marked cells taken by one recomputation
    published = {
        (m.indicator.code, m.period_index): (m.numerator, m.denominator)
        for m in Measurement.objects.filter(source="computed")
    }
    assert published == {("RECLAM-DELAI-OK", 3): (0, 1), ("RECLAM-DELAI-OK", 5): (0, 1)}
    with django_capture_on_commit_callbacks(execute=True):
        reply_to_request(actor=None, request=request, text="ok", replied_at=dt.datetime(2024, 5, 7, 9, 0))
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

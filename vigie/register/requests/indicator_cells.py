"""The register's computed indicators after a change of requests: only the changed cells (a site and a month of
receipt) are recomputed, so a creation, a reply or a reassignment costs the same in a department of 1 000 or of
40 000 requests a year (bench/register_writes.py).

A write marks its cells (indicators.StaleCell) in its own transaction (one INSERT, conflicts ignored); right after
its commit, `recompute_register_cells` takes every marked cell of the department under the department's lock,
recomputes each from the requests of that site and month (the rule of analysis/indicators.tally, as the yearly
publication) and deletes the marks, all in one transaction. Concurrent writes of a department thus share one
recomputation (the second finds no mark left); a failure leaves the marks, the worker runs the task again, the
results pages say « en cours de recalcul », and the write's answer is never touched (core/tasks.run_after_commit).
The nightly publication of the whole year (register/tasks.py) stays the safety net."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from vigie.core.calendar import WorkingCalendar
from vigie.core.periods import Period
from vigie.core.tasks import run_after_commit, task
from vigie.indicators.models import StaleCell
from vigie.indicators.services import ComputedValue, record_computed
from vigie.organisation.models import Department, Site
from vigie.register.analysis.indicators import FIELDS, register_codes, tally
from vigie.register.models import UserRequest

SOURCE = "register"


def mark_cells(request: UserRequest, *others: tuple[int, dt.date]) -> None:
    """Mark the cell of `request` (and any (site id, received date) it had before) and recompute after the
    commit. Requests without a deadline feed no indicator: nothing to do."""
    cells = {(request.site_id, request.received_date.year, request.received_date.month)}
    cells |= {(site_id, received.year, received.month) for site_id, received in others}
    StaleCell.objects.bulk_create(
        [
            StaleCell(source=SOURCE, department_id=request.department_id, site_id=site_id, year=year, month=month)
            for site_id, year, month in cells
        ],
        ignore_conflicts=True,
    )
    run_after_commit(recompute_register_cells, department_id=request.department_id)


def cell_values(*, site: Site, year: int, month: int, today: dt.date) -> list[ComputedValue]:
    """The computed measurements of one site and month of receipt."""
    period = Period.of_month(year, month)
    rows = (
        UserRequest.objects.filter(site=site, received_date__gte=period.start, received_date__lte=period.end)
        .exclude(deadline_days=None)
        .values_list(*FIELDS)
    )
    values = []
    for (rate_code, delay_code, _site, _month), (on_time, due, delays, answered) in sorted(tally(rows, today).items()):
        if due:
            values.append(ComputedValue(rate_code, period, Decimal(on_time), Decimal(due), site=site))
        if answered:
            values.append(ComputedValue(delay_code, period, Decimal(delays), Decimal(answered), site=site))
    return values


@transaction.atomic
def recompute_cells(*, department: Department) -> int:
    """Recompute every marked cell of the department's register indicators; returns the cells recomputed."""
    Department.objects.select_for_update().filter(pk=department.pk).exists()  # one recomputation at a time
    cells = list(StaleCell.objects.filter(source=SOURCE, department=department).select_related("site"))
    if not cells:
        return 0
    StaleCell.objects.filter(pk__in=[c.pk for c in cells]).delete()
    today = WorkingCalendar.for_department(department.code).local_date(timezone.now())
    codes = register_codes()
    for cell in cells:
        values = cell_values(site=cell.site, year=cell.year, month=cell.month, today=today)
        record_computed(
            department=department,
            span=Period.of_month(cell.year, cell.month),
            codes=codes,
            values=values,
            site=cell.site,
        )
    return len(cells)


@task()
def recompute_register_cells(department_id: int) -> int:
    """`recompute_cells` as a task: run after the commit of each change of requests, and by the worker when that
    run failed."""
    department = Department.objects.filter(pk=department_id).first()
    return 0 if department is None else recompute_cells(department=department)

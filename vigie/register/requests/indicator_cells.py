"""The register's computed indicators after a change of requests: only the changed cells (a site and a month of
receipt) are recomputed, by the worker, so a creation, a reply or a reassignment costs the same in a department of
1 000 or of 40 000 requests a year (bench/issue17_writes.py), and its answer never waits for, nor depends on, the
recomputation (bench/issue17_http.py).

A write marks its cells (indicators.StaleCell) in its own transaction: one upsert that moves `marked_at` forward
when the mark exists. Only a write that created a new mark gives the recomputation to the worker after its commit
(debounced: a burst of writes on a cell enqueues one task). The task (`recompute_register_cells`) takes the
department's marks under the department's lock, recomputes each cell from the requests of that site and month (the
rule of analysis/indicators.tally, as the yearly publication) and deletes each mark only if no write moved it
since it was read; marks left (written meanwhile) get a follow-up task a second later. So a write that found its
mark already there is always seen: either its mark was read after its commit, or the deletion skips the moved mark
(waiting for that write's row lock on PostgreSQL) and the follow-up recomputes it.
While marks remain the results pages say « en cours de recalcul ». A failing recomputation keeps the marks and
runs again later (RETRY_AFTER); the nightly publication (register/tasks.py) takes what is left."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from vigie.core.calendar import WorkingCalendar
from vigie.core.periods import Period
from vigie.core.tasks import enqueue_with_write, run_again_if_worker_lost, task
from vigie.indicators.models import StaleCell
from vigie.indicators.services import ComputedValue, record_computed
from vigie.organisation.models import Department, Site
from vigie.register.analysis.indicators import FIELDS, register_codes, tally
from vigie.register.models import UserRequest

SOURCE = "register"
FOLLOW_UP_AFTER = dt.timedelta(seconds=1)  # marks written during a recomputation: the next one, a little later
RETRY_AFTER = dt.timedelta(minutes=5)  # a failed recomputation


def mark_cells(request: UserRequest, *others: tuple[int, dt.date]) -> None:
    """Mark the cell of `request` (and any (site id, received date) it had before) in the caller's transaction and,
    if a mark is new, queue the recomputation of the department's marks in the same transaction (the worker sees it at
    the commit)."""
    cells = {(request.site_id, request.received_date.year, request.received_date.month)}
    cells |= {(site_id, received.year, received.month) for site_id, received in others}
    mark_department_cells(request.department_id, cells)


def mark_department_cells(department_id: int, cells) -> bool:
    """Mark (site id, year, month) cells of a department; True when a mark is new (a recomputation is then
    queued with the write)."""
    if _upsert_marks(department_id, sorted(cells)):  # sorted: concurrent writes lock marks in one order
        enqueue_with_write(recompute_register_cells, department_id=department_id)
        return True
    return False


def _upsert_marks(department_id: int, cells: list[tuple[int, int, int]]) -> bool:
    """One statement. On PostgreSQL, an existing mark's `marked_at` moves strictly forward (the recomputation deletes
    only the marks it read unchanged) and `xmax = 0` tells a new row. On SQLite (one writer at a time: a recomputation
    whose reads are older than a write cannot delete after it) an existing mark is left as it is and RETURNING gives
    the new rows only."""
    if not cells:
        return False
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite") or (vendor == "sqlite" and sqlite3.sqlite_version_info < (3, 35)):
        StaleCell.objects.bulk_create(
            [
                StaleCell(source=SOURCE, department_id=department_id, site_id=site, year=year, month=month)
                for site, year, month in cells
            ],
            ignore_conflicts=True,
        )
        return True
    table = connection.ops.quote_name(StaleCell._meta.db_table)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    rows = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(cells))
    params = [value for site, year, month in cells for value in (SOURCE, department_id, site, year, month, now)]
    if vendor == "postgresql":
        on_conflict = (
            f'DO UPDATE SET "marked_at" = GREATEST(EXCLUDED."marked_at", {table}."marked_at" + '
            "interval '1 microsecond') RETURNING (xmax = 0)"
        )
    else:
        on_conflict = 'DO NOTHING RETURNING "id"'
    # the table's name comes from the model, the values are parameters
    sql = (
        f'INSERT INTO {table} ("source", "department_id", "site_id", "year", "month", "marked_at") '  # noqa: S608
        f'VALUES {rows} ON CONFLICT ("source", "department_id", "site_id", "year", "month") {on_conflict}'
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return any(new for (new,) in cursor.fetchall())


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


def recompute_cells(*, department: Department) -> int:
    """Recompute every marked cell of the department's register indicators (one transaction); returns the cells
    recomputed. Marks moved by a write meanwhile stay, and a follow-up task is enqueued for them."""
    with transaction.atomic():
        # one recomputation of a department at a time; NO KEY: writes (their foreign keys) never wait for it
        Department.objects.select_for_update(no_key=True).filter(pk=department.pk).exists()
        cells = list(StaleCell.objects.filter(source=SOURCE, department=department).select_related("site"))
        if not cells:
            return 0
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
        unchanged = Q()
        for cell in cells:
            unchanged |= Q(pk=cell.pk, marked_at=cell.marked_at)
        StaleCell.objects.filter(unchanged).delete()
    if StaleCell.objects.filter(source=SOURCE, department=department).exists():
        _enqueue(department.pk, FOLLOW_UP_AFTER)
    return len(cells)


def _enqueue(department_id: int, delay: dt.timedelta) -> None:
    recompute_register_cells.using(run_after=timezone.now() + delay).enqueue(department_id=department_id)


@run_again_if_worker_lost
@task()
def recompute_register_cells(department_id: int) -> int:
    """`recompute_cells` as a worker's task, enqueued after the commit of a write that marked a new cell. A failure
    keeps the marks (the results pages say « en cours de recalcul ») and runs again after RETRY_AFTER."""
    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        return 0
    try:
        return recompute_cells(department=department)
    except Exception:
        _enqueue(department_id, RETRY_AFTER)
        raise


def recompute_all_marked() -> int:
    """Recompute now the marked cells of every department (the demo, which publishes its figures at once; the
    nightly publication). Returns the cells recomputed."""
    departments = StaleCell.objects.filter(source=SOURCE).values_list("department_id", flat=True).distinct()
    return sum(recompute_cells(department=d) for d in Department.objects.filter(pk__in=list(departments)))

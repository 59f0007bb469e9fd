"""Writing a checked plan: the created and changed measurements and one history row each (services._apply).

Two paths, one result (tests/indicators/test_import_paths.py runs the same imports on either database):
- PostgreSQL: the rows to write are COPYed into a temporary table, then one INSERT … SELECT creates the new
  measurements and, in the same statement, their history rows; one UPDATE … FROM changes the others and writes
  their history rows, the old values read by that statement. A few statements whatever the size, and no model
  instance (bench/issue17_import.py: 200 000 rows);
- any other database (SQLite): bulk_create and bulk_update by batches of BATCH rows.
Both trust the plan for which measurement exists already: the department's row lock (services._lock), taken
before the plan read the stored measurements, keeps that true until the commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.db import connection

from vigie.organisation.models import Department

from .models import Measurement, MeasurementChange

if TYPE_CHECKING:
    from .services import PlannedChange, Stored

BATCH = 2_000  # rows per INSERT or UPDATE on the batched path (measurements, then their history)

UPDATED_FIELDS = [
    "numerator",
    "denominator",
    "published_value",
    "basis_unknown",
    "comment",
    "source",
    "updated_by",
    "updated_at",
]


def write_changes(
    changes: Sequence[PlannedChange], *, actor: User | None, department: Department, source: str, now: datetime
) -> None:
    """Create or update the measurements of `changes` (none « unchanged ») with their history rows, stamped `now`."""
    if not changes:
        return
    if connection.vendor == "postgresql":
        _copy_and_write(changes, actor=actor, department=department, source=source, now=now)
    else:
        _write_in_batches(changes, actor=actor, department=department, source=source, now=now)


# ---- PostgreSQL ----------------------------------------------------------------------------------------------------

STAGING = "vigie_measurement_rows"
COLUMNS = (
    "measurement_id, indicator_id, site_id, period_kind, year, period_index, numerator, denominator, "
    "published_value, basis_unknown, comment"
)
# numeric(18, 4) as the measurement's columns: a value they cannot hold fails at the COPY, before any write
CREATE_STAGING = f"""
CREATE TEMPORARY TABLE {STAGING} (
  measurement_id bigint, indicator_id bigint NOT NULL, site_id bigint, period_kind varchar(10) NOT NULL,
  year integer NOT NULL, period_index integer NOT NULL, numerator numeric(18, 4), denominator numeric(18, 4),
  published_value numeric(18, 4), basis_unknown boolean NOT NULL, comment varchar(500) NOT NULL
) ON COMMIT DROP"""


def _snapshot_sql(alias: str) -> str:
    """The history's snapshot of a row, as services._snapshot writes it (numbers as text with their 4 decimals)."""
    return (
        f"jsonb_build_object('numerator', {alias}.numerator::text, 'denominator', {alias}.denominator::text, "
        f"'published_value', {alias}.published_value::text, 'comment', {alias}.comment)"
    )


HISTORY = "INSERT INTO indicators_measurementchange (measurement_id, changed_by_id, changed_at, source, old, new)"
INSERT_CREATED = f"""
WITH created AS (
  INSERT INTO indicators_measurement (public_id, created_at, updated_at, indicator_id, department_id, site_id,
    period_kind, year, period_index, numerator, denominator, published_value, basis_unknown, source, comment,
    updated_by_id)
  SELECT gen_random_uuid(), %(now)s, %(now)s, r.indicator_id, %(department)s, r.site_id, r.period_kind, r.year,
    r.period_index, r.numerator, r.denominator, r.published_value, r.basis_unknown, %(source)s, r.comment, %(actor)s
  FROM {STAGING} r WHERE r.measurement_id IS NULL
  RETURNING id, numerator, denominator, published_value, comment
)
{HISTORY}
SELECT c.id, %(actor)s, %(now)s, %(source)s, NULL, {_snapshot_sql("c")} FROM created c"""  # noqa: S608 - constants
# Every part of one statement sees the rows as they were before it: `old` reads the values `changed` replaces.
UPDATE_CHANGED = f"""
WITH old AS (
  SELECT m.id, {_snapshot_sql("m")} AS snapshot
  FROM indicators_measurement m JOIN {STAGING} r ON r.measurement_id = m.id
), changed AS (
  UPDATE indicators_measurement m SET numerator = r.numerator, denominator = r.denominator,
    published_value = r.published_value, basis_unknown = r.basis_unknown, comment = r.comment, source = %(source)s,
    updated_by_id = %(actor)s, updated_at = %(now)s
  FROM {STAGING} r WHERE m.id = r.measurement_id AND m.department_id = %(department)s
  RETURNING m.id, m.numerator, m.denominator, m.published_value, m.comment
)
{HISTORY}
SELECT c.id, %(actor)s, %(now)s, %(source)s, old.snapshot, {_snapshot_sql("c")} FROM changed c JOIN old USING (id)"""  # noqa: S608 - constants


def _copy_and_write(
    changes: Sequence[PlannedChange], *, actor: User | None, department: Department, source: str, now: datetime
) -> None:
    params = {"now": now, "department": department.pk, "source": source, "actor": actor.pk if actor else None}
    updates = 0
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")  # a second import in the same transaction
        cursor.execute(CREATE_STAGING)
        with cursor.cursor.copy(f"COPY {STAGING} ({COLUMNS}) FROM STDIN") as copy:
            write = copy.write_row
            for change in changes:
                existing = change.existing
                updates += existing is not None
                indicator_pk, site_pk, kind, year, index = change.key
                write(
                    (
                        existing.pk if existing is not None else None,
                        indicator_pk,
                        site_pk,
                        kind,
                        year,
                        index,
                        change.numerator,
                        change.denominator,
                        change.published_value,
                        change.basis_unknown,
                        change.comment[:500],
                    )
                )
        if updates < len(changes):
            cursor.execute(INSERT_CREATED, params)
        if updates:
            cursor.execute(UPDATE_CHANGED, params)
        cursor.execute(f"DROP TABLE {STAGING}")


# ---- other databases -----------------------------------------------------------------------------------------------


def _decimal_text(x: Decimal | None) -> str | None:
    return None if x is None else str(Decimal(x).quantize(Decimal("0.0001")))  # as stored (4 decimals)


def _snapshot(values: Stored | PlannedChange) -> dict:
    return {
        "numerator": _decimal_text(values.numerator),
        "denominator": _decimal_text(values.denominator),
        "published_value": _decimal_text(values.published_value),
        "comment": values.comment[:500],
    }


def _write_in_batches(
    changes: Sequence[PlannedChange], *, actor: User | None, department: Department, source: str, now: datetime
) -> None:
    created, updated, history = [], [], []
    for change in changes:
        indicator_pk, site_pk, kind, year, index = change.key
        measurement = Measurement(
            pk=change.existing.pk if change.existing is not None else None,
            indicator_id=indicator_pk,
            department_id=department.pk,
            site_id=site_pk,
            period_kind=kind,
            year=year,
            period_index=index,
            numerator=change.numerator,
            denominator=change.denominator,
            published_value=change.published_value,
            basis_unknown=change.basis_unknown,
            comment=change.comment[:500],
            source=source,
            updated_by=actor,
            updated_at=now,
        )
        (created if change.existing is None else updated).append(measurement)
        old = _snapshot(change.existing) if change.existing is not None else None
        history.append((measurement, old, _snapshot(change)))
    if created and not connection.features.can_return_rows_from_bulk_insert:
        for measurement in created:  # a database that cannot give the new ids back: one by one
            measurement.save()
    elif created:
        Measurement.objects.bulk_create(created, batch_size=BATCH)
    if updated:
        Measurement.objects.bulk_update(updated, UPDATED_FIELDS, batch_size=BATCH)
    MeasurementChange.objects.bulk_create(
        [
            MeasurementChange(measurement=m, changed_by=actor, changed_at=now, source=source, old=old, new=new)
            for m, old, new in history
        ],
        batch_size=BATCH,
    )

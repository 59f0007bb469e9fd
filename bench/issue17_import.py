"""Issue 17: the measurement import against COPY into staging + one INSERT … SELECT (see issue17.py)."""

from __future__ import annotations

from common import setup
from issue17 import ab, line


def imports(args) -> None:
    setup("vigie_bench_issue17", postgres=True, reuse=True)
    from django.db import connection

    from vigie.frameworks.models import Indicator
    from vigie.indicators.models import Measurement
    from vigie.organisation.models import Department

    national = [i for i in Indicator.objects.all() if i.department_id is None]
    # measurement import: 12 600 rows (35 monthly indicators × 10 sites × 36 months) in a department of its own
    from decimal import Decimal

    from vigie.indicators.imports import ParsedRow
    from vigie.indicators.models import MeasurementChange
    from vigie.indicators.services import save_measurements
    from vigie.organisation.models import Site

    target, _ = Department.objects.get_or_create(code="IMP", defaults={"name": "Import", "population": 1})
    sites = Site.objects.filter(department=target)
    if not sites.exists():
        Site.objects.bulk_create(
            Site(department=target, code=f"imp-{s}", name=f"Site {s}", kind="prefecture") for s in range(10)
        )
    monthly = [i for i in national if i.code.startswith("BENCH-")]
    parsed = [
        ParsedRow(n, i.code, f"imp-{s}", f"{y}-{m:02d}", Decimal(40 + m), Decimal(100 + s))
        for n, (i, s, y, m) in enumerate(
            ((i, s, y, m) for i in monthly for s in range(10) for y in (2015, 2016, 2017) for m in range(1, 13)),
            start=1,
        )
    ]

    def reset():
        Measurement.objects.filter(department=target).delete()

    def vigie_import():
        save_measurements(actor=None, department=target, rows=parsed, source="imported")

    site_ids = {s.code: s.pk for s in Site.objects.filter(department=target)}
    ids = {i.code: i.pk for i in monthly}

    def anchor_import():
        from django.db import transaction

        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE staging (indicator_id bigint, site_id bigint, year int, idx int, "
                "n numeric, d numeric) ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY staging FROM STDIN") as copy:
                for r in parsed:
                    y, m = r.period.split("-")
                    copy.write_row((ids[r.indicator], site_ids[r.site], int(y), int(m), r.numerator, r.denominator))
            cursor.execute(
                "WITH new AS (INSERT INTO indicators_measurement (public_id, created_at, updated_at, indicator_id, "
                "department_id, site_id, period_kind, year, period_index, numerator, denominator, basis_unknown, "
                "source, comment) SELECT gen_random_uuid(), now(), now(), indicator_id, %s, site_id, 'month', year, "
                "idx, n, d, false, 'imported', '' FROM staging RETURNING id, numerator, denominator) "
                "INSERT INTO indicators_measurementchange (measurement_id, changed_at, source, old, new) "
                "SELECT id, now(), 'imported', NULL, jsonb_build_object('numerator', numerator::text, "
                "'denominator', denominator::text, 'published_value', NULL, 'comment', '') FROM new",
                [target.pk],
            )

    reset()
    anchor_import()
    anchored = Measurement.objects.filter(department=target).count()
    reset()
    vigie_import()
    assert Measurement.objects.filter(department=target).count() == anchored == len(parsed)
    assert MeasurementChange.objects.filter(measurement__department=target).count() == len(parsed)
    v, a = ab(vigie_import, anchor_import, reset=reset)
    line(
        f"import de {len(parsed):,} mesures (et leur historique)".replace(",", " "),
        v,
        a,
        f"{len(parsed) / v:,.0f} lignes/s".replace(",", " "),
    )

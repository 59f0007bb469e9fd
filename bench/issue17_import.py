"""Issue 17: the measurement import against COPY into staging + one INSERT … SELECT (the A/B timer: issue17.py).

    .venv/bin/python bench/issue17.py import                      # or: .venv/bin/python bench/issue17_import.py
    .venv/bin/python bench/issue17_import.py [--reuse] [--indicators 40] [--sites 50] [--months 100] [--runs 5]
                                             [--only rows|csv]

Its own PostgreSQL database `vigie_bench_import`: one department with `--sites` sites, `--indicators` monthly rate
indicators (BENCH-nn, as bench/national_results.generate makes them) and nothing else; 40 × 50 × 100 = 200 000
rows. Each run starts from empty measurement tables (TRUNCATE, untimed).

Two lines, each checked first (the anchor's measurements and history rows equal Vigie's, value for value):
1. the rows already read (`ParsedRow`s) → `save_measurements` (checks, measurements, history), against COPY of the
   same rows into a staging table and one INSERT … SELECT writing the measurements and their history rows;
2. the whole user path from the CSV file (`parse_measurement_file` then `save_measurements`, what the import page
   and `vigie import_measurements` call), against COPY of the same CSV text into a staging table and one
   INSERT … SELECT that looks the indicator and site codes up and cuts the period in SQL.
"""

from __future__ import annotations

import argparse
import sys

from common import setup
from issue17 import RUNS, ab, line

DATABASE = "vigie_bench_import"
DEPARTMENT = "IMP"

MEASUREMENT = """indicators_measurement (public_id, created_at, updated_at, indicator_id, department_id, site_id,
  period_kind, year, period_index, numerator, denominator, published_value, basis_unknown, source, comment)"""
HISTORY = """INSERT INTO indicators_measurementchange (measurement_id, changed_at, source, old, new)
SELECT id, now(), 'imported', NULL, jsonb_build_object('numerator', numerator::text, 'denominator',
  denominator::text, 'published_value', NULL, 'comment', '') FROM new"""

# both built from the constants above only
ANCHOR_ROWS_SQL = f"""WITH new AS (INSERT INTO {MEASUREMENT}
  SELECT gen_random_uuid(), now(), now(), indicator_id, %s, site_id, 'month', year, idx, n, d, NULL, false,
         'imported', '' FROM staging RETURNING id, numerator, denominator)
{HISTORY}"""  # noqa: S608

ANCHOR_CSV_SQL = f"""WITH new AS (INSERT INTO {MEASUREMENT}
  SELECT gen_random_uuid(), now(), now(), i.id, %(department)s, s.id, 'month', split_part(r.period, '-', 1)::int,
         split_part(r.period, '-', 2)::int, r.numerator::numeric, r.denominator::numeric, NULL, false, 'imported', ''
  FROM staging r JOIN frameworks_indicator i ON i.code = r.indicator AND i.department_id IS NULL
  JOIN organisation_site s ON s.code = r.site AND s.department_id = %(department)s
  RETURNING id, numerator, denominator)
{HISTORY}"""  # noqa: S608


def build(indicators: int, sites: int) -> None:
    """The department, its sites and the monthly indicators (once; kept with --reuse)."""
    from vigie.frameworks.models import Indicator
    from vigie.organisation.models import Department, Site

    department, _ = Department.objects.get_or_create(code=DEPARTMENT, defaults={"name": "Import", "population": 1})
    have = set(Site.objects.filter(department=department).values_list("code", flat=True))
    Site.objects.bulk_create(
        Site(department=department, code=f"imp-{s}", name=f"Site {s}", kind="prefecture")
        for s in range(sites)
        if f"imp-{s}" not in have
    )
    have = set(Indicator.objects.filter(department=None).values_list("code", flat=True))
    Indicator.objects.bulk_create(
        Indicator(
            code=f"BENCH-{n:02d}",
            name=f"Indicateur de charge {n}",
            kind="rate",
            unit="percent",
            periodicity="month",
            aggregation="ratio_of_sums",
            numerator="n",
            denominator="d",
            numerator_le_denominator=True,
        )
        for n in range(1, indicators + 1)
        if f"BENCH-{n:02d}" not in have
    )


def imports(args) -> None:
    setup(DATABASE, postgres=True, reuse=args.reuse)
    from decimal import Decimal

    from django.db import connection, transaction

    from vigie.frameworks.models import Indicator
    from vigie.indicators.imports import ParsedRow
    from vigie.indicators.imports.detect import parse_measurement_file
    from vigie.indicators.models import Measurement, MeasurementChange
    from vigie.indicators.services import save_measurements
    from vigie.organisation.models import Department, Site

    # from issue17.py (whose --sites is the results' one): the default size
    own = hasattr(args, "months")
    indicators, sites, months, runs = (
        (args.indicators, args.sites, args.months, args.runs) if own else (40, 50, 100, RUNS)
    )
    build(indicators, sites)
    department = Department.objects.get(code=DEPARTMENT)
    codes = [f"BENCH-{n:02d}" for n in range(1, indicators + 1)]
    periods = [(2016 + m // 12, m % 12 + 1) for m in range(months)]
    cells = [(code, f"imp-{s}", y, m) for code in codes for s in range(sites) for y, m in periods]
    parsed = [
        ParsedRow(n, code, site, f"{y}-{m:02d}", Decimal(40 + m + n % 7), Decimal(100 + n % 13))
        for n, (code, site, y, m) in enumerate(cells, start=2)
    ]
    csv = "indicator;site;period;numerator;denominator;value;comment\n" + "".join(
        f"{r.indicator};{r.site};{r.period};{r.numerator};{r.denominator};;\n" for r in parsed
    )
    content = csv.encode()
    ids = dict(Indicator.objects.filter(department=None).values_list("code", "pk"))
    site_ids = dict(Site.objects.filter(department=department).values_list("code", "pk"))

    def reset():
        with connection.cursor() as cursor:
            cursor.execute("TRUNCATE indicators_measurementchange, indicators_measurement")

    def vigie_rows():
        save_measurements(actor=None, department=department, rows=parsed, source="imported")

    def anchor_rows():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE staging (indicator_id bigint, site_id bigint, year int, idx int, "
                "n numeric, d numeric) ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY staging FROM STDIN") as copy:
                for r in parsed:
                    y, m = r.period.split("-")
                    copy.write_row((ids[r.indicator], site_ids[r.site], int(y), int(m), r.numerator, r.denominator))
            cursor.execute(ANCHOR_ROWS_SQL, [department.pk])

    def vigie_csv():
        result = parse_measurement_file(content, "mesures.csv", year=None, site=None)
        assert not result.errors, result.errors[:3]
        save_measurements(actor=None, department=department, rows=result.rows, source="imported")

    def anchor_csv():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMP TABLE staging (indicator text, site text, period text, numerator text, "
                "denominator text, value text, comment text) ON COMMIT DROP"
            )
            with cursor.cursor.copy("COPY staging FROM STDIN (FORMAT csv, HEADER true, DELIMITER ';')") as copy:
                copy.write(content)
            cursor.execute(ANCHOR_CSV_SQL, {"department": department.pk})

    def written():
        measurements = sorted(
            Measurement.objects.values_list(
                "indicator__code",
                "site__code",
                "period_kind",
                "year",
                "period_index",
                "numerator",
                "denominator",
                "published_value",
                "basis_unknown",
                "source",
                "comment",
                "updated_by",
            )
        )
        history = sorted(
            (c.measurement.indicator.code, c.measurement.site.code, c.measurement.year, c.measurement.period_index)
            + (c.source, c.changed_by_id, repr(c.old), repr(sorted(c.new.items())))
            for c in MeasurementChange.objects.select_related("measurement__indicator", "measurement__site")
        )
        assert len(measurements) == len(history) == len(parsed), (len(measurements), len(history), len(parsed))
        return measurements, history

    def number(n: float) -> str:
        return f"{n:,.0f}".replace(",", "\u202f")

    print(
        f"PostgreSQL, base {DATABASE} : {number(len(parsed))} lignes ({indicators} indicateurs mensuels × {sites} "
        f"sites × {months} mois), CSV de {len(content) / 1e6:.1f} Mo"
    )
    only = args.only if own else None
    for name, label, vigie, anchor in (
        ("rows", "import de {n} mesures (et leur historique)", vigie_rows, anchor_rows),
        ("csv", "import d'un CSV de {n} lignes (lecture, contrôles, écriture)", vigie_csv, anchor_csv),
    ):
        if only and name != only:
            continue
        reset()
        anchor()
        expected = written()
        reset()
        vigie()
        assert written() == expected, "Vigie and the anchor do not write the same rows"
        v, a = ab(vigie, anchor, runs=runs, reset=reset)
        line(label.format(n=number(len(parsed))), v, a, f"{number(len(parsed) / v)} lignes/s")
    reset()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", action="store_true", help="keep the database (department, sites, indicators)")
    parser.add_argument("--indicators", type=int, default=40)
    parser.add_argument("--sites", type=int, default=50)
    parser.add_argument("--months", type=int, default=100)
    parser.add_argument("--runs", type=int, default=RUNS)
    parser.add_argument("--only", choices=["rows", "csv"], help="one line only")
    sys.setrecursionlimit(10_000)
    imports(parser.parse_args())


if __name__ == "__main__":
    main()

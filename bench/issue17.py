"""Issue 17: Vigie against bare anchors (hand-written SQL doing the same work), A/B interleaved, medians.
Prints figures; never run by the test suite. PostgreSQL only (the anchors use COPY, DISTINCT ON, GROUPING SETS).

    .venv/bin/python bench/issue17.py results [--departments 20] [--reuse]   # base vigie_bench_issue17
    .venv/bin/python bench/issue17.py register [--reuse]                   # base vigie_bench_issue17_register

Each line: Vigie's median, the anchor's median, the ratio. Before timing, each anchor's result is checked equal to
Vigie's (values to 1e-9, counts exactly). The anchors are written here, next to Vigie's call.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from common import setup

RUNS = 5


def ab(vigie, anchor, runs: int = RUNS, reset=None) -> tuple[float, float]:
    """Medians (s) of `runs` interleaved calls of each, after one warm-up each; `reset` untimed before each call."""
    times: dict[str, list[float]] = {"v": [], "a": []}
    for _ in range(runs + 1):
        for key, fn in (("v", vigie), ("a", anchor)):
            if reset:
                reset()
            started = time.perf_counter()
            fn()
            times[key].append(time.perf_counter() - started)
    return statistics.median(times["v"][1:]), statistics.median(times["a"][1:])


def line(label: str, vigie: float, anchor: float | None, extra: str = "") -> None:
    if anchor is None:
        print(f"  {label:<64} {vigie * 1000:9.1f} ms {'':>22} {extra}")
        return
    print(f"  {label:<64} {vigie * 1000:9.1f} ms  {anchor * 1000:9.1f} ms  ×{vigie / anchor:5.2f} {extra}")


# --- results ----------------------------------------------------------------------------------------------------------

# One department, both years: per indicator, year, level and finest period, the sums; the department-wide level when a
# period has one; then per indicator and year Σ n, Σ d (of counted rows), and the mean of period values.
DEPARTMENT_SQL = """
WITH per_period AS (
  SELECT indicator_id, year, period_kind, period_index, (site_id IS NULL) AS dep,
         SUM(numerator) AS n, SUM(denominator) FILTER (WHERE numerator IS NOT NULL) AS dc, SUM(denominator) AS da
  FROM indicators_measurement WHERE department_id = %s AND year IN (%s, %s)
  GROUP BY 1, 2, 3, 4, 5
), chosen AS (
  SELECT DISTINCT ON (indicator_id, year, period_kind, period_index) * FROM per_period
  ORDER BY indicator_id, year, period_kind, period_index, dep DESC
)
SELECT c.indicator_id, c.year, SUM(c.n), SUM(c.dc),
       AVG(c.n / NULLIF(c.da, 0)) FILTER (WHERE c.n IS NOT NULL)
FROM chosen c GROUP BY 1, 2
"""

# The country: the same chosen periods per department, summed per (indicator, department, period) and per (indicator,
# period) by GROUPING SETS (department NULL = France), then per indicator and department.
COUNTRY_SQL = """
WITH per_period AS (
  SELECT indicator_id, department_id, period_kind, period_index, (site_id IS NULL) AS dep,
         SUM(numerator) AS n, SUM(denominator) FILTER (WHERE numerator IS NOT NULL) AS dc, SUM(denominator) AS da
  FROM indicators_measurement WHERE year = %s AND indicator_id = ANY(%s)
  GROUP BY 1, 2, 3, 4, 5
), chosen AS (
  SELECT DISTINCT ON (indicator_id, department_id, period_kind, period_index) * FROM per_period
  ORDER BY indicator_id, department_id, period_kind, period_index, dep DESC
), sets AS (
  SELECT indicator_id, department_id, period_kind, period_index, SUM(n) AS n, SUM(dc) AS dc, SUM(da) AS da
  FROM chosen GROUP BY GROUPING SETS ((indicator_id, department_id, period_kind, period_index),
                                      (indicator_id, period_kind, period_index))
)
SELECT indicator_id, department_id, SUM(n), SUM(dc), AVG(n / NULLIF(da, 0)) FILTER (WHERE n IS NOT NULL)
FROM sets GROUP BY 1, 2
"""


def _value(indicator, n, dc, mean) -> float | None:
    scale = 100 if indicator.kind == "rate" else 1
    if indicator.aggregation == "mean_of_period_values":
        return None if mean is None else float(mean) * scale
    if indicator.kind == "count" or indicator.aggregation == "sum":
        return None if n is None else float(n)
    return None if n is None or not dc else float(n) / float(dc) * scale


def _close(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= 1e-9 * max(1, abs(a)))


def results(args) -> None:
    setup("vigie_bench_issue17", postgres=True, reuse=args.reuse)
    from django.db import connection
    from national_results import generate

    from vigie.frameworks.models import Indicator
    from vigie.indicators.models import Measurement
    from vigie.indicators.queries import national_years, yearly_summary
    from vigie.organisation.models import Department

    if not args.reuse:
        rows, seconds = generate(args.departments, args.sites, 60, 2)
        print(f"génération : {rows:,} mesures en {seconds:.0f} s".replace(",", " "))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    department = Department.objects.order_by("code").first()
    year = 2025
    indicators = {i.pk: i for i in Indicator.objects.all()}
    national = [i for i in indicators.values() if i.department_id is None]
    print(
        f"PostgreSQL, {Measurement.objects.count():,} mesures, {Department.objects.count()} départements ; "
        f"un département : {Measurement.objects.filter(department=department).count():,}".replace(",", " ")
    )

    def vigie_department():
        return yearly_summary(department=department, year=year)

    def anchor_department():
        with connection.cursor() as cursor:
            cursor.execute(DEPARTMENT_SQL, [department.pk, year - 1, year])
            return cursor.fetchall()

    expected = {(i, y): (n, dc, m) for i, y, n, dc, m in anchor_department()}
    for result in vigie_department():
        for y, r in ((year, result.current), (year - 1, result.previous)):
            if r is None:
                continue
            n, dc, mean = expected[(result.indicator.pk, y)]
            assert r.numerator == n, (result.indicator.code, r.numerator, n)
            assert _close(None if r.value is None else float(r.value), _value(result.indicator, n, dc, mean))
    v, a = ab(vigie_department, anchor_department)
    line("résultats annuels d'un département (60 indicateurs, N et N-1)", v, a)

    def vigie_country():
        return national_years(year=year, indicators=national)

    def anchor_country():
        with connection.cursor() as cursor:
            cursor.execute(COUNTRY_SQL, [year, [i.pk for i in national]])
            return cursor.fetchall()

    expected = {(i, d): (n, dc, m) for i, d, n, dc, m in anchor_country()}
    for pk, item in vigie_country().items():
        indicator = indicators[pk]
        for department_id, r in [*item.departments.items(), (None, item.national)]:
            n, dc, mean = expected[(pk, department_id)]
            assert r.numerator == n and _close(float(r.value), _value(indicator, n, dc, mean)), (indicator.code, r, n)
    v, a = ab(vigie_country, anchor_country)
    line(f"résultats annuels du pays ({Department.objects.count()} départements et France)", v, a)

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


# --- register ---------------------------------------------------------------------------------------------------------


def register(args) -> None:
    setup("vigie_bench_issue17_register", postgres=True, reuse=args.reuse)
    import datetime as dt

    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from register import generate

    from vigie.organisation.enums import Role
    from vigie.organisation.models import Department, Service
    from vigie.organisation.services import assign_role
    from vigie.register.analysis.indicators import publish_register_indicators
    from vigie.register.models import RequestEvent, UserRequest
    from vigie.register.requests.services import create_request

    if not args.reuse:
        _, _, seconds = generate(1, 8, 4, 5, 1000)
        print(f"génération : 1 département, 1 000 demandes par an (2025, 2026) en {seconds:.0f} s")
    department = Department.objects.get(code="01")
    site = department.sites.order_by("code").first()
    service = Service.objects.filter(site=site).order_by("code").first()
    year = 2026

    def vigie_create():
        return create_request(
            actor=None,
            site=site,
            service=service,
            kind="complaint",
            channel="email",
            received_at=dt.datetime(year, 6, 3, 8, 0, tzinfo=dt.UTC),
            subject="Objet",
            text="Texte",
            requester={"name": "Camille Martin", "email": "camille.martin@example.org"},
        )

    def anchor_create():
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO register_referencecounter (department_id, year, last) VALUES (%s, %s, 1) "
                    "ON CONFLICT (department_id, year) DO UPDATE SET last = register_referencecounter.last + 1 "
                    "RETURNING last",
                    [department.pk, year],
                )
                (last,) = cursor.fetchone()
            # the bare Django insert of the same row and its history line (what a plain view would do)
            request = UserRequest.objects.create(
                department=department,
                reference=f"A-{last}",
                kind="complaint",
                channel="email",
                received_at=dt.datetime(year, 6, 3, 8, 0, tzinfo=dt.UTC),
                received_date=dt.date(year, 6, 3),
                site=site,
                service=service,
                subject="Objet",
                text="Texte",
                requester_name="Camille Martin",
                requester_email="camille.martin@example.org",
                status="assigned",
                deadline_days=15,
                due_date=dt.date(year, 6, 24),
            )
            RequestEvent.objects.create(request=request, action="created", detail="Canal : Courriel")

    def count_year():
        return UserRequest.objects.filter(department=department, received_date__year=year).count()

    with CaptureQueriesContext(connection) as captured:
        vigie_create()
    print(f"  création : {len(captured)} requêtes SQL, dont la transaction de création et le recalcul de sa cellule")
    for target in (1_000, 10_000, 40_000):
        missing = target - count_year()
        if missing > 0:  # copies of the year's requests (other references) until the year holds `target`
            columns = [f.column for f in UserRequest._meta.concrete_fields if f.column != "id"]
            fresh = {
                "public_id": "gen_random_uuid()",
                "reference": f"'C{target // 1000}-' || g || '-' || id",
                "tracking_token": "md5(random()::text || id || g)",
                "source_message_id": "''",
            }
            chosen = ", ".join(fresh.get(c, c) for c in columns)
            with connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO register_userrequest ({', '.join(columns)}) SELECT {chosen} "  # noqa: S608
                    "FROM register_userrequest, generate_series(1, %s) g "
                    "WHERE department_id = %s AND received_date >= %s AND reference NOT LIKE 'A-%%' "
                    "AND reference NOT LIKE 'C%%' ORDER BY id, g LIMIT %s",
                    [target // 900 + 1, department.pk, dt.date(year, 1, 1), missing],
                )
                cursor.execute("ANALYZE")
        v, a = ab(vigie_create, anchor_create, runs=7)
        line(f"création d'une demande, {count_year():,} demandes dans l'année".replace(",", " "), v, a)
        started = time.perf_counter()
        publish_register_indicators(department=department, year=year)
        line("  (pour mémoire : recalcul de toute l'année, l'ancien coût)", time.perf_counter() - started, None)

    # the agent's list, « toutes »: the page and the 6 tab counts
    from django.contrib.auth import get_user_model

    agent, _ = get_user_model().objects.get_or_create(username="bench-agent-17")
    assign_role(user=agent, role=Role.SERVICE_AGENT, service=service)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(agent)

    def vigie_list():
        response = client.get("/demandes/?onglet=all")
        assert response.status_code == 200
        return response

    today = timezone.localdate()

    def anchor_list():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.reference, r.subject, r.received_at, r.due_date, r.status, s.name, v.name "
                "FROM register_userrequest r JOIN organisation_site s ON s.id = r.site_id "
                "LEFT JOIN organisation_service v ON v.id = r.service_id WHERE r.service_id = %s "
                "ORDER BY r.due_date, r.received_at, r.id LIMIT 50",
                [service.pk],
            )
            page = cursor.fetchall()
            cursor.execute(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE replied_at IS NULL AND status <> 'closed' AND due_date < %s), "
                "COUNT(*) FILTER (WHERE replied_at IS NULL AND status <> 'closed' AND due_date = %s), "
                "COUNT(*) FILTER (WHERE replied_at IS NULL AND status <> 'closed' AND due_date > %s "
                "AND due_date <= %s), "
                "COUNT(*) FILTER (WHERE status IN ('received', 'acknowledged', 'assigned') AND service_id IS NULL), "
                "COUNT(*) FILTER (WHERE status IN ('received', 'acknowledged', 'assigned') AND replied_at IS NOT NULL),"
                " COUNT(*) FILTER (WHERE status IN ('received', 'acknowledged', 'assigned')) "
                "FROM register_userrequest WHERE service_id = %s",
                [today, today, today, today + dt.timedelta(days=3), service.pk],
            )
            return page, cursor.fetchone()

    statements = []  # counted by an execute wrapper: each request of the test client resets Django's query log
    with connection.execute_wrapper(lambda execute, sql, *rest: statements.append(sql) or execute(sql, *rest)):
        vigie_list()
    total = UserRequest.objects.filter(service=service).count()
    assert f"{total}" in vigie_list().content.decode().replace("\u202f", "").replace(" ", "")
    assert anchor_list()[1][0] == total
    v, a = ab(vigie_list, anchor_list)
    line(
        f"liste d'un agent, « toutes » ({total:,} demandes du service)".replace(",", " "),
        v,
        a,
        f"{len(statements)} requêtes",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("part", choices=["results", "register"])
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--departments", type=int, default=20)
    parser.add_argument("--sites", type=int, default=10)
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)
    {"results": results, "register": register}[args.part](args)


if __name__ == "__main__":
    main()

"""Issue 17: Vigie against bare anchors (hand-written SQL doing the same work), A/B interleaved, medians.
Prints figures; never run by the test suite. PostgreSQL only (the anchors use COPY, DISTINCT ON, GROUPING SETS).

    .venv/bin/python bench/issue17.py results [--departments 74] [--reuse]   # base vigie_bench_issue17
    .venv/bin/python bench/issue17.py import            # on that base (issue17_import.py)
    .venv/bin/python bench/issue17.py writes [--reuse]  # base vigie_bench_issue17_register (issue17_writes.py)
    .venv/bin/python bench/issue17.py list [--reuse]    # base vigie_bench_lists (issue17_list.py)
    .venv/bin/python bench/issue17.py analysis [--reuse]  # on that base (issue17_analysis.py)

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

    def number(n: int) -> str:
        return f"{n:,}".replace(",", " ")

    print(
        f"PostgreSQL, {number(Measurement.objects.count())} mesures, {Department.objects.count()} départements ; "
        f"un département : {number(Measurement.objects.filter(department=department).count())} mesures "
        f"({department.code}, {year - 1} et {year})"
    )

    def vigie_department():
        return yearly_summary(department=department, year=year)

    def anchor_department():
        with connection.cursor() as cursor:
            cursor.execute(DEPARTMENT_SQL, [department.pk, year - 1, year])
            return cursor.fetchall()

    expected = {(i, y): (n, dc, m) for i, y, n, dc, m in anchor_department()}
    seen = set()
    for result in vigie_department():
        for y, r in ((year, result.current), (year - 1, result.previous)):
            if r is None:
                continue
            seen.add((result.indicator.pk, y))
            n, dc, mean = expected[(result.indicator.pk, y)]
            assert r.numerator == n, (result.indicator.code, r.numerator, n)
            assert _close(None if r.value is None else float(r.value), _value(result.indicator, n, dc, mean))
    assert seen == set(expected), "Vigie and the anchor give results for the same indicators and years"
    # a department's call is short: more runs than the default for a steadier median on a shared machine
    v, a = ab(vigie_department, anchor_department, runs=15)
    line("résultats annuels d'un département (60 indicateurs, N et N-1)", v, a, "objectif ≤ 2×")

    def vigie_country():
        return national_years(year=year, indicators=national)

    def anchor_country():
        with connection.cursor() as cursor:
            cursor.execute(COUNTRY_SQL, [year, [i.pk for i in national]])
            return cursor.fetchall()

    expected = {(i, d): (n, dc, m) for i, d, n, dc, m in anchor_country()}
    seen = set()
    for pk, item in vigie_country().items():
        indicator = indicators[pk]
        for department_id, r in [*item.departments.items(), (None, item.national)]:
            seen.add((pk, department_id))
            n, dc, mean = expected[(pk, department_id)]
            assert r.numerator == n and _close(float(r.value), _value(indicator, n, dc, mean)), (indicator.code, r, n)
    assert seen == set(expected), "Vigie and the anchor give results for the same indicators and departments"
    v, a = ab(vigie_country, anchor_country)
    line(f"résultats annuels du pays ({Department.objects.count()} départements et France)", v, a, "objectif ≤ 1,3×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("part", choices=["results", "import", "writes", "list", "analysis"])
    parser.add_argument("--reuse", action="store_true")
    # 74 departments × 10 sites × 60 indicators × 2 years: 1 001 960 measurements, the issue's 1.0 M
    parser.add_argument("--departments", type=int, default=74)
    parser.add_argument("--sites", type=int, default=10)
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each side (list, analysis)")
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)
    if args.part == "results":
        results(args)
    elif args.part == "import":
        from issue17_import import imports

        imports(args)
    elif args.part == "writes":
        from issue17_writes import writes

        writes(args)
    elif args.part == "list":
        from issue17_list import agent_list

        agent_list(args)
    else:
        from issue17_analysis import analysis

        analysis(args)


if __name__ == "__main__":
    main()

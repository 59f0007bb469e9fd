"""The national comparison page (issue 18) against hand-written grouped SQL, as a ratio in the same run. Prints
figures; never run by the test suite.

    .venv/bin/python bench/consolidation.py --reuse              # the data set of bench/national_results.py (SQLite)
    .venv/bin/python bench/consolidation.py --reuse --postgres   # PostgreSQL database vigie_bench
    options: --departments 101 --sites 10 --indicators 60 --years 5 (without --reuse: regenerated first)

Measured, interleaved, median of 5 runs after a warm-up (common.timed):
- Vigie: the page /national/?annee=2025 as a national administrator (every national indicator × every department,
  the country, median and spread), through the Django test client, and its query function alone;
- the anchor: one hand-written SQL query grouped by indicator, department and month, then the same totals per
  department and for the country in plain Python (no Fraction, no dataclass, no template).
Before timing, the figures of both are checked identical (numerator and denominator sums exactly; values to 1e-9), and
the country's TEL-DECROCHE is checked to be Σ answered / Σ received over every department.
"""

from __future__ import annotations

import argparse
import math
import statistics
import time
from collections import defaultdict

from common import setup, timed

YEAR = 2025
HAND_SQL = """
SELECT m.indicator_id, m.department_id, m.period_kind, m.period_index, SUM(m.numerator), SUM(m.denominator)
FROM indicators_measurement m JOIN frameworks_indicator i ON i.id = m.indicator_id
WHERE m.year = %s AND i.department_id IS NULL
GROUP BY m.indicator_id, m.department_id, m.period_kind, m.period_index
"""


def hand_written(year: int) -> dict[int, tuple[dict[int, tuple], tuple]]:
    """indicator id → ({department id: (n, d, value)}, (n, d, value) of the country), from one grouped query."""
    from django.db import connection

    from vigie.frameworks.models import Indicator

    rules = {
        pk: (kind, aggregation) for pk, kind, aggregation in Indicator.objects.values_list("pk", "kind", "aggregation")
    }
    per_department: dict[int, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    per_country: dict[int, dict[tuple, list]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    with connection.cursor() as cursor:
        cursor.execute(HAND_SQL, [year])
        for indicator_id, department_id, kind, index, n, d in cursor.fetchall():
            per_department[indicator_id][department_id].append((n, d))
            month = per_country[indicator_id][(kind, index)]
            month[0] += n or 0
            month[1] += d or 0

    def value(kind, aggregation, periods):
        n = sum(p[0] or 0 for p in periods)
        d = sum(p[1] or 0 for p in periods)
        if kind == "count" or aggregation == "sum":
            return n, None, float(n)
        if aggregation == "mean_of_period_values":
            rates = [float(pn) / float(pd) for pn, pd in periods if pd]
            return n, d, (100 if kind == "rate" else 1) * sum(rates) / len(rates)
        return n, d, (100 if kind == "rate" else 1) * float(n) / float(d) if d else None

    result = {}
    for indicator_id, departments in per_department.items():
        kind, aggregation = rules[indicator_id]
        result[indicator_id] = (
            {dep: value(kind, aggregation, periods) for dep, periods in departments.items()},
            value(kind, aggregation, list(per_country[indicator_id].values())),
        )
    return result


def vigie_figures(year: int):
    from vigie.consolidation.queries import Filters, national_overview

    return national_overview(filters=Filters(year=year))


def check_identical(year: int) -> int:
    """Vigie's figures equal the hand-written SQL's; returns the number of department × indicator figures checked."""
    from django.db.models import Sum

    from vigie.indicators.models import Measurement

    assert not Measurement.objects.filter(year=year, site=None).exists(), "the anchor assumes site measurements only"
    anchor = hand_written(year)
    checked = 0
    for comparison in vigie_figures(year):
        departments, country = anchor[comparison.indicator.pk]
        for line in comparison.lines:
            if line.result is None:
                assert line.department.pk not in departments
                continue
            n, d, v = departments[line.department.pk]
            assert line.result.numerator == n and (line.result.denominator or None) == (d or None), comparison.indicator
            assert math.isclose(float(line.result.value), v, rel_tol=1e-9), (comparison.indicator.code, line.department)
            checked += 1
        n, d, v = country
        assert comparison.national.numerator == n and math.isclose(float(comparison.national.value), v, rel_tol=1e-9)
        if comparison.indicator.code == "TEL-DECROCHE":
            sums = Measurement.objects.filter(indicator=comparison.indicator, year=year).aggregate(
                n=Sum("numerator"), d=Sum("denominator")
            )
            assert comparison.national.numerator == sums["n"] and comparison.national.denominator == sums["d"]
            assert math.isclose(float(comparison.national.value), float(sums["n"] / sums["d"] * 100), rel_tol=1e-12)
    return checked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="reuse the data set of bench/national_results.py")
    parser.add_argument("--departments", type=int, default=101)
    parser.add_argument("--sites", type=int, default=10)
    parser.add_argument("--indicators", type=int, default=60)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", default="vigie_bench", help="database name (vigie_bench: national_results.py's)")
    args = parser.parse_args()
    setup(args.database, postgres=args.postgres, reuse=args.reuse)

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from vigie.indicators.models import Measurement

    if not args.reuse:
        from national_results import generate

        rows, seconds = generate(args.departments, args.sites, args.indicators, args.years)
        print(f"génération : {rows:,} mesures en {seconds:.1f} s".replace(",", " "))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    setup_test_environment()
    admin, _ = get_user_model().objects.get_or_create(username="bench-national", defaults={"is_superuser": True})
    client = Client()
    client.force_login(admin)
    started = time.perf_counter()
    checked = check_identical(YEAR)
    print(
        f"vérifié : {checked} chiffres département × indicateur identiques à la SQL écrite à la main, et la France "
        f"({time.perf_counter() - started:.1f} s)"
    )

    def page():
        response = client.get(f"/national/?annee={YEAR}")
        assert response.status_code == 200

    vigie_page, vigie_query, anchor = [], [], []
    queries = {}
    for _ in range(args.runs):  # interleaved: each round measures the three once more
        seconds, queries["page"] = timed(page, runs=1)
        vigie_page.append(seconds)
        seconds, queries["query"] = timed(lambda: vigie_figures(YEAR), runs=1)
        vigie_query.append(seconds)
        seconds, queries["sql"] = timed(lambda: hand_written(YEAR), runs=1)
        anchor.append(seconds)
    page_s, query_s, sql_s = (statistics.median(x) for x in (vigie_page, vigie_query, anchor))
    count = Measurement.objects.filter(year=YEAR).count()
    print(f"base : {connection.vendor}, {count:,} mesures en {YEAR}".replace(",", " "))
    for label, seconds, key in (
        ("page /national/ (tous indicateurs × départements)", page_s, "page"),
        ("national_overview seule", query_s, "query"),
        ("SQL groupée à la main + totaux en Python", sql_s, "sql"),
    ):
        print(f"  {label:<52} {seconds * 1000:9.1f} ms  {queries[key]:3d} requêtes")
    print(f"  rapport page / SQL : {page_s / sql_s:.2f} ; requête Vigie / SQL : {query_s / sql_s:.2f}")


if __name__ == "__main__":
    main()

"""National-scale benchmark of indicator results (issue 3). Prints figures; never run by the test suite.

    .venv/bin/python bench/national_results.py                       # SQLite, bench/out/vigie_bench.sqlite3
    .venv/bin/python bench/national_results.py --postgres            # PostgreSQL database vigie_bench (dropped first)
    options: --departments 101 --sites 10 --indicators 60 --years 5 --reuse

Full scale = 101 departments × 10 sites × 60 indicators × 60 months = 3 636 000 measurements.
"""

from __future__ import annotations

import argparse
import time

from common import CODES, setup, timed


def generate(departments: int, sites: int, indicators: int, years: int) -> tuple[int, float]:
    import random
    from decimal import Decimal

    from vigie.frameworks.models import Indicator
    from vigie.indicators.models import Measurement
    from vigie.organisation.models import Department, Site

    started = time.perf_counter()
    rng = random.Random(2026)  # noqa: S311 - synthetic data
    national = list(Indicator.objects.filter(department=None).order_by("code"))
    for n in range(len(national) + 1, indicators + 1):
        national.append(
            Indicator.objects.create(
                code=f"BENCH-{n:02d}",
                name=f"Indicateur de charge {n}",
                kind="rate",
                unit="percent",
                periodicity="month",
                aggregation="ratio_of_sums",
                numerator="n",
                denominator="d",
            )
        )
    chosen = national[:indicators]
    monthly = [i for i in chosen if i.periodicity == "month"]
    others = [i for i in chosen if i.periodicity != "month"]
    first_year = 2026 - years
    total = 0
    for code in CODES[:departments]:
        department = Department.objects.create(code=code, name=f"Département {code}", population=500_000)
        site_objs = Site.objects.bulk_create(
            Site(department=department, code=f"site-{s}", name=f"Site {s}", kind="prefecture") for s in range(sites)
        )
        batch = []
        for site in site_objs:
            for indicator in chosen:
                for year in range(first_year, 2026):
                    periods = (
                        [("month", m) for m in range(1, 13)]
                        if indicator in monthly
                        else [("quarter", q) for q in range(1, 5)]
                        if indicator.periodicity == "quarter"
                        else [("year", 1)]
                    )
                    for kind, index in periods:
                        denominator = rng.randint(100, 10_000)
                        numerator = None if indicator.kind == "count" else rng.randint(0, denominator)
                        batch.append(
                            Measurement(
                                indicator=indicator,
                                department=department,
                                site=site,
                                period_kind=kind,
                                year=year,
                                period_index=index,
                                numerator=Decimal(numerator if numerator is not None else denominator),
                                denominator=None if indicator.kind == "count" else Decimal(denominator),
                                source="imported",
                            )
                        )
        Measurement.objects.bulk_create(batch, batch_size=5000)
        total += len(batch)
    _ = others
    return total, time.perf_counter() - started


def national_yearly(year: int) -> dict:
    """Every indicator's yearly value per department and for the country: one grouped query per indicator."""
    from collections import defaultdict

    from django.db.models import Sum

    from vigie.frameworks.models import Indicator
    from vigie.indicators.rules import aggregate

    result = {}
    for indicator in Indicator.objects.filter(department=None):
        rows = (
            indicator.measurements.filter(year=year)
            .values_list("department_id", "period_kind", "period_index")
            .annotate(n=Sum("numerator"), d=Sum("denominator"))
        )
        per_department = defaultdict(list)
        for department_id, _kind, _index, n, d in rows:
            per_department[department_id].append((n, d))
        values = {k: aggregate(indicator.kind, indicator.aggregation, v).value for k, v in per_department.items()}
        country = aggregate(indicator.kind, indicator.aggregation, [p for v in per_department.values() for p in v])
        result[indicator.code] = (values, country.value)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="reuse the dataset of the previous run")
    parser.add_argument("--departments", type=int, default=101)
    parser.add_argument("--sites", type=int, default=10)
    parser.add_argument("--indicators", type=int, default=60)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()
    setup("vigie_bench", postgres=args.postgres, reuse=args.reuse)

    from django.db import connection

    from vigie.indicators.models import Measurement
    from vigie.indicators.queries import indicator_results, yearly_summary
    from vigie.organisation.models import Department, Site

    if not args.reuse:
        rows, seconds = generate(args.departments, args.sites, args.indicators, args.years)
        print(f"génération : {rows:,} mesures en {seconds:.1f} s".replace(",", " "))
    count = Measurement.objects.count()
    department = Department.objects.order_by("code").first()
    site = Site.objects.filter(department=department).first()
    year = 2025
    indicators = list(department.measurements.values_list("indicator", flat=True).distinct())
    from vigie.frameworks.models import Indicator

    indicator_objs = list(Indicator.objects.filter(pk__in=indicators))

    def one_department_year():
        return yearly_summary(department=department, year=year)

    def one_department_months():
        return [
            indicator_results(indicator=i, department=department, site=None, year=year, by=i.periodicity)
            for i in indicator_objs
        ]

    def one_site_year():
        return yearly_summary(department=department, year=year, site=site)

    figures = [
        ("résultats annuels d'un département (tous indicateurs, N et N-1)", *timed(one_department_year)),
        ("résultats d'un département par période fine (tous indicateurs)", *timed(one_department_months)),
        ("résultats annuels d'un site", *timed(one_site_year)),
        ("résultats annuels du pays (par département et national)", *timed(lambda: national_yearly(year), runs=3)),
    ]
    print(f"base : {connection.vendor}, {count:,} mesures".replace(",", " "))
    for label, seconds, queries in figures:
        print(f"  {label:<62} {seconds * 1000:9.1f} ms  {queries:4d} requêtes")


if __name__ == "__main__":
    main()

"""Generation time of the documents (issue 14): the deck (PPTX), the minutes (DOCX and tagged PDF), the yearly
results (PDF) and the poster, on the demo and on a national-size department. Goal: 2 s or less each. Prints figures;
never run by the test suite.

    .venv/bin/python bench/documents.py              # SQLite bench/out/vigie_bench_documents.sqlite3 (recreated)
    .venv/bin/python bench/documents.py --postgres   # PostgreSQL database vigie_bench_documents (recreated)
    .venv/bin/python bench/documents.py --reuse      # without rebuilding the data
    options: --sites 10 --years 3 --runs 5

Data: the demo (`vigie demo`: Charente 2021, Marne), a Charente-like CLU meeting (tests/committees/factories.py),
and a national-size department « 99 » (--sites sites, every monthly, quarterly and yearly indicator of the catalogue
measured on every site for --years years, 5 000 requests of the register per year, a plan of 30 actions).
Measured: `documents.services.build_bytes` (reading every figure through the other apps' queries, then the layout),
median of --runs runs after a warm-up (common.timed), with the number of queries. The 12-month projection of the
deck is fitted once (first call, printed apart) and read from the cache afterwards, as in production (the worker
fits it when the projection page or the deck first needs it)."""

from __future__ import annotations

import argparse
import random
import time

from common import setup, timed

NATIONAL = "99"


def national_department(sites: int, years: int) -> None:
    """A department of national size, built in bulk (measurements) and through the services (requests, plan)."""
    from vigie.frameworks.models import Indicator
    from vigie.indicators.models import Measurement
    from vigie.organisation.models import Department, Site

    if Department.objects.filter(code=NATIONAL).exists():
        return
    department = Department.objects.create(code=NATIONAL, name="Département national", population=1_500_000)
    places = [
        Site.objects.create(
            department=department,
            code=f"site-{n}",
            name=f"Site {n}",
            kind="prefecture" if n == 0 else "sous_prefecture",
        )
        for n in range(sites)
    ]
    rng = random.Random(99)
    this = time.localtime().tm_year
    rows = []
    for indicator in Indicator.objects.filter(department=None):
        periods = {"month": 12, "quarter": 4, "year": 1}[indicator.periodicity]
        for year in range(this - years, this):
            for site in places:
                for index in range(1, periods + 1):
                    denominator = rng.randint(800, 1500)
                    numerator = rng.randint(500, denominator) if indicator.kind != "count" else denominator
                    rows.append(
                        Measurement(
                            indicator=indicator, department=department, site=site, year=year,
                            period_kind=indicator.periodicity, period_index=index, numerator=numerator,
                            denominator=None if indicator.kind == "count" else denominator, source="imported",
                        )
                    )  # fmt: skip
    Measurement.objects.bulk_create(rows, batch_size=5000)
    print(f"département {NATIONAL} : {sites} sites, {len(rows)} mesures")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--sites", type=int, default=10)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup("vigie_bench_documents", postgres=args.postgres, reuse=args.reuse)
    from django.core.management import call_command

    from tests.committees.factories import make_charente_like_meeting
    from vigie.documents.enums import DocumentKind
    from vigie.documents.models import Publication
    from vigie.documents.services import Subject, build_bytes
    from vigie.organisation.models import Department

    if not args.reuse:
        started = time.perf_counter()
        call_command("createcachetable", verbosity=0)
        call_command("demo", verbosity=0)
        print(f"démo : {time.perf_counter() - started:.1f} s")
    charente = Department.objects.get(code="16")
    meeting = make_charente_like_meeting(charente)
    national_department(args.sites, args.years)
    national = Department.objects.get(code=NATIONAL)
    year = time.localtime().tm_year - 1
    publication = Publication.objects.filter(department=charente).first()

    at_meeting = Subject(national, year, meeting_id=meeting.pk)
    cases = [
        ("démo 16 — diaporama (réunion)", DocumentKind.DECK, Subject(charente, 2021, meeting_id=meeting.pk)),
        ("démo 16 — compte rendu DOCX", DocumentKind.MINUTES_DOCX, Subject(charente, 2021, meeting_id=meeting.pk)),
        ("démo 16 — compte rendu PDF", DocumentKind.MINUTES_PDF, Subject(charente, 2021, meeting_id=meeting.pk)),
        ("démo 16 — résultats PDF", DocumentKind.RESULTS_PDF, Subject(charente, 2021)),
        ("démo 16 — affiche A4", DocumentKind.POSTER, Subject(charente, 2021, publication=publication)),
        (f"national {NATIONAL} — diaporama", DocumentKind.DECK, Subject(national, year)),
        # the meeting is Charente's: its record, with the figures of the national-size department
        (f"national {NATIONAL} — compte rendu DOCX", DocumentKind.MINUTES_DOCX, at_meeting),
        (f"national {NATIONAL} — résultats PDF", DocumentKind.RESULTS_PDF, Subject(national, year)),
    ]  # fmt: skip
    print(f"{'document':45} {'1er appel':>10} {'médiane':>9} {'requêtes':>9}  {'octets':>9}")
    for label, kind, subject in cases:
        started = time.perf_counter()
        size = len(build_bytes(kind, subject))
        first = time.perf_counter() - started
        median, queries = timed(lambda kind=kind, subject=subject: build_bytes(kind, subject), runs=args.runs)
        print(f"{label:45} {first:9.2f}s {median:8.2f}s {queries:9d}  {size:9d}")


if __name__ == "__main__":
    main()

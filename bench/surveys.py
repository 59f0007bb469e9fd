"""Benchmark of the satisfaction surveys' results. Prints figures; never run by the test suite.

    .venv/bin/python bench/surveys.py                 # SQLite, bench/out/vigie_bench_surveys.sqlite3
    .venv/bin/python bench/surveys.py --postgres      # PostgreSQL database vigie_bench_surveys (dropped first)
    options: --respondents 10000 --campaigns 10 --reuse

One department, one site with three services; a questionnaire of ten criteria (eight satisfaction, one yes/no,
one 1–5 stars). The big campaign has `respondents` × 10 = 100 000 answers by default; the department has
`campaigns` − 1 smaller ones (2 000 respondents each, one a year before it). Every response goes through
services.record_responses. Measured (median of 7 interleaved runs after a warm-up):
- one campaign's results (queries.campaign_results: answers grouped per criterion and value, respondents, and the
  same for the previous campaign) against the hand-written SQL count of the same answers (one GROUP BY), as a ratio;
- the results of all the department's campaigns, against the same hand SQL run for each campaign.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time

from common import setup

PG_DATABASE = "vigie_bench_surveys"
CRITERIA = [
    "courtoisie", "disponibilite", "orientation", "signaletique", "confort-attente", "confidentialite",
    "delai-attente", "langage-clair", "reseaux-sociaux", "note-globale",
]  # fmt: skip
HAND_SQL = """
SELECT q.code, a.value, COUNT(*)
FROM surveys_answer a
JOIN surveys_response r ON r.id = a.response_id
JOIN surveys_question q ON q.id = a.question_id
WHERE r.campaign_id = %s
GROUP BY q.code, a.value
"""


def generate(respondents: int, campaigns: int) -> float:
    from vigie.organisation.models import Department, Service, Site
    from vigie.surveys.kinds.satisfaction.services import (
        ResponseInput,
        create_campaign,
        create_questionnaire,
        record_responses,
    )

    started = time.perf_counter()
    rng = random.Random(2026)  # noqa: S311 - synthetic data
    department = Department.objects.create(code="41", name="Loir-et-Cher", population=329_470)
    site = Site.objects.create(department=department, code="pref-41", name="Préfecture", kind="prefecture")
    services = [Service.objects.create(site=site, code=f"svc-{n}", name=f"Service {n}") for n in range(3)]
    version = create_questionnaire(actor=None, department=department, title="Banc", criteria=CRITERIA)
    levels = ["very_satisfied", "satisfied", "satisfied", "dissatisfied", "very_dissatisfied", "no_opinion"]
    for number in range(campaigns):
        year = 2025 - (campaigns - 1 - number)
        campaign = create_campaign(
            actor=None,
            department=department,
            title=f"Enquête {year}",
            version=version,
            start=dt.date(year, 10, 1),
            end=dt.date(year, 10, 31),
            sites=[site],
            services=services,
        )
        size = respondents if number == campaigns - 1 else 2_000
        items = []
        for line in range(size):
            answers = {code: rng.choice(levels) for code in CRITERIA[:8]}
            answers["reseaux-sociaux"] = rng.choice(["yes", "no"])
            answers["note-globale"] = str(rng.randint(1, 5))
            items.append(
                ResponseInput(
                    site=site.code,
                    service=services[line % 3].code,
                    channel="paper",
                    answers=answers,
                    submitted_on=dt.date(year, 10, 1 + line % 31),
                    line=line + 1,
                )
            )
        record_responses(actor=None, campaign=campaign, items=items)
    return time.perf_counter() - started


def interleaved(pairs: dict[str, tuple], runs: int = 7) -> dict[str, tuple[float, float]]:
    """Median seconds of Vigie's call and of its anchor, run alternately (so both see the same machine load)."""
    times = {name: ([], []) for name in pairs}
    for vigie, anchor in pairs.values():
        vigie(), anchor()  # warm-up
    for _ in range(runs):
        for name, (vigie, anchor) in pairs.items():
            for index, fn in enumerate((vigie, anchor)):
                started = time.perf_counter()
                fn()
                times[name][index].append(time.perf_counter() - started)
    return {name: (statistics.median(v), statistics.median(a)) for name, (v, a) in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--respondents", type=int, default=10_000)
    parser.add_argument("--campaigns", type=int, default=10)
    args = parser.parse_args()
    setup(PG_DATABASE if args.postgres else "vigie_bench_surveys", postgres=args.postgres, reuse=args.reuse)
    from django.db import connection

    from vigie.surveys.kinds.satisfaction.models import Answer, Campaign
    from vigie.surveys.kinds.satisfaction.queries import campaign_results

    if not args.reuse:
        print(f"génération : {generate(args.respondents, args.campaigns):.1f} s")
    campaigns = list(Campaign.objects.order_by("start"))
    big = campaigns[-1]

    def hand(campaign) -> list:
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL, [campaign.pk])
            return cursor.fetchall()

    # the shortcut must count what Vigie counts
    counted = {(code, value): n for code, value, n in hand(big)}
    results = campaign_results(big)
    for criterion in results.criteria:
        assert sum(n for (code, _), n in counted.items() if code == criterion.code) == sum(
            criterion.tally.counts.values()
        )
    answers = Answer.objects.filter(response__campaign=big).count()
    figures = interleaved(
        {
            f"une campagne ({answers:,} réponses)".replace(",", " "): (
                lambda: campaign_results(big),
                lambda: hand(big),
            ),
            f"toutes les campagnes du département ({len(campaigns)})": (
                lambda: [campaign_results(c) for c in campaigns],
                lambda: [hand(c) for c in campaigns],
            ),
        }
    )
    engine = "PostgreSQL" if args.postgres else "SQLite"
    print(f"{engine} — médianes de 7 passages alternés")
    for name, (vigie, anchor) in figures.items():
        print(
            f"  {name} : Vigie {vigie * 1000:.0f} ms, SQL à la main {anchor * 1000:.0f} ms, ratio {vigie / anchor:.2f}"
        )


if __name__ == "__main__":
    main()

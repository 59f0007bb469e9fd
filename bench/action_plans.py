"""National-scale benchmark of action-plan roll-ups (issue 13). Prints figures; never run by the test suite.

    .venv/bin/python bench/action_plans.py                  # SQLite, bench/out/vigie_bench_plans.sqlite3
    .venv/bin/python bench/action_plans.py --postgres       # PostgreSQL database vigie_bench_plans (dropped first)
    options: --departments 101 --actions 200 --years 3 --reuse

Full scale: 101 departments × 3 yearly plans (2023–2025) × 200 actions (3 axes × 4 themes), each action with its
history (creation, three progress notes through the year, 5 % abandoned, 10 % inscribed during the year): 60 600
actions. Measured at 30 June of 2024, for every plan of the year at once (the national roll-up) and for one
department, beside the same figures computed by hand-written SQL (an index lookup picks each action's last
history line at the date, then sums per theme, then the plans' mean of themes), interleaved, medians of 5. Both
results are compared first (per theme: sum and count of counted actions, abandoned; per plan: the completion).
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from fractions import Fraction

from common import CODES, setup, timed

AXES, THEMES_PER_AXIS = 3, 4

# each action's last history line at the date: an index lookup per action (the fastest hand-written form found; a
# ROW_NUMBER() window over the year's history took 3.0 s for the country on SQLite)
LATEST = """
    SELECT a.id AS action_id, a.theme_id, x.plan_id, e.progress, e.status
    FROM improvement_action a
    JOIN improvement_theme t ON t.id = a.theme_id
    JOIN improvement_axis x ON x.id = t.axis_id
    JOIN improvement_actionplan p ON p.id = x.plan_id
    JOIN improvement_actionevent e ON e.id = (
        SELECT e2.id FROM improvement_actionevent e2
        WHERE e2.action_id = a.id AND e2."on" <= %s ORDER BY e2."on" DESC, e2.id DESC LIMIT 1
    )
    WHERE p.year = %s {department}
"""

HAND_THEMES = """
WITH latest AS ({latest})
SELECT theme_id,
       SUM(CASE WHEN status <> 'abandoned' THEN progress ELSE 0 END) AS total,
       SUM(CASE WHEN status <> 'abandoned' THEN 1 ELSE 0 END) AS counted,
       SUM(CASE WHEN status = 'abandoned' THEN 1 ELSE 0 END) AS abandoned
FROM latest GROUP BY theme_id
"""

HAND_PLANS = """
WITH latest AS ({latest}),
themes AS (
    SELECT plan_id, theme_id,
           SUM(CASE WHEN status <> 'abandoned' THEN progress ELSE 0 END) AS total,
           SUM(CASE WHEN status <> 'abandoned' THEN 1 ELSE 0 END) AS counted
    FROM latest GROUP BY plan_id, theme_id
)
SELECT plan_id, AVG(CAST(total AS DOUBLE PRECISION) / counted) FROM themes WHERE counted > 0 GROUP BY plan_id
"""


def generate(departments: int, actions: int, years: int) -> tuple[int, int, float]:
    import random

    from django.utils import timezone

    from vigie.improvement.models import Action, ActionEvent, ActionPlan, Axis, Theme
    from vigie.organisation.models import Department

    started = time.perf_counter()
    rng = random.Random(2026)  # noqa: S311 - synthetic data
    recorded = timezone.now()
    event_count = 0
    for code in CODES[:departments]:
        department = Department.objects.create(code=code, name=f"Département {code}", population=500_000)
        for year in range(2026 - years, 2026):
            plan = ActionPlan.objects.create(department=department, year=year, title=f"Plan {year}", rule="themes")
            axes = Axis.objects.bulk_create(Axis(plan=plan, title=f"Axe {i}", position=i) for i in range(AXES))
            themes = Theme.objects.bulk_create(
                Theme(axis=axis, title=f"Thème {i}", position=i) for axis in axes for i in range(THEMES_PER_AXIS)
            )
            rows = []
            for n in range(actions):
                opened = dt.date(year, 1, 10) if rng.random() > 0.1 else dt.date(year, rng.randint(2, 11), 5)
                rows.append(Action(theme=themes[n % len(themes)], title=f"Action {n}", position=n, opened_on=opened))
            created = Action.objects.bulk_create(rows)
            events = []
            for action in created:
                events.append(
                    ActionEvent(
                        action=action,
                        on=action.opened_on,
                        recorded_at=recorded,
                        field="created",
                        progress=0,
                        status="planned",
                    )
                )
                progress, day = 0, action.opened_on
                for _ in range(3):
                    day = min(day + dt.timedelta(days=rng.randint(20, 120)), dt.date(year, 12, 31))
                    progress = min(100, progress + rng.randint(0, 45))
                    status = "done" if progress == 100 else "in_progress"
                    events.append(
                        ActionEvent(
                            action=action,
                            on=day,
                            recorded_at=recorded,
                            field="progress",
                            progress=progress,
                            status=status,
                        )
                    )
                if rng.random() < 0.05:
                    day = min(day + dt.timedelta(days=10), dt.date(year, 12, 31))
                    events.append(
                        ActionEvent(
                            action=action,
                            on=day,
                            recorded_at=recorded,
                            field="status",
                            progress=progress,
                            status="abandoned",
                        )
                    )
                    progress, status = progress, "abandoned"
                action.progress, action.status = progress, status
            Action.objects.bulk_update(created, ["progress", "status"], batch_size=2000)
            ActionEvent.objects.bulk_create(events, batch_size=5000)
            event_count += len(events)
    return Action.objects.count(), event_count, time.perf_counter() - started


def hand_themes(at: dt.date, year: int, department_id: int | None) -> dict[int, tuple[int, int, int]]:
    from django.db import connection

    where = "AND p.department_id = %s" if department_id else ""
    params = [at, year] + ([department_id] if department_id else [])
    with connection.cursor() as cursor:
        cursor.execute(HAND_THEMES.format(latest=LATEST.format(department=where)), params)
        return {theme: (int(total), int(counted), int(abandoned)) for theme, total, counted, abandoned in cursor}


def hand_plans(at: dt.date, year: int, department_id: int | None) -> dict[int, float]:
    from django.db import connection

    where = "AND p.department_id = %s" if department_id else ""
    params = [at, year] + ([department_id] if department_id else [])
    with connection.cursor() as cursor:
        cursor.execute(HAND_PLANS.format(latest=LATEST.format(department=where)), params)
        return dict(cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="reuse the dataset of the previous run")
    parser.add_argument("--departments", type=int, default=101)
    parser.add_argument("--actions", type=int, default=200)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--database", default="vigie_bench_plans")
    args = parser.parse_args()
    setup(args.database, postgres=args.postgres, reuse=args.reuse)

    from django.db import connection

    from vigie.improvement.completion import completions
    from vigie.improvement.models import ActionEvent, ActionPlan
    from vigie.improvement.queries import theme_counts_at

    if not args.reuse:
        actions, events, seconds = generate(args.departments, args.actions, args.years)
        print(f"génération : {actions:,} actions, {events:,} lignes d'historique en {seconds:.1f} s".replace(",", " "))
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    year = 2024 if args.years >= 2 else 2025
    at = dt.date(year, 6, 30)
    plans = list(ActionPlan.objects.filter(year=year).select_related("department"))
    one = plans[0]
    print(
        f"base : {connection.vendor}, {ActionEvent.objects.count():,} lignes d'historique ; au {at}".replace(",", " ")
    )

    # identical results first
    for department_id, chosen in ((None, plans), (one.department_id, [one])):
        vigie_themes = theme_counts_at([p.pk for p in chosen], at)
        hand = hand_themes(at, year, department_id)
        assert {k: (v.total, v.counted, v.abandoned) for k, v in vigie_themes.items()} == hand, "thèmes différents"
        vigie_plans = {c.plan_id: c.completion for c in completions(chosen, at=at)}
        hand_plan = hand_plans(at, year, department_id)
        assert set(vigie_plans) == set(hand_plan)
        assert all(abs(float(vigie_plans[k]) - hand_plan[k]) < 1e-9 for k in hand_plan), "plans différents"
        assert all(isinstance(v, Fraction) for v in vigie_plans.values())
    print("résultats identiques (thèmes : somme, nombre, abandonnées ; plans : moyenne des thèmes)")

    cases = [
        (
            "pays : tous les plans de l'année (thèmes, axes, plans)",
            lambda: completions(plans, at=at),
            lambda: (hand_themes(at, year, None), hand_plans(at, year, None)),
        ),
        (
            "un département (un plan)",
            lambda: completions([one], at=at),
            lambda: (hand_themes(at, year, one.department_id), hand_plans(at, year, one.department_id)),
        ),
    ]
    cases += [
        (
            "pays : l'agrégat par thème seul (theme_counts_at)",
            lambda: theme_counts_at([p.pk for p in plans], at),
            lambda: hand_themes(at, year, None),
        ),
        (
            "un département : l'agrégat par thème seul",
            lambda: theme_counts_at([one.pk], at),
            lambda: hand_themes(at, year, one.department_id),
        ),
    ]
    for label, vigie, hand in cases:
        vigie_time, vigie_queries = timed(vigie)
        hand_time, hand_queries = timed(hand)
        vigie_time2, _ = timed(vigie)  # interleaved: Vigie, SQL, Vigie
        vigie_time = min(vigie_time, vigie_time2)
        print(
            f"  {label:<58} Vigie {vigie_time * 1000:8.1f} ms ({vigie_queries} req.)  "
            f"SQL {hand_time * 1000:8.1f} ms ({hand_queries} req.)  ratio {vigie_time / hand_time:5.2f}"
        )


if __name__ == "__main__":
    main()

"""Issue 17: the quality officer's analysis of a year against three hand-written statements (see issue17.py).

    .venv/bin/python bench/issue17.py analysis [--reuse]   # or: .venv/bin/python bench/issue17_analysis.py [--reuse]

On the list's database (vigie_bench_lists, issue17_list.dataset: 1 department, 20 000 requests a year on 2025 and
2026). Lines: the analysis function (register.analysis.figures.analyse on the year and the year before) and the
analysis page (/demandes/analyse/?year=2025 through the test client) against the three statements.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from issue17 import ab, line
from issue17_list import _statements, dataset

# per site, kind and channel of the period: the count, the requests without theme, and the timeliness basis
GROUPED_SQL = """
SELECT r.site_id, r.kind, r.channel, COUNT(*),
       COUNT(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM register_userrequest_themes t WHERE t.userrequest_id = r.id)),
       COUNT(*) FILTER (WHERE r.deadline_days IS NOT NULL AND r.replied_date IS NOT NULL),
       COUNT(*) FILTER (WHERE r.deadline_days IS NOT NULL AND r.replied_date IS NOT NULL AND r.on_time),
       COALESCE(SUM(r.delay_working_days) FILTER (WHERE r.deadline_days IS NOT NULL AND r.replied_date IS NOT NULL), 0),
       COUNT(*) FILTER (WHERE r.deadline_days IS NOT NULL AND r.replied_date IS NULL AND r.due_date < %s)
FROM register_userrequest r
WHERE r.department_id = %s AND r.received_date BETWEEN %s AND %s
GROUP BY 1, 2, 3
"""
# requests per kind and theme, and per theme (kind NULL)
THEMES_SQL = """
SELECT r.kind, th.name, COUNT(*)
FROM register_userrequest r JOIN register_userrequest_themes t ON t.userrequest_id = r.id
JOIN register_theme th ON th.id = t.theme_id
WHERE r.department_id = %s AND r.received_date BETWEEN %s AND %s
GROUP BY GROUPING SETS ((r.kind, th.name), (th.name))
"""


def analysis_anchor(department_pk: int, year: int, today: dt.date) -> tuple[list, list, list]:
    from django.db import connection

    this = [dt.date(year, 1, 1), dt.date(year, 12, 31)]
    before = [dt.date(year - 1, 1, 1), dt.date(year - 1, 12, 31)]
    with connection.cursor() as cursor:
        cursor.execute(GROUPED_SQL, [today, department_pk, *this])
        grouped = cursor.fetchall()
        cursor.execute(THEMES_SQL, [department_pk, *this])
        themes = cursor.fetchall()
        cursor.execute(GROUPED_SQL, [today, department_pk, *before])
        return grouped, themes, cursor.fetchall()


def _check(figures: dict, anchor: tuple[list, list, list]) -> None:
    """Vigie's figures equal the anchor's rows (counts exactly; each family's numerators and denominators)."""
    from vigie.frameworks.queries import register_indicators

    grouped, themes, previous = anchor
    assert figures["total"] == sum(r[3] for r in grouped) and figures["previous"]["total"] == sum(
        r[3] for r in previous
    )
    for key, index in (("by_kind", 1), ("by_channel", 2), ("by_site", 0)):
        expected = {}
        for r in grouped:
            expected[r[index]] = expected.get(r[index], 0) + r[3]
        assert {row["key"]: row["count"] for row in figures[key]} == expected, key
    for pair, family in zip(register_indicators(), figures["timeliness"], strict=True):
        rows = [r for r in grouped if pair.counts(r[1], r[2])]
        assert family["on_time"] == sum(r[6] for r in rows) and family["answered"] == sum(r[5] for r in rows)
        assert family["due"] == sum(r[5] + r[8] for r in rows) and family["delays"] == sum(r[7] for r in rows)
    assert {row["key"]: row["count"] for row in figures["by_theme"]} == {n: c for k, n, c in themes if k is None}
    for group in figures["themes"]:
        of_kind = {n: c for k, n, c in themes if k == group["kind"]}
        unthemed = sum(r[4] for r in grouped if r[1] == group["kind"])
        assert {row["key"]: row["count"] for row in group["rows"]} == of_kind | ({"": unthemed} if unthemed else {})


def analysis(args) -> None:
    dataset(args)
    from django.test import Client
    from django.utils import timezone

    from vigie.core.calendar import WorkingCalendar
    from vigie.core.periods import Period
    from vigie.organisation.enums import Role
    from vigie.organisation.models import Department, RoleAssignment
    from vigie.register.analysis.figures import analyse, previous_period, received_in
    from vigie.register.requests.queries import visible_requests

    department = Department.objects.get(code="01")
    officer = RoleAssignment.objects.filter(role=Role.QUALITY_OFFICER, department=department).first().user
    year = 2025
    period = Period.of_year(year)
    today = WorkingCalendar.for_department(department.code).local_date(timezone.now())
    requests = visible_requests(officer).filter(department=department)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(officer)

    def vigie_function():
        return analyse(
            received_in(requests, period), today=today, previous=received_in(requests, previous_period(period))
        )

    def vigie_page():
        response = client.get(f"/demandes/analyse/?year={year}")
        assert response.status_code == 200
        return response

    def anchor():
        return analysis_anchor(department.pk, year, today)

    _check(vigie_function(), anchor())
    total = vigie_function()["total"]
    label = "analyse d'une année, référent qualité ({} demandes)".format(f"{total:,}".replace(",", "\u202f"))
    v, a = ab(vigie_function, anchor, runs=args.runs)
    line(label + " : fonction", v, a, f"{_statements(vigie_function)} requêtes")
    v, a = ab(vigie_page, anchor, runs=args.runs)
    line(label + " : page", v, a, f"{_statements(vigie_page)} requêtes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)
    analysis(args)


if __name__ == "__main__":
    main()

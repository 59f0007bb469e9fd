"""Issue 17: the agent's list and the quality officer's analysis against their bare anchors (see issue17.py).

    .venv/bin/python bench/issue17.py list [--reuse]      # or: .venv/bin/python bench/issue17_list.py [--reuse]

Its own PostgreSQL database vigie_bench_lists (bench/register.generate(1, 8, 4, 5, 20000): 1 department, 8 sites,
4 services each, 5 themes, 20 000 requests a year on 2025 and 2026), recreated unless --reuse.

The list has two anchors: the SQL alone (the page's 50 rows and the 6 tab counts, two statements), and a bare Django
view (bench/lists_urls.py) reached through the same test client, middleware and session, that runs the same two
statements and renders the 50 rows in a plain template. The analysis has one: three hand-written statements.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from common import setup
from issue17 import ab, line

DATABASE = "vigie_bench_lists"

# the agent's list, « toutes »: the page (50 rows, the list's order) and the tab counts, in one statement each
PAGE_SQL = (
    "SELECT r.reference, r.subject, r.received_date, r.due_date, r.status, s.name, v.name, r.replied_at "
    "FROM register_userrequest r JOIN organisation_site s ON s.id = r.site_id "
    "LEFT JOIN organisation_service v ON v.id = r.service_id WHERE r.service_id = %s "
    "ORDER BY r.due_date, r.received_at, r.id LIMIT 50"
)
COUNTS_SQL = (
    "SELECT COUNT(*), COUNT(*) FILTER (WHERE replied_at IS NULL AND status <> 'closed' AND due_date < %s), "
    "COUNT(*) FILTER (WHERE replied_at IS NULL AND status <> 'closed' AND due_date = %s), "
    "COUNT(*) FILTER (WHERE replied_at IS NULL AND status <> 'closed' AND due_date > %s AND due_date <= %s), "
    "COUNT(*) FILTER (WHERE status IN ('received', 'acknowledged', 'assigned') AND service_id IS NULL), "
    "COUNT(*) FILTER (WHERE status IN ('received', 'acknowledged', 'assigned') AND replied_at IS NOT NULL), "
    "COUNT(*) FILTER (WHERE status IN ('received', 'acknowledged', 'assigned')) "
    "FROM register_userrequest WHERE service_id = %s"
)


def list_anchor(service_pk: int, today: dt.date, soon: dt.date) -> tuple[list, tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(PAGE_SQL, [service_pk])
        page = cursor.fetchall()
        cursor.execute(COUNTS_SQL, [today, today, today, soon, service_pk])
        return page, cursor.fetchone()


def dataset(args) -> None:
    """Its own PostgreSQL database, generated unless --reuse (then ANALYZE, as autovacuum would)."""
    setup(DATABASE, postgres=True, reuse=args.reuse)
    from django.db import connection

    if not args.reuse:
        from register import generate

        rows, links, seconds = generate(1, 8, 4, 5, 20_000)
        print(f"génération : {rows:,} demandes, {links:,} liens aux thèmes en {seconds:.0f} s".replace(",", " "))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _statements(fn) -> int:
    """Statements of one call (an execute wrapper: the test client's requests reset Django's query log)."""
    from django.db import connection

    statements: list[str] = []
    with connection.execute_wrapper(lambda execute, sql, *rest: statements.append(sql) or execute(sql, *rest)):
        fn()
    return len(statements)


def agent_list(args) -> None:
    dataset(args)
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django.test.utils import override_settings

    from vigie.organisation.enums import Role
    from vigie.organisation.models import Department, Service
    from vigie.organisation.services import assign_role
    from vigie.register.models import UserRequest
    from vigie.register.requests.queries import department_days

    override_settings(ROOT_URLCONF="lists_urls").enable()  # Vigie's URLs plus the bare view
    department = Department.objects.get(code="01")
    site = department.sites.order_by("code").first()
    service = Service.objects.filter(site=site).order_by("code").first()
    agent, _ = get_user_model().objects.get_or_create(username="bench-agent-17")
    assign_role(user=agent, role=Role.SERVICE_AGENT, service=service)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(agent)
    today, soon = department_days(agent)[department.pk]  # the department's today and last « due soon » day

    def vigie_list():
        response = client.get("/demandes/?onglet=all")
        assert response.status_code == 200
        return response

    def sql_anchor():
        return list_anchor(service.pk, today, soon)

    def view_anchor():
        response = client.get(f"/bench/liste-nue/?service={service.pk}&today={today}&soon={soon}")
        assert response.status_code == 200
        return response

    # the same values: the total, the 6 tab counts, the 50 references in order
    total = UserRequest.objects.filter(service=service).count()
    page, counts = sql_anchor()
    html = vigie_list().content.decode().replace("\u202f", "").replace("\xa0", "")
    assert counts[0] == total and f"— {total} demandes" in html, total
    for (_, label), count in zip(
        [
            ("late", "En retard"),
            ("today", "Échéance aujourd'hui"),
            ("soon", "Échéance proche"),
            ("unassigned", "Non attribuées"),
            ("reopened", "Rouvertes"),
            ("open", "Toutes les ouvertes"),
        ],
        counts[1:],
        strict=True,
    ):
        assert f"{label.replace(chr(39), '&#x27;')} ({count})" in html, (label, count)
    positions = [html.index(f">{row[0]}</a>") for row in page]
    assert positions == sorted(positions) and len(page) == 50
    bare = view_anchor().content.decode()
    assert all(row[0] in bare for row in page) and f"({counts[0]})" in bare

    queries = _statements(vigie_list)
    v, a_sql = ab(vigie_list, sql_anchor, runs=args.runs)
    v2, a_view = ab(vigie_list, view_anchor, runs=args.runs)
    label = "liste d'un agent, « toutes » ({} demandes du service)".format(f"{total:,}".replace(",", "\u202f"))
    line(label + " / SQL seul", v, a_sql, f"{queries} requêtes")
    line(label + " / vue Django nue", v2, a_view, f"vue nue : {_statements(view_anchor)} requêtes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)
    agent_list(args)


if __name__ == "__main__":
    main()

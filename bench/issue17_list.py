"""Issue 17: the agent's list against its SQL (see issue17.py)."""

from __future__ import annotations

import datetime as dt

from common import setup
from issue17 import ab, line


def agent_list(args) -> None:
    setup("vigie_bench_issue17_register", postgres=True, reuse=True)
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from vigie.organisation.enums import Role
    from vigie.organisation.models import Department, Service
    from vigie.organisation.services import assign_role
    from vigie.register.models import UserRequest

    department = Department.objects.get(code="01")
    site = department.sites.order_by("code").first()
    service = Service.objects.filter(site=site).order_by("code").first()

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

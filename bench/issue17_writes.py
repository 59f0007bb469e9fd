"""Issue 17: creation of a request against a bare Django insert (see issue17.py)."""

from __future__ import annotations

import time

from common import setup
from issue17 import ab, line


def writes(args) -> None:
    setup("vigie_bench_issue17_register", postgres=True, reuse=args.reuse)
    import datetime as dt

    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext
    from register import generate

    from vigie.organisation.models import Department, Service
    from vigie.register.analysis.indicators import publish_register_indicators
    from vigie.register.models import RequestEvent, UserRequest
    from vigie.register.requests.indicator_cells import recompute_cells
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
    print(
        f"  création : {len(captured)} requêtes SQL (la transaction de création, puis la mise en file du recalcul "
        "de sa cellule quand la marque est nouvelle et de l'accusé de réception ; le recalcul est celui du worker)"
    )
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
        vigie_create()  # its cell marked: what the worker then recomputes
        started = time.perf_counter()
        recompute_cells(department=department)
        line("  (recalcul de sa cellule par le worker)", time.perf_counter() - started, None)
        started = time.perf_counter()
        publish_register_indicators(department=department, year=year)
        line("  (pour mémoire : recalcul de toute l'année, l'ancien coût)", time.perf_counter() - started, None)

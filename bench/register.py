"""National-scale benchmark of the requests register. Prints figures; never run by the test suite.

    .venv/bin/python bench/register.py                       # SQLite, bench/out/vigie_bench_register.sqlite3
    .venv/bin/python bench/register.py --postgres            # PostgreSQL database vigie_bench_register (dropped first)
    options: --departments 101 --sites 8 --services 4 --themes 5 --per-year 20000 --reuse

Full scale = 101 departments × 2 years (2025 and 2026 up to the fixed "today", 2026-11-23) × 20 000 requests
≈ 4 million requests. Rows are written with bulk_create (services.create_request is one request at a time);
received/due dates come from vigie.core.calendar.WorkingCalendar of each department.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import time

from common import CODES, setup, timed

PG_DATABASE = "vigie_bench_register"
TODAY = dt.date(2026, 11, 23)  # a Monday: the digests are sent
YEARS = (2025, 2026)
UNANSWERED_LATE = 0.03  # share of past requests left without a reply


class FastCalendar:
    """WorkingCalendar's due_date and delay through a sorted list of working days (checked against it)."""

    def __init__(self, calendar, start: dt.date, end: dt.date) -> None:
        self.calendar = calendar
        days = (start + dt.timedelta(days=n) for n in range((end - start).days + 1))
        self.working = [d for d in days if calendar.is_working_day(d)]

    def due_date(self, received: dt.date, working_days: int) -> dt.date:
        return self.working[bisect.bisect_right(self.working, received) + working_days - 1]

    def delay(self, received: dt.date, replied: dt.date) -> int:
        return bisect.bisect_right(self.working, replied) - bisect.bisect_right(self.working, received)


def generate(departments: int, sites: int, services: int, themes: int, per_year: int) -> tuple[int, int, float]:
    import random
    import uuid

    from django.contrib.auth import get_user_model
    from django.db import transaction

    from vigie.core.calendar import WorkingCalendar
    from vigie.frameworks.queries import default_deadline
    from vigie.organisation.enums import Role
    from vigie.organisation.models import Department, RoleAssignment, Service, Site
    from vigie.register.enums import Channel, Kind, Status
    from vigie.register.models import ReferenceCounter, Theme, UserRequest

    User = get_user_model()  # noqa: N806
    Through = UserRequest.themes.through  # noqa: N806
    started = time.perf_counter()
    rng = random.Random(2026)  # noqa: S311 - synthetic data
    kinds = [Kind.COMPLAINT] * 4 + [Kind.INFORMATION] * 4 + [Kind.SUGGESTION, Kind.THANKS, Kind.OTHER]
    channels = [Channel.EMAIL] * 3 + [Channel.WEB] * 2 + [Channel.LETTER] * 2 + list(Channel.values)
    total = links = 0
    checked = False
    for code in CODES[:departments]:
        with transaction.atomic():
            department = Department.objects.create(code=code, name=f"Département {code}", population=500_000)
            site_objs = Site.objects.bulk_create(
                Site(department=department, code=f"site-{s}", name=f"Site {s}", kind="prefecture") for s in range(sites)
            )
            service_objs = Service.objects.bulk_create(
                Service(site=site, code=f"svc-{v}", name=f"Service {v} du site {site.code}")
                for site in site_objs
                for v in range(services)
            )
            theme_objs = Theme.objects.bulk_create(
                Theme(department=department, name=f"Thème {t}") for t in range(themes)
            )
            # people who receive the digests: one agent per service, one quality officer per department
            agents = User.objects.bulk_create(
                User(username=f"agent-{code}-{s.pk}", email=f"agent-{code}-{s.pk}@example.test", is_active=True)
                for s in service_objs
            )
            officer = User.objects.create(username=f"qualite-{code}", email=f"qualite-{code}@example.test")
            RoleAssignment.objects.bulk_create(
                [
                    RoleAssignment(user=u, role=Role.SERVICE_AGENT, service=s)
                    for u, s in zip(agents, service_objs, strict=True)
                ]
                + [RoleAssignment(user=officer, role=Role.QUALITY_OFFICER, department=department)]
            )
            calendar = WorkingCalendar.for_department(code)
            fast = FastCalendar(calendar, dt.date(YEARS[0] - 1, 12, 1), dt.date(YEARS[-1] + 1, 3, 31))
            if not checked:  # the shortcut must give WorkingCalendar's answers
                for day in (dt.date(2025, 4, 18), dt.date(2025, 12, 24), dt.date(2026, 5, 7), TODAY):
                    for n in (5, 10):
                        assert fast.due_date(day, n) == calendar.due_date(day, n)
                        replied = day + dt.timedelta(days=n + 3)
                        assert fast.delay(day, replied) == calendar.delay(day, replied)
                checked = True
            zone = calendar.time_zone
            for year in YEARS:
                first = dt.date(year, 1, 1)
                last = min(dt.date(year, 12, 31), TODAY)
                span = (last - first).days
                received = sorted(
                    dt.datetime.combine(
                        first + dt.timedelta(days=rng.randint(0, span)),
                        dt.time(rng.randint(7, 18), rng.randint(0, 59)),
                        tzinfo=zone,
                    )
                    for _ in range(per_year)
                )
                batch, theme_choice = [], []
                for n, received_at in enumerate(received, start=1):
                    received_date = received_at.date()
                    kind, channel = rng.choice(kinds), rng.choice(channels)
                    days = default_deadline(kind, channel)
                    due = fast.due_date(received_date, days) if days is not None else None
                    service = rng.choice(service_objs)
                    request = UserRequest(
                        public_id=uuid.uuid4(),
                        department=department,
                        reference=f"{code}-{year}-{n:06d}",
                        kind=kind,
                        channel=channel,
                        received_at=received_at,
                        received_date=received_date,
                        site_id=service.site_id,
                        service=service,
                        subject=f"Demande {n} de {year}",
                        text="Texte de la demande.",
                        deadline_days=days,
                        due_date=due,
                        tracking_token=uuid.uuid4().hex,
                    )
                    if days is None:
                        replied_date = received_date  # phone, counter, thanks: answered at once
                    else:
                        replied_date = fast.due_date(received_date, max(0, rng.randint(-3, days + 2)))
                        if rng.random() < UNANSWERED_LATE:
                            replied_date = None  # forgotten: late (or due soon when recent)
                    if replied_date is None or replied_date >= TODAY:
                        # still open: received recently (due today or soon) or forgotten (late)
                        if rng.random() < 0.05:
                            request.service, request.status = None, Status.RECEIVED
                        else:
                            request.status = Status.ASSIGNED
                    else:
                        request.status = Status.CLOSED if rng.random() < 0.7 else Status.ANSWERED
                        request.replied_at = dt.datetime.combine(replied_date, dt.time(15, 30), tzinfo=zone)
                        request.replied_date = replied_date
                        request.delay_working_days = fast.delay(received_date, replied_date)
                        request.on_time = None if due is None else replied_date <= due
                        request.reply_text = "Réponse."
                        if request.status == Status.CLOSED:
                            request.closed_at = request.replied_at
                    batch.append(request)
                    theme_choice.append(rng.sample(theme_objs, 2 if rng.random() < 0.3 else 1))
                UserRequest.objects.bulk_create(batch, batch_size=2000)
                if batch[0].pk is None:  # backend without RETURNING: read the keys back
                    keys = dict(
                        UserRequest.objects.filter(department=department, received_date__year=year).values_list(
                            "reference", "pk"
                        )
                    )
                    for r in batch:
                        r.pk = keys[r.reference]
                rows = [
                    Through(userrequest_id=r.pk, theme_id=t.pk)
                    for r, chosen in zip(batch, theme_choice, strict=True)
                    for t in chosen
                ]
                Through.objects.bulk_create(rows, batch_size=10_000)
                ReferenceCounter.objects.create(department=department, year=year, last=len(batch))
                total += len(batch)
                links += len(rows)
    return total, links, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="reuse the dataset of the previous run")
    parser.add_argument("--departments", type=int, default=101)
    parser.add_argument("--sites", type=int, default=8)
    parser.add_argument("--services", type=int, default=4, help="services per site")
    parser.add_argument("--themes", type=int, default=5)
    parser.add_argument("--per-year", type=int, default=20_000, help="requests per department and year")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database", default=PG_DATABASE, help="name of the SQLite file / PostgreSQL database")
    parser.add_argument("--explain", action="store_true", help="print the query plans of the slow queries")
    args = parser.parse_args()
    setup(args.database, postgres=args.postgres, reuse=args.reuse)

    from unittest import mock
    from zoneinfo import ZoneInfo

    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from vigie.organisation.enums import Role
    from vigie.organisation.models import Department, RoleAssignment, Service
    from vigie.organisation.services import assign_role
    from vigie.register.analysis.indicators import publish_register_indicators
    from vigie.register.models import OutboxMessage, RequestEvent, UserRequest
    from vigie.register.requests.digest import escalate_late_requests, send_daily_digests

    if not args.reuse:
        rows, links, seconds = generate(args.departments, args.sites, args.services, args.themes, args.per_year)
        print(f"génération : {rows:,} demandes, {links:,} liens aux thèmes en {seconds:.1f} s".replace(",", " "))
    if connection.vendor == "postgresql":  # planner statistics after a bulk load, as autovacuum would gather
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    count = UserRequest.objects.count()
    department = Department.objects.order_by("code").first()
    service = Service.objects.filter(site__department=department).order_by("pk").first()
    year = 2025
    now = dt.datetime.combine(TODAY, dt.time(7, 0), tzinfo=ZoneInfo("Europe/Paris"))

    User = get_user_model()  # noqa: N806
    agent, _ = User.objects.get_or_create(username="bench-agent")
    assign_role(user=agent, role=Role.SERVICE_AGENT, service=service)
    officer = RoleAssignment.objects.get(role=Role.QUALITY_OFFICER, department=department).user
    agent_client, officer_client = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    agent_client.force_login(agent)
    officer_client.force_login(officer)

    national_client = Client(HTTP_HOST="127.0.0.1")
    national_client.force_login(User.objects.get_or_create(username="bench-admin", is_superuser=True)[0])
    api_client = officer_client  # the API also takes the web session

    # the views take today from the clock: pin it to the dataset's "today" (10:00 in Paris)
    real_localdate = timezone.localdate
    pinned_now = dt.datetime.combine(TODAY, dt.time(10, 0), tzinfo=ZoneInfo("Europe/Paris"))

    def localdate(value=None, timezone=None):  # noqa: A002 - same signature as django.utils.timezone
        return TODAY if value is None else real_localdate(value, timezone)

    def get(client, url):
        def fetch():
            with (
                mock.patch.object(timezone, "localdate", localdate),
                mock.patch.object(timezone, "now", lambda: pinned_now),
            ):
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if response.get("Content-Disposition", "").startswith("attachment"):
                sizes[url] = len(response.content)

        return fetch

    sizes: dict[str, int] = {}

    def background_export():
        """What the worker does for a large selection (build_request_export), the file written to MEDIA_ROOT."""
        from django.http import QueryDict

        from vigie.register.models import RequestExport
        from vigie.register.requests.exports import build_export

        for old in RequestExport.objects.all():
            old.file.delete(save=False)
            old.delete()
        export = RequestExport.objects.create(requested_by=officer, query="onglet=all", label="Toutes")
        with mock.patch.object(timezone, "now", lambda: pinned_now):
            export = build_export(export)
        assert export.status == "done", export.error
        sizes[f"export en arrière-plan ({export.done} lignes)"] = export.file.size
        assert QueryDict(export.query)["onglet"] == "all"

    def reset_outbox():
        OutboxMessage.objects.all().delete()
        RequestEvent.objects.filter(action=RequestEvent.Action.ESCALATED).delete()
        UserRequest.objects.exclude(escalated_at=None).update(escalated_at=None)

    figures = [
        ("liste d'un agent (1 service), onglet en retard", get(agent_client, "/demandes/?onglet=late")),
        ("liste d'un agent (1 service), onglet toutes", get(agent_client, "/demandes/?onglet=all")),
        ("liste du référent qualité (1 département), en retard", get(officer_client, "/demandes/?onglet=late")),
        ("liste du référent qualité (1 département), toutes", get(officer_client, "/demandes/?onglet=all")),
        (f"analyse annuelle {year} (référent qualité)", get(officer_client, f"/demandes/analyse/?annee={year}")),
        ("liste de l'administrateur national (pays), en retard", get(national_client, "/demandes/?onglet=late")),
        (
            "liste de l'administrateur national (pays), toutes, page 100",
            get(national_client, "/demandes/?onglet=all&page=100"),
        ),
        ("API : 100 demandes du département, en retard", get(api_client, "/api/v1/requests?due=late&limit=100")),
        (
            "API : 100 demandes du département, offset 10 000",
            get(api_client, "/api/v1/requests?limit=100&offset=10000"),
        ),
        (
            "export XLSX immédiat, agent (1 service), toutes",
            get(agent_client, "/demandes/export.xlsx?onglet=all"),
        ),
        ("export XLSX en arrière-plan, référent qualité, toutes (2 ans)", background_export),
        (
            f"publish_register_indicators (1 département, {year})",
            lambda: publish_register_indicators(department=department, year=year, today=TODAY),
        ),
    ]
    results = [(label, *timed(fn, args.runs)) for label, fn in figures]
    results.append(("send_daily_digests (pays)", *timed(lambda: send_daily_digests(now=now), args.runs, reset_outbox)))
    digests = OutboxMessage.objects.count()
    results.append(
        ("escalate_late_requests (pays)", *timed(lambda: escalate_late_requests(now=now), args.runs, reset_outbox))
    )
    escalated = UserRequest.objects.exclude(escalated_at=None).count()
    reset_outbox()
    late = UserRequest.objects.filter(replied_at=None, due_date__lt=TODAY).exclude(status="closed").count()
    print(
        f"base : {connection.vendor}, {count:,} demandes ; aujourd'hui = {TODAY} ; {late:,} en retard ; "
        f"{digests:,} courriels de rappel ; {escalated:,} demandes signalées".replace(",", " ")
    )
    for label, seconds, queries in results:
        print(f"  {label:<62} {seconds * 1000:9.1f} ms  {queries:5d} requêtes")
    for url, size in sizes.items():
        print(f"  fichier {url} : {size / 1024:,.0f} Kio".replace(",", " "))
    if args.explain:
        explain(department, service, year)


def explain(department, service, year) -> None:
    """Query plans of the queries behind the figures."""
    from django.db.models import Q

    from vigie.register.models import UserRequest

    queries = {
        "agent, en retard": UserRequest.objects.filter(
            Q(service__pk__in=[service.pk]), replied_at=None, due_date__lt=TODAY
        )
        .select_related("site", "service")
        .order_by("due_date", "received_at")[:200],
        "agent, toutes": UserRequest.objects.filter(Q(service__pk__in=[service.pk]))
        .select_related("site", "service")
        .order_by("due_date", "received_at")[:200],
        "référent, toutes": UserRequest.objects.filter(Q(department__pk__in=[department.pk]))
        .select_related("site", "service")
        .order_by("due_date", "received_at")[:200],
        "analyse, année": UserRequest.objects.filter(department=department, received_date__year=year)
        .exclude(deadline_days=None)
        .values_list("kind", "due_date"),
        "rappel, département": UserRequest.objects.filter(department=department, replied_at=None, due_date__lte=TODAY)
        .exclude(status="closed")
        .select_related("service", "site")
        .order_by("due_date", "reference"),
    }
    for label, qs in queries.items():
        print(f"\n-- {label}\n{qs.explain()}")


if __name__ == "__main__":
    main()

"""What each role's home shows, as frozen results read through each app's queries (bounded queries: none grows
with the number of requests, sites, indicators or actions)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from vigie.audits.queries import DueItem, department_timeline
from vigie.committees.queries import visible_meetings
from vigie.frameworks.models import Indicator
from vigie.improvement.queries import ActionSummary, open_actions
from vigie.indicators.dashboard import build_dashboard
from vigie.indicators.models import Measurement, MeasurementChange, Source
from vigie.indicators.queries import Result
from vigie.organisation.models import Department, Site
from vigie.register.requests.queries import UNANSWERED, department_days, due_filters, visible_requests
from vigie.surveys.kinds.satisfaction.queries import department_campaigns

AGENT_LIST_LIMIT = 50
DUE_NEXT_LIMIT = 6


@dataclass(frozen=True)
class ServiceLoad:
    site: str
    service: str
    late: int
    today: int
    soon: int


@dataclass(frozen=True)
class RequestLine:
    reference: str
    subject: str
    kind: str
    place: str
    due_date: dt.date
    state: str  # late | today | soon


@dataclass(frozen=True)
class RequestsDue:
    lines: list[RequestLine]
    late: int
    today: int
    soon: int
    by_service: list[ServiceLoad] = field(default_factory=list)


def requests_due(user, *, with_lines: bool, now: dt.datetime | None = None) -> RequestsDue:
    """The user's unanswered requests late, due today and due soon (each department judged at its own date): counts
    per service (2 queries) and, `with_lines`, the requests themselves, soonest first (1 more)."""
    days = department_days(user, now)
    filters = due_filters(days)
    open_requests = visible_requests(user).filter(UNANSWERED)
    counted = (
        open_requests.filter(filters["late"] | filters["today"] | filters["soon"])
        .values("site__name", "service__name")
        .annotate(
            late=Count("pk", filter=filters["late"]),
            today=Count("pk", filter=filters["today"]),
            soon=Count("pk", filter=filters["soon"]),
        )
        .order_by("site__name", "service__name")
    )
    by_service = [
        ServiceLoad(row["site__name"], row["service__name"] or "sans service", row["late"], row["today"], row["soon"])
        for row in counted
    ]
    lines: list[RequestLine] = []
    if with_lines:
        rows = (
            open_requests.filter(filters["late"] | filters["today"] | filters["soon"])
            .select_related("site", "service")
            .order_by("due_date", "received_at")[:AGENT_LIST_LIMIT]
        )
        for r in rows:
            today = days[r.department_id][0]
            state = "late" if r.due_date < today else "today" if r.due_date == today else "soon"
            place = f"{r.service.name} — {r.site.name}" if r.service else r.site.name
            lines.append(RequestLine(r.reference, r.subject, r.get_kind_display(), place, r.due_date, state))
    return RequestsDue(
        lines,
        late=sum(s.late for s in by_service),
        today=sum(s.today for s in by_service),
        soon=sum(s.soon for s in by_service),
        by_service=by_service,
    )


@dataclass(frozen=True)
class KeyResult:
    indicator: Indicator
    result: Result
    anchor: str


@dataclass(frozen=True)
class Results:
    year: int
    results: list[KeyResult]

    @property
    def under_target(self) -> list[KeyResult]:
        return [r for r in self.results if r.result.met is False]


def key_results(
    department: Department,
    sites: list[Site],
    today: dt.date,
    *,
    site: Site | None = None,
    whole_department: bool = True,
) -> Results:
    """The results of the labelling scope's indicators (and the local ones) against their target, for the
    department or one `site` of it (as its dashboard shows them), in the last year measured up to this one (the
    previous one in January; an older one for a site measured only by an annual survey). Bounded: one query for
    the years, then indicators/dashboard.py for one year (two if the last one has nothing in the scope)."""
    measured = Measurement.objects.filter(department=department, year__lte=today.year)
    if site is not None:
        measured = measured.filter(site=site)
    years = measured.values_list("year", flat=True).distinct().order_by("-year")[:2]
    for year in years:
        dashboard = build_dashboard(
            department=department, year=year, sites=sites, site=site, whole_department=whole_department
        )
        results = [KeyResult(c.indicator, c.year_result, c.anchor) for c in dashboard.measured]
        if results:
            return Results(year, results)
    return Results(today.year, [])


@dataclass(frozen=True)
class ImportLine:
    day: dt.date
    indicator: str  # the indicator's name: the code (« TEL-DECROCHE ») means nothing to a reader
    changes: int


@dataclass(frozen=True)
class DueNext:
    items: list[DueItem]
    overdue_actions: list[ActionSummary]
    open_action_count: int
    campaigns: list  # campaigns in progress or to come (surveys' queries)
    imports: list[ImportLine]
    meetings: list = field(default_factory=list)  # committee meetings to come, the reader may open (committees)


def due_next(user, department: Department, sites: list[Site], today: dt.date, *, site: Site | None = None) -> DueNext:
    timeline = [item for item in department_timeline(department, sites, today) if item.date >= today]
    actions = open_actions(department=department, site=site, at=today)
    overdue = [a for a in actions if a.due_date is not None and a.due_date < today]
    campaigns = [c for c in department_campaigns(user, department) if c.end >= today]
    since = timezone.now() - dt.timedelta(days=30)
    imported = (
        MeasurementChange.objects.filter(
            source=Source.IMPORTED, changed_at__gte=since, measurement__department=department
        )
        .values("changed_at__date", "measurement__indicator__code", "measurement__indicator__name")
        .annotate(changes=Count("pk"))
        .order_by("-changed_at__date", "measurement__indicator__code")[:10]
    )
    imports = [ImportLine(r["changed_at__date"], r["measurement__indicator__name"], r["changes"]) for r in imported]
    meetings = (
        []
        if site is not None  # committees are the department's
        else list(
            visible_meetings(user)
            .filter(committee__department=department, cancelled_at__isnull=True, starts_at__date__gte=today)
            .select_related("committee")
            .order_by("starts_at")[:DUE_NEXT_LIMIT]
        )
    )
    return DueNext(timeline[:DUE_NEXT_LIMIT], overdue, len(actions), campaigns, imports, meetings)

"""Reads of action plans: permission-checked fetches, the summaries other applications show on their pages, and the
completion of plans at a date (one aggregate query per set of plans, the means in rules.py)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from uuid import UUID

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from vigie.indicators.queries import find_indicator, indicator_results
from vigie.organisation.models import Department, Site
from vigie.organisation.perms import scope_for

from .enums import OPEN_STATUSES, ActionStatus
from .models import Action, ActionEvent, ActionPlan
from .perms import can_read_action, can_read_plan


@dataclass(frozen=True)
class ActionSummary:
    public_id: UUID
    title: str
    status: str
    status_label: str
    progress: int
    due_date: dt.date | None
    url: str
    is_open: bool
    origin_label: str
    origin_year: int | None = None


def summary_of(action: Action) -> ActionSummary:
    return ActionSummary(
        public_id=action.public_id,
        title=action.title,
        status=action.status,
        status_label=action.get_status_display(),
        progress=action.progress,
        due_date=action.due_date,
        url=reverse("action_detail", kwargs={"action_id": action.public_id}),
        is_open=action.status in OPEN_STATUSES,
        origin_label=action.origin_label,
        origin_year=action.origin_year,
    )


def actions_for_origins(
    *, app: str, kind: str, public_ids: Iterable[str], years: Iterable[int] | None = None
) -> dict[str, list[ActionSummary]]:
    """The actions raised from each origin object (by its public id), in one query; origins without any action
    are absent from the result. `years`: only the origins of those years (a complaint theme of a year)."""
    ids = [str(public_id) for public_id in public_ids]
    found: dict[str, list[ActionSummary]] = defaultdict(list)
    if not ids:
        return {}
    actions = Action.objects.filter(origin_app=app, origin_kind=kind, origin_public_id__in=ids).order_by(
        "opened_on", "id"
    )
    if years is not None:
        actions = actions.filter(origin_year__in=list(years))
    for action in actions:
        found[action.origin_public_id].append(summary_of(action))
    return dict(found)


@dataclass(frozen=True)
class AimedYear:
    """The result of an aimed indicator for one year, with its basis."""

    year: int
    value: float | None
    numerator: int | float | None
    denominator: int | float | None


@dataclass(frozen=True)
class AimedFigures:
    """The « avant / après » of the indicator an action aims at: its result the year before the action was opened,
    and that of the latest complete year after it (or of the given year), each with its basis; None when not
    measured."""

    code: str
    name: str
    unit: str
    numerator_label: str
    denominator_label: str
    site_name: str
    before: AimedYear | None
    after: AimedYear | None


def _figure(value) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value)
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else round(as_float, 4)


def _aimed_year(indicator, department: Department, site: Site | None, year: int) -> AimedYear | None:
    results = indicator_results(indicator=indicator, department=department, site=site, year=year, by="year")
    if not results or results[0].value is None:
        return None
    result = results[0]
    return AimedYear(year, float(result.value), _figure(result.numerator), _figure(result.denominator))


def aimed_indicator_figures(action: Action, year: int | None = None) -> AimedFigures | None:
    """The before / after of the action's aimed indicator (None without one): « avant » is the year before the
    action was opened; « après » is `year` (a publication's year) or else the latest complete year, when it comes
    after the action was opened."""
    if not action.aimed_indicator:
        return None
    department = action.theme.axis.plan.department
    indicator = find_indicator(action.aimed_indicator, department)
    if indicator is None:
        return None
    site = action.aimed_site
    before_year = action.opened_on.year - 1
    after_year = year if year is not None else timezone.localdate().year - 1
    return AimedFigures(
        code=indicator.code,
        name=indicator.name,
        unit=indicator.unit,
        numerator_label=indicator.numerator,
        denominator_label=indicator.denominator,
        site_name=site.name if site else "",
        before=_aimed_year(indicator, department, site, before_year),
        after=_aimed_year(indicator, department, site, after_year) if after_year > before_year else None,
    )


def voice_actions(
    *, department: Department, year: int, kinds: Iterable[str]
) -> list[tuple[str, ActionSummary, AimedFigures | None]]:
    """The department's actions raised from the users' voice (origins of the given kinds: a complaint theme, a survey
    criterion, an SP+ experience, a committee intervention…) in plans of `year` or opened that year: the « vous avez
    dit, nous avons fait » of the published results. Each with its origin's kind and the before / after of the
    indicator it aims at (the « après » of `year`)."""
    actions = (
        Action.objects.filter(theme__axis__plan__department=department, origin_kind__in=list(kinds))
        .filter(Q(theme__axis__plan__year=year) | Q(opened_on__year=year))
        .select_related("theme__axis__plan__department", "aimed_site")
        .order_by("origin_kind", "opened_on", "id")
        .distinct()
    )
    return [(action.origin_kind, summary_of(action), aimed_indicator_figures(action, year)) for action in actions]


def open_actions(*, department: Department, site: Site | None = None, at: dt.date | None = None) -> list[ActionSummary]:
    """The department's actions open (planned or in progress) at a date (today by default), from their history;
    with a site, those naming it. The summary shows the action as it stands now."""
    at = at or timezone.localdate()
    latest = ActionEvent.objects.filter(action=OuterRef("pk"), on__lte=at).order_by("-on", "-id")
    actions = (
        Action.objects.filter(theme__axis__plan__department=department, opened_on__lte=at)
        .annotate(status_at=Subquery(latest.values("status")[:1]))
        .filter(status_at__in=OPEN_STATUSES)
        .order_by("due_date", "opened_on", "id")
    )
    if site is not None:
        actions = actions.filter(sites=site)
    return [summary_of(action) for action in actions]


def visible_plans(user: User | AnonymousUser) -> QuerySet[ActionPlan]:
    scope = scope_for(user)
    plans = ActionPlan.objects.select_related("department", "site")
    if scope.national:
        return plans
    return plans.filter(
        Q(department__in=scope.read_departments)
        | Q(site__in=scope.read_sites)
        | Q(site=None, department__sites__in=scope.read_sites)
    ).distinct()


def get_plan_for_user(user: User | AnonymousUser, public_id: UUID) -> ActionPlan:
    plan = ActionPlan.objects.select_related("department", "site").filter(public_id=public_id).first()
    if plan is None or not can_read_plan(user, plan):
        raise Http404("Plan d'action introuvable.")
    return plan


def get_action_for_user(user: User | AnonymousUser, public_id: UUID) -> Action:
    action = (
        Action.objects.select_related(
            "theme__axis__plan__department", "theme__axis__plan__site", "owner_user", "owner_service"
        )
        .filter(public_id=public_id)
        .first()
    )
    if action is None or not can_read_action(user, action):
        raise Http404("Action introuvable.")
    return action


def owned_actions(user: User | AnonymousUser) -> list[Action]:
    """The open actions the user owns (named, or through their service)."""
    if not user.is_authenticated:
        return []
    scope = scope_for(user)
    return list(
        Action.objects.open()
        .filter(Q(owner_user=user) | Q(owner_service__in=scope.read_services))
        .select_related("theme__axis__plan__department")
        .order_by("due_date", "id")
    )


def latest_events_at(at: dt.date, actions: QuerySet[Action] | None = None) -> QuerySet[ActionEvent]:
    """The last history line on or before `at` of each of the actions (all by default): their state on that date.
    Driven from the actions: one index lookup (action, on) per action, then the lines by primary key."""
    actions = Action.objects.all() if actions is None else actions
    latest = ActionEvent.objects.filter(action=OuterRef("pk"), on__lte=at).order_by("-on", "-id").values("id")[:1]
    return ActionEvent.objects.filter(id__in=actions.order_by().annotate(last=Subquery(latest)).values("last"))


@dataclass(frozen=True)
class ThemeCounts:
    total: int  # sum of the progress of the counted actions
    counted: int
    abandoned: int


def theme_counts_at(plan_ids: Iterable[int], at: dt.date, *, site: Site | None = None) -> dict[int, ThemeCounts]:
    """Per theme of the plans: the counted actions' progress sum and number at `at`, and the actions abandoned
    then (left out). Actions inscribed after `at` have no history line yet, so they are not there. One query."""
    actions = Action.objects.filter(theme__axis__plan_id__in=list(plan_ids))
    if site is not None:
        actions = actions.filter(sites=site)
    return {key[0]: counts for key, counts in _counts(latest_events_at(at, actions), "action__theme_id").items()}


def theme_counts_by_site_at(plan_ids: Iterable[int], at: dt.date) -> dict[int, dict[int, ThemeCounts]]:
    """The same per site the actions name (site id → theme id → counts), in one query."""
    actions = Action.objects.filter(theme__axis__plan_id__in=list(plan_ids))
    events = latest_events_at(at, actions).filter(action__sites__isnull=False)
    by_site: dict[int, dict[int, ThemeCounts]] = defaultdict(dict)
    for (site_id, theme_id), counts in _counts(events, "action__sites", "action__theme_id").items():
        by_site[site_id][theme_id] = counts
    return dict(by_site)


def _counts(events: QuerySet[ActionEvent], *keys: str) -> dict[tuple, ThemeCounts]:
    abandoned = Q(status=ActionStatus.ABANDONED)
    rows = (
        events.order_by()
        .values(*keys)
        .annotate(
            total=Sum("progress", filter=~abandoned),
            counted=Count("id", filter=~abandoned),
            abandoned=Count("id", filter=abandoned),
        )
    )
    return {
        tuple(row[key] for key in keys): ThemeCounts(row["total"] or 0, row["counted"], row["abandoned"])
        for row in rows
    }


def percent(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


def action_states_at(plans, at: dt.date) -> dict[str, list[dict]]:
    """Per theme public id, the state of each of its actions at `at` (those inscribed by then), in one query."""
    rows = (
        latest_events_at(at, Action.objects.filter(theme__axis__plan__in=[plan.pk for plan in plans]))
        .values("action__public_id", "action__title", "action__theme__public_id", "progress", "status")
        .order_by("action__position", "action_id")
    )
    states: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        states[str(row["action__theme__public_id"])].append(
            {
                "id": row["action__public_id"],
                "title": row["action__title"],
                "progress": row["progress"],
                "status": row["status"],
            }
        )
    return dict(states)


def open_actions_for_sites(sites) -> dict[int, list[ActionSummary]]:
    """For the department and site pages (organisation.sections): each site's open actions, in one query."""
    links = (
        Action.sites.through.objects.filter(site__in=[site.pk for site in sites], action__status__in=OPEN_STATUSES)
        .select_related("action")
        .order_by("action__due_date", "action__id")
    )
    found: dict[int, list[ActionSummary]] = defaultdict(list)
    for link in links:
        found[link.site_id].append(summary_of(link.action))
    return dict(found)

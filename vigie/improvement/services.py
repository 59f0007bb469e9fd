"""Writes of action plans: keyword-only, typed, in a transaction, each change of an action kept in its history
(ActionEvent: who, when, field, before → after, and the action's progress and status after it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from vigie.frameworks.models import Commitment
from vigie.indicators.queries import find_indicator
from vigie.organisation.models import Department, Service, Site

from .enums import ActionStatus, RollUpRule
from .importing import ParsedPlan
from .models import Action, ActionEvent, ActionPlan, Axis, Evidence, Theme
from .origins import Origin

CORRECTIVE = "Actions correctives"


def _today() -> dt.date:
    return timezone.localdate()


@transaction.atomic
def get_or_create_plan(
    *,
    actor: User | None,
    department: Department,
    year: int,
    site: Site | None = None,
    title: str = "",
    rule: str = RollUpRule.THEMES,
) -> ActionPlan:
    """The plan of the department (or of one of its sites) for the year, created if there is none."""
    if site is not None and site.department_id != department.pk:
        raise ValidationError({"site": "Ce site n'appartient pas au département."})
    plan = ActionPlan.objects.filter(department=department, site=site, year=year).first()
    if plan is not None:
        return plan
    where = site.name if site else department.name
    plan = ActionPlan(
        department=department,
        site=site,
        year=year,
        title=title or f"Plan d'action {year} — {where}",
        rule=rule,
        created_by=actor,
    )
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def update_plan(
    *,
    actor: User | None,
    plan: ActionPlan,
    title: str,
    rule: str,
    published_completion: Decimal | None = None,
    published_at: dt.date | None = None,
) -> ActionPlan:
    plan.title, plan.rule = title, rule
    plan.published_completion, plan.published_at = published_completion, published_at
    plan.full_clean()
    plan.save()
    return plan


def _named_child(children, *, title: str, **fields):
    """The child (axis of a plan, theme of an axis) of that title, or a new one placed last."""
    child = children.filter(title=title).first()
    if child is None:
        position = (children.aggregate(m=Max("position"))["m"] or 0) + 1
        child = children.model(title=title, position=position, **fields)
        child.full_clean()
        child.save()
    return child


@transaction.atomic
def get_or_create_axis(*, plan: ActionPlan, title: str, published_completion: Decimal | None = None) -> Axis:
    return _named_child(plan.axes, title=title, plan=plan, published_completion=published_completion)


@transaction.atomic
def get_or_create_theme(*, axis: Axis, title: str, published_completion: Decimal | None = None) -> Theme:
    return _named_child(axis.themes, title=title, axis=axis, published_completion=published_completion)


def _check_on(action: Action, on: dt.date, *, field: str = "at") -> None:
    if on > _today():
        raise ValidationError({field: "La date ne peut pas être dans le futur."})
    if on < action.opened_on:
        raise ValidationError(
            {field: f"La date ne peut pas précéder l'inscription de l'action au plan ({action.opened_on:%d/%m/%Y})."}
        )
    last = action.events.aggregate(m=Max("on"))["m"]
    if last is not None and on < last:
        raise ValidationError(
            {field: f"La date ne peut pas précéder le dernier changement enregistré de l'action ({last:%d/%m/%Y})."}
        )


def _event(action: Action, *, actor: User | None, on: dt.date, field: str, before, after, comment: str = ""):
    return ActionEvent(
        action=action,
        on=on,
        recorded_at=timezone.now(),
        actor=actor,
        field=field,
        before="" if before is None else str(before),
        after="" if after is None else str(after),
        comment=comment,
        progress=action.progress,
        status=action.status,
    )


def _check_aimed(department: Department, code: str, site: Site | None) -> None:
    """The aimed indicator must exist for the department (national or its own); its site must be the department's."""
    if code and find_indicator(code, department) is None:
        raise ValidationError({"aimed_indicator": f"Indicateur inconnu : {code}."})
    if site is not None and site.department_id != department.pk:
        raise ValidationError({"aimed_site": "Ce site n'appartient pas au département du plan."})


@transaction.atomic
def create_action(
    *,
    actor: User | None,
    theme: Theme,
    title: str,
    on: dt.date | None = None,
    due_date: dt.date | None = None,
    owner_user: User | None = None,
    owner_service: Service | None = None,
    owner_label: str = "",
    sites: Iterable[Site] = (),
    commitments: Iterable[Commitment] = (),
    origin: Origin | None = None,
    progress: int = 0,
    status: str = ActionStatus.PLANNED,
    aimed_indicator: str = "",
    aimed_site: Site | None = None,
) -> Action:
    """A new action of a theme, inscribed in the plan on `on` (today by default; an imported plan gives its own
    date), with its first history line."""
    on = on or _today()
    if on > _today():
        raise ValidationError({"on": "La date ne peut pas être dans le futur."})
    sites = list(sites)
    department_id = theme.axis.plan.department_id
    if any(site.department_id != department_id for site in sites):
        raise ValidationError({"sites": "Un site n'appartient pas au département du plan."})
    if owner_service is not None and owner_service.site.department_id != department_id:
        raise ValidationError({"owner_service": "Ce service n'appartient pas au département du plan."})
    _check_aimed(theme.axis.plan.department, aimed_indicator, aimed_site)
    if status == ActionStatus.DONE:
        progress = 100
    action = Action(
        theme=theme,
        title=title,
        opened_on=on,
        due_date=due_date,
        owner_user=owner_user,
        owner_service=owner_service,
        owner_label=owner_label,
        progress=progress,
        status=status,
        aimed_indicator=aimed_indicator or "",
        aimed_site=aimed_site if aimed_indicator else None,
        created_by=actor,
        position=(theme.actions.aggregate(m=Max("position"))["m"] or 0) + 1,
    )
    if origin is not None:
        action.origin_app, action.origin_kind, action.origin_public_id = origin.app, origin.kind, origin.public_id
        action.origin_label, action.origin_url, action.origin_year = origin.label, origin.url, origin.year
    action.full_clean()
    action.save()
    action.sites.set(sites)
    action.commitments.set(list(commitments))
    _event(action, actor=actor, on=on, field="created", before="", after=title).save()
    return action


@transaction.atomic
def raise_action(
    *,
    actor: User | None,
    department: Department,
    year: int,
    title: str,
    origin: Origin | None = None,
    due_date: dt.date | None = None,
    sites: Iterable[Site] = (),
    commitments: Iterable[Commitment] = (),
    owner_label: str = "",
    axis_title: str = CORRECTIVE,
    theme_title: str = CORRECTIVE,
    aimed_indicator: str = "",
    aimed_site: Site | None = None,
) -> Action:
    """The entry for every application above improvement: an action put in the department's plan for the year
    (created if there is none), under the axis and theme named (created if there are none), with its origin."""
    plan = get_or_create_plan(actor=actor, department=department, year=year)
    theme = get_or_create_theme(axis=get_or_create_axis(plan=plan, title=axis_title), title=theme_title)
    return create_action(
        actor=actor,
        theme=theme,
        title=title,
        due_date=due_date,
        sites=sites,
        commitments=commitments,
        owner_label=owner_label,
        origin=origin,
        aimed_indicator=aimed_indicator,
        aimed_site=aimed_site,
    )


TRACKED = (
    "title",
    "due_date",
    "owner_user",
    "owner_service",
    "owner_label",
    "status",
    "abandon_reason",
    "progress",
    "aimed_indicator",
    "aimed_site",
)


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@transaction.atomic
def update_action(
    *,
    actor: User | None,
    action: Action,
    on: dt.date | None = None,
    comment: str = "",
    sites: Iterable[Site] | None = None,
    commitments: Iterable[Commitment] | None = None,
    **fields,
) -> Action:
    """Change an action's fields (title, due_date, owners, status, abandon_reason, progress, aimed_indicator and
    aimed_site); each changed field is a history line. Done means 100 %; abandoned needs a reason."""
    on = on or _today()
    _check_on(action, on)
    unknown = set(fields) - set(TRACKED)
    if unknown:
        raise ValueError(f"champs inconnus : {sorted(unknown)}")
    if "aimed_indicator" in fields or "aimed_site" in fields:
        fields["aimed_indicator"] = fields.get("aimed_indicator", action.aimed_indicator) or ""
        if not fields["aimed_indicator"]:
            fields["aimed_site"] = None
        _check_aimed(
            action.theme.axis.plan.department, fields["aimed_indicator"], fields.get("aimed_site", action.aimed_site)
        )
    if fields.get("status") == ActionStatus.DONE:
        fields["progress"] = 100
    if fields.get("status", action.status) == ActionStatus.ABANDONED and not fields.get(
        "abandon_reason", action.abandon_reason
    ):
        raise ValidationError({"abandon_reason": "Indiquez le motif de l'abandon."})
    planned = "status" not in fields and action.status == ActionStatus.PLANNED
    if planned and 0 < fields.get("progress", 0) < 100:
        fields["status"] = ActionStatus.IN_PROGRESS
    events = []
    for name, value in fields.items():
        before = getattr(action, name)
        if before == value:
            continue
        setattr(action, name, value)
        events.append((name, before, value))
    action.full_clean()
    action.save()
    for name, before, value in events:
        _event(
            action, actor=actor, on=on, field=name, before=_shown(before), after=_shown(value), comment=comment
        ).save()
    if sites is not None:
        sites = list(sites)
        if any(site.department_id != action.theme.axis.plan.department_id for site in sites):
            raise ValidationError({"sites": "Un site n'appartient pas au département du plan."})
        before_sites = ", ".join(sorted(s.name for s in action.sites.all()))
        after_sites = ", ".join(sorted(s.name for s in sites))
        if before_sites != after_sites:
            action.sites.set(sites)
            _event(action, actor=actor, on=on, field="sites", before=before_sites, after=after_sites).save()
    if commitments is not None:
        commitments = list(commitments)
        before_c = ", ".join(sorted(c.code for c in action.commitments.all()))
        after_c = ", ".join(sorted(c.code for c in commitments))
        if before_c != after_c:
            action.commitments.set(commitments)
            _event(action, actor=actor, on=on, field="commitments", before=before_c, after=after_c).save()
    return action


@transaction.atomic
def move_action(*, actor: User | None, action: Action, theme: Theme, on: dt.date | None = None) -> Action:
    """Move an action to another theme of the same plan (kept in the history)."""
    if theme.axis.plan_id != action.theme.axis.plan_id:
        raise ValidationError({"theme": "Ce thème n'appartient pas au plan de l'action."})
    on = on or _today()
    _check_on(action, on)
    before = f"{action.theme.axis.title} › {action.theme.title}"
    action.theme = theme
    action.save(update_fields=["theme", "updated_at"])
    _event(action, actor=actor, on=on, field="theme", before=before, after=f"{theme.axis.title} › {theme.title}").save()
    return action


@transaction.atomic
def record_progress(
    *, actor: User | None, action: Action, progress: int, on: dt.date | None = None, comment: str = ""
) -> Action:
    """The progress of an action on a date (today by default; not in the future, not before the action entered
    the plan). 100 % makes it done; above 0 a planned action is in progress."""
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": "L'avancement est un pourcentage entre 0 et 100."})
    on = on or _today()
    _check_on(action, on)
    if action.status == ActionStatus.ABANDONED:
        raise ValidationError({"progress": "Cette action est abandonnée : rouvrez-la avant de noter son avancement."})
    fields: dict = {"progress": progress}
    if progress == 100:
        fields["status"] = ActionStatus.DONE
    elif action.status == ActionStatus.DONE:
        fields["status"] = ActionStatus.IN_PROGRESS
    return update_action(actor=actor, action=action, on=on, comment=comment, **fields)


@transaction.atomic
def add_evidence(*, actor: User, action: Action, label: str, url: str = "", file=None) -> Evidence:
    if not url and not file:
        raise ValidationError({"url": "Joignez un fichier ou indiquez un lien."})
    evidence = Evidence(action=action, label=label, url=url, added_by=actor)
    if file is not None:
        evidence.file = file
    evidence.full_clean()
    evidence.save()
    _event(action, actor=actor, on=_today(), field="evidence", before="", after=label).save()
    return evidence


@transaction.atomic
def import_plan(
    *,
    actor: User | None,
    department: Department,
    year: int,
    on: dt.date,
    parsed: ParsedPlan,
    rule: str = RollUpRule.THEMES,
    site: Site | None = None,
    opened_on: dt.date | None = None,
) -> ActionPlan:
    """A plan read from a file (importing.parse_plan): axes, themes, actions with their progress noted on `on`, and
    the published rates kept beside the computed ones. With `opened_on` (before `on`), the actions enter the plan
    that day at 0 % and their progress is noted on `on`. All or nothing; a department (or site) has one plan a year."""
    if ActionPlan.objects.filter(department=department, site=site, year=year).exists():
        raise ValidationError(
            {"year": f"Un plan d'action {year} existe déjà pour ce périmètre : rien n'a été importé."}
        )
    if on > _today():
        raise ValidationError({"on": "La date ne peut pas être dans le futur."})
    if opened_on is not None and opened_on > on:
        raise ValidationError({"opened_on": "L'inscription des actions ne peut pas suivre la date de l'avancement."})
    plan = get_or_create_plan(actor=actor, department=department, year=year, site=site, rule=rule)
    plan.published_completion, plan.published_at = parsed.published, on
    plan.save(update_fields=["published_completion", "published_at", "updated_at"])
    for parsed_axis in parsed.axes.values():
        axis = get_or_create_axis(plan=plan, title=parsed_axis.title, published_completion=parsed_axis.published)
        for parsed_theme in parsed_axis.themes.values():
            theme = get_or_create_theme(
                axis=axis, title=parsed_theme.title, published_completion=parsed_theme.published
            )
            for row in parsed_theme.actions:
                later = opened_on is not None and opened_on < on
                action = create_action(
                    actor=actor,
                    theme=theme,
                    title=row.title,
                    on=opened_on if later else on,
                    due_date=row.due,
                    owner_label=row.owner,
                    progress=0 if later else row.progress,
                    status=_status_for(0 if later else row.progress),
                )
                if later and row.progress:
                    record_progress(actor=actor, action=action, progress=row.progress, on=on)
    return plan


def _status_for(progress: int) -> str:
    if progress >= 100:
        return ActionStatus.DONE
    return ActionStatus.IN_PROGRESS if progress else ActionStatus.PLANNED

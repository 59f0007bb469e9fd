"""Writes of the register's configuration (config_views.py): versioned message templates, deadline overrides,
themes, functional mailboxes. Keyword-only and atomic, like services.py."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.urls import reverse

from vigie.frameworks.queries import default_deadline
from vigie.improvement.models import Action
from vigie.improvement.origins import Origin
from vigie.improvement.services import raise_action, record_progress
from vigie.organisation.models import Department
from vigie.register.models import DeadlineRule, Mailbox, MessageTemplate, Theme, UserRequest
from vigie.register.requests.services import reschedule_open_requests

TEMPLATE_FIELDS = ("purpose", "name", "kind", "channel", "site", "subject", "body")


@transaction.atomic
def create_message_template(*, actor: User | None, department: Department, **fields) -> MessageTemplate:
    """Version 1 of a new template family."""
    template = MessageTemplate(department=department, family=uuid.uuid4(), version=1, created_by=actor, **fields)
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def revise_message_template(
    *, actor: User, department: Department, family: uuid.UUID, **fields
) -> MessageTemplate | None:
    """A new current version of the family; the previous rows are kept (no longer current), never changed
    otherwise. None when nothing differs from a current latest version."""
    versions = list(
        MessageTemplate.objects.select_for_update().filter(department=department, family=family).order_by("-version")
    )
    if not versions:
        raise Http404("Modèle introuvable.")
    latest = versions[0]
    site = fields["site"]
    unchanged = all(getattr(latest, f) == fields[f] for f in TEMPLATE_FIELDS if f != "site") and latest.site_id == (
        site.pk if site else None
    )
    if unchanged and latest.is_current:
        return None
    MessageTemplate.objects.filter(pk__in=[v.pk for v in versions if v.is_current]).update(is_current=False)
    template = MessageTemplate(
        department=department,
        family=family,
        version=latest.version + 1,
        is_current=True,
        created_by=actor,
        **fields,
    )
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def retire_message_template(*, actor: User, department: Department, family: uuid.UUID) -> int:
    """The family is no longer used (its versions stay for the history). Returns the number of rows retired."""
    return MessageTemplate.objects.filter(department=department, family=family, is_current=True).update(
        is_current=False
    )


@dataclass(frozen=True)
class DeadlineChange:
    cells: int  # kind × channel cells changed
    rescheduled: int  # open requests given a new due date


def rules_in_force(department: Department, on: dt.date) -> dict[tuple[str, str], DeadlineRule]:
    """The department's rule in force on a date for each kind and channel that has one."""
    rules: dict[tuple[str, str], DeadlineRule] = {}
    for rule in DeadlineRule.objects.filter(department=department).order_by(F("effective_from").asc(nulls_first=True)):
        if rule.effective_from is None or rule.effective_from <= on:
            rules[(rule.kind, rule.channel)] = rule
    return rules


@transaction.atomic
def save_deadline_rules(
    *,
    actor: User,
    department: Department,
    overrides: dict[tuple[str, str], int | None],
    effective_from: dt.date | None = None,
) -> DeadlineChange:
    """Set the department's deadlines: a number is an override, None removes it (the framework's default
    applies). All or nothing. Without `effective_from` the rules apply since always (they replace the undated
    ones); with it, the changed cells get a rule in force from that date and the requests received before keep the
    old rule. The unanswered requests of the changed kinds and channels take the deadline in force on their receipt
    date (their due date is recomputed and the change written to their history); answered ones keep the rule they
    were judged by."""
    if effective_from is not None:
        return _save_dated_rules(actor=actor, department=department, overrides=overrides, on=effective_from)
    existing = {
        (rule.kind, rule.channel): rule
        for rule in DeadlineRule.objects.select_for_update().filter(department=department, effective_from=None)
    }
    removed, added, updated = [], [], []
    for (kind, channel), days in overrides.items():
        rule = existing.get((kind, channel))
        if days is None:
            if rule is not None:
                removed.append(rule)
        elif rule is None:
            added.append(DeadlineRule(department=department, kind=kind, channel=channel, working_days=days))
        elif rule.working_days != days:
            rule.working_days = days
            updated.append(rule)
    DeadlineRule.objects.filter(pk__in=[rule.pk for rule in removed]).delete()
    DeadlineRule.objects.bulk_create(added)
    DeadlineRule.objects.bulk_update(updated, ["working_days"])
    cells = Q(pk__in=[])
    for rule in removed + added + updated:
        cells |= Q(kind=rule.kind, channel=rule.channel)
    rescheduled = 0
    if removed or added or updated:
        rescheduled = reschedule_open_requests(
            UserRequest.objects.filter(cells, department=department),
            reason="délai du département modifié",
            actor=actor,
        )
    return DeadlineChange(cells=len(removed) + len(added) + len(updated), rescheduled=rescheduled)


def _save_dated_rules(
    *, actor: User, department: Department, overrides: dict[tuple[str, str], int | None], on: dt.date
) -> DeadlineChange:
    """The cells whose deadline differs from the rule in force on `on` get a rule from that date (an emptied cell:
    the framework's default from that date). Requests received before `on` keep their rule."""
    DeadlineRule.objects.select_for_update().filter(department=department).exists()  # lock the department's rules
    in_force = rules_in_force(department, on)
    changed = []
    for (kind, channel), days in overrides.items():
        rule = in_force.get((kind, channel))
        current = rule.working_days if rule is not None else default_deadline(kind, channel)
        wanted = default_deadline(kind, channel) if days is None else days
        if wanted == current and (days is not None or rule is None or rule.effective_from is not None):
            continue
        DeadlineRule.objects.update_or_create(
            department=department, kind=kind, channel=channel, effective_from=on, defaults={"working_days": wanted}
        )
        changed.append((kind, channel))
    rescheduled = 0
    if changed:
        cells = Q(pk__in=[])
        for kind, channel in changed:
            cells |= Q(kind=kind, channel=channel)
        rescheduled = reschedule_open_requests(
            UserRequest.objects.filter(cells, department=department, received_date__gte=on),
            reason=f"délai du département modifié à partir du {on:%d/%m/%Y}",
            actor=actor,
        )
    return DeadlineChange(cells=len(changed), rescheduled=rescheduled)


@transaction.atomic
def add_theme(*, actor: User | None, department: Department, name: str) -> Theme:
    theme = Theme(department=department, name=name)
    theme.full_clean()
    theme.save()
    return theme


@transaction.atomic
def rename_theme(*, actor: User, theme: Theme, name: str) -> Theme:
    """The requests keep the theme (same row): their past statistics follow the new name."""
    theme.name = name
    theme.full_clean()
    theme.save(update_fields=["name"])
    return theme


@transaction.atomic
def set_theme_active(*, actor: User, theme: Theme, active: bool) -> Theme:
    """A retired theme is no longer offered; the requests that have it keep it. Themes are never deleted."""
    theme.active = active
    theme.save(update_fields=["active"])
    return theme


@transaction.atomic
def save_mailbox(*, actor: User, department: Department, mailbox: Mailbox | None, password: str, **fields) -> Mailbox:
    """Create or change a functional mailbox. An empty password keeps the stored one."""
    mailbox = mailbox or Mailbox(department=department)
    for name, value in fields.items():
        setattr(mailbox, name, value)
    if password:
        mailbox.password = password
    mailbox.full_clean()
    mailbox.save()
    return mailbox


FOLLOW_UP_AXIS = "Suites données aux demandes des usagers"


def theme_origin(*, theme: Theme, year: int) -> Origin:
    """A theme of the requests of a year as the origin of an action of the plan (the analysis screen shows it)."""
    query = urlencode({"year": year, "department": theme.department.code})
    return Origin(
        app="register",
        kind="complaint_theme",
        public_id=str(theme.public_id),
        label=f"Demandes des usagers {year}, thème « {theme.name} »",
        url=f"{reverse('request_analysis')}?{query}",
        year=year,
    )


@transaction.atomic
def record_follow_up(
    *,
    actor: User | None,
    department: Department,
    year: int,
    theme: Theme,
    text: str,
    done: bool = False,
    due_date: dt.date | None = None,
) -> Action:
    """A follow-up given to a theme of complaints or suggestions for a year (« suites données »): an action of the
    department's plan for that year (improvement), under the axis « Suites données aux demandes des usagers » and a
    theme named after the register's, with the register theme of that year as its origin."""
    if theme.department_id != department.pk:
        raise ValidationError({"theme": "Ce thème n'appartient pas au département."})
    action = raise_action(
        actor=actor,
        department=department,
        year=year,
        title=text,
        origin=theme_origin(theme=theme, year=year),
        due_date=due_date,
        axis_title=FOLLOW_UP_AXIS,
        theme_title=theme.name,
    )
    if done:
        action = record_progress(actor=actor, action=action, progress=100)
    return action

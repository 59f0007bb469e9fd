"""Writes on the register: creation with a gapless reference and a due date, reply."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from vigie.core.calendar import WorkingCalendar
from vigie.organisation.models import Department, Service, Site

from .enums import DEFAULT_DEADLINES, Status
from .models import DeadlineRule, ReferenceCounter, Theme, UserRequest


def site_calendar(site: Site) -> WorkingCalendar:
    return WorkingCalendar.for_department(site.department.code, site.closures.values_list("date", flat=True))


def deadline_for(department: Department, kind: str, channel: str) -> int | None:
    rule = DeadlineRule.objects.filter(department=department, kind=kind, channel=channel).first()
    return rule.working_days if rule else DEFAULT_DEADLINES[(kind, channel)]


def _next_reference(department: Department, year: int) -> str:
    """The next reference of the department for the year, e.g. 51-2024-000123: locked counter row."""
    for _ in range(3):
        try:
            with transaction.atomic():
                ReferenceCounter.objects.get_or_create(department=department, year=year)
            break
        except IntegrityError:  # created concurrently: retry the read
            continue
    counter = ReferenceCounter.objects.select_for_update().get(department=department, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{department.code}-{year}-{counter.last:06d}"


def _aware(moment: dt.datetime, calendar: WorkingCalendar) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=calendar.time_zone)


@transaction.atomic
def create_request(
    *,
    actor: User | None,
    site: Site,
    service: Service | None,
    kind: str,
    channel: str,
    received_at: dt.datetime,
    subject: str,
    text: str,
    themes: list[str] = (),
    requester: dict | None = None,
) -> UserRequest:
    """Record a request. A naive `received_at` is the department's local time."""
    if service is not None and service.site_id != site.pk:
        raise ValidationError({"service": "Ce service n'appartient pas au site."})
    department = site.department
    calendar = site_calendar(site)
    received_at = _aware(received_at, calendar)
    received_date = calendar.local_date(received_at)
    days = deadline_for(department, kind, channel)
    requester = requester or {}
    request = UserRequest(
        department=department,
        kind=kind,
        channel=channel,
        received_at=received_at,
        received_date=received_date,
        site=site,
        service=service,
        subject=subject,
        text=text,
        deadline_days=days,
        due_date=calendar.due_date(received_date, days) if days is not None else None,
        requester_name=requester.get("name", ""),
        requester_email=requester.get("email", ""),
        requester_phone=requester.get("phone", ""),
        requester_address=requester.get("address", ""),
        status=Status.ASSIGNED if service else Status.RECEIVED,
        reference="pending",
    )
    request.full_clean(exclude=["reference"])
    request.reference = _next_reference(department, received_date.year)
    request.save()
    if themes:
        request.themes.set([Theme.objects.get_or_create(department=department, name=name)[0] for name in themes])
    if request.due_date is not None:
        _refresh_indicators_on_commit(request)
    from .messaging import queue_acknowledgement

    queue_acknowledgement(request)
    return request


@transaction.atomic
def reply_to_request(*, actor: User | None, request: UserRequest, text: str, replied_at: dt.datetime) -> UserRequest:
    """Record the reply: its local date, the delay in working days and whether it is on time.
    The rule (deadline in working days) is the one fixed at receipt: later rule changes do not re-judge it."""
    if not text.strip():
        raise ValidationError({"text": "La réponse est vide."})
    calendar = site_calendar(request.site)
    replied_at = _aware(replied_at, calendar)
    replied_date = calendar.local_date(replied_at)
    if replied_date < request.received_date:
        raise ValidationError({"replied_at": "La réponse ne peut pas précéder la réception."})
    request.reply_text, request.replied_at, request.replied_date = text, replied_at, replied_date
    request.replied_by = actor
    request.delay_working_days = calendar.delay(request.received_date, replied_date)
    request.on_time = None if request.due_date is None else replied_date <= request.due_date
    request.status = Status.ANSWERED
    request.save()
    _refresh_indicators_on_commit(request)
    return request


def _refresh_indicators_on_commit(request: UserRequest) -> None:
    from .indicators import publish_register_indicators

    department, year = request.department, request.received_date.year
    transaction.on_commit(lambda: publish_register_indicators(department=department, year=year))


def recompute_open_due_dates(*, site: Site) -> int:
    """After a calendar change (closure added or removed): open requests of the site get new due dates;
    answered ones keep the rule they were judged by."""
    calendar = site_calendar(site)
    changed = 0
    for request in UserRequest.objects.filter(site=site, replied_at=None).exclude(deadline_days=None):
        due = calendar.due_date(request.received_date, request.deadline_days)
        if due != request.due_date:
            request.due_date = due
            request.save(update_fields=["due_date", "updated_at"])
            changed += 1
    return changed


@transaction.atomic
def record_holding_reply(*, actor: User | None, request: UserRequest, text: str, at: dt.datetime) -> UserRequest:
    """Tell the user the answer needs longer. It does NOT stop the clock: the frameworks do not say it does,
    so the due date and the on-time judgement are unchanged (docs/rules/working-days.md)."""
    if not text.strip():
        raise ValidationError({"text": "Le message d'attente est vide."})
    request.holding_reply_text, request.holding_reply_at = text, _aware(at, site_calendar(request.site))
    request.save(update_fields=["holding_reply_text", "holding_reply_at", "updated_at"])
    if request.requester_email:
        from .models import OutboxMessage

        message = OutboxMessage.objects.create(
            request=request, to=request.requester_email, subject=f"Votre demande {request.reference}", body=text
        )
        from .messaging import _enqueue

        transaction.on_commit(lambda: _enqueue(message.pk))
    return request

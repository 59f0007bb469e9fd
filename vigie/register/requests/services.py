"""Writes on the register: creation with a gapless reference and a due date, attribution, reply, closing.

Status flow: received → acknowledged (the acknowledgement left the outbox) → assigned (a service has it) →
answered → closed; a closed request can be reopened. Every change is written to the request's history
(RequestEvent), with its author."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from vigie.core.calendar import WorkingCalendar
from vigie.frameworks.queries import default_deadline
from vigie.organisation.models import Department, Service, Site
from vigie.register.enums import Status
from vigie.register.models import DeadlineRule, ReferenceCounter, RequestEvent, Theme, UserRequest
from vigie.register.requests.attachments import IncomingFile, check_files, store_attachments
from vigie.register.requests.indicator_cells import mark_cells
from vigie.register.requests.messaging import queue_acknowledgement, queue_message
from vigie.register.requests.queries import UNANSWERED

Action = RequestEvent.Action


def record_event(request: UserRequest, action: str, actor: User | None = None, detail: str = "") -> None:
    RequestEvent.objects.create(request=request, action=action, actor=actor, detail=detail[:250])


@transaction.atomic
def add_attachments(*, actor: User | None, request: UserRequest, files: list[IncomingFile]) -> list:
    """Files added to a request after its creation (by an agent), with an event in its history that counts them
    (their names may hold personal data and stay on the attachments, which retention erases)."""
    stored = store_attachments(request, list(files))
    count = len(stored)
    record_event(request, RequestEvent.Action.ATTACHED, actor, f"{count} fichier{'s' if count > 1 else ''}")
    return stored


def deadline_for(department: Department, kind: str, channel: str, on: dt.date | None = None) -> int | None:
    """The deadline in force on `on` (a receipt date; None: the latest rule): the department's rule with the latest
    effective date not after it (a rule without a date applies since always), else the framework's default."""
    rules = DeadlineRule.objects.filter(department=department, kind=kind, channel=channel)
    if on is not None:
        rules = rules.filter(Q(effective_from=None) | Q(effective_from__lte=on))
    rule = rules.order_by(F("effective_from").desc(nulls_last=True)).first()
    return rule.working_days if rule else default_deadline(kind, channel)


class Deadlines:
    """Every deadline rule of a department read once, for many requests (an import, a rescheduling): the same
    choice as `deadline_for`, without a query per request."""

    def __init__(self, department: Department):
        self.rules: dict[tuple[str, str], list[tuple[dt.date, int | None]]] = {}
        for rule in DeadlineRule.objects.filter(department=department):
            start = rule.effective_from or dt.date.min
            self.rules.setdefault((rule.kind, rule.channel), []).append((start, rule.working_days))
        for history in self.rules.values():
            history.sort(key=lambda item: item[0])

    def on(self, kind: str, channel: str, day: dt.date) -> int | None:
        in_force = [days for start, days in self.rules.get((kind, channel), []) if start <= day]
        return in_force[-1] if in_force else default_deadline(kind, channel)


def _next_reference(department: Department, year: int) -> str:
    """The next reference of the department for the year, e.g. 51-2024-000123. One statement where the database
    can (an upsert that returns the new number: PostgreSQL, SQLite ≥ 3.35); its row stays locked until the commit and a
    rolled-back creation gives its number back, so numbers have no gap (tests/register/test_api.py, 50 concurrent
    creations on PostgreSQL). Elsewhere, the locked counter row read then written."""
    if _upsert_returning():
        table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
        # the table's name comes from the model, the values are parameters
        sql = (
            f'INSERT INTO {table} ("department_id", "year", "last") VALUES (%s, %s, 1) '  # noqa: S608
            f'ON CONFLICT ("department_id", "year") DO UPDATE SET "last" = {table}."last" + 1 RETURNING "last"'
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [department.pk, year])
            (last,) = cursor.fetchone()
        return f"{department.code}-{year}-{last:06d}"
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


def _upsert_returning() -> bool:
    if connection.vendor == "postgresql":
        return True
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version_info >= (3, 35)
    return False


def _aware(moment: dt.datetime, calendar: WorkingCalendar) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=calendar.time_zone)


def _printable(text: str) -> str:
    """NUL characters mean nothing in a text and PostgreSQL refuses them: a message pasted from a binary file or
    an odd e-mail client must not fail the whole request."""
    return text.replace("\x00", "")


CLOCK_TOLERANCE = dt.timedelta(minutes=5)  # a user's or a server's clock slightly ahead is not an error
EARLIEST = dt.date(2000, 1, 1)  # the programme began after it; a reference keeps its four-digit year (51-2024-…)


def check_moment(moment: dt.datetime, calendar: WorkingCalendar, field: str, what: str) -> None:
    """A date of the register lies between 1 January 2000 (local) and now (plus the clock tolerance): anything
    else is a typing error (0999 for 2024) and is refused before anything is written, naming the field."""
    if moment < dt.datetime.combine(EARLIEST, dt.time(), calendar.time_zone):
        raise ValidationError({field: f"{what} est antérieure au {EARLIEST:%d/%m/%Y} : vérifiez l'année."})
    if moment > timezone.now() + CLOCK_TOLERANCE:
        try:
            shown = f"{moment.astimezone(calendar.time_zone):%d/%m/%Y %H:%M}"
        except OverflowError:  # the year 9999 with a negative offset is past the last datetime in local time
            shown = moment.isoformat()
        raise ValidationError({field: f"{what} ({shown}) est dans le futur."})


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
    attachments: list[IncomingFile] = (),
    source_message_id: str = "",
) -> UserRequest:
    """Record a request. A naive `received_at` is the department's local time. Attachments are checked before
    anything is written (a refused file refuses the request)."""
    if service is not None and service.site_id != site.pk:
        raise ValidationError({"service": "Ce service n'appartient pas au site."})
    department = site.department
    calendar = site.calendar()
    subject, text = _printable(subject), _printable(text)
    requester = {key: _printable(str(value)) for key, value in (requester or {}).items() if value}
    received_at = _aware(received_at, calendar)
    check_moment(received_at, calendar, "received_at", "La date de réception")
    received_date = calendar.local_date(received_at)
    days = deadline_for(department, kind, channel, on=received_date)
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
        source_message_id=source_message_id[:255],
    )
    # the fields' own rules (choices, lengths, e-mail); not what the database enforces: the department, site and
    # service are the objects given, the random public id and tracking token are unique by constraint. A message id
    # (mail-in) keeps its uniqueness check, which names the field.
    request.full_clean(
        exclude=["reference", "department", "site", "service"],
        validate_unique=False,
        validate_constraints=bool(request.source_message_id),
    )
    check_files(list(attachments))
    request.reference = _next_reference(department, received_date.year)
    request.save(force_insert=True)
    events = [
        RequestEvent(
            request=request, action=Action.CREATED, actor=actor, detail=f"Canal : {request.get_channel_display()}"
        )
    ]
    if service is not None:
        events.append(
            RequestEvent(request=request, action=Action.ASSIGNED, actor=actor, detail=f"Service : {service.name}"[:250])
        )
    RequestEvent.objects.bulk_create(events)
    if attachments:
        store_attachments(request, list(attachments))
    if themes:
        request.themes.set(_themes(department, themes))
    if request.due_date is not None:
        _refresh_indicators_on_commit(request)
    queue_acknowledgement(request)
    return request


def _themes(department: Department, names) -> list[Theme]:
    """The department's themes by name (case-insensitive); an unknown name is added to the list."""
    existing = {t.name.casefold(): t for t in Theme.objects.filter(department=department)}
    themes = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        theme = existing.get(name.casefold()) or Theme.objects.create(department=department, name=name)
        existing[name.casefold()] = theme
        themes.append(theme)
    return themes


@transaction.atomic
def reply_to_request(
    *,
    actor: User | None,
    request: UserRequest,
    text: str,
    replied_at: dt.datetime,
    send_email: bool = False,
) -> UserRequest:
    """Record the reply: its local date, the delay in working days and whether it is on time.
    The rule (deadline in working days) is the one in force when it is answered: later changes do not re-judge it.
    A further reply after reopening is appended to the text; the first reply keeps its delay and judgement
    (the indicators measure the first answer). With `send_email`, the reply goes to the requester via the outbox."""
    text = _printable(text)
    if not text.strip():
        raise ValidationError({"text": "La réponse est vide."})
    if request.status == Status.CLOSED:
        raise ValidationError({"text": "La demande est close : rouvrez-la pour répondre à nouveau."})
    calendar = request.site.calendar()
    replied_at = _aware(replied_at, calendar)
    check_moment(replied_at, calendar, "replied_at", "La date de la réponse")
    replied_date = calendar.local_date(replied_at)
    if replied_at < request.received_at:
        received = request.received_at.astimezone(calendar.time_zone)
        raise ValidationError(
            {"replied_at": f"La réponse ne peut pas précéder la réception ({received:%d/%m/%Y %H:%M})."}
        )
    if request.replied_at is None:
        request.reply_text, request.replied_at, request.replied_date = text, replied_at, replied_date
        request.replied_by = actor
        request.delay_working_days = calendar.delay(request.received_date, replied_date)
        request.on_time = None if request.due_date is None else replied_date <= request.due_date
        detail = f"Délai : {request.delay_working_days} j ouvrés" + (
            "" if request.on_time is None else (", dans le délai" if request.on_time else ", hors délai")
        )
    else:
        request.reply_text += f"\n\n— Réponse complémentaire du {replied_date:%d/%m/%Y} —\n{text}"
        detail = "Réponse complémentaire"
    request.status = Status.ANSWERED
    request.save()
    record_event(request, Action.ANSWERED, actor, detail)
    if send_email and request.requester_email:
        queue_message(request, f"Réponse à votre demande {request.reference}", text)
    _refresh_indicators_on_commit(request)
    return request


@transaction.atomic
def assign_request(
    *,
    actor: User | None,
    request: UserRequest,
    service: Service | None,
    kind: str | None = None,
    channel: str | None = None,
    themes: list[str] | None = None,
) -> UserRequest:
    """Give the request to a service of its site and, if needed, correct its kind, channel and themes.
    A corrected kind or channel of an unanswered request changes its deadline (from the rules of today)."""
    if service is not None and service.site_id != request.site_id:
        raise ValidationError({"service": "Ce service n'appartient pas au site de la demande."})
    changes = []
    if service is not None and service.pk != request.service_id:
        request.service = service
        changes.append((Action.ASSIGNED, f"Service : {service.name}"))
        if request.status in (Status.RECEIVED, Status.ACKNOWLEDGED):
            request.status = Status.ASSIGNED
    kind, channel = kind or request.kind, channel or request.channel
    if (kind, channel) != (request.kind, request.channel):
        before = f"{request.get_kind_display()} / {request.get_channel_display()}"
        request.kind, request.channel = kind, channel
        changes.append(
            (Action.REQUALIFIED, f"{before} → {request.get_kind_display()} / {request.get_channel_display()}")
        )
        if request.replied_at is None:
            request.deadline_days = deadline_for(request.department, kind, channel, on=request.received_date)
            request.due_date = (
                None
                if request.deadline_days is None
                else request.site.calendar().due_date(request.received_date, request.deadline_days)
            )
    request.full_clean(exclude=["reference"])
    request.save()
    if themes is not None:
        new = _themes(request.department, themes)
        if {t.pk for t in new} != set(request.themes.values_list("pk", flat=True)):
            request.themes.set(new)
            changes.append((Action.REQUALIFIED, "Thèmes : " + (", ".join(t.name for t in new) or "aucun")))
    for action, detail in changes:
        record_event(request, action, actor, detail)
    _refresh_indicators_on_commit(request)
    return request


@transaction.atomic
def close_request(*, actor: User | None, request: UserRequest, at: dt.datetime | None = None) -> UserRequest:
    """Close a request that was answered, or one that expects no answer (thanks, no deadline)."""
    if request.status == Status.CLOSED:
        raise ValidationError("La demande est déjà close.")
    if request.replied_at is None and request.due_date is not None:
        raise ValidationError("Répondez à la demande avant de la clore.")
    request.status, request.closed_at = Status.CLOSED, at or timezone.now()
    request.save(update_fields=["status", "closed_at", "updated_at"])
    record_event(request, Action.CLOSED, actor)
    return request


@transaction.atomic
def reopen_request(*, actor: User | None, request: UserRequest, reason: str) -> UserRequest:
    """Reopen a closed request (the user writes again, a reply was incomplete). The first reply keeps its delay."""
    if request.status != Status.CLOSED:
        raise ValidationError("Seule une demande close peut être rouverte.")
    if not reason.strip():
        raise ValidationError({"reason": "Indiquez le motif de la réouverture."})
    request.closed_at = None
    request.status = Status.ASSIGNED if request.service_id else Status.RECEIVED
    request.save(update_fields=["status", "closed_at", "updated_at"])
    record_event(request, Action.REOPENED, actor, reason.strip())
    return request


def _refresh_indicators_on_commit(request: UserRequest) -> None:
    """Mark the request's cell (its site and month of receipt) of the computed indicators, in this transaction, and
    recompute the department's marked cells after the commit: the cost does not grow with the register; a failure
    is retried by the worker and never fails the write (requests/indicator_cells.py, core/tasks.py)."""
    mark_cells(request)


def reschedule_open_requests(requests, *, reason: str, actor: User | None = None) -> int:
    """Give unanswered requests the deadline of the rules in force on their receipt date and today's calendar (a
    closure day added or removed, a department's deadline changed). Answered requests keep the rule they were
    judged by: pass only open ones.
    Each change goes to the request's history with the old and new due dates. Returns the requests changed."""
    now = timezone.now()
    calendars: dict[int, WorkingCalendar] = {}
    rules: dict[int, Deadlines] = {}
    changed = []
    for request in requests.filter(UNANSWERED).select_related("site__department"):
        if request.department_id not in rules:
            rules[request.department_id] = Deadlines(request.site.department)
        days = rules[request.department_id].on(request.kind, request.channel, request.received_date)
        if request.site_id not in calendars:
            calendars[request.site_id] = request.site.calendar()
        due = None if days is None else calendars[request.site_id].due_date(request.received_date, days)
        if (days, due) != (request.deadline_days, request.due_date):
            before = "aucune" if request.due_date is None else f"{request.due_date:%d/%m/%Y}"
            after = "aucune" if due is None else f"{due:%d/%m/%Y}"
            request.deadline_days, request.due_date, request.updated_at = days, due, now
            changed.append((request, f"{before} → {after} ({reason})"))
    UserRequest.objects.bulk_update([r for r, _ in changed], ["deadline_days", "due_date", "updated_at"])
    RequestEvent.objects.bulk_create(
        RequestEvent(request=r, action=Action.RESCHEDULED, actor=actor, detail=detail[:250]) for r, detail in changed
    )
    return len(changed)


def recompute_open_due_dates(*, site: Site) -> int:
    """After a calendar change (closure added or removed): open requests of the site get new due dates;
    answered ones keep the rule they were judged by."""
    return reschedule_open_requests(UserRequest.objects.filter(site=site), reason="jours de fermeture du site modifiés")


@transaction.atomic
def record_holding_reply(*, actor: User | None, request: UserRequest, text: str, at: dt.datetime) -> UserRequest:
    """Tell the user the answer needs longer. It does NOT stop the clock: the frameworks do not say it does,
    so the due date and the on-time judgement are unchanged (docs/rules/working-days.md)."""
    if not text.strip():
        raise ValidationError({"text": "Le message d'attente est vide."})
    request.holding_reply_text, request.holding_reply_at = text, _aware(at, request.site.calendar())
    request.save(update_fields=["holding_reply_text", "holding_reply_at", "updated_at"])
    record_event(request, Action.HOLDING_REPLY, actor)
    if request.requester_email:
        queue_message(request, f"Votre demande {request.reference}", text)
    return request

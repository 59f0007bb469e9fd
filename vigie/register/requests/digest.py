"""Daily reminders, written to the outbox (sent by the worker, never lost):

- the digest: to each service's agents (role « agent de service », with an e-mail address), the open requests of
  the service that are late, due today or due within VIGIE_DIGEST_SOON_DAYS working days; nothing to say, no mail.
  Requests not yet given to a service go to the site's correspondents and the department's quality officers;
- the escalation: to the department's quality officers, the requests that became late since the last escalation
  (each request is escalated once: `escalated_at`).

Sent on the department's working days only (no digest on a Sunday or a public holiday). Messages hold references,
subjects and due dates — never the requester's identity.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from vigie.core.calendar import WorkingCalendar
from vigie.organisation.enums import Role
from vigie.organisation.models import Department, RoleAssignment
from vigie.register.models import RequestEvent, UserRequest
from vigie.register.requests.messaging import queue_message
from vigie.register.requests.queries import AWAITING, UNANSWERED


@dataclass
class Digest:
    late: list[UserRequest] = field(default_factory=list)
    today: list[UserRequest] = field(default_factory=list)
    soon: list[UserRequest] = field(default_factory=list)
    reopened: list[UserRequest] = field(default_factory=list)  # awaiting a further reply, no new due date

    def __bool__(self) -> bool:
        return bool(self.late or self.today or self.soon or self.reopened)

    def first(self) -> UserRequest:
        return next(iter(self.late or self.today or self.soon or self.reopened))


def _link(request: UserRequest) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("request_detail", kwargs={"reference": request.reference})


def _line(request: UserRequest) -> str:
    when = f"échéance le {request.due_date:%d/%m/%Y}" if request.due_date else "sans échéance"
    if request.replied_at is not None:
        when = f"rouverte, réponse complémentaire attendue (première réponse le {request.replied_date:%d/%m/%Y})"
    return f"- {request.reference} — {request.subject} — {when}\n  {_link(request)}"


def digest_body(digest: Digest, heading: str) -> str:
    parts = [f"Bonjour,\n\n{heading}\n"]
    for title, rows in (
        ("En retard", digest.late),
        ("Échéance aujourd'hui", digest.today),
        ("Échéance dans les prochains jours ouvrés", digest.soon),
        ("Rouvertes", digest.reopened),
    ):
        if rows:
            parts.append(f"{title} ({len(rows)}) :\n" + "\n".join(_line(r) for r in rows) + "\n")
    parts.append("Liste complète : " + settings.SITE_URL.rstrip("/") + reverse("request_list"))
    return "\n".join(parts)


def _emails(assignments) -> list[str]:
    return sorted({a.user.email for a in assignments if a.user.email and a.user.is_active})


def _today(department: Department, now: dt.datetime) -> tuple[WorkingCalendar, dt.date]:
    calendar = WorkingCalendar.for_department(department.code)
    return calendar, calendar.local_date(now)


@transaction.atomic
def send_daily_digests(*, now: dt.datetime | None = None) -> int:
    """Queue one digest per service (and per site for unassigned requests). Returns the number of e-mails."""
    now = now or timezone.now()
    soon_days = settings.VIGIE_DIGEST_SOON_DAYS
    User = get_user_model()  # noqa: N806
    queued = 0
    for department in Department.objects.all():
        calendar, today = _today(department, now)
        if not calendar.is_working_day(today):
            continue
        horizon = calendar.due_date(today, soon_days)
        open_requests = (
            UserRequest.objects.filter(AWAITING, department=department)
            .filter(Q(replied_at=None, due_date__lte=horizon) | Q(replied_at__isnull=False))  # due soon, or reopened
            .select_related("service", "site")
            .order_by("due_date", "reference")
        )
        by_service: dict[int, Digest] = defaultdict(Digest)
        by_site: dict[int, Digest] = defaultdict(Digest)
        for request in open_requests:
            digest = by_service[request.service_id] if request.service_id else by_site[request.site_id]
            if request.replied_at is not None:
                bucket = digest.reopened
            elif request.due_date < today:
                bucket = digest.late
            else:
                bucket = digest.today if request.due_date == today else digest.soon
            bucket.append(request)
        roles = RoleAssignment.objects.select_related("user").filter(user__in=User.objects.filter(is_active=True))
        agents = defaultdict(list)
        for assignment in roles.filter(role=Role.SERVICE_AGENT, service_id__in=list(by_service)):
            agents[assignment.service_id].append(assignment)
        officers = list(roles.filter(role=Role.QUALITY_OFFICER, department=department))
        correspondents = defaultdict(list)
        for assignment in roles.filter(role=Role.SITE_CORRESPONDENT, site_id__in=list(by_site)):
            correspondents[assignment.site_id].append(assignment)
        for service_id, digest in by_service.items():
            name = digest.first().service.name
            for email in _emails(agents[service_id]):
                queue_message(
                    None,
                    f"Vigie — demandes à traiter ({name}) le {today:%d/%m/%Y}",
                    digest_body(digest, f"Demandes du service {name} à traiter :"),
                    to=email,
                )
                queued += 1
        for site_id, digest in by_site.items():
            name = digest.first().site.name
            for email in _emails(correspondents[site_id] + officers):
                queue_message(
                    None,
                    f"Vigie — demandes à attribuer ({name}) le {today:%d/%m/%Y}",
                    digest_body(digest, f"Demandes reçues par {name}, pas encore attribuées à un service :"),
                    to=email,
                )
                queued += 1
    return queued


@transaction.atomic
def escalate_late_requests(*, now: dt.datetime | None = None) -> int:
    """Tell the quality officers of each department about requests newly late. Returns the requests escalated."""
    now = now or timezone.now()
    escalated = 0
    for department in Department.objects.all():
        calendar, today = _today(department, now)
        if not calendar.is_working_day(today):
            continue
        late = list(
            UserRequest.objects.select_for_update(of=("self",))  # not the nullable joined service
            .filter(UNANSWERED, department=department, due_date__lt=today, escalated_at=None)
            .select_related("service", "site")
            .order_by("due_date", "reference")
        )
        if not late:
            continue
        officers = RoleAssignment.objects.select_related("user").filter(
            role=Role.QUALITY_OFFICER, department=department
        )
        body = digest_body(
            Digest(late=late),
            f"{len(late)} demande(s) ont dépassé leur échéance sans réponse "
            "(chacune n'est signalée qu'une fois ; la liste « En retard » les garde toutes) :",
        )
        for email in _emails(officers):
            queue_message(None, f"Vigie — {len(late)} demande(s) en retard ({department.name})", body, to=email)
        UserRequest.objects.filter(pk__in=[r.pk for r in late]).update(escalated_at=now)
        RequestEvent.objects.bulk_create(
            RequestEvent(request=r, action=RequestEvent.Action.ESCALATED, detail=f"Échéance du {r.due_date:%d/%m/%Y}")
            for r in late
        )
        escalated += len(late)
    return escalated

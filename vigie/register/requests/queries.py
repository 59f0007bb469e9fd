"""Scoped reads on the register: an agent sees their services' requests, a site correspondent their site's,
department-wide roles the department's."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from vigie.core.calendar import WorkingCalendar
from vigie.organisation.perms import scope_for
from vigie.organisation.queries import scope_departments
from vigie.register.enums import Status
from vigie.register.models import UserRequest

SOON_WORKING_DAYS = 2  # « due soon »: within this many working days
# Awaiting a reply: a status before « answered ». An unanswered request that is not closed has one (a reply sets
# « answered », closing sets « closed »), and so has a reopened one (reopening goes back to « assigned » or
# « received »): one condition on an indexed column, no OR. Reopened = awaiting with a first reply on record.
AWAITING = Q(status__in=[Status.RECEIVED, Status.ACKNOWLEDGED, Status.ASSIGNED])
REOPENED = AWAITING & Q(replied_at__isnull=False)
# Never answered and not closed: the requests the deadlines judge (late, due today, due soon, escalation). The
# `replied_at IS NULL` term is the predicate of the partial index request_unanswered_idx.
UNANSWERED = Q(replied_at=None) & ~Q(status=Status.CLOSED)


def request_scope(user) -> Q | None:
    """The condition « this request is in the user's scope » (also for an `Exists` from another table, e.g. the
    outbox's messages about requests: messaging.waiting_messages_for). None: no restriction (national
    administrators)."""
    scope = scope_for(user)
    if scope.national:
        return None
    return (
        Q(department__pk__in=scope.read_departments)
        | Q(site__pk__in=scope.read_sites)
        | Q(service__pk__in=scope.read_services)
    )


def visible_requests(user) -> QuerySet[UserRequest]:
    condition = request_scope(user)
    return UserRequest.objects.all() if condition is None else UserRequest.objects.filter(condition)


def get_request_for_user(user, reference: str) -> UserRequest:
    request = visible_requests(user).select_related("site__department", "service").filter(reference=reference).first()
    if request is None:
        raise Http404("Demande introuvable.")
    return request


def department_days(user, now: dt.datetime | None = None) -> dict[int, tuple[dt.date, dt.date]]:
    """For each department the user sees: its today (in its own time zone) and the last day of « due soon »
    (SOON_WORKING_DAYS working days ahead in its calendar)."""
    now = now or timezone.now()
    days = {}
    for department in scope_departments(user):  # the header's query too (once per request)
        calendar = WorkingCalendar.for_department(department.code)
        today = calendar.local_date(now)
        days[department.pk] = (today, calendar.due_date(today, SOON_WORKING_DAYS))
    return days


def due_filters(days: dict[int, tuple[dt.date, dt.date]]) -> dict[str, Q]:
    """Conditions « late », « today », « soon » on due dates, each department judged at its own date. Departments
    sharing the same dates are grouped, so the condition stays short even for a national view. Apply them to
    open requests (no reply, not closed)."""
    groups: dict[tuple[dt.date, dt.date], list[int]] = defaultdict(list)
    for pk, key in days.items():
        groups[key].append(pk)
    late, due_today, soon = Q(pk__in=[]), Q(pk__in=[]), Q(pk__in=[])
    for (today, soon_limit), pks in groups.items():
        late |= Q(department__in=pks, due_date__lt=today)
        due_today |= Q(department__in=pks, due_date=today)
        soon |= Q(department__in=pks, due_date__gt=today, due_date__lte=soon_limit)
    return {"late": late, "today": due_today, "soon": soon}

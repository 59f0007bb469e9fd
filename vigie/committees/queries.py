"""Reads of the committees app: scoped listings and fetches (404 outside the user's scope), and the frozen record of
a meeting that the documents layer reads (`meeting_record`: the minutes and the deck are built from it).

The record's dataclasses carry the domain's names (AgendaItem, Intervention, Decision, Opinion); the models of the
same names are reached here as `m.<Model>`."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from vigie.organisation.models import Department
from vigie.organisation.perms import scope_for

from . import models as m
from .enums import AgendaSection, CommitteeKind, MemberCategory

APP = "committees"

AGENDA_SECTIONS = (
    "indicators",
    "satisfaction",
    "complaints",
    "spplus",
    "action_plan",
    "audits",
    "templates",
    "questions",
    "projection",
)
SECTION_LABELS: dict[str, str] = {value: str(label) for value, label in AgendaSection.choices}
CATEGORY_LABELS: dict[str, str] = {value: str(label) for value, label in MemberCategory.choices}
KIND_LABELS: dict[str, str] = {value: str(label) for value, label in CommitteeKind.choices}


@dataclass(frozen=True)
class AttendanceLine:
    member: str  # the function or the person's display name
    organisation: str
    category: str  # "administration" | "users" | "public_services" | "local_authorities"
    category_label: str  # French label
    position: str  # "chair" | "member" | "secretary"
    status: str  # "present" | "excused" | "absent" | "represented" | "" (not recorded)
    represented_by: str


@dataclass(frozen=True)
class Answer:
    speaker: str
    text: str


@dataclass(frozen=True)
class Intervention:
    speaker: str
    organisation: str
    topic: str  # the agenda item title or free text
    text: str
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class AgendaItem:
    position: int
    title: str
    section: str  # "" or one of AGENDA_SECTIONS
    notes: str


@dataclass(frozen=True)
class Decision:
    text: str
    action_id: int | None


@dataclass(frozen=True)
class Opinion:
    topic: str
    text: str
    template_versions: tuple[str, ...]


@dataclass(frozen=True)
class MeetingRecord:
    id: int
    committee_id: int
    committee_name: str
    committee_kind: str
    committee_kind_label: str
    department_id: int
    department_code: str
    department_name: str
    starts_at: dt.datetime  # aware, at the department's local time
    place: str
    video_link: str
    chair: str
    agenda: tuple[AgendaItem, ...]
    attendance: tuple[AttendanceLine, ...]
    interventions: tuple[Intervention, ...]
    decisions: tuple[Decision, ...]
    opinions: tuple[Opinion, ...]
    public_id: uuid.UUID | None = None
    cancelled: bool = False


# ---- scope ---------------------------------------------------------------------------------------------------


def _readable_departments(user: User | AnonymousUser) -> Q | None:
    """Who reads committees: whoever sees the whole department (national, quality officer, steering reader, auditor
    of the department). None: everything."""
    scope = scope_for(user)
    if scope.national:
        return None
    return Q(pk__in=scope.read_departments)


def reads_department(user: User | AnonymousUser, department: Department) -> bool:
    scope = scope_for(user)
    return scope.national or department.pk in scope.read_departments


def visible_committees(user: User | AnonymousUser) -> QuerySet[m.Committee]:
    scope = scope_for(user)
    committees = m.Committee.objects.select_related("department")
    if scope.national:
        return committees
    return committees.filter(department__pk__in=scope.read_departments)


def visible_meetings(user: User | AnonymousUser) -> QuerySet[m.Meeting]:
    """The meetings the user may read (scoped), newest first: for the meeting chooser of other apps' views."""
    scope = scope_for(user)
    meetings = m.Meeting.objects.select_related("committee__department").order_by("-starts_at", "-id")
    if scope.national:
        return meetings
    return meetings.filter(committee__department__pk__in=scope.read_departments)


def get_department_for_committees(user: User | AnonymousUser, code: str) -> Department:
    """The department if the user reads its committees; 404 otherwise (its existence is not revealed)."""
    department = Department.objects.filter(code=code.upper()).first()
    if department is None or not reads_department(user, department):
        raise Http404("Département introuvable.")
    return department


def committees_of(department: Department) -> list[m.Committee]:
    """The department's committees, each with its members and meetings (3 queries)."""
    return list(
        m.Committee.objects.filter(department=department)
        .select_related("department")
        .prefetch_related(
            Prefetch("members", queryset=m.Member.objects.order_by("category", "organisation", "function")),
            Prefetch("meetings", queryset=m.Meeting.objects.order_by("-starts_at")),
        )
        .order_by("kind", "name")
    )


def get_committee_for_user(user: User | AnonymousUser, department: Department, public_id: uuid.UUID) -> m.Committee:
    committee = visible_committees(user).filter(department=department, public_id=public_id).first()
    if committee is None:
        raise Http404("Comité introuvable.")
    return committee


def get_meeting_for_user(user: User | AnonymousUser, department: Department, public_id: uuid.UUID) -> m.Meeting:
    meeting = (
        visible_meetings(user)
        .filter(committee__department=department, public_id=public_id)
        .select_related("chair")
        .first()
    )
    if meeting is None:
        raise Http404("Réunion introuvable.")
    return meeting


def get_member(committee: m.Committee, public_id: uuid.UUID) -> m.Member:
    member = committee.members.filter(public_id=public_id).first()
    if member is None:
        raise Http404("Membre introuvable.")
    return member


def members_at(committee: m.Committee, day: dt.date) -> QuerySet[m.Member]:
    """The members sitting on the day."""
    return committee.members.filter(Q(starts_on__lte=day), Q(ends_on__isnull=True) | Q(ends_on__gte=day)).order_by(
        "category", "organisation", "function"
    )


def local_start(meeting: m.Meeting) -> dt.datetime:
    """The meeting's start at its department's local time (Europe/Paris in metropolitan France)."""
    return timezone.localtime(meeting.starts_at, ZoneInfo(meeting.committee.department.territory.time_zone))


# ---- the meeting record (read by documents) --------------------------------------------------------------------


def _record(meeting: m.Meeting) -> MeetingRecord:
    committee = meeting.committee
    department = committee.department
    local_day = local_start(meeting).date()
    attendance = {a.member_id: a for a in meeting.attendances.all()}
    members = [member for member in committee.members.all() if member.pk in attendance or member.sits_on(local_day)]
    lines = tuple(
        AttendanceLine(
            member=member.display_name,
            organisation=member.organisation,
            category=member.category,
            category_label=CATEGORY_LABELS.get(member.category, member.category),
            position=member.position,
            status=attendance[member.pk].status if member.pk in attendance else "",
            represented_by=attendance[member.pk].represented_by if member.pk in attendance else "",
        )
        for member in members
    )
    items = {item.pk: item for item in meeting.agenda_items.all()}
    interventions = tuple(
        Intervention(
            speaker=i.speaker_member.display_name if i.speaker_member else i.speaker_label,
            organisation=i.speaker_member.organisation if i.speaker_member else "",
            topic=items[i.agenda_item_id].title if i.agenda_item_id in items else i.topic_label,
            text=i.text,
            answers=tuple(Answer(speaker=a.speaker, text=a.text) for a in i.answers.all()),
        )
        for i in meeting.interventions.all()
    )
    return MeetingRecord(
        id=meeting.pk,
        committee_id=committee.pk,
        committee_name=committee.name,
        committee_kind=committee.kind,
        committee_kind_label=KIND_LABELS.get(committee.kind, committee.kind),
        department_id=department.pk,
        department_code=department.code,
        department_name=department.name,
        starts_at=local_start(meeting),
        place=meeting.place,
        video_link=meeting.video_link,
        chair=meeting.chair.display_name if meeting.chair else meeting.chair_label,
        agenda=tuple(
            AgendaItem(position=item.position, title=item.title, section=item.section, notes=item.notes)
            for item in items.values()
        ),
        attendance=lines,
        interventions=interventions,
        decisions=tuple(Decision(text=d.text, action_id=d.action_id) for d in meeting.decisions.all()),
        opinions=tuple(
            Opinion(topic=o.topic, text=o.text, template_versions=o.template_version_list)
            for o in meeting.opinions.all()
        ),
        public_id=meeting.public_id,
        cancelled=meeting.cancelled_at is not None,
    )


def _with_record_prefetch(meetings: QuerySet[m.Meeting]) -> QuerySet[m.Meeting]:
    return meetings.select_related("committee__department", "chair").prefetch_related(
        Prefetch("committee__members", queryset=m.Member.objects.order_by("category", "organisation", "function")),
        Prefetch("attendances", queryset=m.Attendance.objects.order_by("id")),
        Prefetch("agenda_items", queryset=m.AgendaItem.objects.order_by("position", "id")),
        Prefetch(
            "interventions",
            queryset=m.Intervention.objects.select_related("speaker_member")
            .order_by("position", "id")
            .prefetch_related(Prefetch("answers", queryset=m.InterventionAnswer.objects.order_by("position", "id"))),
        ),
        Prefetch("decisions", queryset=m.Decision.objects.order_by("position", "id")),
        Prefetch("opinions", queryset=m.Opinion.objects.order_by("created_at", "id")),
    )


def meeting_record(meeting_id: int) -> MeetingRecord | None:
    """The frozen record of one meeting, in a fixed number of queries (8), or None."""
    meeting = _with_record_prefetch(m.Meeting.objects.filter(pk=meeting_id)).first()
    return _record(meeting) if meeting is not None else None


def meeting_records(meetings: QuerySet[m.Meeting]) -> list[MeetingRecord]:
    """The records of several meetings, in the same fixed number of queries."""
    return [_record(meeting) for meeting in _with_record_prefetch(meetings)]


def meetings_for_department(department_id: int, *, year: int | None = None) -> list[tuple[int, dt.datetime, str]]:
    """(id, starts_at, committee name) of the department's meetings, newest first (cancelled ones left out)."""
    meetings = m.Meeting.objects.filter(committee__department_id=department_id, cancelled_at__isnull=True)
    if year is not None:
        meetings = meetings.filter(starts_at__year=year)
    return list(meetings.order_by("-starts_at", "-id").values_list("id", "starts_at", "committee__name"))


def decision_actions(meeting: m.Meeting) -> dict[int, uuid.UUID]:
    """The public id of each action raised from the meeting's decisions, by the action's primary key."""
    return dict(meeting.decisions.filter(action__isnull=False).values_list("action_id", "action__public_id"))


# ---- invitations ---------------------------------------------------------------------------------------------


def invitation_by_token(token: str) -> m.Invitation | None:
    if not token or len(token) > 64:
        return None
    return (
        m.Invitation.objects.filter(token=token)
        .select_related("meeting__committee__department", "meeting__chair", "member")
        .first()
    )


def invitations_of(meeting: m.Meeting) -> list[m.Invitation]:
    return list(meeting.invitations.select_related("member").order_by("member__category", "member__organisation"))

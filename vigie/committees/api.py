"""Committees API. Access: whoever reads the whole department (quality officer, steering committee, auditor of the
department, national administrators); a department or a meeting outside the scope is 404. Members are shown by
organisation, function and category: their names and contact details are never in the API."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated

from django.http import Http404
from ninja import Field, Path, Query, Router, Schema

from vigie.core.apischema import error_responses

from . import queries

router = Router(tags=["committees"])

# A meeting's public id; anything else is an unknown meeting (404), as a path names an object
MeetingId = Annotated[str, Path(description="Identifiant public de la réunion (UUID).")]


class CommitteeQuery(Schema):
    department: str = Field(..., max_length=3)


class MemberOut(Schema):
    id: uuid.UUID
    organisation: str
    function: str
    category: str
    category_label: str
    position: str
    starts_on: dt.date
    ends_on: dt.date | None


class MeetingRefOut(Schema):
    id: uuid.UUID
    date: dt.datetime
    cancelled: bool


class CommitteeOut(Schema):
    id: uuid.UUID
    department: str
    kind: str
    kind_label: str
    name: str
    members: list[MemberOut]
    meetings: list[MeetingRefOut]


@router.get(
    "/committees",
    response={200: list[CommitteeOut], **error_responses(400, 401, 403, 404)},
    summary="Comités d'un département, leurs membres (organisme, fonction, collège) et leurs réunions",
)
def list_committees(request, filters: Query[CommitteeQuery]):
    department = queries.get_department_for_committees(request.user, filters.department)
    return [
        {
            "id": committee.public_id,
            "department": department.code,
            "kind": committee.kind,
            "kind_label": committee.get_kind_display(),
            "name": committee.name,
            "members": [
                {
                    "id": member.public_id,
                    "organisation": member.organisation,
                    "function": member.function,
                    "category": member.category,
                    "category_label": member.get_category_display(),
                    "position": member.position,
                    "starts_on": member.starts_on,
                    "ends_on": member.ends_on,
                }
                for member in committee.members.all()
            ],
            "meetings": [
                {
                    "id": meeting.public_id,
                    "date": queries.local_start(meeting),
                    "cancelled": meeting.cancelled_at is not None,
                }
                for meeting in committee.meetings.all()
            ],
        }
        for committee in queries.committees_of(department)
    ]


class AgendaItemOut(Schema):
    position: int
    title: str
    section: str
    section_label: str
    notes: str


class AttendanceOut(Schema):
    member: str
    organisation: str
    category: str
    position: str
    status: str = Field(description="present, excused, absent, represented, ou vide (non renseignée)")
    represented_by: str


class AnswerOut(Schema):
    speaker: str
    text: str


class InterventionOut(Schema):
    speaker: str
    organisation: str
    topic: str
    text: str
    answers: list[AnswerOut]


class DecisionOut(Schema):
    text: str
    action: uuid.UUID | None


class OpinionOut(Schema):
    topic: str
    text: str
    template_versions: list[str]


class MeetingOut(Schema):
    id: uuid.UUID
    committee: str
    committee_kind: str
    department: str
    date: dt.datetime
    place: str
    video_link: str
    cancelled: bool
    chair: str
    agenda: list[AgendaItemOut]
    attendance: list[AttendanceOut]
    interventions: list[InterventionOut]
    decisions: list[DecisionOut]
    opinions: list[OpinionOut]


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, **error_responses(401, 403, 404)},
    summary="Une réunion : ordre du jour, présences, interventions et réponses, décisions, avis",
)
def get_meeting(request, meeting_id: MeetingId):
    try:
        public_id = uuid.UUID(meeting_id)
    except ValueError:
        raise Http404 from None
    meeting = queries.visible_meetings(request.user).filter(public_id=public_id).first()
    if meeting is None:
        raise Http404
    record = queries.meeting_record(meeting.pk)
    actions = queries.decision_actions(meeting)
    return {
        "id": meeting.public_id,
        "committee": record.committee_name,
        "committee_kind": record.committee_kind,
        "department": record.department_code,
        "date": record.starts_at,
        "place": record.place,
        "video_link": record.video_link,
        "cancelled": record.cancelled,
        "chair": record.chair,
        "agenda": [
            {**item.__dict__, "section_label": queries.SECTION_LABELS.get(item.section, "")} for item in record.agenda
        ],
        "attendance": [
            {
                "member": line.member,
                "organisation": line.organisation,
                "category": line.category,
                "position": line.position,
                "status": line.status,
                "represented_by": line.represented_by,
            }
            for line in record.attendance
        ],
        "interventions": [
            {
                "speaker": i.speaker,
                "organisation": i.organisation,
                "topic": i.topic,
                "text": i.text,
                "answers": [{"speaker": a.speaker, "text": a.text} for a in i.answers],
            }
            for i in record.interventions
        ],
        "decisions": [{"text": d.text, "action": actions.get(d.action_id)} for d in record.decisions],
        "opinions": [
            {"topic": o.topic, "text": o.text, "template_versions": list(o.template_versions)} for o in record.opinions
        ],
    }

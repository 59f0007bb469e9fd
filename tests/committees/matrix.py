"""Rows of the roles × scope matrix (tests/test_access_matrix.py) for the committees screens and API, the objects
they name, the same placeholders for the demo crawl (tests/test_crawl.py), and the pages of the axe-core test.

Department 51's users' committee with a member, and an upcoming meeting (agenda item, intervention, decision, an
invitation). Those who read the whole of 51 (national admins, its quality officer, its steering reader, its auditor)
read; national admins and 51's officer manage; the reader and the auditor get 403 on writes; the correspondent, the
agent, 16's officer and a user without role get 404. The answer page is public (its token is the key)."""

from __future__ import annotations

import datetime as dt

PERSONAS = ["anonymous", "national", "officer", "officer_b", "correspondent", "agent", "reader", "auditor", "no_role"]
OK, REDIRECT, BAD_REQUEST, FORBIDDEN, NOT_FOUND = 200, 302, 400, 403, 404
COMMITTEE, MEMBER, MEETING, ITEM, INTERVENTION, ANSWER, OPINION, DECISION, RSVP = (
    "COMMITTEE",
    "MEMBER",
    "MEETING",
    "ITEM",
    "INTERVENTION",
    "ANSWER",
    "OPINION",
    "DECISION",
    "RSVP",
)
PLACEHOLDERS = {
    "committee_id": COMMITTEE,
    "member_id": MEMBER,
    "meeting_id": MEETING,
    "item_id": ITEM,
    "intervention_id": INTERVENTION,
    "answer_id": ANSWER,
    "opinion_id": OPINION,
    "decision_id": DECISION,
    "token": RSVP,
}


def _row(default, **overrides):
    return {p: overrides.get(p, default) for p in PERSONAS}


D = {"code": "51"}
C = {**D, "committee_id": COMMITTEE}
M = {**D, "meeting_id": MEETING}
_READS = _row(OK, anonymous=REDIRECT, officer_b=NOT_FOUND, no_role=NOT_FOUND, correspondent=NOT_FOUND, agent=NOT_FOUND)


def _managers(status):
    return {p: (status if p in ("national", "officer") else FORBIDDEN if s == OK else s) for p, s in _READS.items()}


COMMITTEES_MATRIX: dict = {
    "committee_list": ("get", D, _READS),
    "committee_create": ("get", D, _managers(OK)),
    "committee_detail": ("get", C, _READS),
    "committee_edit": ("get", C, _managers(OK)),
    "member_add": ("post", C, _managers(BAD_REQUEST)),
    "members_export": ("get", C, _managers(OK)),
    "member_edit": ("get", {**C, "member_id": MEMBER}, _managers(OK)),
    "member_delete": ("post", {**C, "member_id": MEMBER}, _managers(REDIRECT)),
    "meeting_create": ("post", C, _managers(BAD_REQUEST)),
    "meeting_detail": ("get", M, _READS),
    "meeting_edit": ("post", M, _managers(BAD_REQUEST)),
    "meeting_invitations": ("post", M, _managers(REDIRECT)),
    "meeting_cancel": ("post", M, _managers(REDIRECT)),
    "agenda_item_add": ("post", M, _managers(BAD_REQUEST)),
    "agenda_item_edit": ("get", {**M, "item_id": ITEM}, _managers(OK)),
    "agenda_item_delete": ("post", {**M, "item_id": ITEM}, _managers(REDIRECT)),
    "attendance_record": ("post", M, _managers(REDIRECT)),  # an empty grid records nothing
    "intervention_add": ("post", M, _managers(BAD_REQUEST)),
    "intervention_answer_add": ("post", {**M, "intervention_id": INTERVENTION}, _managers(BAD_REQUEST)),
    "intervention_edit": ("get", {**M, "intervention_id": INTERVENTION}, _managers(OK)),
    "intervention_answer_edit": (
        "get",
        {**M, "intervention_id": INTERVENTION, "answer_id": ANSWER},
        _managers(OK),
    ),
    "intervention_delete": ("post", {**M, "intervention_id": INTERVENTION}, _managers(REDIRECT)),
    "opinion_add": ("post", M, _managers(BAD_REQUEST)),
    "opinion_edit": ("get", {**M, "opinion_id": OPINION}, _managers(OK)),
    "decision_add": ("post", M, _managers(BAD_REQUEST)),
    "decision_edit": ("get", {**M, "decision_id": DECISION}, _managers(OK)),
    "decision_action": ("post", {**M, "decision_id": DECISION}, _managers(REDIRECT)),
    "invitation_answer": ("get", {"token": RSVP}, _row(OK)),
}

COMMITTEES_API_MATRIX: dict = {
    "/api/v1/committees?department=51": _row(
        OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND, correspondent=NOT_FOUND, agent=NOT_FOUND
    ),
    "/api/v1/meetings/MEETING": _row(
        OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND, correspondent=NOT_FOUND, agent=NOT_FOUND
    ),
}


def committee_objects(world) -> dict[str, str]:
    """The objects of the matrix, in department 51 (a meeting 30 days ahead, so invitations can go)."""
    from django.utils import timezone

    from tests.committees.factories import CommitteeFactory, MeetingFactory, MemberFactory
    from vigie.committees import services

    committee = CommitteeFactory(department=world.dept_a, name="Comité local des usagers de la Marne")
    member = MemberFactory(committee=committee, organisation="UDAF 51", email="udaf@example.org")
    meeting = MeetingFactory(committee=committee, starts_at=timezone.now() + dt.timedelta(days=30))
    item = services.add_agenda_item(actor=None, meeting=meeting, title="Indicateurs", section="indicators")
    intervention = services.add_intervention(actor=None, meeting=meeting, text="Question", speaker_member=member)
    answer = services.add_answer(actor=None, intervention=intervention, speaker="SG", text="Réponse")
    opinion = services.add_opinion(actor=None, meeting=meeting, topic="Courriels types", text="Favorable")
    decision = services.add_decision(actor=None, meeting=meeting, text="Afficher les délais")
    services.send_invitations(actor=None, meeting=meeting)
    return {
        COMMITTEE: str(committee.public_id),
        MEMBER: str(member.public_id),
        MEETING: str(meeting.public_id),
        ITEM: str(item.public_id),
        INTERVENTION: str(intervention.public_id),
        ANSWER: str(answer.public_id),
        OPINION: str(opinion.public_id),
        DECISION: str(decision.public_id),
        RSVP: meeting.invitations.get().token,
    }


def with_committee_objects(kwargs: dict, world) -> dict:
    if not any(value in PLACEHOLDERS.values() for value in kwargs.values()):
        return kwargs
    objects = committee_objects(world)
    return {key: objects.get(value, value) if isinstance(value, str) else value for key, value in kwargs.items()}


def committee_api_path(world, path: str) -> str:
    if "MEETING" not in path:
        return path
    return path.replace("MEETING", committee_objects(world)[MEETING])


def with_demo_committee_objects(kwargs: dict, user) -> dict | None:
    """For the crawl of the demo: the placeholders as demo objects of the department the login reads (the answer
    page: any demo invitation); None when the demo has none."""
    from vigie.committees import queries
    from vigie.committees.models import Invitation

    kwargs = dict(kwargs)
    if kwargs.get("token") == RSVP:
        invitation = Invitation.objects.order_by("id").first()
        if invitation is None:
            return None
        kwargs["token"] = invitation.token
        return kwargs
    if user is None:
        return None
    meetings = queries.visible_meetings(user).filter(committee__department__code=kwargs.get("code", ""))
    meeting = meetings.filter(interventions__isnull=False, decisions__isnull=False).distinct().first()
    meeting = meeting or meetings.first()
    if meeting is None:
        return None
    if "committee_id" in kwargs:
        kwargs["committee_id"] = meeting.committee.public_id
    if "member_id" in kwargs:
        member = meeting.committee.members.first()
        kwargs["member_id"] = member.public_id if member else None
    if "meeting_id" in kwargs:
        kwargs["meeting_id"] = meeting.public_id
    for name, related in (
        ("item_id", "agenda_items"),
        ("intervention_id", "interventions"),
        ("opinion_id", "opinions"),
        ("decision_id", "decisions"),
    ):
        if name in kwargs:
            found = getattr(meeting, related).first()
            kwargs[name] = found.public_id if found else None
    if "answer_id" in kwargs:  # an answer of the intervention named
        from vigie.committees.models import InterventionAnswer

        found = InterventionAnswer.objects.filter(intervention__public_id=kwargs.get("intervention_id")).first()
        kwargs["answer_id"] = found.public_id if found else None
    return None if None in kwargs.values() else kwargs


# the committees pages for the axe-core test: (persona, path); placeholders filled by the test
COMMITTEE_PAGES: list[tuple[str | None, str]] = [
    ("officer", "/departements/51/comites/"),
    ("officer", "/departements/51/comites/nouveau/"),
    ("officer", "/departements/51/comites/{committee}/"),
    ("reader", "/departements/51/comites/{committee}/"),
    ("officer", "/departements/51/comites/{committee}/modifier/"),
    ("officer", "/departements/51/reunions/{meeting}/"),
    ("officer", "/departements/51/reunions/{held}/"),
    ("reader", "/departements/51/reunions/{held}/"),
    (None, "/comites/reponse/{token}/"),
]

"""Writes of the committees app: committees and members, meetings and their agenda, invitations (e-mail with an ICS
file, through mail.services.queue_message), the members' answers, attendance, interventions and answers, opinions,
decisions and their actions (improvement.services.raise_action), reminders and the retention of contact details.
Keyword-only, typed, checked with full_clean() in one transaction; a refused input raises ValidationError."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from vigie.improvement.models import Action
from vigie.improvement.origins import Origin
from vigie.improvement.services import raise_action
from vigie.mail.services import FileToSend, erase_messages, queue_message
from vigie.organisation.models import Department

from . import ics
from .enums import RSVP_TO_ATTENDANCE, AttendanceStatus, CommitteeKind, Rsvp
from .models import (
    AgendaItem,
    Attendance,
    Committee,
    Decision,
    Intervention,
    InterventionAnswer,
    Invitation,
    Meeting,
    Member,
    Opinion,
)
from .queries import APP, members_at

ORIGIN_DECISION = "committee_decision"
INVITATION, UPDATE, CANCELLATION, REMINDER = "invitation", "invitation_update", "cancellation", "reminder"
REMINDER_DAYS = (7, 1)  # a member who has not answered is reminded 7 days, then 1 day before the meeting
ERASED = "[effacé]"


DAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def date_fr(day: dt.date) -> str:
    """« mardi 5 avril 2022 »."""
    return f"{DAYS[day.weekday()]} {day.day}{'er' if day.day == 1 else ''} {MONTHS[day.month - 1]} {day.year}"


def _full_clean(obj, **kwargs) -> None:
    obj.full_clean(**kwargs)
    obj.save()


def _check_fields(fields, allowed) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"champs inconnus : {sorted(unknown)}")


def _change(obj, fields: dict, allowed) -> None:
    """Set the allowed fields, check and save."""
    _check_fields(fields, allowed)
    for name, value in fields.items():
        setattr(obj, name, value)
    _full_clean(obj)


# ---- committees and members ----------------------------------------------------------------------------------


@transaction.atomic
def create_committee(
    *, actor: User | None, department: Department, kind: str, name: str, retention_months: int = 12
) -> Committee:
    committee = Committee(
        department=department,
        kind=kind,
        name=name or str(CommitteeKind(kind).label),
        retention_months=retention_months,
        created_by=actor,
    )
    _full_clean(committee)
    return committee


@transaction.atomic
def update_committee(*, actor: User | None, committee: Committee, **fields) -> Committee:
    _change(committee, fields, ("kind", "name", "retention_months"))
    return committee


MEMBER_FIELDS = ("category", "organisation", "function", "person_name", "email", "phone", "position", "starts_on")


@transaction.atomic
def add_member(*, actor: User | None, committee: Committee, ends_on: dt.date | None = None, **fields) -> Member:
    _check_fields(fields, MEMBER_FIELDS)
    member = Member(committee=committee, ends_on=ends_on, **fields)
    _full_clean(member)
    return member


@transaction.atomic
def update_member(*, actor: User | None, member: Member, **fields) -> Member:
    _change(member, fields, (*MEMBER_FIELDS, "ends_on"))
    return member


@transaction.atomic
def remove_member(*, actor: User | None, member: Member) -> bool:
    """Delete a member who never took part in a meeting (True); one who did is kept for the minutes and gets an end
    date instead (today), their contact details then follow the retention rule (False)."""
    if member.attendances.exists() or member.invitations.exists():
        if member.ends_on is None or member.ends_on > timezone.localdate():
            member.ends_on = max(timezone.localdate(), member.starts_on)
            member.save(update_fields=["ends_on", "updated_at"])
        return False
    member.delete()
    return True


# ---- meetings ------------------------------------------------------------------------------------------------


MEETING_FIELDS = ("starts_at", "duration_minutes", "place", "video_link", "chair", "chair_label")
_SENT_FIELDS = ("starts_at", "duration_minutes", "place", "video_link")  # a change of these is sent as an update


def _check_chair(meeting: Meeting) -> None:
    if meeting.chair is not None and meeting.chair.committee_id != meeting.committee_id:
        raise ValidationError({"chair": "La présidence doit être un membre de ce comité."})
    if meeting.starts_at is not None and timezone.is_naive(meeting.starts_at):
        raise ValueError("starts_at doit porter son fuseau horaire")


@transaction.atomic
def schedule_meeting(*, actor: User | None, committee: Committee, starts_at: dt.datetime, **fields) -> Meeting:
    _check_fields(fields, MEETING_FIELDS)
    meeting = Meeting(committee=committee, starts_at=starts_at, created_by=actor, **fields)
    _check_chair(meeting)
    _full_clean(meeting)
    return meeting


@transaction.atomic
def update_meeting(*, actor: User | None, meeting: Meeting, now: dt.datetime | None = None, **fields) -> Meeting:
    """Change a meeting; when its date, duration, place or link changes after the invitations went out, the
    invited members get the update (same UID, SEQUENCE + 1)."""
    _check_fields(fields, MEETING_FIELDS)
    meeting.refresh_from_db(fields=["sequence", "invitations_sent_at", "cancelled_at"])
    if meeting.is_cancelled:
        raise ValidationError("Cette réunion est annulée.")
    changed = [name for name, value in fields.items() if getattr(meeting, name) != value]
    for name, value in fields.items():
        setattr(meeting, name, value)
    _check_chair(meeting)
    _full_clean(meeting)
    if meeting.invitations_sent_at is not None and any(name in _SENT_FIELDS for name in changed):
        send_invitations(actor=actor, meeting=meeting, now=now, update=True)
    return meeting


def _url(meeting: Meeting) -> str:
    return reverse("meeting_detail", args=[meeting.committee.department.code, meeting.public_id])


def _local(meeting: Meeting) -> dt.datetime:
    return timezone.localtime(meeting.starts_at, ZoneInfo(meeting.committee.department.territory.time_zone))


def _when(meeting: Meeting) -> str:
    local = _local(meeting)
    return f"{date_fr(local.date())} à {local:%H} h {local:%M}"


def _answer_url(invitation: Invitation) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("invitation_answer", args=[invitation.token])


def _body(invitation: Invitation, *, kind: str) -> tuple[str, str]:
    meeting = invitation.meeting
    committee = meeting.committee
    when = _when(meeting)
    place = meeting.place or "lieu à préciser"
    lines = []
    if kind == CANCELLATION:
        subject = f"Annulé : {committee.name} du {date_fr(_local(meeting).date())}"
        lines += [
            "Bonjour,",
            "",
            f"La réunion du {committee.name} prévue le {when} ({place}) est annulée.",
            "",
            "Le fichier joint retire l'événement de votre agenda.",
        ]
    else:
        prefix = {INVITATION: "Invitation", UPDATE: "Modifié", REMINDER: "Rappel"}[kind]
        subject = f"{prefix} : {committee.name} du {date_fr(_local(meeting).date())}"
        intro = {
            INVITATION: "Vous êtes invité·e à la réunion du",
            UPDATE: "La réunion a changé. Nouvelle date ou nouveau lieu de la réunion du",
            REMINDER: "Nous n'avons pas encore votre réponse pour la réunion du",
        }[kind]
        lines += ["Bonjour,", "", f"{intro} {committee.name}, le {when}.", f"Lieu : {place}."]
        if meeting.video_link:
            lines.append(f"Visioconférence : {meeting.video_link}")
        items = list(meeting.agenda_items.order_by("position", "id"))
        if items:
            lines += ["", "Ordre du jour :", *(f"{i}. {item.title}" for i, item in enumerate(items, start=1))]
        lines += [
            "",
            "Merci d'indiquer si vous venez, si vous êtes excusé·e ou si vous vous faites représenter, à cette adresse "
            "personnelle (sans compte) :",
            _answer_url(invitation),
            "",
            "Le fichier joint ajoute la réunion à votre agenda.",
        ]
    lines += ["", f"{committee.department.prefect_title}"]
    return subject, "\n".join(lines)


def _send(invitation: Invitation, *, kind: str, now: dt.datetime) -> None:
    meeting = invitation.meeting
    method = ics.CANCEL if kind == CANCELLATION else ics.REQUEST
    content = ics.meeting_ics(
        meeting, method=method, attendee=invitation.member.email, organizer=settings.DEFAULT_FROM_EMAIL, now=now
    )
    subject, body = _body(invitation, kind=kind)
    queue_message(
        app_label=APP,
        public_id=invitation.public_id,
        to=invitation.member.email,
        subject=subject,
        body=body,
        tag=kind,
        attachments=[FileToSend(ics.FILENAME, ics.CONTENT_TYPE.format(method=method), content)],
    )


def invitable_members(meeting: Meeting) -> list[Member]:
    """The members sitting on the meeting's day who have an e-mail address."""
    day = timezone.localtime(meeting.starts_at).date()
    return [member for member in members_at(meeting.committee, day) if member.email]


@transaction.atomic
def send_invitations(
    *, actor: User | None, meeting: Meeting, now: dt.datetime | None = None, update: bool = False, resend: bool = False
) -> int:
    """Invite the members not yet invited (an invitation, with its private answer link and the ICS file); with
    `update` (the meeting changed) the SEQUENCE grows and every invited member gets the new version; with `resend`
    every invited member gets the current version again. Returns the e-mails queued."""
    now = now or timezone.now()
    given, meeting = (
        meeting,
        Meeting.objects.select_for_update().select_related("committee__department").get(pk=meeting.pk),
    )
    if meeting.is_cancelled:
        raise ValidationError("Cette réunion est annulée : aucune invitation ne part plus.")
    if meeting.starts_at <= now:
        raise ValidationError("Cette réunion a déjà eu lieu.")
    if update:
        meeting.sequence += 1
    existing = {invitation.member_id: invitation for invitation in meeting.invitations.select_related("member")}
    sent = 0
    for member in invitable_members(meeting):
        invitation = existing.get(member.pk)
        if invitation is None:
            invitation = Invitation.objects.create(meeting=meeting, member=member)
            kind = INVITATION
        elif update or resend or invitation.sent_at is None:
            kind = UPDATE if update else INVITATION
        else:
            continue
        invitation.meeting = meeting
        _send(invitation, kind=kind, now=now)
        invitation.sent_at = now
        invitation.sequence_sent = meeting.sequence
        invitation.save(update_fields=["sent_at", "sequence_sent", "updated_at"])
        sent += 1
    meeting.invitations_sent_at = meeting.invitations_sent_at or now
    meeting.save(update_fields=["sequence", "invitations_sent_at", "updated_at"])
    given.sequence, given.invitations_sent_at = meeting.sequence, meeting.invitations_sent_at
    return sent


@transaction.atomic
def cancel_meeting(*, actor: User | None, meeting: Meeting, now: dt.datetime | None = None) -> int:
    """Cancel the meeting: every invited member gets a CANCEL (same UID, SEQUENCE + 1). Returns the e-mails queued."""
    now = now or timezone.now()
    given, meeting = (
        meeting,
        Meeting.objects.select_for_update().select_related("committee__department").get(pk=meeting.pk),
    )
    if meeting.is_cancelled:
        return 0
    meeting.sequence += 1
    meeting.cancelled_at = now
    meeting.save(update_fields=["sequence", "cancelled_at", "updated_at"])
    given.sequence, given.cancelled_at = meeting.sequence, meeting.cancelled_at
    sent = 0
    for invitation in meeting.invitations.filter(sent_at__isnull=False).select_related("member"):
        if not invitation.member.email:
            continue
        invitation.meeting = meeting
        _send(invitation, kind=CANCELLATION, now=now)
        invitation.sequence_sent = meeting.sequence
        invitation.save(update_fields=["sequence_sent", "updated_at"])
        sent += 1
    return sent


@transaction.atomic
def answer_invitation(
    *,
    invitation: Invitation,
    answer: str,
    representative_name: str = "",
    representative_function: str = "",
    now: dt.datetime | None = None,
) -> Invitation:
    """A member's answer through their private link (no account). The last answer counts; attendance not yet
    recorded by the quality officer follows it."""
    if answer not in Rsvp.values:
        raise ValidationError({"answer": "Choisissez une réponse."})
    if answer == Rsvp.REPRESENTED and not (representative_name or representative_function):
        raise ValidationError(
            {"representative_name": "Indiquez le nom ou la fonction de la personne qui vous représente."}
        )
    if answer != Rsvp.REPRESENTED:
        representative_name = representative_function = ""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    invitation.answer = answer
    invitation.answered_at = now or timezone.now()
    invitation.representative_name = representative_name.strip()
    invitation.representative_function = representative_function.strip()
    invitation.full_clean()
    invitation.save()
    _attendance_from_answer(invitation)
    return invitation


def _attendance_from_answer(invitation: Invitation) -> None:
    """The attendance the answer suggests, unless the member's attendance was recorded by hand."""
    status = RSVP_TO_ATTENDANCE.get(invitation.answer, "")
    if not status:
        return
    existing = Attendance.objects.filter(meeting_id=invitation.meeting_id, member_id=invitation.member_id).first()
    if existing is not None and not existing.from_answer:
        return
    represented_by = invitation.represented_by if invitation.answer == Rsvp.REPRESENTED else ""
    Attendance.objects.update_or_create(
        meeting_id=invitation.meeting_id,
        member_id=invitation.member_id,
        defaults={"status": status, "represented_by": represented_by, "from_answer": True},
    )


# ---- attendance ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRow:
    member: Member
    status: str  # "" when not recorded
    represented_by: str
    answer: str  # the member's answer, "" when none
    from_answer: bool  # the status shown comes from the answer (not recorded yet)

    @property
    def answer_label(self) -> str:
        """The answer as the member chose it (« Je viens »), never its code."""
        return Rsvp(self.answer).label if self.answer in Rsvp.values else self.answer


def attendance_grid(meeting: Meeting) -> list[AttendanceRow]:
    """Every member sitting on the day (or already recorded), with the recorded status or, when none, the one their
    answer suggests (pre-filled)."""
    day = timezone.localtime(meeting.starts_at).date()
    recorded = {a.member_id: a for a in meeting.attendances.all()}
    answers = {i.member_id: i for i in meeting.invitations.all()}
    members = [
        member
        for member in meeting.committee.members.order_by("category", "organisation", "function")
        if member.pk in recorded or member.sits_on(day)
    ]
    rows = []
    for member in members:
        invitation = answers.get(member.pk)
        answer = invitation.answer if invitation else ""
        if member.pk in recorded:
            row = recorded[member.pk]
            rows.append(AttendanceRow(member, row.status, row.represented_by, answer, row.from_answer))
        else:
            status = RSVP_TO_ATTENDANCE.get(answer, "") if answer else ""
            represented_by = invitation.represented_by if invitation and answer == Rsvp.REPRESENTED else ""
            rows.append(AttendanceRow(member, status, represented_by, answer, bool(status)))
    return rows


@transaction.atomic
def record_attendance(*, actor: User | None, meeting: Meeting, statuses: Mapping[int, tuple[str, str]]) -> int:
    """Record the attendance of members (member id → (status, represented by)); an empty status clears the line.
    A line changed here is set by hand (later answers no longer change it); a line taken from the answer and sent
    back unchanged stays so. Returns the lines written."""
    return _record_attendance(meeting, statuses, from_answer=False)


def _record_attendance(meeting: Meeting, statuses: Mapping[int, tuple[str, str]], *, from_answer: bool) -> int:
    members = {m.pk: m for m in meeting.committee.members.filter(pk__in=list(statuses))}
    existing = {a.member_id: a for a in meeting.attendances.filter(member_id__in=list(statuses))}
    written = 0
    for member_id, (status, represented_by) in statuses.items():
        member = members.get(member_id)
        if member is None:
            raise ValidationError("Ce membre n'appartient pas au comité.")
        if not status:
            Attendance.objects.filter(meeting=meeting, member=member).delete()
            continue
        if status not in AttendanceStatus.values:
            raise ValidationError({"status": "Présence inconnue."})
        represented_by = represented_by.strip() if status == AttendanceStatus.REPRESENTED else ""
        line = existing.get(member_id)
        if line is not None and line.from_answer and (line.status, line.represented_by) == (status, represented_by):
            continue  # as the answer made it: it keeps following the answers
        Attendance.objects.update_or_create(
            meeting=meeting,
            member=member,
            defaults={"status": status, "represented_by": represented_by, "from_answer": from_answer},
        )
        written += 1
    return written


@transaction.atomic
def prefill_attendance(*, actor: User | None, meeting: Meeting) -> int:
    """Record the attendance the answers suggest for the members not recorded by hand (the answers arrived before
    their attendance followed them, or it was cleared)."""
    rows = [row for row in attendance_grid(meeting) if row.from_answer]
    statuses = {row.member.pk: (row.status, row.represented_by) for row in rows}
    recorded = set(meeting.attendances.filter(member_id__in=list(statuses)).values_list("member_id", flat=True))
    return _record_attendance(
        meeting, {pk: value for pk, value in statuses.items() if pk not in recorded}, from_answer=True
    )


# ---- agenda, interventions, opinions, decisions --------------------------------------------------------------


def _next_position(queryset) -> int:
    last = queryset.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


@transaction.atomic
def add_agenda_item(
    *, actor: User | None, meeting: Meeting, title: str, section: str = "", notes: str = "", position: int | None = None
) -> AgendaItem:
    item = AgendaItem(
        meeting=meeting,
        title=title,
        section=section,
        notes=notes,
        position=position if position is not None else _next_position(meeting.agenda_items.all()),
    )
    _full_clean(item)
    return item


@transaction.atomic
def update_agenda_item(*, actor: User | None, item: AgendaItem, **fields) -> AgendaItem:
    _change(item, fields, ("title", "section", "notes", "position"))
    return item


@transaction.atomic
def delete_agenda_item(*, actor: User | None, item: AgendaItem) -> None:
    item.delete()


def _check_same_meeting(meeting: Meeting, *, member: Member | None = None, item: AgendaItem | None = None) -> None:
    if member is not None and member.committee_id != meeting.committee_id:
        raise ValidationError({"speaker_member": "Ce membre n'appartient pas au comité."})
    if item is not None and item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": "Ce point n'est pas à l'ordre du jour de cette réunion."})


@transaction.atomic
def add_intervention(
    *,
    actor: User | None,
    meeting: Meeting,
    text: str,
    speaker_member: Member | None = None,
    speaker_label: str = "",
    agenda_item: AgendaItem | None = None,
    topic_label: str = "",
) -> Intervention:
    _check_same_meeting(meeting, member=speaker_member, item=agenda_item)
    intervention = Intervention(
        meeting=meeting,
        position=_next_position(meeting.interventions.all()),
        speaker_member=speaker_member,
        speaker_label=speaker_label,
        agenda_item=agenda_item,
        topic_label=topic_label,
        text=text,
    )
    _full_clean(intervention)
    return intervention


@transaction.atomic
def add_answer(*, actor: User | None, intervention: Intervention, speaker: str, text: str) -> InterventionAnswer:
    answer = InterventionAnswer(
        intervention=intervention,
        position=_next_position(intervention.answers.all()),
        speaker=speaker,
        text=text,
    )
    _full_clean(answer)
    return answer


@transaction.atomic
def update_intervention(*, actor: User | None, intervention: Intervention, **fields) -> Intervention:
    """Change who spoke, on what, and what was said (speaker_member, speaker_label, agenda_item, topic_label, text)."""
    _check_same_meeting(
        intervention.meeting,
        member=fields.get("speaker_member", intervention.speaker_member),
        item=fields.get("agenda_item", intervention.agenda_item),
    )
    _change(intervention, fields, ("speaker_member", "speaker_label", "agenda_item", "topic_label", "text"))
    return intervention


@transaction.atomic
def update_answer(*, actor: User | None, answer: InterventionAnswer, **fields) -> InterventionAnswer:
    _change(answer, fields, ("speaker", "text"))
    return answer


@transaction.atomic
def delete_intervention(*, actor: User | None, intervention: Intervention) -> None:
    intervention.delete()


@transaction.atomic
def add_opinion(
    *,
    actor: User | None,
    meeting: Meeting,
    topic: str,
    text: str,
    agenda_item: AgendaItem | None = None,
    template_versions: Iterable[str] = (),
) -> Opinion:
    _check_same_meeting(meeting, item=agenda_item)
    opinion = Opinion(
        meeting=meeting,
        agenda_item=agenda_item,
        topic=topic,
        text=text,
        template_versions="\n".join(v.strip() for v in template_versions if v.strip()),
    )
    _full_clean(opinion)
    return opinion


@transaction.atomic
def update_opinion(
    *,
    actor: User | None,
    opinion: Opinion,
    topic: str,
    text: str,
    agenda_item: AgendaItem | None = None,
    template_versions: Iterable[str] = (),
) -> Opinion:
    _check_same_meeting(opinion.meeting, item=agenda_item)
    versions = "\n".join(v.strip() for v in template_versions if v.strip())
    _change(
        opinion,
        {"topic": topic, "text": text, "agenda_item": agenda_item, "template_versions": versions},
        ("topic", "text", "agenda_item", "template_versions"),
    )
    return opinion


@transaction.atomic
def update_decision(*, actor: User | None, decision: Decision, text: str) -> Decision:
    """The decision's wording (an action already created from it keeps its own title)."""
    _change(decision, {"text": text}, ("text",))
    return decision


@transaction.atomic
def add_decision(
    *, actor: User | None, meeting: Meeting, text: str, intervention: Intervention | None = None
) -> Decision:
    if intervention is not None and intervention.meeting_id != meeting.pk:
        raise ValidationError({"intervention": "Cette intervention n'appartient pas à cette réunion."})
    decision = Decision(
        meeting=meeting, position=_next_position(meeting.decisions.all()), text=text, intervention=intervention
    )
    _full_clean(decision)
    return decision


@transaction.atomic
def create_action_for_decision(
    *, actor: User | None, decision: Decision, due_date: dt.date | None = None, title: str = ""
) -> Action:
    """Put the decision in the department's action plan of the meeting's year, with the decision as its origin
    (once: a decision that has its action keeps it)."""
    decision = Decision.objects.select_for_update().select_related("meeting__committee__department").get(pk=decision.pk)
    if decision.action_id is not None:
        return decision.action
    meeting = decision.meeting
    committee = meeting.committee
    day = timezone.localtime(meeting.starts_at).date()
    origin = Origin(
        app=APP,
        kind=ORIGIN_DECISION,
        public_id=str(decision.public_id),
        label=f"{committee.name} du {day:%d/%m/%Y} : décision",
        url=_url(meeting),
        year=day.year,
    )
    action = raise_action(
        actor=actor,
        department=committee.department,
        year=max(day.year, timezone.localdate().year),
        title=(title or decision.text)[:500],
        origin=origin,
        due_date=due_date,
        axis_title="Suites des comités",
        theme_title=committee.name[:200],
    )
    decision.action = action
    decision.save(update_fields=["action", "updated_at"])
    return action


# ---- reminders and retention ---------------------------------------------------------------------------------


def send_reminders(now: dt.datetime | None = None) -> int:
    """Remind the invited members who have not answered, 7 days then 1 day before the meeting; each reminder once
    (the invitation counts the reminders sent). Returns the e-mails queued."""
    now = now or timezone.now()
    horizon = now + dt.timedelta(days=max(REMINDER_DAYS))
    sent = 0
    invitations = Invitation.objects.filter(
        answer="",
        sent_at__isnull=False,
        meeting__cancelled_at__isnull=True,
        meeting__starts_at__gt=now,
        meeting__starts_at__lte=horizon,
        reminders_sent__lt=len(REMINDER_DAYS),
    ).select_related("meeting__committee__department", "member")
    for invitation in invitations:
        left = invitation.meeting.starts_at - now
        due = sum(1 for days in REMINDER_DAYS if left <= dt.timedelta(days=days))
        if due <= invitation.reminders_sent or not invitation.member.email:
            continue
        with transaction.atomic():
            locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
            if locked.reminders_sent >= due or locked.answer:
                continue
            _send(invitation, kind=REMINDER, now=now)
            locked.reminders_sent = due
            locked.save(update_fields=["reminders_sent", "updated_at"])
            sent += 1
    return sent


def _months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 - months
    year = day.year + month // 12
    month = month % 12 + 1
    last_day = [
        31,
        29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28,
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ][month - 1]
    return dt.date(year, month, min(day.day, last_day))


@transaction.atomic
def erase_expired_contacts(now: dt.datetime | None = None) -> int:
    """Erase the name, e-mail and phone of the members who left their committee more than its retention period ago,
    the names of their representatives, and the e-mails sent to them (their function and organisation stay).
    Returns the members erased."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    erased = 0
    for committee in Committee.objects.filter(members__contact_erased_at__isnull=True).distinct():
        limit = _months_before(today, committee.retention_months)
        members = list(
            committee.members.filter(contact_erased_at__isnull=True, ends_on__isnull=False, ends_on__lt=limit)
        )
        if not members:
            continue
        invitations = Invitation.objects.filter(member__in=members)
        erase_messages(app_label=APP, public_ids=list(invitations.values_list("public_id", flat=True)))
        invitations.update(representative_name="", representative_function="")
        Attendance.objects.filter(member__in=members).exclude(represented_by="").update(represented_by=ERASED)
        erased += Member.objects.filter(pk__in=[m.pk for m in members]).update(
            person_name="", email="", phone="", contact_erased_at=now
        )
    return erased


def members_export_rows(committee: Committee) -> list[list]:
    """The members and their contact details, for an export on request (core.spreadsheets writes the file)."""
    return [
        [
            member.get_category_display(),
            member.organisation,
            member.function,
            member.person_name,
            member.email,
            member.phone,
            member.get_position_display(),
            member.starts_on,
            member.ends_on,
        ]
        for member in committee.members.order_by("category", "organisation", "function")
    ]


EXPORT_HEADER = ["Collège", "Organisme", "Fonction", "Nom", "Courriel", "Téléphone", "Rôle", "Depuis le", "Jusqu'au"]

"""Invitations: an e-mail per member with an ICS file (stable UID, TZID Europe/Paris, SEQUENCE growing on updates,
CANCEL on cancellation), the private answer link, reminders once."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine

from tests.committees.factories import CommitteeFactory, MeetingFactory, MemberFactory
from vigie.committees import services
from vigie.mail.models import OutboxMessage

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2024, 11, 4, 10, 0, tzinfo=PARIS)
MEETING_AT = dt.datetime(2024, 12, 10, 9, 30, tzinfo=PARIS)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def meeting(world):
    committee = CommitteeFactory(department=world.dept_a, name="Comité local des usagers de la Marne")
    MemberFactory(committee=committee, organisation="UDAF 51", email="udaf@example.org")
    MemberFactory(committee=committee, organisation="AMF 51", email="amf@example.org")
    MemberFactory(committee=committee, organisation="Sans courriel", email="")
    MemberFactory(committee=committee, organisation="Parti", email="parti@example.org", ends_on=dt.date(2023, 1, 1))
    return MeetingFactory(committee=committee, starts_at=MEETING_AT, place="Salle Jean Moulin")


def _calendar(message: OutboxMessage) -> icalendar.Calendar:
    attachment = message.attachments.get()
    assert attachment.filename == "invitation.ics"
    assert attachment.content_type.startswith("text/calendar")
    return icalendar.Calendar.from_ical(bytes(attachment.content))


def _messages(tag: str):
    return list(OutboxMessage.objects.filter(related_app="committees", tag=tag).order_by("pk"))


def test_invitations_go_to_sitting_members_with_an_address_with_an_ics_in_paris_time(meeting):
    assert services.send_invitations(actor=None, meeting=meeting) == 2
    messages = _messages("invitation")
    assert sorted(m.to for m in messages) == ["amf@example.org", "udaf@example.org"]
    calendar = _calendar(messages[0])
    assert calendar["METHOD"] == "REQUEST"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    event = calendar.events[0]
    assert event["UID"] == meeting.ics_uid
    assert event["SEQUENCE"] == 0
    assert event.get("DTSTART").params["TZID"] == "Europe/Paris"
    assert event.DTSTART == MEETING_AT
    assert event["LOCATION"] == "Salle Jean Moulin"
    body = messages[0].body
    assert "/comites/reponse/" in body and "mardi 10 décembre 2024 à 09 h 30" in body


def test_sending_again_invites_only_the_new_members_and_resend_sends_to_all(meeting):
    services.send_invitations(actor=None, meeting=meeting)
    assert services.send_invitations(actor=None, meeting=meeting) == 0
    MemberFactory(committee=meeting.committee, organisation="Nouvelle", email="nouvelle@example.org")
    assert services.send_invitations(actor=None, meeting=meeting) == 1
    assert services.send_invitations(actor=None, meeting=meeting, resend=True) == 3


def test_an_update_keeps_the_uid_and_raises_the_sequence_then_a_cancel_cancels(meeting):
    services.send_invitations(actor=None, meeting=meeting)
    services.update_meeting(actor=None, meeting=meeting, place="Grand salon")
    services.update_meeting(actor=None, meeting=meeting, starts_at=MEETING_AT + dt.timedelta(days=1))
    updates = _messages("invitation_update")
    assert len(updates) == 4
    sequences = [_calendar(m).events[0]["SEQUENCE"] for m in updates]
    assert sorted(set(sequences)) == [1, 2]
    last = _calendar(updates[-1]).events[0]
    assert last["UID"] == meeting.ics_uid and last["LOCATION"] == "Grand salon"
    assert MEETING_AT + dt.timedelta(days=1) == last.DTSTART
    services.update_meeting(actor=None, meeting=meeting, chair_label="La secrétaire générale")  # not sent
    assert len(_messages("invitation_update")) == 4
    assert services.cancel_meeting(actor=None, meeting=meeting) == 2
    cancel = _calendar(_messages("cancellation")[0])
    assert cancel["METHOD"] == "CANCEL"
    event = cancel.events[0]
    assert event["STATUS"] == "CANCELLED" and event["UID"] == meeting.ics_uid and event["SEQUENCE"] == 3
    assert services.cancel_meeting(actor=None, meeting=meeting) == 0


def test_reminders_go_once_seven_days_then_one_day_before_to_who_has_not_answered(meeting, frozen):
    services.send_invitations(actor=None, meeting=meeting)
    udaf = meeting.invitations.get(member__organisation="UDAF 51")
    services.answer_invitation(invitation=udaf, answer="coming")
    assert services.send_reminders() == 0  # 36 days before
    frozen.move_to(MEETING_AT - dt.timedelta(days=6))
    assert services.send_reminders() == 1
    assert services.send_reminders() == 0
    frozen.move_to(MEETING_AT - dt.timedelta(hours=20))
    assert services.send_reminders() == 1
    assert services.send_reminders() == 0
    assert [m.to for m in _messages("reminder")] == ["amf@example.org", "amf@example.org"]


def test_a_past_or_cancelled_meeting_sends_nothing(meeting):
    from django.core.exceptions import ValidationError

    services.cancel_meeting(actor=None, meeting=meeting)
    meeting.refresh_from_db()
    with pytest.raises(ValidationError):
        services.send_invitations(actor=None, meeting=meeting)
    past = MeetingFactory(committee=meeting.committee, starts_at=NOW - dt.timedelta(days=1))
    with pytest.raises(ValidationError):
        services.send_invitations(actor=None, meeting=past)

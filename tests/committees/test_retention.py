"""Members' contact details are erased after their committee's retention period (a daily job)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.committees.factories import CommitteeFactory, MeetingFactory, MemberFactory
from vigie.committees import services, tasks
from vigie.committees.models import Attendance, Member
from vigie.mail.models import OutboxMessage

PARIS = ZoneInfo("Europe/Paris")
pytestmark = pytest.mark.django_db


def test_contacts_of_members_gone_longer_than_the_retention_are_erased_by_the_daily_job(world):
    committee = CommitteeFactory(department=world.dept_a, retention_months=12)
    gone = MemberFactory(
        committee=committee,
        organisation="UDAF 51",
        person_name="Camille Martin",
        email="camille@example.org",
        phone="0102030405",
        ends_on=dt.date(2023, 6, 30),
    )
    recent = MemberFactory(
        committee=committee, organisation="AMF 51", email="amf@example.org", ends_on=dt.date(2024, 6, 30)
    )
    sitting = MemberFactory(committee=committee, organisation="APF", email="apf@example.org")
    with time_machine.travel(dt.datetime(2023, 5, 2, 10, tzinfo=PARIS), tick=False):
        meeting = MeetingFactory(committee=committee, starts_at=dt.datetime(2023, 6, 1, 10, tzinfo=PARIS))
        services.send_invitations(actor=None, meeting=meeting)
        services.answer_invitation(
            invitation=meeting.invitations.get(member=gone), answer="represented", representative_name="Dominique Petit"
        )
        services.prefill_attendance(actor=None, meeting=meeting)
    assert Attendance.objects.get(member=gone).represented_by == "Dominique Petit"
    with time_machine.travel(dt.datetime(2024, 7, 2, 10, tzinfo=PARIS), tick=False):
        assert tasks.erase_expired_committee_contacts.call() == 1
        assert tasks.erase_expired_committee_contacts.call() == 0
    gone.refresh_from_db()
    assert (gone.person_name, gone.email, gone.phone) == ("", "", "")
    assert gone.organisation == "UDAF 51" and gone.contact_erased_at is not None
    assert Attendance.objects.get(member=gone).represented_by == "[effacé]"
    assert meeting.invitations.get(member=gone).representative_name == ""
    message = OutboxMessage.objects.get(related_public_id=meeting.invitations.get(member=gone).public_id)
    assert "camille" not in message.to and not message.attachments.exists()
    assert Member.objects.get(pk=recent.pk).email == "amf@example.org"
    assert Member.objects.get(pk=sitting.pk).email == "apf@example.org"

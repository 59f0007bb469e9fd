"""The demo's committees: the Charente CLU of 5 April 2022 as its minutes list it, the Marne CLU of 2 February 2024
with its agenda by section, and one upcoming Marne meeting with invitations sent — the only future date of the app."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import models

from vigie.committees import models as m
from vigie.committees.queries import meeting_record

PARIS = ZoneInfo("Europe/Paris")
NEW_YEAR = dt.datetime(2027, 1, 1, 0, 5, tzinfo=PARIS)


@pytest.mark.django_db
def test_the_demo_committees():
    with time_machine.travel(NEW_YEAR, tick=False):
        call_command("demo", stdout=None)
        call_command("demo", stdout=None)  # idempotent
        charente = m.Meeting.objects.get(committee__department__code="16")
        record = meeting_record(charente.pk)
        users = Counter(line.status for line in record.attendance if line.category != "administration")
        assert users == {"present": 3, "excused": 3, "absent": 3}
        assert len(record.interventions) == 4
        assert sum(len(i.answers) for i in record.interventions) == 4
        assert record.chair == "Secrétaire générale"
        assert record.starts_at == dt.datetime(2022, 4, 5, 9, 30, tzinfo=PARIS)
        assert [d.action_id is not None for d in record.decisions] == [True, False]
        marne = m.Meeting.objects.get(committee__department__code="51", starts_at__year=2024)
        assert [i.section for i in meeting_record(marne.pk).agenda] == [
            "action_plan",
            "indicators",
            "satisfaction",
            "complaints",
            "spplus",
            "audits",
            "questions",
        ]
        upcoming = m.Meeting.objects.get(starts_at__gt=NEW_YEAR)
        assert upcoming.invitations.filter(sent_at__isnull=False).count() == upcoming.invitations.count() > 0
        assert upcoming.invitations.exclude(answer="").count() == 2
        assert m.Member.objects.exclude(person_name="").count() == 0  # functions and organisations, never names
        later = [
            (model.__name__, field.name)
            for model in (m.Committee, m.Member, m.Meeting, m.Invitation, m.Attendance, m.Decision)
            for field in model._meta.get_fields()
            if isinstance(field, models.DateTimeField)
            and not (field.auto_now or field.auto_now_add)
            and model.objects.filter(**{f"{field.name}__gt": NEW_YEAR}).exists()
        ]
        assert later == [("Meeting", "starts_at")]

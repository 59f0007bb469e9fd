import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.committees.factories import make_charente_like_meeting
from vigie.committees.queries import AGENDA_SECTIONS, SECTION_LABELS, meeting_record, meetings_for_department

pytestmark = pytest.mark.django_db


def test_the_record_of_a_meeting_carries_attendance_interventions_and_decisions():
    meeting = make_charente_like_meeting()
    with CaptureQueriesContext(connection) as queries:
        record = meeting_record(meeting.pk)
    assert len(queries) <= 9
    assert record.committee_name == "Comité local des usagers de la Charente"
    assert record.department_code == "16"
    assert record.chair == "Secrétaire général·e"
    statuses = {line.organisation: line.status for line in record.attendance if line.category != "administration"}
    assert statuses["UDAF 16"] == "excused"
    assert statuses["OFII"] == "absent"
    assert statuses["Force Ouvrière Consommateurs"] == "represented"
    assert [item.section for item in record.agenda] == ["", "indicators", "action_plan", "questions"]
    assert record.interventions[0].topic == "Bilan des indicateurs 2021"
    assert len(record.interventions[1].answers) == 2
    assert record.decisions[0].action_id is None
    assert record.opinions[0].template_versions == ("Accusé de réception, v2",)
    assert record.starts_at.tzinfo is not None


def test_the_query_count_does_not_grow_with_the_meeting():
    meeting = make_charente_like_meeting()
    with CaptureQueriesContext(connection) as small:
        meeting_record(meeting.pk)
    for _ in range(3):
        make_charente_like_meeting(meeting.committee.department).committee.members.update(committee=meeting.committee)
    with CaptureQueriesContext(connection) as large:
        meeting_record(meeting.pk)
    assert len(large) == len(small)


def test_meetings_of_a_department_newest_first_and_unknown_meeting_is_none():
    meeting = make_charente_like_meeting()
    assert meetings_for_department(meeting.committee.department_id) == [
        (meeting.pk, meeting.starts_at, meeting.committee.name)
    ]
    assert meetings_for_department(meeting.committee.department_id, year=2023) == []
    assert meeting_record(10**9) is None
    assert set(AGENDA_SECTIONS) == set(SECTION_LABELS)

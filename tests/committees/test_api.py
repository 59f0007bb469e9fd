"""The committees API: the list of a department's committees with members and meetings, one meeting with its agenda,
attendance, interventions and answers, decisions; no member's name or address; 404 outside the scope."""

import pytest

from tests.committees.factories import make_charente_like_meeting
from tests.conftest import api_errors
from vigie.committees import services

pytestmark = pytest.mark.django_db


def test_committees_of_a_department_with_members_and_meetings(world):
    meeting = make_charente_like_meeting(world.dept_b)
    response = world.client_for(world.officer_b).get("/api/v1/committees?department=16")
    assert response.status_code == 200
    [committee] = response.json()
    assert committee["name"] == "Comité local des usagers de la Charente"
    assert committee["meetings"] == [
        {"id": str(meeting.public_id), "date": "2022-04-05T09:30:00+02:00", "cancelled": False}
    ]
    assert {m["category"] for m in committee["members"]} == {
        "administration",
        "users",
        "public_services",
        "local_authorities",
    }
    text = response.content.decode()
    assert "@example.org" not in text
    assert world.client_for(world.officer).get("/api/v1/committees?department=16").status_code == 404
    assert world.client_for(None).get("/api/v1/committees?department=16").status_code == 401


def test_one_meeting(world):
    meeting = make_charente_like_meeting(world.dept_b)
    action = services.create_action_for_decision(actor=None, decision=meeting.decisions.get())
    response = world.client_for(world.officer_b).get(f"/api/v1/meetings/{meeting.public_id}")
    assert response.status_code == 200
    body = response.json()
    assert body["committee"] == "Comité local des usagers de la Charente"
    assert body["chair"] == "Secrétaire général·e"
    assert [i["section"] for i in body["agenda"]] == ["", "indicators", "action_plan", "questions"]
    statuses = {(a["organisation"], a["status"]) for a in body["attendance"]}
    assert ("UDAF 16", "excused") in statuses and ("OFII", "absent") in statuses
    assert body["interventions"][1]["answers"] == [
        {"speaker": "Directeur·rice de la citoyenneté", "text": "La pré-demande en ligne."},
        {"speaker": "Secrétaire général·e", "text": "Inciter aux pré-demandes."},
    ]
    assert body["decisions"] == [
        {"text": "Publier des guides pas à pas des démarches en ligne.", "action": str(action.public_id)}
    ]
    assert "@example.org" not in response.content.decode()


def test_a_meeting_outside_the_scope_or_unknown_or_malformed_is_404(world):
    meeting = make_charente_like_meeting(world.dept_b)
    officer = world.client_for(world.officer)
    assert officer.get(f"/api/v1/meetings/{meeting.public_id}").status_code == 404
    response = officer.get("/api/v1/meetings/pas-un-identifiant")
    assert response.status_code == 404
    assert set(response.json()) == {"detail", "errors"}


def test_a_missing_department_is_400_in_the_one_shape(world):
    response = world.client_for(world.officer).get("/api/v1/committees")
    assert response.status_code == 400
    assert "department" in api_errors(response)

"""The members' answer page: no account, an unguessable token, a French 404 for a wrong one, one answer for a double
submission, the representative's name when represented."""

import datetime as dt

import pytest
from django.test import Client

from tests.committees.conftest import PARIS
from tests.committees.factories import CommitteeFactory, MeetingFactory, MemberFactory
from vigie.committees import services

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def invitation(world):
    committee = CommitteeFactory(department=world.dept_a)
    member = MemberFactory(committee=committee, organisation="UDAF 51", email="udaf@example.org")
    meeting = MeetingFactory(committee=committee, starts_at=dt.datetime(2024, 12, 10, 9, 30, tzinfo=PARIS))
    services.add_agenda_item(actor=None, meeting=meeting, title="Résultats des indicateurs", section="indicators")
    services.send_invitations(actor=None, meeting=meeting)
    return meeting.invitations.get(member=member)


def _url(invitation):
    return f"/comites/reponse/{invitation.token}/"


def _form(client, invitation) -> dict:
    response = client.get(_url(invitation))
    assert response.status_code == 200
    return {"once": response.context["form"]["once"].value(), "website": ""}


def test_the_page_opens_without_an_account_and_shows_the_meeting(invitation):
    response = Client().get(_url(invitation))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Résultats des indicateurs" in page and "10 décembre 2024" in page
    assert "La préfecture de Marne vous invite" in page  # the factory has no « of » name: « de » + name
    assert "udaf@example.org" not in page
    assert len(invitation.token) >= 40
    assert (
        page.count("République<br>Française") == 1
    )  # the footer only: the header carries the inviting prefecture's identity


def test_a_wrong_token_is_a_french_404(invitation):
    response = Client().get("/comites/reponse/pas-le-bon-jeton/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
    assert Client().post("/comites/reponse/pas-le-bon-jeton/", {"answer": "coming"}).status_code == 404


def test_a_double_submission_records_one_answer(invitation):
    client = Client()
    data = {**_form(client, invitation), "answer": "coming"}
    first = client.post(_url(invitation), data)
    assert first.status_code == 302
    invitation.refresh_from_db()
    answered_at = invitation.answered_at
    assert invitation.answer == "coming"
    second = client.post(_url(invitation), data)
    assert second.status_code == 302
    invitation.refresh_from_db()
    assert invitation.answered_at == answered_at  # the replay recorded nothing
    assert "Réponse enregistrée" in client.get(_url(invitation)).content.decode()


def test_being_represented_needs_the_representative(invitation):
    client = Client()
    data = {**_form(client, invitation), "answer": "represented"}
    response = client.post(_url(invitation), data)
    assert response.status_code == 400
    assert "personne qui vous représente" in response.content.decode()
    data = {**_form(client, invitation), "answer": "represented", "representative_function": "Vice-président"}
    assert client.post(_url(invitation), data).status_code == 302
    invitation.refresh_from_db()
    assert invitation.answer == "represented" and invitation.represented_by == "Vice-président"
    grid = {row.member.pk: row for row in services.attendance_grid(invitation.meeting)}
    assert grid[invitation.member_id].status == "represented"
    assert grid[invitation.member_id].from_answer


def test_a_robot_filling_the_honeypot_records_nothing(invitation):
    client = Client()
    data = {**_form(client, invitation), "answer": "coming", "website": "http://spam.example"}
    assert client.post(_url(invitation), data).status_code == 200
    invitation.refresh_from_db()
    assert invitation.answer == ""


def test_a_cancelled_meeting_takes_no_more_answers(invitation):
    client = Client()
    data = {**_form(client, invitation), "answer": "coming"}
    services.cancel_meeting(actor=None, meeting=invitation.meeting)
    response = client.post(_url(invitation), data)
    assert response.status_code == 409
    assert "Réunion annulée" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answer == ""

"""The committees pages and the API run a fixed number of queries, whatever the number of members, meetings,
interventions and decisions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.committees.factories import MemberFactory, make_charente_like_meeting
from vigie.committees import services

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(meeting):
    for n in range(5):
        member = MemberFactory(committee=meeting.committee, organisation=f"Association {n}")
        intervention = services.add_intervention(actor=None, meeting=meeting, text="Propos", speaker_member=member)
        services.add_answer(actor=None, intervention=intervention, speaker="SG", text="Réponse")
        services.add_decision(actor=None, meeting=meeting, text=f"Décision {n}", intervention=intervention)
        services.add_agenda_item(actor=None, meeting=meeting, title=f"Point {n}", section="questions")
    services.create_action_for_decision(actor=None, decision=meeting.decisions.last())


@pytest.mark.parametrize("persona", ["officer", "reader"])
def test_pages_and_api_do_not_grow_with_the_meeting(world, persona):
    meeting = make_charente_like_meeting(world.dept_a)
    client = world.client_for(getattr(world, persona))
    urls = [
        "/departements/51/comites/",
        f"/departements/51/comites/{meeting.committee.public_id}/",
        f"/departements/51/reunions/{meeting.public_id}/",
        "/api/v1/committees?department=51",
        f"/api/v1/meetings/{meeting.public_id}",
    ]
    before = {url: _count(client, url) for url in urls}
    _grow(meeting)
    make_charente_like_meeting(world.dept_a)  # a second committee and meeting in the department
    after = {url: _count(client, url) for url in urls}
    assert after == before

"""The committees pages (tests/committees/matrix.py COMMITTEE_PAGES) pass axe-core with no violation, with real
objects: a held meeting shaped like the Charente CLU (attendance, interventions and answers, decisions, an opinion),
an upcoming one with invitations sent, and the members' answer page. Also a form sent with an error."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.committees.factories import MeetingFactory, MemberFactory, make_charente_like_meeting
from tests.committees.matrix import COMMITTEE_PAGES
from vigie.committees import services


def _objects(world):
    held = make_charente_like_meeting(world.dept_a)
    committee = held.committee
    MemberFactory(committee=committee, organisation="UDAF 51", email="udaf@example.org")
    upcoming = MeetingFactory(committee=committee, starts_at=timezone.now() + dt.timedelta(days=20), chair_label="SG")
    services.add_agenda_item(actor=None, meeting=upcoming, title="Revue des courriels types", section="templates")
    services.send_invitations(actor=None, meeting=upcoming)
    return {
        "committee": committee.public_id,
        "meeting": upcoming.public_id,
        "held": held.public_id,
        "token": upcoming.invitations.order_by("id").first().token,
    }


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("persona", "path"), COMMITTEE_PAGES)
def test_committees_page_has_no_axe_violation(world, open_page, persona, path):
    path = path.format(**_objects(world))
    page = open_page(getattr(world, persona) if persona else None)
    response = page.goto(path)
    assert response.status == 200
    assert page.axe_violations() == []


@pytest.mark.django_db(transaction=True)
def test_the_answer_form_with_an_error_is_summarised_and_accessible(world, open_page):
    token = _objects(world)["token"]
    page = open_page(None)
    page.goto(f"/comites/reponse/{token}/")
    page.page.click("label[for=id_answer_2]")
    page.page.click("text=Envoyer ma réponse")
    page.page.wait_for_load_state("networkidle")
    assert "personne qui vous représente" in page.page.locator("#resume-erreurs").inner_text()
    assert page.axe_violations() == []

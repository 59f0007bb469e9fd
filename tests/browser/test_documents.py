"""The public results page (no account) and the documents pages pass axe-core in headless Chromium, on a phone."""

import pytest

from tests.committees.factories import make_charente_like_meeting
from tests.documents.helpers import seed_charente
from vigie.documents.models import GeneratedDocument
from vigie.documents.services import publish


@pytest.fixture
def published(world):
    seed_charente(world)
    first = publish(actor=world.officer_b, department=world.dept_b, year=2021)
    publish(actor=world.officer_b, department=world.dept_b, year=2021)  # the first stays listed
    GeneratedDocument.objects.create(kind="deck", department=world.dept_b, year=2021, version=1)
    world.meeting = make_charente_like_meeting(world.dept_b)
    return first


@pytest.mark.django_db(transaction=True)
def test_public_and_documents_pages_have_no_axe_violation(world, published, open_page):
    document = GeneratedDocument.objects.get()
    pages = [
        (None, "/resultats/16/"),
        (None, f"/resultats/publications/{published.public_id}/"),
        (None, "/resultats/16/sites/pref-16/"),
        (world.officer_b, "/departements/16/documents/"),
        (world.officer_b, "/departements/16/publier/"),
        (world.officer_b, f"/documents/{document.public_id}/"),
        (world.officer_b, f"/departements/16/documents/reunions/{world.meeting.public_id}/compte-rendu/"),
    ]
    for user, path in pages:
        page = open_page(user)
        page.page.set_viewport_size({"width": 390, "height": 844})  # a phone: the wide tables scroll, by keyboard too
        response = page.goto(path)
        assert response.status == 200, path
        assert page.axe_violations() == [], path
    anonymous = open_page(None)
    anonymous.goto("/resultats/16/")
    text = anonymous.page.inner_text("main")
    assert "93 148" in text.replace("\u202f", " ") and "Vous avez dit, nous avons fait" in text

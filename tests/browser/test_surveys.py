"""Surveys in the browser: the public page on a phone (390 px, no sideways scroll, axe), the staff's pages (axe),
and three paper forms typed with the keyboard only, one of them while the session had expired."""

import pytest

from tests.surveys.factories import make_campaign

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.mark.django_db(transaction=True)
def test_the_public_page_on_a_phone(world, open_page):
    campaign = make_campaign(world)
    page = open_page()
    page.page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/avis/{campaign.public_id}/pref-51/")
    assert page.page.evaluate(OVERFLOW) <= 0
    assert page.axe_violations() == []
    page.page.click("button:has-text('Envoyer mon avis')")  # nothing answered: the error summary takes the focus
    page.page.wait_for_load_state("networkidle")
    assert page.page.evaluate("document.activeElement.id") == "resume-erreurs"
    assert page.page.evaluate(OVERFLOW) <= 0
    assert page.axe_violations() == []
    page.page.click("label[for=id_q_courtoisie_1]")
    page.page.click("button:has-text('Envoyer mon avis')")
    page.page.wait_for_load_state("networkidle")
    assert "Merci pour votre avis" in page.page.inner_text("h1")
    assert page.axe_violations() == []
    page.goto(f"/avis/borne/{campaign.kiosk_token}/pref-51/")
    assert page.axe_violations() == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("path", ["/departements/51/enquetes/", "CAMPAIGN", "CAMPAIGN/saisie/", "CAMPAIGN/import/"])
def test_staff_pages_pass_axe(world, open_page, path):
    from vigie.surveys.kinds.satisfaction.services import ResponseInput, record_responses

    campaign = make_campaign(world)
    record_responses(
        actor=None,
        campaign=campaign,
        items=[ResponseInput(site="pref-51", channel="paper", answers={"courtoisie": "satisfied"})],
    )
    page = open_page(world.officer)
    page.goto(path.replace("CAMPAIGN", f"/enquetes/{campaign.public_id}/").replace("//", "/"))
    assert page.axe_violations() == []


@pytest.mark.django_db(transaction=True)
def test_three_paper_forms_typed_with_the_keyboard_only(world, open_page, live_server):
    from django.test import Client

    from vigie.surveys.models import Answer, Response

    campaign = make_campaign(world)
    page = open_page(world.agent)
    p = page.page
    page.goto(f"/enquetes/{campaign.public_id}/saisie/")
    assert p.evaluate("document.activeElement.name") == "q_courtoisie"  # the grid starts on the first answer
    assert page.axe_violations() == []
    # questions: courtoisie (satisfaction), réseaux sociaux (o/n), note (1–5), démarche (choice), commentaire (text)
    p.keyboard.type("1o52")
    p.keyboard.type("Très bien")
    p.keyboard.press("Enter")
    p.wait_for_selector("text=Questionnaire n° 1 enregistré")
    p.keyboard.type("3n.1")
    p.keyboard.press("Enter")
    p.wait_for_selector("text=Questionnaire n° 2 enregistré")
    # the session expires mid-pile: the third form waits in the browser, nothing is lost
    page.context.clear_cookies()
    p.keyboard.type("0.34")
    p.keyboard.press("Enter")
    p.wait_for_selector("text=rien n'est perdu")
    assert Response.objects.count() == 2
    assert p.evaluate(f"JSON.parse(localStorage.getItem('vigie-saisie-{campaign.public_id}')).length") == 1
    # signed in again in another tab, then the waiting form is sent
    client = Client()
    client.force_login(world.agent)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    other = page.context.new_page()
    other.goto(live_server.url + "/")
    other.close()
    p.focus("#renvoyer")
    p.keyboard.press("Enter")
    p.wait_for_selector("text=Questionnaire n° 3 enregistré")
    assert p.inner_text("[data-count]") == "3"
    assert list(Response.objects.order_by("number").values_list("number", "channel", "entered_by")) == [
        (1, "paper", world.agent.pk),
        (2, "paper", world.agent.pk),
        (3, "paper", world.agent.pk),
    ]
    third = dict(Answer.objects.filter(response__number=3).values_list("question__code", "value"))
    assert third == {"courtoisie": "no_opinion", "note-globale": "3", "demarche": "4"}
    first = Answer.objects.get(response__number=1, question__code="commentaire")
    assert first.text == "Très bien"
    assert p.evaluate(f"JSON.parse(localStorage.getItem('vigie-saisie-{campaign.public_id}')).length") == 0


@pytest.mark.django_db(transaction=True)
def test_the_continuous_rating_page_on_a_phone(world, open_page):
    from vigie.surveys.kinds.continuous.models import Rating
    from vigie.surveys.kinds.continuous.services import open_point

    point = open_point(actor=None, department=world.dept_a, site=world.site_a1)
    page = open_page()
    page.page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/donnez-votre-avis/{point.public_id}/")
    assert page.page.evaluate(OVERFLOW) <= 0
    assert page.axe_violations() == []
    page.page.click("button:has-text('Envoyer mon avis')")  # no stars: the error summary takes the focus
    page.page.wait_for_load_state("networkidle")
    assert page.page.evaluate("document.activeElement.id") == "resume-erreurs"
    assert page.page.evaluate(OVERFLOW) <= 0
    assert page.axe_violations() == []
    page.page.click("label[for=id_stars_1]")
    page.page.fill("#id_comment", "Accueil rapide")
    page.page.click("button:has-text('Envoyer mon avis')")
    page.page.wait_for_load_state("networkidle")
    assert "Merci pour votre avis" in page.page.inner_text("h1")
    assert page.page.evaluate(OVERFLOW) <= 0
    assert page.axe_violations() == []
    assert Rating.objects.get().stars == 4  # the second choice: 4 stars


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "path",
    [
        "/departements/51/enquetes/avis-continu/",
        "POINT",
        "/departements/51/enquetes/mystere/",
        "MYSTERY",
        "CONTACT",
        "/departements/51/enquetes/vacances-scolaires/",
        "/departements/51/enquetes/services-publics-plus/",
        "/departements/51/enquetes/services-publics-plus/import/",
    ],
)
def test_new_staff_pages_pass_axe(world, open_page, path):
    import datetime as dt

    from vigie.surveys.kinds.continuous.services import open_point, record_rating
    from vigie.surveys.kinds.experiences.models import Experience
    from vigie.surveys.kinds.mystery.services import create_mystery_campaign, record_evaluation

    point = open_point(actor=None, department=world.dept_a, site=world.site_a1)
    record_rating(point=point, stars=4, comment="Bien", on=dt.date(2024, 3, 4))
    mystery = create_mystery_campaign(
        actor=None,
        department=world.dept_a,
        site=world.site_a1,
        channel="email",
        title="Courriels mystère",
        planned_from=dt.date(2024, 3, 11),
    )
    contact = mystery.contacts.order_by("date").first()
    record_evaluation(
        actor=None,
        contact=contact,
        values={"answered": "yes", "greeting": "yes", "answer": "no", "courtesy": "yes"},
        replied_on=dt.date(2024, 3, 14),
    )
    Experience.objects.create(
        department=world.dept_a,
        platform_id="E-1",
        published_on=dt.date(2024, 1, 5),
        title="Attente",
        sentiment="negative",
    )
    path = {
        "POINT": f"/enquetes/avis-continu/{point.public_id}/",
        "MYSTERY": f"/enquetes/mystere/{mystery.public_id}/",
        "CONTACT": f"/enquetes/mystere/{mystery.public_id}/contacts/{contact.public_id}/",
    }.get(path, path)
    page = open_page(world.officer)
    page.goto(path)
    assert page.axe_violations() == []

"""Questionnaires as data: the shipped library, a department's own criteria, versions frozen for campaigns."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.surveys.factories import make_campaign
from vigie.surveys.kinds.satisfaction.library import library
from vigie.surveys.kinds.satisfaction.models import Campaign, Criterion, Questionnaire
from vigie.surveys.kinds.satisfaction.services import (
    SurveyRejected,
    add_criterion,
    create_questionnaire,
    revise_questionnaire,
)

NOW = dt.datetime(2024, 5, 6, 10, 0, tzinfo=ZoneInfo("Europe/Paris"))
SEED_CRITERIA = [
    "courtoisie", "disponibilite", "handicap", "difficulte", "langage-clair", "orientation", "signaletique",
    "confort-attente", "confidentialite", "delai-attente", "rdv-etrangers", "point-numerique", "accueil-physique",
    "accueil-telephonique", "courriers-courriels", "site-internet", "reseaux-sociaux",
]  # fmt: skip


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_library_holds_the_seeds_criteria_and_every_scale():
    codes = {spec.code: spec for spec in library()}
    assert set(SEED_CRITERIA) <= set(codes)
    assert {spec.scale for spec in library()} == {"satisfaction", "yes_no", "stars", "choice", "text"}
    assert codes["reseaux-sociaux"].scale == "yes_no"
    assert len(codes["demarche"].choices) >= 2


def test_a_department_adds_its_own_criterion_and_asks_it(world):
    add_criterion(
        actor=world.officer, department=world.dept_a, code="cert-delai", label="Le délai du CERT", scale="stars"
    )
    version = create_questionnaire(
        actor=world.officer, department=world.dept_a, title="Accueil", criteria=["courtoisie", "cert-delai"]
    )
    assert [(q.code, q.scale) for q in version.questions.all()] == [
        ("courtoisie", "satisfaction"),
        ("cert-delai", "stars"),
    ]
    # another department does not see it
    with pytest.raises(SurveyRejected, match="cert-delai"):
        create_questionnaire(actor=None, department=world.dept_b, title="X", criteria=["cert-delai"])


def test_a_library_code_cannot_be_taken_and_a_choice_needs_choices(world):
    with pytest.raises(SurveyRejected, match="bibliothèque"):
        add_criterion(actor=None, department=world.dept_a, code="courtoisie", label="x", scale="stars")
    with pytest.raises(SurveyRejected, match="deux choix"):
        add_criterion(actor=None, department=world.dept_a, code="profil", label="x", scale="choice", choices=["a"])
    assert not Criterion.objects.exists()


def test_a_campaign_keeps_the_version_it_was_created_with(world):
    campaign = make_campaign(world)
    first = campaign.version
    own = add_criterion(actor=None, department=world.dept_a, code="accueil-cert", label="Avant", scale="satisfaction")
    second = revise_questionnaire(actor=world.officer, questionnaire=first.questionnaire, criteria=["accueil-cert"])
    own.label = "Après"
    own.save()
    campaign = Campaign.objects.get(pk=campaign.pk)
    assert (first.number, second.number) == (1, 2)
    assert campaign.version == first
    assert [q.code for q in campaign.version.questions.all()] == [
        "courtoisie", "reseaux-sociaux", "note-globale", "demarche", "commentaire"
    ]  # fmt: skip
    assert second.questions.get().label == "Avant"  # copied when the version was written


def test_an_unknown_criterion_refuses_the_whole_questionnaire(world):
    with pytest.raises(SurveyRejected, match="inconnu : nimporte"):
        create_questionnaire(actor=None, department=world.dept_a, title="Q", criteria=["courtoisie", "nimporte"])
    assert not Questionnaire.objects.exists()


def test_the_officer_builds_a_questionnaire_and_a_campaign_on_screen(world):
    client = world.client_for(world.officer)
    response = client.post(
        "/departements/51/enquetes/questionnaires/nouveau/", {"title": "Accueil 2024", "criteria": ["courtoisie"]}
    )
    assert response.status_code == 302
    version = Questionnaire.objects.get(title="Accueil 2024").versions.get()
    response = client.post(
        "/departements/51/enquetes/campagnes/nouvelle/",
        {
            "title": "Campagne de mai",
            "version": str(version.public_id),
            "start": "2024-05-01",
            "end": "2024-04-01",
            "sites": ["pref-51"],
            "channels": ["qr"],
        },
    )
    assert response.status_code == 400
    assert "La fin de la campagne précède son début." in response.content.decode()
    assert not Campaign.objects.exists()
    response = client.post(
        "/departements/51/enquetes/campagnes/nouvelle/",
        {
            "title": "Campagne de mai",
            "version": str(version.public_id),
            "start": "2024-05-01",
            "end": "2024-05-31",
            "sites": ["pref-51"],
            "channels": ["qr", "paper"],
        },
    )
    campaign = Campaign.objects.get()
    assert response["Location"] == f"/enquetes/{campaign.public_id}/"
    assert campaign.channels == ["qr", "paper"] and [s.code for s in campaign.sites.all()] == ["pref-51"]


def test_a_reader_cannot_configure(world):
    response = world.client_for(world.reader).post(
        "/departements/51/enquetes/criteres/nouveau/", {"code": "x", "label": "x", "scale": "stars"}
    )
    assert response.status_code == 403
    assert not Criterion.objects.exists()

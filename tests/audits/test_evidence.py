"""The evidence base: documents with owner, version and review date linked to commitments; for an auditor, a page
per commitment of what proves it (documents, indicators against target, the register's figures through the
provider registry, audit results, self-assessments, open actions)."""

import datetime as dt

from tests.audits.factories import commitment, make_assessment, make_audit
from tests.indicators.test_screens import seed_two_years
from tests.register.factories import make_request
from vigie.audits import services
from vigie.audits.enums import DocumentKind, FindingResult
from vigie.audits.models import EvidenceDocument
from vigie.frameworks.evidence import EVIDENCE_PROVIDERS
from vigie.register.requests.services import reply_to_request


def test_the_officer_adds_a_document_linked_to_commitments(world):
    client = world.client_for(world.officer)
    e4 = commitment("services-publics-plus-2023", "SPP-E4")
    response = client.post(
        "/departements/51/preuves/",
        {
            "title": "Modèles de réponse",
            "kind": "template",
            "owner": "Cabinet",
            "version": "1.2",
            "review_due": "2024-11-01",
            "commitments": [e4.pk],
        },
    )
    assert response.status_code == 302
    document = EvidenceDocument.objects.get()
    assert (document.owner, document.version, [c.code for c in document.commitments.all()]) == (
        "Cabinet",
        "1.2",
        ["SPP-E4"],
    )
    page = client.get("/departements/51/preuves/").content.decode()
    assert "revue en retard" in page  # due 1 November, today is 2 December
    # a reader sees the list but gets no form, and may not post one
    assert "Ajouter un document" not in world.client_for(world.reader).get("/departements/51/preuves/").content.decode()
    assert world.client_for(world.reader).post("/departements/51/preuves/", {}).status_code == 403


def test_a_document_without_commitment_is_refused(world):
    response = world.client_for(world.officer).post(
        "/departements/51/preuves/",
        {"title": "X", "kind": "poster", "owner": "Y", "version": "1", "review_due": "2025-01-01"},
    )
    assert response.status_code == 400 and 'href="#id_commitments"' in response.content.decode()
    assert not EvidenceDocument.objects.exists()


def test_the_register_registers_its_figures_as_evidence():
    assert "register" in [p.name for p in EVIDENCE_PROVIDERS]


def test_the_commitment_page_shows_what_proves_it(world):
    e4 = commitment("services-publics-plus-2023", "SPP-E4")
    services.add_evidence_document(
        actor=None,
        department=world.dept_a,
        title="Modèles de réponse",
        kind=DocumentKind.TEMPLATE,
        owner="Cabinet",
        version="1.2",
        review_due=dt.date(2025, 6, 1),
        commitments=[e4],
    )
    request = make_request(world)  # a complaint received 6 May 2024 by e-mail, due 13 May
    reply_to_request(actor=world.agent, request=request, text="Réponse", replied_at=dt.datetime(2024, 5, 7, 10, 0))
    audit = make_audit(world, framework="services-publics-plus-2023", modules=(1,))
    services.record_results(actor=None, audit=audit, results=[services.ResultInput(e4, FindingResult.MAJOR, "Délais")])
    services.raise_corrective_actions(actor=None, audit=audit, due_date=dt.date(2025, 3, 31))
    make_assessment(world, [(3, 4)] * 8, site=world.site_a1)
    page = world.client_for(world.auditor).get("/departements/51/preuves/services-publics-plus-2023/SPP-E4/?annee=2024")
    body = page.content.decode()
    assert "Modèles de réponse" in body and "version 1.2" in body
    assert "Réclamations et suggestions — réponses dans le délai (2024) : <strong>100,0\u202f%</strong>" in body
    assert "1 dans le délai / 1 dues" in body
    assert "Non-conformité majeure — Délais" in body
    assert "3/4 exigences atteintes (75,0\u202f%)" in body
    assert "Non-conformité majeure — SPP-E4 : Délais" in body  # the open action raised from the finding


def test_the_indicators_of_a_commitment_are_shown_against_their_target(world):
    seed_two_years(world)  # TEL-DECROCHE: 80 % in 2021, 70 % in 2020; target 85 %
    body = (
        world.client_for(world.reader)
        .get("/departements/51/preuves/services-publics-plus-2023/SPP-E2/?annee=2021")
        .content.decode()
    )
    assert (
        "80,0\u202f%" in body and "70,0\u202f%" in body and "non atteinte" in body
    )  # the one status word set (docs/glossary.md)
    assert "1\u202f440 / 1\u202f800" in body  # the basis of the yearly rate


def test_a_site_correspondent_sees_the_figures_of_their_site_only(world):
    make_request(world)  # pref-51's request; the correspondent's site is sp-reims
    body = (
        world.client_for(world.correspondent)
        .get("/departements/51/preuves/services-publics-plus-2023/SPP-E4/?annee=2024")
        .content.decode()
    )
    assert "0 dans le délai / 0 dues" in body
    assert "Tout le département" not in body


def test_an_unknown_commitment_is_404(world):
    assert (
        world.client_for(world.officer).get("/departements/51/preuves/services-publics-plus-2023/NOPE/").status_code
        == 404
    )

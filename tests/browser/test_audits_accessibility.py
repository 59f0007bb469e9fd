"""The audits pages (tests/audits/matrix.py AUDIT_PAGES) pass axe-core with no violation, with real objects: an
audit of pref-51 with a non-conformity turned into an action, a strong point and a progress path; a self-assessment
of sp-reims; a label decision; an evidence document. Also the results grid with an error, and the decision form."""

import datetime as dt

import pytest

from tests.audits.factories import commitment, make_assessment, make_audit, version
from tests.audits.matrix import AUDIT_PAGES
from vigie.audits import services
from vigie.audits.enums import DocumentKind, FindingResult, RemarkKind


def _objects(world):
    audit = make_audit(world, starts_on=dt.date(2024, 6, 3))
    e04 = commitment("qual-e-pref-2019", "QEP-M1-E04")
    services.record_results(
        actor=None, audit=audit, results=[services.ResultInput(e04, FindingResult.MINOR, "Signalétique")]
    )
    services.add_remark(actor=None, audit=audit, kind=RemarkKind.STRONG_POINT, text="Accueil soigné")
    services.add_remark(
        actor=None, audit=audit, kind=RemarkKind.PROGRESS_PATH, text="Dater les affiches", commitment=e04
    )
    services.raise_corrective_actions(actor=None, audit=audit, due_date=dt.date(2030, 1, 31))
    assessment = make_assessment(
        world, [(1, 4), (3, 4), (1, 2), (4, 4), (0, 3), (3, 4), (3, 4), (3, 4)], on=dt.date(2024, 1, 5)
    )
    services.raise_actions_from_weak_commitments(actor=None, assessment=assessment)
    qate = version("quali-ate-2024")
    services.record_label_decision(
        actor=None,
        site=world.site_a1,
        framework_version=qate,
        modules=list(qate.modules.filter(number__in=[1, 2, 3, 4])),
        decided_on=dt.date(2024, 7, 10),
        certification_body="Organisme",
        audit=audit,
    )
    services.add_evidence_document(
        actor=None,
        department=world.dept_a,
        title="Modèles de réponse",
        kind=DocumentKind.TEMPLATE,
        owner="Cabinet",
        version="1",
        review_due=dt.date(2024, 1, 1),
        commitments=[commitment("services-publics-plus-2023", "SPP-E4")],
    )
    return {"audit": audit.public_id, "assessment": assessment.public_id}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("persona", "path"), AUDIT_PAGES)
def test_audits_page_has_no_axe_violation(world, open_page, persona, path):
    path = path.format(**_objects(world))
    page = open_page(getattr(world, persona))
    response = page.goto(path)
    assert response.status == 200
    assert page.axe_violations() == []


@pytest.mark.django_db(transaction=True)
def test_results_grid_with_an_error_is_summarised_and_accessible(world, open_page):
    audit = make_audit(world)
    page = open_page(world.auditor)
    page.goto(f"/departements/51/audits/{audit.public_id}/")
    page.page.fill("#id_comment_QEP-M1-E01", "Constat sans résultat")
    page.page.click("text=Enregistrer les résultats")
    page.page.wait_for_load_state("networkidle")
    summary = page.page.locator("#erreurs-resultats")
    assert "Résultat — QEP-M1-E01" in summary.inner_text()
    assert page.axe_violations() == []

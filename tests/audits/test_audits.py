"""Audits through the screens: the officer plans an audit, the auditor records results within their scope, a
non-conformity becomes a corrective action, and the site's label page shows it open until it is done."""

import datetime as dt
import re
import zlib

from tests.audits.factories import commitment, make_audit, version
from vigie.audits.models import Audit, AuditRemark, Finding
from vigie.improvement.models import Action
from vigie.improvement.services import record_progress


def _grid(audit, **results):
    """The results form's data: every commitment blank but those given (code → (result, comment))."""
    data = {}
    for c in commitment_codes(audit):
        result, comment = results.get(c, ("", ""))
        data |= {f"result_{c}": result, f"comment_{c}": comment, f"evidence_{c}": ""}
    return data


def commitment_codes(audit):
    return [c.code for m in audit.modules.all() for c in m.commitments.all()]


def test_the_officer_plans_an_audit_of_sites_and_modules(world):
    qep = version("qual-e-pref-2019")
    response = world.client_for(world.officer).post(
        "/departements/51/audits/nouveau/",
        {
            "kind": "internal",
            "framework_version": qep.pk,
            "starts_on": "2024-05-04",
            "ends_on": "2024-05-05",
            "auditor": "Auditeur du ministère",
            "sites": [world.site_a1.pk],
            "modules": [m.pk for m in qep.modules.filter(number__in=[1, 2])],
        },
    )
    audit = Audit.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/audits/{audit.public_id}/")
    assert (audit.kind, audit.auditor, [s.code for s in audit.sites.all()]) == (
        "internal",
        "Auditeur du ministère",
        ["pref-51"],
    )
    assert sorted(m.number for m in audit.modules.all()) == [1, 2]


def test_an_audit_ending_before_it_starts_is_refused_with_the_field_named(world):
    qep = version("qual-e-pref-2019")
    response = world.client_for(world.officer).post(
        "/departements/51/audits/nouveau/",
        {
            "kind": "internal",
            "framework_version": qep.pk,
            "starts_on": "2024-05-04",
            "ends_on": "2024-05-01",
            "auditor": "X",
            "sites": [world.site_a1.pk],
            "modules": [qep.modules.get(number=1).pk],
        },
    )
    assert response.status_code == 400
    assert "Le dernier jour de l&#x27;audit précède le premier." in response.content.decode()
    assert 'href="#id_ends_on"' in response.content.decode()
    assert not Audit.objects.exists()


def test_the_auditor_records_results_within_their_scope(world):
    audit = make_audit(world)
    data = _grid(audit, **{"QEP-M1-E01": ("conform", ""), "QEP-M1-E04": ("minor_nc", "Signalétique incomplète")})
    response = world.client_for(world.auditor).post(f"/departements/51/audits/{audit.public_id}/resultats/", data)
    assert response.status_code == 302
    findings = {f.commitment.code: (f.result, f.comment, f.recorded_by) for f in Finding.objects.all()}
    assert findings == {
        "QEP-M1-E01": ("conform", "", world.auditor),
        "QEP-M1-E04": ("minor_nc", "Signalétique incomplète", world.auditor),
    }
    # the steering reader sees the audit but may not record; another department's officer does not see it
    assert (
        world.client_for(world.reader).post(f"/departements/51/audits/{audit.public_id}/resultats/", data).status_code
        == 403
    )
    assert world.client_for(world.officer_b).get(f"/departements/51/audits/{audit.public_id}/").status_code == 404


def test_an_auditor_of_a_site_records_only_the_audits_of_their_site(world):
    from tests.organisation.factories import RoleAssignmentFactory, UserFactory
    from vigie.organisation.enums import Role

    site_auditor = UserFactory(username="site_auditor")
    RoleAssignmentFactory(user=site_auditor, role=Role.AUDITOR, site=world.site_a2)
    theirs = make_audit(world, sites=[world.site_a2])
    other = make_audit(world, sites=[world.site_a1], starts_on=dt.date(2024, 4, 1))
    client = world.client_for(site_auditor)
    data = _grid(theirs, **{"QEP-M1-E02": ("conform", "")})
    assert client.post(f"/departements/51/audits/{theirs.public_id}/resultats/", data).status_code == 302
    assert client.post(f"/departements/51/audits/{other.public_id}/resultats/", _grid(other)).status_code == 404
    assert Finding.objects.filter(audit=theirs).count() == 1 and not Finding.objects.filter(audit=other).exists()


def test_a_comment_without_a_result_is_refused_and_nothing_is_recorded(world):
    audit = make_audit(world)
    data = _grid(audit, **{"QEP-M1-E04": ("", "Constat sans résultat")})
    response = world.client_for(world.officer).post(f"/departements/51/audits/{audit.public_id}/resultats/", data)
    assert response.status_code == 400
    assert "Choisissez le résultat de cet engagement" in response.content.decode()
    assert not Finding.objects.exists()


def test_a_non_conformity_becomes_an_action_shown_open_on_the_label_page_until_it_is_done(world):
    audit = make_audit(world, starts_on=dt.date(2024, 6, 26), days=2)
    officer = world.client_for(world.officer)
    data = _grid(audit, **{"QEP-M1-E04": ("minor_nc", "Signalétique incomplète vers le bureau des étrangers")})
    officer.post(f"/departements/51/audits/{audit.public_id}/resultats/", data)
    officer.post(
        f"/departements/51/audits/{audit.public_id}/remarques/",
        {
            "kind": "progress_path",
            "commitment": commitment("qual-e-pref-2019", "QEP-M1-E01").pk,
            "text": "Dater les affiches",
        },
    )
    response = officer.post(f"/departements/51/audits/{audit.public_id}/actions/", {"due_date": "2025-01-31"})
    assert response.status_code == 302
    actions = Action.objects.order_by("title")
    assert [(a.origin_app, a.origin_kind, a.due_date) for a in actions] == [
        ("audits", "audit_finding", dt.date(2025, 1, 31))
    ] * 2
    finding = Finding.objects.get()
    action = Action.objects.get(origin_public_id=str(finding.public_id))
    assert "Signalétique incomplète" in action.title and [s.code for s in action.sites.all()] == ["pref-51"]
    assert Action.objects.filter(origin_public_id=str(AuditRemark.objects.get().public_id)).exists()

    page = officer.get("/departements/51/sites/pref-51/label/").content.decode()
    assert "2 actions correctives ouvertes" in page and action.title in page
    # pressing the button again raises nothing twice
    officer.post(f"/departements/51/audits/{audit.public_id}/actions/", {"due_date": "2025-01-31"})
    assert Action.objects.count() == 2

    record_progress(actor=world.officer, action=action, progress=100)
    page = officer.get("/departements/51/sites/pref-51/label/").content.decode()
    assert "1 action corrective ouverte" in page
    api = officer.get("/api/v1/departments/51/sites/pref-51/label").json()
    assert [a["title"] for a in api["open_corrective_actions"]] == [Action.objects.exclude(pk=action.pk).get().title]


def test_corrective_actions_need_a_due_date_not_before_the_audit(world):
    audit = make_audit(world, starts_on=dt.date(2024, 6, 26))
    response = world.client_for(world.officer).post(
        f"/departements/51/audits/{audit.public_id}/actions/", {"due_date": "2024-06-01"}
    )
    assert response.status_code == 400
    assert "L&#x27;échéance d&#x27;une action corrective ne peut précéder l&#x27;audit." in response.content.decode()
    assert not Action.objects.exists()
    # the auditor records results, the department's managers raise the actions
    assert (
        world.client_for(world.auditor)
        .post(f"/departements/51/audits/{audit.public_id}/actions/", {"due_date": "2025-01-31"})
        .status_code
        == 403
    )


def test_the_audit_report_is_a_tagged_pdf_listing_the_findings(world):
    audit = make_audit(world)
    world.client_for(world.officer).post(
        f"/departements/51/audits/{audit.public_id}/resultats/",
        _grid(audit, **{"QEP-M1-E04": ("major_nc", "Aucune signalétique")}),
    )
    response = world.client_for(world.reader).get(f"/departements/51/audits/{audit.public_id}/rapport.pdf")
    assert response["Content-Type"] == "application/pdf"
    pdf = response.content
    objects = inflated(pdf)
    assert pdf.startswith(b"%PDF") and b"/StructTreeRoot" in objects and b"/Lang (fr)" in objects
    assert b"/S /Table" in objects and b"/S /TH" in objects  # the findings are a tagged table with headers
    assert b"Rapport d'audit" in objects or "Rapport d'audit".encode("utf-16-be") in objects  # the title


def inflated(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated (its object streams hold the structure tree)."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_the_audit_page_reads_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    audit = make_audit(world, modules=(1, 2, 3, 4))
    world.client_for(world.officer).post(
        f"/departements/51/audits/{audit.public_id}/resultats/",
        _grid(audit, **{code: ("minor_nc", "x") for code in commitment_codes(audit)[:10]}),
    )
    world.client_for(world.officer).post(
        f"/departements/51/audits/{audit.public_id}/actions/", {"due_date": "2025-01-31"}
    )
    client = world.client_for(world.officer)
    with django_assert_max_num_queries(25):
        assert client.get(f"/departements/51/audits/{audit.public_id}/").status_code == 200

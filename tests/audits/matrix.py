"""Rows of the roles × scope matrix (tests/test_access_matrix.py) for the audits screens and API, with the objects
they name, and the pages of the axe-core test (tests/browser/test_accessibility.py).

The audit is department 51's, on pref-51 only (the agent's site: the agent reads it; the correspondent of sp-reims
does not see it: 404). The self-assessment is sp-reims's (the correspondent's site, which they manage). Those who see
51 read everything; national admins and 51's officer manage; the auditor of 51 records results (not the actions:
403); the steering reader reads only (403 on writes)."""

from __future__ import annotations

PERSONAS = ["anonymous", "national", "officer", "officer_b", "correspondent", "agent", "reader", "auditor", "no_role"]
OK, REDIRECT, BAD_REQUEST, FORBIDDEN, NOT_FOUND = 200, 302, 400, 403, 404
AUDIT, ASSESSMENT = "AUDIT", "ASSESSMENT"


def _row(default, **overrides):
    return {p: overrides.get(p, default) for p in PERSONAS}


D = {"code": "51"}
_SEES_51 = _row(OK, anonymous=REDIRECT, officer_b=NOT_FOUND, no_role=NOT_FOUND)
_SEES_AUDIT = {**_SEES_51, "correspondent": NOT_FOUND}  # the audit is pref-51's
_SEES_SP_REIMS = {**_SEES_51, "agent": NOT_FOUND}


def _managers(status, base):
    """`status` for national admins and 51's officer; 403 for the others who see the object."""
    return {p: (status if p in ("national", "officer") else FORBIDDEN if s == OK else s) for p, s in base.items()}


AUDITS_MATRIX: dict = {
    "audit_overview": ("get", D, _SEES_51),
    "audit_create": ("get", D, _managers(OK, _SEES_51)),
    "transition_target": ("post", {**D, "framework_code": "quali-ate-2024"}, _managers(REDIRECT, _SEES_51)),
    "audit_detail": ("get", {**D, "audit_id": AUDIT}, _SEES_AUDIT),
    "audit_report": ("get", {**D, "audit_id": AUDIT}, _SEES_AUDIT),
    # an empty grid changes nothing and goes back to the audit: the auditor of 51 may record
    "audit_results": ("post", {**D, "audit_id": AUDIT}, {**_managers(REDIRECT, _SEES_AUDIT), "auditor": REDIRECT}),
    "audit_remark": ("post", {**D, "audit_id": AUDIT}, {**_managers(BAD_REQUEST, _SEES_AUDIT), "auditor": BAD_REQUEST}),
    "audit_actions": ("post", {**D, "audit_id": AUDIT}, _managers(BAD_REQUEST, _SEES_AUDIT)),
    "self_assessment_detail": ("get", {**D, "assessment_id": ASSESSMENT}, _SEES_SP_REIMS),
    # the site's managers (also its correspondent) raise the actions of the weak commitments
    "self_assessment_actions": (
        "post",
        {**D, "assessment_id": ASSESSMENT},
        {**_managers(REDIRECT, _SEES_SP_REIMS), "correspondent": REDIRECT},
    ),
    "self_assessment_create": (
        "get",
        {**D, "site_code": "sp-reims"},
        {**_managers(OK, _SEES_SP_REIMS), "correspondent": OK},
    ),
    "site_label": ("get", {**D, "site_code": "pref-51"}, _SEES_AUDIT),
    "label_decision_create": ("get", {**D, "site_code": "pref-51"}, _managers(OK, _SEES_AUDIT)),
    "evidence_documents": ("get", D, _SEES_51),
    "commitment_evidence": (
        "get",
        {**D, "framework_code": "services-publics-plus-2023", "commitment_code": "SPP-E4"},
        _SEES_51,
    ),
}

AUDITS_API_MATRIX: dict = {
    "/api/v1/self-assessments?department=51&year=2024": _row(OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND),
    "/api/v1/audits?department=51": _row(OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND),
    "/api/v1/departments/51/sites/pref-51/label": _row(
        OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND, correspondent=NOT_FOUND
    ),
}


def audit_objects(world) -> dict[str, str]:
    from tests.audits.factories import make_assessment, make_audit

    audit = make_audit(world)
    assessment = make_assessment(world, [(3, 4)] * 8)
    return {AUDIT: str(audit.public_id), ASSESSMENT: str(assessment.public_id)}


def with_audit_objects(kwargs: dict, world) -> dict:
    if not any(value in (AUDIT, ASSESSMENT) for value in kwargs.values()):
        return kwargs
    objects = audit_objects(world)
    return {key: objects.get(value, value) for key, value in kwargs.items()}


# the audits pages for the axe-core test: (persona, path); "{audit}" and "{assessment}" filled by the test
AUDIT_PAGES: list[tuple[str | None, str]] = [
    ("officer", "/departements/51/audits/"),
    ("officer", "/departements/51/audits/nouveau/"),
    ("officer", "/departements/51/audits/{audit}/"),
    ("auditor", "/departements/51/audits/{audit}/"),
    ("reader", "/departements/51/audits/{audit}/"),
    ("officer", "/departements/51/auto-evaluations/{assessment}/"),
    ("correspondent", "/departements/51/sites/sp-reims/auto-evaluations/nouvelle/"),
    ("officer", "/departements/51/sites/pref-51/label/"),
    ("officer", "/departements/51/sites/pref-51/label/decision/"),
    ("officer", "/departements/51/preuves/"),
    ("officer", "/departements/51/preuves/services-publics-plus-2023/SPP-E4/"),
]

"""Rows of the roles × scope matrix (tests/test_access_matrix.py) for the register's configuration screens,
and their pages for the axe-core test (tests/browser/test_accessibility.py).

Only national administrators and the department's quality officer may use them: the other department's officer
and users without a role do not see department 51 (404), those who see it without managing it get 403. URLs naming
an object (template family, theme, mailbox) use ids that do not exist, so even managers get 404 there: the access
check comes first (403/404 by role), the object lookup inside the department second; the screens' own tests
(tests/register/test_config_screens.py) cover those pages with real objects."""

PERSONAS = ["anonymous", "national", "officer", "officer_b", "correspondent", "agent", "reader", "auditor", "no_role"]
OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404
UNKNOWN_FAMILY = "00000000-0000-4000-8000-000000000000"
UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000"


def _row(default, **overrides):
    return {p: overrides.get(p, default) for p in PERSONAS}


def _managers(status):
    """Status for national administrators and the officer of 51; 403 for those who see 51, 404 for the others."""
    return _row(FORBIDDEN, anonymous=REDIRECT, national=status, officer=status, officer_b=NOT_FOUND, no_role=NOT_FOUND)


DEPT = {"code": "51"}
CONFIG_MATRIX: dict = {
    "register_config": ("get", DEPT, _managers(OK)),
    "message_template_list": ("get", DEPT, _managers(OK)),
    "message_template_create": ("get", DEPT, _managers(OK)),
    "message_template_edit": ("get", {**DEPT, "family": UNKNOWN_FAMILY}, _managers(NOT_FOUND)),
    "message_template_history": ("get", {**DEPT, "family": UNKNOWN_FAMILY}, _managers(NOT_FOUND)),
    "message_template_retire": ("post", {**DEPT, "family": UNKNOWN_FAMILY}, _managers(NOT_FOUND)),
    "deadline_rules": ("get", DEPT, _managers(OK)),
    "theme_list": ("get", DEPT, _managers(OK)),
    "theme_edit": ("get", {**DEPT, "theme_id": UNKNOWN_UUID}, _managers(NOT_FOUND)),
    "theme_activation": ("post", {**DEPT, "theme_id": UNKNOWN_UUID}, _managers(NOT_FOUND)),
    "mailbox_list": ("get", DEPT, _managers(OK)),
    "mailbox_create": ("get", DEPT, _managers(OK)),
    "mailbox_edit": ("get", {**DEPT, "mailbox_id": UNKNOWN_UUID}, _managers(NOT_FOUND)),
    "retention_setting": ("get", DEPT, _managers(OK)),
    "request_import": ("get", DEPT, _managers(OK)),
}

_BASE = "/departements/51/demandes/parametres/"
CONFIG_PAGES: list[tuple[str | None, str]] = [
    ("officer", _BASE),
    ("officer", f"{_BASE}modeles/"),
    ("officer", f"{_BASE}modeles/nouveau/"),
    ("officer", f"{_BASE}delais/"),
    ("officer", f"{_BASE}themes/"),
    ("officer", f"{_BASE}boites/"),
    ("officer", f"{_BASE}boites/nouvelle/"),
    ("officer", f"{_BASE}conservation/"),
    ("officer", f"{_BASE}import/"),
    ("national", _BASE),
]

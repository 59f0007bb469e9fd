"""Rows of the roles × scope matrix (tests/test_access_matrix.py) for the action plans, with the objects they name.

The plan is department 51's (2024); its action is owned by the service « etrangers » of pref-51, the matrix's agent's
service, and names the site sp-reims (the correspondent's). Readers of 51 (steering committee, auditor) and the site
correspondent read the plan; only national admins and 51's officer manage it (403 for the readers); the agent reads
and updates the action they own, not the plan (404)."""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile

PERSONAS = ["anonymous", "national", "officer", "officer_b", "correspondent", "agent", "reader", "auditor", "no_role"]
OK, REDIRECT, BAD_REQUEST, FORBIDDEN, NOT_FOUND = 200, 302, 400, 403, 404
PLAN, ACTION, EVIDENCE = "PLAN", "ACTION", "EVIDENCE"


def _row(default, **overrides):
    return {p: overrides.get(p, default) for p in PERSONAS}


_READ_PLAN = _row(NOT_FOUND, anonymous=REDIRECT, national=OK, officer=OK, correspondent=OK, reader=OK, auditor=OK)
_MANAGE_PLAN = _row(
    NOT_FOUND, anonymous=REDIRECT, national=OK, officer=OK, correspondent=FORBIDDEN, reader=FORBIDDEN, auditor=FORBIDDEN
)


def _action_row(manager_status, owner_status):
    return _row(
        NOT_FOUND,
        anonymous=REDIRECT,
        national=manager_status,
        officer=manager_status,
        agent=owner_status,
        correspondent=FORBIDDEN,
        reader=FORBIDDEN,
        auditor=FORBIDDEN,
    )


IMPROVEMENT_MATRIX: dict = {
    "action_plans": ("get", {}, _row(OK, anonymous=REDIRECT)),
    "action_plan_import": (
        "get",
        {},
        _row(FORBIDDEN, anonymous=REDIRECT, national=OK, officer=OK, officer_b=OK),
    ),
    "action_plan_detail": ("get", {"plan_id": PLAN}, _READ_PLAN),
    "action_plan_edit": ("get", {"plan_id": PLAN}, _MANAGE_PLAN),
    "action_create": ("get", {"plan_id": PLAN}, _MANAGE_PLAN),
    "action_detail": ("get", {"action_id": ACTION}, {**_READ_PLAN, "agent": OK}),
    "action_edit": ("get", {"action_id": ACTION}, _action_row(OK, FORBIDDEN)),
    # an empty form: those who may update get it back with its errors
    "action_progress": ("post", {"action_id": ACTION}, _action_row(BAD_REQUEST, BAD_REQUEST)),
    "action_evidence_add": ("post", {"action_id": ACTION}, _action_row(BAD_REQUEST, BAD_REQUEST)),
    "evidence_file": ("get", {"evidence_id": EVIDENCE}, {**_READ_PLAN, "agent": OK}),
}

# the API's rows: GET paths (a user who sees 51 without reading its plans gets an empty list) and POST (path, body)
IMPROVEMENT_API_MATRIX: dict = {
    "/api/v1/action-plans?department=51&year=2024": _row(OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND),
}
IMPROVEMENT_API_POST_MATRIX: dict = {
    "/api/v1/actions/ACTION/progress": (
        {"progress": 10, "comment": "Affiches posées"},
        {**_action_row(OK, OK), "anonymous": 401},
    ),
}


def with_improvement_path(path: str, world) -> str:
    if "ACTION" not in path:
        return path
    return path.replace(ACTION, improvement_objects(world)[ACTION])


def improvement_objects(world) -> dict[str, str]:
    """The plan, action and evidence the matrix's placeholders stand for (their public ids)."""
    from vigie.improvement import services

    plan = services.get_or_create_plan(actor=None, department=world.dept_a, year=2024)
    theme = services.get_or_create_theme(axis=services.get_or_create_axis(plan=plan, title="Axe"), title="Thème")
    action = services.create_action(
        actor=None,
        theme=theme,
        title="Action",
        on=dt.date(2024, 1, 2),
        owner_service=world.service_a1,
        sites=[world.site_a2],
    )
    evidence = services.add_evidence(actor=None, action=action, label="Note", file=ContentFile(b"Texte", name="n.txt"))
    return {PLAN: str(plan.public_id), ACTION: str(action.public_id), EVIDENCE: str(evidence.public_id)}


def with_improvement_objects(kwargs: dict, world) -> dict:
    if not any(value in (PLAN, ACTION, EVIDENCE) for value in kwargs.values()):
        return kwargs
    objects = improvement_objects(world)
    return {key: objects.get(value, value) for key, value in kwargs.items()}

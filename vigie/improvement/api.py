"""Action plans API.
- GET /action-plans: any user who sees the department (404 otherwise); the plans of the year they may read, with the
  completion at a date per theme, axis and plan (unrounded percentages and exact fractions), the rule, the actions'
  state at that date and the warnings on published rates.
- POST /actions/{id}/progress: those who manage the action's plan and the action's owner (403 for other readers,
  404 outside the scope)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from vigie.core.apischema import IsoDate, Year, error_responses, refused
from vigie.organisation.queries import get_department_for_user

from .completion import PlanCompletion, completions
from .perms import can_update_progress
from .queries import action_states_at, get_action_for_user, visible_plans
from .services import record_progress

router = Router(tags=["plans d'action"])


class PlansQuery(Schema):
    department: str = Field(max_length=3)
    year: Year
    at: IsoDate | None = None


class ActionOut(Schema):
    id: UUID
    title: str
    progress: int
    status: str


class ThemeOut(Schema):
    id: UUID
    title: str
    completion: float | None
    completion_exact: str | None
    counted: int
    abandoned: int
    published: float | None
    published_disagrees: bool
    actions: list[ActionOut]


class AxisOut(Schema):
    id: UUID
    title: str
    completion: float | None
    completion_exact: str | None
    published: float | None
    published_disagrees: bool
    themes: list[ThemeOut]


class PlanOut(Schema):
    id: UUID
    title: str
    year: int
    site: str | None
    at: dt.date
    completion: float | None
    completion_exact: str | None
    rule: str
    rule_text: str
    published: float | None
    published_at: dt.date | None
    published_disagrees: bool
    axes: list[AxisOut]
    warnings: list[str]


def _exact(value: Fraction | None) -> str | None:
    return None if value is None else str(value)


def _float(value) -> float | None:
    return None if value is None else float(value)


def _plan_json(completion: PlanCompletion, site: str | None, states: dict[str, list[dict]]) -> dict:
    return {
        "id": completion.public_id,
        "title": completion.title,
        "year": completion.year,
        "site": site,
        "at": completion.at,
        "completion": _float(completion.completion),
        "completion_exact": _exact(completion.completion),
        "rule": completion.rule,
        "rule_text": completion.rule_text,
        "published": _float(completion.published),
        "published_at": completion.published_at,
        "published_disagrees": completion.disagrees,
        "axes": [
            {
                "id": axis.public_id,
                "title": axis.title,
                "completion": _float(axis.completion),
                "completion_exact": _exact(axis.completion),
                "published": _float(axis.published),
                "published_disagrees": axis.disagrees,
                "themes": [
                    {
                        "id": theme.public_id,
                        "title": theme.title,
                        "completion": _float(theme.completion),
                        "completion_exact": _exact(theme.completion),
                        "counted": theme.counted,
                        "abandoned": theme.abandoned,
                        "published": _float(theme.published),
                        "published_disagrees": theme.disagrees,
                        "actions": states.get(theme.public_id, []),
                    }
                    for theme in axis.themes
                ],
            }
            for axis in completion.axes
        ],
        "warnings": list(completion.warnings),
    }


@router.get(
    "/action-plans",
    response={200: list[PlanOut], **error_responses(400, 401, 404)},
    summary="Plans d'action d'un département pour une année, avec leur taux de réalisation à une date (en %, non "
    "arrondi) et la règle de calcul",
)
def action_plans(request, filters: Query[PlansQuery]):
    department = get_department_for_user(request.user, filters.department)
    at = filters.at or timezone.localdate()
    plans = list(visible_plans(request.user).filter(department=department, year=filters.year).order_by("site__code"))
    states = action_states_at(plans, at)
    sites = {plan.pk: plan.site.code if plan.site else None for plan in plans}
    return [_plan_json(c, sites[c.plan_id], states) for c in completions(plans, at=at)]


class ProgressIn(Schema):
    progress: int = Field(ge=0, le=100)
    at: IsoDate | None = None
    comment: str = Field("", max_length=500)


class ProgressOut(Schema):
    id: UUID
    progress: int
    status: str
    at: dt.date


@router.post(
    "/actions/{action_id}/progress",
    response={200: ProgressOut, **error_responses(400, 401, 403, 404, 413)},
    summary="Note l'avancement d'une action à une date (aujourd'hui par défaut ; ni dans le futur, ni avant son "
    "inscription au plan ou son dernier changement)",
)
def post_progress(request, action_id: UUID, payload: ProgressIn):
    action = get_action_for_user(request.user, action_id)
    if not can_update_progress(request.user, action):
        raise PermissionDenied
    at = payload.at or timezone.localdate()
    try:
        record_progress(actor=request.user, action=action, progress=payload.progress, on=at, comment=payload.comment)
    except ValidationError as exc:
        errors = {{"on": "at"}.get(field, field): messages for field, messages in exc.message_dict.items()}
        return Status(400, refused(errors))
    return Status(200, {"id": action.public_id, "progress": action.progress, "status": action.status, "at": at})

"""Surveys API.
- GET campaigns, results: any user whose scope reaches the department (404 otherwise);
- POST responses: whoever may type the campaign's paper forms (the quality officer, a site correspondent, an agent
  for their own services); read-only roles get 403, outside the scope 404."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status

from vigie.core.apischema import RULE_REFUSAL, error_body, error_responses
from vigie.organisation.perms import can_manage_department
from vigie.organisation.queries import get_department_for_user, visible_sites

from .kinds.continuous.queries import department_points, get_point_for_user, point_results, shown_comments
from .kinds.continuous.rules import RULE as RATING_RULE
from .kinds.mystery.queries import mystery_plan
from .kinds.mystery.rules import NoPlan
from .kinds.mystery.zones import NoSchoolCalendar
from .kinds.satisfaction.queries import (
    campaign_results,
    campaign_site,
    department_campaigns,
    entry_services,
    get_campaign_for_user,
)
from .kinds.satisfaction.services import ResponseInput, SurveyRejected, record_response

router = Router(tags=["enquêtes"])


class CampaignsQuery(Schema):
    department: str = Field(max_length=3)
    year: int | None = Field(None, ge=2000, le=2100)


class CampaignOut(Schema):
    id: uuid.UUID
    title: str
    kind: str
    start: dt.date
    end: dt.date
    sites: list[str]
    respondents: int


@router.get(
    "/surveys/campaigns",
    response={200: list[CampaignOut], **error_responses(400, 401, 403, 404)},
    summary="Campagnes d'enquête d'un département",
)
def campaigns(request, filters: Query[CampaignsQuery]):
    department = get_department_for_user(request.user, filters.department)
    return [
        {
            "id": c.public_id,
            "title": c.title,
            "kind": c.kind,
            "start": c.start,
            "end": c.end,
            "sites": [s.code for s in c.sites.all()],
            "respondents": c.respondents,
        }
        for c in department_campaigns(request.user, department, filters.year)
    ]


class ResultsQuery(Schema):
    site: str | None = Field(None, max_length=50)


class CriterionOut(Schema):
    code: str
    label: str
    scale: str
    answered: int
    satisfied: int | None
    rate: float | None
    ci_low: float | None
    ci_high: float | None
    small_sample: bool
    mean: float | None
    previous_rate: float | None
    change_points: float | None


class ResultsOut(Schema):
    respondents: int
    previous_campaign: uuid.UUID | None
    # without an earlier campaign: the year of the published rates (basis unknown) the changes are computed from
    previous_published_year: int | None
    rule: str
    criteria: list[CriterionOut]


def _float(value) -> float | None:
    return None if value is None else float(value)


@router.get(
    "/surveys/campaigns/{campaign_id}/results",
    response={200: ResultsOut, **error_responses(400, 401, 403, 404)},
    summary="Résultats par critère (taux en % non arrondis, intervalle de Wilson à 95 %, évolution en points)",
)
def results(request, campaign_id: uuid.UUID, filters: Query[ResultsQuery]):
    campaign = get_campaign_for_user(request.user, campaign_id)
    site = campaign_site(campaign, filters.site) if filters.site else None
    result = campaign_results(campaign, site=site)
    return {
        "respondents": result.respondents,
        "previous_campaign": result.previous.public_id if result.previous else None,
        "previous_published_year": result.published_year,
        "rule": "rate = satisfaits / répondants au critère hors « sans avis » (oui / (oui + non) pour oui-non)",
        "criteria": [
            {
                "code": c.code,
                "label": c.label,
                "scale": c.scale,
                "answered": c.answered,
                "satisfied": c.satisfied,
                "rate": _float(c.rate),
                "ci_low": c.ci_low,
                "ci_high": c.ci_high,
                "small_sample": c.small_sample,
                "mean": _float(c.tally.mean),
                "previous_rate": _float(c.previous_rate),
                "change_points": _float(c.change_points),
            }
            for c in result.criteria
        ],
    }


class ResponseIn(Schema):
    site: str = Field(max_length=50)
    service: str = Field("", max_length=50)
    channel: str = Field("paper", max_length=10)
    submitted_on: dt.date | None = None
    answers: dict[str, str | int]


class RecordedOut(Schema):
    id: uuid.UUID
    number: int


@router.post(
    "/surveys/campaigns/{campaign_id}/responses",
    response={201: RecordedOut, **error_responses(400, 401, 403, 404, 413)},
    summary="Enregistre le questionnaire d'un répondant (valeurs : very_satisfied … no_opinion, yes, no, 1 à 5, texte)",
)
def post_response(request, campaign_id: uuid.UUID, payload: ResponseIn):
    campaign = get_campaign_for_user(request.user, campaign_id)
    services = entry_services(request.user, campaign)
    if not services:
        raise PermissionDenied
    allowed = None if can_manage_department(request.user, campaign.department) else {s.pk for s in services}
    if allowed is not None and not any(s.site.code == payload.site and s.code == payload.service for s in services):
        raise PermissionDenied("vous ne saisissez que les questionnaires de vos services")
    item = ResponseInput(
        site=payload.site,
        service=payload.service,
        channel=payload.channel,
        answers=payload.answers,
        submitted_on=payload.submitted_on,
    )
    try:
        response = record_response(actor=request.user, campaign=campaign, item=item, allowed_services=allowed)
    except SurveyRejected as exc:
        items = [{"field": column, "line": None, "message": message} for _, column, message in exc.errors]
        return Status(400, error_body(RULE_REFUSAL, items))
    return Status(201, {"id": response.public_id, "number": response.number})


class MysteryQuery(Schema):
    site: str = Field(max_length=50)
    department: str | None = Field(None, max_length=3, description="utile quand deux départements ont ce code de site")
    channel: Literal["phone", "email"] = "phone"
    from_: dt.date = Field(alias="from")
    contacts: int = Field(20, ge=1, le=20)  # two weeks: ten weekdays, twenty half-days


class ContactOut(Schema):
    date: dt.date
    half_day: str
    service: str


class ExcludedOut(Schema):
    date: dt.date
    reason: str


class PlanOut(Schema):
    channel: str
    contacts: list[ContactOut]
    excluded: list[ExcludedOut]


@router.get(
    "/surveys/mystery-plan",
    response={200: PlanOut, **error_responses(400, 401, 403, 404)},
    summary="Plan d'une enquête mystère : un appel ou un courriel par demi-journée sur deux semaines, jours ouvrés "
    "hors vacances scolaires de la zone, jours fériés et fermetures du site",
)
def get_mystery_plan(request, filters: Query[MysteryQuery]):
    sites = visible_sites(request.user).filter(code=filters.site).select_related("department")
    if filters.department:
        sites = sites.filter(department__code=filters.department.upper())
    site = sites.first()
    if site is None:
        raise Http404("Site introuvable.")
    try:
        plan = mystery_plan(site=site, start=filters.from_, contacts=filters.contacts)
    except (NoPlan, NoSchoolCalendar) as exc:
        return Status(400, error_body(f"{RULE_REFUSAL} : {exc}"))
    return {
        "channel": filters.channel,
        "contacts": [{"date": c.date, "half_day": c.half_day, "service": c.service} for c in plan.contacts],
        "excluded": [{"date": e.date, "reason": e.reason} for e in plan.excluded],
    }


# --- continuous rating ---------------------------------------------------------------------------------------------


class RatingPointsQuery(Schema):
    department: str = Field(max_length=3)


class RatingPointOut(Schema):
    id: uuid.UUID
    site: str
    service: str | None
    active: bool
    ratings: int


@router.get(
    "/surveys/ratings",
    response={200: list[RatingPointOut], **error_responses(400, 401, 403, 404)},
    summary="Points d'avis en continu d'un département (QR code permanent « Donnez votre avis »)",
)
def rating_points(request, filters: Query[RatingPointsQuery]):
    department = get_department_for_user(request.user, filters.department)
    return [
        {
            "id": p.public_id,
            "site": p.site.code,
            "service": p.service.code if p.service else None,
            "active": p.active,
            "ratings": p.rating_count,
        }
        for p in department_points(request.user, department)
    ]


class RatingResultsQuery(Schema):
    year: int | None = Field(None, ge=2000, le=2100)


class MonthOut(Schema):
    month: str  # YYYY-MM
    count: int
    mean: float | None
    distribution: list[int]  # ratings with 1, 2, 3, 4, 5 stars


class CommentOut(Schema):
    date: dt.date
    stars: int
    comment: str


class RatingResultsOut(Schema):
    id: uuid.UUID
    site: str
    service: str | None
    rule: str
    months: list[MonthOut]
    comments: list[CommentOut]  # never a hidden or erased one


@router.get(
    "/surveys/ratings/{point_id}",
    response={200: RatingResultsOut, **error_responses(400, 401, 403, 404)},
    summary="Résultats mensuels d'un point d'avis en continu (nombre, moyenne, répartition) et commentaires visibles",
)
def rating_results(request, point_id: uuid.UUID, filters: Query[RatingResultsQuery]):
    point = get_point_for_user(request.user, point_id)
    results = point_results(point, year=filters.year)
    return {
        "id": point.public_id,
        "site": point.site.code,
        "service": point.service.code if point.service else None,
        "rule": RATING_RULE,
        "months": [
            {
                "month": m.month.strftime("%Y-%m"),
                "count": m.count,
                "mean": _float(m.mean),
                "distribution": list(m.distribution),
            }
            for m in results.months
        ],
        "comments": [
            {"date": r.submitted_on, "stars": r.stars, "comment": r.comment} for r in shown_comments(point, limit=200)
        ],
    }

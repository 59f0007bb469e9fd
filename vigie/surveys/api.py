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
from .kinds.experiences.queries import actions_by_experience, department_experiences, sentiment_counts, topic_counts
from .kinds.mystery.queries import (
    department_mystery_campaigns,
    evaluation_services,
    get_contact,
    get_mystery_campaign_for_user,
    mystery_plan,
    mystery_results,
)
from .kinds.mystery.rules import NoPlan
from .kinds.mystery.services import MysteryRejected, record_evaluation
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


class CampaignResultsQuery(Schema):
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
def results(request, campaign_id: uuid.UUID, filters: Query[CampaignResultsQuery]):
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


class MysteryPlanOut(Schema):
    channel: str
    contacts: list[ContactOut]
    excluded: list[ExcludedOut]


@router.get(
    "/surveys/mystery-plan",
    response={200: MysteryPlanOut, **error_responses(400, 401, 403, 404)},
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


# --- mystery-shopper campaigns -------------------------------------------------------------------------------------


class MysteryCampaignsQuery(Schema):
    department: str = Field(max_length=3)


class MysteryCampaignOut(Schema):
    id: uuid.UUID
    title: str
    site: str
    channel: str
    planned_from: dt.date
    contacts: int


@router.get(
    "/surveys/mystery-campaigns",
    response={200: list[MysteryCampaignOut], **error_responses(400, 401, 403, 404)},
    summary="Enquêtes mystère d'un département",
)
def mystery_campaigns(request, filters: Query[MysteryCampaignsQuery]):
    department = get_department_for_user(request.user, filters.department)
    return [
        {
            "id": c.public_id,
            "title": c.title,
            "site": c.site.code,
            "channel": c.channel,
            "planned_from": c.planned_from,
            "contacts": c.contact_count,
        }
        for c in department_mystery_campaigns(request.user, department)
    ]


class MysteryRateOut(Schema):
    code: str
    label: str
    met: int
    counted: int
    rate: float | None
    ci_low: float | None
    ci_high: float | None


class MysteryServiceOut(Schema):
    service: str
    criteria: list[MysteryRateOut]


class MysteryContactOut(Schema):
    id: uuid.UUID
    date: dt.date
    half_day: str
    service: str
    evaluated: bool
    values: dict[str, str | int]


class MysteryResultsOut(Schema):
    channel: str
    planned: int
    evaluated: int
    rule: str
    criteria: list[MysteryRateOut]
    services: list[MysteryServiceOut]
    contacts: list[MysteryContactOut]


def _rates(rates) -> list[dict]:
    return [
        {
            "code": r.criterion.code,
            "label": r.criterion.label,
            "met": r.met,
            "counted": r.counted,
            "rate": r.rate,
            "ci_low": r.ci_low,
            "ci_high": r.ci_high,
        }
        for r in rates
    ]


@router.get(
    "/surveys/mystery-campaigns/{campaign_id}/results",
    response={200: MysteryResultsOut, **error_responses(400, 401, 403, 404)},
    summary="Résultats d'une enquête mystère par critère et par service (taux en %, intervalle de Wilson à 95 %)",
)
def mystery_campaign_results(request, campaign_id: uuid.UUID):
    campaign = get_mystery_campaign_for_user(request.user, campaign_id)
    results = mystery_results(campaign)
    return {
        "channel": campaign.channel,
        "planned": results.planned,
        "evaluated": results.evaluated,
        "rule": "rate = contacts qui remplissent le critère / contacts évalués sur ce critère ; un contact sans "
        "réponse ne compte que pour « answered » ; délai des courriels en jours ouvrés",
        "criteria": _rates(results.overall),
        "services": [{"service": s.code, "criteria": _rates(rates)} for s, rates in results.by_service],
        "contacts": [
            {
                "id": c.public_id,
                "date": c.date,
                "half_day": c.half_day,
                "service": c.service.code,
                "evaluated": c.evaluated_at is not None,
                "values": c.values,
            }
            for c in campaign.contacts.select_related("service").order_by("date", "-half_day")
        ],
    }


class EvaluationIn(Schema):
    values: dict[str, str] = Field(description="answered, greeting, answer, courtesy : yes/no ; delay : secondes")
    replied_on: dt.date | None = None


class EvaluationOut(Schema):
    id: uuid.UUID
    values: dict[str, str | int]


@router.post(
    "/surveys/mystery-campaigns/{campaign_id}/contacts/{contact_id}/evaluation",
    response={200: EvaluationOut, **error_responses(400, 401, 403, 404, 413)},
    summary="Enregistre l'évaluation d'un contact (appel ou courriel) sur la grille du canal",
)
def post_evaluation(request, campaign_id: uuid.UUID, contact_id: uuid.UUID, payload: EvaluationIn):
    campaign = get_mystery_campaign_for_user(request.user, campaign_id)
    contact = get_contact(campaign, contact_id)
    allowed = evaluation_services(request.user, campaign)
    if contact.service_id not in allowed:
        raise PermissionDenied("vous n'évaluez que les contacts de vos services")
    try:
        record_evaluation(
            actor=request.user,
            contact=contact,
            values=payload.values,
            replied_on=payload.replied_on,
            allowed_services=allowed,
        )
    except MysteryRejected as exc:
        items = [{"field": field, "line": None, "message": message} for field, message in exc.errors]
        return Status(400, error_body(RULE_REFUSAL, items))
    return {"id": contact.public_id, "values": contact.values}


# --- Services Publics+ experiences ---------------------------------------------------------------------------------


class ExperiencesQuery(Schema):
    department: str = Field(max_length=3)
    year: int | None = Field(None, ge=2000, le=2100)


class SentimentCountOut(Schema):
    year: int
    site: str
    positive: int
    neutral: int
    negative: int


class TopicOut(Schema):
    topic: str
    count: int


class ExperienceOut(Schema):
    id: uuid.UUID
    platform_id: str
    published_on: dt.date
    title: str
    sentiment: str
    site: str | None
    topics: list[str]
    answered: bool
    answer_days: int | None
    actions: list[uuid.UUID]


class ExperiencesOut(Schema):
    counts: list[SentimentCountOut]
    topics: list[TopicOut]
    experiences: list[ExperienceOut]


@router.get(
    "/surveys/sp-experiences",
    response={200: ExperiencesOut, **error_responses(400, 401, 403, 404)},
    summary="Expériences Services Publics+ (« Je donne mon avis ») : ressentis par année et site, thématiques, "
    "réponses et actions",
)
def sp_experiences(request, filters: Query[ExperiencesQuery]):
    department = get_department_for_user(request.user, filters.department)
    experiences = department_experiences(request.user, department, filters.year)
    actions = actions_by_experience(experiences)
    return {
        "counts": [vars(c) for c in sentiment_counts(experiences)],
        "topics": [{"topic": t, "count": n} for t, n in topic_counts(experiences)],
        "experiences": [
            {
                "id": e.public_id,
                "platform_id": e.platform_id,
                "published_on": e.published_on,
                "title": e.title,
                "sentiment": e.sentiment,
                "site": e.site.code if e.site else None,
                "topics": e.topics,
                "answered": e.answered,
                "answer_days": e.answer_days,
                "actions": [a.public_id for a in actions.get(str(e.public_id), [])],
            }
            for e in experiences.order_by("-published_on", "platform_id")
        ],
    }

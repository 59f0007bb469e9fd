"""Writes of the satisfaction surveys: criteria, questionnaire versions, campaigns, responses.

A questionnaire version is written once and never changed: revising a questionnaire writes the next version, and a
campaign keeps the version it was created with. Responses are all-or-nothing (a batch with one bad line records
nothing) and carry no personal data. After each write, the department's SATISFACTION-GLOBALE of the year is
published again (indicators.services.record_computed), once the transaction commits."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from vigie.core.calendar import WorkingCalendar
from vigie.organisation.models import Department, Service, Site
from vigie.surveys.enums import CAMPAIGN_CHANNELS, ResponseChannel, Scale

from .indicators import publish_satisfaction
from .library import CriterionSpec, library
from .models import (
    Answer,
    Campaign,
    Criterion,
    PublishedRate,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    Response,
)
from .rules import AnswerError, normalise


class SurveyRejected(Exception):
    """Refused input, nothing written: `errors` are (line or None, column, French message)."""

    def __init__(self, errors: list[tuple[int | None, str, str]]):
        super().__init__("; ".join(f"{c} : {m}" for _, c, m in errors))
        self.errors = errors


def criteria_for(department: Department) -> dict[str, CriterionSpec]:
    """The library's criteria and the department's own, by code (its own can not shadow the library's)."""
    specs = {spec.code: spec for spec in library()}
    for own in Criterion.objects.filter(department=department):
        specs.setdefault(
            own.code,
            CriterionSpec(own.code, own.label, own.scale, own.theme, tuple(own.choices), shipped=False),
        )
    return specs


@transaction.atomic
def add_criterion(
    *,
    actor: User | None,
    department: Department,
    code: str,
    label: str,
    scale: str,
    theme: str = "",
    choices: Sequence[str] = (),
) -> Criterion:
    if any(spec.code == code for spec in library()):
        raise SurveyRejected([(None, "code", f"« {code} » est déjà un critère de la bibliothèque")])
    if scale == Scale.CHOICE and len(choices) < 2:
        raise SurveyRejected([(None, "choices", "un choix unique demande au moins deux choix")])
    criterion = Criterion(
        department=department,
        code=code,
        label=label,
        scale=scale,
        theme=theme,
        choices=list(choices) if scale == Scale.CHOICE else [],
    )
    try:
        criterion.full_clean()
    except ValidationError as exc:
        raise SurveyRejected([(None, f, "; ".join(m)) for f, m in exc.message_dict.items()]) from exc
    criterion.save()
    return criterion


def _write_version(questionnaire: Questionnaire, number: int, codes: Sequence[str]) -> QuestionnaireVersion:
    specs = criteria_for(questionnaire.department)
    unknown = [code for code in codes if code not in specs]
    if unknown or not codes or len(set(codes)) != len(codes):
        message = f"critère inconnu : {', '.join(unknown)}" if unknown else "liste vide ou critère en double"
        raise SurveyRejected([(None, "criteria", message)])
    version = QuestionnaireVersion.objects.create(questionnaire=questionnaire, number=number)
    Question.objects.bulk_create(
        Question(
            version=version,
            position=position,
            code=spec.code,
            label=spec.label,
            theme=spec.theme,
            scale=spec.scale,
            choices=list(spec.choices),
        )
        for position, spec in enumerate((specs[code] for code in codes), start=1)
    )
    return version


@transaction.atomic
def create_questionnaire(
    *, actor: User | None, department: Department, title: str, criteria: Sequence[str]
) -> QuestionnaireVersion:
    """A questionnaire and its version 1, asking `criteria` (codes, in order)."""
    if not title.strip():
        raise SurveyRejected([(None, "title", "indiquez le titre du questionnaire")])
    questionnaire = Questionnaire.objects.create(department=department, title=title.strip())
    return _write_version(questionnaire, 1, list(criteria))


@transaction.atomic
def revise_questionnaire(
    *, actor: User | None, questionnaire: Questionnaire, criteria: Sequence[str]
) -> QuestionnaireVersion:
    """The next version; earlier versions, and the campaigns that use them, are unchanged."""
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    last = questionnaire.versions.aggregate(last=Max("number"))["last"] or 0
    return _write_version(questionnaire, last + 1, list(criteria))


@transaction.atomic
def create_campaign(
    *,
    actor: User | None,
    department: Department,
    title: str,
    version: QuestionnaireVersion,
    start: dt.date,
    end: dt.date,
    sites: Collection[Site],
    services: Collection[Service] = (),
    channels: Collection[str] = tuple(CAMPAIGN_CHANNELS),
) -> Campaign:
    errors: list[tuple[int | None, str, str]] = []
    if not title.strip():
        errors.append((None, "title", "indiquez le titre de la campagne"))
    if end < start:
        errors.append((None, "end", "la fin de la campagne précède son début"))
    if version.questionnaire.department_id != department.pk:
        errors.append((None, "version", "ce questionnaire est celui d'un autre département"))
    if not sites or any(site.department_id != department.pk for site in sites):
        errors.append((None, "sites", "choisissez au moins un site du département"))
    site_ids = {site.pk for site in sites}
    if any(service.site_id not in site_ids for service in services):
        errors.append((None, "services", "un service choisi n'appartient à aucun des sites de la campagne"))
    unknown = set(channels) - set(CAMPAIGN_CHANNELS)
    if unknown or not channels:
        errors.append((None, "channels", "canaux possibles : qr, paper, kiosk"))
    if errors:
        raise SurveyRejected(errors)
    campaign = Campaign.objects.create(
        department=department,
        title=title.strip(),
        version=version,
        start=start,
        end=end,
        channels=[c for c in CAMPAIGN_CHANNELS if c in set(channels)],
        kiosk_token=secrets.token_urlsafe(18),
    )
    campaign.sites.set(sites)
    campaign.services.set(services)
    return campaign


@dataclass(frozen=True)
class ResponseInput:
    """One respondent's form as typed, posted or imported: the site and service by code, answers by criterion code
    (values as in rules.normalise). `line` names it in errors (a file's line, a paper form's row)."""

    site: str
    answers: Mapping[str, object]
    service: str = ""
    channel: str = ResponseChannel.QR
    line: int | None = None
    submitted_on: dt.date | None = None
    # what the reader of a file already refused on this line (column, message), reported with the rest
    problems: tuple[tuple[str, str], ...] = ()


def campaign_today(campaign: Campaign) -> dt.date:
    return WorkingCalendar.for_department(campaign.department.code).local_date(timezone.now())


def _check(
    campaign: Campaign,
    item: ResponseInput,
    questions: dict[str, Question],
    sites: dict[str, Site],
    services: dict[tuple[str, str], Service],
    allowed_services: set[int] | None,
) -> tuple[Site | None, Service | None, list[Answer], list[tuple[int | None, str, str]]]:
    line = item.line
    errors: list[tuple[int | None, str, str]] = [(line, column, message) for column, message in item.problems]
    site = sites.get(item.site)
    if site is None:
        errors.append((line, "site", f"site « {item.site} » hors de la campagne"))
    service = None
    if item.service:
        service = services.get((item.site, item.service))
        if service is None:
            errors.append((line, "service", f"service « {item.service} » hors de la campagne pour ce site"))
    if allowed_services is not None and (service is None or service.pk not in allowed_services):
        errors.append((line, "service", "vous ne saisissez que les réponses de vos services"))
    if item.channel not in ResponseChannel.values:
        errors.append((line, "channel", "canal attendu : qr, paper, kiosk ou import"))
    elif item.channel != ResponseChannel.IMPORT and item.channel not in campaign.channels:
        errors.append((line, "channel", f"le canal « {item.channel} » n'est pas ouvert pour cette campagne"))
    if item.submitted_on is not None and not (campaign.start <= item.submitted_on):
        errors.append((line, "submitted_on", "date de réponse antérieure au début de la campagne"))
    answers = []
    for code, raw in item.answers.items():
        question = questions.get(code)
        if question is None:
            errors.append((line, code, f"« {code} » n'est pas une question de ce questionnaire"))
            continue
        if raw is None or str(raw).strip() == "":
            continue  # not answered
        try:
            value = normalise(question.scale, raw, question.choices)
        except AnswerError as exc:
            errors.append((line, code, str(exc)))
            continue
        if question.scale == Scale.TEXT:
            answers.append(Answer(question=question, value="text", text=value))
        else:
            answers.append(Answer(question=question, value=value))
    if not answers and not errors:
        errors.append((line, "answers", "aucune réponse : le questionnaire est vide"))
    return site, service, answers, errors


@transaction.atomic
def record_responses(
    *,
    actor: User | None,
    campaign: Campaign,
    items: Sequence[ResponseInput],
    allowed_services: set[int] | None = None,
) -> list[Response]:
    """Record respondents' forms, all or none (SurveyRejected names each bad line and column). Each gets the
    campaign's next number (a form sent twice is caught before, by core/idempotency's once()).
    `allowed_services`: the services the actor may enter forms for (None: any service of the campaign)."""
    campaign = Campaign.objects.select_for_update().select_related("department").get(pk=campaign.pk)
    questions = {q.code: q for q in campaign.version.questions.all()}
    sites = {s.code: s for s in campaign.sites.all()}
    scoped_services = list(campaign.services.all()) or list(Service.objects.filter(site__in=sites.values()))
    site_codes = {s.pk: s.code for s in sites.values()}
    services = {(site_codes[s.site_id], s.code): s for s in scoped_services}
    today = campaign_today(campaign)
    errors: list[tuple[int | None, str, str]] = []
    planned = []
    for item in items:
        site, service, answers, item_errors = _check(campaign, item, questions, sites, services, allowed_services)
        if item.submitted_on is not None and item.submitted_on > today:
            item_errors.append((item.line, "submitted_on", "date de réponse dans le futur"))
        if item.channel in (ResponseChannel.QR, ResponseChannel.KIOSK) and not campaign.start <= today <= campaign.end:
            item_errors.append((item.line, "campaign", "la campagne n'est pas ouverte aujourd'hui"))
        errors.extend(item_errors)
        planned.append((item, site, service, answers))
    if errors:
        raise SurveyRejected(errors)
    number = campaign.responses.aggregate(last=Max("number"))["last"] or 0
    created, answers_to_write, result = [], [], []
    for item, site, service, answers in planned:
        number += 1
        response = Response(
            campaign=campaign,
            site=site,
            service=service,
            channel=item.channel,
            number=number,
            submitted_on=item.submitted_on or today,
            entered_by=actor if actor is not None and actor.is_authenticated else None,
        )
        created.append((response, answers))
        result.append(response)
    Response.objects.bulk_create([r for r, _ in created])
    if not all(r.pk for r, _ in created):  # databases that do not return the keys of a bulk insert
        keys = dict(campaign.responses.filter(number__gt=number - len(created)).values_list("number", "pk"))
        for response, _ in created:
            response.pk = keys[response.number]
    for response, answers in created:
        for answer in answers:
            answer.response = response
            answers_to_write.append(answer)
    Answer.objects.bulk_create(answers_to_write, batch_size=2000)
    if created:
        department, year = campaign.department, campaign.end.year
        transaction.on_commit(lambda: publish_satisfaction(department=department, year=year))
    return result


def record_response(
    *, actor: User | None, campaign: Campaign, item: ResponseInput, allowed_services: set[int] | None = None
) -> Response:
    return record_responses(actor=actor, campaign=campaign, items=[item], allowed_services=allowed_services)[0]


@dataclass(frozen=True)
class PublishedRateInput:
    line: int
    year: int
    code: str
    rate: Decimal
    site: str = ""
    source: str = ""


@transaction.atomic
def record_published_rates(*, actor: User | None, department: Department, rows: Sequence[PublishedRateInput]) -> int:
    """Earlier years' published rates (basis unknown), all or none; a rate given again replaces the earlier one."""
    specs = criteria_for(department)
    sites = {s.code: s for s in Site.objects.filter(department=department)}
    errors: list[tuple[int | None, str, str]] = []
    for row in rows:
        if row.code not in specs:
            errors.append((row.line, "critere", f"critère « {row.code} » inconnu"))
        if row.site and row.site not in sites:
            errors.append((row.line, "site", f"site « {row.site} » hors du département"))
        if not 2000 <= row.year <= 2100:
            errors.append((row.line, "annee", "année attendue entre 2000 et 2100"))
        if not 0 <= row.rate <= 100:
            errors.append((row.line, "taux", "taux attendu entre 0 et 100 (en %)"))
    if errors:
        raise SurveyRejected(errors)
    for row in rows:
        PublishedRate.objects.update_or_create(
            department=department,
            site=sites.get(row.site),
            year=row.year,
            code=row.code,
            defaults={"rate": row.rate, "source": row.source[:200]},
        )
    return len(rows)

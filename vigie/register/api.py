"""Register API. Create: national admin, the department's quality officer, the site's correspondent, or an
agent for their own service. Read: users whose scope reaches the request (404 otherwise); the list and the analysis
hold only the requests of the user's scope (empty for a user with none). Reply: as create."""

import datetime as dt
from fractions import Fraction
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from ninja import Header, Query, Router, Schema, Status
from pydantic import Field

from vigie.core.apischema import (
    OFFSET_MAX,
    PAGE_MAX,
    IsoDate,
    IsoDateTime,
    Year,
    error_body,
    error_responses,
    refused,
    text,
)
from vigie.core.calendar import WorkingCalendar
from vigie.core.idempotency import Answer, KeyReused, once
from vigie.core.periods import Period
from vigie.organisation.models import Service, Site
from vigie.organisation.perms import scope_for
from vigie.organisation.queries import get_department_for_user
from vigie.register.analysis.figures import analyse, received_in
from vigie.register.enums import Channel, Kind
from vigie.register.enums import Status as RequestStatus
from vigie.register.models import Theme
from vigie.register.requests.perms import can_answer, may_answer_for
from vigie.register.requests.queries import (
    UNANSWERED,
    department_days,
    due_filters,
    get_request_for_user,
    visible_requests,
)
from vigie.register.requests.services import create_request, reply_to_request

router = Router(tags=["registre"])


KindName = Literal[tuple(Kind.values)]
ChannelName = Literal[tuple(Channel.values)]
StatusName = Literal[tuple(RequestStatus.values)]
# The documented format of a reference (docs/register.md): department, year of receipt, number in the year.
REFERENCE_PATTERN = r"^[0-9AB]{2,3}-[0-9]{4}-[0-9]{6,}$"


class RequesterIn(Schema):
    name: str = text(max_length=200, required=False)
    email: str = text(max_length=254, required=False)
    phone: str = text(max_length=30, required=False)
    address: str = text(required=False)


class RequestIn(Schema):
    kind: KindName
    channel: ChannelName
    received_at: IsoDateTime = Field(
        description="Entre le 1er janvier 2000 et maintenant (heure locale si sans décalage)."
    )
    site: str = text(max_length=50)
    service: str | None = Field(default=None, max_length=50)
    subject: str = text(max_length=200)
    text: str = text()
    themes: list[str] = []
    requester: RequesterIn | None = None
    department: str | None = Field(default=None, max_length=3)


class RequestOut(Schema):
    reference: str = Field(pattern=REFERENCE_PATTERN, examples=["51-2024-000123"])
    kind: str
    channel: str
    status: str
    received_date: dt.date
    due_date: dt.date | None
    deadline_working_days: int | None
    site: str
    service: str | None
    subject: str
    themes: list[str]
    replied_date: dt.date | None
    delay_working_days: int | None
    on_time: bool | None
    closed_at: dt.datetime | None
    attachment_count: int


def _out(r, themes: list[str] | None = None, attachment_count: int | None = None) -> dict:
    return {
        "reference": r.reference,
        "kind": r.kind,
        "channel": r.channel,
        "status": r.status,
        "received_date": r.received_date,
        "due_date": r.due_date,
        "deadline_working_days": r.deadline_days,
        "site": r.site.code,
        "service": r.service.code if r.service else None,
        "subject": r.subject,
        "themes": [t.name for t in r.themes.all()] if themes is None else themes,
        "replied_date": r.replied_date,
        "delay_working_days": r.delay_working_days,
        "on_time": r.on_time,
        "closed_at": r.closed_at,
        # annotated by the list (one query for the page), counted for a single request
        "attachment_count": attachment_count
        if attachment_count is not None
        else (r.attachment_total if hasattr(r, "attachment_total") else r.attachments.count()),
    }


IDEMPOTENCY_SCOPE = "api:requests"


@router.post(
    "/requests",
    response={201: RequestOut, **error_responses(400, 401, 403, 404, 409, 413)},
    summary="Enregistre une demande ; received_at sans décalage = heure locale du département",
    description=(
        "Avec l'en-tête `Idempotency-Key` (1 à 255 caractères, choisis par le client, par exemple un UUID), un nouvel "
        "envoi avec la même clé et le même contenu rend la première réponse (201, même corps) sans rien créer ; avec "
        "un autre contenu, il est refusé (409). Une clé sert 24 heures (VIGIE_IDEMPOTENCY_HOURS). Une demande refusée "
        "(400) n'engage pas sa clé."
    ),
)
def post_request(
    request,
    payload: RequestIn,
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        description="Clé d'idempotence choisie par le client.",
    ),
):
    try:
        answer, _replayed = once(
            user=request.user,
            scope=IDEMPOTENCY_SCOPE,
            key=idempotency_key,
            content=payload.model_dump(mode="json"),
            create=lambda: _create(request, payload),
        )
    except ValidationError as exc:
        return Status(400, refused(exc))
    except KeyReused:
        return Status(409, error_body(KeyReused.message))
    return Status(answer.status, answer.body)


def _create(request, payload: RequestIn) -> Answer:
    """Check the payload against the data (nothing written before), then create; the answer as JSON."""
    errors = {}
    scope = scope_for(request.user)
    sites = Site.objects.select_related("department").filter(code=payload.site)
    if payload.department:
        sites = sites.filter(department__code=payload.department.upper())
    candidates = list(sites[:2])
    if len(candidates) > 1:
        errors["department"] = ["ce code de site existe dans plusieurs départements : précisez « department »"]
    if not candidates:
        raise Http404("Site introuvable.")
    site = candidates[0]
    if not (
        scope.national
        or site.department_id in scope.read_departments
        or site.pk in scope.read_sites
        or site.services.filter(pk__in=scope.read_services).exists()
    ):
        raise Http404("Site introuvable.")
    service = None
    if payload.service:
        service = Service.objects.filter(site=site, code=payload.service).first()
        if service is None:
            errors["service"] = [f"service « {payload.service} » inconnu sur le site {site.code}"]
    known = (
        {t.name.casefold(): t.name for t in Theme.objects.filter(department=site.department, active=True)}
        if payload.themes
        else {}
    )
    unknown = [name for name in payload.themes if name.strip().casefold() not in known]
    if unknown:
        errors["themes"] = [
            f"thème(s) inconnu(s) dans le département {site.department.code} : {', '.join(unknown)} "
            f"(thèmes proposés : {', '.join(sorted(known.values())) or 'aucun'})"
        ]
    if errors:
        raise ValidationError(errors)
    if not may_answer_for(
        request.user, department_id=site.department_id, site_id=site.pk, service_id=service.pk if service else None
    ):
        raise PermissionDenied
    created = create_request(
        actor=request.user,
        site=site,
        service=service,
        kind=payload.kind,
        channel=payload.channel,
        received_at=payload.received_at,
        subject=payload.subject,
        text=payload.text,
        themes=payload.themes,
        requester=payload.requester.dict() if payload.requester else None,
    )
    # the request just created has no attachment (none through this API) and, without themes given, no theme:
    # no query to read them back
    fresh = _out(created, themes=None if payload.themes else [], attachment_count=0)
    return Answer(201, RequestOut.model_validate(fresh).model_dump(mode="json"))


class RequestPageOut(Schema):
    count: int
    limit: int
    offset: int
    results: list[RequestOut]


LIST_FILTERS = ("department", "site", "service", "kind", "channel", "status")


@router.get(
    "/requests",
    response={200: RequestPageOut, **error_responses(400, 401, 404)},
    summary="Demandes du périmètre, filtrées et paginées (par date de réception)",
    description=(
        "Filtres facultatifs : department (code), site et service (codes), kind, channel, status, "
        "received_from et received_to (dates incluses, date de réception locale), due (late, today, soon : à la "
        "date du département ; demandes sans réponse et non closes). Pagination : limit (1 à 500, 100 par "
        f"défaut) et offset (0 à {OFFSET_MAX}). Ordre : date et heure de réception, puis référence."
    ),
)
def list_requests(
    request,
    department: str | None = None,
    site: str | None = None,
    service: str | None = None,
    kind: KindName | None = None,
    channel: ChannelName | None = None,
    status: StatusName | None = None,
    received_from: IsoDate | None = None,
    received_to: IsoDate | None = None,
    due: Literal["late", "today", "soon"] | None = None,
    limit: int = Query(100, ge=1, le=PAGE_MAX),
    offset: int = Query(0, ge=0, le=OFFSET_MAX),
):
    if received_from and received_to and received_from > received_to:
        return Status(400, refused({"received_to": ["antérieure à received_from"]}))
    requests = visible_requests(request.user)
    if department:
        requests = requests.filter(department__code=department.upper())
    if site:
        requests = requests.filter(site__code=site)
    if service:
        requests = requests.filter(service__code=service)
    for field, value in (("kind", kind), ("channel", channel), ("status", status)):
        if value:
            requests = requests.filter(**{field: value})
    if received_from:
        requests = requests.filter(received_date__gte=received_from)
    if received_to:
        requests = requests.filter(received_date__lte=received_to)
    if due:
        condition = due_filters(department_days(request.user))[due]
        requests = requests.filter(condition, UNANSWERED)
    page = (
        requests.select_related("site", "service")
        .prefetch_related("themes")
        .annotate(attachment_total=Count("attachments", distinct=True))
        .order_by("received_at", "reference")[offset : offset + limit]
    )
    return {"count": requests.count(), "limit": limit, "offset": offset, "results": [_out(r) for r in page]}


class ShareOut(Schema):
    key: str | int | None
    label: str
    count: int
    base: int
    share: float | None  # count / base in %, unrounded


class ThemesOut(Schema):
    kind: str
    label: str
    count: int
    rows: list[ShareOut]


class TimelinessOut(Schema):
    rate_code: str
    delay_code: str
    label: str
    on_time: int
    due: int
    rate: float | None
    delays: int
    answered: int
    mean_delay: float | None


class AnalysisOut(Schema):
    department: str | None
    received_from: dt.date
    received_to: dt.date
    total: int
    timeliness: list[TimelinessOut]
    themes: list[ThemesOut]
    by_kind: list[ShareOut]
    by_channel: list[ShareOut]
    by_theme: list[ShareOut]
    by_site: list[ShareOut]


def _floats(value):
    """Exact fractions become floats only at the edge (JSON); numerators and denominators travel beside them."""
    if isinstance(value, dict):
        return {k: _floats(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_floats(v) for v in value]
    return float(value) if isinstance(value, Fraction) else value


@router.get(
    "/requests/analysis",
    response={200: AnalysisOut, **error_responses(400, 401, 404)},
    summary="Analyse des demandes d'une période (délais, thèmes, natures, canaux, sites)",
    description=(
        "Les demandes du périmètre reçues pendant la période : `year`, ou `received_from` et `received_to` (dates "
        "de réception locales, incluses). `department` (code) restreint à un département, `site` et `service` "
        "(codes) à un site ou un service, comme les filtres de l'écran (mêmes noms de paramètres). Chaque taux "
        "garde sa base (on_time / due, delays / answered, count / base) ; « échue » est jugée à la date du "
        "département. Même calcul que l'écran /demandes/analyse/ et que les indicateurs publiés."
    ),
)
def requests_analysis(
    request,
    department: str | None = None,
    year: Year | None = None,
    received_from: IsoDate | None = None,
    received_to: IsoDate | None = None,
    site: str | None = Query(None, description="Code du site (celui de l'organisation) : ce site seul."),
    service: str | None = Query(None, description="Code du service (avec `site` s'il est ambigu) : ce service seul."),
):
    errors = {}
    if year is not None and (received_from or received_to):
        errors["year"] = ["soit year, soit received_from et received_to"]
    elif year is None and not (received_from and received_to):
        errors["received_from"] = ["indiquez year, ou received_from et received_to"]
    elif received_from and received_to and received_from > received_to:
        errors["received_to"] = ["antérieure à received_from"]
    if errors:
        return Status(400, refused(errors))
    period = Period.of_year(year) if year is not None else Period(received_from, received_to)
    requests = received_in(visible_requests(request.user), period)
    today = None
    if department:
        chosen = get_department_for_user(request.user, department)
        requests = requests.filter(department=chosen)
        today = WorkingCalendar.for_department(chosen.code).local_date(timezone.now())
    if site:
        requests = requests.filter(site__code=site)
    if service:
        requests = requests.filter(service__code=service)
    figures = analyse(requests, today=today)
    return {
        "department": department.upper() if department else None,
        "received_from": period.start,
        "received_to": period.end,
        **_floats(figures),
    }


@router.get(
    "/requests/{reference}",
    response={200: RequestOut, **error_responses(400, 401, 404)},
    summary="Une demande (dans le périmètre)",
)
def get_request(request, reference: str):
    return _out(get_request_for_user(request.user, reference))


class ReplyIn(Schema):
    text: str = text()
    replied_at: IsoDateTime = Field(description="Entre la réception de la demande et maintenant.")


@router.post(
    "/requests/{reference}/reply",
    response={200: RequestOut, **error_responses(400, 401, 403, 404, 413)},
    summary="Enregistre la réponse : délai en jours ouvrés et respect de l'échéance",
)
def post_reply(request, reference: str, payload: ReplyIn):
    user_request = get_request_for_user(request.user, reference)
    if not can_answer(request.user, user_request):
        raise PermissionDenied
    try:
        reply_to_request(actor=request.user, request=user_request, text=payload.text, replied_at=payload.replied_at)
    except ValidationError as exc:
        return Status(400, refused(exc))
    return Status(200, _out(user_request))

"""Register API. Create: national admin, the department's quality officer, the site's correspondent, or an
agent for their own service. Read: users whose scope reaches the request (404 otherwise); the list and the analysis
hold only the requests of the user's scope (empty for a user with none). Reply: as create."""

import datetime as dt
from fractions import Fraction

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema, Status

from vigie.core.calendar import WorkingCalendar
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


class RequesterIn(Schema):
    name: str = ""
    email: str = ""
    phone: str = ""
    address: str = ""


class RequestIn(Schema):
    kind: str
    channel: str
    received_at: dt.datetime
    site: str
    service: str | None = None
    subject: str
    text: str
    themes: list[str] = []
    requester: RequesterIn | None = None
    department: str | None = None


class RequestOut(Schema):
    reference: str
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


class ErrorsOut(Schema):
    errors: dict[str, list[str]]


def _out(r) -> dict:
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
        "themes": [t.name for t in r.themes.all()],
        "replied_date": r.replied_date,
        "delay_working_days": r.delay_working_days,
        "on_time": r.on_time,
        "closed_at": r.closed_at,
        # annotated by the list (one query for the page), counted for a single request
        "attachment_count": r.attachment_total if hasattr(r, "attachment_total") else r.attachments.count(),
    }


def _errors(exc: ValidationError) -> dict:
    return {"errors": exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}}


@router.post(
    "/requests",
    response={201: RequestOut, 400: ErrorsOut},
    summary="Enregistre une demande ; received_at sans décalage = heure locale du département",
)
def post_request(request, payload: RequestIn):
    errors = {}
    if payload.kind not in Kind.values:
        errors["kind"] = [f"valeurs possibles : {', '.join(Kind.values)}"]
    if payload.channel not in Channel.values:
        errors["channel"] = [f"valeurs possibles : {', '.join(Channel.values)}"]
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
    known = {t.name.casefold(): t.name for t in Theme.objects.filter(department=site.department, active=True)}
    unknown = [name for name in payload.themes if name.strip().casefold() not in known]
    if unknown:
        errors["themes"] = [
            f"thème(s) inconnu(s) dans le département {site.department.code} : {', '.join(unknown)} "
            f"(thèmes proposés : {', '.join(sorted(known.values())) or 'aucun'})"
        ]
    if errors:
        return Status(400, {"errors": errors})
    if not may_answer_for(
        request.user, department_id=site.department_id, site_id=site.pk, service_id=service.pk if service else None
    ):
        raise PermissionDenied
    try:
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
    except ValidationError as exc:
        return Status(400, _errors(exc))
    return Status(201, _out(created))


class RequestPageOut(Schema):
    count: int
    limit: int
    offset: int
    results: list[RequestOut]


LIST_FILTERS = ("department", "site", "service", "kind", "channel", "status")


@router.get(
    "/requests",
    response={200: RequestPageOut, 400: ErrorsOut},
    summary="Demandes du périmètre, filtrées et paginées (par date de réception)",
    description=(
        "Filtres facultatifs : department (code), site et service (codes), kind, channel, status, "
        "received_from et received_to (dates incluses, date de réception locale), due (late, today, soon : à la "
        "date du département ; demandes sans réponse et non closes). Pagination : limit (1 à 500, 100 par "
        "défaut) et offset. Ordre : date et heure de réception, puis référence."
    ),
)
def list_requests(
    request,
    department: str | None = None,
    site: str | None = None,
    service: str | None = None,
    kind: str | None = None,
    channel: str | None = None,
    status: str | None = None,
    received_from: dt.date | None = None,
    received_to: dt.date | None = None,
    due: str | None = None,
    limit: int = 100,
    offset: int = 0,
):
    errors = {}
    for name, value, allowed in (("kind", kind, Kind.values), ("channel", channel, Channel.values)):
        if value and value not in allowed:
            errors[name] = [f"valeurs possibles : {', '.join(allowed)}"]
    if status and status not in RequestStatus.values:
        errors["status"] = [f"valeurs possibles : {', '.join(RequestStatus.values)}"]
    if due and due not in ("late", "today", "soon"):
        errors["due"] = ["valeurs possibles : late, today, soon"]
    if not 1 <= limit <= 500:
        errors["limit"] = ["entre 1 et 500"]
    if offset < 0:
        errors["offset"] = ["positif ou nul"]
    if received_from and received_to and received_from > received_to:
        errors["received_to"] = ["antérieure à received_from"]
    if errors:
        return Status(400, {"errors": errors})
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
    response={200: AnalysisOut, 400: ErrorsOut},
    summary="Analyse des demandes d'une période (délais, thèmes, natures, canaux, sites)",
    description=(
        "Les demandes du périmètre reçues pendant la période : `year`, ou `received_from` et `received_to` (dates "
        "de réception locales, incluses). `department` (code) restreint à un département. Chaque taux garde sa base "
        "(on_time / due, delays / answered, count / base) ; « échue » est jugée à la date du département. Même "
        "calcul que l'écran /demandes/analyse/ et que les indicateurs publiés."
    ),
)
def requests_analysis(
    request,
    department: str | None = None,
    year: int | None = None,
    received_from: dt.date | None = None,
    received_to: dt.date | None = None,
):
    errors = {}
    if year is not None and (received_from or received_to):
        errors["year"] = ["soit year, soit received_from et received_to"]
    elif year is None and not (received_from and received_to):
        errors["received_from"] = ["indiquez year, ou received_from et received_to"]
    elif year is not None and not 2000 <= year <= 2100:
        errors["year"] = ["année entre 2000 et 2100"]
    elif received_from and received_to and received_from > received_to:
        errors["received_to"] = ["antérieure à received_from"]
    if errors:
        return Status(400, {"errors": errors})
    period = Period.of_year(year) if year is not None else Period(received_from, received_to)
    requests = received_in(visible_requests(request.user), period)
    today = None
    if department:
        chosen = get_department_for_user(request.user, department)
        requests = requests.filter(department=chosen)
        today = WorkingCalendar.for_department(chosen.code).local_date(timezone.now())
    figures = analyse(requests, today=today)
    return {
        "department": department.upper() if department else None,
        "received_from": period.start,
        "received_to": period.end,
        **_floats(figures),
    }


@router.get("/requests/{reference}", response=RequestOut, summary="Une demande (dans le périmètre)")
def get_request(request, reference: str):
    return _out(get_request_for_user(request.user, reference))


class ReplyIn(Schema):
    text: str
    replied_at: dt.datetime


@router.post(
    "/requests/{reference}/reply",
    response={200: RequestOut, 400: ErrorsOut},
    summary="Enregistre la réponse : délai en jours ouvrés et respect de l'échéance",
)
def post_reply(request, reference: str, payload: ReplyIn):
    user_request = get_request_for_user(request.user, reference)
    if not can_answer(request.user, user_request):
        raise PermissionDenied
    try:
        reply_to_request(actor=request.user, request=user_request, text=payload.text, replied_at=payload.replied_at)
    except ValidationError as exc:
        return Status(400, _errors(exc))
    return Status(200, _out(user_request))

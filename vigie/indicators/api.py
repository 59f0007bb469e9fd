"""Indicators API.
- GET results: any user whose scope reaches the department (or the site, when one is given); 404 otherwise.
- GET projection: like the results (the department, or the site, in the user's scope).
- POST measurements: national admin, the department's quality officer, or a site correspondent for their site."""

from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Query, Router, Schema, Status
from pydantic import Field

from vigie.core.apischema import RULE_REFUSAL, ErrorOut, Year, bounded_decimal, error_body, error_responses, refused
from vigie.core.issues import ISSUES_SHOWN, capped
from vigie.organisation.queries import get_department_for_user, get_site_for_user

from .forecast import MAX_MONTHS
from .imports import ParsedRow
from .perms import writable_site_ids
from .projections import projection_state
from .queries import ResultsError, find_indicator, indicator_results
from .services import MeasurementsRejected, save_measurements

router = Router(tags=["indicateurs"])


class ResultOut(Schema):
    period: str
    numerator: float | None
    denominator: float | None
    value: float | None
    target: float | None
    met: bool | None


class ResultsQuery(Schema):
    department: str
    year: Year
    site: str | None = None
    by: Literal["month", "quarter", "year"] = "month"


def _scoped_indicator(request, code: str, department_code: str, site_code: str | None):
    """The department (and site) in the user's scope, and the indicator of that code there: 404 otherwise."""
    department = get_department_for_user(request.user, department_code)
    site = get_site_for_user(request.user, department.code, site_code) if site_code else None
    indicator = find_indicator(code, department)
    if indicator is None:
        raise Http404("Indicateur introuvable.")
    return department, site, indicator


@router.get(
    "/indicators/{code}/results",
    response={200: list[ResultOut], **error_responses(400, 401, 404)},
    summary="Résultats d'un indicateur par mois, trimestre ou année (valeur non arrondie, taux en %)",
)
def results(request, code: str, filters: Query[ResultsQuery]):
    department, site, indicator = _scoped_indicator(request, code, filters.department, filters.site)
    try:
        rows = indicator_results(
            indicator=indicator, department=department, site=site, year=filters.year, by=filters.by
        )
    except ResultsError as exc:
        return Status(400, refused({"by": [str(exc)]}))
    return Status(200, [r.as_json() for r in rows])


# The database keeps 18 digits, 4 after the decimal point (more decimals are rounded).
Number = bounded_decimal(maximum=Decimal(10**14 - 1))


class ProjectionQuery(Schema):
    department: str
    site: str | None = None
    months: int = Field(12, ge=1, le=MAX_MONTHS, description=f"Mois projetés (1 à {MAX_MONTHS})")


class ProjectionPointOut(Schema):
    period: str
    value: float
    low80: float
    high80: float
    low95: float
    high95: float


class ProjectionOut(Schema):
    model: str
    mape: float
    points: list[ProjectionPointOut]


@router.get(
    "/indicators/{code}/projection",
    response={200: ProjectionOut, 202: ErrorOut, **error_responses(400, 401, 404), 422: ErrorOut},
    summary="Projection saisonnière du volume mensuel (compte, ou dénominateur d'un taux ou d'une moyenne : appels "
    "reçus, décisions…) avec intervalles à 80 % et 95 % et erreur du back-test (MAPE, %) ; 202 pendant le calcul, "
    "422 quand l'historique est trop court ou trop irrégulier (« detail » dit pourquoi)",
)
def projection(request, code: str, filters: Query[ProjectionQuery]):
    department, site, indicator = _scoped_indicator(request, code, filters.department, filters.site)
    state = projection_state(indicator=indicator, department=department, site=site, months=filters.months)
    if state.pending:
        return Status(202, error_body("projection en cours de calcul : réessayez dans quelques secondes"))
    if state.forecast is None:
        return Status(422, error_body(state.refusal))
    forecast = state.forecast
    return Status(
        200,
        {
            "model": forecast.model,
            "mape": forecast.mape,
            "points": [
                {
                    "period": f"{p.year}-{p.month:02d}",
                    "value": p.value,
                    "low80": p.low80,
                    "high80": p.high80,
                    "low95": p.low95,
                    "high95": p.high95,
                }
                for p in forecast.points
            ],
        },
    )


class MeasurementIn(Schema):
    indicator: str = Field(max_length=50)
    site: str | None = Field(default=None, max_length=50)
    period: str = Field(max_length=30, description="2024, 2024-T1 ou 2024-05 selon la périodicité de l'indicateur.")
    numerator: Number | None = Field(default=None, description="Numérateur.")
    denominator: Number | None = Field(default=None, description="Dénominateur.")
    value: Number | None = Field(default=None, description="Valeur publiée, quand la base est inconnue.")
    comment: str = Field(default="", max_length=500)


class SavedOut(Schema):
    created: int
    updated: int
    unchanged: int


class MeasurementsRejectedOut(ErrorOut):
    """The API's refusal, with the total: « errors » holds only the first ISSUES_SHOWN."""

    error_count: int | None = Field(
        None, description=f"nombre total d'erreurs (« errors » n'en détaille que {ISSUES_SHOWN})"
    )


@router.post(
    "/measurements",
    response={200: SavedOut, **error_responses(401, 403, 404, 413), 400: MeasurementsRejectedOut},
    summary="Enregistre une liste de mesures, toutes ou aucune (« line » = rang dans la liste, à partir de 1 ; "
    f"au plus {ISSUES_SHOWN} erreurs détaillées, « error_count » donne leur nombre)",
)
def post_measurements(request, department: str, measurements: list[MeasurementIn]):
    dept = get_department_for_user(request.user, department)
    allowed = writable_site_ids(request.user, dept)
    rows = [
        ParsedRow(
            line=i,
            indicator=m.indicator,
            site=m.site,
            period=m.period,
            numerator=m.numerator,
            denominator=m.denominator,
            published_value=m.value,
            comment=m.comment,
        )
        for i, m in enumerate(measurements, start=1)
    ]
    if allowed is not None:
        site_ids = dict(dept.sites.values_list("code", "pk"))
        if not allowed or any(r.site is None or site_ids.get(r.site) not in allowed for r in rows):
            raise PermissionDenied
    try:
        plan = save_measurements(actor=request.user, department=dept, rows=rows, source="api")
    except MeasurementsRejected as exc:
        listed = capped(exc.errors)
        items = [{"field": e.column, "line": e.line, "message": e.message} for e in listed.shown]
        return Status(400, {**error_body(RULE_REFUSAL, items), "error_count": listed.total})
    return Status(
        200, {"created": plan.count("create"), "updated": plan.count("update"), "unchanged": plan.count("unchanged")}
    )

"""Indicators API.
- GET results: any user whose scope reaches the department (or the site, when one is given); 404 otherwise.
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

from .imports import ParsedRow
from .perms import writable_site_ids
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


@router.get(
    "/indicators/{code}/results",
    response={200: list[ResultOut], **error_responses(400, 401, 404)},
    summary="Résultats d'un indicateur par mois, trimestre ou année (valeur non arrondie, taux en %)",
)
def results(request, code: str, filters: Query[ResultsQuery]):
    department = get_department_for_user(request.user, filters.department)
    site = get_site_for_user(request.user, department.code, filters.site) if filters.site else None
    indicator = find_indicator(code, department)
    if indicator is None:
        raise Http404("Indicateur introuvable.")
    try:
        rows = indicator_results(
            indicator=indicator, department=department, site=site, year=filters.year, by=filters.by
        )
    except ResultsError as exc:
        return Status(400, refused({"by": [str(exc)]}))
    return Status(200, [r.as_json() for r in rows])


# The database keeps 18 digits, 4 after the decimal point (more decimals are rounded).
Number = bounded_decimal(maximum=Decimal(10**14 - 1))


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


class RejectedOut(ErrorOut):
    """The API's refusal, with the total: « errors » holds only the first ISSUES_SHOWN."""

    error_count: int | None = Field(
        None, description=f"nombre total d'erreurs (« errors » n'en détaille que {ISSUES_SHOWN})"
    )


@router.post(
    "/measurements",
    response={200: SavedOut, **error_responses(401, 403, 404, 413), 400: RejectedOut},
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

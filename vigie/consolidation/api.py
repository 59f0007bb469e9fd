"""National comparison API.
- GET national/indicators/{code}/results: national administrators get every department; a user who reads a whole
  department (quality officer, steering committee, auditor of the department) gets the country and only their own
  department(s), never another department's name or code; anyone else 403."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from ninja import Field, Query, Router, Schema

from vigie.core.apischema import error_responses
from vigie.organisation.perms import scope_for

from .forms import FIRST_YEAR
from .queries import Filters, get_national_indicator, national_comparison, number, status_of

router = Router(tags=["consolidation nationale"])


class NationalQuery(Schema):
    year: int = Field(..., ge=FIRST_YEAR, le=2100, description="Année civile")


class NationalFigure(Schema):
    numerator: float | None
    denominator: float | None
    value: float | None


class DepartmentFigure(Schema):
    code: str
    name: str
    numerator: float | None
    denominator: float | None
    value: float | None
    target: float | None
    status: str


class NationalResults(Schema):
    year: int
    national: NationalFigure
    departments: list[DepartmentFigure]


@router.get(
    "/national/indicators/{code}/results",
    response={200: NationalResults, **error_responses(400, 401, 403, 404)},
    summary="Un indicateur national, une année : la France (somme des bases) et chaque département "
    "(un référent qualité ne reçoit que son département)",
)
def national_results(request, code: str, filters: Query[NationalQuery]):
    scope = scope_for(request.user)
    if not scope.national and not scope.read_departments:
        raise PermissionDenied
    indicator = get_national_indicator(code)
    comparison = national_comparison(indicator=indicator, filters=Filters(year=filters.year))
    target = float(indicator.target_value) if indicator.target_value is not None else None
    national = comparison.national
    return {
        "year": filters.year,
        "national": {
            "numerator": number(national.numerator) if national else None,
            "denominator": number(national.denominator) if national else None,
            "value": number(national.value) if national else None,
        },
        "departments": [
            {
                "code": line.department.code,
                "name": line.department.name,
                "numerator": number(line.result.numerator) if line.result else None,
                "denominator": number(line.result.denominator) if line.result else None,
                "value": number(line.result.value) if line.result else None,
                "target": target,
                "status": status_of(line.result),
            }
            for line in comparison.lines
            if scope.national or line.department.pk in scope.read_departments
        ],
    }

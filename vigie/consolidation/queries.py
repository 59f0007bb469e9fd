"""Reads of the national comparison: every department's yearly figure of a national indicator, the country's
figure from the summed bases, the spread of the departments and the ranks where the basis is large enough.

Only published figures leave a department. Vigie has no published snapshots yet: the figures are the
departments' results, i.e. their recorded measurements (typed, imported, sent through the API, or published by
Vigie's own computation with `indicators.services.record_computed`). Local indicators never leave their
department. The pages say so (SOURCE_NOTE)."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from django.http import Http404

from vigie.core.formatting import target_status
from vigie.frameworks.models import Framework, Indicator, Module
from vigie.indicators.queries import NationalYear, Result, national_years
from vigie.organisation.enums import SiteKind
from vigie.organisation.models import Department

from .rules import MIN_BASIS, Bin, Spread, histogram, is_thin, ranks, spread

SOURCE_NOTE = (
    "Chiffres lus dans les résultats enregistrés par chaque département (saisies, imports, API, indicateurs "
    "calculés par Vigie) : Vigie ne fige pas encore de publication (instantané). Les indicateurs locaux ne "
    "quittent pas leur département."
)


@dataclass(frozen=True)
class Filters:
    year: int
    framework: Framework | None = None
    module: Module | None = None
    site_kind: str = ""

    @property
    def site_kind_label(self) -> str:
        return SiteKind(self.site_kind).label if self.site_kind else ""


@dataclass(frozen=True)
class DepartmentLine:
    department: Department
    result: Result | None
    thin: bool
    rank: int | None

    @property
    def status(self) -> str:
        return status_of(self.result)


def status_of(result: Result | None) -> str:
    """« atteinte », « non atteinte », « sans cible » or « sans donnée » (the API's and open data's `status`)."""
    return target_status(
        None if result is None else result.met, has_value=result is not None and result.value is not None
    )


@dataclass(frozen=True)
class Comparison:
    indicator: Indicator
    year: int
    national: Result | None
    lines: list[DepartmentLine]  # every department, in code order
    spread: Spread | None
    bins: list[Bin]
    ranked: int  # departments with a rank
    reporting: int  # departments with a value

    @property
    def rankable(self) -> bool:
        return self.indicator.kind != "count" and self.indicator.target_direction in ("gte", "lte")


def indicators_for(filters: Filters) -> list[Indicator]:
    """National indicators, restricted to those of a framework's version in force (and of one of its modules)."""
    indicators = Indicator.objects.filter(department=None)
    if filters.module is not None:
        indicators = indicators.filter(commitments__module=filters.module)
    elif filters.framework is not None:
        indicators = indicators.filter(
            commitments__module__version__framework=filters.framework, commitments__module__version__is_current=True
        )
    return list(indicators.distinct().order_by("code"))


def get_national_indicator(code: str) -> Indicator:
    indicator = Indicator.objects.filter(department=None, code=code).first()
    if indicator is None:
        raise Http404("Indicateur national introuvable.")
    return indicator


def _compare(indicator: Indicator, year: int, national: NationalYear | None, departments: list[Department]):
    results = national.departments if national else {}
    values = {pk: r.value for pk, r in results.items() if r.value is not None}
    thin = {
        pk: is_thin(kind=indicator.kind, denominator=r.denominator, basis_unknown=r.basis_unknown)
        for pk, r in results.items()
    }
    rankable = indicator.kind != "count"
    department_ranks = (
        ranks({pk: v for pk, v in values.items() if not thin[pk]}, direction=indicator.target_direction)
        if rankable
        else {}
    )
    lines = [
        DepartmentLine(d, results.get(d.pk), thin.get(d.pk, False), department_ranks.get(d.pk)) for d in departments
    ]
    return Comparison(
        indicator=indicator,
        year=year,
        national=national.national if national else None,
        lines=lines,
        spread=spread(list(values.values())),
        bins=histogram(list(values.values())),
        ranked=len(department_ranks),
        reporting=len(values),
    )


def national_comparison(*, indicator: Indicator, filters: Filters) -> Comparison:
    """Every department side by side for one national indicator and year (3 queries)."""
    national = national_years(year=filters.year, indicators=[indicator], site_kind=filters.site_kind)
    departments = list(Department.objects.order_by("code"))
    return _compare(indicator, filters.year, national.get(indicator.pk), departments)


def national_overview(*, filters: Filters) -> list[Comparison]:
    """Every national indicator (of the filters' framework or module) for a year: one comparison each, from one
    grouped query for all of them."""
    indicators = indicators_for(filters)
    national = national_years(year=filters.year, indicators=indicators, site_kind=filters.site_kind)
    departments = list(Department.objects.order_by("code"))
    return [_compare(i, filters.year, national.get(i.pk), departments) for i in indicators]


@dataclass(frozen=True)
class DepartmentPosition:
    """What a department sees of the comparison: its own line, the country and the spread — no other department."""

    indicator: Indicator
    year: int
    own: DepartmentLine
    national: Result | None
    spread: Spread | None
    bins: list[Bin]
    reporting: int
    ranked: int

    @property
    def national_status(self) -> str:
        return status_of(self.national)


def department_position(*, indicator: Indicator, department: Department, filters: Filters) -> DepartmentPosition:
    return _position(national_comparison(indicator=indicator, filters=filters), department)


def department_positions(*, department: Department, filters: Filters) -> list[DepartmentPosition]:
    """The department's position for every national indicator (of the filters' framework or module)."""
    return [_position(comparison, department) for comparison in national_overview(filters=filters)]


def _position(comparison: Comparison, department: Department) -> DepartmentPosition:
    own = next(line for line in comparison.lines if line.department.pk == department.pk)
    indicator = comparison.indicator
    return DepartmentPosition(
        indicator=indicator,
        year=comparison.year,
        own=own,
        national=comparison.national,
        spread=comparison.spread,
        bins=comparison.bins,
        reporting=comparison.reporting,
        ranked=comparison.ranked,
    )


def number(value: Fraction | None) -> int | float | None:
    """An exact value for JSON, CSV and spreadsheets: an integer when it is one, otherwise a float."""
    if value is None:
        return None
    return int(value) if value.denominator == 1 else float(value)


__all__ = ["MIN_BASIS", "SOURCE_NOTE"]

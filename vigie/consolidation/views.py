"""National comparison screens.

Access:
- national pages and their exports (overview, one indicator, XLSX, CSV, JSON): NATIONAL_ADMIN;
- the Table Schema of the open-data files: PUBLIC (it describes columns, no figure);
- a department's position: SCOPED — the department comes through organisation.queries (404 outside the scope)
  and the user must read the whole department (quality officer, steering committee, auditor of the department;
  403 otherwise); the page shows that department's figure against the country, the median and the spread,
  never another department's name or code."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render

from vigie.core.access import NATIONAL_ADMIN, PUBLIC, SCOPED, access
from vigie.core.spreadsheets import xlsx_response
from vigie.organisation.perms import can_read_whole_department
from vigie.organisation.queries import get_department_for_user

from . import exports
from .charts import distribution_chart, map_data
from .forms import NationalFilterForm
from .queries import (
    MIN_BASIS,
    SOURCE_NOTE,
    department_position,
    department_positions,
    get_national_indicator,
    national_comparison,
    national_overview,
)


def _filters(request, *, with_modules: bool = True):
    form = NationalFilterForm(request.GET, with_modules=with_modules)
    return form, (form.filters() if form.is_valid() else None)


def _refused(request, form, title: str):
    return render(request, "consolidation/refused.html", {"title": title, "form": form}, status=400)


@access(NATIONAL_ADMIN)
def overview(request):
    form, filters = _filters(request)
    if filters is None:
        return _refused(request, form, "Comparaison nationale")
    return render(
        request,
        "consolidation/overview.html",
        {
            "title": f"Comparaison nationale {filters.year}",
            "form": form,
            "filters": filters,
            "comparisons": national_overview(filters=filters),
            "source_note": SOURCE_NOTE,
            "query": request.GET.urlencode(),
        },
    )


@access(NATIONAL_ADMIN)
def indicator(request, indicator_code: str):
    indicator = get_national_indicator(indicator_code)
    form, filters = _filters(request, with_modules=False)
    if filters is None:
        return _refused(request, form, indicator.name)
    comparison = national_comparison(indicator=indicator, filters=filters)
    return render(
        request,
        "consolidation/indicator.html",
        {
            "title": f"{indicator.name} — comparaison nationale {filters.year}",
            "form": form,
            "filters": filters,
            "comparison": comparison,
            "indicator": indicator,
            "map_data": json.dumps(map_data(comparison)),
            "distribution": distribution_chart(comparison.bins, indicator.unit),
            "min_basis": MIN_BASIS,
            "source_note": SOURCE_NOTE,
            "query": request.GET.urlencode(),
        },
    )


def _comparison_for_export(request, indicator_code: str, year: int):
    indicator = get_national_indicator(indicator_code)
    form = NationalFilterForm({**request.GET.dict(), "annee": year}, with_modules=False)
    if not form.is_valid():
        return None, form
    return national_comparison(indicator=indicator, filters=form.filters()), form


@access(NATIONAL_ADMIN)
def indicator_xlsx(request, indicator_code: str, year: int):
    comparison, form = _comparison_for_export(request, indicator_code, year)
    if comparison is None:
        return _refused(request, form, "Export")
    return xlsx_response(
        title=f"{comparison.indicator.name} ({comparison.indicator.code}) — comparaison nationale {year}"
        f"{exports.filters_label(form.filters())}",
        sheet_title=f"National {year}",
        header=exports.HEADER,
        rows=exports.rows(comparison),
        filename=f"vigie-national-{comparison.indicator.code}-{year}.xlsx",
    )


@access(NATIONAL_ADMIN)
def indicator_csv(request, indicator_code: str, year: int):
    comparison, form = _comparison_for_export(request, indicator_code, year)
    if comparison is None:
        return _refused(request, form, "Export")
    response = HttpResponse(exports.to_csv(comparison), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="vigie-national-{comparison.indicator.code}-{year}.csv"'
    return response


@access(NATIONAL_ADMIN)
def indicator_json(request, indicator_code: str, year: int):
    comparison, form = _comparison_for_export(request, indicator_code, year)
    if comparison is None:
        return _refused(request, form, "Export")
    return JsonResponse(exports.records(comparison), safe=False, json_dumps_params={"ensure_ascii": False})


@access(PUBLIC)
def table_schema(request):
    return JsonResponse(exports.table_schema(), json_dumps_params={"ensure_ascii": False})


def _readable_department(request, code: str):
    department = get_department_for_user(request.user, code)
    if not can_read_whole_department(request.user, department):
        raise PermissionDenied
    return department


@access(SCOPED)
def department_index(request, code: str):
    department = _readable_department(request, code)
    form, filters = _filters(request)
    if filters is None:
        return _refused(request, form, "Face au pays")
    positions = department_positions(department=department, filters=filters)
    return render(
        request,
        "consolidation/department_index.html",
        {
            "title": f"{department.name} face au pays, {filters.year}",
            "form": form,
            "filters": filters,
            "department": department,
            "positions": positions,
            "source_note": SOURCE_NOTE,
        },
    )


@access(SCOPED)
def department(request, code: str, indicator_code: str):
    department = _readable_department(request, code)
    indicator = get_national_indicator(indicator_code)
    form, filters = _filters(request, with_modules=False)
    if filters is None:
        return _refused(request, form, indicator.name)
    position = department_position(indicator=indicator, department=department, filters=filters)
    return render(
        request,
        "consolidation/department.html",
        {
            "title": f"{indicator.name} — {department.name} face au pays, {filters.year}",
            "form": form,
            "filters": filters,
            "department": department,
            "indicator": indicator,
            "position": position,
            "distribution": distribution_chart(position.bins, indicator.unit),
            "min_basis": MIN_BASIS,
            "source_note": SOURCE_NOTE,
        },
    )

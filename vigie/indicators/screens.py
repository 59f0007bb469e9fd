"""Indicator screens. Access: SCOPED — the department and site go through organisation.queries (404 outside
the scope); site comparisons list only the user's visible sites; the import needs write rights (perms); the
projection reads like the results."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from vigie.core.access import SCOPED, access
from vigie.core.formatting import UNIT_DISPLAY, XLSX_UNIT_FORMATS, unit_decimals
from vigie.core.periods import PeriodKind
from vigie.core.spreadsheets import Number, Sheet, workbook_response
from vigie.core.workers import worker_alive
from vigie.frameworks.queries import scope_indicator_ids
from vigie.organisation.perms import can_read_whole_department
from vigie.organisation.queries import get_department_for_user, get_site_for_user, visible_sites

from .charts import bar_chart, projection_chart
from .dashboard import period_label, short_label
from .forms_import import MeasurementImportForm
from .imports.detect import parse_measurement_file
from .models import Measurement, MeasurementChange
from .perms import writable_site_ids
from .projections import projection_state
from .queries import (
    ResultsError,
    find_indicator,
    indicator_results,
    recalculating,
    results_by_site,
    results_from_rows,
    yearly_summary,
)
from .services import MeasurementsRejected, plan_measurements, save_measurements

# The preview lists the first lines only (a file of 200 000 lines would make a page nobody can read); the counts
# above the table cover every line, and the confirmation imports them all.
PREVIEW_LINES = 500


def _year(request) -> int:
    try:
        return int(request.GET.get("annee", ""))
    except ValueError:
        return timezone.localdate().year - 1


def _scope(request, code: str):
    department = get_department_for_user(request.user, code)
    site_code = request.GET.get("site")
    site = get_site_for_user(request.user, code, site_code) if site_code else None
    sites = list(visible_sites(request.user).filter(department=department).order_by("name"))
    return department, site, sites


def _site_ids(request, department, sites):
    return None if can_read_whole_department(request.user, department) else {s.pk for s in sites}


def _summary(request, department, site, sites, year):
    required = scope_indicator_ids([site.pk] if site else [s.pk for s in sites])
    return yearly_summary(
        department=department,
        year=year,
        site=site,
        site_ids=_site_ids(request, department, sites),
        required_ids=required,
    )


@access(SCOPED)
def results(request, code: str):
    department, site, sites = _scope(request, code)
    year = _year(request)
    lines = _summary(request, department, site, sites, year)
    return render(
        request,
        "indicators/screens/results.html",
        {
            "title": f"Résultats {year}",
            "department": department,
            "site": site,
            "sites": sites,
            "year": year,
            "lines": lines,
            "recalculating": recalculating(department=department, year=year),
            "years": range(timezone.localdate().year, timezone.localdate().year - 6, -1),
        },
    )


@access(SCOPED)
def results_xlsx(request, code: str, year: int):
    """The year's results as a workbook: one line per indicator with its basis (numerator, denominator) in their
    own columns and each value in its unit's number format (percent, 0.00 j, /5), then a sheet of the months (or
    quarters) of the year. Numbers stay numbers (core/spreadsheets)."""
    department, site, sites = _scope(request, code)
    lines = _summary(request, department, site, sites, year)

    def value(number, unit: str) -> Number:
        return Number(number, XLSX_UNIT_FORMATS.get(unit, "General"))

    rows = []
    for line in lines:
        current, previous, unit = line.current, line.previous, line.indicator.unit
        change_format = '+0.0" pt";-0.0" pt";0.0" pt"' if unit == "percent" else XLSX_UNIT_FORMATS.get(unit, "General")
        rows.append(
            [
                line.indicator.code,
                line.indicator.name,
                basis(current.numerator) if current else None,
                basis(current.denominator) if current else None,
                value(current.value, unit) if current else None,
                line.indicator.get_unit_display(),
                value(line.indicator.target_value, unit),
                {True: "oui", False: "non", None: ""}[current.met if current else None],
                value(previous.value, unit) if previous else None,
                Number(line.difference, change_format),
                line.indicator.get_aggregation_display(),
            ]
        )
    where = site.name if site else "tout le département"
    yearly = Sheet(
        title=f"{department.name} — {where} — résultats {year}",
        name=f"Résultats {year}",
        header=[
            "Code",
            "Indicateur",
            "Numérateur",
            "Dénominateur",
            f"Valeur {year}",
            "Unité",
            "Cible",
            "Cible atteinte",
            f"Valeur {year - 1}",
            "Évolution",
            "Règle d'agrégation",
        ],
        rows=rows,
    )
    return workbook_response(
        sheets=[yearly, _periods_sheet(request, department, site, sites, year, lines, where)],
        filename=f"vigie-{department.code}-resultats-{year}.xlsx",
    )


def basis(number) -> Number:
    """A numerator or denominator: whole numbers grouped by thousands, two decimals when it has some."""
    return Number(number, "#,##0.00" if number is not None and number != int(number) else "#,##0")


def _periods_sheet(request, department, site, sites, year: int, lines, where: str) -> Sheet:
    """Each indicator's months (quarters for a quarterly one) of the year, with their basis: one query."""
    indicators = {line.indicator.pk: line.indicator for line in lines if line.indicator.periodicity != "year"}
    measured = Measurement.objects.filter(department=department, year=year, indicator_id__in=indicators)
    if site is not None:
        measured = measured.filter(site=site)
    allowed = _site_ids(request, department, sites)
    grouped: dict[int, list] = defaultdict(list)
    for indicator_id, *rest in measured.values_list(
        "indicator_id", "site_id", "period_kind", "period_index", "numerator", "denominator", "basis_unknown"
    ):
        if allowed is not None and rest[0] is not None and rest[0] not in allowed:
            continue
        grouped[indicator_id].append(rest)
    rows = []
    for indicator in sorted(indicators.values(), key=lambda i: i.code):
        for result in results_from_rows(indicator, year, grouped.get(indicator.pk, []), indicator.periodicity):
            label = period_label(result.period)
            if result.period.kind == PeriodKind.YEAR:
                label += " (valeur annuelle seule)"
            rows.append(
                [
                    indicator.code,
                    indicator.name,
                    label,
                    basis(result.numerator),
                    basis(result.denominator),
                    Number(result.value, XLSX_UNIT_FORMATS.get(indicator.unit, "General")),
                ]
            )
    return Sheet(
        title=f"{department.name} — {where} — mois {year}",
        name=f"Mois {year}",
        header=["Code", "Indicateur", "Période", "Numérateur", "Dénominateur", "Valeur"],
        rows=rows,
    )


@access(SCOPED)
def indicator_detail(request, code: str, indicator_code: str):
    department, site, sites = _scope(request, code)
    indicator = find_indicator(indicator_code, department)
    if indicator is None:
        raise Http404("Indicateur introuvable.")
    year = _year(request)
    by = request.GET.get("par", indicator.periodicity)
    try:
        rows = indicator_results(indicator=indicator, department=department, site=site, year=year, by=by)
        previous = indicator_results(indicator=indicator, department=department, site=site, year=year - 1, by=by)
    except ResultsError:
        by = indicator.periodicity
        rows = indicator_results(indicator=indicator, department=department, site=site, year=year, by=by)
        previous = indicator_results(indicator=indicator, department=department, site=site, year=year - 1, by=by)
    previous_by_index = {(r.period.kind, r.period.index): r for r in previous}
    table = []
    for r in rows:
        before = previous_by_index.get((r.period.kind, r.period.index))
        diff = r.value - before.value if before and before.value is not None and r.value is not None else None
        label = period_label(r.period)
        if r.period.kind == PeriodKind.YEAR and by != PeriodKind.YEAR:  # a past year known only as a whole
            label += " (valeur annuelle seule, sans détail)"
        table.append({"result": r, "label": label, "previous": before, "difference": diff})
    chart = (
        bar_chart(
            title=f"{indicator.name} — {year}",
            labels=[short_label(r.period) for r in rows],
            values=[float(r.value) if r.value is not None else None for r in rows],
            target=float(indicator.target_value) if indicator.target_value is not None else None,
            unit=UNIT_DISPLAY.get(indicator.unit, (0, ""))[1],
            decimals=unit_decimals(indicator.unit),
        )
        if rows
        else None
    )
    comparison = [] if site else results_by_site(indicator=indicator, department=department, year=year, sites=sites)
    history = (
        MeasurementChange.objects.filter(
            measurement__indicator=indicator, measurement__department=department, measurement__year=year
        )
        .filter(**({"measurement__site": site} if site else {}))
        .select_related("changed_by", "measurement__site")
        .order_by("-changed_at", "-pk")[:20]
    )
    return render(
        request,
        "indicators/screens/indicator_detail.html",
        {
            "title": indicator.name,
            "department": department,
            "site": site,
            "indicator": indicator,
            "year": year,
            "by": by,
            "table": table,
            "chart": chart,
            "comparison": comparison,
            "history": history,
        },
    )


@access(SCOPED)
def measurement_import(request, code: str):
    """Upload, preview of what will change (with warnings), then confirmation. All or nothing."""
    department = get_department_for_user(request.user, code)
    allowed = writable_site_ids(request.user, department)
    if allowed is not None and not allowed & set(department.sites.values_list("pk", flat=True)):
        raise PermissionDenied
    sites = [s for s in department.sites.order_by("name") if allowed is None or s.pk in allowed]
    form = MeasurementImportForm(
        request.POST or None, request.FILES or None, sites=sites, department_level=allowed is None
    )
    context = {"title": "Importer des mesures", "department": department, "form": form}
    session_key = f"measurement_import_{department.code}"
    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.pop(session_key, None)
        if pending is None:
            messages.error(request, "Le fichier à importer a expiré : déposez-le à nouveau.")
            return redirect("measurement_import", code=department.code)
        parsed = parse_measurement_file(
            pending["content"].encode("latin-1"), pending["name"], year=pending["year"], site=pending["site"]
        )
        try:
            plan = save_measurements(actor=request.user, department=department, rows=parsed.rows, source="imported")
        except MeasurementsRejected as exc:
            context["errors"] = exc.errors
        else:
            messages.success(
                request,
                f"Import terminé : {plan.count('create')} mesure(s) créée(s), "
                f"{plan.count('update')} modifiée(s), {plan.count('unchanged')} inchangée(s).",
            )
            return redirect("results", code=department.code)
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        site_code = form.cleaned_data["site"] or None
        parsed = parse_measurement_file(content, upload.name, year=form.cleaned_data["year"], site=site_code)
        plan = None if parsed.errors else plan_measurements(department=department, rows=parsed.rows)
        errors = parsed.errors or (plan.errors if plan else [])
        if not errors and allowed is not None:
            outside = [c for c in plan.changes if c.site is None or c.site.pk not in allowed]
            if outside:
                raise PermissionDenied
        warnings = parsed.warnings or (plan.warnings if plan else [])
        context.update({"errors": errors, "warnings": warnings, "plan": None if errors else plan})
        if not errors:
            context["preview"] = {
                "lines": plan.changes[:PREVIEW_LINES],
                "more": max(0, len(plan.changes) - PREVIEW_LINES),
                "created": plan.count("create"),
                "updated": plan.count("update"),
                "unchanged": plan.count("unchanged"),
            }
        if not errors:
            request.session[session_key] = {
                "content": content.decode("latin-1"),
                "name": upload.name,
                "year": form.cleaned_data["year"],
                "site": site_code,
            }
    status = 400 if context.get("errors") else 200
    return render(request, "indicators/screens/import.html", context, status=status)


@access(SCOPED)
def projection(request, code: str, indicator_code: str):
    """A 12-month projection of the indicator's monthly volume, with its intervals, model and back-test error; or
    why there is none. Computed by the worker: while it runs, the page says so and reloads its fragment."""
    department, site, _sites = _scope(request, code)
    indicator = find_indicator(indicator_code, department)
    if indicator is None:
        raise Http404("Indicateur introuvable.")
    state = projection_state(indicator=indicator, department=department, site=site, months=12)
    context = {
        "title": f"Projection — {indicator.name}",
        "department": department,
        "site": site,
        "indicator": indicator,
        "state": state,
        "chart": projection_chart(state) if state.forecast else None,
        "worker_alive": worker_alive() if state.pending else True,
    }
    if request.htmx:
        return render(request, "indicators/includes/projection.html", context)
    return render(request, "indicators/screens/projection.html", context)

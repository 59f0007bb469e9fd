"""The analysis screen of a year or any period (the same figures as GET /api/v1/requests/analysis), its chart and
its spreadsheet. One parameter vocabulary with the API: `year`, `received_from`, `received_to`, `department`,
`site`, `service` (codes); the screen's former French names (annee, du, au, departement) are still read."""

import datetime as dt
import json
from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from vigie.core.access import SCOPED, access
from vigie.core.calendar import WorkingCalendar
from vigie.core.periods import Period, PeriodKind
from vigie.improvement.queries import actions_for_origins
from vigie.organisation.perms import can_manage_department
from vigie.organisation.queries import scope_departments, visible_services, visible_sites
from vigie.register.analysis.exports import analysis_workbook
from vigie.register.analysis.figures import analyse, period_label, previous_period, received_in
from vigie.register.config.services import record_follow_up
from vigie.register.models import Theme
from vigie.register.requests.forms import FollowUpForm
from vigie.register.requests.queries import visible_requests

ALIASES = {"annee": "year", "du": "received_from", "au": "received_to", "departement": "department"}


def analysis_params(query) -> dict[str, str]:
    """The screen's parameters by the API's names; a former name (annee, du, au, departement) stands for its new one
    when the new one is absent (links and bookmarks written before keep working)."""
    params = {name: query.get(name, "").strip() for name in ("year", "received_from", "received_to", "department")}
    for old, new in ALIASES.items():
        if not params[new] and query.get(old):
            params[new] = query.get(old, "").strip()
    params["site"] = query.get("site", "").strip()
    params["service"] = query.get("service", "").strip()
    return params


def _analysis_period(params: dict[str, str]) -> tuple[Period, list[str]]:
    """The period of the analysis: `received_from` and `received_to` (receipt dates, both included) when given, else
    the `year` (this year by default). Errors name the field; a wrong period falls back to the year."""
    try:
        year = int(params["year"])
    except ValueError:
        year = timezone.localdate().year
    if not 2000 <= year <= 2100:
        year = timezone.localdate().year
    start, end = params["received_from"], params["received_to"]
    if not start and not end:
        return Period.of_year(year), []
    try:
        first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError:
        return Period.of_year(year), ["Période\u00a0: indiquez les deux dates, du … au …, au format JJ/MM/AAAA."]
    if first > last:
        return Period.of_year(year), ["Période\u00a0: la date de fin précède la date de début."]
    return Period(first, last), []


def _selection(request):
    """What the screen and its spreadsheet analyse: the period, the department, site and service chosen among those
    the user sees, and the requests of the user's scope narrowed to them."""
    params = analysis_params(request.GET)
    period, period_errors = _analysis_period(params)
    departments = scope_departments(request.user)  # by code; the header's query too (once per request)
    department = next((d for d in departments if d.code == params["department"].upper()), None)
    if department is None and len(departments) == 1:
        department = departments[0]
    sites = list(visible_sites(request.user).filter(department=department).order_by("name")) if department else []
    site = next((s for s in sites if s.code == params["site"]), None)
    services = list(visible_services(request.user).filter(site=site).order_by("name")) if site else []
    service = next((s for s in services if s.code == params["service"]), None)
    requests = visible_requests(request.user)
    if department is not None:
        requests = requests.filter(department=department)
    if site is not None:
        requests = requests.filter(site=site)
    if service is not None:
        requests = requests.filter(service=service)
    return {
        "period": period,
        "period_errors": period_errors,
        "departments": departments,
        "department": department,
        "sites": sites,
        "site": site,
        "services": services,
        "service": service,
        "requests": requests,
    }


def _query(selection, year: int) -> str:
    """The selection as a query string (the API's names)."""
    period = selection["period"]
    parts = (
        [f"year={year}"]
        if period.kind == PeriodKind.YEAR
        else [f"received_from={period.start:%Y-%m-%d}", f"received_to={period.end:%Y-%m-%d}"]
    )
    for name in ("department", "site", "service"):
        if selection[name] is not None:
            parts.append(f"{name}={selection[name].code}")
    return "&".join(parts)


def _figures(selection) -> dict:
    department, period = selection["department"], selection["period"]
    # « due has passed » at the department's own date; across departments, at the server's
    today = WorkingCalendar.for_department(department.code).local_date(timezone.now()) if department else None
    requests = selection["requests"]
    return analyse(received_in(requests, period), today=today, previous=received_in(requests, previous_period(period)))


def _chart(figures: dict) -> dict | None:
    """The `<bar-chart>` of the sites side by side, one series per kind (@gouvfr/dsfr-chart): French labels,
    counts shown on hover and in the table beside it."""
    by_site_kind = figures["by_site_kind"]
    if not by_site_kind["rows"]:
        return None
    labels = [line["label"] for line in by_site_kind["rows"]]
    return {
        "x": json.dumps([labels] * len(by_site_kind["kinds"]), ensure_ascii=False),
        "y": json.dumps(
            [[line["counts"][i] for line in by_site_kind["rows"]] for i in range(len(by_site_kind["kinds"]))]
        ),
        "names": json.dumps([label for _, label in by_site_kind["kinds"]], ensure_ascii=False),
    }


@access(SCOPED)
def request_analysis(request):
    """Analysis of the requests in scope for a year or any period (by receipt date), for a department, one of its
    sites or one service: timeliness (with numerators and denominators), themes of complaints and of suggestions in
    % (« Sans thème » counted) with the follow-up actions, kinds, channels, themes, sites side by side per kind, the
    previous year in points (register/analysis/figures.py, the same as GET /api/v1/requests/analysis). Follow-up
    actions are written per year by those who manage the department (quality officer, national admin)."""
    selection = _selection(request)
    period, department = selection["period"], selection["department"]
    year = period.end.year
    yearly = period.kind == PeriodKind.YEAR  # follow-up actions are written per calendar year
    manager = department is not None and can_manage_department(request.user, department) and yearly
    # the department's themes, read once: the follow-up form's choices and the actions raised from them
    themes = list(Theme.objects.filter(department=department).order_by("name")) if department else []
    follow_up_form = FollowUpForm(request.POST or None, themes=themes)
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        if follow_up_form.is_valid():
            record_follow_up(actor=request.user, department=department, year=year, **follow_up_form.cleaned_data)
            messages.success(request, "Suite donnée enregistrée.")
            return redirect(f"{request.path}?year={year}&department={department.code}")
    figures = _figures(selection)
    follow_ups = defaultdict(list)  # theme name → the plan's actions raised from it in the period's years
    if department is not None:
        raised = actions_for_origins(
            app="register",
            kind="complaint_theme",
            public_ids=[str(theme.public_id) for theme in themes],
            years=range(period.start.year, period.end.year + 1),
        )
        for theme in themes:
            follow_ups[theme.name] += raised.get(str(theme.public_id), [])
    for group in figures["themes"]:
        for row in group["rows"]:
            row["follow_ups"] = follow_ups.get(row["key"], [])
    period_errors = selection["period_errors"]
    return render(
        request,
        "register/analysis.html",
        {
            "title": f"Analyse des demandes {period_label(period)}",
            "year": year,
            "period_label": period_label(period),
            "previous_label": period_label(previous_period(period)),
            **selection,
            **figures,
            "by_kind_theme": figures["themes"],
            "chart": _chart(figures),
            "export_query": _query(selection, year),
            "follow_up_form": follow_up_form if manager else None,
            "page_has_errors": bool(follow_up_form.errors) or bool(period_errors),
        },
        status=400 if follow_up_form.errors or period_errors else 200,
    )


@access(SCOPED)
def request_analysis_xlsx(request):
    """The analysis as a spreadsheet: one sheet per table, numbers as numbers with their formats (0.00 for
    delays, percent for rates and shares, points for the comparison), the bases in their own columns."""
    selection = _selection(request)
    period = selection["period"]
    where = " — ".join(s.name for s in (selection["department"], selection["site"], selection["service"]) if s)
    title = f"Analyse des demandes {period_label(period)}" + (f" — {where}" if where else "")
    scope = "-".join(s.code for s in (selection["department"], selection["site"], selection["service"]) if s)
    filename = f"analyse-demandes-{period.start:%Y%m%d}-{period.end:%Y%m%d}{'-' + scope if scope else ''}.xlsx"
    return analysis_workbook(
        title=title,
        figures=_figures(selection),
        period=period_label(period),
        previous=period_label(previous_period(period)),
        filename=filename,
    )

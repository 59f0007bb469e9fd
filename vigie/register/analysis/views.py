"""The analysis screen of a year or any period (the same figures as GET /api/v1/requests/analysis)."""

import datetime as dt
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
from vigie.organisation.queries import visible_departments
from vigie.register.analysis.figures import analyse, period_label, received_in
from vigie.register.config.services import record_follow_up
from vigie.register.models import Theme
from vigie.register.requests.forms import FollowUpForm
from vigie.register.requests.queries import visible_requests


def _analysis_period(params) -> tuple[Period, list[str]]:
    """The period of the analysis: « du » and « au » (receipt dates, both included) when given, else the year
    « annee » (this year by default). Errors name the field; a wrong period falls back to the year."""
    try:
        year = int(params.get("annee", ""))
    except ValueError:
        year = timezone.localdate().year
    if not 2000 <= year <= 2100:
        year = timezone.localdate().year
    start, end = params.get("du", ""), params.get("au", "")
    if not start and not end:
        return Period.of_year(year), []
    try:
        first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    except ValueError:
        return Period.of_year(year), ["Période\u00a0: indiquez les deux dates, du … au …, au format JJ/MM/AAAA."]
    if first > last:
        return Period.of_year(year), ["Période\u00a0: la date de fin précède la date de début."]
    return Period(first, last), []


@access(SCOPED)
def request_analysis(request):
    """Analysis of the requests in scope for a year or any period (by receipt date): timeliness (with numerators
    and denominators), themes of complaints and of suggestions in % with the follow-up actions, kinds, channels,
    themes, sites (register/analysis.py, the same as GET /api/v1/requests/analysis). Follow-up actions are written
    per year by those who manage the department (quality officer, national admin); the others read them."""
    period, period_errors = _analysis_period(request.GET)
    year = period.end.year
    departments = list(visible_departments(request.user).order_by("code"))
    department = next((d for d in departments if d.code == request.GET.get("departement", "").upper()), None)
    if department is None and len(departments) == 1:
        department = departments[0]
    requests = received_in(visible_requests(request.user), period)
    if department is not None:
        requests = requests.filter(department=department)
    yearly = period.kind == PeriodKind.YEAR  # follow-up actions are written per calendar year
    manager = department is not None and can_manage_department(request.user, department) and yearly
    follow_up_form = FollowUpForm(
        request.POST or None,
        themes=Theme.objects.filter(department=department) if department else Theme.objects.none(),
    )
    if request.method == "POST":
        if not manager:
            raise PermissionDenied
        if follow_up_form.is_valid():
            record_follow_up(actor=request.user, department=department, year=year, **follow_up_form.cleaned_data)
            messages.success(request, "Suite donnée enregistrée.")
            return redirect(f"{request.path}?annee={year}&departement={department.code}")
    # « due has passed » at the department's own date; across departments, at the server's
    today = WorkingCalendar.for_department(department.code).local_date(timezone.now()) if department else None
    figures = analyse(requests, today=today)
    follow_ups = defaultdict(list)  # theme name → the plan's actions raised from it in the period's years
    if department is not None:
        themes = list(Theme.objects.filter(department=department))
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
    return render(
        request,
        "register/analysis.html",
        {
            "title": f"Analyse des demandes {period_label(period)}",
            "year": year,
            "period": period,
            "period_label": period_label(period),
            "period_errors": period_errors,
            "departments": departments,
            "department": department,
            **figures,
            "by_kind_theme": figures["themes"],
            "follow_up_form": follow_up_form if manager else None,
            "page_has_errors": bool(follow_up_form.errors) or bool(period_errors),
        },
        status=400 if follow_up_form.errors or period_errors else 200,
    )

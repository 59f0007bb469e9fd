"""Indicator dashboards. Access: SCOPED — the department and the site come through organisation.queries
(404 outside the scope); a user who does not read the whole department sees only their sites, in the
figures and in the comparisons."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from vigie.core.access import SCOPED, access
from vigie.organisation.perms import can_read_whole_department
from vigie.organisation.queries import get_department_for_user, get_site_for_user, visible_sites

from .dashboard import build_dashboard
from .perms import can_write_measurements
from .queries import recalculating


def _year(request) -> int:
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        return timezone.localdate().year - 1
    return year if 2000 <= year <= 2100 else timezone.localdate().year - 1


def _years() -> range:
    today = timezone.localdate().year
    return range(today, today - 6, -1)


def _render(request, department, site, sites, year):
    dashboard = build_dashboard(
        department=department,
        year=year,
        sites=sites,
        site=site,
        whole_department=can_read_whole_department(request.user, department),
    )
    where = site.name if site else department.name
    return render(
        request,
        "indicators/dashboard.html",
        {
            "title": f"Résultats {year} — {where}",
            "department": department,
            "site": site,
            "year": year,
            "years": _years(),
            "dashboard": dashboard,
            "recalculating": recalculating(department=department, year=year),
            "can_import": can_write_measurements(request.user, department),
        },
    )


@access(SCOPED)
def department_dashboard(request, code: str):
    department = get_department_for_user(request.user, code)
    sites = list(visible_sites(request.user).filter(department=department).order_by("name"))
    return _render(request, department, None, sites, _year(request))


@access(SCOPED)
def site_dashboard(request, code: str, site_code: str):
    site = get_site_for_user(request.user, code, site_code)
    department = site.department
    sites = list(visible_sites(request.user).filter(department=department).order_by("name"))
    return _render(request, department, site, sites, _year(request))

"""The home page: what each role has to do or to know now. Anonymous visitors get the sign-in invitation."""

from __future__ import annotations

from django.shortcuts import render

from vigie.core.access import PUBLIC, access
from vigie.organisation.enums import Role
from vigie.organisation.models import Department
from vigie.organisation.perms import can_read_whole_department, scope_for
from vigie.organisation.queries import department_sites_for_user, visible_departments, visible_sites
from vigie.register.requests.queries import department_days

from .queries import due_next, key_results, requests_due

MAX_DEPARTMENT_BLOCKS = 3  # a person with roles in several departments sees the first ones in full


@access(PUBLIC)
def home(request):
    user = request.user
    if not user.is_authenticated:
        return render(request, "home/home_anonymous.html", {"title": "Accueil"})
    scope = scope_for(user)
    context: dict = {
        "title": "Accueil",
        "scope": scope,
        "role_labels": [Role(r).label for r in sorted(scope.roles)],
        "is_officer": bool(scope.manage_departments),
        "is_steering": Role.STEERING_READER in scope.roles,
        "is_auditor": Role.AUDITOR in scope.roles,
        "is_correspondent": bool(scope.manage_sites),
        "is_agent": bool(scope.read_services),
    }
    if scope.national:
        context["departments"] = list(Department.objects.order_by("code")[:200])
    if scope.is_empty:
        return render(request, "home/home.html", context)
    days = department_days(user)
    today = next(iter(days.values()))[0] if days else None
    context["today"] = today
    if context["is_agent"] or context["is_correspondent"] or context["is_officer"]:
        context["requests"] = requests_due(user, with_lines=context["is_agent"] or context["is_correspondent"])
    blocks = []
    whole = [] if scope.national else sorted(scope.read_departments)
    for department in Department.objects.filter(pk__in=whole).order_by("code")[:MAX_DEPARTMENT_BLOCKS]:
        sites = department_sites_for_user(user, department)
        day = days[department.pk][0]
        block = {"department": department, "sites": sites}
        manages = department.pk in scope.manage_departments
        if manages or Role.STEERING_READER in scope.roles or Role.AUDITOR in scope.roles:
            block["results"] = key_results(department, sites, day)
        if manages:
            block["due"] = due_next(user, department, sites, day)
            block["manages"] = True
        blocks.append(block)
    context["department_blocks"] = blocks
    site_blocks = []
    if scope.manage_sites:
        for site in (
            visible_sites(user).filter(pk__in=scope.manage_sites).select_related("department").order_by("name")[:3]
        ):
            day = days[site.department_id][0]
            whole = can_read_whole_department(user, site.department)
            site_blocks.append(
                {
                    "site": site,
                    "results": key_results(site.department, [site], day, site=site, whole_department=whole),
                    "due": due_next(user, site.department, [site], day, site=site),
                }
            )
    context["site_blocks"] = site_blocks
    if context["is_auditor"]:
        context["audit_departments"] = list(visible_departments(user).order_by("code")[:MAX_DEPARTMENT_BLOCKS])
        context["audit_sites"] = list(
            visible_sites(user).filter(pk__in=scope.read_sites).select_related("department").order_by("name")
        )
    return render(request, "home/home.html", context)

import uuid

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from vigie.core.access import SCOPED, access

from . import services
from .forms import ClosureForm
from .models import ClosureDay
from .perms import can_manage_department, can_manage_site
from .queries import (
    department_sites_for_user,
    get_department_for_user,
    get_site_for_user,
)
from .sections import SITE_SECTIONS, sections_by_site


@access(SCOPED)
def department_detail(request, code: str):
    department = get_department_for_user(request.user, code)
    sites = department_sites_for_user(request.user, department)
    by_site = sections_by_site(sites)
    can_manage = can_manage_department(request.user, department)
    return render(
        request,
        "organisation/department_detail.html",
        {
            "title": department.name,
            "department": department,
            "sites": [(site, by_site[site.pk]) for site in sites],
            "site_count": len(sites),
            "sections": SITE_SECTIONS,
            "can_manage": can_manage,
            "can_manage_department": can_manage,  # the name the registered sections read
        },
    )


def _site_page(request, site, closure_form=None):
    can_manage = can_manage_site(request.user, site)
    context = {
        "title": site.name,
        "department": site.department,
        "site": site,
        "sections": sections_by_site([site])[site.pk],
        "can_manage": can_manage,
        "can_manage_department": can_manage_department(request.user, site.department),
        "closure_form": closure_form or (ClosureForm(site=site) if can_manage else None),
    }
    template = "organisation/includes/closures.html" if request.htmx else "organisation/site_detail.html"
    # htmx swaps only 2xx responses: the fragment with its errors comes back as 200 to htmx.
    status = 400 if closure_form and not request.htmx else 200
    return render(request, template, context, status=status)


@access(SCOPED)
def site_detail(request, code: str, site_code: str):
    return _site_page(request, get_site_for_user(request.user, code, site_code))


@access(SCOPED)
@require_POST
def closure_add(request, code: str, site_code: str):
    site = get_site_for_user(request.user, code, site_code)
    if not can_manage_site(request.user, site):
        raise PermissionDenied
    form = ClosureForm(request.POST, site=site)
    if not form.is_valid():
        return _site_page(request, site, closure_form=form)
    services.add_closure(
        actor=request.user, site=site, date=form.cleaned_data["date"], reason=form.cleaned_data["reason"]
    )
    if request.htmx:
        return _site_page(request, get_site_for_user(request.user, code, site_code))
    return redirect("site_detail", code=site.department.code, site_code=site.code)


@access(SCOPED)
@require_POST
def closure_delete(request, code: str, site_code: str, closure_id: uuid.UUID):
    site = get_site_for_user(request.user, code, site_code)
    if not can_manage_site(request.user, site):
        raise PermissionDenied
    closure = get_object_or_404(ClosureDay, public_id=closure_id, site=site)
    services.remove_closure(actor=request.user, closure=closure)
    if request.htmx:
        return _site_page(request, get_site_for_user(request.user, code, site_code))
    return redirect("site_detail", code=site.department.code, site_code=site.code)

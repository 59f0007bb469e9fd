"""Scoped reads: every listing and fetch of organisation objects goes through here."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from .models import ClosureDay, Department, OpeningPeriod, Service, Site
from .perms import scope_for


def visible_departments(user: User | AnonymousUser) -> QuerySet[Department]:
    scope = scope_for(user)
    if scope.national:
        return Department.objects.all()
    return Department.objects.filter(
        Q(pk__in=scope.read_departments)
        | Q(sites__pk__in=scope.read_sites)
        | Q(sites__services__pk__in=scope.read_services)
    ).distinct()


def visible_sites(user: User | AnonymousUser) -> QuerySet[Site]:
    scope = scope_for(user)
    if scope.national:
        return Site.objects.all()
    return Site.objects.filter(
        Q(department__pk__in=scope.read_departments)
        | Q(pk__in=scope.read_sites)
        | Q(services__pk__in=scope.read_services)
    ).distinct()


def visible_services(user: User | AnonymousUser) -> QuerySet[Service]:
    scope = scope_for(user)
    if scope.national:
        return Service.objects.all()
    return Service.objects.filter(
        Q(site__department__pk__in=scope.read_departments)
        | Q(site__pk__in=scope.read_sites)
        | Q(pk__in=scope.read_services)
    )


def get_department_for_user(user: User | AnonymousUser, code: str) -> Department:
    """The department if the user may see it; 404 otherwise (its existence is not revealed)."""
    department = visible_departments(user).filter(code=code.upper()).first()
    if department is None:
        raise Http404("Département introuvable.")
    return department


def department_sites_for_user(user: User | AnonymousUser, department: Department) -> list[Site]:
    """The department's sites the user may see, each with its visible services prefetched."""
    services = visible_services(user).order_by("name")
    return list(
        visible_sites(user)
        .filter(department=department)
        .order_by("name")
        .prefetch_related(Prefetch("services", queryset=services, to_attr="visible_services"))
    )


def get_site_for_user(user: User | AnonymousUser, department_code: str, site_code: str) -> Site:
    site = (
        visible_sites(user)
        .filter(department__code=department_code.upper(), code=site_code)
        .select_related("department")
        .prefetch_related(
            Prefetch("services", queryset=visible_services(user).order_by("name"), to_attr="visible_services"),
            Prefetch("opening_periods", queryset=OpeningPeriod.objects.order_by("weekday", "opens")),
            Prefetch("closures", queryset=ClosureDay.objects.order_by("date")),
        )
        .first()
    )
    if site is None:
        raise Http404("Site introuvable.")
    return site


def scope_departments(user: User | AnonymousUser) -> list[Department]:
    """The departments the user sees, by code, fetched once per request (cached on the user object, as scope_for):
    the page's header, the lists' due dates and the filters share one query."""
    cached = getattr(user, "_vigie_departments", None)
    if cached is None:
        cached = user._vigie_departments = list(visible_departments(user).order_by("code"))
    return cached


def header_department(user: User | AnonymousUser, page_code: str | None = None) -> Department | None:
    """The department whose identity and menu the header shows: on a department's page (`page_code`), that
    department if the user sees it (a national administrator, a person with roles in several departments);
    elsewhere the user's only one, if exactly one."""
    if not user.is_authenticated:
        return None
    # a national administrator sees every department: one lookup, or two rows to tell whether there is only one
    national = scope_for(user).national
    if page_code:
        code = page_code.upper()
        if national:
            department = visible_departments(user).filter(code=code).first()
        else:
            department = next((d for d in scope_departments(user) if d.code == code), None)
        if department is not None:
            return department
    departments = list(visible_departments(user)[:2]) if national else scope_departments(user)
    return departments[0] if len(departments) == 1 else None

"""Who may do what, from a user's role assignments.

Rules (docs/access.md):
- national administrator (or superuser): everything, everywhere;
- quality officer: reads and manages their department (organisation, labelling scope, local indicators);
- steering-committee reader, auditor on a department: read their department;
- site correspondent: reads and manages their site (closures); auditor on a site: reads it;
- service agent: reads their service (and the identity of its site and department).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User

from .enums import Role
from .models import Department, RoleAssignment, Site


@dataclass(frozen=True)
class UserScope:
    national: bool = False
    read_departments: frozenset[int] = frozenset()
    manage_departments: frozenset[int] = frozenset()
    read_sites: frozenset[int] = frozenset()
    manage_sites: frozenset[int] = frozenset()
    read_services: frozenset[int] = frozenset()
    roles: frozenset[str] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.national or self.read_departments or self.read_sites or self.read_services)


def is_national_admin(user: User | AnonymousUser) -> bool:
    return scope_for(user).national


def scope_for(user: User | AnonymousUser) -> UserScope:
    """The user's scope, computed once per request (cached on the user object)."""
    if not user.is_authenticated or not user.is_active:
        return UserScope()
    cached = getattr(user, "_vigie_scope", None)
    if cached is not None:
        return cached
    read_departments: set[int] = set()
    manage_departments: set[int] = set()
    read_sites: set[int] = set()
    manage_sites: set[int] = set()
    read_services: set[int] = set()
    roles: set[str] = set()
    national = user.is_superuser
    if national:
        roles.add(Role.NATIONAL_ADMIN)
    for role, department_id, site_id, service_id in RoleAssignment.objects.filter(user=user).values_list(
        "role", "department_id", "site_id", "service_id"
    ):
        roles.add(role)
        if role == Role.NATIONAL_ADMIN:
            national = True
        elif role == Role.QUALITY_OFFICER:
            read_departments.add(department_id)
            manage_departments.add(department_id)
        elif role in (Role.STEERING_READER, Role.AUDITOR) and department_id:
            read_departments.add(department_id)
        elif role == Role.SITE_CORRESPONDENT:
            read_sites.add(site_id)
            manage_sites.add(site_id)
        elif role == Role.AUDITOR and site_id:
            read_sites.add(site_id)
        elif role == Role.SERVICE_AGENT:
            read_services.add(service_id)
    scope = UserScope(
        national=national,
        read_departments=frozenset(read_departments),
        manage_departments=frozenset(manage_departments),
        read_sites=frozenset(read_sites),
        manage_sites=frozenset(manage_sites),
        read_services=frozenset(read_services),
        roles=frozenset(roles),
    )
    user._vigie_scope = scope
    return scope


def can_manage_department(user: User | AnonymousUser, department: Department) -> bool:
    scope = scope_for(user)
    return scope.national or department.pk in scope.manage_departments


def can_manage_site(user: User | AnonymousUser, site: Site) -> bool:
    scope = scope_for(user)
    return scope.national or site.department_id in scope.manage_departments or site.pk in scope.manage_sites


def can_read_whole_department(user: User | AnonymousUser, department: Department) -> bool:
    scope = scope_for(user)
    return scope.national or department.pk in scope.read_departments

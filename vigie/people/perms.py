"""Who may give, withdraw roles and deactivate accounts: a national administrator anywhere; a quality officer within
their own department only (never the national administrator's role, never a scope outside the department)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from vigie.organisation.enums import Role
from vigie.organisation.models import Department, RoleAssignment
from vigie.organisation.perms import can_manage_department, scope_for


def can_manage_people(user: User | AnonymousUser, department: Department) -> bool:
    return can_manage_department(user, department)


def assignment_department_id(assignment: RoleAssignment) -> int | None:
    if assignment.department_id:
        return assignment.department_id
    if assignment.site_id:
        return assignment.site.department_id
    if assignment.service_id:
        return assignment.service.site.department_id
    return None


def can_give(actor: User | AnonymousUser, assignment: RoleAssignment) -> bool:
    """May `actor` give (or withdraw) this role on this scope?"""
    scope = scope_for(actor)
    if scope.national:
        return True
    if assignment.role == Role.NATIONAL_ADMIN:
        return False
    return assignment_department_id(assignment) in scope.manage_departments


def can_deactivate(actor: User | AnonymousUser, person: User, assignments: list[RoleAssignment]) -> bool:
    """A national administrator may deactivate anyone but themself; a quality officer, a person whose every role is
    within their department (someone also working elsewhere keeps their account)."""
    if actor.pk == person.pk or person.is_superuser:
        return False
    if scope_for(actor).national:
        return True
    return bool(assignments) and all(can_give(actor, a) for a in assignments)

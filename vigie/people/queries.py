"""Reads on people: the persons holding a role in a department (on it, its sites or its services)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Prefetch, Q
from django.http import Http404

from vigie.organisation.models import Department, RoleAssignment


def _in_department(department: Department) -> Q:
    return Q(department=department) | Q(site__department=department) | Q(service__site__department=department)


@dataclass(frozen=True)
class Person:
    user: User
    assignments: list[RoleAssignment]  # in the department only


def _people(department: Department, username: str | None = None) -> list[Person]:
    here = RoleAssignment.objects.filter(_in_department(department))
    assignments = here.select_related("department", "site", "service__site").order_by("role")
    users = User.objects.filter(role_assignments__in=here)
    if username is not None:
        users = users.filter(username=username)
    users = (
        users.distinct()
        .order_by("last_name", "first_name", "username")
        .prefetch_related(Prefetch("role_assignments", queryset=assignments, to_attr="here"))
    )
    return [Person(u, u.here) for u in users]


def people_of_department(department: Department) -> list[Person]:
    """Everyone with a role in the department, with their roles there (2 queries)."""
    return _people(department)


def get_person_in_department(department: Department, username: str) -> Person:
    """A person with a role in the department; 404 otherwise (nobody else is shown from here)."""
    found = _people(department, username)
    if not found:
        raise Http404("Personne introuvable.")
    return found[0]

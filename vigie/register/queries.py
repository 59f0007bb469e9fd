"""Scoped reads on the register: an agent sees their services' requests, a site correspondent their site's,
department-wide roles the department's."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from vigie.organisation.perms import scope_for

from .models import UserRequest


def visible_requests(user) -> QuerySet[UserRequest]:
    scope = scope_for(user)
    if scope.national:
        return UserRequest.objects.all()
    return UserRequest.objects.filter(
        Q(department__pk__in=scope.read_departments)
        | Q(site__pk__in=scope.read_sites)
        | Q(service__pk__in=scope.read_services)
    )


def get_request_for_user(user, reference: str) -> UserRequest:
    request = visible_requests(user).select_related("site__department", "service").filter(reference=reference).first()
    if request is None:
        raise Http404("Demande introuvable.")
    return request


def can_answer(user, request: UserRequest) -> bool:
    """Agents of the service, the site's correspondent, the department's quality officer, national admins.
    Read-only roles (steering committee, auditors) cannot."""
    scope = scope_for(user)
    return (
        scope.national
        or request.department_id in scope.manage_departments
        or request.site_id in scope.manage_sites
        or (request.service_id is not None and request.service_id in scope.read_services)
    )

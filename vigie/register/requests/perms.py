"""Who may answer: the one rule, used by the request page, the agent's form, the API and the lists.

Agents of the service, the site's correspondent, the department's quality officer and national administrators may
answer a request (and record one for a service they may answer for). Read-only roles (steering committee, auditors)
may not."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from vigie.organisation.models import Service
from vigie.organisation.perms import scope_for
from vigie.organisation.queries import visible_services
from vigie.register.models import UserRequest


def may_answer_for(user: User | AnonymousUser, *, department_id: int, site_id: int, service_id: int | None) -> bool:
    scope = scope_for(user)
    return (
        scope.national
        or department_id in scope.manage_departments
        or site_id in scope.manage_sites
        or (service_id is not None and service_id in scope.read_services)
    )


def can_answer(user: User | AnonymousUser, request: UserRequest) -> bool:
    return may_answer_for(
        user, department_id=request.department_id, site_id=request.site_id, service_id=request.service_id
    )


def answerable_services(user: User | AnonymousUser, services: list[Service] | None = None) -> list[Service]:
    """The services for which the user may record and answer requests; among `services` (the ones the user sees,
    with their site, already fetched) when given."""
    if services is None:
        services = visible_services(user).select_related("site__department")
    return [
        service
        for service in services
        if may_answer_for(
            user, department_id=service.site.department_id, site_id=service.site_id, service_id=service.pk
        )
    ]


def unassigned_sites(user: User | AnonymousUser, services: list[Service]) -> list:
    """The sites of `services` where the user may record a request without a service (« à attribuer »): the site's
    correspondent, the department's quality officer, national administrators — not an agent of one service."""
    sites = {service.site_id: service.site for service in services}
    return sorted(
        (
            site
            for site in sites.values()
            if may_answer_for(user, department_id=site.department_id, site_id=site.pk, service_id=None)
        ),
        key=lambda site: (site.department.code, site.name),
    )

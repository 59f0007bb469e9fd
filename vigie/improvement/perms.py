"""Who may do what with action plans (the one place for these rules):
- read a plan: whoever reads the whole department (national admin, quality officer, steering committee, auditor
  of the department); a site correspondent or a site's auditor reads their department's plan and their site's;
- manage a plan (axes, themes, actions, import, rule): national admin and the department's quality officer, and the
  site correspondent for their site's plan;
- update an action's progress: those who manage its plan, and its owner (the person named, or an agent of the
  service named)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from vigie.organisation.models import Site
from vigie.organisation.perms import can_manage_department, can_manage_site, can_read_whole_department, scope_for

from .models import Action, ActionPlan


def can_read_plan(user: User | AnonymousUser, plan: ActionPlan) -> bool:
    if can_read_whole_department(user, plan.department):
        return True
    read_sites = scope_for(user).read_sites
    if plan.site_id is not None:
        return plan.site_id in read_sites
    return bool(read_sites) and Site.objects.filter(pk__in=read_sites, department_id=plan.department_id).exists()


def can_manage_plan(user: User | AnonymousUser, plan: ActionPlan) -> bool:
    if can_manage_department(user, plan.department):
        return True
    return plan.site is not None and can_manage_site(user, plan.site)


def is_owner(user: User | AnonymousUser, action: Action) -> bool:
    if not user.is_authenticated:
        return False
    if action.owner_user_id is not None and action.owner_user_id == user.pk:
        return True
    return action.owner_service_id is not None and action.owner_service_id in scope_for(user).read_services


def can_read_action(user: User | AnonymousUser, action: Action) -> bool:
    return can_read_plan(user, action.theme.axis.plan) or is_owner(user, action)


def can_update_progress(user: User | AnonymousUser, action: Action) -> bool:
    return can_manage_plan(user, action.theme.axis.plan) or is_owner(user, action)

"""Who may do what in audits (the one place for these rules; docs/audits.md):
- read (audits, self-assessments, labels, evidence): whoever sees the department or the site (organisation.queries);
- plan audits, record label decisions, evidence documents, the transition target: those who manage the department
  (its quality officer, a national administrator);
- record a self-assessment of a site, raise its actions: those who manage the site (also its correspondent);
- record an audit's results and remarks: its department's managers, and an auditor whose scope covers the audit
  (an auditor of the department, or of one of the audited sites).
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from vigie.organisation.enums import Role
from vigie.organisation.models import RoleAssignment
from vigie.organisation.perms import can_manage_department, can_manage_site

from .models import Audit

__all__ = ["can_manage_department", "can_manage_site", "can_record_results"]


def can_record_results(user: User | AnonymousUser, audit: Audit) -> bool:
    if can_manage_department(user, audit.department):
        return True
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_vigie_auditor_scope", None)
    if cached is None:
        rows = RoleAssignment.objects.filter(user=user, role=Role.AUDITOR).values_list("department_id", "site_id")
        cached = (frozenset(d for d, _ in rows if d), frozenset(s for _, s in rows if s))
        user._vigie_auditor_scope = cached
    departments, sites = cached
    if audit.department_id in departments:
        return True
    return any(site.pk in sites for site in audit.sites.all())

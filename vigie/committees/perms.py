"""Who may do what with committees (the one place for these rules; docs/committees.md):
- read (committees, members, meetings, answers, minutes' parts): whoever sees the whole department — its quality
  officer, its steering committee (comité de pilotage), an auditor of the department, a national administrator;
  a site correspondent, a service agent or a site auditor does not see the committees (404);
- manage (members, meetings, invitations, attendance, interventions, opinions, decisions and their actions): those
  who manage the department (its quality officer, a national administrator);
- a member answers their invitation through its private link, without an account.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from vigie.organisation.models import Department
from vigie.organisation.perms import can_manage_department

from .queries import reads_department

__all__ = ["can_manage_committees", "can_read_committees"]


def can_read_committees(user: User | AnonymousUser, department: Department) -> bool:
    return reads_department(user, department)


def can_manage_committees(user: User | AnonymousUser, department: Department) -> bool:
    return can_manage_department(user, department)

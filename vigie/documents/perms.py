"""Who may do what with documents and publications (docs/access.md):
- the quality officer of a department (and the national administration) generates documents, edits the minutes'
  drafts and publishes results of that department;
- whoever reads the whole department (steering committee, auditor of the department) reads and downloads them;
- site correspondents and service agents see the department but not its documents (403);
- the public reads publications (public pages, open data, public API), never the generated documents."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

from vigie.organisation.models import Department
from vigie.organisation.perms import scope_for


def can_read_documents(user: User | AnonymousUser, department: Department) -> bool:
    scope = scope_for(user)
    return scope.national or department.pk in scope.read_departments


def can_manage_documents(user: User | AnonymousUser, department: Department) -> bool:
    scope = scope_for(user)
    return scope.national or department.pk in scope.manage_departments

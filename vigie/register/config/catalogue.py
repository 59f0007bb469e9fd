"""The register's message templates in force in a department (its own and the national ones), announced to the
committees through mail.catalogue (a committee gives its opinion on the standard letters and e-mails)."""

from __future__ import annotations

from django.db.models import Q

from vigie.mail.catalogue import TemplateVersion
from vigie.organisation.models import Department

from .models import MessageTemplate


def templates_in_force(department: Department) -> list[TemplateVersion]:
    templates = MessageTemplate.objects.filter(
        Q(department=department) | Q(department__isnull=True), is_current=True
    ).order_by("purpose", "name", "pk")
    return [
        TemplateVersion(
            label=" — ".join(x for x in (t.get_purpose_display(), t.name or t.subject) if x),
            version=t.version,
            since=t.created_at,
        )
        for t in templates
    ]

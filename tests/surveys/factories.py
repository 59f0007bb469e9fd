"""Survey set-ups through the services: a questionnaire of each scale and an open campaign in the world's Marne."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vigie.surveys.kinds.satisfaction.services import create_campaign, create_questionnaire

CRITERIA = ["courtoisie", "reseaux-sociaux", "note-globale", "demarche", "commentaire"]


def make_campaign(world, *, start=None, end=None, criteria=CRITERIA, sites=None, services=(), title="Enquête 2024"):
    today = timezone.localdate()
    version = create_questionnaire(actor=None, department=world.dept_a, title=f"Q — {title}", criteria=criteria)
    return create_campaign(
        actor=None,
        department=world.dept_a,
        title=title,
        version=version,
        start=start or today - dt.timedelta(days=10),
        end=end or today + dt.timedelta(days=10),
        sites=sites or [world.site_a1, world.site_a2],
        services=services,
    )

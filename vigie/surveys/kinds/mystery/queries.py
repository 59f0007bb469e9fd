"""The mystery plan of a site: its calendar (public holidays, closures) and its zone's school holidays."""

from __future__ import annotations

import datetime as dt

from vigie.organisation.models import Site

from .rules import MysteryPlan, plan_contacts
from .zones import is_school_holiday, zone_of


def mystery_plan(*, site: Site, start: dt.date, contacts: int = 20) -> MysteryPlan:
    calendar = site.calendar()
    zone = zone_of(site.department.code)

    def reason_of(day: dt.date) -> str | None:
        if day.weekday() >= 5:
            return "week-end"
        if calendar.is_public_holiday(day):
            return "jour férié"
        if day in calendar.closures:
            return "fermeture du site"
        if is_school_holiday(zone, day):
            return f"vacances scolaires (zone {zone})"
        return None

    services = list(site.services.order_by("code").values_list("code", flat=True))
    return plan_contacts(start=start, contacts=contacts, services=services, reason_of=reason_of)

"""Writes of the mystery-shopper campaigns: a campaign and its contacts from the planner, each contact's evaluation,
the school holidays a department enters, and actions raised from a weak result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from vigie.organisation.models import Department, Site

from .grid import ANSWERED, DELAY, grid
from .models import MysteryCampaign, MysteryChannel, MysteryContact, SchoolHoliday
from .queries import mystery_plan
from .rules import NoPlan
from .zones import NoSchoolCalendar


class MysteryRejected(ValueError):
    """Refused input, nothing written; `errors` are (field, French message)."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__("; ".join(f"{f} : {m}" for f, m in errors))
        self.errors = errors


@transaction.atomic
def create_mystery_campaign(
    *,
    actor: User | None,
    department: Department,
    site: Site,
    channel: str,
    title: str,
    planned_from: dt.date,
    contacts: int = 20,
    services: list[str] | None = None,
) -> MysteryCampaign:
    """The campaign and its contacts, placed by the planner (one per half-day over two weeks, working days outside
    the school holidays, public holidays and closures, the services in scope in turn: `services`, codes of the
    site's services, all of them when None)."""
    errors = []
    if site.department_id != department.pk:
        errors.append(("site", "ce site n'est pas du département"))
    if channel not in MysteryChannel.values:
        errors.append(("channel", "canal attendu : phone ou email"))
    if not title.strip():
        errors.append(("title", "indiquez le titre de l'enquête"))
    if errors:
        raise MysteryRejected(errors)
    try:
        plan = mystery_plan(site=site, start=planned_from, contacts=contacts, services=services)
    except (NoPlan, NoSchoolCalendar) as exc:
        raise MysteryRejected([("planned_from", str(exc))]) from exc
    campaign = MysteryCampaign.objects.create(
        department=department, site=site, channel=channel, title=title.strip(), planned_from=planned_from
    )
    services = {s.code: s for s in site.services.all()}
    MysteryContact.objects.bulk_create(
        MysteryContact(campaign=campaign, date=c.date, half_day=c.half_day, service=services[c.service])
        for c in plan.contacts
    )
    return campaign


def record_evaluation(
    *,
    actor: User | None,
    contact: MysteryContact,
    values: Mapping[str, str],
    replied_on: dt.date | None = None,
    allowed_services: set[int] | None = None,
) -> MysteryContact:
    """The contact's evaluation on its channel's grid: « yes »/« no » for each yes-no criterion; for a call, the wait
    in seconds; for an e-mail, the reply date, whose delay is counted in working days of the site's calendar (its
    department's public holidays and its closures)."""
    campaign = contact.campaign
    if allowed_services is not None and contact.service_id not in allowed_services:
        raise MysteryRejected([("service", "vous n'évaluez que les contacts de vos services")])
    errors: list[tuple[str, str]] = []
    clean: dict[str, object] = {}
    for criterion in grid(campaign.channel):
        raw = str(values.get(criterion.code, "") or "").strip()
        if criterion.kind == "yes_no":
            if raw not in ("", "yes", "no"):
                errors.append((criterion.code, "réponse attendue : oui ou non"))
            elif raw:
                clean[criterion.code] = raw
    if clean.get(ANSWERED) is None:
        errors.append((ANSWERED, "indiquez si le contact a été répondu"))
    answered = clean.get(ANSWERED) == "yes"
    if campaign.channel == MysteryChannel.PHONE:
        raw = str(values.get(DELAY, "") or "").strip()
        if raw:
            if not raw.isdigit() or int(raw) > 3600:
                errors.append((DELAY, "attente en secondes attendue (0 à 3600)"))
            else:
                clean[DELAY] = int(raw)
        replied_on = None
    else:
        if answered and replied_on is None:
            errors.append(("replied_on", "indiquez la date de la réponse"))
        if replied_on is not None and replied_on < contact.date:
            errors.append(("replied_on", "la réponse ne peut précéder l'envoi"))
        if replied_on is not None and replied_on > timezone.localdate():
            errors.append(("replied_on", "date de réponse dans le futur"))
        if not answered:
            replied_on = None
        if not errors and replied_on is not None:
            clean[DELAY] = campaign.site.calendar().delay(contact.date, replied_on)
    if errors:
        raise MysteryRejected(errors)
    contact.values, contact.replied_on = clean, replied_on
    contact.evaluated_at, contact.evaluated_by = timezone.now(), actor
    contact.save(update_fields=["values", "replied_on", "evaluated_at", "evaluated_by", "updated_at"])
    return contact


def add_school_holiday(*, department: Department, start: dt.date, end: dt.date, label: str) -> SchoolHoliday:
    if end < start:
        raise MysteryRejected([("end", "le dernier jour précède le premier")])
    if not label.strip():
        raise MysteryRejected([("label", "indiquez le nom des vacances")])
    return SchoolHoliday.objects.create(department=department, start=start, end=end, label=label.strip()[:100])

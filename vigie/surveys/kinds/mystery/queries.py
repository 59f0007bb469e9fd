"""The mystery plan of a site (its calendar: public holidays, closures; its zone's school holidays, or those its
department entered), the campaigns a user sees, and their results by criterion and service."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, QuerySet
from django.http import Http404

from vigie.organisation.models import Department, Service, Site
from vigie.organisation.perms import can_manage_department, scope_for
from vigie.organisation.queries import visible_departments
from vigie.surveys.kinds.satisfaction.rules import wilson

from .grid import GridCriterion, grid, outcomes
from .models import MysteryCampaign, MysteryContact, SchoolHoliday
from .rules import MysteryPlan, plan_contacts
from .zones import DEPARTMENT_ZONES, NoSchoolCalendar, is_school_holiday, zone_of


def entered_holidays(department: Department) -> list[tuple[dt.date, dt.date, str]]:
    return list(SchoolHoliday.objects.filter(department=department).values_list("start", "end", "label"))


def mystery_plan(*, site: Site, start: dt.date, contacts: int = 20, services: list[str] | None = None) -> MysteryPlan:
    """`services`: the codes of the services in scope (all the site's when None), taken in turn."""
    calendar = site.calendar()
    code = site.department.code
    if code in DEPARTMENT_ZONES:
        zone = zone_of(code)

        def holiday(day: dt.date) -> str | None:
            return f"vacances scolaires (zone {zone})" if is_school_holiday(zone, day) else None

    else:
        periods = entered_holidays(site.department)
        if not periods:
            zone_of(code)  # raises NoSchoolCalendar: the department enters its dates first
        if not any(end >= start for _, end, _ in periods):
            raise NoSchoolCalendar(
                f"aucune période de vacances scolaires saisie après le {start:%d/%m/%Y} pour le département {code} : "
                "indiquez les dates de l'année scolaire"
            )

        def holiday(day: dt.date) -> str | None:
            for first, last, label in periods:
                if first <= day <= last:
                    return f"vacances scolaires ({label})"
            return None

    def reason_of(day: dt.date) -> str | None:
        if day.weekday() >= 5:
            return "week-end"
        if calendar.is_public_holiday(day):
            return "jour férié"
        if day in calendar.closures:
            return "fermeture du site"
        return holiday(day)

    codes = list(site.services.order_by("code").values_list("code", flat=True))
    services = [code for code in codes if code in services] if services is not None else codes
    return plan_contacts(start=start, contacts=contacts, services=services, reason_of=reason_of)


def visible_mystery_campaigns(user: User | AnonymousUser) -> QuerySet[MysteryCampaign]:
    return MysteryCampaign.objects.filter(department__in=visible_departments(user)).select_related("department", "site")


def department_mystery_campaigns(user: User | AnonymousUser, department: Department) -> list[MysteryCampaign]:
    return list(
        visible_mystery_campaigns(user)
        .filter(department=department)
        .annotate(contact_count=Count("contacts"))
        .order_by("-planned_from")
    )


def get_mystery_campaign_for_user(user: User | AnonymousUser, public_id) -> MysteryCampaign:
    campaign = visible_mystery_campaigns(user).filter(public_id=public_id).first()
    if campaign is None:
        raise Http404("Enquête mystère introuvable.")
    return campaign


def evaluation_services(user: User | AnonymousUser, campaign: MysteryCampaign) -> set[int]:
    """The services whose contacts the user may evaluate: all for whoever manages the department or the site,
    their own services for an agent."""
    services = set(campaign.contacts.values_list("service_id", flat=True))
    scope = scope_for(user)
    if can_manage_department(user, campaign.department) or campaign.site_id in scope.manage_sites:
        return services
    return services & set(scope.read_services)


@dataclass(frozen=True)
class CriterionRate:
    criterion: GridCriterion
    service: Service | None  # None: every service
    met: int
    counted: int

    @property
    def rate(self) -> float | None:
        return 100 * self.met / self.counted if self.counted else None

    @property
    def interval(self) -> tuple[float, float] | None:
        bounds = wilson(self.met, self.counted)
        return None if bounds is None else (100 * bounds[0], 100 * bounds[1])

    @property
    def ci_low(self) -> float | None:
        return self.interval[0] if self.interval else None

    @property
    def ci_high(self) -> float | None:
        return self.interval[1] if self.interval else None

    @property
    def weak(self) -> bool:
        """A weak point, where an action is proposed: below 80 %."""
        return self.rate is not None and self.rate < 80


@dataclass(frozen=True)
class MysteryResults:
    campaign: MysteryCampaign
    planned: int
    evaluated: int
    overall: list[CriterionRate]
    by_service: list[tuple[Service, list[CriterionRate]]]


def mystery_results(campaign: MysteryCampaign) -> MysteryResults:
    """For each criterion, over every evaluated contact and per service: contacts that met it / contacts where it
    counted, with its 95 % Wilson interval (two queries)."""
    contacts = list(campaign.contacts.select_related("service").order_by("date"))
    criteria = grid(campaign.channel)
    tallies: dict[tuple[int | None, str], list[int]] = defaultdict(lambda: [0, 0])
    services: dict[int, Service] = {}
    evaluated = 0
    for contact in contacts:
        services.setdefault(contact.service_id, contact.service)
        if contact.evaluated_at is None:
            continue
        evaluated += 1
        for code, met in outcomes(campaign.channel, contact.values).items():
            if met is None:
                continue
            for key in ((None, code), (contact.service_id, code)):
                tallies[key][0] += int(met)
                tallies[key][1] += 1

    def rates(service: Service | None) -> list[CriterionRate]:
        key = None if service is None else service.pk
        return [CriterionRate(c, service, *tallies[(key, c.code)]) for c in criteria]

    ordered = sorted(services.values(), key=lambda s: s.name)
    return MysteryResults(campaign, len(contacts), evaluated, rates(None), [(s, rates(s)) for s in ordered])


def get_contact(campaign: MysteryCampaign, public_id) -> MysteryContact:
    contact = campaign.contacts.select_related("service").filter(public_id=public_id).first()
    if contact is None:
        raise Http404("Contact introuvable.")
    return contact

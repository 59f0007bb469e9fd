"""Actions raised from the surveys' weak points, through improvement.services.raise_action: from a satisfaction
criterion of a campaign (origin « survey_criterion »), from a mystery-shopper criterion (and service) of a campaign
(« mystery_result »), from a Services Publics+ experience (« sp_experience »). The origin points at the campaign
(or the experience) and names the criterion; the action lands in the department's plan of the campaign's year."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.urls import reverse

from vigie.core.formatting import format_percent
from vigie.improvement.models import Action
from vigie.improvement.origins import Origin
from vigie.improvement.services import raise_action

AXIS = "Écoute des usagers"
SURVEY_THEME = "Suites des enquêtes"
EXPERIENCE_THEME = "Suites des expériences Services Publics+"


def _rate(rate) -> str:
    return "sans taux" if rate is None else format_percent(float(rate))


def _raise_from_campaign(
    *, actor: User | None, campaign, kind: str, label: str, url_name: str, year: int, title: str, sites: list
) -> Action:
    """The one way a campaign's weak criterion becomes an action: the origin points at the campaign."""
    origin = Origin(
        app="surveys",
        kind=kind,
        public_id=str(campaign.public_id),
        label=label[:300],
        url=reverse(url_name, kwargs={"campaign_id": campaign.public_id}),
        year=year,
    )
    return raise_action(
        actor=actor,
        department=campaign.department,
        year=year,
        title=title[:300],
        origin=origin,
        sites=sites,
        axis_title=AXIS,
        theme_title=SURVEY_THEME,
    )


@transaction.atomic
def raise_from_survey_criterion(*, actor: User | None, campaign, criterion) -> Action:
    """`criterion`: a satisfaction CriterionResult of the campaign."""
    return _raise_from_campaign(
        actor=actor,
        campaign=campaign,
        kind="survey_criterion",
        label=f"Enquête « {campaign.title} » : {criterion.label} ({_rate(criterion.rate)})",
        url_name="campaign_detail",
        year=campaign.end.year,
        title=f"Améliorer : {criterion.label}",
        sites=list(campaign.sites.all()),
    )


@transaction.atomic
def raise_from_mystery_result(*, actor: User | None, campaign, result) -> Action:
    """`result`: a CriterionRate of the campaign (for every service or one)."""
    where = f", {result.service.name}" if result.service else ""
    return _raise_from_campaign(
        actor=actor,
        campaign=campaign,
        kind="mystery_result",
        label=f"Enquête mystère « {campaign.title} » : {result.criterion.label}{where} ({_rate(result.rate)})",
        url_name="mystery_campaign_detail",
        year=campaign.planned_from.year,
        title=f"Améliorer : {result.criterion.label.lower()}{where}",
        sites=[campaign.site],
    )


@transaction.atomic
def raise_from_experience(*, actor: User | None, experience) -> Action:
    origin = Origin(
        app="surveys",
        kind="sp_experience",
        public_id=str(experience.public_id),
        label=f"Expérience Services Publics+ {experience.platform_id} : {experience.title}"[:300],
        url=reverse("sp_experiences", kwargs={"code": experience.department.code}),
        year=experience.published_on.year,
    )
    return raise_action(
        actor=actor,
        department=experience.department,
        year=experience.published_on.year,
        title=f"Suite à l'expérience : {experience.title}"[:300],
        origin=origin,
        sites=[experience.site] if experience.site_id else [],
        axis_title=AXIS,
        theme_title=EXPERIENCE_THEME,
    )

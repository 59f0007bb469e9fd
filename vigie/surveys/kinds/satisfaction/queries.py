"""Reads of the satisfaction surveys: scoped campaigns, and a campaign's results (typed, frozen dataclasses).

Results per criterion, for the whole campaign or one site (or one service): one grouped query for the answers, one
for the respondents, the same two for the previous campaign. The previous campaign is the department's latest one
that ended before this one started (and, for a site, that surveyed this site)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404

from vigie.organisation.models import Department, Service, Site
from vigie.organisation.perms import can_manage_department, scope_for
from vigie.organisation.queries import visible_departments
from vigie.surveys.enums import Scale

from .models import Answer, Campaign, PublishedRate, Question, Response
from .rules import LABELS, PAPER_KEYS, RULES, STARS, Tally, change_points


def visible_campaigns(user: User | AnonymousUser) -> QuerySet[Campaign]:
    """Campaigns of the departments the user sees (results hold no personal data)."""
    return Campaign.objects.filter(department__in=visible_departments(user))


def department_campaigns(user: User | AnonymousUser, department: Department, year: int | None = None) -> list:
    campaigns = visible_campaigns(user).filter(department=department)
    if year is not None:
        campaigns = campaigns.filter(end__year=year)
    return list(
        campaigns.select_related("version__questionnaire")
        .prefetch_related(Prefetch("sites", queryset=Site.objects.order_by("code")))
        .annotate(respondents=Count("responses", distinct=True))
        .order_by("-start", "title")
    )


def get_campaign_for_user(user: User | AnonymousUser, public_id) -> Campaign:
    campaign = (
        visible_campaigns(user).select_related("department", "version__questionnaire").filter(public_id=public_id)
    ).first()
    if campaign is None:
        raise Http404("Campagne introuvable.")
    return campaign


def entry_services(user: User | AnonymousUser, campaign: Campaign) -> list[Service]:
    """The services whose paper forms the user may type for this campaign: all of them for whoever manages the
    department or the site, their own services for an agent."""
    scope = scope_for(user)
    services = list(campaign.services.select_related("site").order_by("site__name", "name")) or list(
        Service.objects.filter(site__in=campaign.sites.all()).select_related("site").order_by("site__name", "name")
    )
    if can_manage_department(user, campaign.department):
        return services
    return [s for s in services if s.site_id in scope.manage_sites or s.pk in scope.read_services]


def can_enter_responses(user: User | AnonymousUser, campaign: Campaign) -> bool:
    return bool(entry_services(user, campaign))


@dataclass(frozen=True)
class CriterionResult:
    code: str
    label: str
    theme: str
    scale: str
    tally: Tally
    choices: tuple[str, ...]
    previous_rate: Fraction | None

    @property
    def answered(self) -> int:
        return self.tally.answered

    @property
    def satisfied(self) -> int | None:
        return self.tally.satisfied

    @property
    def rate(self) -> Fraction | None:
        return self.tally.rate

    @property
    def ci_low(self) -> float | None:
        return self.tally.interval[0] if self.tally.interval else None

    @property
    def ci_high(self) -> float | None:
        return self.tally.interval[1] if self.tally.interval else None

    @property
    def change_points(self) -> Fraction | None:
        return change_points(self.rate, self.previous_rate)

    @property
    def small_sample(self) -> bool:
        return self.tally.satisfied is not None and self.tally.small_sample

    @property
    def rule(self) -> str:
        return RULES[self.scale]

    @property
    def distribution(self) -> list[tuple[str, int]]:
        """(label, count) for every possible answer, in the scale's order."""
        counts = self.tally.counts
        if self.scale == Scale.SATISFACTION:
            keys = ["very_satisfied", "satisfied", "dissatisfied", "very_dissatisfied", "no_opinion"]
            return [(LABELS[k], counts.get(k, 0)) for k in keys]
        if self.scale == Scale.YES_NO:
            return [(LABELS[k], counts.get(k, 0)) for k in ("yes", "no")]
        if self.scale == Scale.STARS:
            return [(f"{k} étoile{'s' if k != '1' else ''}", counts.get(k, 0)) for k in STARS]
        if self.scale == Scale.CHOICE:
            return [(label, counts.get(str(i), 0)) for i, label in enumerate(self.choices, start=1)]
        return [("Commentaires", counts.get("text", 0))]


@dataclass(frozen=True)
class CampaignResults:
    campaign: Campaign
    site: Site | None
    service: Service | None
    respondents: int
    criteria: list[CriterionResult]
    previous: Campaign | None
    # without an earlier campaign: the year of the published rates (basis unknown) the changes are computed from
    published_year: int | None = None

    @property
    def rated(self) -> list[CriterionResult]:
        return [c for c in self.criteria if c.rate is not None or c.scale in (Scale.SATISFACTION, Scale.YES_NO)]


def _tallies(campaign: Campaign, site: Site | None, service: Service | None) -> tuple[int, dict[str, dict]]:
    responses = Response.objects.filter(campaign=campaign)
    answers = Answer.objects.filter(response__campaign=campaign)
    if site is not None:
        responses, answers = responses.filter(site=site), answers.filter(response__site=site)
    if service is not None:
        responses, answers = responses.filter(service=service), answers.filter(response__service=service)
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for code, value, n in answers.values_list("question__code", "value").annotate(n=Count("id")).order_by():
        counts[code][value] = n
    return responses.count(), counts


def previous_campaign(campaign: Campaign, site: Site | None = None) -> Campaign | None:
    earlier = Campaign.objects.filter(department_id=campaign.department_id, end__lt=campaign.start)
    if site is not None:
        earlier = earlier.filter(sites=site)
    return earlier.select_related("version").order_by("-end", "-start").first()


def campaign_results(
    campaign: Campaign, *, site: Site | None = None, service: Service | None = None
) -> CampaignResults:
    questions = list(Question.objects.filter(version_id=campaign.version_id).order_by("position"))
    respondents, counts = _tallies(campaign, site, service)
    previous = previous_campaign(campaign, site)
    previous_rates: dict[str, Fraction | None] = {}
    published_year = None
    if previous is not None:
        scales = dict(Question.objects.filter(version_id=previous.version_id).values_list("code", "scale"))
        _, previous_counts = _tallies(previous, site, None)
        previous_rates = {code: Tally(scales[code], previous_counts[code]).rate for code in scales}
    else:
        published_year, previous_rates = published_rates_before(campaign, site)
    criteria = [
        CriterionResult(
            code=q.code,
            label=q.label,
            theme=q.theme,
            scale=q.scale,
            tally=Tally(q.scale, counts.get(q.code, {})),
            choices=tuple(q.choices),
            previous_rate=previous_rates.get(q.code),
        )
        for q in questions
    ]
    return CampaignResults(campaign, site, service, respondents, criteria, previous, published_year)


def published_rates_before(campaign: Campaign, site: Site | None) -> tuple[int | None, dict[str, Fraction]]:
    """The latest year before the campaign's with published rates (the site's, else the department's), by code."""
    rates = PublishedRate.objects.filter(
        department_id=campaign.department_id, year__lt=campaign.end.year, site=site
    ).order_by("-year")
    if site is not None and not rates.exists():
        rates = PublishedRate.objects.filter(
            department_id=campaign.department_id, year__lt=campaign.end.year, site=None
        ).order_by("-year")
    rows = list(rates.values_list("year", "code", "rate"))
    if not rows:
        return None, {}
    year = rows[0][0]
    return year, {code: Fraction(rate) for y, code, rate in rows if y == year}


def campaign_site(campaign: Campaign, code: str) -> Site:
    site = campaign.sites.filter(code=code).first()
    if site is None:
        raise Http404("Site hors de la campagne.")
    return site


def public_campaign_site(*, site_code: str, campaign_id=None, kiosk_token: str | None = None) -> tuple[Campaign, Site]:
    """The campaign and site of a public page (404 when either is unknown or the site is not surveyed)."""
    campaigns = Campaign.objects.select_related("department", "version")
    campaign = (
        campaigns.filter(public_id=campaign_id).first()
        if kiosk_token is None
        else campaigns.filter(kiosk_token=kiosk_token).first()
    )
    if campaign is None:
        raise Http404("Enquête introuvable.")
    return campaign, campaign_site(campaign, site_code)


def site_services(campaign: Campaign, site: Site) -> list[Service]:
    """The services of `site` in the campaign (all the site's services when the campaign names none)."""
    services = campaign.services.filter(site=site).order_by("name")
    return list(services) if services.exists() else list(site.services.order_by("name"))


@dataclass(frozen=True)
class PaperRow:
    number: int
    service: str
    keys: list[str]


def paper_rows(campaign: Campaign, user: User | AnonymousUser, limit: int = 20) -> list[PaperRow]:
    """The last paper forms the user typed for the campaign, newest last, as the keys they typed (two queries)."""
    from_key = {scale: {value: key for key, value in keys.items()} for scale, keys in PAPER_KEYS.items()}
    responses = list(
        Response.objects.filter(campaign=campaign, channel="paper", entered_by=user)
        .select_related("service")
        .order_by("-number")[:limit]
    )
    questions = list(Question.objects.filter(version_id=campaign.version_id).order_by("position"))
    answers: dict[int, dict[int, Answer]] = defaultdict(dict)
    for answer in Answer.objects.filter(response__in=responses):
        answers[answer.response_id][answer.question_id] = answer
    rows = []
    for response in reversed(responses):
        keys = []
        for q in questions:
            answer = answers[response.pk].get(q.id)
            if answer is None:
                keys.append(".")
            elif q.scale == Scale.TEXT:
                keys.append(answer.text)
            elif q.scale == Scale.CHOICE:
                keys.append(answer.value)
            else:
                keys.append(from_key[q.scale].get(answer.value, "?"))
        rows.append(PaperRow(response.number, response.service.name if response.service else "", keys))
    return rows


def campaigns_for_sites(sites) -> dict[int, list[Campaign]]:
    """The campaigns that surveyed each site, newest first (one query), for the organisation's site section."""
    found: dict[int, list[Campaign]] = defaultdict(list)
    links = Campaign.sites.through.objects.filter(site__in=list(sites)).select_related("campaign")
    for link in links.order_by("-campaign__start"):
        found[link.site_id].append(link.campaign)
    return found

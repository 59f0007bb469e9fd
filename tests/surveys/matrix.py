"""The surveys' rows of the access matrix (tests/test_access_matrix.py). "CAMPAIGN" and "KIOSK" stand for an open
campaign of the Marne (tests/surveys/factories.py) on pref-51 and sp-reims, and its kiosk secret."""

OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404
PERSONAS = ["anonymous", "national", "officer", "officer_b", "correspondent", "agent", "reader", "auditor", "no_role"]


def _row(default, **overrides):
    return {p: overrides.get(p, default) for p in PERSONAS}


READ = _row(OK, anonymous=REDIRECT, officer_b=NOT_FOUND, no_role=NOT_FOUND)
CONFIGURE = _row(FORBIDDEN, anonymous=REDIRECT, national=OK, officer=OK, officer_b=NOT_FOUND, no_role=NOT_FOUND)
CAMPAIGN = {"campaign_id": "CAMPAIGN"}

SURVEYS_MATRIX = {
    "survey_list": ("get", {"code": "51"}, READ),
    "survey_criterion_create": ("get", {"code": "51"}, CONFIGURE),
    "questionnaire_create": ("get", {"code": "51"}, CONFIGURE),
    "campaign_create": ("get", {"code": "51"}, CONFIGURE),
    "campaign_detail": ("get", CAMPAIGN, READ),
    "campaign_results_xlsx": ("get", CAMPAIGN, READ),
    "campaign_qr": ("get", {**CAMPAIGN, "site_code": "pref-51"}, READ),
    "campaign_poster": ("get", {**CAMPAIGN, "site_code": "pref-51"}, READ),
    # typing paper forms: whoever has a service of the campaign in scope; read-only roles 403
    "paper_entry": (
        "get",
        CAMPAIGN,
        _row(OK, anonymous=REDIRECT, reader=FORBIDDEN, auditor=FORBIDDEN, officer_b=NOT_FOUND, no_role=NOT_FOUND),
    ),
    "response_import": ("get", CAMPAIGN, CONFIGURE),
    "public_survey": ("get", {**CAMPAIGN, "site_code": "pref-51"}, _row(OK)),
    "public_survey_thanks": ("get", {**CAMPAIGN, "site_code": "pref-51"}, _row(OK)),
    "kiosk_survey": ("get", {"token": "KIOSK", "site_code": "pref-51"}, _row(OK)),
}

SURVEYS_API_MATRIX = {
    "/api/v1/surveys/campaigns?department=51&year=2024": _row(
        OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND
    ),
    "/api/v1/surveys/campaigns/CAMPAIGN/results": _row(OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND),
    # whoever sees the site (the correspondent's site is sp-reims)
    "/api/v1/surveys/mystery-plan?site=pref-51&from=2027-03-01": _row(
        OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND, correspondent=NOT_FOUND
    ),
}

SURVEYS_API_POST_MATRIX = {
    # a paper form of the service « etrangers » of pref-51: its agent and the department's managers; the site
    # correspondent of sp-reims types only their own site's forms
    "/api/v1/surveys/campaigns/CAMPAIGN/responses": (
        {"site": "pref-51", "service": "etrangers", "channel": "paper", "answers": {"courtoisie": "satisfied"}},
        _row(FORBIDDEN, anonymous=401, national=201, officer=201, agent=201, officer_b=NOT_FOUND, no_role=NOT_FOUND),
    ),
}


def with_campaign(world, kwargs: dict) -> dict:
    """The matrix's placeholders replaced by a campaign created for the test."""
    from tests.surveys.factories import make_campaign

    if "CAMPAIGN" not in kwargs.values() and "KIOSK" not in kwargs.values():
        return kwargs
    campaign = make_campaign(world)
    replaced = {"CAMPAIGN": str(campaign.public_id), "KIOSK": campaign.kiosk_token}
    return {key: replaced.get(value, value) for key, value in kwargs.items()}


def campaign_path(world, path: str) -> str:
    from tests.surveys.factories import make_campaign

    return path.replace("CAMPAIGN", str(make_campaign(world).public_id)) if "CAMPAIGN" in path else path


def with_demo_campaign(kwargs: dict, user) -> dict | None:
    """For the crawl of the demo: the placeholders replaced by a demo campaign the login sees (one that surveyed
    the row's site, when it names one); None when the demo has none."""
    from vigie.surveys.kinds.satisfaction.queries import visible_campaigns
    from vigie.surveys.models import Campaign

    if "CAMPAIGN" not in kwargs.values() and "KIOSK" not in kwargs.values():
        return kwargs
    campaigns = Campaign.objects.all() if user is None else visible_campaigns(user)
    if "site_code" in kwargs:
        campaigns = campaigns.filter(sites__code=kwargs["site_code"])
    campaign = campaigns.order_by("start").first()
    if campaign is None:
        return None
    replaced = {"CAMPAIGN": str(campaign.public_id), "KIOSK": campaign.kiosk_token}
    return {key: replaced.get(value, value) for key, value in kwargs.items()}

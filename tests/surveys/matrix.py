"""The surveys' rows of the access matrix (tests/test_access_matrix.py). "CAMPAIGN" and "KIOSK" stand for an open
campaign of the Marne (tests/surveys/factories.py) on pref-51 and sp-reims, and its kiosk secret."""

OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404
PERSONAS = ["anonymous", "national", "officer", "officer_b", "correspondent", "agent", "reader", "auditor", "no_role"]


def _row(default, **overrides):
    return {p: overrides.get(p, default) for p in PERSONAS}


READ = _row(OK, anonymous=REDIRECT, officer_b=NOT_FOUND, no_role=NOT_FOUND)
CONFIGURE = _row(FORBIDDEN, anonymous=REDIRECT, national=OK, officer=OK, officer_b=NOT_FOUND, no_role=NOT_FOUND)
CAMPAIGN = {"campaign_id": "CAMPAIGN"}
# raising an action: the department's managers (a redirection to the action), 403 for whoever only reads
RAISE = _row(FORBIDDEN, anonymous=REDIRECT, national=REDIRECT, officer=REDIRECT, officer_b=NOT_FOUND, no_role=NOT_FOUND)
# the same, posted without a criterion: 400 for the managers
RAISE_CRITERION = {**RAISE, "national": 400, "officer": 400}

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
    # continuous rating ("POINT": the point of pref-51, "RATING" one of its ratings with a comment)
    "rating_points": ("get", {"code": "51"}, READ),
    "rating_point_detail": ("get", {"point_id": "POINT"}, READ),
    "rating_point_xlsx": ("get", {"point_id": "POINT"}, READ),
    "rating_point_qr": ("get", {"point_id": "POINT"}, READ),
    "rating_point_poster": ("get", {"point_id": "POINT"}, READ),
    "rating_comment_hide": (
        "post",
        {"point_id": "POINT", "rating_id": "RATING"},
        _row(
            FORBIDDEN, anonymous=REDIRECT, national=REDIRECT, officer=REDIRECT, officer_b=NOT_FOUND, no_role=NOT_FOUND
        ),
    ),
    "public_rating": ("get", {"point_id": "POINT"}, _row(OK)),
    # satisfaction: an action from a criterion (the department's managers)
    "survey_raise_action": ("post", CAMPAIGN, RAISE_CRITERION),
    # mystery-shopper campaigns ("MYSTERY": a phone campaign of pref-51, "CONTACT" its first contact, of the
    # service « etrangers » of the agent)
    "mystery_campaigns": ("get", {"code": "51"}, READ),
    "school_holidays": ("get", {"code": "51"}, READ),
    "mystery_campaign_detail": ("get", {"campaign_id": "MYSTERY"}, READ),
    "mystery_contact_entry": (
        "get",
        {"campaign_id": "MYSTERY", "contact_id": "CONTACT"},
        _row(
            OK,
            anonymous=REDIRECT,
            reader=FORBIDDEN,
            auditor=FORBIDDEN,
            correspondent=FORBIDDEN,
            officer_b=NOT_FOUND,
            no_role=NOT_FOUND,
        ),
    ),
    "mystery_raise_action": ("post", {"campaign_id": "MYSTERY"}, RAISE_CRITERION),
    # Services Publics+ experiences ("EXPERIENCE": one of the Marne's)
    "sp_experiences": ("get", {"code": "51"}, READ),
    "sp_import": ("get", {"code": "51"}, CONFIGURE),
    "sp_raise_action": ("post", {"experience_id": "EXPERIENCE"}, RAISE),
    "public_rating_thanks": ("get", {"point_id": "POINT"}, _row(OK)),
}

SURVEYS_API_MATRIX = {
    "/api/v1/surveys/campaigns?department=51&year=2024": _row(
        OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND
    ),
    "/api/v1/surveys/campaigns/CAMPAIGN/results": _row(OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND),
    "/api/v1/surveys/ratings?department=51": _row(OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND),
    "/api/v1/surveys/ratings/POINT": _row(OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND),
    "/api/v1/surveys/mystery-campaigns?department=51": _row(OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND),
    "/api/v1/surveys/mystery-campaigns/MYSTERY/results": _row(
        OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND
    ),
    "/api/v1/surveys/sp-experiences?department=51": _row(OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND),
    # whoever sees the site (the correspondent's site is sp-reims)
    "/api/v1/surveys/mystery-plan?site=pref-51&from=2027-03-01": _row(
        OK, anonymous=401, officer_b=NOT_FOUND, no_role=NOT_FOUND, correspondent=NOT_FOUND
    ),
}

SURVEYS_API_POST_MATRIX = {
    # a mystery contact of the service « etrangers » of pref-51: its agent and the department's managers
    "/api/v1/surveys/mystery-campaigns/MYSTERY/contacts/CONTACT/evaluation": (
        {"values": {"answered": "yes", "delay": "20", "greeting": "yes", "answer": "no", "courtesy": "yes"}},
        _row(FORBIDDEN, anonymous=401, national=OK, officer=OK, agent=OK, officer_b=NOT_FOUND, no_role=NOT_FOUND),
    ),
    # a paper form of the service « etrangers » of pref-51: its agent and the department's managers; the site
    # correspondent of sp-reims types only their own site's forms
    "/api/v1/surveys/campaigns/CAMPAIGN/responses": (
        {"site": "pref-51", "service": "etrangers", "channel": "paper", "answers": {"courtoisie": "satisfied"}},
        _row(FORBIDDEN, anonymous=401, national=201, officer=201, agent=201, officer_b=NOT_FOUND, no_role=NOT_FOUND),
    ),
}


PLACEHOLDERS = ("CAMPAIGN", "KIOSK", "POINT", "RATING", "MYSTERY", "CONTACT", "EXPERIENCE")


def _objects(world, names) -> dict[str, str]:
    """The test's objects for the placeholders among `names`."""
    replaced = {}
    if {"CAMPAIGN", "KIOSK"} & set(names):
        from tests.surveys.factories import make_campaign

        campaign = make_campaign(world)
        replaced.update({"CAMPAIGN": str(campaign.public_id), "KIOSK": campaign.kiosk_token})
    if {"POINT", "RATING"} & set(names):
        from vigie.surveys.kinds.continuous.services import open_point, record_rating

        point = open_point(actor=None, department=world.dept_a, site=world.site_a1)
        rating = record_rating(point=point, stars=4, comment="Bon accueil")
        replaced.update({"POINT": str(point.public_id), "RATING": str(rating.public_id)})
    if {"MYSTERY", "CONTACT"} & set(names):
        import datetime as dt

        from vigie.surveys.kinds.mystery.services import create_mystery_campaign

        mystery = create_mystery_campaign(
            actor=None,
            department=world.dept_a,
            site=world.site_a1,
            channel="phone",
            title="Appels mystère",
            planned_from=dt.date(2027, 3, 8),
        )
        contact = mystery.contacts.filter(service=world.service_a1).order_by("date").first()
        replaced.update({"MYSTERY": str(mystery.public_id), "CONTACT": str(contact.public_id)})
    if "EXPERIENCE" in names:
        import datetime as dt

        from vigie.surveys.kinds.experiences.models import Experience

        experience = Experience.objects.create(
            department=world.dept_a,
            platform_id="EXP-1",
            published_on=dt.date(2024, 2, 1),
            title="Temps d'attente",
            sentiment="negative",
        )
        replaced["EXPERIENCE"] = str(experience.public_id)
    return replaced


def with_campaign(world, kwargs: dict) -> dict:
    """The matrix's placeholders replaced by objects created for the test."""
    names = [value for value in kwargs.values() if value in PLACEHOLDERS]
    if not names:
        return kwargs
    replaced = _objects(world, names)
    return {key: replaced.get(value, value) for key, value in kwargs.items()}


def campaign_path(world, path: str) -> str:
    names = [name for name in PLACEHOLDERS if name in path]
    for name, value in _objects(world, names).items():
        path = path.replace(name, value)
    return path


def with_demo_campaign(kwargs: dict, user) -> dict | None:
    """For the crawl of the demo: the placeholders replaced by demo objects the login sees (a campaign that
    surveyed the row's site, when it names one); None when the demo has none."""
    from vigie.surveys.kinds.continuous.queries import visible_points
    from vigie.surveys.kinds.satisfaction.queries import visible_campaigns
    from vigie.surveys.models import Campaign, RatingPoint

    kwargs = dict(kwargs)
    if "EXPERIENCE" in kwargs.values():
        return None  # a POST row
    if "MYSTERY" in kwargs.values():
        from vigie.surveys.kinds.mystery.queries import evaluation_services, visible_mystery_campaigns
        from vigie.surveys.models import MysteryCampaign

        mysteries = MysteryCampaign.objects.all() if user is None else visible_mystery_campaigns(user)
        mystery = mysteries.order_by("planned_from").first()
        if mystery is None:
            return None
        kwargs["campaign_id"] = str(mystery.public_id)
        if "contact_id" in kwargs:
            allowed = evaluation_services(user, mystery) if user is not None else set()
            contact = mystery.contacts.filter(service_id__in=allowed).order_by("date").first()
            if contact is None:
                return None
            kwargs["contact_id"] = str(contact.public_id)
        return kwargs
    if "POINT" in kwargs.values():
        if "RATING" in kwargs.values():
            return None  # a POST row
        points = RatingPoint.objects.all() if user is None else visible_points(user)
        point = points.order_by("created_at").first()
        if point is None:
            return None
        kwargs = {key: str(point.public_id) if value == "POINT" else value for key, value in kwargs.items()}
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

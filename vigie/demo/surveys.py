"""Demo satisfaction surveys, as individual answers that give the seeds' published figures:
- Loir-et-Cher, 15 Nov – 15 Dec 2021: 152 returns and a rate per criterion (CLU of 27 June 2022);
- Marne, 2022 and 2023: a rate per theme and the change in points (CLU of 2 February 2024).

The seeds print rates only. The counts below are chosen so that each rate comes out exactly as printed, or rounds
to it (« sans avis » answers make the number of those who answered differ between criteria). The Marne table's
printed changes are checked against its printed rates in tests (tests/surveys/test_seed_figures.py): no slip.
Every campaign and answer goes through the surveys' services.

Also, SYNTHETIC (invented, plausible, said so on the page): Loir-et-Cher's mystery calls of 2022 and their
evaluations, the Marne's Services Publics+ experiences (around the subjects its CLU names) and continuous ratings
of the Sous-préfecture de Reims over the seven months up to today (never a day after it)."""

from __future__ import annotations

import datetime as dt
import itertools

from vigie.organisation.models import Department, Service, Site
from vigie.surveys.enums import ResponseChannel
from vigie.surveys.kinds.satisfaction.models import Campaign
from vigie.surveys.kinds.satisfaction.services import (
    ResponseInput,
    create_campaign,
    create_questionnaire,
    record_responses,
)

# criterion code → (published rate %, answered, satisfied): answered excludes « sans avis »
LOIR_ET_CHER_2021_RESPONDENTS = 152
LOIR_ET_CHER_2021 = {
    "courtoisie": (64, 150, 96),
    "disponibilite": (74, 150, 111),
    "handicap": (75, 48, 36),
    "difficulte": (75, 60, 45),
    "langage-clair": (79, 148, 117),
    "orientation": (96, 150, 144),
    "signaletique": (98, 150, 147),
    "rdv-etrangers": (52, 100, 52),
    "confort-attente": (82, 150, 123),
    "confidentialite": (98, 150, 147),
    "delai-attente": (76, 150, 114),
}

# Marne: theme → (printed rate 2022, printed rate 2023, printed change in points)
MARNE_TABLE = {
    "accueil-physique": ("96", "97", "+1"),
    "accueil-telephonique": ("78", "77.6", "-0.4"),
    "point-numerique": ("76", "91", "+15"),
    "courriers-courriels": ("97", "90.3", "-6.7"),
    "site-internet": ("76", "80", "+4"),
    "reseaux-sociaux": ("8.2", "20", "+11.8"),
}
# year → (respondents, {criterion: (answered, satisfied or « oui »)})
MARNE_COUNTS = {
    2022: (
        122,
        {
            "accueil-physique": (100, 96),
            "accueil-telephonique": (50, 39),
            "point-numerique": (50, 38),
            "courriers-courriels": (100, 97),
            "site-internet": (50, 38),
            "reseaux-sociaux": (122, 10),  # 8,197 % printed 8,2 %
        },
    ),
    2023: (
        125,
        {
            "accueil-physique": (100, 97),
            "accueil-telephonique": (125, 97),
            "point-numerique": (100, 91),
            "courriers-courriels": (31, 28),  # 90,32 % printed 90,3 %
            "site-internet": (125, 100),
            "reseaux-sociaux": (125, 25),
        },
    ),
}
MARNE_DATES = {2022: (dt.date(2022, 10, 3), dt.date(2022, 10, 28)), 2023: (dt.date(2023, 10, 2), dt.date(2023, 10, 27))}

SATISFIED = ("very_satisfied", "satisfied")
DISSATISFIED = ("dissatisfied", "very_dissatisfied")


def _answers(respondents: int, counts: dict[str, tuple[int, int]], yes_no: set[str]) -> list[dict[str, str]]:
    """Each criterion's answers spread over the respondents (each criterion starts at another respondent, so no
    one is satisfied with everything): `satisfied` satisfied, `answered − satisfied` dissatisfied, the others
    « sans avis » (for a yes/no question: not answered)."""
    forms: list[dict[str, str]] = [{} for _ in range(respondents)]
    for offset, (code, (answered, satisfied)) in enumerate(counts.items()):
        for rank in range(respondents):
            form = forms[(rank + offset * 7) % respondents]
            if code in yes_no:
                if rank < answered:
                    form[code] = "yes" if rank < satisfied else "no"
            elif rank < satisfied:
                form[code] = SATISFIED[rank % 2]
            elif rank < answered:
                form[code] = DISSATISFIED[rank % 2]
            else:
                form[code] = "no_opinion"
    return forms


def _days(start: dt.date, end: dt.date) -> list[dt.date]:
    return [
        start + dt.timedelta(days=n) for n in range((end - start).days + 1) if (start + dt.timedelta(n)).weekday() < 5
    ]


def _campaign(department, *, title, criteria, start, end, site, services, forms, channels) -> Campaign:
    existing = Campaign.objects.filter(department=department, title=title).first()
    if existing is not None:
        return existing
    version = create_questionnaire(
        actor=None, department=department, title=f"Questionnaire — {title}", criteria=criteria
    )
    campaign = create_campaign(
        actor=None,
        department=department,
        title=title,
        version=version,
        start=start,
        end=end,
        sites=[site],
        services=services,
        channels=[ResponseChannel.QR, ResponseChannel.PAPER, ResponseChannel.KIOSK],
    )
    days, service_cycle, channel_cycle = (
        itertools.cycle(_days(start, end)),
        itertools.cycle(services),
        itertools.cycle(channels),
    )
    record_responses(
        actor=None,
        campaign=campaign,
        items=[
            ResponseInput(
                site=site.code,
                service=next(service_cycle).code,
                channel=next(channel_cycle),
                answers=answers,
                submitted_on=next(days),
                line=line,
            )
            for line, answers in enumerate(forms, start=1)
        ],
    )
    return campaign


def build_demo_surveys() -> None:
    loir_et_cher = Department.objects.get(code="41")
    site = Site.objects.get(department=loir_et_cher, code="pref-41")
    counts = {code: (answered, satisfied) for code, (_, answered, satisfied) in LOIR_ET_CHER_2021.items()}
    _campaign(
        loir_et_cher,
        title="Enquête de satisfaction des visiteurs 2021",
        criteria=list(LOIR_ET_CHER_2021),
        start=dt.date(2021, 11, 15),
        end=dt.date(2021, 12, 15),
        site=site,
        services=list(Service.objects.filter(site=site, code__in=["accueil", "migrations"]).order_by("code")),
        forms=_answers(LOIR_ET_CHER_2021_RESPONDENTS, counts, set()),
        # paper forms typed by the agents, as in 2021 (the import channel is always open)
        channels=[ResponseChannel.IMPORT],
    )
    marne = Department.objects.get(code="51")
    site = Site.objects.get(department=marne, code="pref-51")
    services = list(Service.objects.filter(site=site, code__in=["accueil", "pan", "standard"]).order_by("code"))
    for year, (respondents, year_counts) in MARNE_COUNTS.items():
        start, end = MARNE_DATES[year]
        _campaign(
            marne,
            title=f"Enquête de satisfaction {year}",
            criteria=list(year_counts),
            start=start,
            end=end,
            site=site,
            services=services,
            forms=_answers(respondents, year_counts, {"reseaux-sociaux"}),
            channels=[ResponseChannel.IMPORT],
        )
    build_demo_mystery()
    build_demo_experiences()
    build_demo_ratings()


# --- mystery-shopper campaign of Loir-et-Cher (2022) — SYNTHETIC evaluations ---------------------------------------
# The CLU of 2022 announces « au moins 20 appels mystère ou 20 mails mystère sur deux semaines, un par
# demi-journée, hors vacances scolaires » but publishes no result: the plan below is the planner's, the evaluations
# are invented (plausible, not the department's).
LOIR_ET_CHER_MYSTERY = "Appels mystère 2022 (démonstration, évaluations fictives)"
# for contact n (0 to 19): which criteria fail, by contact index
MYSTERY_FAILS = {
    "answered": {6, 15},
    "delay": {2, 9, 13},
    "greeting": {4, 11},
    "answer": {1, 8, 12, 18},
    "courtesy": {17},
}
MYSTERY_WAITS = [12, 18, 25, 41, 9, 22, 0, 15, 27, 55, 14, 19, 8, 38, 21, 0, 11, 24, 16, 29]


def build_demo_mystery() -> None:
    from vigie.surveys.kinds.mystery.models import MysteryCampaign
    from vigie.surveys.kinds.mystery.services import create_mystery_campaign, record_evaluation

    department = Department.objects.get(code="41")
    if MysteryCampaign.objects.filter(department=department, title=LOIR_ET_CHER_MYSTERY).exists():
        return
    campaign = create_mystery_campaign(
        actor=None,
        department=department,
        site=Site.objects.get(department=department, code="pref-41"),
        channel="phone",
        title=LOIR_ET_CHER_MYSTERY,
        planned_from=dt.date(2022, 5, 9),
        services=["accueil", "migrations", "pan"],
    )
    for index, contact in enumerate(campaign.contacts.order_by("date", "-half_day")):
        values = {code: "no" if index in fails else "yes" for code, fails in MYSTERY_FAILS.items() if code != "delay"}
        if values["answered"] == "yes":
            values["delay"] = str(45 if index in MYSTERY_FAILS["delay"] else MYSTERY_WAITS[index])
        else:
            values = {"answered": "no"}
        record_evaluation(actor=None, contact=contact, values=values)


# --- Services Publics+ experiences of the Marne — SYNTHETIC rows --------------------------------------------------
# The CLU of February 2024 counts « 10 avis déposés sur la plateforme depuis 2022 » and names their subjects, with
# no split by sentiment: the ids, dates, sentiments and answers below are invented around those subjects.
MARNE_EXPERIENCES = [
    # id, date, title, sentiment, topics, site, answered on (days after)
    ("DEMO-SP-01", dt.date(2022, 9, 14), "Prise d'empreintes au service séjour", "positive", "Accueil", "pref-51", 6),
    (
        "DEMO-SP-02",
        dt.date(2022, 11, 3),
        "Certificat de situation d'un véhicule",
        "neutral",
        "Démarches en ligne",
        "",
        12,
    ),
    (
        "DEMO-SP-03",
        dt.date(2023, 1, 19),
        "Dépôt de dossier de médaille du travail",
        "negative",
        "Démarches en ligne",
        "",
        9,
    ),
    ("DEMO-SP-04", dt.date(2023, 3, 7), "Changement de statut commerçant", "neutral", "Information", "", None),
    ("DEMO-SP-05", dt.date(2023, 4, 25), "Plateforme naturalisation", "negative", "Délais;Étrangers", "pref-51", 21),
    ("DEMO-SP-06", dt.date(2023, 6, 12), "Accueil du service séjour", "positive", "Accueil;Étrangers", "pref-51", 3),
    ("DEMO-SP-07", dt.date(2023, 8, 30), "Système d'information des armes", "negative", "Démarches en ligne", "", 15),
    ("DEMO-SP-08", dt.date(2023, 10, 5), "Temps d'attente à l'accueil", "negative", "Accueil;Délais", "sp-reims", None),
    ("DEMO-SP-09", dt.date(2023, 11, 21), "Rendez-vous au point numérique", "positive", "Accueil", "sp-reims", 4),
    ("DEMO-SP-10", dt.date(2024, 1, 9), "Réponse à un courriel", "positive", "Courriels", "pref-51", 2),
]


def build_demo_experiences() -> None:
    from vigie.surveys.kinds.experiences.imports import ExperienceRow, record_experiences

    department = Department.objects.get(code="51")
    rows = [
        ExperienceRow(
            line=line,
            platform_id=pid,
            published_on=day,
            title=title,
            sentiment=sentiment,
            topics=tuple(topics.split(";")),
            site=site,
            answered=after is not None,
            answered_on=day + dt.timedelta(days=after) if after is not None else None,
        )
        for line, (pid, day, title, sentiment, topics, site, after) in enumerate(MARNE_EXPERIENCES, start=2)
    ]
    record_experiences(department=department, rows=rows)


# --- continuous rating of the Sous-préfecture de Reims — SYNTHETIC ratings -----------------------------------------
# Seven months up to today (never a day after it): a few ratings a week, invented.
RATING_PATTERN = [5, 4, 5, 3, 4, 5, 2, 4, 5, 4, 1, 5, 4, 3]
RATING_COMMENTS = {
    3: "Accueil aimable, un peu d'attente.",
    10: "Personne pour m'orienter à l'entrée.",
    17: "Très bon accueil au point numérique, merci.",
    24: "J'ai appelé trois fois sans réponse (démonstration : commentaire masqué, il citait un nom).",
}


def build_demo_ratings() -> None:
    from vigie.surveys.kinds.continuous.models import Rating
    from vigie.surveys.kinds.continuous.services import department_today, hide_comment, open_point, record_rating

    department = Department.objects.get(code="51")
    point = open_point(actor=None, department=department, site=Site.objects.get(department=department, code="sp-reims"))
    if Rating.objects.filter(point=point).exists():
        return
    today = department_today(department)
    first = (today.replace(day=1) - dt.timedelta(days=190)).replace(day=1)
    days = [day for day in _days(first, today) if day.weekday() in (0, 2, 3)]
    for index, day in enumerate(days):
        rating = record_rating(
            point=point,
            stars=RATING_PATTERN[index % len(RATING_PATTERN)],
            comment=RATING_COMMENTS.get(index % 30, ""),
            on=day,
        )
        if index % 30 == 24:
            hide_comment(actor=None, rating=rating)

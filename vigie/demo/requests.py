"""Demo requests: Loir-et-Cher's first half of 2022 from its committee's figures (the analysis screen and the
computed indicators reproduce them), and a few current requests in the Marne so that the agents' lists are alive.
Requesters are fictional; every request, theme, template and follow-up
action goes through the register's services."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from vigie.core.calendar import WorkingCalendar
from vigie.improvement.queries import actions_for_origins
from vigie.organisation.models import Department, Service, Site
from vigie.register.config.services import add_theme, create_message_template, record_follow_up
from vigie.register.models import MessageTemplate, Theme, UserRequest
from vigie.register.requests.services import create_request, reply_to_request

from .seed_figures import (
    LOIR_ET_CHER_2022_H1_COMPLAINTS,
    LOIR_ET_CHER_2022_H1_FOLLOW_UPS,
    LOIR_ET_CHER_2022_H1_SUGGESTIONS,
)

CHANNELS = ["web", "email", "box", "letter"]


def build_loir_et_cher_2022() -> int:
    """39 requests of January–June 2022, each answered one working day after receipt. Returns how many."""
    department = Department.objects.get(code="41")
    if UserRequest.objects.filter(department=department, received_date__year=2022).exists():
        return 0
    site = Site.objects.get(department=department, code="pref-41")
    calendar = site.calendar()
    days = [d for d in _days(dt.date(2022, 1, 3), dt.date(2022, 6, 24)) if calendar.is_working_day(d)]
    plan = [
        (kind, theme, service_code)
        for kind, table in (
            ("complaint", LOIR_ET_CHER_2022_H1_COMPLAINTS),
            ("suggestion", LOIR_ET_CHER_2022_H1_SUGGESTIONS),
        )
        for theme, (service_code, count) in table.items()
        for _ in range(count)
    ]
    step = len(days) // len(plan)
    channels = itertools.cycle(CHANNELS)
    for index, (kind, theme, service_code) in enumerate(plan):
        received = days[index * step]
        request = create_request(
            actor=None,
            site=site,
            service=Service.objects.get(site=site, code=service_code),
            kind=kind,
            channel=next(channels),
            received_at=dt.datetime.combine(received, dt.time(9, 30)),
            subject=theme,
            text="Demande de démonstration.",
            themes=[theme],
        )
        reply_to_request(
            actor=None,
            request=request,
            text="Réponse de démonstration.",
            replied_at=dt.datetime.combine(calendar.due_date(received, 1), dt.time(11, 0)),
        )
    for theme_name, text, done in LOIR_ET_CHER_2022_H1_FOLLOW_UPS:
        theme = Theme.objects.get(department=department, name=theme_name)
        raised = actions_for_origins(app="register", kind="complaint_theme", public_ids=[theme.public_id], years=[2022])
        if text not in {action.title for action in raised.get(str(theme.public_id), [])}:
            record_follow_up(actor=None, department=department, year=2022, theme=theme, text=text, done=done)
    return len(plan)


def _days(start: dt.date, end: dt.date):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


MARNE_THEMES = [
    "Délai de rendez-vous (titres de séjour)",
    "Délai de traitement (titres de séjour)",
    "Accueil physique",
    "Accueil téléphonique",
    "Site internet",
]
# (working days ago, service code or None for « à attribuer », kind, channel, theme, answered)
MARNE_CURRENT = [
    (12, "etrangers", "complaint", "email", "Délai de traitement (titres de séjour)", False),  # late
    (8, "etrangers", "information", "web", "Délai de rendez-vous (titres de séjour)", False),  # late
    (5, "etrangers", "complaint", "web", "Délai de rendez-vous (titres de séjour)", False),  # due today
    (4, "accueil", "suggestion", "box", "Accueil physique", False),
    (3, "accueil", "complaint", "letter", "Accueil téléphonique", False),
    (1, None, "complaint", "web", "Site internet", False),  # to assign
    (0, None, "information", "web", "Accueil physique", False),
    (9, "accueil", "complaint", "email", "Accueil physique", True),
]


def build_marne_current(now: dt.datetime | None = None) -> int:
    """A few requests around today, some late, one due today, some to assign; templates and themes."""
    department = Department.objects.get(code="51")
    for name in MARNE_THEMES:
        if not Theme.objects.filter(department=department, name=name).exists():
            add_theme(actor=None, department=department, name=name)
    _marne_templates(department)
    if UserRequest.objects.filter(department=department).exists():
        return 0
    return build_current_requests(Site.objects.get(department=department, code="pref-51"), now=now)


def build_current_requests(site: Site, *, now: dt.datetime | None = None) -> int:
    """MARNE_CURRENT at `site`, dated from `now` in the site's own time zone and never after it, whatever the
    hour (just after midnight, the night the clocks change), the day (a Sunday, 1 January) or the zone."""
    calendar = site.calendar()
    now = (now or timezone.now()).astimezone(calendar.time_zone)
    for number, (ago, service_code, kind, channel, theme, answered) in enumerate(MARNE_CURRENT, start=1):
        received = working_days_before(calendar, now.date(), ago)
        request = create_request(
            actor=None,
            site=site,
            service=Service.objects.get(site=site, code=service_code) if service_code else None,
            kind=kind,
            channel=channel,
            received_at=not_after(received, dt.time(10, 15), now),
            subject=theme,
            text="Message de démonstration : l'usager décrit sa situation.",
            themes=[theme],
            requester={"name": f"Usager de démonstration {number}", "email": f"usager{number}@exemple.invalid"},
        )
        if answered:
            reply_to_request(
                actor=None,
                request=request,
                text="Réponse de démonstration.",
                replied_at=not_after(calendar.due_date(received, 3), dt.time(15, 0), now),
            )
    return len(MARNE_CURRENT)


def working_days_before(calendar: WorkingCalendar, today: dt.date, count: int) -> dt.date:
    """The `count`-th working day before `today` (today itself for 0, whatever day it is)."""
    day = today
    for _ in range(count):
        day -= dt.timedelta(days=1)
        while not calendar.is_working_day(day):
            day -= dt.timedelta(days=1)
    return day


def not_after(day: dt.date, at: dt.time, now: dt.datetime) -> dt.datetime:
    """`day` at `at` in the zone of `now`, or `now` (to the minute) when that would be later: a request of today
    is received at 10:15 in the afternoon, and at the current minute just after midnight."""
    moment = dt.datetime.combine(day, at, tzinfo=now.tzinfo)
    return min(moment, now.replace(second=0, microsecond=0))


def _marne_templates(department: Department) -> None:
    if MessageTemplate.objects.filter(department=department).exists():
        return
    create_message_template(
        actor=None,
        department=department,
        purpose="acknowledgement",
        name="Accusé de réception général",
        subject="Votre demande {reference} a bien été reçue",
        body=(
            "Bonjour,\n\nVotre demande a été enregistrée sous la référence {reference} ({site}).\n"
            "Engagés dans une démarche qualité, nos services vous répondront au plus tard le {due_date} "
            "({deadline_days} jours ouvrés). Si l'examen de votre demande demande plus de temps, nous vous "
            "préviendrons.\n\nHoraires d'accueil : {opening_hours}.\nSuivi de votre demande : {tracking_url}\n\n"
            "Ce message est envoyé automatiquement.\n\n{site}"
        ),
    )
    # a note that the request was passed on is a holding reply: it does not answer, the clock keeps running
    create_message_template(
        actor=None,
        department=department,
        purpose="holding",
        name="Transmission au service compétent",
        subject="Votre demande {reference}",
        body=(
            "Bonjour,\n\nVotre demande {reference} a été transmise au service compétent ({service}), "
            "qui vous répondra au plus tard le {due_date}.\n\nCordialement,\n{site}"
        ),
    )
    create_message_template(
        actor=None,
        department=department,
        purpose="reply",
        name="Réponse à une réclamation",
        subject="Réponse à votre demande {reference}",
        body=(
            "Bonjour,\n\nVous nous avez fait part de votre insatisfaction, et nous vous en remercions. Après examen "
            "de votre demande {reference}, voici la réponse du service {service} :\n\n[réponse]\n\n"
            "Nous restons à votre disposition ({site_phone}).\n\nCordialement,\n{site}"
        ),
    )

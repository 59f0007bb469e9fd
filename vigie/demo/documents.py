"""The demo's publications and documents, through the documents app's services.

- a publication of the yearly results of Charente (2021, the seed's public figures), Loir-et-Cher (2022) and Marne
  (its latest complete year with measurements), so that the public pages /resultats/16/, /41/ and /51/ have content;
- queued for the worker (`make demo` and `make run` run `vigie worker --batch` after the demo): the deck and the
  minutes (DOCX, PDF) of the CLU of Charente of 5 April 2022 and of Marne of 2 February 2024 when the committees'
  demo has them, otherwise the deck and the yearly results of the department; the A4 poster of each publication.
- « vous avez dit, nous avons fait » with a before / after: two actions of the prefecture of the Marne's 2023 plan
  (its own plan, beside the department's plan read from the committee deck), raised from the criteria of its
  satisfaction survey of October 2022 that scored lowest, each aiming at an indicator measured in 2022 and 2023:
  the public page /resultats/51/ shows their before (2022) and after (2023) with their bases.
Idempotent: nothing is published or queued twice."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vigie.committees.queries import meetings_for_department
from vigie.documents.enums import DocumentKind
from vigie.documents.models import GeneratedDocument, Publication
from vigie.documents.services import publish, request_document
from vigie.improvement import services as improvement
from vigie.improvement.enums import ActionStatus
from vigie.improvement.models import Action
from vigie.improvement.origins import Origin
from vigie.indicators.queries import yearly_summary
from vigie.organisation.models import Department, Site
from vigie.surveys.kinds.satisfaction.models import Campaign

PUBLISHED = (("16", 2021), ("41", 2022))
MEETINGS = (("16", dt.date(2022, 4, 5)), ("51", dt.date(2024, 2, 2)))


def _marne_year() -> int | None:
    marne = Department.objects.get(code="51")
    this = timezone.localdate().year
    for year in range(this - 1, this - 5, -1):
        if any(line.current for line in yearly_summary(department=marne, year=year)):
            return year
    return None


MARNE_VOICE_OPENED_ON = dt.date(2023, 1, 16)
# (title, criterion of the 2022 survey, its printed rate, aimed indicator, progress at the end of 2023)
MARNE_VOICE = (
    (
        "Rappel des usagers en attente au standard aux heures de pointe",
        "accueil téléphonique",
        "78",
        "TEL-DECROCHE",
        60,
    ),
    (
        "Médiatrice numérique au point numérique deux demi-journées par semaine",
        "point numérique",
        "76",
        "PAN-FREQUENTATION",
        100,
    ),
)


def build_marne_voice_actions() -> None:
    marne = Department.objects.get(code="51")
    campaign = Campaign.objects.filter(department=marne, title="Enquête de satisfaction 2022").first()
    if campaign is None:
        return
    prefecture = Site.objects.get(department=marne, code="pref-51")
    plan = improvement.get_or_create_plan(actor=None, department=marne, site=prefecture, year=2023)
    axis = improvement.get_or_create_axis(plan=plan, title="Vous avez dit, nous avons fait")
    theme = improvement.get_or_create_theme(axis=axis, title="Enquête de satisfaction 2022")
    for title, criterion, rate, code, progress in MARNE_VOICE:
        if Action.objects.filter(theme=theme, title=title).exists():
            continue
        origin = Origin(
            app="surveys",
            kind="survey_criterion",
            public_id=str(campaign.public_id),
            label=f"Enquête de satisfaction 2022 — {criterion} : {rate} % de satisfaits",
            year=2022,
        )
        action = improvement.create_action(
            actor=None,
            theme=theme,
            title=title,
            on=MARNE_VOICE_OPENED_ON,
            due_date=dt.date(2023, 12, 31),
            sites=[prefecture],
            origin=origin,
            aimed_indicator=code,
        )
        improvement.update_action(
            actor=None,
            action=action,
            on=dt.date(2023, 12, 15),
            progress=progress,
            **({"status": ActionStatus.DONE} if progress == 100 else {}),
        )


def _queue(kind: str, department: Department, year: int, **subject) -> None:
    existing = GeneratedDocument.objects.filter(kind=kind, department=department, year=year, site=None)
    if subject.get("meeting_id"):
        existing = existing.filter(meeting_id=subject["meeting_id"])
    if not existing.exists():
        request_document(actor=None, kind=kind, department=department, year=year, **subject)


def build_demo_documents() -> None:
    build_marne_voice_actions()
    marne_year = _marne_year()
    published = [*PUBLISHED, *((("51", marne_year),) if marne_year else ())]
    for code, year in published:
        department = Department.objects.get(code=code)
        publication = Publication.objects.filter(department=department, site=None, year=year).first()
        if publication is None:
            publication = publish(actor=None, department=department, year=year)
        _queue(DocumentKind.POSTER, department, year, publication=publication)
    for code, day in MEETINGS:
        department = Department.objects.get(code=code)
        meeting_id = next(
            (
                pk
                for pk, starts_at, _ in meetings_for_department(department.pk)
                if timezone.localtime(starts_at).date() == day
            ),
            None,
        )
        if meeting_id is not None:
            for kind in (DocumentKind.DECK, DocumentKind.MINUTES_DOCX, DocumentKind.MINUTES_PDF):
                _queue(kind, department, day.year - 1, meeting_id=meeting_id)  # the committee reviews the past year
        else:  # the committees' demo has not got this meeting: the department's figures of the previous year
            for kind in (DocumentKind.DECK, DocumentKind.RESULTS_PDF):
                _queue(kind, department, day.year - 1)

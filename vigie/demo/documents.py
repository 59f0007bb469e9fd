"""The demo's publications and documents, through the documents app's services.

- a publication of the yearly results of Charente (2021, the seed's public figures), Loir-et-Cher (2022) and Marne
  (its latest complete year with measurements), so that the public pages /resultats/16/, /41/ and /51/ have content;
- queued for the worker (`make demo` and `make run` run `vigie worker --batch` after the demo): the deck and the
  minutes (DOCX, PDF) of the CLU of Charente of 5 April 2022 and of Marne of 2 February 2024 when the committees'
  demo has them, otherwise the deck and the yearly results of the department; the A4 poster of each publication.
Idempotent: nothing is published or queued twice."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vigie.committees.queries import meetings_for_department
from vigie.documents.enums import DocumentKind
from vigie.documents.models import GeneratedDocument, Publication
from vigie.documents.services import publish, request_document
from vigie.indicators.queries import yearly_summary
from vigie.organisation.models import Department

PUBLISHED = (("16", 2021), ("41", 2022))
MEETINGS = (("16", dt.date(2022, 4, 5)), ("51", dt.date(2024, 2, 2)))


def _marne_year() -> int | None:
    marne = Department.objects.get(code="51")
    this = timezone.localdate().year
    for year in range(this - 1, this - 5, -1):
        if any(line.current for line in yearly_summary(department=marne, year=year)):
            return year
    return None


def _queue(kind: str, department: Department, year: int, **subject) -> None:
    existing = GeneratedDocument.objects.filter(kind=kind, department=department, year=year, site=None)
    if subject.get("meeting_id"):
        existing = existing.filter(meeting_id=subject["meeting_id"])
    if not existing.exists():
        request_document(actor=None, kind=kind, department=department, year=year, **subject)


def build_demo_documents() -> None:
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

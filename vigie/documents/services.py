"""Writes of the documents app: ask for a document (the worker builds it), build it (worker or CLI), save a draft of
the minutes, publish figures. Every builder is a plain function of the figures, so the CLI, the worker and the
bench run the same code."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from vigie.core.tasks import enqueue_after_commit, run_again_if_worker_lost, task
from vigie.organisation.models import Department, Site

from .enums import EXTENSIONS, PUBLICATION_KINDS, DocumentKind, State
from .kinds.deck_pptx import build_deck
from .kinds.minutes_docx import build_minutes_docx
from .kinds.minutes_pdf import build_minutes_pdf
from .kinds.poster import build_poster
from .kinds.results_pdf import build_results_pdf
from .models import GeneratedDocument, MinutesDraft, Publication
from .publications import build_snapshot
from .sources import committee_queries, gather

logger = logging.getLogger(__name__)

MEETING_KINDS = (DocumentKind.MINUTES_DOCX, DocumentKind.MINUTES_PDF)


@dataclass(frozen=True)
class Subject:
    """What a document is about: a department and year (and a site), a meeting, or a publication."""

    department: Department
    year: int
    site: Site | None = None
    meeting_id: int | None = None
    publication: Publication | None = None


def latest_texts(meeting_id: int) -> dict[str, str]:
    """The latest saved text of each section of a meeting's minutes."""
    texts: dict[str, str] = {}
    for section, text in (
        MinutesDraft.objects.filter(meeting_id=meeting_id).order_by("section", "version").values_list("section", "text")
    ):
        texts[section] = text
    return texts


def build_bytes(kind: str, subject: Subject, progress: Callable[[int, str], None] | None = None) -> bytes:
    """The file of a document kind for a subject (no storage, no model written): used by the worker and the CLI."""
    step = progress or (lambda percent, label: None)
    if kind in (DocumentKind.POSTER, DocumentKind.POSTER_A3):
        if subject.publication is None:
            raise ValidationError("L'affiche montre une publication : publiez d'abord les résultats.")
        step(50, "Mise en page de l'affiche")
        return build_poster(subject.publication, size="A3" if kind == DocumentKind.POSTER_A3 else "A4")
    if kind in MEETING_KINDS and subject.meeting_id is None:
        raise ValidationError("Le compte rendu porte sur une réunion : choisissez-la.")
    step(10, "Lecture des données")
    figures = gather(
        department=subject.department,
        year=subject.year,
        site=subject.site,
        meeting_id=subject.meeting_id,
        projection=kind in (DocumentKind.DECK, DocumentKind.MINUTES_DOCX, DocumentKind.MINUTES_PDF),
    )
    step(60, "Mise en page")
    if kind == DocumentKind.DECK:
        return build_deck(figures)
    if kind == DocumentKind.RESULTS_PDF:
        return build_results_pdf(figures)
    if figures.meeting is None:
        raise ValidationError("Réunion introuvable.")
    texts = latest_texts(subject.meeting_id)
    if kind == DocumentKind.MINUTES_DOCX:
        return build_minutes_docx(figures, texts)
    return build_minutes_pdf(figures, texts)


def file_name(document: GeneratedDocument) -> str:
    stem = {
        DocumentKind.DECK: "diaporama",
        DocumentKind.MINUTES_DOCX: "compte-rendu",
        DocumentKind.MINUTES_PDF: "compte-rendu",
        DocumentKind.RESULTS_PDF: "resultats",
        DocumentKind.POSTER: "affiche-A4",
        DocumentKind.POSTER_A3: "affiche-A3",
    }[DocumentKind(document.kind)]
    where = document.department.code + (f"-{document.site.code}" if document.site_id else "")
    return f"{stem}-{where}-{document.year}-v{document.version}.{EXTENSIONS[DocumentKind(document.kind)]}"


@transaction.atomic
def request_document(
    *,
    actor,
    kind: str,
    department: Department,
    year: int,
    site: Site | None = None,
    meeting_id: int | None = None,
    publication: Publication | None = None,
) -> GeneratedDocument:
    """Record a new version of a document and hand its building to the worker (after the commit)."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": "Nature de document inconnue."})
    if kind in MEETING_KINDS and meeting_id is None:
        raise ValidationError({"meeting": "Le compte rendu porte sur une réunion : choisissez-la."})
    if kind in PUBLICATION_KINDS and publication is None:
        raise ValidationError({"publication": "L'affiche montre une publication : publiez d'abord les résultats."})
    if meeting_id is not None:
        meeting = committee_queries.meeting_record(meeting_id)
        if meeting is None or meeting.department_id != department.pk:
            raise ValidationError({"meeting": "Réunion introuvable dans ce département."})
    # one version number per kind and subject; the lock on the department row serialises concurrent requests
    Department.objects.select_for_update().filter(pk=department.pk).first()
    same = GeneratedDocument.objects.filter(kind=kind, department=department, year=year, site=site)
    same = same.filter(meeting_id=meeting_id) if meeting_id else same.filter(meeting_id=None)
    version = (same.aggregate(last=Max("version"))["last"] or 0) + 1
    document = GeneratedDocument(
        kind=kind,
        department=department,
        year=year,
        site=site,
        meeting_id=meeting_id,
        publication=publication,
        version=version,
        created_by=actor,
    )
    document.full_clean()
    document.save()
    enqueue_after_commit(generate_document_task, document_id=document.pk)
    return document


def run_generation(document: GeneratedDocument) -> GeneratedDocument:
    """Build the document's file and store it with its checksum; progress and state are saved as it goes, for the
    page that follows it. A failure is recorded (the page says so) rather than raised."""
    rows = GeneratedDocument.objects.filter(pk=document.pk)
    rows.update(status=State.RUNNING, started_at=timezone.now(), progress=5, step="Démarrage")

    def progress(percent: int, label: str) -> None:
        rows.update(progress=percent, step=label)

    subject = Subject(document.department, document.year, document.site, document.meeting_id, document.publication)
    try:
        content = build_bytes(document.kind, subject, progress)
    except Exception as exc:
        logger.exception("document %s failed", document.pk)
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else type(exc).__name__
        rows.update(status=State.FAILED, error=message[:200], finished_at=timezone.now(), step="")
        document.refresh_from_db()
        return document
    progress(90, "Enregistrement du fichier")
    document.refresh_from_db()
    document.file.save(file_name(document), ContentFile(content), save=False)
    document.checksum = hashlib.sha256(content).hexdigest()
    document.size = len(content)
    document.status, document.progress, document.step = State.DONE, 100, ""
    document.finished_at = timezone.now()
    document.save(update_fields=["file", "checksum", "size", "status", "progress", "step", "finished_at", "updated_at"])
    return document


@run_again_if_worker_lost  # it builds the whole file again; a finished document is left as it is
@task()
def generate_document_task(document_id: int) -> str:
    """The worker's task for `request_document`."""
    document = (
        GeneratedDocument.objects.select_related("department", "site", "publication").filter(pk=document_id).first()
    )
    if document is None or document.status == State.DONE:
        return ""
    return run_generation(document).status


@transaction.atomic
def save_draft(*, actor, meeting_id: int, section: str, text: str) -> MinutesDraft:
    """A new version of a section's text (the earlier versions are kept)."""
    last = MinutesDraft.objects.select_for_update().filter(meeting_id=meeting_id, section=section).order_by("-version")
    previous = last.first()
    if previous is not None and previous.text == text:
        return previous  # nothing changed: no new version
    draft = MinutesDraft(
        meeting_id=meeting_id, section=section, version=(previous.version if previous else 0) + 1, text=text,
        saved_by=actor,
    )  # fmt: skip
    draft.full_clean()
    draft.save()
    return draft


@transaction.atomic
def publish(
    *, actor, department: Department, year: int, site: Site | None = None, codes: list[str] | None = None
) -> Publication:
    """Freeze the chosen figures (all measured indicators when `codes` is None) into a new publication."""
    now = timezone.now()
    snapshot = build_snapshot(department=department, year=year, site=site, codes=codes, published_at=now)
    if not snapshot["indicators"]:
        raise ValidationError("Aucun indicateur mesuré à publier pour cette année.")
    publication = Publication(
        department=department,
        site=site,
        year=year,
        snapshot=snapshot,
        checksum=Publication.digest(snapshot),
        published_at=now,
        published_by=actor,
    )
    publication.full_clean()
    publication.save()
    return publication

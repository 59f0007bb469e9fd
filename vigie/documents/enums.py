"""The kinds of generated documents and the states of a generation."""

from __future__ import annotations

from django.db import models


class DocumentKind(models.TextChoices):
    DECK = "deck", "Diaporama du comité (PPTX)"
    MINUTES_DOCX = "minutes-docx", "Compte rendu (DOCX)"
    MINUTES_PDF = "minutes-pdf", "Compte rendu (PDF accessible)"
    RESULTS_PDF = "results-pdf", "Résultats de l'année (PDF)"
    POSTER = "poster", "Affiche des résultats publiés (PDF A4)"
    POSTER_A3 = "poster-a3", "Affiche des résultats publiés (PDF A3)"


EXTENSIONS = {
    DocumentKind.DECK: "pptx",
    DocumentKind.MINUTES_DOCX: "docx",
    DocumentKind.MINUTES_PDF: "pdf",
    DocumentKind.RESULTS_PDF: "pdf",
    DocumentKind.POSTER: "pdf",
    DocumentKind.POSTER_A3: "pdf",
}
CONTENT_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
# the kinds that need a publication (the poster shows published, frozen figures)
PUBLICATION_KINDS = (DocumentKind.POSTER, DocumentKind.POSTER_A3)


class State(models.TextChoices):
    QUEUED = "queued", "En attente"
    RUNNING = "running", "En cours"
    DONE = "done", "Prêt"
    FAILED = "failed", "Échec"


# The sections of the minutes the quality officer edits before generating (MinutesDraft)
MINUTES_SECTIONS = (
    ("letter", "Lettre d'accompagnement"),
    ("introduction", "Introduction"),
    ("conclusion", "Conclusion"),
)

"""The minutes as a tagged, accessible PDF (PDF/UA-1), from the same blocks as the DOCX."""

from __future__ import annotations

from vigie.documents.minutes import minutes_content
from vigie.documents.pdf import content_pdf
from vigie.documents.sources import Figures


def build_minutes_pdf(figures: Figures, texts: dict[str, str]) -> bytes:
    return content_pdf(minutes_content(figures, texts), subject=figures.subject)

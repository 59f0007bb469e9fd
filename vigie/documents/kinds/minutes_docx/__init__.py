"""The minutes as a DOCX file (python-docx), from the same blocks as the PDF."""

from __future__ import annotations

from vigie.documents.blocks import to_docx
from vigie.documents.minutes import minutes_content
from vigie.documents.sources import Figures


def build_minutes_docx(figures: Figures, texts: dict[str, str]) -> bytes:
    return to_docx(minutes_content(figures, texts))

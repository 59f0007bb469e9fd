"""Tagged PDF (PDF/UA-1, WeasyPrint) of a document's blocks: `lang="fr"`, a title, semantic HTML (headings, lists,
table headers, image alternatives), the State's colours and the Marianne font of the DSFR when available."""

from __future__ import annotations

from django.template.loader import render_to_string
from weasyprint import HTML

from .blocks import Content, to_html_body


def write_tagged_pdf(html: str) -> bytes:
    """PDF/UA-1: tagged structure, title shown, language; `pdfinfo` reports « Tagged: yes »."""
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)


def content_pdf(content: Content, *, subject: str, landscape: bool = False) -> bytes:
    html = render_to_string(
        "documents/print/content.html",
        {"title": content.title, "subject": subject, "body": to_html_body(content), "landscape": landscape},
    )
    return write_tagged_pdf(html)

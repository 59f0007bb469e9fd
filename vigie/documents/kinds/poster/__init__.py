"""The results poster (A4 or A3, tagged PDF through WeasyPrint): the published figures of a publication, « vous avez
dit, nous avons fait », and a QR code (segno) to the public results page (absolute address from SITE_URL)."""

from __future__ import annotations

import io

import segno
from django.template.loader import render_to_string

from vigie.documents.models import Publication
from vigie.documents.pdf import write_tagged_pdf
from vigie.documents.publications import public_url, published


def qr_svg(url: str, *, title: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", scale=10, border=2, xmldecl=False, svgns=True, title=title
    )
    return buffer.getvalue().decode()


def build_poster(publication: Publication, *, size: str = "A4") -> bytes:
    figures = published(publication)
    url = public_url(publication)
    html = render_to_string(
        "documents/print/poster.html",
        {
            "figures": figures,
            "indicators": [f for f in figures.indicators if f.value is not None][:8],
            "voice": list(figures.voice)[:3],
            "url": url,
            "qr": qr_svg(url, title="QR code vers la page publique des résultats"),
            "size": size,
            "a3": size == "A3",
        },
    )
    return write_tagged_pdf(html)

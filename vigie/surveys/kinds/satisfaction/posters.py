"""The public address of a campaign's page for a site, its QR code (segno) and the printable A4 poster (a tagged
PDF through WeasyPrint: the QR code, the dates, the préfecture's identity)."""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.formats import date_format
from weasyprint import HTML

from vigie.organisation.models import Site

from .models import Campaign


def public_url(campaign: Campaign, site: Site) -> str:
    path = reverse("public_survey", kwargs={"campaign_id": campaign.public_id, "site_code": site.code})
    return settings.SITE_URL.rstrip("/") + path


def qr_code(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str, *, scale: int = 6, title: str = "") -> str:
    buffer = io.BytesIO()
    qr_code(url).save(buffer, kind="svg", scale=scale, border=2, xmldecl=False, svgns=True, title=title or None)
    return buffer.getvalue().decode()


def qr_png(url: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    qr_code(url).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def render_poster(
    *, site: Site, department, url: str, lead: str, description: str, dates: str = "", note: str = ""
) -> bytes:
    """The A4 poster (tagged PDF) of any « Donnez votre avis » address: a campaign's, a continuous rating's."""
    html = render_to_string(
        "surveys/poster.html",
        {
            "site": site,
            "department": department,
            "url": url,
            "lead": lead,
            "description": description,
            "dates": dates,
            "note": note,
            "qr": qr_svg(url, scale=10, title="QR code vers la page pour donner votre avis"),
        },
    )
    return HTML(string=html, base_url=settings.SITE_URL).write_pdf(pdf_tags=True)


def poster_pdf(campaign: Campaign, site: Site) -> bytes:
    return render_poster(
        site=site,
        department=campaign.department,
        url=public_url(campaign, site),
        lead=f"{campaign.title}\u202f: quelques questions, deux minutes, sans compte et sans donner votre nom.",
        description=f"Affiche de l'enquête de satisfaction {campaign.title}",
        dates=f"Du {date_format(campaign.start, 'j F Y')} au {date_format(campaign.end, 'j F Y')}",
        note="Un questionnaire papier est aussi disponible à l'accueil.",
    )

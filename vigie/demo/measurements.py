"""Demo measurements: a full year (2021) for the Préfecture de la Charente, from the seed's tables,
saved through the same service as imports (source « import »)."""

from __future__ import annotations

from decimal import Decimal

from vigie.indicators.imports import ParsedRow
from vigie.indicators.services import save_measurements
from vigie.organisation.models import Department

from . import seed_figures as f


def demo_row(line, indicator, site, period, numerator, denominator, published=None, comment="") -> ParsedRow:
    """A measurement row as an import reads it, from plain numbers."""
    return ParsedRow(
        line=line,
        indicator=indicator,
        site=site,
        period=period,
        numerator=None if numerator is None else Decimal(numerator),
        denominator=None if denominator is None else Decimal(denominator),
        published_value=None if published is None else Decimal(published),
        comment=comment,
    )


def charente_rows() -> list[ParsedRow]:
    year, site = f.CHARENTE_YEAR, "pref-16"
    rows: list[ParsedRow] = []

    def add(indicator, period, numerator, denominator, published=None, site=site, comment=""):
        rows.append(demo_row(len(rows) + 1, indicator, site, period, numerator, denominator, published, comment))

    for m in range(12):
        period = f"{year}-{m + 1:02d}"
        received = f.CALLS_RECEIVED[m]
        add("TEL-DECROCHE", period, received - f.CALLS_LOST[m], received, f.CALLS_PUBLISHED_RATE[m])
        add("WEB-CONNEXION", period, f.WEB_VISITS[m], f.CHARENTE_POPULATION, f.WEB_PUBLISHED_RATE[m], site=None)
        add(
            "RS-ENGAGEMENT",
            period,
            f.TWITTER_ENGAGEMENTS[m] + f.FACEBOOK_ENGAGEMENTS[m],
            f.TWITTER_IMPRESSIONS[m] + f.FACEBOOK_IMPRESSIONS[m],
            f.SOCIAL_PUBLISHED_RATE[m],
            site=None,
        )
        add(
            "SEJOUR-1ERE-DELAI",
            period,
            f.FIRST_PERMIT_DELAY[m] * f.FIRST_PERMIT_DECISIONS[m],
            f.FIRST_PERMIT_DECISIONS[m],
            f.FIRST_PERMIT_DELAY[m],
        )
        add(
            "SEJOUR-RENOUV-DELAI",
            period,
            f.RENEWAL_DELAY[m] * f.RENEWAL_DECISIONS[m],
            f.RENEWAL_DECISIONS[m],
            f.RENEWAL_DELAY[m],
        )
    for code, means in f.TITLE_DELAYS.items():
        for q, mean in enumerate(means, start=1):
            add(code, f"{year}-T{q}", None, None, mean, comment="moyenne publiée ; nombre de titres inconnu")
    return rows


def build_demo_measurements() -> None:
    department = Department.objects.get(code="16")
    save_measurements(actor=None, department=department, rows=charente_rows(), source="imported")

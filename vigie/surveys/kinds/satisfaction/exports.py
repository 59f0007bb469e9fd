"""A campaign's results as a spreadsheet (core/spreadsheets.py), with the rule and the counts of each figure."""

from __future__ import annotations

from vigie.core.spreadsheets import xlsx_response

from .queries import CampaignResults
from .rules import INTERVAL_RULE

HEADER = [
    "Code",
    "Critère",
    "Échelle",
    "Répondants au critère",
    "Satisfaits (ou « oui »)",
    "Sans avis",
    "Taux (%)",
    "IC 95 % bas (%)",
    "IC 95 % haut (%)",
    "Échantillon faible (< 30)",
    "Taux de la campagne précédente (%)",
    "Évolution (points)",
    "Moyenne (étoiles)",
    "Règle",
]


def _number(value):
    return None if value is None else round(float(value), 4)


def results_xlsx(results: CampaignResults):
    where = results.site.name if results.site else "tous les sites"
    rows = [
        [
            c.code,
            c.label,
            c.scale,
            c.answered,
            c.satisfied,
            c.tally.no_opinion,
            _number(c.rate),
            _number(c.ci_low),
            _number(c.ci_high),
            "oui" if c.small_sample else "non",
            _number(c.previous_rate),
            _number(c.change_points),
            _number(c.tally.mean),
            c.rule,
        ]
        for c in results.criteria
    ]
    rows.append([])
    rows.append(["", INTERVAL_RULE])
    return xlsx_response(
        title=f"{results.campaign.title} — {where} — {results.respondents} répondants",
        header=HEADER,
        rows=rows,
        filename=f"resultats-enquete-{results.campaign.start:%Y-%m-%d}.xlsx",
        sheet_title="Résultats",
    )

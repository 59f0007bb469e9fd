"""The yearly results of a department or a site (tagged PDF): every indicator with its value, basis, target and
status, charts drawn by matplotlib, the satisfaction survey, complaints, action plan and label."""

from __future__ import annotations

from vigie.documents.blocks import Content, Figure, Heading, Paragraph
from vigie.documents.charts import indicators_chart, satisfaction_chart
from vigie.documents.minutes import section_table
from vigie.documents.pdf import content_pdf
from vigie.documents.sources import Figures
from vigie.documents.text import date_fr


def results_content(figures: Figures) -> Content:
    content = Content(f"Résultats {figures.year} — {figures.subject}")
    content.add(
        Heading(content.title, 1),
        Paragraph(
            f"Chiffres calculés par Vigie le {date_fr(figures.computed_at)} à partir des données enregistrées. Chaque "
            "taux est donné avec sa base (numérateur / dénominateur) ; un indicateur sans cible n'a pas de statut.",
            muted=True,
        ),
        Heading("Indicateurs", 2),
    )
    if figures.indicators:
        if any(f.is_rate for f in figures.indicators):
            content.add(
                Figure(
                    indicators_chart(list(figures.indicators), figures.year),
                    alt="Graphique : taux de l'année et cible de chaque indicateur ; les valeurs sont dans le tableau.",
                    caption="Taux de l'année et cibles (les valeurs exactes et leurs bases sont dans le tableau).",
                )
            )
        content.add(section_table("indicators", figures))
    else:
        content.add(Paragraph(f"Aucune mesure en {figures.year}.", muted=True))
    if figures.satisfaction:
        content.add(Heading("Satisfaction des usagers", 2))
        content.add(
            Figure(
                satisfaction_chart(figures.satisfaction, figures.year),
                alt="Graphique : taux de satisfaction par critère, N-1 et N (valeurs dans le tableau).",
            ),
            section_table("satisfaction", figures),
        )
    for section, title in (
        ("complaints", "Réclamations"),
        ("action_plan", "Plan d'actions"),
        ("spplus", "Services Publics+"),
        ("audits", "Label"),
    ):
        table = section_table(section, figures)
        if table is not None:
            content.add(Heading(title, 2), table)
    return content


def build_results_pdf(figures: Figures) -> bytes:
    return content_pdf(results_content(figures), subject=figures.subject)

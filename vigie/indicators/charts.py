"""Bar charts of the State design system (`<bar-chart>`), and the series of the projection's
`<line-chart>` (@gouvfr/dsfr-chart). The data table sits beside each chart."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.templatetags.static import static
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from vigie.core.formatting import format_number


def bar_chart(
    *,
    title: str,
    labels: list[str],
    values: list[float | None],
    target: float | None = None,
    unit: str = "",
    decimals: int = 1,
) -> SafeString:
    """The State design system's `<bar-chart>` (@gouvfr/dsfr-chart, vendored: axes, values on hover, French
    labels), never a hand-drawn SVG. The data table sits beside each chart and holds every value; read without
    JavaScript, the table is the chart. The target is written under the chart (the component draws no line)."""
    series = [None if v is None else round(v, decimals) for v in values]
    if not any(v is not None for v in series):
        return mark_safe("")  # noqa: S308 - nothing to draw: the table says « pas de mesure »
    target_text = (
        f'<p class="fr-text--sm fr-mb-0">Cible : {escape(format_number(target, decimals))}{escape(unit)}</p>'
        if target is not None
        else ""
    )
    return mark_safe(  # noqa: S308 - every text is escaped
        f'<figure class="fr-m-0 vigie-chart-figure" aria-label="{escape(title)} (valeurs dans le tableau ci-contre)">'
        f'<link rel="stylesheet" href="{static("vendor/dsfr-chart-2.0.4/DSFRChart.css")}">'
        f'<script type="module" src="{static("vendor/dsfr-chart-2.0.4/DSFRChart.js")}"></script>'
        f'<bar-chart x="{escape(json.dumps([labels], ensure_ascii=False))}" y="{escape(json.dumps([series]))}" '
        f'name="{escape(json.dumps([title], ensure_ascii=False))}" y-min="0" '
        f'unit-tooltip="{escape(unit.strip())}" selected-palette="default"></bar-chart>{target_text}</figure>'
    )


@dataclass(frozen=True)
class ProjectionChart:
    """Series for the State design system's `<line-chart>` (@gouvfr/dsfr-chart): the known months, then the
    projection and its 80 % and 95 % bounds over the projected months."""

    x: str
    y: str
    names: str


def projection_chart(state) -> ProjectionChart:
    history = list(zip(state.series.periods, state.series.values, strict=True))[-24:]
    points = state.forecast.points
    known_x = [str(p) for p, _ in history]
    future_x = [f"{p.year}-{p.month:02d}" for p in points]
    series = [
        (known_x, [round(v) for _, v in history], "Connu"),
        (future_x, [round(p.value) for p in points], "Projection"),
        (future_x, [round(p.low80) for p in points], "Bas 80 %"),
        (future_x, [round(p.high80) for p in points], "Haut 80 %"),
        (future_x, [round(p.low95) for p in points], "Bas 95 %"),
        (future_x, [round(p.high95) for p in points], "Haut 95 %"),
    ]
    return ProjectionChart(
        x=json.dumps([s[0] for s in series]),
        y=json.dumps([s[1] for s in series]),
        names=json.dumps([s[2] for s in series], ensure_ascii=False),
    )

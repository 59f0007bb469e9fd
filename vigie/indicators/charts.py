"""Accessible inline SVG bar charts (no JavaScript, no external resource), and the series of the projection's
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
    labels), and for a page read without JavaScript an inline SVG with a value axis, each value written above its
    bar and 14 px labels. The data table sits beside each chart."""
    present = [round(v, decimals) for v in values if v is not None]
    series = [None if v is None else round(v, decimals) for v in values]
    component = (
        f'<link rel="stylesheet" href="{static("vendor/dsfr-chart-2.0.4/DSFRChart.css")}">'
        f'<script type="module" src="{static("vendor/dsfr-chart-2.0.4/DSFRChart.js")}"></script>'
        f'<bar-chart x="{escape(json.dumps([labels], ensure_ascii=False))}" y="{escape(json.dumps([series]))}" '
        f'name="{escape(json.dumps([title], ensure_ascii=False))}" y-min="0" '
        f'unit-tooltip="{escape(unit.strip())}" selected-palette="default"></bar-chart>'
    )
    figure = (
        f'<figure class="fr-m-0 vigie-chart-figure" aria-label="{escape(title)} (valeurs dans le tableau ci-contre)">'
        f"{component}<noscript>{_svg_bars(title, labels, values, target, unit, decimals)}</noscript></figure>"
    )
    return mark_safe(figure if present else _svg_bars(title, labels, values, target, unit, decimals))  # noqa: S308


def _svg_bars(title, labels, values, target, unit, decimals) -> str:
    """Inline SVG bars with a value axis (0, half, top), each value above its bar, 14 px labels."""
    width, height, left, bottom, top = 640, 280, 64, 34, 24
    present = [v for v in values if v is not None]
    ceiling = max([*present, target or 0, 1]) * 1.15
    plot_h, plot_w = height - bottom - top, width - left - 8
    step = plot_w / max(len(values), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)} (données dans le tableau ci-contre)" class="vigie-chart">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#3a3a3a"/>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" stroke="#3a3a3a"/>',
    ]
    for tick in (0, ceiling / 2, ceiling):
        y = top + plot_h - plot_h * tick / ceiling
        parts.append(
            f'<text x="{left - 6}" y="{y + 5:.1f}" font-size="14" text-anchor="end" fill="#3a3a3a">'
            f"{escape(format_number(tick, 0))}{escape(unit)}</text>"
        )
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + i * step + step * 0.15
        if value is not None:
            h = plot_h * value / ceiling
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
                f'fill="#000091"/>'
            )
            parts.append(
                f'<text x="{x + step * 0.35:.1f}" y="{top + plot_h - h - 4:.1f}" font-size="13" '
                f'text-anchor="middle" fill="#161616">{escape(format_number(value, decimals))}</text>'
            )
        parts.append(
            f'<text x="{x + step * 0.35:.1f}" y="{height - 10}" font-size="14" text-anchor="middle" '
            f'fill="#3a3a3a">{escape(label)}</text>'
        )
    if target is not None:
        y = top + plot_h - plot_h * target / ceiling
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 8}" y2="{y:.1f}" stroke="#ce0500" stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="{width - 10}" y="{y - 4:.1f}" font-size="14" text-anchor="end" fill="#ce0500">'
            f"cible {format_number(target, 0)}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


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

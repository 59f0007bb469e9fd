"""Accessible inline SVG bar charts (no JavaScript, no external resource), and the series of the projection's
`<line-chart>` (@gouvfr/dsfr-chart). The data table sits beside each chart."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from vigie.core.formatting import format_number


def bar_chart(
    *, title: str, labels: list[str], values: list[float | None], target: float | None = None, unit: str = ""
) -> SafeString:
    width, height, left, bottom, top = 640, 240, 48, 28, 12
    present = [v for v in values if v is not None]
    ceiling = max([*present, target or 0, 1]) * 1.1
    plot_h, plot_w = height - bottom - top, width - left - 8
    step = plot_w / max(len(values), 1)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)} (données dans le tableau ci-contre)" class="vigie-chart">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 8}" y2="{top + plot_h}" stroke="#3a3a3a"/>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = left + i * step + step * 0.15
        if value is not None:
            h = plot_h * value / ceiling
            parts.append(
                f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" '
                f'fill="#000091"/>'
            )
        parts.append(
            f'<text x="{x + step * 0.35:.1f}" y="{height - 10}" font-size="11" text-anchor="middle" '
            f'fill="#3a3a3a">{escape(label)}</text>'
        )
    if target is not None:
        y = top + plot_h - plot_h * target / ceiling
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - 8}" y2="{y:.1f}" stroke="#ce0500" stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="4" y="{y + 4:.1f}" font-size="11" fill="#ce0500">cible {format_number(target, 0)}'
            f"{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


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

"""Accessible inline SVG bar charts (no JavaScript, no external resource). The data table sits beside them."""

from __future__ import annotations

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

"""Charts of the PDF documents, drawn by matplotlib (Agg backend, PNG): indicators against their targets, and the
satisfaction rates of two years. The slide deck draws its own charts natively (python-pptx)."""

from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")
from matplotlib import font_manager  # noqa: E402 - after choosing the backend
from matplotlib import pyplot as plt  # noqa: E402

from .sources import IndicatorFigure, Satisfaction  # noqa: E402

BLUE, LIGHT_BLUE, RED, GREY = "#000091", "#9A9AFF", "#E1000F", "#666666"
# Arial's metric twin where installed, else matplotlib's own font (never a « font not found » warning per chart)
_FONTS = {font.name for font in font_manager.fontManager.ttflist}
plt.rcParams.update(
    {"font.family": [f for f in ("Arial", "Liberation Sans") if f in _FONTS] or ["DejaVu Sans"], "font.size": 9}
)


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=150, bbox_inches="tight", metadata={"Software": None})
    plt.close(figure)
    return buffer.getvalue()


def _label(text: str, width: int = 38) -> str:
    return "\n".join(textwrap.wrap(text, width)[:2])


def indicators_chart(figures: list[IndicatorFigure], year: int) -> bytes:
    """Horizontal bars: each rate's value beside its target (rates only, in %)."""
    rates = [f for f in figures if f.is_rate and f.value is not None][:12]
    height = 0.55 * len(rates) + 1.2
    figure, axis = plt.subplots(figsize=(7.2, height))
    positions = range(len(rates))
    axis.barh([p + 0.2 for p in positions], [f.value for f in rates], height=0.38, color=BLUE, label=str(year))
    axis.barh(
        [p - 0.2 for p in positions], [f.target or 0 for f in rates], height=0.38, color=LIGHT_BLUE, label="Cible"
    )
    for p, f in zip(positions, rates, strict=True):
        axis.text(f.value + 1, p + 0.2, f.value_text.replace("\u202f", " "), va="center", fontsize=8)
    axis.set_yticks(list(positions), [_label(f.name) for f in rates])
    axis.invert_yaxis()
    axis.set_xlim(0, 110)
    axis.set_xlabel("%")
    axis.spines[["top", "right"]].set_visible(False)
    axis.legend(loc="lower right", frameon=False)
    return _png(figure)


def satisfaction_chart(data: Satisfaction, year: int) -> bytes:
    criteria = list(data.criteria[:10])
    figure, axis = plt.subplots(figsize=(7.2, 3.2))
    positions = range(len(criteria))
    axis.bar(
        [p - 0.2 for p in positions], [c.previous or 0 for c in criteria], width=0.38, color=LIGHT_BLUE, label="N-1"
    )
    axis.bar([p + 0.2 for p in positions], [c.rate or 0 for c in criteria], width=0.38, color=BLUE, label=str(year))
    axis.set_xticks(list(positions), [_label(c.label, 16) for c in criteria], fontsize=7.5)
    axis.set_ylim(0, 105)
    axis.set_ylabel("% de satisfaits")
    axis.spines[["top", "right"]].set_visible(False)
    axis.legend(frameon=False, ncols=2, loc="upper right")
    return _png(figure)

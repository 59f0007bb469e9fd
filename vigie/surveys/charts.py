"""Data for the State design system's `<bar-chart>` (@gouvfr/dsfr-chart, vendored in core/static/vendor, as the
consolidation pages use it): French labels on the axis, the values in the tooltip and on the axis. Every chart has
its data table beside it in the template."""

from __future__ import annotations

import json
from dataclasses import dataclass

LABEL_LENGTH = 40


def short_label(text: str, length: int = LABEL_LENGTH) -> str:
    """A label the axis can hold: cut at a word, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


@dataclass(frozen=True)
class BarChart:
    labels: list[str]
    values: list[float]
    name: str  # the series' name, shown in the legend and the tooltip
    unit: str = ""
    maximum: float | None = None  # the scale's top (5 for a mark out of 5, 100 for a rate), not the data's

    @property
    def x(self) -> str:
        return json.dumps([self.labels], ensure_ascii=False)

    @property
    def y(self) -> str:
        return json.dumps([self.values])

    @property
    def names(self) -> str:
        return json.dumps([self.name], ensure_ascii=False)


def bar_chart(
    *,
    labels: list[str],
    values: list[float],
    name: str,
    unit: str = "",
    decimals: int = 1,
    maximum: float | None = None,
) -> BarChart:
    return BarChart([short_label(label) for label in labels], [round(v, decimals) for v in values], name, unit, maximum)

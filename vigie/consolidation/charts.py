"""Data for the State design system's chart components (@gouvfr/dsfr-chart, vendored in core/static/vendor): the
map of France by department (`<map-chart>`, overseas departments included) and the distribution of the
departments' values (`<bar-chart>`). Every chart has its data table beside it in the template."""

from __future__ import annotations

import json
from dataclasses import dataclass

from vigie.core.formatting import format_number

from .queries import Comparison
from .rules import Bin

DECIMALS = {"percent": 1, "days": 1, "working_days": 1, "count": 0}


def map_data(comparison: Comparison) -> dict[str, float]:
    """Department code → value, rounded for display (the table beside the map gives the exact basis)."""
    decimals = DECIMALS.get(comparison.indicator.unit, 1)
    return {
        line.department.code: round(float(line.result.value), decimals)
        for line in comparison.lines
        if line.result is not None and line.result.value is not None
    }


@dataclass(frozen=True)
class DistributionChart:
    labels: list[str]
    counts: list[int]

    @property
    def x(self) -> str:
        return json.dumps([self.labels], ensure_ascii=False)

    @property
    def y(self) -> str:
        return json.dumps([self.counts])

    @property
    def rows(self) -> list[tuple[str, int]]:
        return list(zip(self.labels, self.counts, strict=True))


def distribution_chart(bins: list[Bin], unit: str) -> DistributionChart | None:
    if not bins:
        return None
    decimals = DECIMALS.get(unit, 1)
    suffix = {"percent": "\u202f%", "days": "\u202fj", "working_days": "\u202fj"}.get(unit, "")
    labels = [f"{format_number(b.low, decimals)} à {format_number(b.high, decimals)}{suffix}" for b in bins]
    return DistributionChart(labels, [b.count for b in bins])

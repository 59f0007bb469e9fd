"""Reads: indicator results aggregated from measurements, by month, quarter or year."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from vigie.frameworks.models import Indicator
from vigie.organisation.models import Department, Site

from .models import Measurement
from .rules import GRANULARITY, Period, aggregate, target_met


@dataclass(frozen=True)
class Result:
    period: Period
    numerator: Fraction | None
    denominator: Fraction | None
    value: Fraction | None
    target: float | None
    met: bool | None
    basis_unknown: bool
    parts: int

    def as_json(self) -> dict:
        def number(x):
            if x is None:
                return None
            return int(x) if x.denominator == 1 else float(x)

        return {
            "period": str(self.period),
            "numerator": number(self.numerator),
            "denominator": number(self.denominator),
            "value": None if self.value is None else float(self.value),
            "target": self.target,
            "met": self.met,
        }


class ResultsError(ValueError):
    pass


def indicator_results(
    *, indicator: Indicator, department: Department, site: Site | None, year: int, by: str
) -> list[Result]:
    """One result per period of `year` at granularity `by`, in order, from the finest stored measurements.

    Department level (no site): per finest period, department-wide measurements when there are some
    (e.g. website visits), otherwise the sum of the sites' measurements.
    """
    if by not in GRANULARITY:
        raise ResultsError("« by » vaut month, quarter ou year")
    if GRANULARITY[by] < GRANULARITY[indicator.periodicity]:
        raise ResultsError(f"{indicator.code} est {indicator.get_periodicity_display()} : pas de détail plus fin")
    rows = Measurement.objects.filter(indicator=indicator, department=department, year=year).values_list(
        "site_id", "period_kind", "period_index", "numerator", "denominator", "basis_unknown"
    )
    if site is not None:
        rows = rows.filter(site=site)
    per_period: dict[Period, dict[str, list]] = defaultdict(lambda: {"department": [], "sites": []})
    for site_id, kind, index, numerator, denominator, basis_unknown in rows:
        slot = "department" if site_id is None else "sites"
        per_period[Period(year, kind, index)][slot].append((numerator, denominator, basis_unknown))
    buckets: dict[Period, list] = defaultdict(list)
    for period, slots in per_period.items():
        buckets[period.bucket(by)].extend(slots["department"] or slots["sites"])
    target = float(indicator.target_value) if indicator.target_value is not None else None
    results = []
    for period in sorted(buckets):
        parts = buckets[period]
        agg = aggregate(indicator.kind, indicator.aggregation, [(n, d) for n, d, _ in parts])
        results.append(
            Result(
                period=period,
                numerator=agg.numerator,
                denominator=agg.denominator,
                value=agg.value,
                target=target,
                met=target_met(agg.value, indicator.target_value, indicator.target_direction),
                basis_unknown=any(b for _, _, b in parts),
                parts=agg.parts,
            )
        )
    return results


def find_indicator(code: str, department: Department) -> Indicator | None:
    return (
        Indicator.objects.filter(code=code, department=department).first()
        or Indicator.objects.filter(code=code, department=None).first()
    )

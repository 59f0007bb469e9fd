"""Writes on measurements: validation, all-or-nothing saving, history."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import User
from django.db import transaction

from vigie.frameworks.models import Indicator
from vigie.organisation.models import Department, Site

from .imports import ParsedRow, ParseIssue
from .models import Measurement, MeasurementChange, PeriodKind, Source
from .rules import Period, PeriodError


class MeasurementsRejected(Exception):
    def __init__(self, errors: list[ParseIssue]):
        self.errors = errors
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class PlannedChange:
    row: ParsedRow
    indicator: Indicator
    site: Site | None
    period: Period
    numerator: Decimal | None
    denominator: Decimal | None
    basis_unknown: bool
    existing: Measurement | None
    action: str = ""

    def __post_init__(self) -> None:
        self.action = self._action()  # decided before any write: saving mutates `existing`

    def _action(self) -> str:
        if self.existing is None:
            return "create"
        same = (self.existing.numerator, self.existing.denominator, self.existing.published_value) == (
            self.numerator,
            self.denominator,
            self.row.published_value,
        )
        return "unchanged" if same else "update"


@dataclass
class Plan:
    changes: list[PlannedChange] = field(default_factory=list)
    errors: list[ParseIssue] = field(default_factory=list)
    warnings: list[ParseIssue] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)


def plan_measurements(*, department: Department, rows: list[ParsedRow]) -> Plan:
    """Validate rows against the database (indicators, sites, periodicity, basis) without writing."""
    plan = Plan()
    indicators = {i.code: i for i in Indicator.objects.filter(department=None)} | {
        i.code: i for i in Indicator.objects.filter(department=department)
    }
    sites = {s.code: s for s in Site.objects.filter(department=department)}
    existing = {
        (m.indicator_id, m.site_id, m.period_kind, m.year, m.period_index): m
        for m in Measurement.objects.filter(department=department, indicator__code__in={r.indicator for r in rows})
    }
    for row in rows:

        def fail(column: str | None, message: str, row=row) -> None:
            plan.errors.append(ParseIssue(row.line, column, message))

        indicator = indicators.get(row.indicator)
        if indicator is None:
            fail("indicator", f"indicateur « {row.indicator} » inconnu")
            continue
        site = None
        if row.site:
            site = sites.get(row.site)
            if site is None:
                fail("site", f"site « {row.site} » inconnu dans le département {department.code}")
                continue
        try:
            period = Period.parse(row.period)
        except PeriodError as exc:
            fail("period", str(exc))
            continue
        if period.kind != indicator.periodicity:
            fail(
                "period",
                f"{indicator.code} a une périodicité {indicator.get_periodicity_display()} : "
                f"la période « {row.period} » ne convient pas",
            )
            continue
        numerator, denominator = row.numerator, row.denominator
        basis_unknown = False
        if indicator.denominator_source == "department_population" and numerator is not None and denominator is None:
            denominator = Decimal(department.population)
        for column, value in (("numerator", numerator), ("denominator", denominator)):
            if value is not None and value < 0:
                fail(column, f"valeur négative ({value})")
        if indicator.kind == "count":
            if numerator is None:
                numerator = row.published_value
            if numerator is None:
                fail("numerator", "le compte est manquant")
                continue
            denominator = None
        elif numerator is None and denominator is None:
            if row.published_value is None:
                fail("numerator", "ni base (numérateur, dénominateur) ni valeur")
                continue
            # Only the published figure is known: it counts as one item, and results say so.
            basis_unknown = True
            numerator = row.published_value / 100 if indicator.kind == "rate" else row.published_value
            denominator = Decimal(1)
        elif numerator is None or denominator is None:
            fail("denominator" if denominator is None else "numerator", "numérateur et dénominateur vont ensemble")
            continue
        elif denominator == 0 and numerator:
            fail("denominator", "dénominateur nul pour un numérateur non nul")
            continue
        too_big = numerator is not None and denominator is not None and numerator > denominator
        if indicator.numerator_le_denominator and too_big:
            fail("numerator", f"le numérateur ({numerator}) dépasse le dénominateur ({denominator})")
            continue
        _check_published_value(plan, row, indicator, numerator, denominator, basis_unknown)
        key = (indicator.pk, site.pk if site else None, period.kind, period.year, period.index)
        plan.changes.append(
            PlannedChange(row, indicator, site, period, numerator, denominator, basis_unknown, existing.get(key))
        )
    seen: dict[tuple, int] = {}
    for change in plan.changes:
        key = (change.indicator.pk, change.site.pk if change.site else None, str(change.period))
        if key in seen:
            plan.errors.append(ParseIssue(change.row.line, None, f"mesure en double (déjà ligne {seen[key]})"))
        seen.setdefault(key, change.row.line)
    return plan


def _check_published_value(
    plan: Plan, row: ParsedRow, indicator: Indicator, numerator, denominator, basis_unknown: bool
) -> None:
    """A published value that disagrees with its basis beyond its own rounding is a warning; the basis is kept."""
    published = row.published_value
    if published is None or basis_unknown or indicator.kind == "count" or not denominator:
        return
    computed = numerator / denominator * (100 if indicator.kind == "rate" else 1)
    decimals = max(-published.as_tuple().exponent, 0)
    if abs(computed - published) > Decimal(5) / (Decimal(10) ** (decimals + 1)) + Decimal("1e-9"):
        shown = f"{computed:.{max(decimals, 1)}f}".replace(".", ",")
        printed = f"{published}".replace(".", ",")
        unit = "\u202f%" if indicator.kind == "rate" else ""  # narrow no-break space, as in displays
        plan.warnings.append(
            ParseIssue(
                row.line,
                "value",
                f"valeur publiée {printed}{unit} ≠ {shown}{unit} calculée à partir de la base "
                f"({numerator} / {denominator}) ; la base est conservée",
            )
        )


def _decimal_text(x: Decimal | None) -> str | None:
    return None if x is None else str(Decimal(x).quantize(Decimal("0.0001")))  # as stored (4 decimals)


def _snapshot(m: Measurement) -> dict:
    return {
        "numerator": _decimal_text(m.numerator),
        "denominator": _decimal_text(m.denominator),
        "published_value": _decimal_text(m.published_value),
        "comment": m.comment,
    }


@transaction.atomic
def save_measurements(*, actor: User | None, department: Department, rows: list[ParsedRow], source: str) -> Plan:
    """Save every row or none: any error refuses the whole batch. Each change is kept in the history.

    Writers of one department's measurements are serialized (row lock on the department): two concurrent
    batches (an import, the register's computed indicators) would otherwise both plan to create the same
    measurement and one would break the unique constraint."""
    Department.objects.select_for_update().filter(pk=department.pk).exists()
    plan = plan_measurements(department=department, rows=rows)
    if plan.errors:
        raise MeasurementsRejected(plan.errors)
    for change in plan.changes:
        if change.action == "unchanged":
            continue
        measurement = change.existing or Measurement(
            indicator=change.indicator,
            department=department,
            site=change.site,
            period_kind=change.period.kind,
            year=change.period.year,
            period_index=change.period.index,
        )
        old = _snapshot(measurement) if change.existing else None
        measurement.numerator, measurement.denominator = change.numerator, change.denominator
        measurement.published_value = change.row.published_value
        measurement.basis_unknown = change.basis_unknown
        measurement.comment = change.row.comment[:500]
        measurement.source = source
        measurement.updated_by = actor
        measurement.save()
        MeasurementChange.objects.create(
            measurement=measurement, changed_by=actor, source=source, old=old, new=_snapshot(measurement)
        )
    return plan


def delete_stale_computed(*, department: Department, year: int, codes: list[str], rows: list[ParsedRow]) -> int:
    """Delete the computed monthly measurements of `codes` in the department's year that `rows` (the complete new
    computation) no longer contain. Imported and hand-entered measurements are never touched. Returns how many."""
    kept = {(row.indicator, row.site, row.period) for row in rows}
    stale = [
        pk
        for pk, code, site, month in Measurement.objects.filter(
            department=department,
            year=year,
            source=Source.COMPUTED,
            period_kind=PeriodKind.MONTH,
            indicator__code__in=codes,
        ).values_list("pk", "indicator__code", "site__code", "period_index")
        if (code, site, f"{year}-{month:02d}") not in kept
    ]
    Measurement.objects.filter(pk__in=stale).delete()
    return len(stale)


__all__ = [
    "MeasurementsRejected",
    "Plan",
    "delete_stale_computed",
    "plan_measurements",
    "save_measurements",
    "Source",
]

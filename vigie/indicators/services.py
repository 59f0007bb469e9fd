"""Writes on measurements: validation, all-or-nothing saving, history."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from vigie.core.issues import capped
from vigie.core.periods import Period, PeriodError, PeriodKind
from vigie.frameworks.models import Indicator
from vigie.organisation.models import Department, Site

from .bulk import write_changes
from .imports import ParsedRow, ParseIssue
from .models import Measurement, Source


class MeasurementsRejected(Exception):
    """Nothing was saved; `errors` holds every error, the message the first ISSUES_SHOWN and the total."""

    def __init__(self, errors: list[ParseIssue]):
        self.errors = errors
        super().__init__(str(capped(errors)))


@dataclass(frozen=True)
class ComputedValue:
    """One measurement an app computes from its own records, for `record_computed`. The basis is the indicator's:
    rate → numerator / denominator; mean → sum of the quantity / number of items; count → the count alone."""

    indicator: str  # the indicator's code (national, or local to the department)
    period: Period  # a month, a quarter or a year: the indicator's periodicity
    numerator: Decimal
    denominator: Decimal | None = None
    site: Site | None = None  # None: the whole department


@dataclass(frozen=True)
class Recorded:
    """What `record_computed` did."""

    created: int
    updated: int
    unchanged: int
    deleted: int


@dataclass(slots=True)
class _Entry:
    """One measurement to plan, resolved against the database (from a file row or a computed value)."""

    line: int
    indicator: Indicator
    site: Site | None
    period: Period
    kind: str  # the period's kind, year and index, read once per distinct period
    year: int
    index: int
    period_text: str  # as written in the file, for the messages
    numerator: Decimal | None
    denominator: Decimal | None
    published_value: Decimal | None = None
    comment: str = ""

    @classmethod
    def of(cls, line: int, indicator: Indicator, site: Site | None, period: Period, **values) -> _Entry:
        return cls(line, indicator, site, period, period.kind, period.year, period.index, str(period), **values)


class Stored(NamedTuple):
    """What the plan needs of a stored measurement (read as a tuple, not as a model instance)."""

    pk: int
    numerator: Decimal | None
    denominator: Decimal | None
    published_value: Decimal | None
    comment: str


@dataclass(slots=True)
class PlannedChange:
    line: int
    indicator: Indicator
    site: Site | None
    period: Period
    numerator: Decimal | None
    denominator: Decimal | None
    basis_unknown: bool
    existing: Stored | None
    published_value: Decimal | None = None
    comment: str = ""
    action: str = ""
    key: tuple = ()  # (indicator pk, site pk or None, period kind, year, index): the measurement's identity

    def __post_init__(self) -> None:
        self.action = self._action()

    def _action(self) -> str:
        if self.existing is None:
            return "create"
        same = (self.existing.numerator, self.existing.denominator, self.existing.published_value) == (
            self.numerator,
            self.denominator,
            self.published_value,
        )
        return "unchanged" if same else "update"


@dataclass
class Plan:
    changes: list[PlannedChange] = field(default_factory=list)
    errors: list[ParseIssue] = field(default_factory=list)
    warnings: list[ParseIssue] = field(default_factory=list)
    # (indicator, site, year, yearly value alone?) of the planned changes, for the yearly-alone rule
    planned_years: set[tuple] = field(default_factory=set, repr=False)

    def count(self, action: str) -> int:
        return sum(1 for c in self.changes if c.action == action)


def _indicators_of(department: Department, codes: Collection[str] | None = None) -> dict[str, Indicator]:
    """National indicators by code, overridden by the department's local ones (only `codes` when given)."""
    indicators = Indicator.objects.filter(Q(department=None) | Q(department=department))
    if codes is not None:
        indicators = indicators.filter(code__in=codes)
    national, local = {}, {}
    for indicator in indicators:
        (national if indicator.department_id is None else local)[indicator.code] = indicator
    return national | local


@dataclass
class _Existing:
    """The stored measurements a plan is checked against, read once: by identity (indicator pk, site pk or None,
    period kind, year, index), and the (indicator pk, site pk, year, yearly value alone?) they cover."""

    rows: dict[tuple, Stored]
    years: set[tuple]


def _existing(
    department: Department, codes: set[str], *, span: Period | None = None, site: Site | None = None
) -> _Existing:
    """The department's measurements of `codes` (only the years of `span` and the rows of `site` when given)."""
    measurements = Measurement.objects.filter(department=department, indicator__code__in=codes)
    if span is not None:
        measurements = measurements.filter(year__gte=span.start.year, year__lte=span.end.year)
    if site is not None:
        measurements = measurements.filter(site=site)
    rows, years = {}, set()
    for indicator, site_pk, kind, year, index, *stored in measurements.values_list(
        "indicator_id", "site_id", "period_kind", "year", "period_index", *Stored._fields
    ):
        rows[(indicator, site_pk, kind, year, index)] = Stored(*stored)
        years.add((indicator, site_pk, year, kind == PeriodKind.YEAR))
    return _Existing(rows, years)


def plan_measurements(*, department: Department, rows: list[ParsedRow]) -> Plan:
    """Validate rows against the database (indicators, sites, periodicity, basis) without writing. No row at all
    is an error: an import that would save nothing says so. The catalogue, the sites and the stored measurements
    are read once into dictionaries, and each distinct period text is parsed once."""
    plan = Plan()
    if not rows:
        plan.errors.append(ParseIssue(None, None, "aucune mesure à enregistrer"))
    indicators = _indicators_of(department)
    sites = {s.code: s for s in Site.objects.filter(department=department)}
    # only known codes go into the query: a code from a file or the API may hold anything (PostgreSQL refuses NUL)
    existing = _existing(department, {r.indicator for r in rows if r.indicator in indicators})
    periods: dict[str, tuple | PeriodError] = {}
    for row in rows:
        indicator = indicators.get(row.indicator)
        if indicator is None:
            plan.errors.append(ParseIssue(row.line, "indicator", f"indicateur « {row.indicator} » inconnu"))
            continue
        site = None
        if row.site:
            site = sites.get(row.site)
            if site is None:
                message = f"site « {row.site} » inconnu dans le département {department.code}"
                plan.errors.append(ParseIssue(row.line, "site", message))
                continue
        period = periods.get(row.period)
        if period is None:
            try:
                parsed = Period.parse(row.period)
                period = periods[row.period] = (parsed, parsed.kind, parsed.year, parsed.index)
            except PeriodError as exc:
                period = periods[row.period] = exc
        if isinstance(period, PeriodError):
            plan.errors.append(ParseIssue(row.line, "period", str(period)))
            continue
        entry = _Entry(
            row.line,
            indicator,
            site,
            *period,
            row.period,
            row.numerator,
            row.denominator,
            row.published_value,
            row.comment,
        )
        _plan_entry(plan, department, entry, existing)
    _check_duplicates(plan)
    return plan


def _plan_entry(plan: Plan, department: Department, entry: _Entry, existing: _Existing) -> None:
    """Check one measurement against its indicator (periodicity, basis) and add it to the plan, or an error."""
    indicator, kind = entry.indicator, entry.kind

    def fail(column: str | None, message: str) -> None:
        plan.errors.append(ParseIssue(entry.line, column, message))

    # a yearly value alone for a finer indicator (a past year known only as a whole): allowed for a year with no
    # finer measurement of the same indicator and site, and then no finer measurement may join it
    periodicity = indicator.periodicity
    yearly_only = kind == PeriodKind.YEAR and periodicity != PeriodKind.YEAR
    if kind != periodicity and not yearly_only:
        fail(
            "period",
            f"{indicator.code} a une périodicité {indicator.get_periodicity_display()} : "
            f"la période « {entry.period_text} » ne convient pas",
        )
        return
    indicator_pk = indicator.id  # not `.pk`: a property, read per row
    site_pk = entry.site.id if entry.site is not None else None
    if periodicity != PeriodKind.YEAR:
        # stored or planned: a yearly value alone meets finer values of its year, or the other way round
        clash = (indicator_pk, site_pk, entry.year, not yearly_only)
        if clash in existing.years or clash in plan.planned_years:
            fail("period", _yearly_conflict(entry, yearly=yearly_only))
            return
    numerator, denominator = entry.numerator, entry.denominator
    basis_unknown = False
    if indicator.denominator_source == "department_population" and numerator is not None and denominator is None:
        denominator = Decimal(department.population)
    if numerator is not None and numerator < 0:
        fail("numerator", f"valeur négative ({numerator})")
    if denominator is not None and denominator < 0:
        fail("denominator", f"valeur négative ({denominator})")
    if indicator.kind == "count":
        if numerator is None:
            numerator = entry.published_value
        if numerator is None:
            fail("numerator", "le compte est manquant")
            return
        denominator = None
    elif numerator is None and denominator is None:
        if entry.published_value is None:
            fail("numerator", "ni base (numérateur, dénominateur) ni valeur")
            return
        # Only the published figure is known: it counts as one item, and results say so.
        basis_unknown = True
        numerator = entry.published_value / 100 if indicator.kind == "rate" else entry.published_value
        denominator = Decimal(1)
    elif numerator is None or denominator is None:
        fail("denominator" if denominator is None else "numerator", "numérateur et dénominateur vont ensemble")
        return
    elif denominator == 0 and numerator:
        fail("denominator", "dénominateur nul pour un numérateur non nul")
        return
    too_big = numerator is not None and denominator is not None and numerator > denominator
    if indicator.numerator_le_denominator and too_big:
        fail("numerator", f"le numérateur ({numerator}) dépasse le dénominateur ({denominator})")
        return
    if entry.published_value is not None:
        _check_published_value(plan, entry, numerator, denominator, basis_unknown)
    key = (indicator_pk, site_pk, kind, entry.year, entry.index)
    plan.changes.append(
        PlannedChange(
            entry.line,
            indicator,
            entry.site,
            entry.period,
            numerator,
            denominator,
            basis_unknown,
            existing.rows.get(key),
            entry.published_value,
            entry.comment,
            key=key,
        )
    )
    plan.planned_years.add((indicator_pk, site_pk, entry.year, kind == PeriodKind.YEAR))


def _yearly_conflict(entry: _Entry, *, yearly: bool) -> str:
    """Why a yearly value alone and finer values of the same indicator, site and year cannot be mixed (in the
    database or in the same file)."""
    indicator, year = entry.indicator, entry.year
    where = f" (site {entry.site.code})" if entry.site else ""
    finer = indicator.get_periodicity_display()
    if yearly:
        return (
            f"{indicator.code}{where} a déjà des mesures de périodicité {finer} en {year} : une valeur annuelle "
            "seule n'est acceptée que pour une année sans ces mesures"
        )
    return (
        f"{indicator.code}{where} a une valeur annuelle seule pour {year} : les mesures de périodicité {finer} "
        "de cette année ne peuvent pas s'y ajouter (supprimez d'abord la valeur annuelle)"
    )


def _check_duplicates(plan: Plan) -> None:
    seen: dict[tuple, int] = {}
    for change in plan.changes:
        line = seen.get(change.key)
        if line is None:
            seen[change.key] = change.line
        else:
            plan.errors.append(ParseIssue(change.line, None, f"mesure en double (déjà ligne {line})"))


def _check_published_value(
    plan: Plan, entry: _Entry, numerator: Decimal | None, denominator: Decimal | None, basis_unknown: bool
) -> None:
    """A published value that disagrees with its basis beyond its own rounding is a warning; the basis is kept."""
    published, indicator = entry.published_value, entry.indicator
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
                entry.line,
                "value",
                f"valeur publiée {printed}{unit} ≠ {shown}{unit} calculée à partir de la base "
                f"({numerator} / {denominator}) ; la base est conservée",
            )
        )


def _lock(department: Department) -> None:
    """Writers of one department's measurements are serialized (row lock on the department): two concurrent
    batches (an import, the register's computed indicators) would otherwise both plan to create the same
    measurement and one would break the unique constraint. NO KEY: the department's other writes (a request,
    whose foreign key share-locks the row) never wait for it (nor deadlock with it)."""
    Department.objects.select_for_update(no_key=True).filter(pk=department.pk).exists()


def _apply(plan: Plan, *, actor: User | None, department: Department, source: str) -> None:
    """Write a plan without errors: each created or changed measurement gets a history row (vigie.indicators.bulk:
    COPY and set-based statements on PostgreSQL, batches elsewhere)."""
    changes = [c for c in plan.changes if c.action != "unchanged"]
    write_changes(changes, actor=actor, department=department, source=source, now=timezone.now())


@transaction.atomic
def save_measurements(*, actor: User | None, department: Department, rows: list[ParsedRow], source: str) -> Plan:
    """Save every row or none: any error refuses the whole batch. Each change is kept in the history."""
    _lock(department)
    plan = plan_measurements(department=department, rows=rows)
    if plan.errors:
        raise MeasurementsRejected(plan.errors)
    _apply(plan, actor=actor, department=department, source=source)
    return plan


@transaction.atomic
def record_computed(
    *,
    department: Department,
    span: Period,
    codes: Collection[str],
    values: Iterable[ComputedValue],
    site: Site | None = None,
) -> Recorded:
    """Publish the measurements an app computes from its own records, in place of what it published before.

    `values` is the complete computation, in `department`, of the indicators `codes` over `span` (e.g. every month
    of a year): each value names one of `codes` and a period inside `span`. Values are checked like any measurement
    (indicator known, periodicity, basis, numerator ≤ denominator): one refused value refuses the whole batch
    (MeasurementsRejected). Each created or changed measurement gets its history row (author « Vigie », source
    « computed »). A computed measurement of `codes` inside `span` that `values` no longer contains is deleted (a
    request requalified or moved: the published figures stay those of the records); typed, imported or API
    measurements are never touched. All in one transaction, under the department's lock.

    The register publishes its timeliness indicators this way (register/indicators.py). Another app (surveys,
    improvement) does the same: declare its indicators in the catalogue (`computed_by_vigie: true`), compute their
    basis per site or department and per period from its records, and call
        record_computed(department=d, span=Period.of_year(2024), codes=["SATISFACTION-GLOBALE"],
                        values=[ComputedValue("SATISFACTION-GLOBALE", Period.of_year(2024), Decimal(152),
                                              Decimal(180), site=site)])
    whenever its records change (in `transaction.on_commit`), and from a command that recomputes a year.

    With `site`, `values` is the complete computation of that site only (one cell: a site and a month, after one
    request changed): the other sites' measurements are neither read nor touched, so the cost does not grow with
    the department's records."""
    values, codes = list(values), set(codes)
    for value in values:
        if value.indicator not in codes or not span.contains(value.period):
            raise ValueError(f"{value.indicator} {value.period} : hors de {sorted(codes)} sur {span}")
        if site is not None and value.site != site:
            raise ValueError(f"{value.indicator} {value.period} : hors du site {site.code}")
    _lock(department)
    indicators, plan = _indicators_of(department, codes), Plan()
    existing = _existing(department, codes, span=span, site=site)
    for line, value in enumerate(values, start=1):
        indicator = indicators.get(value.indicator)
        if indicator is None:
            plan.errors.append(ParseIssue(line, "indicator", f"indicateur « {value.indicator} » inconnu"))
        elif value.site is not None and value.site.department_id != department.pk:
            plan.errors.append(ParseIssue(line, "site", f"site « {value.site.code} » hors du département"))
        else:
            entry = _Entry.of(
                line, indicator, value.site, value.period, numerator=value.numerator, denominator=value.denominator
            )
            _plan_entry(plan, department, entry, existing)
    _check_duplicates(plan)
    if plan.errors:
        raise MeasurementsRejected(plan.errors)
    _apply(plan, actor=None, department=department, source=Source.COMPUTED)
    kept = {(c.indicator.code, c.site.pk if c.site else None, c.period) for c in plan.changes}
    computed = Measurement.objects.filter(
        department=department,
        source=Source.COMPUTED,
        indicator__code__in=codes,
        year__gte=span.start.year,
        year__lte=span.end.year,
    )
    if site is not None:
        computed = computed.filter(site=site)
    stale = [
        pk
        for pk, code, site_id, kind, year, index in computed.values_list(
            "pk", "indicator__code", "site_id", "period_kind", "year", "period_index"
        )
        if span.contains(period := Period.calendar(kind, year, index)) and (code, site_id, period) not in kept
    ]
    if stale:
        Measurement.objects.filter(pk__in=stale).delete()
    return Recorded(plan.count("create"), plan.count("update"), plan.count("unchanged"), len(stale))


__all__ = [
    "ComputedValue",
    "MeasurementsRejected",
    "Plan",
    "Recorded",
    "plan_measurements",
    "record_computed",
    "save_measurements",
    "Source",
]

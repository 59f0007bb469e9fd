"""The one module of `documents` that reads the other applications — through their queries only — and turns what
they answer into the typed, frozen figures every document kind draws (deck, minutes, yearly results, poster,
publication). Each figure keeps its basis (numerator / denominator) and its source, so that every number of a
document can be traced back to its data.

Documents are built off the request path (the worker, or the CLI), for a subject the requester was allowed to see:
the reads here use `system_reader()`, a reader of everything that is never saved nor logged in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from django.contrib.auth.models import User
from django.utils import timezone

from vigie.audits import queries as audit_queries
from vigie.committees import queries as committee_queries
from vigie.core.formatting import format_number, format_percent
from vigie.core.periods import Period
from vigie.improvement import queries as improvement_queries
from vigie.improvement.completion import completions
from vigie.indicators import projections
from vigie.indicators.queries import yearly_summary
from vigie.organisation.models import Department, Site
from vigie.organisation.perms import UserScope
from vigie.register.analysis.figures import analyse, received_in
from vigie.register.requests.queries import visible_requests
from vigie.surveys.kinds.satisfaction import queries as survey_queries

AGENDA_SECTIONS = committee_queries.AGENDA_SECTIONS
SECTION_LABELS = committee_queries.SECTION_LABELS
PROJECTED_INDICATOR = "TEL-DECROCHE"  # its demand (the calls received, its denominator) is projected over 12 months
PROJECTION_FALLBACKS = ("PAN-FREQUENTATION",)  # a count indicator (visitors), when no call is measured
VOICE_KINDS = ("complaint_theme", "survey_criterion", "sp_experience", "committee_intervention", "mystery_result")


def system_reader() -> User:
    """A national reader that is never saved: the queries' `*_for_user` functions then read the whole subject."""
    user = User(username="vigie-documents", is_active=True, is_superuser=True)
    user._vigie_scope = UserScope(national=True)  # read by organisation.perms.scope_for
    return user


def _float(value) -> float | None:
    return None if value is None else float(value)


def _number(value) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, Fraction) and value.denominator == 1:
        return int(value)
    as_float = float(value)
    return int(as_float) if as_float.is_integer() else round(as_float, 4)


@dataclass(frozen=True)
class IndicatorFigure:
    code: str
    name: str
    unit: str  # "percent", "working_days", "days", "count"
    unit_label: str
    value: float | None
    numerator: int | float | None
    denominator: int | float | None
    numerator_label: str
    denominator_label: str
    target: float | None
    target_direction: str  # "gte", "lte" or ""
    met: bool | None
    previous: float | None
    change: float | None  # in points for a rate
    source: str
    basis_unknown: bool = False

    @property
    def is_rate(self) -> bool:
        return self.unit == "percent"

    def show(self, value: float | None) -> str:
        if value is None:
            return "—"
        if self.is_rate:
            return format_percent(value, 1)
        decimals = 0 if self.unit == "count" else 1
        return f"{format_number(value, decimals)}{'' if self.unit == 'count' else ' ' + self.unit_label}"

    @property
    def value_text(self) -> str:
        return self.show(self.value)

    @property
    def previous_text(self) -> str:
        return self.show(self.previous)

    @property
    def target_text(self) -> str:
        if self.target is None:
            return "sans cible"
        sign = {"gte": "≥ ", "lte": "≤ "}.get(self.target_direction, "")
        return sign + self.show(self.target)

    @property
    def status(self) -> str:
        return {True: "atteinte", False: "non atteinte", None: "sans cible" if self.target is None else "sans donnée"}[
            self.met
        ]

    @property
    def basis(self) -> str:
        """« 12 345 appels décrochés / 13 870 appels reçus », or what the figure is when it has no ratio."""
        if self.basis_unknown:
            return "base non communiquée (valeur publiée)"
        if self.numerator is None:
            return "pas de mesure"
        if self.denominator is None:
            return f"{format_number(self.numerator)} {self.numerator_label}".strip()
        return (
            f"{format_number(self.numerator)} {self.numerator_label} / "
            f"{format_number(self.denominator)} {self.denominator_label}"
        ).strip()

    @property
    def change_text(self) -> str:
        if self.change is None:
            return "—"
        sign = "+" if self.change > 0 else ""
        unit = " pt" if self.is_rate else ""
        return f"{sign}{format_number(self.change, 1)}{unit}"


@dataclass(frozen=True)
class CriterionFigure:
    code: str
    label: str
    previous: float | None  # % satisfied, year N-1
    rate: float | None  # % satisfied, year N
    change: float | None  # points
    satisfied: int | None
    answered: int
    ci_low: float | None
    ci_high: float | None
    small_sample: bool


@dataclass(frozen=True)
class Satisfaction:
    campaign: str
    previous_label: str
    respondents: int
    rule: str
    criteria: tuple[CriterionFigure, ...]


@dataclass(frozen=True)
class ThemeFigure:
    theme: str
    count: int
    base: int


@dataclass(frozen=True)
class Complaints:
    complaints: int
    suggestions: int
    total: int
    themes: tuple[ThemeFigure, ...]
    timeliness: tuple[tuple[str, int, int], ...]  # (label, on time, due)


@dataclass(frozen=True)
class AxisFigure:
    title: str
    completion: float | None
    counted: int


@dataclass(frozen=True)
class ActionPlanFigure:
    title: str
    completion: float | None
    counted: int
    rule_text: str
    axes: tuple[AxisFigure, ...]


@dataclass(frozen=True)
class LabelLine:
    site: str
    framework: str
    decided_on: dt.date
    valid_until: dt.date
    body: str
    next_due: str


@dataclass(frozen=True)
class SpPlusLine:
    site: str
    assessed_on: dt.date
    mean: float | None
    weakest: str
    strongest: str


@dataclass(frozen=True)
class ProjectionFigure:
    indicator: str
    quantity: str
    model: str
    mape: float
    backtest_method: str
    history: tuple[tuple[str, float], ...]  # (« 2021-03 », value)
    points: tuple[tuple[str, float, float, float], ...]  # (« 2022-03 », value, low95, high95)
    refusal: str = ""


@dataclass(frozen=True)
class VoiceAction:
    title: str
    origin_kind: str
    origin_label: str
    status: str
    status_label: str
    progress: int
    due_date: dt.date | None
    # the indicator the action aims at, before (the year before it was opened) and after (the year of the document);
    # empty code: no aimed indicator. Defaults: snapshots published before these fields existed.
    aimed_code: str = ""
    aimed_name: str = ""
    aimed_unit: str = ""
    aimed_site: str = ""
    numerator_label: str = ""
    denominator_label: str = ""
    before_year: int | None = None
    before_value: float | None = None
    before_numerator: int | float | None = None
    before_denominator: int | float | None = None
    after_year: int | None = None
    after_value: float | None = None
    after_numerator: int | float | None = None
    after_denominator: int | float | None = None

    def _show(self, value: float | None) -> str:
        if value is None:
            return "—"
        if self.aimed_unit == "percent":
            return format_percent(value, 1)
        return format_number(value, 0 if self.aimed_unit == "count" else 1)

    def _basis(self, numerator, denominator) -> str:
        if numerator is None or denominator is None:  # a count: the value is its own basis
            return ""
        return (
            f"{format_number(numerator)} {self.numerator_label} / {format_number(denominator)} {self.denominator_label}"
        ).strip()

    @property
    def aimed_text(self) -> str:
        """« Taux de décroché (2021 : 80,0 % — 800 appels décrochés / 1 000 appels reçus ; 2023 : …) », or « — »."""
        if not self.aimed_code:
            return "—"
        where = f", {self.aimed_site}" if self.aimed_site else ""
        return f"{self.aimed_name}{where} — avant : {self.before_text} ; après : {self.after_text}"

    @property
    def before_text(self) -> str:
        return self._year_text(self.before_year, self.before_value, self.before_numerator, self.before_denominator)

    @property
    def after_text(self) -> str:
        return self._year_text(self.after_year, self.after_value, self.after_numerator, self.after_denominator)

    def _year_text(self, year, value, numerator, denominator) -> str:
        if not self.aimed_code or year is None or value is None:
            return "—"
        basis = self._basis(numerator, denominator)
        return f"{year} : {self._show(value)}" + (f" ({basis})" if basis else "")


@dataclass(frozen=True)
class Figures:
    """Everything a document of a department (or a site) for a year shows, with a meeting when there is one."""

    department_code: str
    department_name: str
    department_of_name: str
    year: int
    site_code: str
    site_name: str
    computed_at: dt.datetime
    indicators: tuple[IndicatorFigure, ...]
    satisfaction: Satisfaction | None
    complaints: Complaints | None
    action_plan: ActionPlanFigure | None
    labels: tuple[LabelLine, ...]
    spplus: tuple[SpPlusLine, ...]
    projection: ProjectionFigure | None
    voice: tuple[VoiceAction, ...]
    meeting: committee_queries.MeetingRecord | None = None
    sections: tuple[str, ...] = field(default=AGENDA_SECTIONS)
    labels_at: dt.date | None = None  # the date the label decisions are read at (the meeting's, or the year's end)

    @property
    def subject(self) -> str:
        return self.site_name or f"Préfecture {self.department_of_name or self.department_name}".strip()


# ---- the readers, one per application --------------------------------------------------------------------------


def indicator_figures(department: Department, year: int, site: Site | None = None) -> tuple[IndicatorFigure, ...]:
    figures = []
    for line in yearly_summary(department=department, year=year, site=site):
        indicator, current = line.indicator, line.current
        if current is None or current.value is None:
            continue
        previous = line.previous.value if line.previous is not None else None
        figures.append(
            IndicatorFigure(
                code=indicator.code,
                name=indicator.name,
                unit=indicator.unit,
                unit_label=indicator.get_unit_display(),
                value=_float(current.value),
                numerator=_number(current.numerator),
                denominator=_number(current.denominator),
                numerator_label=indicator.numerator,
                denominator_label=indicator.denominator,
                target=current.target,
                target_direction=indicator.target_direction,
                met=current.met,
                previous=_float(previous),
                change=_float(line.difference),
                source=indicator.source or "mesures saisies ou importées dans Vigie",
                basis_unknown=current.basis_unknown,
            )
        )
    return tuple(figures)


def satisfaction_figures(department: Department, year: int, site: Site | None = None) -> Satisfaction | None:
    campaigns = survey_queries.department_campaigns(system_reader(), department, year)
    if not campaigns:
        return None
    campaign = campaigns[0]
    results = survey_queries.campaign_results(campaign, site=site)
    if not results.respondents:
        return None
    criteria = tuple(
        CriterionFigure(
            code=c.code,
            label=c.label,
            previous=_float(c.previous_rate),
            rate=_float(c.rate),
            change=_float(c.change_points),
            satisfied=c.satisfied,
            answered=c.answered,
            ci_low=c.ci_low,
            ci_high=c.ci_high,
            small_sample=c.small_sample,
        )
        for c in results.rated
        if c.rate is not None
    )
    if results.previous is not None:
        previous_label = str(results.previous)
    elif results.published_year:
        previous_label = f"taux publiés {results.published_year} (base non communiquée)"
    else:
        previous_label = "pas de campagne précédente"
    rule = results.rated[0].rule if results.rated else ""
    return Satisfaction(str(campaign), previous_label, results.respondents, rule, criteria)


def complaint_figures(department: Department, year: int, site: Site | None = None) -> Complaints | None:
    requests = received_in(visible_requests(system_reader()).filter(department=department), Period.of_year(year))
    if site is not None:
        requests = requests.filter(site=site)
    figures = analyse(requests)
    if not figures["total"]:
        return None
    groups = {group["kind"]: group for group in figures["themes"]}
    complaints = groups.get("complaint", {"count": 0, "rows": []})
    themes = tuple(ThemeFigure(row["label"], row["count"], row["base"]) for row in complaints["rows"])
    timeliness = tuple(
        (row.get("label", ""), int(row.get("on_time") or 0), int(row.get("due") or 0)) for row in figures["timeliness"]
    )
    suggestions = groups.get("suggestion", {"count": 0})["count"]
    return Complaints(complaints["count"], suggestions, figures["total"], themes, timeliness)


def action_plan_figure(department: Department, year: int, site: Site | None = None) -> ActionPlanFigure | None:
    plans = list(improvement_queries.visible_plans(system_reader()).filter(department=department, year=year))
    plans.sort(key=lambda plan: plan.site_id is not None)  # the department's plan, before a site's own plan
    if not plans:
        return None
    at = min(timezone.localdate(), dt.date(year, 12, 31))
    completion = completions(plans[:1], at=at, site=site)[0]
    return ActionPlanFigure(
        title=completion.title,
        completion=_float(completion.completion),
        counted=completion.counted,
        rule_text=completion.rule_text,
        axes=tuple(
            AxisFigure(axis.title, _float(axis.completion), sum(t.counted for t in axis.themes))
            for axis in completion.axes
        ),
    )


def label_lines(department: Department, site: Site | None = None, at: dt.date | None = None) -> tuple[LabelLine, ...]:
    """The label decisions valid at `at` (the meeting's date, or the end of the year; today at the latest), with
    the next due step of the cycle as seen on that date."""
    today = timezone.localdate()
    at = min(at or today, today)
    sites = [site] if site else list(Site.objects.filter(department=department).order_by("name"))
    lines = []
    for one in sites:
        label = audit_queries.site_label(one, at, as_of=at < today)
        due = label.next_due_audit
        for decision in label.current:
            lines.append(
                LabelLine(
                    site=one.name,
                    framework=decision.framework_version.framework.name,
                    decided_on=decision.decided_on,
                    valid_until=decision.valid_until,
                    body=decision.certification_body,
                    next_due=f"{due.label} ({due.date:%d/%m/%Y})" if due else "—",
                )
            )
    return tuple(lines)


def spplus_lines(department: Department, year: int) -> tuple[SpPlusLine, ...]:
    assessments = list(audit_queries.self_assessments_for_user(system_reader(), department, year))
    lines = []
    for assessment, summary in audit_queries.assessment_summaries(assessments):
        weakest, strongest = summary.weakest, summary.strongest
        lines.append(
            SpPlusLine(
                site=assessment.site.name,
                assessed_on=assessment.assessed_on,
                mean=_float(summary.mean),
                weakest=f"n° {weakest.number} ({format_percent(float(weakest.rate), 1)})" if weakest else "—",
                strongest=f"n° {strongest.number} ({format_percent(float(strongest.rate), 1)})" if strongest else "—",
            )
        )
    return tuple(lines)


def projection_figure(department: Department, site: Site | None = None) -> ProjectionFigure | None:
    """The 12-month projection of the calls received (or of the demand behind the answered-calls rate), computed
    here when not yet cached (the documents are built by the worker)."""
    from vigie.indicators.queries import find_indicator

    for code in (PROJECTED_INDICATOR, *PROJECTION_FALLBACKS):
        indicator = find_indicator(code, department)
        if indicator is None:
            continue
        state = projections.projection_state(indicator=indicator, department=department, site=site, months=12)
        if state.pending:
            projections.compute_projection(indicator=indicator, department=department, site=site, months=12)
            state = projections.projection_state(indicator=indicator, department=department, site=site, months=12)
        if not state.series.values:
            continue
        history = tuple((str(p), v) for p, v in state.series.rows[-24:])
        if state.forecast is None:
            return ProjectionFigure(indicator.name, state.series.quantity, "", 0.0, "", history, (), state.refusal)
        forecast = state.forecast
        return ProjectionFigure(
            indicator=indicator.name,
            quantity=state.series.quantity,
            model=forecast.model,
            mape=forecast.mape,
            backtest_method=forecast.backtest_method,
            history=history,
            points=tuple((f"{p.year}-{p.month:02d}", p.value, p.low95, p.high95) for p in forecast.points),
        )
    return None


def _aimed_fields(aimed) -> dict:
    if aimed is None:
        return {}
    fields = {
        "aimed_code": aimed.code,
        "aimed_name": aimed.name,
        "aimed_unit": aimed.unit,
        "aimed_site": aimed.site_name,
        "numerator_label": aimed.numerator_label,
        "denominator_label": aimed.denominator_label,
    }
    for when in ("before", "after"):
        one = getattr(aimed, when)
        if one is not None:
            fields |= {
                f"{when}_year": one.year,
                f"{when}_value": one.value,
                f"{when}_numerator": one.numerator,
                f"{when}_denominator": one.denominator,
            }
    return fields


def voice_actions(department: Department, year: int) -> tuple[VoiceAction, ...]:
    return tuple(
        VoiceAction(
            title=a.title,
            origin_kind=kind,
            origin_label=a.origin_label,
            status=a.status,
            status_label=a.status_label,
            progress=a.progress,
            due_date=a.due_date,
            **_aimed_fields(aimed),
        )
        for kind, a, aimed in improvement_queries.voice_actions(department=department, year=year, kinds=VOICE_KINDS)
    )


# ---- the whole subject -----------------------------------------------------------------------------------------


def gather(
    *, department: Department, year: int, site: Site | None = None, meeting_id: int | None = None, projection=True
) -> Figures:
    """Every figure of a department (or a site) and year; with a meeting, its record and agenda."""
    meeting = committee_queries.meeting_record(meeting_id) if meeting_id else None
    sections = AGENDA_SECTIONS
    if meeting is not None and meeting.agenda:
        sections = tuple(dict.fromkeys(item.section for item in meeting.agenda if item.section))
    labels_at = min(meeting.starts_at.date() if meeting is not None else dt.date(year, 12, 31), timezone.localdate())
    return Figures(
        department_code=department.code,
        department_name=department.name,
        department_of_name=department.of_name,
        year=year,
        site_code=site.code if site else "",
        site_name=site.name if site else "",
        computed_at=timezone.now(),
        indicators=indicator_figures(department, year, site),
        satisfaction=satisfaction_figures(department, year, site),
        complaints=complaint_figures(department, year, site),
        action_plan=action_plan_figure(department, year, site),
        labels=label_lines(department, site, labels_at),
        spplus=spplus_lines(department, year) if site is None else (),
        projection=projection_figure(department, site) if projection and "projection" in sections else None,
        voice=voice_actions(department, year),
        meeting=meeting,
        sections=sections,
        labels_at=labels_at,
    )

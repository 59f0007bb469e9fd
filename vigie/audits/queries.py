"""Reads of the audits app: scoped listings and fetches (404 outside the user's scope), the self-assessment's
summary, the label cycle of a site (current labels, what is due next, the corrective actions), the alerts of a
department. What another layer reads is a frozen dataclass (see api.py for the JSON)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from vigie.frameworks.label_cycle import CycleRule
from vigie.frameworks.models import Commitment, Framework, FrameworkVersion, Module
from vigie.improvement.queries import ActionSummary, actions_for_origins
from vigie.organisation.models import Department, Site
from vigie.organisation.perms import scope_for
from vigie.organisation.queries import visible_sites

from .enums import NON_CONFORMITIES, ORIGIN_COMMITMENT, ORIGIN_FINDING, AuditKind, FindingResult, RemarkKind
from .models import (
    Audit,
    AuditRemark,
    EvidenceDocument,
    Finding,
    LabelDecision,
    SelfAssessment,
    SelfAssessmentAnswer,
    TransitionTarget,
)
from .rules import AssessmentSummary, summarise

APP = "audits"
ALERT_DAYS = 30  # an audit starting within this many days is « approaching »; a follow-up due within it too


# ---- scope ---------------------------------------------------------------------------------------------------


def sees_whole_department(user: User | AnonymousUser, department: Department) -> bool:
    scope = scope_for(user)
    return scope.national or department.pk in scope.read_departments


def audits_for_user(user: User | AnonymousUser, department: Department) -> QuerySet[Audit]:
    """The department's audits the user may see: all of them for who sees the department, otherwise those that
    audit one of the user's sites."""
    audits = Audit.objects.filter(department=department)
    if not sees_whole_department(user, department):
        audits = audits.filter(sites__in=visible_sites(user).filter(department=department)).distinct()
    return audits.select_related("framework_version__framework").order_by("-starts_on", "-created_at")


def get_audit_for_user(user: User | AnonymousUser, department: Department, public_id: uuid.UUID) -> Audit:
    audit = (
        audits_for_user(user, department)
        .filter(public_id=public_id)
        .prefetch_related(
            Prefetch("sites", queryset=Site.objects.order_by("name")),
            Prefetch("modules", queryset=Module.objects.order_by("number")),
        )
        .first()
    )
    if audit is None:
        raise Http404("Audit introuvable.")
    return audit


def self_assessments_for_user(
    user: User | AnonymousUser, department: Department, year: int | None = None
) -> QuerySet[SelfAssessment]:
    assessments = SelfAssessment.objects.filter(site__in=visible_sites(user).filter(department=department))
    if year is not None:
        assessments = assessments.filter(assessed_on__year=year)
    return assessments.select_related("site", "framework_version__framework").order_by("-assessed_on", "site__name")


def get_self_assessment_for_user(
    user: User | AnonymousUser, department: Department, public_id: uuid.UUID
) -> SelfAssessment:
    assessment = self_assessments_for_user(user, department).filter(public_id=public_id).first()
    if assessment is None:
        raise Http404("Auto-évaluation introuvable.")
    return assessment


# ---- self-assessment -----------------------------------------------------------------------------------------


def _in_order(assessment: SelfAssessment) -> tuple:
    return (assessment.assessed_on, assessment.created_at, assessment.pk)


def _summaries(assessments: Sequence[SelfAssessment]) -> dict[int, tuple[AssessmentSummary, SelfAssessment | None]]:
    """For each assessment, its summary and the previous assessment of the same site and framework (4 queries for
    any number of assessments)."""
    if not assessments:
        return {}
    family = list(
        SelfAssessment.objects.filter(
            site__in={a.site_id for a in assessments},
            framework_version__framework__in={a.framework_version.framework_id for a in assessments},
        ).select_related("framework_version")
    )
    answers: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    for assessment_id, code, reached, assessed in SelfAssessmentAnswer.objects.filter(
        assessment__in=[a.pk for a in family]
    ).values_list("assessment_id", "commitment__code", "reached", "assessed"):
        answers[assessment_id][code] = (reached, assessed)
    commitments: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    for version_id, code, number, title in (
        Commitment.objects.filter(module__version__in={a.framework_version_id for a in assessments})
        .order_by("module__number", "position")
        .values_list("module__version_id", "code", "number", "title")
    ):
        commitments[version_id].append((code, number, title))
    result = {}
    for assessment in assessments:
        earlier = [
            other
            for other in family
            if other.site_id == assessment.site_id
            and other.framework_version.framework_id == assessment.framework_version.framework_id
            and _in_order(other) < _in_order(assessment)
        ]
        previous = max(earlier, key=_in_order, default=None)
        mine = answers.get(assessment.pk, {})
        rows = [
            (code, number, title, *mine.get(code, (0, 0)))
            for code, number, title in commitments[assessment.framework_version_id]
        ]
        previous_rates = None
        if previous is not None:
            previous_rates = {
                code: Fraction(reached * 100, assessed)
                for code, (reached, assessed) in answers.get(previous.pk, {}).items()
                if assessed
            }
        result[assessment.pk] = (summarise(rows, assessment.weak_threshold, previous_rates), previous)
    return result


def assessment_summaries(assessments: Sequence[SelfAssessment]) -> list[tuple[SelfAssessment, AssessmentSummary]]:
    """Each assessment with its summary: rates per commitment (every commitment of the version, answered or not),
    mean, weakest, strongest, change since the previous assessment of the same site and framework."""
    found = _summaries(assessments)
    return [(a, found[a.pk][0]) for a in assessments]


def assessment_summary(assessment: SelfAssessment) -> AssessmentSummary:
    return _summaries([assessment])[assessment.pk][0]


def previous_assessment(assessment: SelfAssessment) -> SelfAssessment | None:
    return _summaries([assessment])[assessment.pk][1]


@dataclass(frozen=True)
class AssessmentView:
    assessment: SelfAssessment
    summary: AssessmentSummary
    previous: SelfAssessment | None
    actions: dict[str, list[ActionSummary]]  # commitment code → actions raised from it


def assessment_view(assessment: SelfAssessment) -> AssessmentView:
    answers = {a.commitment.code: a for a in assessment.answers.select_related("commitment")}
    raised = actions_for_origins(
        app=APP, kind=ORIGIN_COMMITMENT, public_ids=[str(a.public_id) for a in answers.values()]
    )
    summary, previous = _summaries([assessment])[assessment.pk]
    return AssessmentView(
        assessment=assessment,
        summary=summary,
        previous=previous,
        actions={code: raised.get(str(a.public_id), []) for code, a in answers.items()},
    )


# ---- audits --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GridRow:
    module: Module
    commitment: Commitment
    finding: Finding | None
    actions: list[ActionSummary]


@dataclass(frozen=True)
class AuditView:
    audit: Audit
    rows: list[GridRow]
    strong_points: list[AuditRemark]
    progress_paths: list[tuple[AuditRemark, list[ActionSummary]]]
    counts: dict[str, int]  # result → number of commitments

    @property
    def count_lines(self) -> list[tuple[str, int]]:
        return [(label, self.counts.get(value, 0)) for value, label in FindingResult.choices]

    @property
    def non_conformities(self) -> list[GridRow]:
        return [row for row in self.rows if row.finding and row.finding.is_non_conformity]

    @property
    def pending_actions(self) -> int:
        """Non-conformities and progress paths without an action yet."""
        return sum(1 for row in self.non_conformities if not row.actions) + sum(
            1 for _, actions in self.progress_paths if not actions
        )


def audit_views(audits: Sequence[Audit]) -> list[AuditView]:
    """Each audit's grid: every commitment of its modules with its result (or none yet) and its actions; strong
    points and progress paths (5 queries for any number of audits whose modules are prefetched)."""
    ids = [a.pk for a in audits]
    findings: dict[int, dict[int, Finding]] = defaultdict(dict)
    for finding in Finding.objects.filter(audit__in=ids):
        findings[finding.audit_id][finding.commitment_id] = finding
    remarks: dict[int, list[AuditRemark]] = defaultdict(list)
    for remark in AuditRemark.objects.filter(audit__in=ids).select_related("commitment").order_by("created_at"):
        remarks[remark.audit_id].append(remark)
    origin_ids = [str(f.public_id) for per in findings.values() for f in per.values()]
    origin_ids += [str(r.public_id) for per in remarks.values() for r in per]
    raised = actions_for_origins(app=APP, kind=ORIGIN_FINDING, public_ids=origin_ids)
    modules = {audit.pk: [m.pk for m in audit.modules.all()] for audit in audits}
    by_module: dict[int, list[Commitment]] = defaultdict(list)
    for c in (
        Commitment.objects.filter(module__in={m for ms in modules.values() for m in ms})
        .select_related("module")
        .order_by("module__number", "position")
    ):
        by_module[c.module_id].append(c)
    views = []
    for audit in audits:
        mine = findings.get(audit.pk, {})
        commitments = sorted(
            (c for m in modules[audit.pk] for c in by_module[m]), key=lambda c: (c.module.number, c.position)
        )
        rows = [
            GridRow(
                module=c.module,
                commitment=c,
                finding=mine.get(c.pk),
                actions=raised.get(str(mine[c.pk].public_id), []) if c.pk in mine else [],
            )
            for c in commitments
        ]
        counts = Counter(f.result for f in mine.values())
        counts[FindingResult.NOT_ASSESSED] += sum(1 for row in rows if row.finding is None)
        own = remarks.get(audit.pk, [])
        views.append(
            AuditView(
                audit=audit,
                rows=rows,
                strong_points=[r for r in own if r.kind == RemarkKind.STRONG_POINT],
                progress_paths=[
                    (r, raised.get(str(r.public_id), [])) for r in own if r.kind == RemarkKind.PROGRESS_PATH
                ],
                counts=dict(counts),
            )
        )
    return views


def audit_view(audit: Audit) -> AuditView:
    return audit_views([audit])[0]


# ---- label cycle ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    date: dt.date
    kind: str  # planned_audit | follow_up_due | renewal_due | decision_expected | transition_target
    label: str
    rule: CycleRule | None = None  # the framework rule the date comes from
    site: Site | None = None
    audit: Audit | None = None

    def is_late(self, today: dt.date) -> bool:
        return self.date < today

    @property
    def is_audit(self) -> bool:
        return self.kind in ("planned_audit", "follow_up_due", "renewal_due")


@dataclass(frozen=True)
class SiteLabel:
    site: Site
    current: list[LabelDecision]  # the latest decision of each framework, still valid
    past: list[LabelDecision]
    timeline: list[DueItem]
    corrective_actions: list[tuple[Finding | AuditRemark, list[ActionSummary]]]
    today: dt.date

    @property
    def next_due_audit(self) -> DueItem | None:
        return next((item for item in self.timeline if item.is_audit), None)

    @property
    def open_actions(self) -> list[ActionSummary]:
        return [a for _, actions in self.corrective_actions for a in actions if a.is_open]


def _label_decisions(sites: Sequence[Site]) -> dict[int, list[LabelDecision]]:
    decisions = (
        LabelDecision.objects.filter(site__in=[s.pk for s in sites])
        .select_related("framework_version__framework")
        .prefetch_related(Prefetch("modules", queryset=Module.objects.order_by("number")))
        .order_by("-decided_on", "-created_at")
    )
    result: dict[int, list[LabelDecision]] = defaultdict(list)
    for decision in decisions:
        result[decision.site_id].append(decision)
    return result


def _split(decisions: list[LabelDecision], today: dt.date) -> tuple[list[LabelDecision], list[LabelDecision]]:
    current, past, seen = [], [], set()
    for decision in decisions:  # newest first
        framework = decision.framework_version.framework_id
        if framework not in seen and decision.valid_until >= today:
            current.append(decision)
        else:
            past.append(decision)
        seen.add(framework)
    return current, past


def label_items_for_sites(sites: Sequence[Site]) -> dict[int, list[LabelDecision]]:
    """The site section (organisation/sections.py): each site's current labels (2 queries)."""
    today = timezone.localdate()
    return {site_id: _split(decisions, today)[0] for site_id, decisions in _label_decisions(sites).items()}


def _timeline(site: Site, decisions: list[LabelDecision], audits: list[Audit], today: dt.date) -> list[DueItem]:
    items: list[DueItem] = []
    for audit in audits:
        if audit.ends_on >= today:
            label = f"{audit.get_kind_display()} ({audit.framework_version.framework.name}), {audit.auditor}"
            items.append(DueItem(audit.starts_on, "planned_audit", label, site=site, audit=audit))
    current, _ = _split(decisions, today)
    for decision in current:
        cycle = decision.framework_version.cycle
        framework = decision.framework_version.framework
        later = [
            a for a in audits if a.framework_version.framework_id == framework.pk and a.starts_on > decision.decided_on
        ]
        if decision.follow_up_due and not any(a.kind == AuditKind.FOLLOW_UP for a in later):
            items.append(
                DueItem(
                    decision.follow_up_due,
                    "follow_up_due",
                    f"Audit de suivi {framework.name} à réaliser au plus tard",
                    rule=cycle.rule("follow_up_months"),
                    site=site,
                )
            )
        if not any(a.kind == AuditKind.RENEWAL for a in later):
            items.append(
                DueItem(
                    decision.valid_until,
                    "renewal_due",
                    f"Fin de validité du label {framework.name} : audit de renouvellement avant cette date",
                    rule=cycle.rule("validity_months"),
                    site=site,
                )
            )
    decided = {(d.audit_id) for d in decisions if d.audit_id}
    for audit in audits:
        if audit.kind in (AuditKind.EXTERNAL, AuditKind.RENEWAL) and audit.ends_on < today and audit.pk not in decided:
            rule = audit.framework_version.cycle.rule("decision_weeks_after_external_audit")
            if rule is not None and not any(d.decided_on >= audit.ends_on for d in decisions):
                items.append(
                    DueItem(
                        audit.ends_on + dt.timedelta(weeks=int(rule.value)),
                        "decision_expected",
                        f"Décision de label attendue après l'{audit.get_kind_display().lower()} du "
                        f"{audit.ends_on:%d/%m/%Y}",
                        rule=rule,
                        site=site,
                        audit=audit,
                    )
                )
    return sorted(items, key=lambda item: (item.date, item.kind))


def _corrective_actions(audits: list[Audit]) -> list[tuple[Finding | AuditRemark, list[ActionSummary]]]:
    ids = [a.pk for a in audits]
    findings = list(
        Finding.objects.filter(audit__in=ids, result__in=NON_CONFORMITIES).select_related("audit", "commitment")
    )
    paths = list(
        AuditRemark.objects.filter(audit__in=ids, kind=RemarkKind.PROGRESS_PATH).select_related("audit", "commitment")
    )
    sources: list[Finding | AuditRemark] = [*findings, *paths]
    raised = actions_for_origins(app=APP, kind=ORIGIN_FINDING, public_ids=[str(s.public_id) for s in sources])
    return [(s, raised.get(str(s.public_id), [])) for s in sorted(sources, key=lambda s: s.audit.starts_on)]


def site_label(site: Site, today: dt.date, *, as_of: bool = False) -> SiteLabel:
    """The label cycle of one site at `today`. With `as_of`, as it stood on that past date: the decisions taken
    after it are left out (the documents of a past meeting show the labels valid then)."""
    decisions = _label_decisions([site]).get(site.pk, [])
    if as_of:
        decisions = [decision for decision in decisions if decision.decided_on <= today]
    audits = list(Audit.objects.filter(sites=site).select_related("framework_version__framework").order_by("starts_on"))
    current, past = _split(decisions, today)
    return SiteLabel(
        site=site,
        current=current,
        past=past,
        timeline=_timeline(site, decisions, audits, today),
        corrective_actions=_corrective_actions(audits),
        today=today,
    )


def department_timeline(department: Department, sites: Sequence[Site], today: dt.date) -> list[DueItem]:
    """What is due next on the given sites of the department, soonest first (a few queries for all sites)."""
    decisions = _label_decisions(sites)
    per_site: dict[int, list[Audit]] = defaultdict(list)
    audits = (
        Audit.objects.filter(department=department, sites__in=sites)
        .select_related("framework_version__framework")
        .prefetch_related("sites")
        .order_by("starts_on")
        .distinct()
    )
    for audit in audits:
        for site in audit.sites.all():
            per_site[site.pk].append(audit)
    items = []
    for site in sites:
        items += _timeline(site, decisions.get(site.pk, []), per_site.get(site.pk, []), today)
    return sorted(items, key=lambda item: (item.date, item.kind, item.site.name if item.site else ""))


# ---- Quali-ATE transition ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CarriedEvidence:
    from_module: Module
    to_module: Module
    note: str
    confidence: str
    documents: list[EvidenceDocument]


@dataclass(frozen=True)
class TransitionView:
    framework: Framework
    replaces: Framework | None
    target_date: dt.date
    default_date: dt.date
    own_target: bool  # the department set its own date
    source: str
    confidence: str
    carried: list[CarriedEvidence] = field(default_factory=list)


def transitions(department: Department) -> list[TransitionView]:
    """Each current framework that replaces another: the department's target date and the evidence carried over."""
    result = []
    targets = {t.framework_id: t for t in TransitionTarget.objects.filter(department=department)}
    for version in FrameworkVersion.objects.filter(is_current=True).select_related("framework"):
        transition = version.cycle.transition
        if transition is None:
            continue
        old = FrameworkVersion.objects.filter(framework__code=transition.replaces, is_current=True).first()
        old_modules = {m.number: m for m in old.modules.all()} if old else {}
        new_modules = {m.number: m for m in version.modules.all()}
        documents: dict[int, list[EvidenceDocument]] = defaultdict(list)
        for document in (
            EvidenceDocument.objects.filter(
                department=department, commitments__module__version__framework__code=transition.replaces
            )
            .prefetch_related("commitments__module")
            .distinct()
        ):
            for number in {c.module.number for c in document.commitments.all()}:
                documents[number].append(document)
        carried = [
            CarriedEvidence(
                old_modules[c.from_module], new_modules[c.to_module], c.note, c.confidence, documents[c.from_module]
            )
            for c in transition.carry_over
            if c.from_module in old_modules and c.to_module in new_modules
        ]
        own = targets.get(version.framework_id)
        result.append(
            TransitionView(
                framework=version.framework,
                replaces=old.framework if old else None,
                target_date=own.target_date if own else transition.target_date,
                default_date=transition.target_date,
                own_target=own is not None,
                source=transition.source,
                confidence=transition.confidence,
                carried=carried,
            )
        )
    return result


# ---- alerts --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Alert:
    key: str  # stable: the same alert is e-mailed once
    kind: str
    title: str
    detail: str
    date: dt.date
    url: str = ""


def department_alerts(department: Department, today: dt.date) -> list[Alert]:
    """The quality officer's alerts: an audit approaching (with the users' committee to check before it, and the
    corrective actions still open at its date), a follow-up audit due soon, a document whose review is overdue."""
    alerts: list[Alert] = []
    code = department.code
    horizon = today + dt.timedelta(days=ALERT_DAYS)
    approaching = list(
        Audit.objects.filter(department=department, starts_on__gte=today, starts_on__lte=horizon)
        .select_related("framework_version__framework")
        .prefetch_related("sites")
        .order_by("starts_on")
    )
    for audit in approaching:
        url = reverse("audit_detail", args=[code, audit.public_id])
        sites = ", ".join(s.name for s in audit.sites.all())
        alerts.append(
            Alert(
                f"audit-approaching:{audit.public_id}",
                "audit_approaching",
                f"{audit} : dans {(audit.starts_on - today).days} jour(s)",
                f"{audit.auditor} — {sites}.",
                audit.starts_on,
                url,
            )
        )
        alerts.append(
            Alert(
                f"committee-check:{audit.public_id}",
                "committee_check",
                f"Comité local des usagers à vérifier avant l'{audit.get_kind_display().lower()} du "
                f"{audit.starts_on:%d/%m/%Y}",
                "Le comité doit se réunir avant le prochain audit. Vigie ne suit pas encore les comités : à vérifier.",
                audit.starts_on,
                url,
            )
        )
        earlier = list(Audit.objects.filter(sites__in=audit.sites.all(), starts_on__lt=audit.starts_on).distinct())
        still_open = [a for _, actions in _corrective_actions(earlier) for a in actions if a.is_open]
        if still_open:
            alerts.append(
                Alert(
                    f"open-actions:{audit.public_id}",
                    "open_actions",
                    f"{len(still_open)} action(s) corrective(s) encore ouverte(s) à la date de l'audit du "
                    f"{audit.starts_on:%d/%m/%Y}",
                    "; ".join(a.title for a in still_open[:5]),
                    audit.starts_on,
                    url,
                )
            )
    for item in department_timeline(department, list(department.sites.all()), today):
        if item.kind == "follow_up_due" and item.date <= horizon:
            alerts.append(
                Alert(
                    f"follow-up-due:{item.site.public_id}:{item.date.isoformat()}",
                    "follow_up_due",
                    f"{item.label} le {item.date:%d/%m/%Y} ({item.site.name})",
                    "Aucun audit de suivi n'est planifié.",
                    item.date,
                    reverse("site_label", args=[code, item.site.code]),
                )
            )
    for document in EvidenceDocument.objects.filter(department=department, review_due__lt=today).order_by("review_due"):
        alerts.append(
            Alert(
                f"review-overdue:{document.public_id}:{document.review_due.isoformat()}",
                "review_overdue",
                f"Revue en retard : {document.title} (version {document.version})",
                f"Revue prévue le {document.review_due:%d/%m/%Y} ; responsable : {document.owner}.",
                document.review_due,
                reverse("evidence_documents", args=[code]),
            )
        )
    return alerts


# ---- evidence ------------------------------------------------------------------------------------------------


def documents_for(department: Department) -> QuerySet[EvidenceDocument]:
    return (
        EvidenceDocument.objects.filter(department=department)
        .prefetch_related(
            Prefetch(
                "commitments",
                queryset=Commitment.objects.select_related("module__version__framework").order_by("code"),
            )
        )
        .order_by("review_due", "title")
    )


def get_commitment(framework_code: str, commitment_code: str) -> Commitment:
    """A commitment of the framework's current version."""
    commitment = (
        Commitment.objects.filter(
            module__version__framework__code=framework_code, module__version__is_current=True, code=commitment_code
        )
        .select_related("module__version__framework")
        .prefetch_related("indicators")
        .first()
    )
    if commitment is None:
        raise Http404("Engagement introuvable.")
    return commitment


@dataclass(frozen=True)
class CommitmentRecord:
    """What the audits app itself knows of a commitment in a department: documents, results, self-assessments."""

    documents: list[EvidenceDocument]
    carried_documents: list[EvidenceDocument]  # from the replaced framework's module carried over to this one
    findings: list[Finding]
    answers: list[SelfAssessmentAnswer]
    actions: list[ActionSummary]


def commitment_record(commitment: Commitment, department: Department, sites: Iterable[Site]) -> CommitmentRecord:
    site_ids = [s.pk for s in sites]
    documents = list(EvidenceDocument.objects.filter(department=department, commitments=commitment))
    carried: list[EvidenceDocument] = []
    transition = commitment.module.version.cycle.transition
    if transition is not None:
        modules = [c.from_module for c in transition.carry_over if c.to_module == commitment.module.number]
        carried = list(
            EvidenceDocument.objects.filter(
                department=department,
                commitments__module__version__framework__code=transition.replaces,
                commitments__module__number__in=modules,
            ).distinct()
        )
    findings = list(
        Finding.objects.filter(
            audit__department=department, audit__sites__in=site_ids, commitment__code=commitment.code
        )
        .select_related("audit")
        .distinct()
        .order_by("-audit__starts_on")
    )
    answers = list(
        SelfAssessmentAnswer.objects.filter(assessment__site__in=site_ids, commitment__code=commitment.code)
        .select_related("assessment__site")
        .order_by("-assessment__assessed_on")
    )
    finding_actions = actions_for_origins(app=APP, kind=ORIGIN_FINDING, public_ids=[str(f.public_id) for f in findings])
    answer_actions = actions_for_origins(
        app=APP, kind=ORIGIN_COMMITMENT, public_ids=[str(a.public_id) for a in answers]
    )
    actions = [a for group in (*finding_actions.values(), *answer_actions.values()) for a in group if a.is_open]
    return CommitmentRecord(documents, carried, findings, answers, actions)


def next_audit_date(department: Department, today: dt.date) -> dt.date | None:
    """The first day of the department's next audit: a planned audit, or a follow-up audit due by a label decision,
    whichever comes first (announced to the committees through organisation.milestones)."""
    planned = (
        Audit.objects.filter(department=department, starts_on__gte=today)
        .order_by("starts_on")
        .values_list("starts_on", flat=True)
        .first()
    )
    follow_up = (
        LabelDecision.objects.filter(site__department=department, follow_up_due__gte=today)
        .order_by("follow_up_due")
        .values_list("follow_up_due", flat=True)
        .first()
    )
    return min((d for d in (planned, follow_up) if d is not None), default=None)

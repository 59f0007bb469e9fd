"""Writes of the audits app: self-assessments, audits and their results, corrective actions (through
improvement.services.raise_action), label decisions, evidence documents, the transition target. Keyword-only,
typed, checked with full_clean() in one transaction; a refused input raises ValidationError naming its field."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from vigie.frameworks.models import Commitment, Framework, FrameworkVersion, Module
from vigie.improvement.origins import Origin
from vigie.improvement.queries import actions_for_origins
from vigie.improvement.services import raise_action
from vigie.organisation.models import Department, Site

from .enums import ORIGIN_COMMITMENT, ORIGIN_FINDING, FindingResult, RemarkKind
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
from .queries import APP, assessment_summary
from .rules import add_months


@dataclass(frozen=True)
class AnswerInput:
    commitment: Commitment
    reached: int
    assessed: int
    comment: str = ""


@dataclass(frozen=True)
class ResultInput:
    commitment: Commitment
    result: str
    comment: str = ""
    evidence: str = ""


# ---- self-assessment -----------------------------------------------------------------------------------------


@transaction.atomic
def record_self_assessment(
    *,
    actor: User | None,
    site: Site,
    framework_version: FrameworkVersion,
    assessed_on: dt.date,
    answers: Sequence[AnswerInput],
    weak_threshold: int = 50,
    note: str = "",
) -> SelfAssessment:
    commitments = {c.pk for c in Commitment.objects.filter(module__version=framework_version)}
    if not answers:
        raise ValidationError({"answers": "Renseignez au moins un engagement."})
    if any(a.commitment.pk not in commitments for a in answers):
        raise ValidationError({"answers": "Un engagement n'appartient pas au référentiel choisi."})
    assessment = SelfAssessment(
        site=site,
        framework_version=framework_version,
        assessed_on=assessed_on,
        weak_threshold=weak_threshold,
        note=note,
        created_by=actor,
    )
    assessment.full_clean()
    assessment.save()
    for answer in answers:
        row = SelfAssessmentAnswer(
            assessment=assessment,
            commitment=answer.commitment,
            reached=answer.reached,
            assessed=answer.assessed,
            comment=answer.comment,
        )
        row.full_clean(exclude=["assessment"])
        row.save()
    return assessment


@transaction.atomic
def raise_actions_from_weak_commitments(
    *, actor: User | None, assessment: SelfAssessment, due_date: dt.date | None = None
) -> list:
    """One action per weak commitment (rate below the assessment's threshold) that has none yet."""
    summary = assessment_summary(assessment)
    answers = {a.commitment.code: a for a in assessment.answers.select_related("commitment")}
    weak = [answers[r.code] for r in summary.weak]
    existing = actions_for_origins(app=APP, kind=ORIGIN_COMMITMENT, public_ids=[str(a.public_id) for a in weak])
    site = assessment.site
    url = reverse("self_assessment_detail", args=[site.department.code, assessment.public_id])
    framework = assessment.framework_version.framework.name
    raised = []
    for answer in weak:
        if existing.get(str(answer.public_id)):
            continue
        label = (
            f"Auto-évaluation {framework} du {assessment.assessed_on:%d/%m/%Y}, {site.name} — engagement "
            f"{answer.commitment.number} : {answer.reached}/{answer.assessed} exigences atteintes"
        )
        raised.append(
            raise_action(
                actor=actor,
                department=site.department,
                year=assessment.assessed_on.year,
                title=f"Engagement {answer.commitment.number} — {answer.commitment.title}"[:200],
                origin=Origin(
                    app=APP,
                    kind=ORIGIN_COMMITMENT,
                    public_id=str(answer.public_id),
                    label=label,
                    url=url,
                    year=assessment.assessed_on.year,
                ),
                due_date=due_date,
                sites=[site],
                commitments=[answer.commitment],
                axis_title=framework,
                theme_title="Engagements faibles de l'auto-évaluation",
            )
        )
    return raised


# ---- audits --------------------------------------------------------------------------------------------------


@transaction.atomic
def plan_audit(
    *,
    actor: User | None,
    department: Department,
    kind: str,
    framework_version: FrameworkVersion,
    starts_on: dt.date,
    ends_on: dt.date,
    auditor: str,
    sites: Sequence[Site],
    modules: Sequence[Module],
    summary: str = "",
) -> Audit:
    if not sites:
        raise ValidationError({"sites": "Choisissez au moins un site."})
    if any(site.department_id != department.pk for site in sites):
        raise ValidationError({"sites": "Un site n'appartient pas au département."})
    if not modules:
        raise ValidationError({"modules": "Choisissez au moins un module."})
    if any(module.version_id != framework_version.pk for module in modules):
        raise ValidationError({"modules": "Choisissez uniquement des modules du référentiel sélectionné."})
    audit = Audit(
        department=department,
        kind=kind,
        framework_version=framework_version,
        starts_on=starts_on,
        ends_on=ends_on,
        auditor=auditor,
        summary=summary,
        created_by=actor,
    )
    audit.full_clean()
    audit.save()
    audit.sites.set(sites)
    audit.modules.set(modules)
    return audit


@transaction.atomic
def record_results(*, actor: User | None, audit: Audit, results: Sequence[ResultInput]) -> list[Finding]:
    """Record (or correct) the result of each given commitment; commitments must be in the audit's modules."""
    in_scope = set(Commitment.objects.filter(module__in=audit.modules.all()).values_list("pk", flat=True))
    if any(r.commitment.pk not in in_scope for r in results):
        raise ValidationError({"commitment": "Un engagement n'est pas dans les modules audités."})
    findings = []
    for item in results:
        if item.result not in FindingResult.values:
            raise ValidationError({"result": f"Résultat inconnu : « {item.result} »."})
        finding, _ = Finding.objects.update_or_create(
            audit=audit,
            commitment=item.commitment,
            defaults={
                "result": item.result,
                "comment": item.comment,
                "evidence": item.evidence,
                "recorded_by": actor,
            },
        )
        findings.append(finding)
    return findings


@transaction.atomic
def add_remark(
    *, actor: User | None, audit: Audit, kind: str, text: str, commitment: Commitment | None = None
) -> AuditRemark:
    remark = AuditRemark(audit=audit, kind=kind, text=text.strip(), commitment=commitment, created_by=actor)
    remark.full_clean()
    remark.save()
    return remark


def corrective_sources(audit: Audit) -> list[Finding | AuditRemark]:
    """What becomes a corrective action: the non-conformities, then the progress paths."""
    findings = [f for f in audit.findings.select_related("commitment") if f.is_non_conformity]
    paths = list(audit.remarks.filter(kind=RemarkKind.PROGRESS_PATH).select_related("commitment"))
    return [*findings, *paths]


@transaction.atomic
def raise_corrective_actions(*, actor: User | None, audit: Audit, due_date: dt.date) -> list:
    """One action per non-conformity and per progress path of the audit that has none yet, due on `due_date`."""
    if due_date < audit.starts_on:
        raise ValidationError({"due_date": "L'échéance d'une action corrective ne peut précéder l'audit."})
    sources = corrective_sources(audit)
    existing = actions_for_origins(app=APP, kind=ORIGIN_FINDING, public_ids=[str(s.public_id) for s in sources])
    url = reverse("audit_detail", args=[audit.department.code, audit.public_id])
    sites = list(audit.sites.all())
    raised = []
    for source in sources:
        if existing.get(str(source.public_id)):
            continue
        commitment = source.commitment
        if isinstance(source, Finding):
            what = source.get_result_display()
            title = f"{what} — {commitment.code} : {source.comment or commitment.title}"
        else:
            what = "Piste de progrès"
            title = f"Piste de progrès{f' — {commitment.code}' if commitment else ''} : {source.text}"
        raised.append(
            raise_action(
                actor=actor,
                department=audit.department,
                year=audit.starts_on.year,
                title=title[:200],
                origin=Origin(
                    app=APP,
                    kind=ORIGIN_FINDING,
                    public_id=str(source.public_id),
                    label=f"{audit} ({audit.auditor}) — {what}{f', {commitment.code}' if commitment else ''}",
                    url=url,
                    year=audit.starts_on.year,
                ),
                due_date=due_date,
                sites=sites,
                commitments=[commitment] if commitment else [],
            )
        )
    return raised


# ---- label ---------------------------------------------------------------------------------------------------


@transaction.atomic
def record_label_decision(
    *,
    actor: User | None,
    site: Site,
    framework_version: FrameworkVersion,
    modules: Sequence[Module],
    decided_on: dt.date,
    certification_body: str,
    valid_until: dt.date | None = None,
    audit: Audit | None = None,
    level: str = "",
) -> LabelDecision:
    """The validity and the follow-up date come from the framework's label cycle unless given; without a rule
    of validity the date must be given."""
    if not modules or any(m.version_id != framework_version.pk for m in modules):
        raise ValidationError({"modules": "Choisissez des modules du référentiel sélectionné."})
    cycle = framework_version.cycle
    if valid_until is None:
        months = cycle.value("validity_months")
        if months is None:
            raise ValidationError({"valid_until": "Le référentiel ne fixe pas de durée de validité : indiquez-la."})
        valid_until = add_months(decided_on, months)
    follow_up = cycle.value("follow_up_months")
    decision = LabelDecision(
        site=site,
        framework_version=framework_version,
        decided_on=decided_on,
        certification_body=certification_body,
        valid_until=valid_until,
        follow_up_due=add_months(decided_on, follow_up) if follow_up else None,
        audit=audit,
        level=level,
        created_by=actor,
    )
    decision.full_clean()
    decision.save()
    decision.modules.set(modules)
    return decision


@transaction.atomic
def add_evidence_document(
    *,
    actor: User | None,
    department: Department,
    title: str,
    kind: str,
    owner: str,
    version: str,
    review_due: dt.date,
    commitments: Sequence[Commitment],
    location: str = "",
) -> EvidenceDocument:
    document = EvidenceDocument(
        department=department,
        title=title,
        kind=kind,
        owner=owner,
        version=version,
        review_due=review_due,
        location=location,
    )
    document.full_clean()
    document.save()
    document.commitments.set(commitments)
    return document


@transaction.atomic
def set_transition_target(
    *, actor: User | None, department: Department, framework: Framework, target_date: dt.date
) -> TransitionTarget:
    target, _ = TransitionTarget.objects.update_or_create(
        department=department, framework=framework, defaults={"target_date": target_date, "set_by": actor}
    )
    return target

"""Audits API. Access: a department the user does not see is 404; audits and self-assessments are those of the
user's scope (audits_for_user, self_assessments_for_user); a site outside the scope is 404. Rates are unrounded
percentages, each with its basis (requirements reached / assessed)."""

from __future__ import annotations

import datetime as dt
import uuid
from fractions import Fraction

from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from vigie.core.apischema import error_responses
from vigie.core.calendar import WorkingCalendar
from vigie.organisation.queries import get_department_for_user, visible_sites

from .queries import (
    assessment_summaries,
    audit_views,
    audits_for_user,
    self_assessments_for_user,
    site_label,
)

router = Router(tags=["audits"])


def _number(value: Fraction | None) -> float | None:
    return None if value is None else float(value)


class SelfAssessmentQuery(Schema):
    department: str = Field(..., max_length=3)
    year: int | None = Field(None, ge=2000, le=2100)


class CommitmentRateOut(Schema):
    code: str
    number: int
    title: str
    reached: int
    assessed: int
    rate: float | None
    previous_rate: float | None
    change_points: float | None


class SelfAssessmentOut(Schema):
    id: str
    site: str
    framework: str
    version: str
    assessed_on: dt.date
    rule: str
    weak_threshold: int
    mean: float | None
    previous_mean: float | None
    change_points: float | None
    strongest: str | None
    weakest: str | None
    weak: list[str]
    commitments: list[CommitmentRateOut]


@router.get(
    "/self-assessments",
    response={200: list[SelfAssessmentOut], **error_responses(400, 401, 403, 404)},
    summary="Auto-évaluations (taux d'atteinte par engagement, moyenne, plus faible, plus fort, évolution)",
)
def list_self_assessments(request, filters: Query[SelfAssessmentQuery]):
    department = get_department_for_user(request.user, filters.department)
    result = []
    for a, s in assessment_summaries(self_assessments_for_user(request.user, department, filters.year)):
        result.append(
            {
                "id": str(a.public_id),
                "site": a.site.code,
                "framework": a.framework_version.framework.code,
                "version": a.framework_version.version,
                "assessed_on": a.assessed_on,
                "rule": a.get_averaging_rule_display(),
                "weak_threshold": a.weak_threshold,
                "mean": _number(s.mean),
                "previous_mean": _number(s.previous_mean),
                "change_points": _number(s.change),
                "strongest": s.strongest.code if s.strongest else None,
                "weakest": s.weakest.code if s.weakest else None,
                "weak": [r.code for r in s.weak],
                "commitments": [
                    {
                        "code": r.code,
                        "number": r.number,
                        "title": r.title,
                        "reached": r.reached,
                        "assessed": r.assessed,
                        "rate": _number(r.rate),
                        "previous_rate": _number(r.previous),
                        "change_points": _number(r.change),
                    }
                    for r in s.rates
                ],
            }
        )
    return result


class AuditActionOut(Schema):
    id: str
    title: str
    status: str
    progress: int
    due_date: dt.date | None
    is_open: bool


def _actions(actions) -> list[dict]:
    return [
        {
            "id": str(a.public_id),
            "title": a.title,
            "status": a.status,
            "progress": a.progress,
            "due_date": a.due_date,
            "is_open": a.is_open,
        }
        for a in actions
    ]


class FindingOut(Schema):
    id: str
    commitment: str
    result: str
    comment: str
    evidence: str
    actions: list[AuditActionOut]


class RemarkOut(Schema):
    id: str
    kind: str
    commitment: str | None
    text: str
    actions: list[AuditActionOut]


class AuditOut(Schema):
    id: str
    kind: str
    framework: str
    starts_on: dt.date
    ends_on: dt.date
    auditor: str
    sites: list[str]
    modules: list[int]
    counts: dict[str, int]
    findings: list[FindingOut]
    remarks: list[RemarkOut]


class AuditQuery(Schema):
    department: str = Field(..., max_length=3)


@router.get(
    "/audits",
    response={200: list[AuditOut], **error_responses(400, 401, 403, 404)},
    summary="Audits du département (constats, remarques, actions)",
)
def list_audits(request, filters: Query[AuditQuery]):
    department = get_department_for_user(request.user, filters.department)
    result = []
    for view in audit_views(list(audits_for_user(request.user, department).prefetch_related("sites", "modules"))):
        audit = view.audit
        result.append(
            {
                "id": str(audit.public_id),
                "kind": audit.kind,
                "framework": audit.framework_version.framework.code,
                "starts_on": audit.starts_on,
                "ends_on": audit.ends_on,
                "auditor": audit.auditor,
                "sites": sorted(s.code for s in audit.sites.all()),
                "modules": sorted(m.number for m in audit.modules.all()),
                "counts": view.counts,
                "findings": [
                    {
                        "id": str(row.finding.public_id),
                        "commitment": row.commitment.code,
                        "result": row.finding.result,
                        "comment": row.finding.comment,
                        "evidence": row.finding.evidence,
                        "actions": _actions(row.actions),
                    }
                    for row in view.rows
                    if row.finding
                ],
                "remarks": [
                    {
                        "id": str(r.public_id),
                        "kind": r.kind,
                        "commitment": r.commitment.code if r.commitment else None,
                        "text": r.text,
                        "actions": _actions(actions),
                    }
                    for r, actions in [*((p, []) for p in view.strong_points), *view.progress_paths]
                ],
            }
        )
    return result


class LabelOut(Schema):
    framework: str
    version: str
    modules: list[int]
    decided_on: dt.date
    certification_body: str
    valid_until: dt.date
    follow_up_due: dt.date | None
    level: str


class DueOut(Schema):
    date: dt.date
    kind: str
    label: str
    rule_source: str | None


class SiteLabelOut(Schema):
    site: str
    labels: list[LabelOut]
    next_due_audit: DueOut | None
    timeline: list[DueOut]
    open_corrective_actions: list[AuditActionOut]


def _due(item) -> dict:
    return {
        "date": item.date,
        "kind": item.kind,
        "label": item.label,
        "rule_source": item.rule.source if item.rule else None,
    }


@router.get(
    "/departments/{code}/sites/{site}/label",
    response={200: SiteLabelOut, **error_responses(400, 401, 403, 404)},
    summary="Labels en cours d'un site, prochain audit dû, échéancier et actions correctives ouvertes",
    description="`site` : le code du site (comme dans /departments/{code}) ou son identifiant public.",
)
def get_site_label(request, code: str, site: str):
    department = get_department_for_user(request.user, code)
    sites = visible_sites(request.user).filter(department=department)
    found = sites.filter(code=site).first()
    if found is None:
        try:
            found = sites.filter(public_id=uuid.UUID(site)).first()
        except ValueError:  # neither a code nor a public id
            found = None
    if found is None:
        raise Http404("Site introuvable.")
    today = WorkingCalendar.for_department(department.code).local_date(timezone.now())
    label = site_label(found, today)
    return {
        "site": found.code,
        "labels": [
            {
                "framework": d.framework_version.framework.code,
                "version": d.framework_version.version,
                "modules": [m.number for m in d.modules.all()],
                "decided_on": d.decided_on,
                "certification_body": d.certification_body,
                "valid_until": d.valid_until,
                "follow_up_due": d.follow_up_due,
                "level": d.level,
            }
            for d in label.current
        ],
        "next_due_audit": _due(label.next_due_audit) if label.next_due_audit else None,
        "timeline": [_due(item) for item in label.timeline],
        "open_corrective_actions": _actions(label.open_actions),
    }

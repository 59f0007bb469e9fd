"""Audits test data, built through the audits app's services (no factory writes a row the services would refuse)."""

from __future__ import annotations

import datetime as dt

from vigie.audits import services
from vigie.audits.enums import AuditKind
from vigie.frameworks.models import Commitment, FrameworkVersion


def version(code: str) -> FrameworkVersion:
    return FrameworkVersion.objects.get(framework__code=code, is_current=True)


def commitment(framework: str, code: str) -> Commitment:
    return Commitment.objects.get(
        module__version__framework__code=framework, module__version__is_current=True, code=code
    )


def make_audit(
    world,
    *,
    kind=AuditKind.EXTERNAL,
    starts_on=dt.date(2024, 3, 4),
    days=1,
    sites=None,
    modules=(1, 2),
    framework="qual-e-pref-2019",
    auditor="SOCOTEC",
    actor=None,
):
    v = version(framework)
    return services.plan_audit(
        actor=actor,
        department=world.dept_a,
        kind=kind,
        framework_version=v,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=days),
        auditor=auditor,
        sites=sites or [world.site_a1],
        modules=list(v.modules.filter(number__in=modules)),
    )


def make_assessment(
    world, pairs, *, site=None, framework="services-publics-plus-2023", on=dt.date(2024, 11, 18), threshold=50
):
    v = version(framework)
    commitments = list(Commitment.objects.filter(module__version=v).order_by("position"))
    return services.record_self_assessment(
        actor=None,
        site=site or world.site_a2,
        framework_version=v,
        assessed_on=on,
        weak_threshold=threshold,
        answers=[services.AnswerInput(c, r, a) for c, (r, a) in zip(commitments, pairs, strict=True) if a],
    )

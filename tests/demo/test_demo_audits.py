"""The demo's audits (vigie/demo/audits.py): Charente's roadmap with its two minor non-conformities turned into
actions, the seed-like SP+ self-assessment, label decisions; rerun the same day or weeks later, nothing is added."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine

from vigie.audits.enums import AuditKind, FindingResult
from vigie.audits.models import Audit, EvidenceDocument, Finding, LabelDecision, SelfAssessment
from vigie.audits.queries import assessment_summaries
from vigie.demo.audits import build_demo_audits
from vigie.improvement.models import Action
from vigie.organisation.services import import_org

DATA = Path(__file__).resolve().parents[2] / "vigie" / "demo" / "data"
PARIS = ZoneInfo("Europe/Paris")


def _counts():
    return [m.objects.count() for m in (Audit, Finding, SelfAssessment, LabelDecision, EvidenceDocument, Action)]


def test_the_demo_audits_follow_the_seeds_and_a_rerun_adds_nothing(db):
    for path in sorted(DATA.glob("*.yaml")):
        import_org(content=path.read_bytes())
    with time_machine.travel(dt.datetime(2026, 12, 7, 0, 30, tzinfo=PARIS), tick=False):
        build_demo_audits()
        first = _counts()
        build_demo_audits()
        assert _counts() == first
    with time_machine.travel(dt.datetime(2027, 2, 1, 9, 0, tzinfo=PARIS), tick=False):
        build_demo_audits()
        assert _counts() == first

    charente = Audit.objects.filter(department__code="16").order_by("starts_on")
    assert [(a.kind, a.starts_on.isoformat(), a.ends_on.isoformat()) for a in charente] == [
        (AuditKind.SELF_DIAGNOSIS, "2021-09-20", "2021-09-24"),
        (AuditKind.INTERNAL, "2022-05-04", "2022-05-05"),
        (AuditKind.EXTERNAL, "2022-06-28", "2022-06-30"),
    ]
    external = charente.last()
    minors = Finding.objects.filter(audit=external, result=FindingResult.MINOR)
    assert minors.count() == 2
    assert Action.objects.filter(origin_public_id__in=[str(f.public_id) for f in minors]).count() == 2
    decision = LabelDecision.objects.get(site__code="pref-16")
    assert (decision.decided_on, decision.audit) == (dt.date(2022, 8, 4), external)  # 5 weeks after the audit

    first_sp = SelfAssessment.objects.get(framework_version__framework__code="services-publics-plus-2021")
    ((_, summary),) = assessment_summaries([first_sp])
    assert (round(float(summary.mean), 1), summary.strongest.rate, round(float(summary.weakest.rate), 1)) == (
        61.6,
        86,
        30.6,
    )

"""The demo's audits, self-assessments, label decisions and evidence, through the audits app's services.

- Charente (16): the labelling roadmap of the seed (SEED-16): self-diagnosis in September 2021, internal audit on
  4-5 May 2022 (a minor non-conformity and a progress path), external audit by SOCOTEC at the end of June 2022 with
  two minor non-conformities turned into corrective actions, the label decision about 5 weeks later (SEED-41's
  delay);
- Loir-et-Cher (41): external audit of 28 July 2022 on modules 1 and 4, decision on 1 September 2022;
- Marne (51): Services Publics+ self-assessments (the 2022 one on the 9 commitments of 2021-2022 gives the
  seed-like mean 61.6 %, best 86 %, weakest 30.6 % of referentiels.md; then 2023 and 2024 on the 8 commitments),
  a Quali-ATE external audit about 11 months ago and its decision, a follow-up audit planned in three weeks while
  one corrective action is still open (the alerts), evidence documents (one review overdue).
Idempotent: each object is looked up by its natural key first; dates of Marne's Quali-ATE cycle are relative to
today, everything else is the seeds' own dates."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vigie.audits.enums import AuditKind, DocumentKind, FindingResult, RemarkKind
from vigie.audits.models import Audit, EvidenceDocument, LabelDecision, SelfAssessment
from vigie.audits.services import (
    AnswerInput,
    ResultInput,
    add_evidence_document,
    add_remark,
    plan_audit,
    raise_actions_from_weak_commitments,
    raise_corrective_actions,
    record_label_decision,
    record_results,
    record_self_assessment,
)
from vigie.frameworks.models import Commitment, FrameworkVersion
from vigie.improvement.services import record_progress
from vigie.organisation.models import Department, Site

SOCOTEC = "SOCOTEC (organisme certificateur)"
MINISTRY_AUDITOR = "Auditeur du ministère de l'Intérieur"

# SP+ 2021-2022, Marne 2022: (reached, assessed) per commitment 1..9 — mean 61.6 %, best 86 % (n°2), weakest 30.6 %
# (n°9); unweighted mean of the nine rates.
SPP_2022 = [(5, 8), (43, 50), (7, 10), (3, 5), (11, 20), (13, 20), (2, 3), (27, 46), (11, 36)]
SPP_2023 = [(6, 8), (8, 10), (6, 10), (12, 20), (7, 10), (4, 5), (5, 8), (3, 8)]
SPP_2024 = [(7, 8), (9, 10), (7, 10), (15, 20), (8, 10), (5, 5), (6, 8), (3, 8)]


def _version(code: str) -> FrameworkVersion:
    return FrameworkVersion.objects.get(framework__code=code, is_current=True)


def _commitment(version: FrameworkVersion, code: str) -> Commitment:
    return Commitment.objects.get(module__version=version, code=code)


def _audit(department, kind, version, starts_on, ends_on, auditor, sites, modules) -> tuple[Audit, bool]:
    """The audit of that kind and framework in the department (on that day for the seeds' dated audits; any day for
    an audit dated relative to today, so that a rerun on another day finds it)."""
    existing = Audit.objects.filter(department=department, kind=kind, framework_version__framework=version.framework)
    if version.framework.code != "quali-ate-2024":
        existing = existing.filter(starts_on=starts_on)
    existing = existing.first()
    if existing:
        return existing, False
    audit = plan_audit(
        actor=None,
        department=department,
        kind=kind,
        framework_version=version,
        starts_on=starts_on,
        ends_on=ends_on,
        auditor=auditor,
        sites=sites,
        modules=list(version.modules.filter(number__in=modules)),
    )
    return audit, True


def _results(audit: Audit, version: FrameworkVersion, rows) -> None:
    record_results(
        actor=None,
        audit=audit,
        results=[
            ResultInput(_commitment(version, code), result, comment, evidence)
            for code, result, comment, evidence in rows
        ],
    )


def _decision(site, version, modules, decided_on, body, audit=None) -> None:
    """One decision per site and framework in the demo (a rerun on another day finds Marne's Quali-ATE one)."""
    if LabelDecision.objects.filter(site=site, framework_version__framework=version.framework).exists():
        return
    record_label_decision(
        actor=None,
        site=site,
        framework_version=version,
        modules=list(version.modules.filter(number__in=modules)),
        decided_on=decided_on,
        certification_body=body,
        audit=audit,
    )


def _assessment(site, version, assessed_on, pairs, note=""):
    found = SelfAssessment.objects.filter(site=site, framework_version=version, assessed_on=assessed_on).first()
    if found:
        return found, False
    commitments = list(Commitment.objects.filter(module__version=version).order_by("position"))
    answers = [AnswerInput(c, reached, assessed) for c, (reached, assessed) in zip(commitments, pairs, strict=True)]
    return (
        record_self_assessment(
            actor=None, site=site, framework_version=version, assessed_on=assessed_on, answers=answers, note=note
        ),
        True,
    )


def build_charente() -> None:
    department = Department.objects.get(code="16")
    site = Site.objects.get(department=department, code="pref-16")
    qep = _version("qual-e-pref-2019")
    _audit(
        department,
        AuditKind.SELF_DIAGNOSIS,
        qep,
        dt.date(2021, 9, 20),
        dt.date(2021, 9, 24),
        "Référent qualité de la préfecture, avec les bureaux",
        [site],
        [1, 2],
    )
    internal, new = _audit(
        department, AuditKind.INTERNAL, qep, dt.date(2022, 5, 4), dt.date(2022, 5, 5), MINISTRY_AUDITOR, [site], [1, 2]
    )
    if new:
        _results(
            internal,
            qep,
            [
                ("QEP-M1-E01", FindingResult.CONFORM, "", "Horaires publiés sur le site internet et affichés."),
                (
                    "QEP-M1-E08",
                    FindingResult.MINOR,
                    "Accusé de réception non systématique pour les courriers.",
                    "Registre du courrier, échantillon de 20 courriers.",
                ),
            ],
        )
        add_remark(
            actor=None,
            audit=internal,
            kind=RemarkKind.PROGRESS_PATH,
            text="Formaliser la mise à jour trimestrielle des informations pratiques.",
            commitment=_commitment(qep, "QEP-M1-E01"),
        )
        for action in raise_corrective_actions(actor=None, audit=internal, due_date=dt.date(2022, 6, 15)):
            record_progress(actor=None, action=action, progress=100, comment="Fait avant l'audit externe.")
    external, new = _audit(
        department, AuditKind.EXTERNAL, qep, dt.date(2022, 6, 28), dt.date(2022, 6, 30), SOCOTEC, [site], [1, 2]
    )
    if new:
        _results(
            external,
            qep,
            [
                (
                    "QEP-M1-E01",
                    FindingResult.MINOR,
                    "Date de dernière mise à jour absente de l'affichage des horaires du point d'accès numérique.",
                    "Visite du hall et du PAN.",
                ),
                ("QEP-M1-E02", FindingResult.CONFORM, "", "Observation de l'accueil, enquête de satisfaction."),
                (
                    "QEP-M1-E04",
                    FindingResult.MINOR,
                    "Signalétique d'orientation incomplète vers le bureau des migrations.",
                    "Visite du hall.",
                ),
                ("QEP-M1-E06", FindingResult.CONFORM, "", "Tableau mensuel des appels décrochés."),
                ("QEP-M2-E02", FindingResult.CONFORM, "", "Délais trimestriels de délivrance (cible 14 jours)."),
            ],
        )
        add_remark(
            actor=None,
            audit=external,
            kind=RemarkKind.STRONG_POINT,
            text="Suivi mensuel des appels décrochés présenté en comité de pilotage.",
            commitment=_commitment(qep, "QEP-M1-E06"),
        )
        actions = raise_corrective_actions(actor=None, audit=external, due_date=dt.date(2022, 7, 29))
        record_progress(actor=None, action=actions[0], progress=100, comment="Affichage daté.")
        record_progress(actor=None, action=actions[1], progress=60, comment="Panneaux commandés.")
    _decision(site, qep, [1, 2], external.ends_on + dt.timedelta(weeks=5), SOCOTEC, external)
    if not EvidenceDocument.objects.filter(department=department).exists():
        add_evidence_document(
            actor=None,
            department=department,
            title="Procédure d'accueil du public",
            kind=DocumentKind.PROCEDURE,
            owner="Bureau de l'accueil",
            version="2",
            review_due=dt.date(2023, 6, 30),
            commitments=[_commitment(qep, "QEP-M1-E02"), _commitment(qep, "QEP-M1-E04")],
        )


def build_loir_et_cher() -> None:
    department = Department.objects.get(code="41")
    site = Site.objects.get(department=department, code="pref-41")
    qep = _version("qual-e-pref-2019")
    external, new = _audit(
        department, AuditKind.EXTERNAL, qep, dt.date(2022, 7, 28), dt.date(2022, 7, 28), SOCOTEC, [site], [1, 4]
    )
    if new:
        _results(
            external,
            qep,
            [
                ("QEP-M1-E03", FindingResult.CONFORM, "38 réclamations en 2021, toutes traitées.", "Registre."),
                ("QEP-M4-E04", FindingResult.CONFORM, "", "Tableau des délais de réponse aux élus."),
            ],
        )
    _decision(site, qep, [1, 4], dt.date(2022, 9, 1), SOCOTEC, external)


def build_marne(today: dt.date) -> None:
    department = Department.objects.get(code="51")
    site = Site.objects.get(department=department, code="pref-51")
    spp21, spp23 = _version("services-publics-plus-2021"), _version("services-publics-plus-2023")
    _assessment(site, spp21, dt.date(2022, 11, 15), SPP_2022, "Première auto-évaluation des 9 engagements.")
    _assessment(site, spp23, dt.date(2023, 11, 20), SPP_2023)
    latest, new = _assessment(site, spp23, dt.date(2024, 11, 18), SPP_2024)
    if new:
        raise_actions_from_weak_commitments(actor=None, assessment=latest, due_date=dt.date(2025, 6, 30))
    _decision(site, _version("qual-e-pref-2019"), [1, 2], dt.date(2022, 6, 30), SOCOTEC)
    qate = _version("quali-ate-2024")
    body = "Organisme certificateur (démonstration)"
    start = today - dt.timedelta(days=330)
    external, new = _audit(
        department, AuditKind.EXTERNAL, qate, start, start + dt.timedelta(days=1), body, [site], [1, 2, 3, 4]
    )
    if new:
        _results(
            external,
            qate,
            [
                ("QATE-M1-T1", FindingResult.CONFORM, "", "Observation de l'accueil physique."),
                (
                    "QATE-M1-T2",
                    FindingResult.MINOR,
                    "Taux d'appels décrochés sous la cible en période de pointe.",
                    "Statistiques de téléphonie.",
                ),
                (
                    "QATE-M2-T4",
                    FindingResult.CONFORM,
                    "Comité local des usagers réuni le 2 février 2024.",
                    "Compte rendu du CLUAC.",
                ),
            ],
        )
        raise_corrective_actions(actor=None, audit=external, due_date=today + dt.timedelta(days=60))
    _decision(site, qate, [1, 2, 3, 4], external.ends_on + dt.timedelta(weeks=5), body, external)
    follow_up = today + dt.timedelta(days=21)
    if not Audit.objects.filter(department=department, kind=AuditKind.FOLLOW_UP, framework_version=qate).exists():
        plan_audit(
            actor=None,
            department=department,
            kind=AuditKind.FOLLOW_UP,
            framework_version=qate,
            starts_on=follow_up,
            ends_on=follow_up,
            auditor=body,
            sites=[site],
            modules=list(qate.modules.filter(number__in=[1, 2])),
        )
    if not EvidenceDocument.objects.filter(department=department).exists():
        qep = _version("qual-e-pref-2019")
        documents = [
            (
                "Procédure d'accueil physique",
                DocumentKind.PROCEDURE,
                "Bureau de l'accueil",
                "3",
                -20,
                [_commitment(qep, "QEP-M1-E04"), _commitment(qate, "QATE-M1-T1")],
            ),
            (
                "Affiche Transparence",
                DocumentKind.POSTER,
                "Référente qualité",
                "2024",
                100,
                [_commitment(spp23, "SPP-E6")],
            ),
            (
                "Modèles de réponse aux courriels",
                DocumentKind.TEMPLATE,
                "Bureau du cabinet",
                "1.2",
                200,
                [_commitment(qep, "QEP-M1-E08"), _commitment(spp23, "SPP-E4")],
            ),
            (
                "Attestations de formation à l'accueil",
                DocumentKind.TRAINING,
                "Service des ressources humaines",
                "2024",
                300,
                [_commitment(spp23, "SPP-E1")],
            ),
        ]
        for title, kind, owner, version, days, commitments in documents:
            add_evidence_document(
                actor=None,
                department=department,
                title=title,
                kind=kind,
                owner=owner,
                version=version,
                review_due=today + dt.timedelta(days=days),
                commitments=commitments,
            )


def build_demo_audits() -> None:
    today = timezone.localdate()
    build_charente()
    build_loir_et_cher()
    build_marne(today)

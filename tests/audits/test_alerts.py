"""The quality officer's alerts: on the page, and e-mailed once each by the daily job (audits/schedules.py)."""

import datetime as dt

from tests.audits.factories import commitment, make_audit
from vigie.audits import services
from vigie.audits.enums import AuditKind, DocumentKind, FindingResult
from vigie.audits.tasks import send_audit_alerts
from vigie.core.scheduler import jobs
from vigie.mail.models import OutboxMessage


def _alerting_department(world):
    """An external audit in June with a minor non-conformity still open, a follow-up audit in 10 days, a document
    whose review was due last month."""
    earlier = make_audit(world, starts_on=dt.date(2024, 6, 3))
    services.record_results(
        actor=None,
        audit=earlier,
        results=[services.ResultInput(commitment("qual-e-pref-2019", "QEP-M1-E04"), FindingResult.MINOR, "Affichage")],
    )
    services.raise_corrective_actions(actor=None, audit=earlier, due_date=dt.date(2024, 9, 30))
    make_audit(world, kind=AuditKind.FOLLOW_UP, starts_on=dt.date(2024, 12, 12))
    services.add_evidence_document(
        actor=None,
        department=world.dept_a,
        title="Procédure d'accueil",
        kind=DocumentKind.PROCEDURE,
        owner="Accueil",
        version="3",
        review_due=dt.date(2024, 11, 1),
        commitments=[commitment("qual-e-pref-2019", "QEP-M1-E02")],
    )


def test_the_officer_sees_the_alerts_and_the_reader_does_not(world):
    _alerting_department(world)
    page = world.client_for(world.officer).get("/departements/51/audits/").content.decode()
    assert "Audit de suivi du 12/12/2024 : dans 10 jour(s)" in page
    assert "Comité local des usagers à vérifier avant l&#x27;audit de suivi du 12/12/2024" in page
    assert "1 action(s) corrective(s) encore ouverte(s) à la date de l&#x27;audit du 12/12/2024" in page
    assert "Revue en retard : Procédure d&#x27;accueil (version 3)" in page
    assert "Alertes" not in world.client_for(world.reader).get("/departements/51/audits/").content.decode()


def test_the_daily_job_emails_each_alert_once_to_the_quality_officers(world):
    world.officer.email = "referente@example.org"
    world.officer.save()
    _alerting_department(world)
    assert "send_audit_alerts" in [job.name for job in jobs()]
    assert send_audit_alerts.call() == 4
    messages = OutboxMessage.objects.filter(related_app="audits", tag="audit_alert")
    assert sorted(m.subject for m in messages) == [
        "[Vigie] 1 action(s) corrective(s) encore ouverte(s) à la date de l'audit du 12/12/2024",
        "[Vigie] Audit de suivi du 12/12/2024 : dans 10 jour(s)",
        "[Vigie] Comité local des usagers à vérifier avant l'audit de suivi du 12/12/2024",
        "[Vigie] Revue en retard : Procédure d'accueil (version 3)",
    ]
    assert {m.to for m in messages} == {"referente@example.org"}
    assert send_audit_alerts.call() == 0
    assert OutboxMessage.objects.filter(related_app="audits").count() == 4


def test_no_alert_for_an_audit_more_than_thirty_days_ahead(world):
    make_audit(world, kind=AuditKind.FOLLOW_UP, starts_on=dt.date(2025, 1, 6))
    page = world.client_for(world.officer).get("/departements/51/audits/").content.decode()
    assert "Aucune alerte." in page

"""Daily digest to each service and escalation of late requests to the quality officer, through the outbox."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from tests.organisation.factories import RoleAssignmentFactory
from tests.register.factories import make_request
from vigie.mail.models import OutboxMessage
from vigie.organisation.enums import Role
from vigie.register.models import RequestEvent, UserRequest
from vigie.register.requests.digest import escalate_late_requests, send_daily_digests
from vigie.register.requests.services import create_request, reply_to_request

# Wednesday 15 May 2024, 7:00 in Paris: due date of a request received Monday 6 May by e-mail
WEDNESDAY = dt.datetime(2024, 5, 15, 5, 0, tzinfo=dt.UTC)


def _emails(world):
    world.agent.email = "agent@pref51.invalid"
    world.agent.save()
    world.officer.email = "qualite@pref51.invalid"
    world.officer.save()


def test_digest_lists_late_today_and_soon_for_the_service_agents_only(world):
    _emails(world)
    late = make_request(world, received=dt.datetime(2024, 5, 2, 10), subject="Ancienne")  # due 13 May
    today = make_request(world, received=dt.datetime(2024, 5, 6, 10), subject="Du jour")  # due 15 May
    soon = make_request(world, received=dt.datetime(2024, 5, 7, 10), subject="Bientôt")  # due 16 May
    later = make_request(world, received=dt.datetime(2024, 5, 14, 10), subject="Plus tard")  # due 22 May
    answered = make_request(world, received=dt.datetime(2024, 5, 2, 10), subject="Répondue")
    reply_to_request(actor=None, request=answered, text="R", replied_at=dt.datetime(2024, 5, 3, 10))
    make_request(world, service=world.service_a1bis, subject="Autre service")
    OutboxMessage.objects.all().delete()

    assert send_daily_digests(now=WEDNESDAY) == 1
    message = OutboxMessage.objects.get()
    assert message.to == "agent@pref51.invalid" and message.related_public_id is None
    body = message.body
    assert f"En retard (1) :\n- {late.reference} — Ancienne — échéance le 13/05/2024" in body
    assert f"Échéance aujourd'hui (1) :\n- {today.reference}" in body
    assert f"Échéance dans les prochains jours ouvrés (1) :\n- {soon.reference}" in body
    assert later.reference not in body and answered.reference not in body and "Autre service" not in body
    assert f"http://127.0.0.1:8000/demandes/{late.reference}/" in body


def test_unassigned_requests_go_to_the_quality_officer(world):
    _emails(world)
    request = create_request(
        actor=None,
        site=world.site_a1,
        service=None,
        kind="complaint",
        channel="web",
        received_at=dt.datetime(2024, 5, 6, 10),
        subject="Sans service",
        text="…",
    )
    send_daily_digests(now=WEDNESDAY)
    message = OutboxMessage.objects.get()
    assert message.to == "qualite@pref51.invalid" and request.reference in message.body
    assert "pas encore attribuées" in message.body


def test_no_digest_on_a_public_holiday(world):
    _emails(world)
    make_request(world, received=dt.datetime(2024, 5, 2, 10))
    OutboxMessage.objects.all().delete()
    ascension = dt.datetime(2024, 5, 9, 5, 0, tzinfo=dt.UTC)
    assert send_daily_digests(now=ascension) == 0
    assert escalate_late_requests(now=ascension) == 0


def test_escalation_once_per_late_request(world):
    _emails(world)
    other_officer = RoleAssignmentFactory(role=Role.QUALITY_OFFICER, department=world.dept_b).user
    other_officer.email = "qualite@pref16.invalid"
    other_officer.save()
    late = make_request(world, received=dt.datetime(2024, 5, 2, 10))
    make_request(world, received=dt.datetime(2024, 5, 6, 10))  # due today: not late
    OutboxMessage.objects.all().delete()
    assert escalate_late_requests(now=WEDNESDAY) == 1
    message = OutboxMessage.objects.get()
    assert message.to == "qualite@pref51.invalid"
    assert message.subject == "Vigie — 1 demande(s) en retard (Marne)"
    assert late.reference in message.body
    assert RequestEvent.objects.filter(request=late, action="escalated").count() == 1
    assert escalate_late_requests(now=WEDNESDAY + dt.timedelta(days=1)) == 1  # only the one due the 15th
    assert UserRequest.objects.filter(escalated_at=None).count() == 0


def test_the_scheduled_jobs_command_lists_and_runs_jobs(world, capsys):
    call_command("run_scheduled_jobs", "--list")
    out = capsys.readouterr().out
    assert "daily_reminders : chaque jour" in out and "fetch_mail : toutes les 5 min" in out
    make_request(world, received=dt.datetime(2024, 5, 2, 10))
    UserRequest.objects.update(due_date=dt.date(2024, 5, 13))
    call_command("run_scheduled_jobs", "--job", "compute_register_indicators")
    assert "compute_register_indicators : " in capsys.readouterr().out
    with pytest.raises(CommandError, match="Tâche inconnue : rien"):
        call_command("run_scheduled_jobs", "--job", "rien")

"""Owners are reminded before the due date and when it has passed, through the outbox, once per threshold."""

import datetime as dt

import pytest
import time_machine
from django.test import override_settings

from tests.improvement.factories import make_action, make_plan, make_theme
from vigie.core.scheduler import jobs
from vigie.improvement import services
from vigie.improvement.reminders import send_action_reminders
from vigie.mail.models import OutboxMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def actions(world):
    world.agent.email = "agent@example.org"
    world.agent.save()
    world.service_a1.email = "etrangers@example.org"
    world.service_a1.save()
    with time_machine.travel(dt.datetime(2024, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        theme = make_theme(make_plan(world.dept_a, year=2024))
        due_soon = make_action(theme, "Afficher les horaires", due_date=dt.date(2024, 3, 20), owner_user=world.agent)
        by_service = make_action(
            theme, "Former l'équipe", due_date=dt.date(2024, 3, 11), owner_service=world.service_a1
        )
        make_action(theme, "Sans pilote joignable", due_date=dt.date(2024, 3, 11), owner_label="Accueil")
        make_action(theme, "Lointaine", due_date=dt.date(2024, 9, 1), owner_user=world.agent)
        done = make_action(theme, "Déjà faite", due_date=dt.date(2024, 3, 5), owner_user=world.agent)
        services.record_progress(actor=None, action=done, progress=100)
    return due_soon, by_service


@override_settings(VIGIE_ACTION_REMINDER_DAYS=7)
def test_owners_get_one_reminder_before_and_one_when_overdue(actions):
    due_soon, by_service = actions
    with time_machine.travel(dt.datetime(2024, 3, 5, 6, tzinfo=dt.UTC), tick=False):
        assert send_action_reminders() == 1
        assert send_action_reminders() == 0  # once per threshold
    (message,) = OutboxMessage.objects.all()
    assert (message.to, message.related_app, message.related_public_id) == (
        "etrangers@example.org",
        "improvement",
        by_service.public_id,
    )
    assert message.subject == "Action à échéance le 11/03/2024 : Former l'équipe"
    assert f"/actions/{by_service.public_id}/" in message.body
    with time_machine.travel(dt.datetime(2024, 3, 13, 6, tzinfo=dt.UTC), tick=False):
        assert send_action_reminders() == 2  # due_soon enters its 7 days, by_service is overdue
        assert send_action_reminders() == 0
    assert sorted(OutboxMessage.objects.values_list("tag", "to")) == [
        ("action_before_due", "agent@example.org"),
        ("action_before_due", "etrangers@example.org"),
        ("action_overdue", "etrangers@example.org"),
    ]
    with time_machine.travel(dt.datetime(2024, 3, 14, 6, tzinfo=dt.UTC), tick=False):
        services.update_action(actor=None, action=by_service, due_date=dt.date(2024, 4, 30))  # postponed
    with time_machine.travel(dt.datetime(2024, 4, 25, 6, tzinfo=dt.UTC), tick=False):
        assert send_action_reminders() == 2  # the new due date is reminded; due_soon is now overdue


def test_the_reminders_are_a_daily_job():
    job = next(job for job in jobs() if job.name == "action_reminders")
    assert job.is_daily and job.task == "vigie.improvement.tasks.action_reminders"

"""The worker's schedule: each job once per slot, whatever the number of workers; daily jobs after their hour."""

import datetime as dt
import inspect
import threading

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import modify_settings

from vigie.core import scheduler
from vigie.core.models import ScheduledRun

PARIS_0700 = dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.UTC)  # 7:00 in Paris (UTC+1)


def _job(name):
    return next(j for j in scheduler.jobs() if j.name == name)


def test_slots(settings):
    settings.VIGIE_DAILY_JOBS_AT = "06:30"
    daily, mail = _job("daily_reminders"), _job("fetch_mail")
    assert daily.slot(PARIS_0700) == "2026-11-23"
    assert daily.slot(PARIS_0700 - dt.timedelta(hours=1)) is None  # 6:00 in Paris: not yet
    assert mail.slot(PARIS_0700 + dt.timedelta(minutes=7)) == "2026-11-23T07:05"
    settings.VIGIE_FETCH_MAIL_MINUTES = 0
    assert _job("fetch_mail").slot(PARIS_0700) is None  # switched off


def test_each_job_is_enqueued_once_per_slot(world):
    from django_tasks_db.models import DBTaskResult

    first = scheduler.enqueue_due_jobs(PARIS_0700)
    assert set(first) == {j.name for j in scheduler.jobs()}
    assert scheduler.enqueue_due_jobs(PARIS_0700 + dt.timedelta(minutes=2)) == []  # same slots
    assert scheduler.enqueue_due_jobs(PARIS_0700 + dt.timedelta(minutes=15)) == ["fetch_mail", "send_due_outbox"]
    assert DBTaskResult.objects.count() == len(first) + 2
    assert ScheduledRun.objects.filter(job="daily_reminders").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_enqueue_once(world):
    """Several threads claim the same slot at once: the unique constraint lets exactly one win."""
    from django.db import connection

    if connection.vendor == "sqlite":
        pytest.skip("SQLite's test database takes one writer at a time; the race is played on PostgreSQL")
    wins = []

    def claim():
        from django.db import connection as thread_connection

        wins.append(scheduler.claim(_job("daily_reminders"), PARIS_0700))
        thread_connection.close()

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == [False] * 7 + [True]


@pytest.mark.django_db(transaction=True)
def test_worker_runs_the_enqueued_jobs(world, capsys):
    scheduler.enqueue_due_jobs(PARIS_0700)
    call_command("worker", batch=True)
    from django_tasks_db.models import DBTaskResult

    statuses = set(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == {"SUCCESSFUL"}


def test_prune_forgets_old_slots(world):
    ScheduledRun.objects.create(job="x", slot="2020-01-01")
    ScheduledRun.objects.filter(job="x").update(enqueued_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    assert scheduler.prune() == 1


def test_each_app_declares_its_jobs_in_its_schedules_module_and_the_scheduler_collects_them(world):
    from django_tasks_db.models import DBTaskResult

    assert {(j.name, j.task.rsplit(".", 2)[0]) for j in scheduler.jobs()} == {
        ("fetch_mail", "vigie.register"),
        ("daily_reminders", "vigie.register"),
        ("compute_register_indicators", "vigie.register"),
        ("erase_expired_personal_data", "vigie.register"),
        ("erase_expired_rating_comments", "vigie.surveys"),
        ("purge_request_exports", "vigie.register"),
        ("send_due_outbox", "vigie.mail"),
        ("send_audit_alerts", "vigie.audits"),
        ("purge_idempotency_keys", "vigie.core"),
        ("action_reminders", "vigie.improvement"),
        ("send_committee_reminders", "vigie.committees"),
        ("erase_expired_committee_contacts", "vigie.committees"),
    }
    assert "register" not in inspect.getsource(scheduler) and "vigie.mail" not in inspect.getsource(scheduler)
    with modify_settings(INSTALLED_APPS={"append": "tests.core.scheduled_app"}):
        assert apps.is_installed("tests.core.scheduled_app")
        assert "tick_for_tests" in [j.name for j in scheduler.jobs()]
        assert "tick_for_tests" in scheduler.enqueue_due_jobs(PARIS_0700)
        assert "tick_for_tests" not in scheduler.enqueue_due_jobs(PARIS_0700 + dt.timedelta(minutes=29))  # 30 min
    assert DBTaskResult.objects.filter(task_path="tests.core.tasks_for_tests.tick").count() == 1
    assert "tick_for_tests" not in [j.name for j in scheduler.jobs()]  # the app is gone with the setting


def test_two_jobs_with_one_name_are_refused(world, monkeypatch):
    from vigie.mail import schedules

    monkeypatch.setattr(schedules, "JOBS", [*schedules.JOBS, scheduler.Job("fetch_mail", "vigie.mail.tasks.x")])
    with pytest.raises(ImproperlyConfigured, match="fetch_mail"):
        scheduler.jobs()

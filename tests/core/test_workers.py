"""What a running worker takes back from a lost one (core/workers.py): task rows left RUNNING are run again when
their task is safe to run twice, else failed with the reason; the messages it had claimed are due again at once.
A live worker's work is never touched. (The same with real processes and SIGKILL: test_worker_kill.py.)"""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from vigie.core import workers
from vigie.core.models import WorkerHeartbeat
from vigie.mail.models import OutboxMessage
from vigie.mail.services import queue_message
from vigie.mail.tasks import send_due_outbox, send_outbox_message
from vigie.register.tasks import daily_reminders

T0 = dt.datetime(2026, 11, 23, 8, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _timeouts(settings):
    settings.VIGIE_WORKER_HEARTBEAT_SECONDS = 30
    settings.VIGIE_WORKER_LOST_SECONDS = 120


def _running(task, worker_id: str, *args, starts: int = 1) -> DBTaskResult:
    """A row of `task` taken by `worker_id` (after `starts - 1` earlier starts by other workers)."""
    row = DBTaskResult.objects.get(id=task.enqueue(*args).id)
    for n in range(starts - 1):
        row.worker_ids = [*row.worker_ids, f"earlier-{n}"]
    row.claim(worker_id)
    return row


def _status(row: DBTaskResult) -> str:
    row.refresh_from_db()
    return row.status


def test_a_lost_worker_s_tasks_run_again_when_safe_else_fail_with_the_reason(db):
    with time_machine.travel(T0, tick=False):
        workers.beat("alive")
        workers.beat("lost")
        mine = _running(send_due_outbox, "alive")
        safe = _running(send_due_outbox, "lost")
        unsafe = _running(daily_reminders, "lost")
        too_often = _running(send_due_outbox, "lost", starts=3)  # may be what kills its worker
    with time_machine.travel(T0 + dt.timedelta(seconds=119), tick=False):
        workers.beat("alive")
        assert workers.recover() == workers.Recovered(lost_workers=0, run_again=0, failed=0)  # not lost yet
    with time_machine.travel(T0 + dt.timedelta(seconds=121), tick=False):
        assert workers.recover() == workers.Recovered(lost_workers=1, run_again=1, failed=2)
        assert workers.recover() == workers.Recovered(lost_workers=1, run_again=0, failed=0)  # once
    assert [_status(row) for row in (mine, safe, unsafe, too_often)] == ["RUNNING", "READY", "FAILED", "FAILED"]
    safe.refresh_from_db()
    assert safe.started_at is None and safe.worker_ids == ["lost"]  # the next worker appends its id
    unsafe.refresh_from_db()
    assert unsafe.exception_class_path == "vigie.core.workers.WorkerLost"
    assert "le worker qui exécutait cette tâche a disparu" in unsafe.traceback
    assert unsafe.finished_at == T0 + dt.timedelta(seconds=121)
    assert daily_reminders.get_result(str(unsafe.id)).status == "FAILED"


def test_a_row_of_a_worker_never_seen_is_taken_back_once_older_than_the_timeout(db):
    """A bare `db_worker` writes no heartbeat: its rows are given VIGIE_WORKER_LOST_SECONDS."""
    with time_machine.travel(T0, tick=False):
        row = _running(send_due_outbox, "bare-db-worker")
    with time_machine.travel(T0 + dt.timedelta(seconds=100), tick=False):
        workers.recover()
        assert _status(row) == "RUNNING"
    with time_machine.travel(T0 + dt.timedelta(seconds=121), tick=False):
        workers.recover()
        assert _status(row) == "READY"


def test_the_messages_a_lost_worker_claimed_are_due_again_at_once(db, settings):
    settings.VIGIE_OUTBOX_CLAIM_SECONDS = 600
    about = uuid.uuid4()
    with time_machine.travel(T0, tick=False):
        messages = [
            queue_message(app_label="t", public_id=about, to=f"p{n}@example.org", subject="s", body="b")
            for n in range(4)
        ]
        DBTaskResult.objects.all().delete()  # their own send tasks: not the point here
        workers.beat("alive")
        workers.beat("lost")
        claims = {0: "lost", 1: "alive", 2: "cron-host-4242"}  # 3 is not claimed
        for index, claimant in claims.items():
            OutboxMessage.objects.filter(pk=messages[index].pk).update(
                claimed_by=claimant, next_attempt_at=T0 + dt.timedelta(seconds=600)
            )
    with time_machine.travel(T0 + dt.timedelta(seconds=121), tick=False):
        workers.beat("alive")
        workers.recover()
        released = OutboxMessage.objects.get(pk=messages[0].pk)
        assert (released.claimed_by, released.next_attempt_at) == ("", T0 + dt.timedelta(seconds=121))
        assert OutboxMessage.objects.get(pk=messages[1].pk).claimed_by == "alive"  # alive: its claim holds
        assert OutboxMessage.objects.get(pk=messages[2].pk).claimed_by == "cron-host-4242"  # until it expires
        sends = DBTaskResult.objects.filter(task_path=send_outbox_message.module_path)
        assert [row.args_kwargs["args"] for row in sends] == [[messages[0].pk]]
    with time_machine.travel(T0 + dt.timedelta(seconds=601), tick=False):
        workers.beat("alive")
        workers.recover()
        # claims that expired: the live worker's too (it hangs), and the process outside a worker
        assert set(OutboxMessage.objects.values_list("claimed_by", flat=True)) == {""}
        assert sorted(row.args_kwargs["args"][0] for row in sends.all()) == sorted(m.pk for m in messages[:3])


def test_heartbeats_of_workers_gone_for_a_day_are_forgotten(db):
    with time_machine.travel(T0, tick=False):
        workers.beat("gone")
    with time_machine.travel(T0 + dt.timedelta(days=1, minutes=1), tick=False):
        workers.beat("alive")
        workers.recover()
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["alive"]


@pytest.mark.django_db(transaction=True)  # the worker closes its connection, as in test_outbox
def test_a_worker_takes_back_stale_rows_before_running_and_forgets_itself_when_it_stops(settings):
    from django.core.management import call_command

    with time_machine.travel(timezone.now() - dt.timedelta(minutes=10), tick=False):
        workers.beat("lost")
        row = _running(send_due_outbox, "lost")
    call_command("worker", batch=True, no_schedule=True)
    row.refresh_from_db()
    assert row.status == "SUCCESSFUL" and row.worker_ids[0] == "lost" and len(row.worker_ids) == 2
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["lost"]

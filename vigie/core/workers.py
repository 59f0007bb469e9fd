"""Workers that vanish (killed by SIGKILL or the OOM killer, a machine that stops): each `vigie worker` says it is
alive, and every running worker takes back what a lost one held — with or without the scheduler (--no-schedule).

- `vigie worker` gets an id (`new_worker_id`), passes it to django-tasks-db's runner, writes a WorkerHeartbeat row
  every VIGIE_WORKER_HEARTBEAT_SECONDS and runs `recover()` after each beat (`housekeeping`);
- a worker not seen for VIGIE_WORKER_LOST_SECONDS is lost. `recover()` then:
  1. sends `recovery` with the ids of the lost workers: each app takes back what they held (mail: the messages
     they had claimed are due again at once, instead of after their claim; expired claims are taken back too);
  2. takes back the task rows left RUNNING by a worker that is not alive (lost, or never seen — a bare db_worker —
     once the row is older than VIGIE_WORKER_LOST_SECONDS): the row is queued again (READY) when its task is
     marked `run_again_if_worker_lost` (core/tasks.py: running it again does no harm), else marked FAILED with
     the reason (WorkerLost), so that nothing stays RUNNING forever and nothing unsafe runs twice. A task already
     started RUN_LIMIT times is failed too: it may be what kills its worker;
  3. forgets the heartbeats of workers gone for more than a day.
Several workers may recover at once: every change is a conditional UPDATE, which only one of them wins.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from dataclasses import dataclass

from django.conf import settings
from django.dispatch import Signal
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import WorkerHeartbeat
from .tasks import RUN_AGAIN_IF_WORKER_LOST

logger = logging.getLogger(__name__)

RUN_LIMIT = 3  # starts of one task row: past this, a lost worker's task is failed, not run again

# Sent by `recover()` on every pass: kwargs `lost_worker_ids` (frozenset of ids, often empty) and `now`. An app
# whose work a worker claims (mail: the outbox) releases what the lost workers held, and what has waited too long.
recovery = Signal()

_current = {"worker_id": ""}


class WorkerLost(Exception):
    """The exception class written on a task row failed because its worker was lost."""


@dataclass(frozen=True)
class Recovered:
    lost_workers: int
    run_again: int
    failed: int


def new_worker_id() -> str:
    """« host-pid-random », 64 characters at most (django-tasks-db's limit): unique, and says where it ran."""
    return f"{socket.gethostname()[:40]}-{os.getpid()}-{get_random_string(8)}"


def set_current_worker(worker_id: str) -> None:
    _current["worker_id"] = worker_id


def current_worker_id() -> str:
    """The id of the worker this process runs (what it claims carries it), or "" outside a worker."""
    return _current["worker_id"]


def beat(worker_id: str, now: dt.datetime | None = None) -> None:
    now = now or timezone.now()
    if not WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now):
        WorkerHeartbeat.objects.create(worker_id=worker_id, started_at=now, seen_at=now)


def worker_alive(now: dt.datetime | None = None) -> bool:
    """Whether a `vigie worker` has said it is alive lately: pages that wait for a background job say so when none
    runs, instead of waiting for ever."""
    since = (now or timezone.now()) - dt.timedelta(seconds=settings.VIGIE_WORKER_LOST_SECONDS)
    return WorkerHeartbeat.objects.filter(seen_at__gte=since).exists()


def forget(worker_id: str) -> None:
    """A worker that stops cleanly says so: its row goes."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def housekeeping(worker_id: str) -> Recovered:
    """One pass of a running worker: it is alive, and it takes back what lost workers held."""
    beat(worker_id)
    return recover()


def recover(now: dt.datetime | None = None) -> Recovered:
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.VIGIE_WORKER_LOST_SECONDS)
    seen = dict(WorkerHeartbeat.objects.values_list("worker_id", "seen_at"))
    lost = frozenset(worker for worker, seen_at in seen.items() if seen_at < cutoff)
    for receiver, error in recovery.send_robust(sender=Recovered, lost_worker_ids=lost, now=now):
        if isinstance(error, Exception):  # one app's failure does not stop the others, nor the tasks below
            logger.error(
                "reprise : %s a échoué (%s)", getattr(receiver, "__qualname__", receiver), type(error).__name__
            )
    run_again = failed = 0
    for row in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only(
        "id", "task_path", "worker_ids", "started_at", "status"
    ):
        worker = row.worker_ids[-1] if row.worker_ids else ""
        if worker in seen and worker not in lost:
            continue  # alive
        if worker not in lost and row.started_at is not None and row.started_at >= cutoff:
            continue  # a worker without heartbeat (bare db_worker): give it time
        if _take_back(row, now):
            run_again += 1
        else:
            failed += 1
    WorkerHeartbeat.objects.filter(seen_at__lt=now - dt.timedelta(days=1)).delete()
    return Recovered(len(lost), run_again, failed)


def _safe_to_run_again(row: DBTaskResult) -> bool:
    try:
        row.task  # noqa: B018 - imports the task's module, where `run_again_if_worker_lost` marks it
    except Exception:  # noqa: BLE001 - gone, renamed or invalid: a task that cannot be loaded cannot run again
        return False
    return row.task_path in RUN_AGAIN_IF_WORKER_LOST and len(row.worker_ids) < RUN_LIMIT


def _take_back(row: DBTaskResult, now: dt.datetime) -> bool:
    """Queue the row again (True) or fail it with the reason (False); a row another worker took back is left."""
    still = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at)
    if _safe_to_run_again(row):
        if still.update(status=TaskResultStatus.READY, started_at=None):
            logger.warning("tâche %s (%s) relancée : son worker a disparu", row.pk, row.task_path)
        return True
    reason = (
        f"{WorkerLost.__module__}.{WorkerLost.__qualname__}: le worker qui exécutait cette tâche a disparu (arrêté "
        f"sans finir, {len(row.worker_ids)} lancement(s)) ; elle n'est pas relancée d'elle-même, car la relancer "
        "pourrait refaire ce qu'elle avait déjà fait.\n"
    )
    if still.update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        return_value=None,
        exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
        traceback=reason,
    ):
        logger.warning("tâche %s (%s) en échec : son worker a disparu", row.pk, row.task_path)
    return False

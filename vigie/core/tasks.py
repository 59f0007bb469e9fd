"""The `task` decorator of django-tasks, wherever it comes from (the one place that knows both); the two ways a write
hands work to the worker (in its own transaction, or after its commit); and what becomes of a task whose worker was
lost (killed while running it): run again if the task says it is safe, else failed.

What is queued after a commit never turns the saved write into an error: the write is done and the user must be told
so. A failure there is logged (the task's path and its arguments, which are ids: no personal data; the worker's
result row keeps the traceback) and the work is left to the worker."""

from __future__ import annotations

import logging

from django.db import connection, transaction
from django_tasks_db.backend import DatabaseBackend

try:
    from django.tasks import task  # Django 6
except ImportError:
    from django_tasks import task  # Django 5.2 + backport

__all__ = [
    "RUN_AGAIN_IF_WORKER_LOST",
    "enqueue_after_commit",
    "enqueue_with_write",
    "run_again_if_worker_lost",
    "task",
]

logger = logging.getLogger(__name__)

RUN_AGAIN_IF_WORKER_LOST: set[str] = set()  # module paths of the tasks marked by `run_again_if_worker_lost`


def run_again_if_worker_lost(task_object):
    """Mark a task (put this decorator above `@task()`) as safe to run again from its start when the worker running
    it was lost: running it twice, or after a partial run, does no harm (it is idempotent). A task without the mark
    is marked failed instead, with the reason, and nothing runs it again (core/workers.py)."""
    RUN_AGAIN_IF_WORKER_LOST.add(task_object.module_path)
    return task_object


def enqueue_after_commit(job, /, **kwargs) -> None:
    """Give the task `job` to the worker after the commit. A queue that cannot be written is logged: the periodic
    job that backs this task up (e.g. send_due_outbox for the e-mails) finds the work later."""
    transaction.on_commit(lambda: _enqueue(job, kwargs))


def enqueue_with_write(job, /, **kwargs) -> None:
    """Give the task `job` to the worker in the caller's transaction: the database backend writes the task's row in
    it, so the write and its task are committed together (one commit instead of two, and no task lost between the
    commit and the queue); the worker sees the task at the commit, never before. With another backend (one that
    would run the task at once), or outside a transaction, as `enqueue_after_commit`."""
    if connection.in_atomic_block and isinstance(job.get_backend(), DatabaseBackend):
        job.enqueue(**kwargs)
    else:
        enqueue_after_commit(job, **kwargs)


def _enqueue(job, kwargs: dict) -> None:
    try:
        job.enqueue(**kwargs)
    except Exception as exc:
        logger.error("%s n'a pas pu être mise en file (%s, %s)", job.module_path, type(exc).__name__, kwargs)

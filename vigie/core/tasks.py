"""The `task` decorator of django-tasks, wherever it comes from: the one place that knows both. And what becomes of
a task whose worker was lost (killed while running it): run again if the task says it is safe, else failed."""

try:
    from django.tasks import task  # Django 6
except ImportError:
    from django_tasks import task  # Django 5.2 + backport

RUN_AGAIN_IF_WORKER_LOST: set[str] = set()  # module paths of the tasks marked by `run_again_if_worker_lost`


def run_again_if_worker_lost(task_object):
    """Mark a task (put this decorator above `@task()`) as safe to run again from its start when the worker running
    it was lost: running it twice, or after a partial run, does no harm (it is idempotent). A task without the mark
    is marked failed instead, with the reason, and nothing runs it again (core/workers.py)."""
    RUN_AGAIN_IF_WORKER_LOST.add(task_object.module_path)
    return task_object


__all__ = ["RUN_AGAIN_IF_WORKER_LOST", "run_again_if_worker_lost", "task"]

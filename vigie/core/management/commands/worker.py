import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from vigie.core import scheduler, workers


def _forever(stop: threading.Event, interval: float, step, label: str, at_once: bool) -> None:
    """Run `step` every `interval` seconds until `stop` (the first time at once, or after `interval`), surviving a
    database hiccup (the runner logs task failures)."""
    while at_once or not stop.wait(interval):
        at_once = False
        try:
            close_old_connections()
            step()
        except Exception:
            workers.logger.exception("%s : échec, nouvel essai dans %s s", label, interval)
        finally:
            connection.close()


def _schedule() -> None:
    scheduler.enqueue_due_jobs()
    scheduler.prune()


class Command(BaseCommand):
    help = (
        "Lance le worker des tâches de fond (courriels, relevé de la boîte fonctionnelle, relances, "
        "rétention) : db_worker sans rechargement, avec le planificateur des tâches périodiques. Tout worker "
        "signale qu'il est en vie et reprend ce qu'un worker disparu a laissé (core/workers.py)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="s'arrête quand la file est vide")
        parser.add_argument("--max-tasks", type=int, default=None)
        parser.add_argument(
            "--no-schedule", action="store_true", help="sans le planificateur (si un autre worker ou cron s'en charge)"
        )
        parser.add_argument(
            "--schedule-interval", type=float, default=60.0, help="secondes entre deux passages du planificateur"
        )

    def handle(self, *args, batch, max_tasks, no_schedule, schedule_interval, **options):
        worker_id = workers.new_worker_id()
        kwargs = {"reload": False, "batch": batch, "startup_delay": not batch, "worker_id": worker_id}
        if max_tasks:
            kwargs["max_tasks"] = max_tasks
        # The first pass here, before any task runs: alive, and what lost workers left is taken back.
        workers.housekeeping(worker_id)
        connection.close()
        steps = [(settings.VIGIE_WORKER_HEARTBEAT_SECONDS, lambda: workers.housekeeping(worker_id), "reprise", False)]
        if not no_schedule and not batch:  # --batch empties the queue and stops: no schedule (cron has its own)
            steps.append((schedule_interval, _schedule, "planificateur", True))
        stop = threading.Event()
        threads = [
            threading.Thread(target=_forever, args=(stop, *step), name=f"vigie-{step[2]}", daemon=True)
            for step in steps
        ]
        for thread in threads:
            thread.start()
        workers.set_current_worker(worker_id)
        try:
            call_command("db_worker", **kwargs)
        finally:
            workers.set_current_worker("")
            stop.set()
            for thread in threads:
                thread.join(timeout=5)
            workers.forget(worker_id)

import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connection

from vigie.core import scheduler


def _schedule_forever(stop: threading.Event, interval: float) -> None:
    while not stop.is_set():
        try:
            close_old_connections()
            scheduler.enqueue_due_jobs()
            scheduler.prune()
        except Exception:  # the scheduler must survive a database hiccup; the runner logs task failures
            scheduler.logger.exception("planificateur : échec, nouvel essai dans %s s", interval)
        finally:
            connection.close()
        stop.wait(interval)


class Command(BaseCommand):
    help = (
        "Lance le worker des tâches de fond (courriels, relevé de la boîte fonctionnelle, relances, "
        "rétention) : db_worker sans rechargement, avec le planificateur des tâches périodiques."
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
        kwargs = {"reload": False, "batch": batch, "startup_delay": not batch}
        if max_tasks:
            kwargs["max_tasks"] = max_tasks
        stop = threading.Event()
        thread = None
        if not no_schedule and not batch:  # --batch empties the queue and stops: no schedule (cron has its own)
            thread = threading.Thread(
                target=_schedule_forever, args=(stop, schedule_interval), name="vigie-scheduler", daemon=True
            )
            thread.start()
        try:
            call_command("db_worker", **kwargs)
        finally:
            stop.set()
            if thread is not None:
                thread.join(timeout=5)

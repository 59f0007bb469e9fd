from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Lance le worker des tâches de fond (courriels, imports, relances) : db_worker sans rechargement."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="s'arrête quand la file est vide")
        parser.add_argument("--max-tasks", type=int, default=None)

    def handle(self, *args, batch, max_tasks, **options):
        kwargs = {"reload": False, "batch": batch, "startup_delay": not batch}
        if max_tasks:
            kwargs["max_tasks"] = max_tasks
        call_command("db_worker", **kwargs)

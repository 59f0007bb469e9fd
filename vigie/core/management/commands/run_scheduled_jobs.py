from django.core.management.base import BaseCommand, CommandError

from vigie.core import scheduler


class Command(BaseCommand):
    help = (
        "Exécute tout de suite les tâches périodiques (pour cron, sans worker) : toutes, ou celles nommées par --job."
    )

    def add_arguments(self, parser):
        parser.add_argument("--job", action="append", default=[], help="nom de la tâche (répétable)")
        parser.add_argument("--list", action="store_true", dest="show", help="affiche les tâches et leur fréquence")

    def handle(self, *args, job, show, **options):
        jobs = {j.name: j for j in scheduler.jobs()}
        if show:
            for j in jobs.values():
                when = "chaque jour" if j.interval is None else f"toutes les {j.interval} min"
                self.stdout.write(f"{j.name} : {when}")
            return
        unknown = [name for name in job if name not in jobs]
        if unknown:
            raise CommandError(f"Tâche inconnue : {', '.join(unknown)}. Voir --list.")
        for name in job or jobs:
            result = jobs[name].load().call()
            self.stdout.write(f"{name} : {result}")

from django.core.management import call_command
from django.core.management.base import BaseCommand

from vigie.demo.builder import build_demo


class Command(BaseCommand):
    help = "Construit (ou remet à jour) les départements de démonstration et affiche les identifiants."

    def handle(self, *args, **options):
        # The projection the demo queues is cached in the database's cache table: on an empty database (migrate then
        # demo, as CI does) it must exist. createcachetable leaves an existing table alone.
        call_command("createcachetable", verbosity=0)
        users = build_demo()
        self.stdout.write("Démonstration prête : Marne (51), Charente (16), Loir-et-Cher (41).")
        self.stdout.write(
            "Comparaison nationale : 10 départements, 2021 à 2023, chiffres SYNTHÉTIQUES (sauf la Charente 2021, "
            "tirée des documents publics). Projection des appels reçus de la Charente : calculée par le worker "
            "(`vigie worker --batch`, lancé par `make demo` et `make run`)."
        )
        self.stdout.write("Identifiants de démonstration (mot de passe commun) :")
        width = max(len(spec.username) for spec, _ in users)
        for spec, password in users:
            self.stdout.write(f"  {spec.username.ljust(width)}  {password}  {spec.role.label} — {spec.scope_label}")

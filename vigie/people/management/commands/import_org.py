from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vigie.core.yamlfile import FileRejected
from vigie.people.orgfile import import_org_file


class Command(BaseCommand):
    help = (
        "Crée ou met à jour un département, ses sites et services, ses utilisateurs et leurs rôles, et ses périmètres "
        "de labellisation depuis un fichier YAML (docs/import-org.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier YAML")

    def handle(self, *args, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        try:
            report = import_org_file(content=path.read_bytes())
        except FileRejected as exc:
            raise CommandError(f"{path.name} refusé, rien n'a été modifié :\n{exc}") from exc
        self.stdout.write(f"{path.name} importé : {report.summary()}")
        for label in report.created:
            self.stdout.write(f"  créé : {label}")
        for label in report.updated:
            self.stdout.write(f"  mis à jour : {label}")

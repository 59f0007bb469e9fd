from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vigie.core.yamlfile import FileRejected
from vigie.frameworks.loader import CATALOGUE_FILE, DATA_DIR, load_files, shipped_framework_files


class Command(BaseCommand):
    help = "Charge les référentiels livrés (ou les fichiers donnés) et le catalogue des indicateurs."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="fichiers YAML de référentiel (par défaut : ceux livrés)")

    def handle(self, *args, files, **options):
        paths = [Path(f) for f in files] or shipped_framework_files()
        for path in paths:
            if not path.exists():
                raise CommandError(f"Fichier introuvable : {path}")
        try:
            messages = load_files(DATA_DIR / CATALOGUE_FILE, paths)
        except FileRejected as exc:
            raise CommandError("Fichier refusé, rien n'a été chargé :\n" + str(exc)) from exc
        for message in messages:
            self.stdout.write(message)

"""vigie import_sp_experiences FILE --department CODE [--dry-run]: the « Services Publics+ / Je donne mon avis »
platform's export (CSV or XLSX; columns in kinds/experiences/imports.py and docs/surveys.md). All or nothing; each
error names its line and column; importing the same file again changes nothing (the platform's experience id)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vigie.organisation.models import Department
from vigie.surveys.kinds.experiences.imports import ExperienceImportError, parse_experiences, record_experiences


class Command(BaseCommand):
    help = "Importe l'export des expériences Services Publics+ (« Je donne mon avis »), toutes ou aucune."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--department", required=True, help="code du département (51, 2A, 974)")
        parser.add_argument("--dry-run", action="store_true", help="lire et vérifier sans rien enregistrer")

    def handle(self, *args, file: str, department: str, dry_run: bool = False, **options):
        found = Department.objects.filter(code=department.upper()).first()
        if found is None:
            raise CommandError(f"département « {department} » introuvable")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"fichier « {file} » introuvable")
        try:
            rows = parse_experiences(path.read_bytes(), path.name, found)
            if dry_run:
                new = sum(row.new for row in rows)
                self.stdout.write(
                    f"{len(rows)} expériences lues ({new} nouvelles) : rien n'est enregistré (--dry-run)."
                )
                return
            created, updated = record_experiences(department=found, rows=rows)
        except ExperienceImportError as exc:
            raise CommandError("Rien n'est importé :\n" + "\n".join(exc.messages())) from exc
        self.stdout.write(f"{created} expérience(s) ajoutée(s), {updated} mise(s) à jour.")

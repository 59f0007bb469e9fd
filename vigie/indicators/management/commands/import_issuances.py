from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from vigie.core.issues import capped
from vigie.indicators.renewals import parse_issuances, save_issuances
from vigie.organisation.models import Department


class Command(BaseCommand):
    help = (
        "Importe les titres délivrés par année (cartes d'identité, passeports) pour la vue des renouvellements : "
        "CSV ou XLSX, colonnes title, year, adults, minors — tout ou rien."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--department", required=True, help="code du département, ex. 16")

    def handle(self, *args, file, department, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        dept = Department.objects.filter(code=department.upper()).first()
        if dept is None:
            raise CommandError(f"Département « {department} » inconnu.")
        parsed = parse_issuances(path.read_bytes(), path.name, today=timezone.localdate())
        if parsed.errors:
            raise CommandError(f"{path.name} refusé, rien n'a été importé :\n{capped(parsed.errors)}")
        created, updated = save_issuances(department=dept, rows=parsed.rows)
        self.stdout.write(
            f"{path.name} : {len(parsed.rows)} ligne(s) lue(s), {created} créée(s), {updated} modifiée(s)."
        )

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vigie.core.issues import capped
from vigie.indicators.imports.detect import parse_measurement_file
from vigie.indicators.services import MeasurementsRejected, plan_measurements, save_measurements
from vigie.organisation.models import Department


class Command(BaseCommand):
    help = "Importe des mesures d'indicateurs (CSV ou XLSX, format long ou tableau par mois) — tout ou rien."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--department", required=True, help="code du département, ex. 16")
        parser.add_argument("--site", help="code du site (tableau par mois) ; sans lui : tout le département")
        parser.add_argument("--year", type=int, help="année (tableau par mois)")
        parser.add_argument("--dry-run", action="store_true", help="affiche ce qui changerait sans rien écrire")

    def handle(self, *args, file, department, site, year, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        dept = Department.objects.filter(code=department.upper()).first()
        if dept is None:
            raise CommandError(f"Département « {department} » inconnu.")
        parsed = parse_measurement_file(path.read_bytes(), path.name, year=year, site=site)
        self._warn(parsed.warnings)
        if parsed.errors:
            raise CommandError(f"{path.name} refusé, rien n'a été importé :\n{capped(parsed.errors)}")
        try:
            if dry_run:
                plan = plan_measurements(department=dept, rows=parsed.rows)
                if plan.errors:
                    raise MeasurementsRejected(plan.errors)
            else:
                plan = save_measurements(actor=None, department=dept, rows=parsed.rows, source="imported")
        except MeasurementsRejected as exc:
            raise CommandError(f"{path.name} refusé, rien n'a été importé :\n{exc}") from exc
        if not parsed.warnings:  # the month-column reader checks published values itself
            self._warn(plan.warnings)
        self.stdout.write(
            f"{path.name} : {len(parsed.rows)} mesures lues ; {plan.count('create')} à créer, "
            f"{plan.count('update')} à modifier, {plan.count('unchanged')} inchangée(s)"
            + (" (simulation : rien n'a été écrit)." if dry_run else " — importé.")
        )

    def _warn(self, warnings) -> None:
        listed = capped(warnings, warnings=True)
        for warning in listed.shown:
            self.stdout.write(f"Avertissement : {warning}")
        if listed.more:
            self.stdout.write(listed.more)

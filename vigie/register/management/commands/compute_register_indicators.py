from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from vigie.organisation.models import Department
from vigie.register.analysis.indicators import publish_register_indicators


class Command(BaseCommand):
    help = "Calcule les indicateurs issus du registre (délais de réponse) et les publie dans les résultats."

    def add_arguments(self, parser):
        parser.add_argument("--department", help="code du département (par défaut : tous)")
        parser.add_argument("--year", type=int, default=None, help="année (par défaut : l'année en cours)")

    def handle(self, *args, department, year, **options):
        year = year or timezone.localdate().year
        departments = Department.objects.all()
        if department:
            departments = departments.filter(code=department.upper())
            if not departments:
                raise CommandError(f"Département « {department} » inconnu.")
        for dept in departments:
            count = publish_register_indicators(department=dept, year=year)
            self.stdout.write(f"{dept.code} {year} : {count} mesures calculées.")

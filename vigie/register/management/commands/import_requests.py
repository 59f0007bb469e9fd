from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vigie.core.issues import capped
from vigie.organisation.models import Department
from vigie.register.requests.imports import REQUIRED, ImportRefused, import_requests, plan_import


class Command(BaseCommand):
    help = (
        "Importe un registre antérieur (CSV ou XLSX, colonnes " + ", ".join(REQUIRED) + ") — tout ou rien, "
        "rejouable (une référence d'origine déjà importée est ignorée), sans courriel."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--department", required=True, help="code du département, ex. 92")
        parser.add_argument("--create-themes", action="store_true", help="crée les thèmes inconnus du département")
        parser.add_argument("--dry-run", action="store_true", help="affiche ce qui serait importé sans rien écrire")

    def handle(self, *args, file, department, create_themes, dry_run, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        dept = Department.objects.filter(code=department.upper()).first()
        if dept is None:
            raise CommandError(f"Département « {department} » inconnu.")
        content = path.read_bytes()
        try:
            if dry_run:
                plan = plan_import(department=dept, content=content, filename=path.name)
                if plan.errors:
                    raise ImportRefused(plan.errors)
            else:
                plan = import_requests(
                    actor=None, department=dept, content=content, filename=path.name, create_themes=create_themes
                )
        except ImportRefused as exc:
            raise CommandError(f"{path.name} refusé, rien n'a été importé :\n{capped(exc.errors)}") from exc
        themes = f" ; thèmes inconnus : {', '.join(plan.unknown_themes)}" if plan.unknown_themes else ""
        self.stdout.write(
            f"{path.name} : {len(plan.rows)} demande(s) à créer, {plan.already} déjà importée(s){themes}"
            + (" (simulation : rien n'a été écrit)." if dry_run else " — importé.")
        )

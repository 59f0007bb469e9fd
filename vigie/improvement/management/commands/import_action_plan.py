import datetime as dt
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from vigie.core.formatting import format_percent
from vigie.improvement.completion import completions
from vigie.improvement.enums import RollUpRule
from vigie.improvement.importing import PlanFileError, parse_plan
from vigie.improvement.services import import_plan
from vigie.organisation.models import Department


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Date « {text} » : format AAAA-MM-JJ attendu.") from exc


class Command(BaseCommand):
    help = (
        "Importe un plan d'action existant (XLSX ou CSV : Axe, Thème, Action, Avancement ; facultatif : Pilote, "
        "Échéance, Taux publié) — tout ou rien, puis affiche les taux calculés et les taux publiés qui ne "
        "correspondent pas."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--department", required=True, help="code du département, ex. 51")
        parser.add_argument("--year", type=int, required=True, help="année du plan, ex. 2023")
        parser.add_argument("--on", required=True, help="date de l'avancement noté dans le fichier (AAAA-MM-JJ)")
        parser.add_argument("--opened-on", help="date d'inscription des actions au plan, si elle précède --on")
        parser.add_argument(
            "--rule", default=RollUpRule.THEMES, choices=RollUpRule.values, help="règle de calcul des taux"
        )

    def handle(self, *args, file, department, year, on, opened_on, rule, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {path}")
        dept = Department.objects.filter(code=department.upper()).first()
        if dept is None:
            raise CommandError(f"Département « {department} » inconnu.")
        try:
            parsed = parse_plan(path.read_bytes(), path.name)
            plan = import_plan(
                actor=None,
                department=dept,
                year=year,
                on=_date(on),
                opened_on=_date(opened_on) if opened_on else None,
                parsed=parsed,
                rule=rule,
            )
        except PlanFileError as exc:
            raise CommandError(f"{path.name} refusé, rien n'a été importé :\n" + "\n".join(exc.errors)) from exc
        except ValidationError as exc:
            messages = [f"{field} : {' '.join(errors)}" for field, errors in exc.message_dict.items()]
            raise CommandError(f"{path.name} refusé, rien n'a été importé :\n" + "\n".join(messages)) from exc
        (completion,) = completions([plan], at=_date(on))
        for warning in completion.warnings:
            self.stdout.write(f"Avertissement : {warning}")
        self.stdout.write(
            f"{path.name} : {parsed.action_count} actions importées dans « {plan.title} ». Réalisation au "
            f"{completion.at:%d/%m/%Y} : {format_percent(completion.completion)} ({completion.rule_label})."
        )

"""vigie import_survey_responses FILE --campaign ID: individual answers (CSV or XLSX, one row per respondent; the
columns are described in vigie/surveys/kinds/satisfaction/imports.py), all or nothing."""

import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vigie.surveys.kinds.satisfaction.imports import parse_responses
from vigie.surveys.kinds.satisfaction.models import Campaign
from vigie.surveys.kinds.satisfaction.services import SurveyRejected, record_responses


class Command(BaseCommand):
    help = "Importe les réponses individuelles d'une campagne d'enquête (CSV ou XLSX), toutes ou aucune."

    def add_arguments(self, parser):
        parser.add_argument("file", help="fichier CSV ou XLSX, une ligne par répondant")
        parser.add_argument("--campaign", required=True, help="identifiant de la campagne (UUID)")

    def handle(self, *args, file: str, campaign: str, **options):
        found = Campaign.objects.filter(public_id=campaign).first() if _is_uuid(campaign) else None
        if found is None:
            raise CommandError(f"campagne « {campaign} » introuvable")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"fichier « {file} » introuvable")
        try:
            items = parse_responses(path.read_bytes(), path.name, list(found.version.questions.all()))
            recorded = record_responses(actor=None, campaign=found, items=items)
        except SurveyRejected as exc:
            lines = [
                f"{'ligne ' + str(line) + ', ' if line else ''}colonne {column} : {message}"
                for line, column, message in exc.errors
            ]
            raise CommandError("Rien n'est importé :\n" + "\n".join(lines)) from exc
        first, last = recorded[0].number, recorded[-1].number
        self.stdout.write(f"{len(recorded)} réponses importées dans « {found.title} » (n° {first} à {last}).")


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True

"""vigie import_published_rates FILE --department CODE: rates earlier years published without their basis (CSV or
XLSX: columns annee, critere, taux, and optionally site and source), so that a department's first campaign already
shows its change in points. All or nothing; each error names its line and column."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from vigie.indicators.imports.tables import TableError, parse_number, plain, read_table
from vigie.organisation.models import Department
from vigie.surveys.kinds.satisfaction.services import PublishedRateInput, SurveyRejected, record_published_rates

COLUMNS = ("annee", "critere", "taux", "site", "source")


class Command(BaseCommand):
    help = "Importe les taux de satisfaction publiés les années précédentes (base inconnue), tous ou aucun."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--department", required=True, help="code du département (51, 2A, 974)")

    def handle(self, *args, file: str, department: str, **options):
        found = Department.objects.filter(code=department.upper()).first()
        if found is None:
            raise CommandError(f"département « {department} » introuvable")
        path = Path(file)
        try:
            table = read_table(path.read_bytes(), path.name) if path.is_file() else None
        except TableError as exc:
            raise CommandError(str(exc)) from exc
        if not table:
            raise CommandError(f"fichier « {file} » introuvable ou vide")
        header = [plain(cell) for cell in table[0]]
        missing = [name for name in COLUMNS[:3] if name not in header]
        if missing:
            raise CommandError(f"ligne 1 : colonnes absentes : {', '.join(missing)} (attendu : {', '.join(COLUMNS)})")
        rows, errors = [], []
        for line, cells in enumerate(table[1:], start=2):
            if not any(c.strip() for c in cells):
                continue
            values = {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}
            try:
                year, rate = int(values["annee"]), parse_number(values["taux"])
            except ValueError:
                errors.append(f"ligne {line} : année et taux sont des nombres (« 2022 », « 77,6 % »)")
                continue
            if rate is None:
                errors.append(f"ligne {line}, colonne taux : valeur absente")
                continue
            rows.append(
                PublishedRateInput(
                    line, year, values["critere"], rate, values.get("site", ""), values.get("source", "")
                )
            )
        if errors:
            raise CommandError("Rien n'est importé :\n" + "\n".join(errors))
        try:
            count = record_published_rates(actor=None, department=found, rows=rows)
        except SurveyRejected as exc:
            lines = [f"ligne {line}, colonne {column} : {message}" for line, column, message in exc.errors]
            raise CommandError("Rien n'est importé :\n" + "\n".join(lines)) from exc
        self.stdout.write(f"{count} taux publiés importés pour {found}.")

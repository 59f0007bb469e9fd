"""The « Services Publics+ / Je donne mon avis » platform's export (CSV or XLSX, one row per experience): read,
checked and previewed, then recorded all or nothing. Columns (first line; names without accents or case, several
spellings accepted):

- `id` (also `identifiant`, `id experience`, `numero`): the platform's experience id — required, the key of a
  re-import;
- `date` (also `date de publication`, `publie le`): AAAA-MM-JJ or JJ/MM/AAAA — required;
- `titre` (also `title`): required;
- `ressenti` (also `sentiment`, `tonalite`, `avis`): positif, neutre or négatif (positive, neutral, negative) —
  required;
- `thematiques` (also `themes`, `sujets`, `thematique`): topics separated by « ; » or « | »;
- `structure` (also `site`, `etablissement`, `service`): a site's code or exact name in the department (empty: the
  department as a whole);
- `recit` (also `texte`, `description`, `experience`): the experience's text;
- `repondu` (also `reponse`, `statut reponse`): oui/non (also « répondu », « en attente »);
- `date de reponse` (also `date reponse`, `repondu le`): the answer's date (an answer date means answered).
Other columns are ignored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from vigie.indicators.imports.tables import TableError, plain, read_table
from vigie.organisation.models import Department

from .models import Experience, Sentiment

COLUMNS = {
    "platform_id": ("id", "identifiant", "id experience", "id_experience", "numero", "reference"),
    "published_on": ("date", "date de publication", "date publication", "date_publication", "publie le"),
    "title": ("titre", "title"),
    "sentiment": ("ressenti", "sentiment", "tonalite", "avis"),
    "topics": ("thematiques", "thematique", "themes", "theme", "sujets"),
    "site": ("structure", "site", "etablissement", "service"),
    "text": ("recit", "texte", "description", "experience"),
    "answered": ("repondu", "reponse", "statut reponse", "statut de la reponse"),
    "answered_on": ("date de reponse", "date reponse", "date_reponse", "repondu le"),
}
REQUIRED = ("platform_id", "published_on", "title", "sentiment")
SENTIMENTS = {
    "positif": Sentiment.POSITIVE,
    "positive": Sentiment.POSITIVE,
    "neutre": Sentiment.NEUTRAL,
    "neutral": Sentiment.NEUTRAL,
    "negatif": Sentiment.NEGATIVE,
    "negative": Sentiment.NEGATIVE,
}
YES = {"oui", "yes", "repondu", "repondue", "true", "1", "vrai"}
NO = {"non", "no", "en attente", "sans reponse", "false", "0", "faux", ""}


class ExperienceImportError(ValueError):
    """The file is refused; `errors` are (line or None, column, French message)."""

    def __init__(self, errors: list[tuple[int | None, str, str]]):
        super().__init__("; ".join(m for _, _, m in errors))
        self.errors = errors

    def messages(self) -> list[str]:
        return [
            f"{'ligne ' + str(line) + ', ' if line else ''}colonne {column} : {message}"
            for line, column, message in self.errors
        ]


@dataclass(frozen=True)
class ExperienceRow:
    line: int
    platform_id: str
    published_on: dt.date
    title: str
    sentiment: str
    topics: tuple[str, ...] = ()
    site: str = ""  # the site's code, resolved
    text: str = ""
    answered: bool = False
    answered_on: dt.date | None = None
    new: bool = field(default=True, compare=False)


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y %H:%M"):
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError(text)


def _columns(header: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(header):
        key = plain(name).replace("_", " ")
        for target, names in COLUMNS.items():
            if target not in found and (key in names or key.replace(" ", "_") in names):
                found[target] = index
    return found


def parse_experiences(content: bytes, filename: str, department: Department) -> list[ExperienceRow]:
    """The file's rows, checked; raises ExperienceImportError naming every bad line and column."""
    try:
        table = read_table(content, filename)
    except TableError as exc:
        raise ExperienceImportError([(None, "fichier", str(exc))]) from exc
    if not table or not any(table[0]):
        raise ExperienceImportError([(1, "en-tête", "la première ligne doit nommer les colonnes")])
    header = table[0]
    columns = _columns(header)
    missing = [COLUMNS[c][0] for c in REQUIRED if c not in columns]
    if missing:
        raise ExperienceImportError([(1, name, "colonne obligatoire absente") for name in missing])
    sites = {s.code: s.code for s in department.sites.all()} | {plain(s.name): s.code for s in department.sites.all()}
    known = set(Experience.objects.filter(department=department).values_list("platform_id", flat=True))
    errors: list[tuple[int | None, str, str]] = []
    rows, seen = [], {}
    for number, cells in enumerate(table[1:], start=2):
        if not any(str(c).strip() for c in cells):
            continue

        def cell(target: str, cells=cells) -> str:
            index = columns.get(target)
            return str(cells[index]).strip() if index is not None and index < len(cells) else ""

        def name(target: str) -> str:
            return header[columns[target]]

        row_errors = []
        platform_id = cell("platform_id")
        if not platform_id or len(platform_id) > 50:
            row_errors.append((number, name("platform_id"), "identifiant de l'expérience manquant ou trop long"))
        elif platform_id in seen:
            row_errors.append((number, name("platform_id"), f"identifiant déjà à la ligne {seen[platform_id]}"))
        seen.setdefault(platform_id, number)
        published_on = answered_on = None
        try:
            published_on = _date(cell("published_on"))
        except ValueError:
            row_errors.append((number, name("published_on"), "date attendue (AAAA-MM-JJ ou JJ/MM/AAAA)"))
        title = cell("title")
        if not title:
            row_errors.append((number, name("title"), "titre manquant"))
        sentiment = SENTIMENTS.get(plain(cell("sentiment")))
        if sentiment is None:
            row_errors.append((number, name("sentiment"), "ressenti attendu : positif, neutre ou négatif"))
        site = ""
        if "site" in columns and cell("site"):
            site = sites.get(cell("site")) or sites.get(plain(cell("site"))) or ""
            if not site:
                row_errors.append((number, name("site"), f"« {cell('site')} » n'est pas un site du département"))
        if "answered_on" in columns and cell("answered_on"):
            try:
                answered_on = _date(cell("answered_on"))
            except ValueError:
                row_errors.append((number, name("answered_on"), "date attendue (AAAA-MM-JJ ou JJ/MM/AAAA)"))
            else:
                if published_on and answered_on < published_on:
                    row_errors.append((number, name("answered_on"), "réponse antérieure à la publication"))
        answered = answered_on is not None
        if "answered" in columns:
            flag = plain(cell("answered"))
            if flag in YES:
                answered = True
            elif flag not in NO:
                row_errors.append((number, name("answered"), "attendu : oui ou non"))
        topics = (
            tuple(t.strip() for t in cell("topics").replace("|", ";").split(";") if t.strip())
            if "topics" in columns
            else ()
        )
        if row_errors:
            errors.extend(row_errors)
            continue
        rows.append(
            ExperienceRow(
                line=number,
                platform_id=platform_id,
                published_on=published_on,  # type: ignore[arg-type]
                title=title[:300],
                sentiment=sentiment,  # type: ignore[arg-type]
                topics=topics,
                site=site,
                text=cell("text"),
                answered=answered,
                answered_on=answered_on,
                new=platform_id not in known,
            )
        )
    if errors:
        raise ExperienceImportError(errors)
    if not rows:
        raise ExperienceImportError([(None, "fichier", "aucune expérience dans le fichier")])
    return rows


@transaction.atomic
def record_experiences(*, department: Department, rows: Sequence[ExperienceRow]) -> tuple[int, int]:
    """All or nothing, keyed by the platform's id: (created, updated). The same file again updates nothing new."""
    sites = {s.code: s for s in department.sites.all()}
    created = updated = 0
    for row in rows:
        _, was_created = Experience.objects.update_or_create(
            department=department,
            platform_id=row.platform_id,
            defaults={
                "site": sites.get(row.site),
                "published_on": row.published_on,
                "title": row.title,
                "text": row.text,
                "sentiment": row.sentiment,
                "topics": list(row.topics),
                "answered": row.answered,
                "answered_on": row.answered_on,
            },
        )
        created += was_created
        updated += not was_created
    return created, updated

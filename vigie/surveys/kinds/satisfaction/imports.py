"""Individual answers from another tool (CSV or XLSX, one row per respondent), for `vigie import_survey_responses`.

Columns (first line): `site` (the site's code, required); optional `service` (code), `canal` (paper, qr, kiosk,
import — default import) and `date` (AAAA-MM-JJ or JJ/MM/AAAA); then one column per question, named by the
criterion's code or its exact wording. Values as the API takes them (very_satisfied … no_opinion, yes/oui, no/non,
1 to 5, a choice's number or wording, text); an empty cell is no answer. All or nothing: each error names its line
and column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from vigie.indicators.imports.tables import TableError, plain, read_table
from vigie.surveys.enums import ResponseChannel

from .models import Question
from .services import ResponseInput, SurveyRejected

FIXED = {"site": "site", "service": "service", "canal": "channel", "channel": "channel", "date": "date"}


def _date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    raise ValueError(text)


IGNORED = ""  # a column mapped to nothing
UNKNOWN = None  # a column no name matched (the command refuses it; the screen asks)


def read_rows(content: bytes, filename: str) -> list[list[str]]:
    try:
        table = read_table(content, filename)
    except TableError as exc:
        raise SurveyRejected([(None, "fichier", str(exc))]) from exc
    if not table or not any(table[0]):
        raise SurveyRejected([(1, "en-tête", "la première ligne doit nommer les colonnes (site, puis les questions)")])
    return table


def guess_mapping(header: Sequence[str], questions: Sequence[Question]) -> list[str | None]:
    """Each column's target from its name: site, service, channel, date, a question's code, IGNORED or UNKNOWN."""
    by_name = {plain(q.code): q.code for q in questions} | {plain(q.label): q.code for q in questions}
    targets: list[str | None] = []
    for name in header:
        key = plain(name)
        targets.append(FIXED.get(key) or by_name.get(key) or (UNKNOWN if key else IGNORED))
    return targets


def parse_responses(
    content: bytes, filename: str, questions: Sequence[Question], mapping: Sequence[str | None] | None = None
) -> list[ResponseInput]:
    """The file's rows as respondents' forms; `mapping` gives each column's target (guessed from the names when
    None)."""
    table = read_rows(content, filename)
    header = table[0]
    targets = list(mapping) if mapping is not None else guess_mapping(header, questions)
    codes = {q.code for q in questions}
    columns: list[tuple[str, str]] = []  # (kind, name): kind is a FIXED value, "answer" or "ignored"
    errors: list[tuple[int | None, str, str]] = []
    for name, target in zip(header, targets, strict=False):
        if target is UNKNOWN:
            errors.append((1, name, "colonne inconnue : ni site, service, canal, date, ni une question"))
            columns.append(("ignored", ""))
        elif target in codes:
            columns.append(("answer", target))
        elif target in FIXED.values():
            columns.append((target, name))
        else:
            columns.append(("ignored", ""))
    if "site" not in {kind for kind, _ in columns}:
        errors.append((1, "site", "colonne « site » absente"))
    mapped = [target for target in targets if target]
    if len(mapped) != len(set(mapped)):
        errors.append((1, "en-tête", "deux colonnes vont vers la même question ou le même champ"))
    if errors:
        raise SurveyRejected(errors)
    items = []
    for index, row in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        values = dict.fromkeys(("site", "service", "channel", "date"), "")
        answers = {}
        for (kind, name), cell in zip(columns, row, strict=False):
            if kind == "answer":
                answers[name] = cell
            elif kind != "ignored":
                values[kind] = cell.strip()
        submitted_on, problems = None, []
        if values["date"]:
            try:
                submitted_on = _date(values["date"])
            except ValueError:
                problems.append(("date", f"« {values['date']} » : date attendue au format AAAA-MM-JJ"))
        items.append(
            ResponseInput(
                site=values["site"],
                service=values["service"],
                channel=values["channel"] or ResponseChannel.IMPORT,
                answers=answers,
                submitted_on=submitted_on,
                line=index,
                problems=tuple(problems),
            )
        )
    if not items:
        raise SurveyRejected([(None, "fichier", "aucune ligne de réponse après l'en-tête")])
    return items

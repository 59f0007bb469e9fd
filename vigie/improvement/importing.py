"""Reading an existing action plan from a spreadsheet (XLSX or CSV), pure: no database.

The first sheet has a header line naming its columns (in any order, case and accents ignored):
- « Axe », « Thème », « Action », « Avancement » (percent: 56, 56 % or 56,0 %) — required;
- « Pilote », « Échéance » (JJ/MM/AAAA or AAAA-MM-JJ) — optional, for action lines;
- « Taux publié » — optional: on a line with an axis and a theme but no action, the theme's published rate; with an
  axis only, the axis's; with neither, the plan's.
Every error names its line; one error refuses the whole file."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from vigie.indicators.imports.tables import TableError, parse_number, read_table

COLUMNS = {
    "axe": "axis",
    "theme": "theme",
    "action": "action",
    "avancement": "progress",
    "avancement (%)": "progress",
    "pilote": "owner",
    "echeance": "due",
    "taux publie": "published",
    "taux publie (%)": "published",
}
REQUIRED = ("axis", "theme", "action", "progress")
LABELS = {"axis": "Axe", "theme": "Thème", "action": "Action", "progress": "Avancement"}


class PlanFileError(ValueError):
    def __init__(self, errors: list[str]):
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass
class ParsedAction:
    line: int
    title: str
    progress: int
    owner: str = ""
    due: dt.date | None = None


@dataclass
class ParsedTheme:
    title: str
    published: Decimal | None = None
    actions: list[ParsedAction] = field(default_factory=list)


@dataclass
class ParsedAxis:
    title: str
    published: Decimal | None = None
    themes: dict[str, ParsedTheme] = field(default_factory=dict)


@dataclass
class ParsedPlan:
    axes: dict[str, ParsedAxis] = field(default_factory=dict)
    published: Decimal | None = None

    @property
    def action_count(self) -> int:
        return sum(len(t.actions) for a in self.axes.values() for t in a.themes.values())


def _key(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(plain.lower().split())


def _percent(text: str, line: int, column: str, errors: list[str], *, integer: bool) -> Decimal | None:
    try:
        value = parse_number(text)
    except ValueError:
        errors.append(f"Ligne {line}, colonne « {column} » : « {text} » n'est pas un pourcentage.")
        return None
    if value is None:
        return None
    if not 0 <= value <= 100:
        errors.append(f"Ligne {line}, colonne « {column} » : {text} n'est pas entre 0 et 100.")
        return None
    if integer and value != value.to_integral_value():
        errors.append(
            f"Ligne {line}, colonne « {column} » : l'avancement d'une action est un nombre entier de 0 à 100."
        )
        return None
    return value


def _date(text: str, line: int, errors: list[str]) -> dt.date | None:
    if not text:
        return None
    for pattern in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text[:10], pattern).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    errors.append(f"Ligne {line}, colonne « Échéance » : « {text} » n'est pas une date (JJ/MM/AAAA).")
    return None


def parse_plan(content: bytes, filename: str) -> ParsedPlan:
    """The plan in the file, or PlanFileError listing every problem with its line."""
    try:
        rows = read_table(content, filename)
    except TableError as exc:
        raise PlanFileError([f"Fichier : {exc}."]) from exc
    header_index = next((i for i, row in enumerate(rows) if any(_key(c) in COLUMNS for c in row)), None)
    if header_index is None:
        raise PlanFileError(["Fichier : aucune ligne d'en-tête (colonnes Axe, Thème, Action, Avancement)."])
    columns = {COLUMNS[_key(c)]: i for i, c in enumerate(rows[header_index]) if _key(c) in COLUMNS}
    missing = [LABELS[c] for c in REQUIRED if c not in columns]
    if missing:
        raise PlanFileError([f"Ligne {header_index + 1} : colonne(s) manquante(s) : {', '.join(missing)}."])
    errors: list[str] = []
    plan = ParsedPlan()
    for index, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        cell = {name: (row[i].strip() if i < len(row) else "") for name, i in columns.items()}
        if not any(cell.values()):
            continue
        published = _percent(cell.get("published", ""), index, "Taux publié", errors, integer=False)
        axis_title, theme_title, title = cell["axis"], cell["theme"], cell["action"]
        if not axis_title:
            if theme_title or title:
                errors.append(f"Ligne {index}, colonne « Axe » : l'axe est obligatoire.")
            elif published is not None:
                plan.published = published
            continue
        axis = plan.axes.setdefault(axis_title, ParsedAxis(axis_title))
        if not theme_title:
            if title:
                errors.append(f"Ligne {index}, colonne « Thème » : le thème est obligatoire pour une action.")
            elif published is not None:
                axis.published = published
            continue
        theme = axis.themes.setdefault(theme_title, ParsedTheme(theme_title))
        if not title:
            if published is not None:
                theme.published = published
            continue
        if len(title) > 500:
            errors.append(f"Ligne {index}, colonne « Action » : intitulé trop long (500 caractères au plus).")
        progress = _percent(cell["progress"], index, "Avancement", errors, integer=True)
        if cell["progress"] == "":
            errors.append(f"Ligne {index}, colonne « Avancement » : avancement manquant.")
        due = _date(cell.get("due", ""), index, errors)
        theme.actions.append(
            ParsedAction(
                line=index, title=title, progress=int(progress or 0), owner=cell.get("owner", "")[:200], due=due
            )
        )
    if not errors and plan.action_count == 0:
        errors.append("Fichier : aucune action (une ligne par action, avec son axe et son thème).")
    if errors:
        raise PlanFileError(errors)
    return plan

"""Pure rules of the surveys (no Django): answer values per scale, the Wilson interval, per-criterion tallies.

Satisfaction rate of a criterion = (very satisfied + satisfied) / those who answered it, « sans avis » excluded.
Yes/no: share of « oui » among yes and no. Stars: mean and distribution. Rates stay fractions until displayed."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

SATISFACTION_LEVELS = ("very_satisfied", "satisfied", "dissatisfied", "very_dissatisfied")
NO_OPINION = "no_opinion"
SATISFIED = ("very_satisfied", "satisfied")
YES, NO = "yes", "no"
STARS = ("1", "2", "3", "4", "5")
SMALL_SAMPLE = 30  # below this many answers, a rate is flagged: its interval is wide

LABELS = {
    "very_satisfied": "Très satisfait",
    "satisfied": "Satisfait",
    "dissatisfied": "Peu satisfait",
    "very_dissatisfied": "Pas du tout satisfait",
    "no_opinion": "Sans avis",
    "yes": "Oui",
    "no": "Non",
}

RULES = {
    "satisfaction": (
        "Taux de satisfaction = (très satisfaits + satisfaits) / répondants au critère, hors « sans avis »."
    ),
    "yes_no": "Part de « oui » = oui / (oui + non).",
    "stars": "Moyenne des notes de 1 à 5 sur les répondants au critère ; répartition par note.",
    "choice": "Répartition des réponses entre les choix.",
    "text": "Nombre de commentaires.",
}
INTERVAL_RULE = (
    "Intervalle de confiance à 95 % de Wilson ; moins de 30 réponses : échantillon faible, à lire avec prudence."
)


class AnswerError(ValueError):
    """A value that does not fit the criterion's scale (the message is French and names the expected values)."""


def accepted_values(scale: str, choices: Sequence[str] = ()) -> str:
    if scale == "satisfaction":
        return ", ".join((*SATISFACTION_LEVELS, NO_OPINION))
    if scale == "yes_no":
        return "yes, no"
    if scale == "stars":
        return "1 à 5"
    if scale == "choice":
        return f"1 à {len(choices)} ou le libellé d'un choix"
    return "un texte"


def normalise(scale: str, value: object, choices: Sequence[str] = ()) -> str:
    """The stored form of an answer, or AnswerError. Choices are stored as their number (1-based)."""
    text = str(value).strip() if value is not None else ""
    if not text:
        raise AnswerError("réponse vide")
    if scale == "text":
        if len(text) > 2000:
            raise AnswerError("texte trop long (2 000 caractères au plus)")
        return text
    lowered = text.casefold()
    if scale == "satisfaction" and lowered in (*SATISFACTION_LEVELS, NO_OPINION):
        return lowered
    if scale == "yes_no" and lowered in (YES, NO, "oui", "non"):
        return YES if lowered in (YES, "oui") else NO
    if scale == "stars" and text in STARS:
        return text
    if scale == "choice":
        if text.isdigit() and 1 <= int(text) <= len(choices):
            return str(int(text))
        for number, label in enumerate(choices, start=1):
            if label.casefold() == lowered:
                return str(number)
    raise AnswerError(f"« {text[:40]} » n'est pas une réponse possible (attendu : {accepted_values(scale, choices)})")


def wilson(successes: int, n: int, z: float = 1.959963984540054) -> tuple[float, float] | None:
    """95 % Wilson score interval of a proportion, in [0, 1]; None without answers."""
    if n <= 0:
        return None
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # the interval always holds p: clamping only undoes floating-point rounding (p = 1 gave 0.9999999999999999)
    return max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half))


@dataclass(frozen=True)
class Tally:
    """One criterion's answers: count per stored value (text answers counted under "text")."""

    scale: str
    counts: Mapping[str, int] = field(default_factory=dict)

    @property
    def answered(self) -> int:
        """Those who gave an opinion: « sans avis » is not an answer to the rate."""
        return sum(n for value, n in self.counts.items() if value != NO_OPINION)

    @property
    def no_opinion(self) -> int:
        return self.counts.get(NO_OPINION, 0)

    @property
    def satisfied(self) -> int | None:
        """The rate's numerator: satisfied or very satisfied, or « oui »; None for the other scales."""
        if self.scale == "satisfaction":
            return sum(self.counts.get(v, 0) for v in SATISFIED)
        if self.scale == "yes_no":
            return self.counts.get(YES, 0)
        return None

    @property
    def rate(self) -> Fraction | None:
        """In percent, unrounded."""
        satisfied = self.satisfied
        return Fraction(satisfied * 100, self.answered) if satisfied is not None and self.answered else None

    @property
    def interval(self) -> tuple[float, float] | None:
        satisfied = self.satisfied
        if satisfied is None:
            return None
        bounds = wilson(satisfied, self.answered)
        return None if bounds is None else (bounds[0] * 100, bounds[1] * 100)

    @property
    def small_sample(self) -> bool:
        return self.answered < SMALL_SAMPLE

    @property
    def mean(self) -> Fraction | None:
        if self.scale != "stars" or not self.answered:
            return None
        return Fraction(sum(int(v) * n for v, n in self.counts.items() if v in STARS), self.answered)


def change_points(current: Fraction | None, previous: Fraction | None) -> Fraction | None:
    """Year-over-year change in points (percentage points), unrounded."""
    return None if current is None or previous is None else current - previous


def respondent_satisfied(values: Sequence[str]) -> bool | None:
    """One respondent's overall satisfaction, for SATISFACTION-GLOBALE: satisfied when more than half of the
    satisfaction criteria they gave an opinion on are « satisfait » or « très satisfait »; None when they gave
    none (not counted among the respondents)."""
    opinions = [v for v in values if v in SATISFACTION_LEVELS]
    if not opinions:
        return None
    return sum(v in SATISFIED for v in opinions) * 2 > len(opinions)


GLOBAL_RULE = (
    "Taux de satisfaction des usagers = répondants satisfaits / répondants ayant donné au moins un avis de "
    "satisfaction ; un répondant est satisfait quand plus de la moitié de ses avis sont « satisfait » ou "
    "« très satisfait »."
)


# Paper entry: one keystroke per answer. « . » or a space: no answer.
PAPER_KEYS = {
    "satisfaction": {
        "1": "very_satisfied",
        "2": "satisfied",
        "3": "dissatisfied",
        "4": "very_dissatisfied",
        "0": "no_opinion",
    },
    "yes_no": {"o": "yes", "n": "no", "1": "yes", "2": "no"},
    "stars": {key: key for key in STARS},
}
SKIP_KEYS = ("", ".", " ")


def paper_value(scale: str, key: str, choices: Sequence[str] = ()) -> str:
    """The answer a typed key stands for ("" when skipped), or AnswerError naming the keys of the scale."""
    key = key.strip().casefold() if scale != "text" else key.strip()
    if key in SKIP_KEYS:
        return ""
    if scale == "text":
        return key
    keys = {str(i): str(i) for i in range(1, len(choices) + 1)} if scale == "choice" else PAPER_KEYS[scale]
    if key not in keys:
        raise AnswerError(f"touche « {key} » inconnue (touches : {', '.join(keys)}, « . » sans réponse)")
    return keys[key]

"""The mystery-shopper evaluation grids, as data (data/grids.yaml), and the rule that says whether a contact met
each criterion: a pure rule (no Django)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vigie.core.yamlfile import load_yaml

GRIDS_FILE = Path(__file__).resolve().parent / "data" / "grids.yaml"
CHANNELS = {"phone": "Appels", "email": "Courriels"}
ANSWERED = "answered"
DELAY = "delay"


@dataclass(frozen=True)
class GridCriterion:
    code: str
    kind: str  # "yes_no" or "at_most"
    label: str
    threshold: int | None = None
    unit: str = ""


@cache
def grid(channel: str) -> tuple[GridCriterion, ...]:
    data = load_yaml(GRIDS_FILE.read_bytes())
    if channel not in data:
        raise ValueError(f"canal inconnu : {channel}")
    return tuple(GridCriterion(**item) for item in data[channel])


def outcomes(channel: str, values: Mapping[str, object]) -> dict[str, bool | None]:
    """Met (True), not met (False) or not counted (None) for each criterion of the grid. `values`: « yes »/« no »
    for the yes_no criteria, a number for the delay (None when unknown). An unanswered contact counts only for
    `answered`."""
    result: dict[str, bool | None] = {}
    answered = values.get(ANSWERED)
    for criterion in grid(channel):
        value = values.get(criterion.code)
        if criterion.code != ANSWERED and answered != "yes" or value is None or value == "":
            result[criterion.code] = None
        elif criterion.kind == "yes_no":
            result[criterion.code] = value == "yes"
        else:
            result[criterion.code] = int(value) <= (criterion.threshold or 0)  # type: ignore[arg-type]
    return result

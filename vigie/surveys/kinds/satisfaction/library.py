"""The shipped library of criteria (data/criteria.yaml), read once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from vigie.core.yamlfile import load_yaml

LIBRARY_FILE = Path(__file__).resolve().parent / "data" / "criteria.yaml"


@dataclass(frozen=True)
class CriterionSpec:
    """A criterion from the library or a department's own: what a questionnaire version copies."""

    code: str
    label: str
    scale: str
    theme: str = ""
    choices: tuple[str, ...] = ()
    shipped: bool = True

    @property
    def scale_label(self) -> str:
        from vigie.surveys.enums import Scale

        return Scale(self.scale).label


@cache
def library() -> tuple[CriterionSpec, ...]:
    data = load_yaml(LIBRARY_FILE.read_bytes())
    return tuple(
        CriterionSpec(
            code=item["code"],
            label=item["label"],
            scale=item["scale"],
            theme=item.get("theme", ""),
            choices=tuple(item.get("choices", ())),
        )
        for item in data["criteria"]
    )

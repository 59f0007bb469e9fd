"""The label cycle of a framework, as its file states it (`label_cycle:`, docs/frameworks-format.md § 2):
how long a label is valid, when the follow-up audit is due, whether modules may be added at a follow-up, how long
the decision takes after the external audit; and, for a framework that replaces another, the target date of the
transition and which modules' evidence carries over. Each rule carries its source and confidence, like the nodes.

Parsed with the rest of the file (a wrong section refuses it), stored on the version (`FrameworkVersion.label_cycle`)
and read back as a typed, frozen `LabelCycle`. Pure: no query, no Django import beyond the loader's checker."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vigie.core.yamlfile import LineDict, LineList

from .enums import Confidence

if TYPE_CHECKING:
    from .loader import _Check

# rule key → (French label, kind of value)
RULES: dict[str, tuple[str, type]] = {
    "validity_months": ("Durée de validité du label (mois)", int),
    "follow_up_months": ("Audit de suivi au plus tard (mois après la décision)", int),
    "modules_added_at_follow_up": ("Modules ajoutables lors d'un audit de suivi", bool),
    "decision_weeks_after_external_audit": ("Décision de label après l'audit externe (semaines)", int),
}


@dataclass(frozen=True)
class CycleRule:
    key: str
    label: str
    value: int | bool
    source: str
    confidence: str
    note: str = ""


@dataclass(frozen=True)
class CarryOver:
    """Evidence of module `from_module` of the replaced framework counts for module `to_module` of this one."""

    from_module: int
    to_module: int
    note: str
    source: str
    confidence: str


@dataclass(frozen=True)
class Transition:
    replaces: str  # code of the framework this one replaces
    target_date: dt.date
    carry_over: tuple[CarryOver, ...]
    source: str
    confidence: str
    note: str = ""


@dataclass(frozen=True)
class LabelCycle:
    rules: tuple[CycleRule, ...] = ()
    transition: Transition | None = None

    def rule(self, key: str) -> CycleRule | None:
        return next((rule for rule in self.rules if rule.key == key), None)

    def value(self, key: str) -> Any:
        rule = self.rule(key)
        return None if rule is None else rule.value

    @classmethod
    def from_json(cls, data: dict | None) -> LabelCycle:
        data = data or {}
        transition = data.get("transition")
        return cls(
            rules=tuple(CycleRule(**rule) for rule in data.get("rules", [])),
            transition=None
            if not transition
            else Transition(
                replaces=transition["replaces"],
                target_date=dt.date.fromisoformat(transition["target_date"]),
                carry_over=tuple(CarryOver(**item) for item in transition.get("carry_over", [])),
                source=transition["source"],
                confidence=transition["confidence"],
                note=transition.get("note", ""),
            ),
        )


def _provenance(check: _Check, item: LineDict, where: str) -> dict[str, str]:
    source = str(item.get("source") or "").strip()
    if not source:
        check.fail(item.line, f"{where} : « source » est obligatoire")
    return {
        "source": source[:100],
        "confidence": check.choice(item, "confidence", where, Confidence),
        "note": str(item.get("note") or "").strip()[:400],
    }


def parse_label_cycle(check: _Check, data: LineDict) -> dict:
    """The `label_cycle` section as JSON to store ({} when absent); errors go to `check`."""
    section = data.get("label_cycle")
    if section is None:
        return {}
    if not isinstance(section, LineDict):
        check.fail(data.line_of("label_cycle"), "label_cycle : description attendue")
        return {}
    rules = []
    for key, value in section.items():
        if key == "transition":
            continue
        where = f"label_cycle › {key}"
        if key not in RULES:
            check.fail(section.line_of(key), f"{where} : règle inconnue (règles possibles : {', '.join(RULES)})")
            continue
        label, kind = RULES[key]
        if not isinstance(value, LineDict):
            check.fail(section.line_of(key), f"{where} : {{value, source, confidence}} attendu")
            continue
        raw = value.get("value")
        positive = isinstance(raw, int) and not isinstance(raw, bool) and raw > 0
        valid = isinstance(raw, bool) if kind is bool else positive
        if not valid:
            expected = "true ou false" if kind is bool else "un entier positif"
            check.fail(value.line_of("value"), f"{where} : « value » doit être {expected}")
            continue
        rules.append({"key": key, "label": label, "value": raw, **_provenance(check, value, where)})
    result: dict[str, Any] = {"rules": rules}
    transition = section.get("transition")
    if transition is not None:
        result["transition"] = _parse_transition(check, section, transition)
    return result


def _parse_transition(check: _Check, section: LineDict, transition: Any) -> dict | None:
    where = "label_cycle › transition"
    if not isinstance(transition, LineDict):
        check.fail(section.line_of("transition"), f"{where} : description attendue")
        return None
    target = transition.get("target_date")
    if isinstance(target, str):
        try:
            target = dt.date.fromisoformat(target)
        except ValueError:
            target = None
    if not isinstance(target, dt.date):
        check.fail(transition.line_of("target_date"), f"{where} : « target_date » attend une date AAAA-MM-JJ")
        return None
    carry = transition.get("carry_over") or LineList()
    items = []
    for index, item in enumerate(carry if isinstance(carry, list) else []):
        item_where = f"{where} › carry_over n°{index + 1}"
        numbers = [item.get("from_module"), item.get("to_module")] if isinstance(item, LineDict) else [None]
        if not all(isinstance(n, int) and not isinstance(n, bool) and n > 0 for n in numbers):
            check.fail(getattr(item, "line", transition.line), f"{item_where} : from_module et to_module entiers")
            continue
        provenance = _provenance(check, item, item_where)
        items.append({"from_module": numbers[0], "to_module": numbers[1], **provenance})
    return {
        "replaces": str(transition.get("replaces") or ""),
        "target_date": target.isoformat(),
        "carry_over": items,
        **_provenance(check, transition, where),
    }

"""The frameworks' rules for the requests register, as the catalogue states them (`indicators.yaml`):
- `register_indicators`: each pair of indicators Vigie computes from the register (the rate answered within the
  deadline, the mean delay) and the requests it counts (kinds, channels);
- `register_deadlines`: the default deadline in working days of a request, by kind and channel (a department
  may set its own); a kind and channel listed nowhere have no deadline.
Parsed and checked with the rest of the catalogue (a wrong section refuses the file); read through
`frameworks.queries`. Kinds and channels are the register's values: the register checks them (its tests).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from vigie.core.yamlfile import LineDict, LineList

from .enums import Confidence, IndicatorKind

if TYPE_CHECKING:
    from .loader import _Check

_VALUE = re.compile(r"^[a-z][a-z_]*$")
ALL_CHANNELS = "all"


@dataclass(frozen=True)
class RegisterIndicators:
    """A pair of indicators computed from the register and the requests they count."""

    label: str
    rate_code: str  # share answered within the deadline (answered on time / due)
    delay_code: str  # mean delay in working days (Σ delays / answered)
    kinds: frozenset[str]
    channels: frozenset[str] | None  # None: every channel
    source: str
    confidence: str

    def counts(self, kind: str, channel: str) -> bool:
        return kind in self.kinds and (self.channels is None or channel in self.channels)


@dataclass(frozen=True)
class RegisterDeadline:
    """The default deadline of the requests of these kinds received by these channels."""

    kinds: frozenset[str]
    channels: frozenset[str]
    working_days: int
    source: str
    confidence: str


@dataclass(frozen=True)
class RegisterRules:
    indicators: tuple[RegisterIndicators, ...] = ()
    deadlines: tuple[RegisterDeadline, ...] = ()


def _values(check: _Check, item: LineDict, key: str, where: str, *, all_allowed: bool = False) -> frozenset[str] | None:
    value = item.get(key)
    if all_allowed and value == ALL_CHANNELS:
        return None
    if not isinstance(value, LineList) or not value or not all(isinstance(v, str) and _VALUE.match(v) for v in value):
        also = f" ou « {ALL_CHANNELS} »" if all_allowed else ""
        check.fail(item.line_of(key), f"{where} : « {key} » attend une liste de valeurs du registre{also}")
        return frozenset()
    return frozenset(value)


def _items(check: _Check, data: LineDict, key: str) -> list[tuple[LineDict, str]]:
    items = data.get(key)
    if items is None:
        return []
    if not isinstance(items, LineList):
        check.fail(data.line_of(key), f"« {key} » doit être une liste")
        return []
    result = []
    for index, item in enumerate(items):
        where = f"{key} n°{index + 1}"
        if not isinstance(item, LineDict):
            check.fail(items.item_lines[index], f"{where} : description attendue")
        else:
            result.append((item, where))
    return result


def parse_register_rules(check: _Check, data: LineDict, indicators: dict[str, dict[str, Any]]) -> RegisterRules:
    """The two register sections of a catalogue; `indicators`: the catalogue's indicators (code → values)."""
    pairs, used = [], {}
    for item, where in _items(check, data, "register_indicators"):
        codes = {}
        for key, kind in (("rate", IndicatorKind.RATE), ("delay", IndicatorKind.MEAN)):
            code = check.text(item, key, where, max_length=40)
            values = indicators.get(code)
            if code and values is None:
                check.fail(item.line_of(key), f"{where} : indicateur « {code} » absent du catalogue")
            elif code and (values["kind"] != kind or not values["computed_by_vigie"]):
                check.fail(item.line_of(key), f"{where} : « {code} » doit être de nature {kind} et calculé par Vigie")
            if code in used:
                check.fail(item.line_of(key), f"{where} : « {code} » déjà compté ligne {used[code]}")
            used[code] = item.line
            codes[key] = code
        pairs.append(
            RegisterIndicators(
                label=check.text(item, "label", where),
                rate_code=codes["rate"],
                delay_code=codes["delay"],
                kinds=_values(check, item, "kinds", where) or frozenset(),
                channels=_values(check, item, "channels", where, all_allowed=True),
                source=check.text(item, "source", where, required=False, max_length=100),
                confidence=check.choice(item, "confidence", where, Confidence, default=Confidence.UNKNOWN),
            )
        )
    deadlines, given = [], {}
    for item, where in _items(check, data, "register_deadlines"):
        kinds = _values(check, item, "kinds", where) or frozenset()
        channels = _values(check, item, "channels", where) or frozenset()
        days = item.get("working_days")
        if isinstance(days, bool) or not isinstance(days, int) or not 0 < days <= 60:
            check.fail(item.line_of("working_days"), f"{where} : « working_days » attend un entier de 1 à 60")
            days = 0
        for pair in sorted((kind, channel) for kind in kinds for channel in channels):
            if pair in given:
                check.fail(item.line, f"{where} : {pair[0]} par {pair[1]} a déjà un délai ligne {given[pair]}")
            given[pair] = item.line
        deadlines.append(
            RegisterDeadline(
                kinds=kinds,
                channels=channels,
                working_days=days,
                source=check.text(item, "source", where, required=False, max_length=100),
                confidence=check.choice(item, "confidence", where, Confidence, default=Confidence.UNKNOWN),
            )
        )
    return RegisterRules(tuple(pairs), tuple(deadlines))

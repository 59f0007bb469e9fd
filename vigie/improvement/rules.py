"""Roll-up rules of an action plan, pure (no Django): from each theme's sum of progress and number of counted
actions to the completion of the themes, the axes and the plan, as exact fractions of 100.

A theme is always the mean of its counted actions. Then, per rule:
- actions: an axis and the plan are the mean of their actions (each action counts the same);
- themes: an axis is the plain mean of its themes, the plan the plain mean of all its themes;
- themes_weighted: the same, each theme weighing its number of counted actions (= the mean of actions);
- axes: an axis is the plain mean of its themes, the plan the plain mean of its axes;
- axes_weighted: the same, each theme and each axis weighing its number of counted actions (= the mean of actions).
A theme without any counted action has no completion and is left out of the means above it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

ACTIONS, THEMES, THEMES_WEIGHTED, AXES, AXES_WEIGHTED = "actions", "themes", "themes_weighted", "axes", "axes_weighted"
RULES = (ACTIONS, THEMES, THEMES_WEIGHTED, AXES, AXES_WEIGHTED)


@dataclass(frozen=True)
class Part:
    """A theme's counted actions: the sum of their progress (in %) and their number."""

    total: int = 0
    count: int = 0

    @property
    def rate(self) -> Fraction | None:
        return Fraction(self.total, self.count) if self.count else None


@dataclass(frozen=True)
class RollUp:
    plan: Fraction | None
    axes: tuple[Fraction | None, ...]
    themes: tuple[tuple[Fraction | None, ...], ...]


def _mean(values: Sequence[tuple[Fraction | None, int]], *, weighted: bool) -> Fraction | None:
    kept = [(value, weight) for value, weight in values if value is not None]
    if not kept:
        return None
    if weighted:
        return sum((value * weight for value, weight in kept), Fraction(0)) / sum(weight for _, weight in kept)
    return sum((value for value, _ in kept), Fraction(0)) / len(kept)


def roll_up(rule: str, axes: Sequence[Sequence[Part]]) -> RollUp:
    """Completion of each theme, each axis and the plan, under `rule`; `axes` lists each axis's theme parts."""
    if rule not in RULES:
        raise ValueError(f"règle inconnue {rule!r}")
    themes = tuple(tuple(part.rate for part in parts) for parts in axes)
    by_count = rule in (ACTIONS, THEMES_WEIGHTED, AXES_WEIGHTED)
    axis_rates = tuple(_mean([(part.rate, part.count) for part in parts], weighted=by_count) for parts in axes)
    if rule in (AXES, AXES_WEIGHTED):
        sizes = [sum(part.count for part in parts) for parts in axes]
        plan = _mean(list(zip(axis_rates, sizes, strict=True)), weighted=by_count)
    else:
        plan = _mean([(part.rate, part.count) for parts in axes for part in parts], weighted=by_count)
    return RollUp(plan=plan, axes=axis_rates, themes=themes)


def disagrees(published: Decimal | None, computed: Fraction | None) -> bool:
    """A published rate disagrees with its parts when the computed one does not round to it at the precision it is
    printed with: 29 % against 36 % does; 63,00 % against 63 % does not, nor 46 % against 45,5 %."""
    if published is None or computed is None:
        return False
    exponent = published.normalize().as_tuple().exponent
    places = max(0, -int(exponent))
    return abs(Fraction(published) - computed) > Fraction(1, 2 * 10**places)

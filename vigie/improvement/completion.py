"""The completion of action plans at a date, with the rule printed beside every figure and warnings where a
published rate disagrees with its parts. Reads: the plans' axes and themes (one query each), then one aggregate per
theme (queries.theme_counts_at); the means are exact fractions (rules.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from vigie.core.formatting import format_percent
from vigie.organisation.models import Site

from . import rules
from .enums import RollUpRule
from .models import ActionPlan, Axis, Theme
from .queries import ThemeCounts, theme_counts_at, theme_counts_by_site_at

RULE_TEXT = {
    RollUpRule.ACTIONS: "moyenne des actions : chaque action compte pour une part égale dans son thème, son axe et "
    "le plan",
    RollUpRule.THEMES: "moyenne des thèmes : un thème est la moyenne de ses actions, un axe la moyenne simple de ses "
    "thèmes, le plan la moyenne simple de tous ses thèmes",
    RollUpRule.THEMES_WEIGHTED: "moyenne des thèmes pondérée : un thème est la moyenne de ses actions et pèse son "
    "nombre d'actions dans l'axe et le plan (ce qui revient à la moyenne des actions)",
    RollUpRule.AXES: "moyenne des axes : un thème est la moyenne de ses actions, un axe la moyenne simple de ses "
    "thèmes, le plan la moyenne simple de ses axes",
    RollUpRule.AXES_WEIGHTED: "moyenne des axes pondérée : un thème est la moyenne de ses actions, chaque thème et "
    "chaque axe pèse son nombre d'actions (ce qui revient à la moyenne des actions)",
}


def rule_text(rule: str, at: dt.date, abandoned: int) -> str:
    excluded = (
        f"{abandoned} action{'s' if abandoned > 1 else ''} abandonnée{'s' if abandoned > 1 else ''} à cette date, "
        "exclue" + ("s" if abandoned > 1 else "")
        if abandoned
        else "aucune action abandonnée à cette date"
    )
    return (
        f"Taux de réalisation au {at:%d/%m/%Y}, {RULE_TEXT[RollUpRule(rule)]}. Avancement de chaque action à cette "
        f"date, d'après son historique ; les actions inscrites après cette date et les actions abandonnées sont "
        f"exclues ({excluded})."
    )


@dataclass(frozen=True)
class ThemeCompletion:
    public_id: str
    title: str
    completion: Fraction | None
    counted: int
    abandoned: int
    published: Decimal | None
    disagrees: bool


@dataclass(frozen=True)
class AxisCompletion:
    public_id: str
    title: str
    completion: Fraction | None
    themes: tuple[ThemeCompletion, ...]
    published: Decimal | None
    disagrees: bool


@dataclass(frozen=True)
class PlanCompletion:
    plan_id: int
    public_id: str
    title: str
    year: int
    at: dt.date
    rule: str
    rule_label: str
    rule_text: str
    completion: Fraction | None
    axes: tuple[AxisCompletion, ...]
    counted: int
    abandoned: int
    published: Decimal | None
    published_at: dt.date | None
    disagrees: bool
    warnings: tuple[str, ...]


def _pct(value) -> str:
    """A computed rate to one decimal; a published one with its significant decimals (« 29 % », « 33,5 % »)."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        return format_percent(value, max(0, -int(value.normalize().as_tuple().exponent)))
    return format_percent(value, 1)


def _warnings(plan_title: str, axes: tuple[AxisCompletion, ...], published, computed) -> list[str]:
    warnings = []
    for axis in axes:
        for theme in axis.themes:
            if theme.disagrees:
                warnings.append(
                    f"Thème « {theme.title} » : le taux publié ({_pct(theme.published)}) ne correspond pas à ses "
                    f"actions ({_pct(theme.completion)}) ; Vigie retient les actions."
                )
        if axis.disagrees:
            warnings.append(
                f"Axe « {axis.title} » : le taux publié ({_pct(axis.published)}) ne correspond pas à ses parties "
                f"({_pct(axis.completion)}) ; Vigie retient les parties."
            )
    if rules.disagrees(published, computed):
        warnings.append(
            f"Plan « {plan_title} » : le taux publié ({_pct(published)}) ne correspond pas à ses parties "
            f"({_pct(computed)}) selon la règle choisie ; Vigie retient les parties."
        )
    return warnings


def _structure(plans: list[ActionPlan]) -> tuple[dict[int, list[Axis]], dict[int, list[Theme]]]:
    """The plans' axes (plan id → axes) and themes (axis id → themes), in order: two queries."""
    ids = [plan.pk for plan in plans]
    axes: dict[int, list[Axis]] = {plan_id: [] for plan_id in ids}
    themes: dict[int, list[Theme]] = {}
    for axis in Axis.objects.filter(plan__in=ids).order_by("plan_id", "position", "id"):
        axes[axis.plan_id].append(axis)
        themes[axis.pk] = []
    for theme in Theme.objects.filter(axis__plan__in=ids).order_by("axis_id", "position", "id"):
        themes[theme.axis_id].append(theme)
    return axes, themes


def completions(plans, *, at: dt.date, site: Site | None = None) -> list[PlanCompletion]:
    """The completion of each plan at `at` under its own rule (with a site: only the actions naming it). Three
    queries whatever the number of plans: their axes, their themes, and the aggregate per theme."""
    plans = list(plans)
    axes, themes = _structure(plans)
    counts = theme_counts_at([plan.pk for plan in plans], at, site=site)
    return [_complete(plan, axes[plan.pk], themes, counts, at) for plan in plans]


def completions_by_site(plan: ActionPlan, *, at: dt.date) -> dict[int, PlanCompletion]:
    """The plan's completion for each site its actions name (site id → completion, the same rule over the actions
    naming the site), in three queries whatever the number of sites."""
    axes, themes = _structure([plan])
    return {
        site_id: _complete(plan, axes[plan.pk], themes, counts, at)
        for site_id, counts in theme_counts_by_site_at([plan.pk], at).items()
    }


def _complete(
    plan: ActionPlan, axes: list[Axis], themes: dict[int, list[Theme]], counts: dict[int, ThemeCounts], at: dt.date
) -> PlanCompletion:
    """Published rates are set beside the computed ones only at the date they describe (all dates if none given)."""
    empty = ThemeCounts(0, 0, 0)
    compare = plan.published_at is None or plan.published_at == at

    def published(value: Decimal | None) -> Decimal | None:
        return value if compare else None

    parts = [
        [rules.Part(counts.get(t.pk, empty).total, counts.get(t.pk, empty).counted) for t in themes[a.pk]] for a in axes
    ]
    result = rules.roll_up(plan.rule, parts)
    axis_rows = []
    for axis, axis_rate, theme_rates in zip(axes, result.axes, result.themes, strict=True):
        theme_rows = tuple(
            ThemeCompletion(
                public_id=str(theme.public_id),
                title=theme.title,
                completion=rate,
                counted=counts.get(theme.pk, empty).counted,
                abandoned=counts.get(theme.pk, empty).abandoned,
                published=published(theme.published_completion),
                disagrees=rules.disagrees(published(theme.published_completion), rate),
            )
            for theme, rate in zip(themes[axis.pk], theme_rates, strict=True)
        )
        axis_rows.append(
            AxisCompletion(
                public_id=str(axis.public_id),
                title=axis.title,
                completion=axis_rate,
                themes=theme_rows,
                published=published(axis.published_completion),
                disagrees=rules.disagrees(published(axis.published_completion), axis_rate),
            )
        )
    axis_rows_t = tuple(axis_rows)
    abandoned = sum(t.abandoned for a in axis_rows_t for t in a.themes)
    return PlanCompletion(
        plan_id=plan.pk,
        public_id=str(plan.public_id),
        title=plan.title,
        year=plan.year,
        at=at,
        rule=plan.rule,
        rule_label=RollUpRule(plan.rule).label,
        rule_text=rule_text(plan.rule, at, abandoned),
        completion=result.plan,
        axes=axis_rows_t,
        counted=sum(t.counted for a in axis_rows_t for t in a.themes),
        abandoned=abandoned,
        published=published(plan.published_completion),
        published_at=plan.published_at,
        disagrees=rules.disagrees(published(plan.published_completion), result.plan),
        warnings=tuple(_warnings(plan.title, axis_rows_t, published(plan.published_completion), result.plan)),
    )

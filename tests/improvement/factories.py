"""Plans and actions built through improvement's services, as the application builds them."""

from __future__ import annotations

import datetime as dt

from vigie.improvement import services
from vigie.improvement.enums import RollUpRule
from vigie.improvement.models import ActionPlan, Theme


def make_plan(department, *, year: int = 2023, rule: str = RollUpRule.THEMES, actor=None) -> ActionPlan:
    return services.get_or_create_plan(actor=actor, department=department, year=year, rule=rule)


def make_theme(plan: ActionPlan, axis: str = "Axe 1", theme: str = "Thème 1") -> Theme:
    return services.get_or_create_theme(axis=services.get_or_create_axis(plan=plan, title=axis), title=theme)


def make_action(theme: Theme, title: str = "Action", *, on: dt.date | None = None, progress: int = 0, **kwargs):
    action = services.create_action(actor=None, theme=theme, title=title, on=on, **kwargs)
    if progress:
        services.record_progress(actor=None, action=action, progress=progress, on=on)
    return action

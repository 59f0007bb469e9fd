"""Completion at a past date is read from the history: whatever progress, abandonment or new actions come later,
the figures of that date do not move (property, Hypothesis)."""

import datetime as dt

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.improvement.factories import make_plan, make_theme
from vigie.improvement import services
from vigie.improvement.completion import completions
from vigie.improvement.enums import ActionStatus, RollUpRule

PAST = dt.date(2023, 6, 30)
NOW = dt.datetime(2024, 2, 2, 10, tzinfo=dt.UTC)

progress = st.integers(0, 100)
later_change = st.one_of(
    st.tuples(st.just("progress"), st.integers(0, 25), progress),  # (kind, action index, progress)
    st.tuples(st.just("abandon"), st.integers(0, 25), st.just(0)),
    st.tuples(st.just("new"), st.integers(0, 5), progress),  # a new action in theme i
)


def _figures(plan):
    (c,) = completions([plan], at=PAST)
    return (c.completion, [(a.completion, [(t.completion, t.counted) for t in a.themes]) for a in c.axes], c.abandoned)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    before=st.lists(st.tuples(st.integers(0, 5), progress), min_size=1, max_size=12),
    later=st.lists(st.tuples(later_change, st.integers(1, 200)), max_size=15),
    rule=st.sampled_from(RollUpRule.values),
)
def test_completion_at_a_past_date_is_unchanged_by_later_changes(world, before, later, rule):
    with time_machine.travel(NOW, tick=False), transaction.atomic():
        plan = make_plan(world.dept_a, year=2023, rule=rule)
        themes = [make_theme(plan, f"Axe {i % 2}", f"Thème {i}") for i in range(6)]
        actions = []
        for index, (theme, value) in enumerate(before):
            action = services.create_action(
                actor=None, theme=themes[theme], title=f"A{index}", on=dt.date(2023, 1, 2) + dt.timedelta(days=index)
            )
            services.record_progress(actor=None, action=action, progress=value, on=PAST)
            actions.append(action)
        expected = _figures(plan)
        day = PAST
        for (kind, index, value), gap in later:
            day = min(day + dt.timedelta(days=gap), NOW.date())
            action = actions[index % len(actions)]
            action.refresh_from_db()
            if kind == "progress" and action.status != ActionStatus.ABANDONED:
                services.record_progress(actor=None, action=action, progress=value, on=day)
            elif kind == "abandon" and action.status != ActionStatus.ABANDONED:
                services.update_action(
                    actor=None, action=action, on=day, status=ActionStatus.ABANDONED, abandon_reason="Reportée"
                )
            elif kind == "new":
                services.create_action(actor=None, theme=themes[index], title="Nouvelle", on=day)
            assert _figures(plan) == expected
        transaction.set_rollback(True)

"""The interface other applications use: raise_action with an origin, actions_for_origins, open_actions."""

import datetime as dt
import uuid

import pytest
import time_machine

from tests.improvement.factories import make_action, make_plan, make_theme
from vigie.improvement import services
from vigie.improvement.enums import ActionStatus
from vigie.improvement.models import Action, ActionPlan
from vigie.improvement.origins import Origin
from vigie.improvement.queries import ActionSummary, actions_for_origins, open_actions

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 3, 15, 10, 0, tzinfo=dt.UTC)


def _origin(public_id=None, label="Audit externe du 28/06/2022 : non-conformité mineure, engagement 3"):
    return Origin(
        app="audits", kind="audit_finding", public_id=str(public_id or uuid.uuid4()), label=label, url="/audits/x/"
    )


@time_machine.travel(NOW, tick=False)
def test_raise_action_creates_the_plan_axis_and_theme_once_and_keeps_the_origin(world):
    origin = _origin()
    first = services.raise_action(
        actor=world.officer,
        department=world.dept_a,
        year=2024,
        title="Mettre à jour l'affichage",
        origin=origin,
        due_date=dt.date(2024, 6, 30),
        sites=[world.site_a1],
        owner_label="Accueil",
    )
    second = services.raise_action(
        actor=world.officer, department=world.dept_a, year=2024, title="Former les agents", origin=_origin()
    )
    assert ActionPlan.objects.filter(department=world.dept_a, year=2024).count() == 1
    assert first.theme == second.theme and first.theme.title == "Actions correctives"
    assert first.theme.axis.title == "Actions correctives"
    stored = Action.objects.get(pk=first.pk)
    assert (stored.origin_app, stored.origin_kind, stored.origin_public_id) == (
        "audits",
        "audit_finding",
        origin.public_id,
    )
    assert stored.origin_label == origin.label and stored.origin_url == "/audits/x/"
    assert list(stored.sites.all()) == [world.site_a1] and stored.owner_label == "Accueil"
    assert stored.opened_on == dt.date(2024, 3, 15) and stored.status == ActionStatus.PLANNED
    assert [(e.field, e.after, e.actor) for e in stored.events.all()] == [
        ("created", "Mettre à jour l'affichage", world.officer)
    ]


def test_an_origin_names_a_known_application_and_kind():
    with pytest.raises(ValueError, match="application inconnue"):
        Origin(app="nowhere", kind="audit_finding", public_id="x", label="y")
    with pytest.raises(ValueError, match="nature inconnue"):
        Origin(app="audits", kind="unknown", public_id="x", label="y")


@time_machine.travel(NOW, tick=False)
def test_actions_for_origins_answers_in_one_query(world, django_assert_num_queries):
    finding_a, finding_b, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    for title in ("A1", "A2"):
        services.raise_action(actor=None, department=world.dept_a, year=2024, title=title, origin=_origin(finding_a))
    services.raise_action(actor=None, department=world.dept_b, year=2024, title="B1", origin=_origin(finding_b))
    with django_assert_num_queries(1):
        found = actions_for_origins(app="audits", kind="audit_finding", public_ids=[finding_a, finding_b, other])
    assert set(found) == {str(finding_a), str(finding_b)}
    assert [s.title for s in found[str(finding_a)]] == ["A1", "A2"]
    summary = found[str(finding_b)][0]
    assert isinstance(summary, ActionSummary)
    assert summary.is_open and summary.status_label == "Prévue" and summary.progress == 0
    assert summary.url == f"/actions/{summary.public_id}/"
    assert actions_for_origins(app="register", kind="audit_finding", public_ids=[finding_a]) == {}


def test_open_actions_at_a_date_come_from_the_history(world):
    with time_machine.travel(dt.datetime(2023, 1, 10, 9, tzinfo=dt.UTC), tick=False):
        theme = make_theme(make_plan(world.dept_a, year=2023))
        done_later = make_action(theme, "Fini en juin", sites=[world.site_a1])
        make_action(theme, "Encore ouverte", sites=[world.site_a2])
    with time_machine.travel(dt.datetime(2023, 6, 20, 9, tzinfo=dt.UTC), tick=False):
        services.record_progress(actor=None, action=done_later, progress=100)
        make_action(theme, "Inscrite en juin")
    with time_machine.travel(NOW, tick=False):
        assert [s.title for s in open_actions(department=world.dept_a, at=dt.date(2023, 3, 1))] == [
            "Fini en juin",
            "Encore ouverte",
        ]
        now = [s.title for s in open_actions(department=world.dept_a)]
        assert now == ["Encore ouverte", "Inscrite en juin"]
        assert [s.title for s in open_actions(department=world.dept_a, site=world.site_a1, at=dt.date(2023, 3, 1))] == [
            "Fini en juin"
        ]
        assert open_actions(department=world.dept_b) == []

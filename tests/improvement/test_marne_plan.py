"""The Marne's 2023 action plan from its committee deck of February 2024 (seed 000): through the API, on 30 June 2023,
the themes are 56, 70, 49, 28, 34 and 33 %; under « mean of themes » axis 1 is 63 % and axis 2 36 % (the deck prints
29 %: flagged); the deck's 46 % for the plan comes out only when each action counts the same (the mean of actions,
which the weighted means of themes or axes equal); later progress never changes a past date's figures."""

import datetime as dt
import io
from fractions import Fraction

import openpyxl
import pytest
import time_machine
from django.core.management import CommandError, call_command

from vigie.demo.action_plans import MARNE_PLAN_FILE, build_marne_plan_2023
from vigie.improvement import services
from vigie.improvement.enums import RollUpRule
from vigie.improvement.models import Action, ActionPlan

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 2, 2, 10, 0, tzinfo=dt.UTC)  # the day of the committee
SIX_MONTHS = "2023-06-30"
THEMES = [56, 70, 49, 28, 34, 33]


@pytest.fixture
def marne(world):
    with time_machine.travel(NOW, tick=False):
        yield build_marne_plan_2023()


def _plans(client, at=SIX_MONTHS):
    response = client.get(f"/api/v1/action-plans?department=51&year=2023&at={at}")
    assert response.status_code == 200
    (plan,) = response.json()
    return plan


def _with_rule(plan, rule):
    services.update_plan(
        actor=None,
        plan=plan,
        title=plan.title,
        rule=rule,
        published_completion=plan.published_completion,
        published_at=plan.published_at,
    )


def test_on_30_june_the_api_gives_the_decks_themes_and_axes_under_mean_of_themes(marne, world):
    _with_rule(marne, RollUpRule.THEMES)
    with time_machine.travel(NOW, tick=False):
        plan = _plans(world.client_for(world.reader))
    assert [t["completion"] for a in plan["axes"] for t in a["themes"]] == THEMES
    assert [len(t["actions"]) for a in plan["axes"] for t in a["themes"]] == [5, 5, 4, 6, 4, 2]
    axis_1, axis_2 = plan["axes"]
    assert (axis_1["completion"], axis_2["completion"]) == (63, 36)
    assert (axis_1["published"], axis_2["published"]) == (63, 29)
    assert (axis_1["published_disagrees"], axis_2["published_disagrees"]) == (False, True)
    assert plan["completion"] == 45 and plan["rule"] == "themes"
    assert plan["rule_text"].startswith("Taux de réalisation au 30/06/2023, moyenne des thèmes")
    assert plan["warnings"] == [
        "Axe « Amélioration des organisations et des outils » : le taux publié (29\u202f%) ne correspond pas à ses "
        "parties (36,0\u202f%) ; Vigie retient les parties.",
        "Plan « Plan d'action 2023 — Marne » : le taux publié (46\u202f%) ne correspond pas à ses parties "
        "(45,0\u202f%) selon la règle choisie ; Vigie retient les parties.",
    ]


@pytest.mark.parametrize(
    ("rule", "plan_rate", "axis_2"),
    [
        (RollUpRule.ACTIONS, 46, Fraction(566, 16)),
        (RollUpRule.THEMES, 45, 36),
        (RollUpRule.THEMES_WEIGHTED, 46, Fraction(566, 16)),
        (RollUpRule.AXES, Fraction(99, 2), 36),
        (RollUpRule.AXES_WEIGHTED, 46, Fraction(566, 16)),
    ],
)
def test_the_plan_is_at_46_only_when_each_action_counts_the_same(marne, world, rule, plan_rate, axis_2):
    _with_rule(marne, rule)
    with time_machine.travel(NOW, tick=False):
        plan = _plans(world.client_for(world.officer))
    assert Fraction(plan["completion_exact"]) == plan_rate and plan["completion"] == float(plan_rate)
    assert Fraction(plan["axes"][1]["completion_exact"]) == axis_2
    assert plan["axes"][0]["completion"] == 63  # 5 and 5 actions: weighted or not, the same
    assert plan["published_disagrees"] is (plan_rate != 46)
    assert any("29\u202f%" in w for w in plan["warnings"])  # axis 2's printed rate never matches its parts


def test_past_figures_ignore_later_progress_and_abandoned_actions_are_excluded_and_said(marne, world):
    client = world.client_for(world.officer)
    with time_machine.travel(NOW, tick=False):
        june = _plans(client)
        december = _plans(client, at="2023-12-31")
        before = _plans(client, at="2023-01-15")
    assert june["completion"] == 46 and "aucune action abandonnée" in june["rule_text"]
    assert december["completion"] > june["completion"]
    assert "1 action abandonnée à cette date, exclue" in december["rule_text"]
    abandoned = [a for ax in december["axes"] for t in ax["themes"] for a in t["actions"] if a["status"] == "abandoned"]
    assert [a["title"] for a in abandoned] == ["Aménagement du hall d'accueil"]
    # published rates describe 30 June 2023: compared at that date only
    assert december["published"] is None and december["warnings"] == []
    assert before["completion"] is None and before["axes"][0]["themes"][0]["actions"] == []


def test_progress_through_the_api_with_french_errors_naming_the_field(marne, world):
    action = Action.objects.get(title="Signalement des cas d'incivilité")
    client = world.client_for(world.officer)
    url = f"/api/v1/actions/{action.public_id}/progress"
    with time_machine.travel(NOW, tick=False):
        future = client.post(url, {"progress": 70, "at": "2024-02-03"}, content_type="application/json")
        assert future.status_code == 400
        assert future.json()["errors"] == [
            {"field": "at", "line": None, "message": "La date ne peut pas être dans le futur."}
        ]
        early = client.post(url, {"progress": 70, "at": "2023-01-01"}, content_type="application/json")
        ((field, message),) = [(e["field"], e["message"]) for e in early.json()["errors"]]
        assert early.status_code == 400 and field == "at" and "inscription de l'action au plan (16/01/2023)" in message
        too_much = client.post(url, {"progress": 101}, content_type="application/json")
        assert too_much.status_code == 400 and [e["field"] for e in too_much.json()["errors"]] == ["progress"]
        ok = client.post(
            url, {"progress": 100, "at": "2024-01-31", "comment": "Fiche publiée"}, content_type="application/json"
        )
        assert ok.status_code == 200
        assert ok.json() == {"id": str(action.public_id), "progress": 100, "status": "done", "at": "2024-01-31"}
        assert _plans(client)["completion"] == 46  # 30 June unchanged
    last = action.events.order_by("-id").first()
    assert (last.on, last.actor, last.comment, last.field) == (
        dt.date(2024, 1, 31),
        world.officer,
        "Fiche publiée",
        "status",
    )


def _marne_xlsx() -> bytes:
    """The demo's CSV as an XLSX workbook, the rates as Excel percentages (0,56 shown « 56 % »)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in MARNE_PLAN_FILE.read_text(encoding="utf-8").splitlines():
        cells = line.split(";")
        row = []
        for index, cell in enumerate(cells):
            if index in (3, 5) and cell and cell[0].isdigit():
                row.append(float(cell.replace(",", ".")) / 100)
            else:
                row.append(cell or None)
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, float):
                cell.number_format = "0.00%" if cell.column == 6 and cell.value == 0.63 else "0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_the_published_table_imported_through_the_screen_flags_the_printed_29(world):
    client = world.client_for(world.officer)
    upload = io.BytesIO(_marne_xlsx())
    upload.name = "plan-2023.xlsx"
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            "/plans-d-action/importer/",
            {"department": world.dept_a.pk, "year": 2023, "on": SIX_MONTHS, "file": upload},
        )
        assert response.status_code == 302
        page = client.get(response["Location"] + f"?date={SIX_MONTHS}").content.decode()
    assert "le taux publié (29\u202f%) ne correspond pas à ses parties (36,0\u202f%)" in page
    assert "Règle&nbsp;: Taux de réalisation au 30/06/2023, moyenne des thèmes" in page
    plan = ActionPlan.objects.get(department=world.dept_a, year=2023)
    assert (plan.published_completion, plan.published_at, plan.rule) == (46, dt.date(2023, 6, 30), "themes")
    assert Action.objects.filter(theme__axis__plan=plan).count() == 26


def test_a_wrong_file_names_its_lines_and_imports_nothing(world, tmp_path):
    path = tmp_path / "plan.csv"
    path.write_text(
        "Axe;Thème;Action;Avancement\nA;T;Action 1;50\nA;;Action 2;10\nA;T;Action 3;beaucoup\nA;T;Action 4;120\n",
        encoding="utf-8",
    )
    with time_machine.travel(NOW, tick=False), pytest.raises(CommandError) as error:
        call_command("import_action_plan", str(path), department="51", year=2023, on=SIX_MONTHS)
    assert str(error.value).splitlines()[1:] == [
        "Ligne 3, colonne « Thème » : le thème est obligatoire pour une action.",
        "Ligne 4, colonne « Avancement » : « beaucoup » n'est pas un pourcentage.",
        "Ligne 5, colonne « Avancement » : 120 n'est pas entre 0 et 100.",
    ]
    assert not ActionPlan.objects.exists()


def test_the_command_imports_the_plan_and_prints_the_flagged_rates(world, capsys):
    with time_machine.travel(NOW, tick=False):
        call_command(
            "import_action_plan", str(MARNE_PLAN_FILE), department="51", year=2023, on=SIX_MONTHS, rule="actions"
        )
        out = capsys.readouterr().out
        assert (
            "Avertissement : Axe « Amélioration des organisations et des outils » : le taux publié (29\u202f%)" in out
        )
        assert "26 actions importées" in out and "Réalisation au 30/06/2023 : 46,0\u202f% (Moyenne des actions)." in out
        with pytest.raises(CommandError, match="Un plan d'action 2023 existe déjà"):
            call_command("import_action_plan", str(MARNE_PLAN_FILE), department="51", year=2023, on=SIX_MONTHS)
    assert Action.objects.count() == 26

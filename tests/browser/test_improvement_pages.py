"""The action-plan pages pass axe-core, with their forms and their error summaries; the owner's progress goes
through htmx without reloading the page."""

import pytest

from tests.improvement.matrix import ACTION, PLAN, improvement_objects

PAGES = [
    ("officer", "/plans-d-action/"),
    ("agent", "/plans-d-action/"),
    ("officer", "/plans-d-action/importer/"),
    ("officer", "/plans-d-action/{plan}/"),
    ("reader", "/plans-d-action/{plan}/?date=2024-01-02"),
    ("officer", "/plans-d-action/{plan}/modifier/"),
    ("officer", "/plans-d-action/{plan}/actions/nouvelle/"),
    ("officer", "/actions/{action}/"),
    ("agent", "/actions/{action}/"),
    ("officer", "/actions/{action}/modifier/"),
]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("persona", "path"), PAGES)
def test_action_plan_pages_have_no_axe_violation(world, open_page, persona, path):
    objects = improvement_objects(world)
    page = open_page(getattr(world, persona))
    response = page.goto(path.format(plan=objects[PLAN], action=objects[ACTION]))
    assert response.status == 200
    assert page.axe_violations() == []


@pytest.mark.django_db(transaction=True)
def test_the_owner_notes_progress_with_htmx_and_errors_are_summarised(world, open_page):
    from vigie.improvement.models import Action

    objects = improvement_objects(world)
    page = open_page(world.agent)
    page.goto(f"/actions/{objects[ACTION]}/")
    page.page.fill("#id_progress", "140")
    page.page.click("text=Noter l'avancement")
    page.page.wait_for_selector("#resume-erreurs-avancement")
    assert "Avancement" in page.page.locator("#resume-erreurs-avancement").inner_text()
    assert page.axe_violations() == []
    page.page.fill("#id_progress", "35")
    page.page.click("text=Noter l'avancement")
    page.page.wait_for_selector("text=35\u00a0%")
    assert Action.objects.get(public_id=objects[ACTION]).progress == 35
    assert page.axe_violations() == []


@pytest.mark.django_db(transaction=True)
def test_the_import_form_with_errors_is_accessible(world, open_page, tmp_path):
    bad = tmp_path / "plan.csv"
    bad.write_text("Axe;Thème;Action;Avancement\nA;T;Action;beaucoup\n", encoding="utf-8")
    page = open_page(world.officer)
    page.goto("/plans-d-action/importer/")
    page.page.select_option("#id_department", label=str(world.dept_a))
    page.page.fill("#id_year", "2023")
    page.page.fill("#id_on", "2023-06-30")
    page.page.set_input_files("#id_file", str(bad))
    page.page.click("main button[type=submit]")
    page.page.wait_for_load_state("networkidle")
    assert "Ligne 2" in page.page.locator("#resume-erreurs").inner_text()
    assert page.axe_violations() == []

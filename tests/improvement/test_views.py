"""The plan and action screens: the owner notes progress (htmx swaps the same block the page shows), the plan's
managers create and edit actions, readers only read; errors come back in a summary and change nothing."""

import datetime as dt
import io
import re

import pytest
import time_machine

from tests.improvement.factories import make_action, make_plan, make_theme
from vigie.improvement.models import Action, ActionPlan, Evidence

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2024, 3, 15, 10, tzinfo=dt.UTC)


def _without_csrf(html: str) -> str:
    """The CSRF token is masked afresh at each rendering."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.fixture
def plan_and_action(world):
    with time_machine.travel(NOW, tick=False):
        plan = make_plan(world.dept_a, year=2024)
        theme = make_theme(plan, "Accueil", "Accueil physique")
        action = make_action(
            theme,
            "Signalétique du hall",
            on=dt.date(2024, 1, 10),
            owner_service=world.service_a1,
            sites=[world.site_a1],
        )
    return plan, action


def test_the_owner_notes_progress_and_htmx_gets_the_block_of_the_page(world, plan_and_action):
    _, action = plan_and_action
    client = world.client_for(world.agent)  # agent of the service that owns the action
    url = f"/actions/{action.public_id}/avancement/"
    with time_machine.travel(NOW, tick=False):
        fragment = client.post(
            url, {"progress": 40, "on": "2024-03-14", "comment": "Devis reçu"}, HTTP_HX_REQUEST="true"
        )
        page = client.get(f"/actions/{action.public_id}/").content.decode()
    assert fragment.status_code == 200
    block = _without_csrf(fragment.content.decode().strip())
    assert block.startswith('<div id="avancement">') and block in _without_csrf(page)
    assert "En cours" in block and "40&nbsp;%" in block
    action.refresh_from_db()
    assert (action.progress, action.status) == (40, "in_progress")
    event = action.events.order_by("-id").first()
    assert (event.on, event.actor, event.comment) == (dt.date(2024, 3, 14), world.agent, "Devis reçu")
    assert "Devis reçu" in page and "avancement (%)" in page  # the history: field, before → after


def test_a_date_in_the_future_is_refused_in_french_and_changes_nothing(world, plan_and_action):
    _, action = plan_and_action
    with time_machine.travel(NOW, tick=False):
        response = world.client_for(world.officer).post(
            f"/actions/{action.public_id}/avancement/", {"progress": 40, "on": "2024-03-16"}
        )
    assert response.status_code == 400
    html = response.content.decode()
    assert "resume-erreurs-avancement" in html and "La date ne peut pas être dans le futur." in html
    action.refresh_from_db()
    assert action.progress == 0 and action.events.count() == 1


def test_readers_read_but_may_not_note_progress(world, plan_and_action):
    _, action = plan_and_action
    client = world.client_for(world.reader)
    page = client.get(f"/actions/{action.public_id}/").content.decode()
    assert "Noter l'avancement" not in page and "Modifier l'action" not in page
    assert (
        client.post(f"/actions/{action.public_id}/avancement/", {"progress": 10, "on": "2024-03-14"}).status_code == 403
    )


def test_the_officer_creates_then_abandons_an_action_with_a_reason(world, plan_and_action):
    plan, action = plan_and_action
    client = world.client_for(world.officer)
    with time_machine.travel(NOW, tick=False):
        response = client.post(
            f"/plans-d-action/{plan.public_id}/actions/nouvelle/",
            {"theme": action.theme.pk, "title": "Fontaine à eau", "owner_label": "SGCD", "due_date": "2024-06-30"},
        )
        assert response.status_code == 302
        created = Action.objects.get(title="Fontaine à eau")
        edit = f"/actions/{created.public_id}/modifier/"
        base = {"theme": action.theme.pk, "title": "Fontaine à eau", "owner_label": "SGCD", "status": "abandoned"}
        refused = client.post(edit, base)
        assert refused.status_code == 400 and "Indiquez le motif de l&#x27;abandon." in refused.content.decode()
        assert client.post(edit, {**base, "abandon_reason": "Pas de point d'eau"}).status_code == 302
    created.refresh_from_db()
    assert (created.status, created.abandon_reason, created.due_date) == ("abandoned", "Pas de point d'eau", None)
    assert [e.field for e in created.events.order_by("id")] == ["created", "due_date", "status", "abandon_reason"]


def test_evidence_files_are_kept_and_read_only_by_who_reads_the_action(world, plan_and_action):
    _, action = plan_and_action
    upload = io.BytesIO(b"%PDF-1.4 affiche")
    upload.name = "affiche.pdf"
    response = world.client_for(world.agent).post(
        f"/actions/{action.public_id}/preuves/", {"label": "Affiche posée", "file": upload}
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    url = f"/preuves/{evidence.public_id}/"
    assert b"".join(world.client_for(world.reader).get(url).streaming_content) == b"%PDF-1.4 affiche"
    assert world.client_for(world.officer_b).get(url).status_code == 404
    nothing = world.client_for(world.agent).post(f"/actions/{action.public_id}/preuves/", {"label": "Vide"})
    assert nothing.status_code == 400 and "Joignez un fichier ou indiquez un lien." in nothing.content.decode()


def test_the_plan_page_shows_rule_and_roll_ups_in_a_bounded_number_of_queries(
    world, plan_and_action, django_assert_max_num_queries
):
    plan, _ = plan_and_action
    with time_machine.travel(NOW, tick=False):
        theme = make_theme(plan, "Numérique", "Site internet")
        for index in range(15):
            make_action(theme, f"Action {index}", on=dt.date(2024, 2, 1), progress=index * 5, sites=[world.site_a2])
        client = world.client_for(world.officer)
        with django_assert_max_num_queries(20):
            page = client.get(f"/plans-d-action/{plan.public_id}/?date=2024-03-01").content.decode()
    assert "moyenne des thèmes : un thème est la moyenne de ses actions" in page
    assert "Réalisation par site" in page and "Action 14" in page
    # sp-reims: the 15 actions of « Site internet », 0 to 70 % → 35 % ; pref-51: the hall's signage at 0 %
    assert (
        f'<th scope="row">{world.site_a2.name}</th><td class="vigie-figure">15</td>'
        '<td class="vigie-figure">35,0\u202f%</td>'
    ) in page
    assert f'<th scope="row">{world.site_a1.name}</th><td class="vigie-figure">1</td>' in page


def test_the_officer_opens_a_plan_and_adds_a_theme(world):
    client = world.client_for(world.officer)
    with time_machine.travel(NOW, tick=False):
        response = client.post("/plans-d-action/", {"department": world.dept_a.pk, "year": 2024, "rule": "axes"})
        plan = ActionPlan.objects.get()
        assert response["Location"] == f"/plans-d-action/{plan.public_id}/"
        added = client.post(
            f"/plans-d-action/{plan.public_id}/modifier/", {"theme-axis_title": "Axe 1", "theme-theme_title": "Accueil"}
        )
    assert added.status_code == 302
    assert [(t.axis.title, t.title) for t in plan.axes.get().themes.all()] == [("Axe 1", "Accueil")]
    assert world.client_for(world.reader).post("/plans-d-action/", {"year": 2024}).status_code == 403


def test_an_import_with_errors_lists_them_by_line_and_creates_nothing(world):
    upload = io.BytesIO("Axe;Thème;Action;Avancement\nA;T;Une action;cinquante\n".encode())
    upload.name = "plan.csv"
    with time_machine.travel(NOW, tick=False):
        response = world.client_for(world.officer).post(
            "/plans-d-action/importer/",
            {"department": world.dept_a.pk, "year": 2023, "on": "2023-06-30", "file": upload},
        )
    assert response.status_code == 400
    assert "Ligne 2, colonne « Avancement » : « cinquante » n&#x27;est pas un pourcentage." in response.content.decode()
    assert not ActionPlan.objects.exists()


def test_the_commitments_an_action_serves_are_chosen_and_kept_in_the_history(world, plan_and_action):
    from vigie.frameworks.models import Commitment

    _, action = plan_and_action
    chosen = list(Commitment.objects.filter(module__version__is_current=True).order_by("id")[:2])
    assert len(chosen) == 2  # the frameworks shipped with Vigie are loaded by the migrations
    data = {"theme": action.theme.pk, "title": action.title, "status": "planned", "commitments": [c.pk for c in chosen]}
    with time_machine.travel(NOW, tick=False):
        assert world.client_for(world.officer).post(f"/actions/{action.public_id}/modifier/", data).status_code == 302
        page = world.client_for(world.reader).get(f"/actions/{action.public_id}/").content.decode()
    assert set(action.commitments.all()) == set(chosen)
    event = action.events.get(field="commitments")
    assert event.after == ", ".join(sorted(c.code for c in chosen))
    assert chosen[0].title[:30] in page


def test_the_site_page_lists_its_open_actions(world, plan_and_action):
    _, action = plan_and_action
    client = world.client_for(world.officer)
    page = client.get("/departements/51/sites/pref-51/").content.decode()
    assert f'<a href="/actions/{action.public_id}/">Signalétique du hall</a> — prévue, 0&nbsp;%' in page
    assert "1 action ouverte" in client.get("/departements/51/").content.decode()
    assert (
        "Aucune action ouverte ne concerne ce site." in client.get("/departements/51/sites/sp-reims/").content.decode()
    )


def test_the_officer_sets_the_aimed_indicator_and_the_page_shows_its_before_and_after(world):
    from tests.documents.helpers import post_measurements

    rows = [
        {
            "indicator": "TEL-DECROCHE",
            "site": "pref-51",
            "period": f"{year}-{m:02d}",
            "numerator": n,
            "denominator": 100,
        }
        for year, n in ((2021, 60), (2023, 90))
        for m in range(1, 13)
    ]
    client = world.client_for(world.officer)
    with time_machine.travel(NOW, tick=False):
        post_measurements(client, rows, department="51")
        plan = make_plan(world.dept_a, year=2022)
        theme = make_theme(plan, "Accueil", "Téléphone")
        action = make_action(theme, "Renfort du standard", on=dt.date(2022, 5, 1))
        page = client.get(f"/actions/{action.public_id}/").content.decode()
        assert "Indicateur visé</dt><dd>—</dd>" in page
        edit = f"/actions/{action.public_id}/modifier/"
        data = {"theme": theme.pk, "title": "Renfort du standard", "status": "in_progress"}
        refused = client.post(edit, {**data, "aimed_site": world.site_b1.pk, "aimed_indicator": "TEL-DECROCHE"})
        assert refused.status_code == 400  # a site of another department
        response = client.post(edit, {**data, "aimed_indicator": "TEL-DECROCHE", "aimed_site": world.site_a1.pk})
        assert response.status_code == 302
        page = client.get(f"/actions/{action.public_id}/").content.decode()
    action.refresh_from_db()
    assert (action.aimed_indicator, action.aimed_site) == ("TEL-DECROCHE", world.site_a1)
    assert "indicateur visé" in [e.field_label for e in action.events.all()]
    assert "Avant&nbsp;: 2021&nbsp;: 60,0\u202f% (720 " in page and "/ 1\u202f200 " in page
    assert "après&nbsp;: 2023&nbsp;: 90,0\u202f% (1\u202f080 " in page


def test_raise_action_takes_an_aimed_indicator_and_refuses_an_unknown_one(world):
    from django.core.exceptions import ValidationError

    from vigie.improvement.services import raise_action

    with time_machine.travel(NOW, tick=False):
        action = raise_action(
            actor=None, department=world.dept_a, year=2024, title="Relances", aimed_indicator="RECLAM-DELAI-OK"
        )
        assert action.aimed_indicator == "RECLAM-DELAI-OK" and action.aimed_site is None
        with pytest.raises(ValidationError):
            raise_action(actor=None, department=world.dept_a, year=2024, title="X", aimed_indicator="NOPE")

"""Golden test from the Loir-et-Cher committee of June 2022: 38 complaints by theme with the follow-up actions,
1 suggestion, every one answered in time with a mean delay of 1 working day — on the analysis screen and in the
computed indicators."""

import datetime as dt
from pathlib import Path

import pytest

from tests.conftest import api_errors
from tests.organisation.factories import RoleAssignmentFactory
from vigie.demo.requests import build_loir_et_cher_2022
from vigie.frameworks.models import Indicator
from vigie.improvement.models import Action
from vigie.improvement.queries import actions_for_origins
from vigie.indicators.queries import indicator_results
from vigie.organisation.enums import Role
from vigie.organisation.models import Department
from vigie.organisation.services import import_org
from vigie.register.models import Theme

DEMO = Path(__file__).resolve().parents[2] / "vigie" / "demo" / "data" / "41-loir-et-cher.yaml"


@pytest.fixture
def loir_et_cher(db):
    import_org(content=DEMO.read_bytes())
    build_loir_et_cher_2022()
    department = Department.objects.get(code="41")
    officer = RoleAssignmentFactory(role=Role.QUALITY_OFFICER, department=department).user
    return department, officer


def _row(label, count, share, follow_up):
    """A theme's row; `follow_up`: « — » or (title, state) of the plan's action raised from the theme."""
    if follow_up != "—":
        title, state = follow_up
        action = Action.objects.get(title=title.replace("&#x27;", "'"))
        follow_up = f'<a href="/actions/{action.public_id}/">{title}</a> ({state})'
    return (
        f'<tr><th scope="row">{label}</th><td class="vigie-figure">{count}</td>'
        f'<td class="vigie-figure">{share}\u202f%</td>\n    <td>{follow_up}</td></tr>'
    )


def test_analysis_reproduces_the_committee_tables(loir_et_cher, client):
    department, officer = loir_et_cher
    client.force_login(officer)
    html = client.get("/demandes/analyse/?annee=2022").content.decode()
    assert "39 demandes reçues en 2022." in html
    assert "<h2>Réclamations&nbsp;: 38</h2>" in html and "<h2>Suggestions&nbsp;: 1</h2>" in html
    # 25/38 = 65,8 %, 10/38 = 26,3 %, 3/38 = 7,9 %
    assert _row("Délai pour obtenir un rendez-vous (étrangers)", 25, 66, "—") in html
    assert (
        _row(
            "Température du hall d&#x27;accueil",
            10,
            26,
            ("Travaux de chauffage programmés à la mi-juillet", "prévue, 0&nbsp;%"),
        )
        in html
    )
    assert (
        _row(
            "Manque d&#x27;agents à l&#x27;accueil",
            3,
            8,
            ("Recrutement de contractuels pour l&#x27;accueil", "réalisée, 100&nbsp;%"),
        )
        in html
    )
    assert (
        _row(
            "Manque d&#x27;agents à l&#x27;accueil",
            1,
            100,
            ("Recrutement de contractuels pour l&#x27;accueil", "réalisée, 100&nbsp;%"),
        )
        in html
    )
    # timeliness with its numerator and denominator: 39/39 = 100 %, Σ delays 39 over 39 answered = 1 day
    assert (
        '<th scope="row">Réclamations et suggestions</th>'
        '<td class="vigie-figure">39</td><td class="vigie-figure">39</td>'
        '<td class="vigie-figure">100,0\u202f%</td><td class="vigie-figure">39</td><td class="vigie-figure">39</td>'
        '<td class="vigie-figure">1,00 j</td>'
    ) in html


def test_computed_indicators_match_the_published_figures(loir_et_cher):
    department, _ = loir_et_cher
    from vigie.register.analysis.indicators import publish_register_indicators

    publish_register_indicators(department=department, year=2022, today=dt.date(2022, 6, 30))
    for code, expected in (("RECLAM-DELAI-OK", 100), ("RECLAM-DELAI", 1)):
        indicator = Indicator.objects.get(code=code)
        (result,) = indicator_results(indicator=indicator, department=department, site=None, year=2022, by="year")
        assert result.value == expected, code


def test_follow_up_actions_are_written_by_the_quality_officer_only(loir_et_cher, client):
    department, officer = loir_et_cher
    theme = Theme.objects.get(department=department, name="Température du hall d'accueil")
    reader = RoleAssignmentFactory(role=Role.STEERING_READER, department=department).user
    client.force_login(reader)
    assert "Ajouter une suite donnée" not in client.get("/demandes/analyse/?annee=2022").content.decode()
    assert client.post("/demandes/analyse/?annee=2022", {"theme": theme.pk, "text": "x"}).status_code == 403
    client.force_login(officer)
    response = client.post("/demandes/analyse/?annee=2022", {"theme": theme.pk, "text": ""})
    assert response.status_code == 400 and Action.objects.count() == 2
    response = client.post("/demandes/analyse/?annee=2022", {"theme": theme.pk, "text": "Thermomètre affiché"})
    assert response.status_code == 302
    raised = actions_for_origins(app="register", kind="complaint_theme", public_ids=[theme.public_id], years=[2022])
    assert [a.title for a in raised[str(theme.public_id)]] == [
        "Travaux de chauffage programmés à la mi-juillet",
        "Thermomètre affiché",
    ]
    action = Action.objects.get(title="Thermomètre affiché")
    plan = action.theme.axis.plan
    assert (plan.department, plan.year, action.theme.axis.title, action.theme.title) == (
        department,
        2022,
        "Suites données aux demandes des usagers",
        "Température du hall d'accueil",
    )
    assert action.origin_url == "/demandes/analyse/?year=2022&department=41"
    assert [(e.field, e.actor) for e in action.events.all()] == [("created", officer)]


def test_the_api_gives_the_same_analysis_for_the_half_year_with_every_basis(loir_et_cher, client):
    """The committee of 27 June 2022 reported the first half: the period is free, not only a calendar year."""
    _, officer = loir_et_cher
    client.force_login(officer)
    body = client.get("/api/v1/requests/analysis?department=41&received_from=2022-01-01&received_to=2022-06-30").json()
    assert (body["received_from"], body["received_to"], body["total"]) == ("2022-01-01", "2022-06-30", 39)
    complaints, suggestions = body["themes"]
    assert (complaints["kind"], complaints["count"], suggestions["count"]) == ("complaint", 38, 1)
    assert [(r["label"], r["count"], r["base"]) for r in complaints["rows"]] == [
        ("Délai pour obtenir un rendez-vous (étrangers)", 25, 38),
        ("Température du hall d'accueil", 10, 38),
        ("Manque d'agents à l'accueil", 3, 38),
    ]
    assert complaints["rows"][0]["share"] == pytest.approx(2500 / 38)  # unrounded: 65,789… %
    family = body["timeliness"][0]
    assert (family["rate_code"], family["on_time"], family["due"], family["rate"]) == ("RECLAM-DELAI-OK", 39, 39, 100)
    assert (family["delays"], family["answered"], family["mean_delay"]) == (39, 39, 1)
    assert {r["key"]: r["count"] for r in body["by_kind"]} == {"complaint": 38, "suggestion": 1}
    # a period that holds none of them, and one that is malformed
    empty = client.get("/api/v1/requests/analysis?department=41&received_from=2022-07-01&received_to=2022-12-31")
    assert empty.json()["total"] == 0 and empty.json()["timeliness"][0]["rate"] is None
    bad = client.get("/api/v1/requests/analysis?department=41&year=2022&received_from=2022-01-01")
    assert bad.status_code == 400 and api_errors(bad)["year"] == ["soit year, soit received_from et received_to"]


def test_the_analysis_api_keeps_to_the_scope(loir_et_cher, world):
    response = world.client_for(world.officer).get("/api/v1/requests/analysis?department=41&year=2022")
    assert response.status_code == 404  # Marne's quality officer does not see Loir-et-Cher
    body = world.client_for(world.officer).get("/api/v1/requests/analysis?year=2022").json()
    assert body["total"] == 0  # its own scope holds none of them


def test_the_screen_analyses_any_period_and_names_a_wrong_one(loir_et_cher, client):
    """The committee of June 2022 looked at the first half: the screen takes « du … au … » as well as a year."""
    _, officer = loir_et_cher
    client.force_login(officer)
    html = client.get("/demandes/analyse/?du=2022-01-01&au=2022-06-30").content.decode()
    assert "<title>Analyse des demandes du 01/01/2022 au 30/06/2022" in html
    assert "39 demandes reçues du 01/01/2022 au 30/06/2022." in html
    assert _row("Délai pour obtenir un rendez-vous (étrangers)", 25, 66, "—") in html
    assert "Ajouter une suite donnée" not in html  # follow-up actions are written for a year
    later = client.get("/demandes/analyse/?du=2022-07-01&au=2022-12-31").content.decode()
    assert "Aucune demande reçue du 01/07/2022 au 31/12/2022." in later
    wrong = client.get("/demandes/analyse/?annee=2022&du=2022-06-30&au=2022-01-01")
    assert wrong.status_code == 400
    assert (
        "Période\u00a0: la date de fin précède la date de début. L'année 2022 est affichée." in wrong.content.decode()
    )
    assert "39 demandes reçues en 2022." in wrong.content.decode()


def test_sites_of_the_same_name_in_two_departments_stay_apart(world):
    from tests.register.factories import make_request

    for site in (world.site_a1, world.site_b1):
        site.name = "Préfecture"
        site.save()
    make_request(world)
    make_request(world)
    make_request(world, service=world.service_b1)
    national = world.client_for(world.national).get("/api/v1/requests/analysis?year=2024").json()
    assert [(r["label"], r["count"], r["base"]) for r in national["by_site"]] == [
        ("Préfecture (51)", 2, 3),
        ("Préfecture (16)", 1, 3),
    ]
    marne = world.client_for(world.national).get("/api/v1/requests/analysis?year=2024&department=51").json()
    assert [(r["label"], r["count"]) for r in marne["by_site"]] == [("Préfecture", 2)]

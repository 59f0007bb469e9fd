"""The analysis by site and service, on screen and in the API with one parameter vocabulary; sites side by side per
kind; the previous year in points; « Sans thème » counted; a chart with its table; a spreadsheet with number formats;
three SQL statements whatever the number of requests (issue 15, item 3)."""

import datetime as dt
import io

import openpyxl
import pytest

from tests.register.factories import make_request
from vigie.core.periods import Period
from vigie.register.analysis.figures import analyse, previous_period, received_in
from vigie.register.models import UserRequest
from vigie.register.requests.services import reply_to_request


@pytest.fixture
def requests_2024(world):
    """7 complaints at pref-51 (5 with a theme), 2 information requests at sp-reims, 1 complaint in 2023."""
    for i in range(7):
        make_request(world, themes=["Accueil"] if i < 5 else [])
    for _ in range(2):
        make_request(world, service=world.service_a2, kind="information")
    old = make_request(world, received=dt.datetime(2023, 5, 9, 10, 0))
    reply_to_request(actor=None, request=old, text="Réponse", replied_at=dt.datetime(2023, 5, 10, 10, 0))
    return world


def test_complaints_without_a_theme_are_counted_in_a_sans_theme_row(requests_2024):
    body = requests_2024.client_for(requests_2024.officer).get("/api/v1/requests/analysis?year=2024").json()
    complaints = body["themes"][0]
    assert complaints["count"] == 7
    assert [(r["label"], r["count"], r["base"]) for r in complaints["rows"]] == [
        ("Accueil", 5, 7),
        ("Sans thème", 2, 7),
    ]
    assert sum(r["count"] for r in complaints["rows"]) == 7


def test_the_api_filters_by_site_and_service(requests_2024):
    client = requests_2024.client_for(requests_2024.officer)
    reims = client.get("/api/v1/requests/analysis?department=51&year=2024&site=sp-reims").json()
    assert reims["total"] == 2 and [r["label"] for r in reims["by_site"]] == [requests_2024.site_a2.name]
    prefecture = client.get("/api/v1/requests/analysis?department=51&year=2024&site=pref-51&service=etrangers").json()
    assert prefecture["total"] == 7
    assert client.get("/api/v1/requests/analysis?department=51&year=2024&service=inconnu").json()["total"] == 0


def test_the_screen_uses_the_api_names_and_still_reads_annee(requests_2024):
    client = requests_2024.client_for(requests_2024.officer)
    html = client.get("/demandes/analyse/?year=2024&department=51&site=sp-reims").content.decode()
    assert "2 demandes reçues en 2024 — " in html and 'name="site"' in html and 'name="year"' in html
    assert 'name="service"' in html  # a site chosen: its services are offered
    old = client.get("/demandes/analyse/?annee=2024&departement=51").content.decode()
    assert "9 demandes reçues en 2024." in old


def test_sites_side_by_side_per_kind_with_a_chart_and_its_table(requests_2024):
    html = requests_2024.client_for(requests_2024.officer).get("/demandes/analyse/?year=2024").content.decode()
    assert "<bar-chart" in html and "Demandes par site et par nature" in html
    table = html.split('id="tableau-sites-natures"')[1].split("</table>")[0]
    assert '<th scope="col">Réclamation</th><th scope="col">Demande d&#x27;information générale</th>' in table
    assert f'<th scope="row">{requests_2024.site_a1.name}</th><td class="vigie-figure">7</td>' in table


def test_the_previous_year_in_points(requests_2024):
    figures = analyse(
        received_in(UserRequest.objects.all(), Period.of_year(2024)),
        today=dt.date(2024, 6, 30),
        previous=received_in(UserRequest.objects.all(), previous_period(Period.of_year(2024))),
    )
    complaints = figures["previous"]["timeliness"][0]
    assert (complaints["previous_rate"], complaints["rate"], complaints["points"]) == (100, 0, -100)
    assert figures["previous"]["total"] == 1
    html = requests_2024.client_for(requests_2024.officer).get("/demandes/analyse/?year=2024").content.decode()
    assert "Comparaison avec 2023" in html and "−100,0 pt" in html


def test_the_analysis_takes_three_statements_whatever_the_requests(requests_2024, django_assert_max_num_queries):
    for _ in range(20):
        make_request(requests_2024, service=requests_2024.service_a1bis, themes=["Délais", "Accueil"])
    with django_assert_max_num_queries(3):
        analyse(
            received_in(UserRequest.objects.all(), Period.of_year(2024)),
            today=dt.date(2024, 6, 30),
            previous=received_in(UserRequest.objects.all(), Period.of_year(2023)),
        )


def test_the_analysis_spreadsheet_has_number_formats_and_the_bases(requests_2024):
    response = requests_2024.client_for(requests_2024.officer).get(
        "/demandes/analyse/export.xlsx?year=2024&department=51"
    )
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Délais", "Thèmes", "Sites", "Nature", "Canal", "Thème", "Comparaison"]
    delays = book["Délais"]
    assert [c.value for c in delays[2]][:4] == ["Demandes", "Dans le délai", "Échues", "Taux"]
    assert delays["G3"].number_format == "0.00" or delays["G3"].value is None
    themes = book["Thèmes"]
    assert [c.value for c in themes[4]] == ["Réclamations", "Sans thème", 2, 7, pytest.approx(2 / 7)]
    assert themes["E4"].number_format == "0.0%"
    comparison = book["Comparaison"]
    assert comparison["D3"].value == -100 and "pts" in comparison["D3"].number_format


def test_the_analysis_page_queries_do_not_grow_with_requests_and_sites(requests_2024, django_assert_max_num_queries):
    client = requests_2024.client_for(requests_2024.officer)
    client.get("/demandes/analyse/?year=2024")
    with django_assert_max_num_queries(20) as first:
        client.get("/demandes/analyse/?year=2024")
    for _ in range(15):
        make_request(requests_2024, service=requests_2024.service_a2, kind="suggestion", themes=["Parking"])
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get("/demandes/analyse/?year=2024")


def test_the_officer_s_analysis_page_takes_ten_statements(requests_2024, django_assert_num_queries):
    """Session, user, roles, the departments (shared with the header), the sites, the three statements of the
    analysis, the department's themes (read once for the follow-up form and its actions), the actions raised."""
    client = requests_2024.client_for(requests_2024.officer)
    with django_assert_num_queries(10):
        html = client.get("/demandes/analyse/?year=2024").content.decode()
    assert "Accueil" in html and 'name="theme"' in html


def test_the_follow_up_form_offers_the_department_s_themes_and_refuses_another_s(requests_2024):
    from vigie.register.models import Theme
    from vigie.register.requests.forms import FollowUpForm

    themes = list(Theme.objects.filter(department=requests_2024.dept_a).order_by("name"))
    other = Theme.objects.create(department=requests_2024.dept_b, name="Ailleurs")
    form = FollowUpForm({"theme": str(themes[0].pk), "text": "Affichage revu"}, themes=themes)
    assert form.is_valid() and form.cleaned_data["theme"] == themes[0]
    assert [label for _, label in form.fields["theme"].choices][1:] == [t.name for t in themes]
    assert not FollowUpForm({"theme": str(other.pk), "text": "x"}, themes=themes).is_valid()

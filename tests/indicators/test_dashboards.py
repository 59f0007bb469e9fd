"""Department and site dashboards: latest value, target, status, trend chart with its data table,
comparison between sites and with the previous year; scope; bounded queries."""

from decimal import Decimal

from tests.indicators.test_screens import seed_two_years
from tests.organisation.factories import SiteFactory
from vigie.indicators.imports import ParsedRow
from vigie.indicators.services import save_measurements

NNBSP = "\u202f"


def _scope(world, site, module_numbers=(1, 2)):
    from vigie.frameworks.models import FrameworkVersion
    from vigie.frameworks.services import set_labelling_scope

    version = FrameworkVersion.objects.get(framework__code="qual-e-pref-2019", is_current=True)
    set_labelling_scope(
        actor=None,
        site=site,
        framework_version=version,
        modules=list(version.modules.filter(number__in=module_numbers)),
        since="2020-01-01",
    )


def test_department_dashboard_shows_latest_value_target_status_trend_and_comparison(world):
    seed_two_years(world)
    response = world.client_for(world.officer).get("/departements/51/indicateurs/?annee=2021")
    assert response.status_code == 200
    html = response.content.decode()
    # yearly value with its basis, target, status, previous year and change in points
    assert f"1{NNBSP}440 / 1{NNBSP}800" in html and f"80,0{NNBSP}%" in html and f"70,0{NNBSP}%" in html
    assert "+10,0 pt" in html and "non atteinte" in html and f"au moins 85,0{NNBSP}%" in html
    # latest value: December 2021
    assert "(déc. 2021)" in html
    # trend: accessible SVG beside a real data table
    assert "<bar-chart" in html and "Taux d&#x27;appels décrochés — évolution 2021" in html
    assert "<caption>Évolution mensuelle : Taux d&#x27;appels décrochés, 2021 (données du graphique)</caption>" in html
    assert html.count('<th scope="row">') >= 12
    # comparison between sites, with the previous year
    assert "Comparaison entre sites : Taux d&#x27;appels décrochés" in html
    assert f"960 / 1{NNBSP}200" in html and "480 / 600" in html
    # without a labelling scope: empty-state callout, measured indicators shown
    assert "Aucun périmètre de labellisation en cours" in html
    assert "WEB-CONNEXION" in html


def test_department_wide_rate_shows_its_population_basis_and_latest_month(world):
    seed_two_years(world)
    html = world.client_for(world.officer).get("/departements/51/indicateurs/?annee=2021").content.decode()
    assert f"30{NNBSP}000 / 360{NNBSP}970" in html and f'8,3{NNBSP}% <span class="fr-text--xs">(janv. 2021)' in html


def test_site_dashboard_shows_the_site_and_compares_it_with_the_other_sites(world):
    seed_two_years(world)
    response = world.client_for(world.officer).get("/departements/51/sites/sp-reims/indicateurs/?annee=2021")
    assert response.status_code == 200
    html = response.content.decode()
    assert "480 / 600" in html  # the site's yearly basis
    assert "(ce site)" in html and f"960 / 1{NNBSP}200" in html  # compared with the prefecture
    assert f"1{NNBSP}440 / 1{NNBSP}800" not in html  # not the department total
    assert "30" + NNBSP + "000" not in html  # department-wide website visits are not the site's


def test_site_correspondent_sees_only_their_site_in_department_dashboard(world):
    seed_two_years(world)
    client = world.client_for(world.correspondent)
    html = client.get("/departements/51/indicateurs/?annee=2021").content.decode()
    assert "480 / 600" in html
    assert f"1{NNBSP}440 / 1{NNBSP}800" not in html and f"960 / 1{NNBSP}200" not in html
    assert "Comparaison entre sites" not in html  # a single visible site: nothing to compare
    assert client.get("/departements/51/sites/pref-51/indicateurs/").status_code == 404
    assert client.get("/departements/51/sites/sp-reims/indicateurs/?annee=2021").status_code == 200


def test_agent_sees_only_their_site(world):
    seed_two_years(world)
    client = world.client_for(world.agent)
    html = client.get("/departements/51/indicateurs/?annee=2021").content.decode()
    assert f"960 / 1{NNBSP}200" in html and "480 / 600" not in html
    assert client.get("/departements/51/sites/sp-reims/indicateurs/").status_code == 404


def test_outside_the_scope_is_not_found(world):
    assert world.client_for(world.officer_b).get("/departements/51/indicateurs/").status_code == 404
    assert world.client_for(world.no_role).get("/departements/51/sites/pref-51/indicateurs/").status_code == 404
    assert world.client_for(None).get("/departements/51/indicateurs/").status_code == 302


def test_labelling_scope_lists_its_indicators_even_without_measurements(world):
    seed_two_years(world)
    _scope(world, world.site_a1, module_numbers=(2,))
    html = world.client_for(world.officer).get("/departements/51/indicateurs/?annee=2021").content.decode()
    assert "Aucun périmètre de labellisation en cours" not in html
    assert "TITRES-CNI-PASSEPORT-DELAI" in html and "pas de mesure" in html


def test_local_indicators_of_the_department_are_shown(world):
    from vigie.frameworks.models import Indicator

    _scope(world, world.site_a1, module_numbers=(2,))
    Indicator.objects.create(
        department=world.dept_a,
        code="LOCAL-ACCUEIL",
        name="Taux d'accueil local",
        kind="rate",
        unit="percent",
        periodicity="year",
        aggregation="ratio_of_sums",
    )
    save_measurements(
        actor=None,
        department=world.dept_a,
        source="typed",
        rows=[
            ParsedRow(1, "LOCAL-ACCUEIL", "pref-51", "2020", Decimal(40), Decimal(50)),
            ParsedRow(2, "LOCAL-ACCUEIL", "pref-51", "2021", Decimal(45), Decimal(50)),
        ],
    )
    html = world.client_for(world.officer).get("/departements/51/indicateurs/?annee=2021").content.decode()
    assert "LOCAL-ACCUEIL" in html and f"90,0{NNBSP}%" in html and "+10,0 pt" in html and "sans cible" in html


def test_basis_unknown_results_are_marked(world):
    save_measurements(
        actor=None,
        department=world.dept_a,
        source="imported",
        rows=[ParsedRow(1, "TEL-DECROCHE", "pref-51", "2021-01", None, None, published_value=Decimal("81.5"))],
    )
    html = world.client_for(world.officer).get("/departements/51/indicateurs/?annee=2021").content.decode()
    assert "base inconnue : moyenne des valeurs publiées" in html


def test_empty_dashboard_says_what_to_do_next(world):
    html = world.client_for(world.officer).get("/departements/51/indicateurs/?annee=2021").content.decode()
    assert "Aucun indicateur à afficher pour 2021" in html and "/departements/51/mesures/importer/" in html


def test_dashboard_query_count_does_not_grow_with_sites(world, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seed_two_years(world)
    client = world.client_for(world.officer)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/departements/51/indicateurs/?annee=2021").status_code == 200
    rows = []
    for n in range(6):
        site = SiteFactory(department=world.dept_a, code=f"extra-{n}")
        _scope(world, site)
        for month in range(1, 13):
            rows.append(
                ParsedRow(len(rows) + 1, "TEL-DECROCHE", site.code, f"2021-{month:02d}", Decimal(8), Decimal(10))
            )
            rows.append(ParsedRow(len(rows) + 1, "SVI-MAJ-3J", site.code, f"2021-{month:02d}", Decimal(1), Decimal(1)))
    save_measurements(actor=None, department=world.dept_a, rows=rows, source="imported")
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get("/departements/51/indicateurs/?annee=2021").content.decode()
    assert "Site extra-5" in html or "extra-5" in html

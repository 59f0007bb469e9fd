"""The results screen: rule and counts beside the figures, the interval, small samples flagged, chart and table,
a site's view, the XLSX export; query counts do not grow with the answers."""

import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vigie.surveys.kinds.satisfaction.services import ResponseInput, record_responses


def _answers(campaign, n, **answers):
    record_responses(
        actor=None,
        campaign=campaign,
        items=[ResponseInput(site="pref-51", channel="paper", answers=answers) for _ in range(n)],
    )


def test_the_page_prints_the_rule_the_counts_and_flags_small_samples(world, campaign):
    _answers(campaign, 3, courtoisie="satisfied", **{"reseaux-sociaux": "yes"})
    _answers(campaign, 1, courtoisie="dissatisfied", **{"note-globale": "2"})
    page = world.client_for(world.reader).get(f"/enquetes/{campaign.public_id}/").content.decode()
    assert "(très satisfaits + satisfaits) / répondants au critère, hors «&nbsp;sans avis&nbsp;»" in page
    assert "Intervalle de confiance à 95 % de Wilson" in page
    assert "moins de 30 réponses" in page
    assert "75,0\u202f%" in page  # 3 / 4
    assert "4 répondants" in page
    # the DSFR chart component, with French labels (never the raw codes), beside its data table
    assert "<bar-chart" in page and "vendor/dsfr-chart" in page
    chart = page[page.index("<bar-chart") : page.index("</bar-chart>")]
    assert 'x-max="100"' in chart
    assert (
        "SATISFACTION-GLOBALE" not in page and "Taux de satisfaction des usagers = " in page
    )  # a name, no code  # rates on a 0–100 axis
    assert "Taux de satisfaction (%)" in chart and "&quot;courtoisie&quot;" not in chart and "La courtoisie" in chart
    assert (
        "Connaissez-vous" in page and "Connaissez-vous" not in chart
    )  # a yes/no question's share of « oui » is not a satisfaction rate
    assert "Aucune campagne précédente" in page
    assert "/enquetes/" in page and "affiche.pdf" in page


def test_the_kiosk_address_is_shown_to_the_officer_only(world, campaign):
    assert (
        campaign.kiosk_token in world.client_for(world.officer).get(f"/enquetes/{campaign.public_id}/").content.decode()
    )
    assert (
        campaign.kiosk_token
        not in world.client_for(world.reader).get(f"/enquetes/{campaign.public_id}/").content.decode()
    )


def test_the_xlsx_export_has_the_counts_and_the_interval(world, campaign):
    _answers(campaign, 2, courtoisie="satisfied")
    _answers(campaign, 2, courtoisie="no_opinion")
    response = world.client_for(world.officer).get(f"/enquetes/{campaign.public_id}/resultats.xlsx?site=pref-51")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Enquête 2024 — " + world.site_a1.name + " — 4 répondants"
    header, courtoisie = rows[1], rows[2]
    line = dict(zip(header, courtoisie, strict=True))
    assert (line["Code"], line["Répondants au critère"], line["Satisfaits (ou « oui »)"], line["Sans avis"]) == (
        "courtoisie",
        2,
        2,
        2,
    )
    assert line["Taux (%)"] == 100 and line["IC 95 % haut (%)"] == 100 and round(line["IC 95 % bas (%)"], 2) == 34.24
    assert line["Échantillon faible (< 30)"] == "oui"


def test_results_take_the_same_number_of_queries_whatever_the_answers(world, campaign):
    client = world.client_for(world.reader)
    url = f"/enquetes/{campaign.public_id}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _answers(campaign, 40, courtoisie="satisfied", **{"note-globale": "4", "demarche": "1"})
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_list_of_campaigns_takes_the_same_number_of_queries_whatever_their_number(world, campaign):
    from tests.surveys.factories import make_campaign

    client = world.client_for(world.officer)
    client.get("/departements/51/enquetes/")
    with CaptureQueriesContext(connection) as few:
        client.get("/departements/51/enquetes/")
    for year in (2021, 2022, 2023):
        make_campaign(world, title=f"Enquête {year}")
    with CaptureQueriesContext(connection) as many:
        page = client.get("/departements/51/enquetes/").content.decode()
    assert "Enquête 2021" in page and "1 campagne" in page
    assert len(many) == len(few)


def test_scales_and_paper_headers_are_french_labels(world, campaign):
    page = world.client_for(world.officer).get("/departements/51/enquetes/").content.decode()
    assert "Satisfaction (quatre niveaux" in page and "<td>satisfaction</td>" not in page
    entry = world.client_for(world.officer).get(f"/enquetes/{campaign.public_id}/saisie/").content.decode()
    assert ". courtoisie</th>" not in entry and "1. La courtoisie des agents" in entry

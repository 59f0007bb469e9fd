"""Who sees what: national administrators every department; a department's reader their own figure against the
country, the median and the spread, and no other department's name or code, in the pages and in the API."""

import pytest

from tests.consolidation.conftest import YEAR

OTHERS = {"officer": ["Charente", "Corse-du-Sud", "pref-16", "pref-2a"], "officer_b": ["Marne", "Corse-du-Sud"]}


def test_the_national_page_lists_every_department_with_its_basis_target_status_and_rank(national):
    page = national.client_for(national.national).get(f"/national/indicateurs/TEL-DECROCHE/?annee={YEAR}")
    html = page.content.decode()
    assert page.status_code == 200
    for name in ("51 — Marne", "16 — Charente", "2A — Corse-du-Sud"):
        assert name in html
    assert "données minces" in html  # Corse-du-Sud: 60 calls a year
    assert "au moins 100 éléments" in html and "2 départements classés" in html
    assert "<map-chart" in html and "Données de la carte" in html and '"2A": 80.0' in html.replace("&quot;", '"')
    assert "Médiane" in html and "Vigie ne fige pas encore de publication" in html


@pytest.mark.parametrize("persona", ["officer", "officer_b"])
def test_a_quality_officer_sees_the_country_and_the_median_but_no_other_department(national, persona):
    client = national.client_for(getattr(national, persona))
    own = "51" if persona == "officer" else "16"
    pages = [
        client.get(f"/departements/{own}/comparaison-nationale/?annee={YEAR}"),
        client.get(f"/departements/{own}/comparaison-nationale/TEL-DECROCHE/?annee={YEAR}"),
    ]
    api = client.get(f"/api/v1/national/indicators/TEL-DECROCHE/results?year={YEAR}")
    assert [p.status_code for p in pages] == [200, 200] and api.status_code == 200
    texts = [p.content.decode() for p in pages] + [api.content.decode()]
    for text in texts:
        for other in OTHERS[persona]:
            assert other not in text, (persona, other)
    assert [d["code"] for d in api.json()["departments"]] == [own]
    assert "Médiane des départements" in texts[1] and "France" in texts[1]
    assert '"2A"' not in texts[1] and "<map-chart" not in texts[1]


def test_a_site_correspondent_or_an_agent_gets_no_comparison(national):
    for persona in ("correspondent", "agent"):
        client = national.client_for(getattr(national, persona))
        assert client.get("/departements/51/comparaison-nationale/").status_code == 403
        assert client.get(f"/api/v1/national/indicators/TEL-DECROCHE/results?year={YEAR}").status_code == 403
        assert client.get("/national/").status_code == 403

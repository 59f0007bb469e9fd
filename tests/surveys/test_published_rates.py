"""Earlier years' published rates (basis unknown): a first campaign shows its change in points against them."""

import io

import pytest
from django.core.management import CommandError, call_command

from vigie.surveys.kinds.satisfaction.services import ResponseInput, record_responses
from vigie.surveys.models import PublishedRate


def _import(tmp_path, text, department="51"):
    path = tmp_path / "taux.csv"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command("import_published_rates", str(path), department=department, stdout=out)
    return out.getvalue()


def test_a_first_campaign_shows_its_change_against_the_published_rates(world, campaign, tmp_path):
    out = _import(
        tmp_path, "annee;critere;taux;source\n2022;courtoisie;96 %;CLU 2023\n2023;courtoisie;77,6 %;CLU 2024\n"
    )
    assert "2 taux publiés importés" in out
    record_responses(
        actor=None,
        campaign=campaign,
        items=[ResponseInput(site="pref-51", channel="paper", answers={"courtoisie": "satisfied"}) for _ in range(4)],
    )
    client = world.client_for(world.reader)
    results = client.get(f"/api/v1/surveys/campaigns/{campaign.public_id}/results").json()
    assert results["previous_campaign"] is None and results["previous_published_year"] == 2023
    courtoisie = next(c for c in results["criteria"] if c["code"] == "courtoisie")
    assert courtoisie["previous_rate"] == 77.6 and round(courtoisie["change_points"], 1) == 22.4
    page = client.get(f"/enquetes/{campaign.public_id}/").content.decode()
    assert "taux publiés en 2023 (base inconnue" in page


def test_a_bad_line_imports_nothing(world, tmp_path, db):
    with pytest.raises(CommandError) as error:
        _import(tmp_path, "annee;critere;taux;site\n2022;courtoisie;96;pref-51\n2022;inconnu;140;pref-99\n")
    message = str(error.value)
    assert "ligne 3, colonne critere : critère « inconnu » inconnu" in message
    assert "ligne 3, colonne site" in message and "ligne 3, colonne taux" in message
    assert not PublishedRate.objects.exists()
    with pytest.raises(CommandError, match="colonnes absentes : taux"):
        _import(tmp_path, "annee;critere\n2022;courtoisie\n")

"""Golden tests: the demo's Charente 2021 figures come out of Vigie as the seed prints them (slips excepted)."""

import pytest
from django.core.management import call_command

from vigie.core.formatting import format_number
from vigie.demo import seed_figures as f


def shown(value, decimals=1):
    """A figure as Vigie displays it (half-up rounding), for comparison with the printed seed."""
    return format_number(value, decimals).replace(",", ".").replace("\u202f", "")


@pytest.fixture
def demo(db):
    call_command("demo")


def _results(client, code, by="month", site=None):
    url = f"/api/v1/indicators/{code}/results?department=16&year=2021&by={by}" + (f"&site={site}" if site else "")
    return client.get(url).json()


@pytest.fixture
def client(demo):
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="referent.16"))
    return client


def test_calls_answered_month_by_month_and_year(client):
    months = _results(client, "TEL-DECROCHE")
    computed = [shown(m["value"]) for m in months]
    slips = [i + 1 for i, (a, b) in enumerate(zip(computed, f.CALLS_PUBLISHED_RATE, strict=True)) if a != b]
    assert computed[0] == "77.1"
    # The seed's slips, found by exact arithmetic: Feb 81,24 (printed 81,3), Mar 81,95 (81,8),
    # May 86,76 (86,7) and Nov 84,78 (77,8).
    assert slips == [2, 3, 5, 11]
    assert computed[10] == "84.8"
    year = _results(client, "TEL-DECROCHE", "year")[0]
    assert (year["numerator"], year["denominator"]) == (93148, 114310)
    assert shown(year["value"]) == "81.5"


def test_website_connection_rate_year_is_the_mean_of_months(client):
    months = _results(client, "WEB-CONNEXION")
    computed = [shown(m["value"], 2) for m in months]
    assert [i + 1 for i, (a, b) in enumerate(zip(computed, f.WEB_PUBLISHED_RATE, strict=True)) if a != b] == [6, 7, 11]
    # June 7,30 (printed 7,35), July 6,80 (6,85), November 6,87 (6,89): slips of the seed.
    assert computed[5] == "7.30"
    assert shown(_results(client, "WEB-CONNEXION", "year")[0]["value"], 2) == "7.44"


def test_title_delays_with_unknown_basis_average_the_published_quarters(client):
    year = _results(client, "TITRES-CNI-PASSEPORT-DELAI", "year")[0]
    assert year["value"] == 13.5  # the seed's « Annuel 2021 »
    assert shown(_results(client, "TITRES-PERMIS-DELAI", "year")[0]["value"]) == "35.3"


def test_residence_permit_delay_year_is_weighted_by_decisions(client):
    year = _results(client, "SEJOUR-1ERE-DELAI", "year")[0]
    total_days = sum(d * n for d, n in zip(f.FIRST_PERMIT_DELAY, f.FIRST_PERMIT_DECISIONS, strict=True))
    assert year["value"] == pytest.approx(total_days / sum(f.FIRST_PERMIT_DECISIONS))


def test_marne_pan_visitors_per_site_add_up_to_the_decks_11769(demo):
    """Marne's CLU deck of 2 February 2024: « 11 769 fréquentations en 2023 » over its four sites and the stand —
    yearly counts of a monthly indicator; the department's year is their sum, each site keeps its own."""
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username="referente.51"))
    url = "/api/v1/indicators/PAN-FREQUENTATION/results?department=51&year=2023&by=year"
    assert client.get(url).json()[0]["numerator"] == 11769
    per_site = {
        site: client.get(f"{url}&site={site}").json()[0]["numerator"]
        for site in ("pref-51", "sp-reims", "sp-vitry", "sp-epernay", "stand-51")
    }
    assert per_site == {"pref-51": 6140, "sp-reims": 2461, "sp-vitry": 2286, "sp-epernay": 564, "stand-51": 318}

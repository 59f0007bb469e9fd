"""Continuous rating: the permanent « Donnez votre avis » page (no account, honeypot, allowance, one rating per
form), the monthly results (count, mean, distribution), hidden comments out of every display and export, the
retention of comments, the poster's QR code."""

import datetime as dt
import io
import shutil
import subprocess  # noqa: S404 - zbarimg, a fixed command on a file of the test
from fractions import Fraction

import pytest
from django.core.cache import cache
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from vigie.surveys.kinds.continuous.models import Rating
from vigie.surveys.kinds.continuous.rules import monthly, overall
from vigie.surveys.kinds.continuous.services import erase_expired_comments, open_point, record_rating


@pytest.fixture
def point(world, frozen):
    return open_point(actor=None, department=world.dept_a, site=world.site_a1)


def _token(client, url):
    return client.get(url).context["form"]["once"].value()


def test_a_rating_without_an_account_and_a_double_click_records_one(client, point):
    cache.clear()
    url = f"/donnez-votre-avis/{point.public_id}/"
    page = client.get(url)
    assert page.status_code == 200 and "Donnez votre avis" in page.content.decode()
    assert "(facultatif)" not in page.content.decode()  # DSFR already marks the field « (Optionnel) »
    assert (
        page.content.decode().count("République<br>Française") == 1
    )  # footer only; header: the prefecture's identity in the header
    token = _token(client, url)
    for _ in range(2):
        response = client.post(url, {"once": token, "stars": "4", "comment": "Accueil rapide"})
        assert response.status_code == 302 and response["Location"].endswith("/merci/")
    assert Rating.objects.filter(point=point).count() == 1
    assert client.get(response["Location"]).status_code == 200


def test_the_honeypot_and_the_allowance(client, point, settings):
    cache.clear()
    url = f"/donnez-votre-avis/{point.public_id}/"
    client.post(url, {"once": _token(client, url), "stars": "5", "website": "http://spam"})
    assert not Rating.objects.exists()
    settings.SURVEY_RATING_RATE = "2/h"
    for _ in range(2):
        assert client.post(url, {"once": _token(client, url), "stars": "3"}).status_code == 302
    response = client.post(url, {"once": _token(client, url), "stars": "3"})
    assert response.status_code == 429 and Rating.objects.count() == 2
    assert client.post(url, {"once": _token(client, url)}).status_code == 400  # no stars
    cache.clear()


def test_monthly_results_page_chart_and_table(world, point):
    for day, stars in [(dt.date(2024, 3, 4), 5), (dt.date(2024, 3, 20), 2), (dt.date(2024, 4, 2), 4)]:
        record_rating(point=point, stars=stars, on=day)
    page = world.client_for(world.reader).get(f"/enquetes/avis-continu/{point.public_id}/").content.decode()
    assert "<bar-chart" in page and "mars 2024" in page and "avr. 2024" in page
    assert 'x-min="0" x-max="5"' in page  # the axis is the whole scale, out of 5, not cut at the best month
    assert "3,50" in page  # March: (5 + 2) / 2
    assert "3 avis, note moyenne 3,67" in page
    overview = world.client_for(world.reader).get("/departements/51/enquetes/avis-continu/").content.decode()
    assert "mars 2024&nbsp;: 2 avis, 3,50" in overview and "avr. 2024&nbsp;: 1 avis, 4,00" in overview


def test_hidden_comments_are_out_of_the_page_and_the_export(world, point):
    record_rating(point=point, stars=1, comment="Mme Dupont, dossier 1234 : rien reçu", on=dt.date(2024, 5, 2))
    record_rating(point=point, stars=4, comment="Très bon accueil", on=dt.date(2024, 5, 3))
    leaked = Rating.objects.get(stars=1)
    officer = world.client_for(world.officer)
    hide_url = f"/enquetes/avis-continu/{point.public_id}/commentaires/{leaked.public_id}/masquer/"
    assert world.client_for(world.reader).post(hide_url).status_code == 403
    assert officer.post(hide_url).status_code == 302
    leaked.refresh_from_db()
    assert leaked.comment_hidden_by == world.officer and leaked.comment_hidden_at is not None
    page = officer.get(f"/enquetes/avis-continu/{point.public_id}/").content.decode()
    assert "Dupont" not in page and "Très bon accueil" in page and "1 commentaire masqué" in page
    xlsx = officer.get(f"/enquetes/avis-continu/{point.public_id}/resultats.xlsx")
    cells = [c for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True) for c in row]
    assert "Très bon accueil" in cells and not any("Dupont" in str(c) for c in cells)
    api = officer.get(f"/api/v1/surveys/ratings/{point.public_id}").json()
    assert [c["comment"] for c in api["comments"]] == ["Très bon accueil"]
    assert api["months"] == [{"month": "2024-05", "count": 2, "mean": 2.5, "distribution": [1, 0, 0, 1, 0]}]


def test_comments_are_erased_after_the_retention(point, settings):
    settings.SURVEY_COMMENT_RETENTION_DAYS = 30
    old = record_rating(point=point, stars=2, comment="ancien", on=dt.date(2024, 3, 1))
    recent = record_rating(point=point, stars=2, comment="récent", on=dt.date(2024, 5, 1))
    assert erase_expired_comments(dt.date(2024, 5, 6)) == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.comment == "" and old.stars == 2 and old.comment_erased_on == dt.date(2024, 5, 6)
    assert recent.comment == "récent"


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg absent (apt-get install zbar-tools)")
def test_the_poster_and_its_qr_code(world, point, tmp_path, settings):
    settings.SITE_URL = "https://vigie.example.gouv.fr"
    officer = world.client_for(world.officer)
    poster = officer.get(f"/enquetes/avis-continu/{point.public_id}/affiche.pdf")
    assert poster["Content-Type"] == "application/pdf" and poster.content.startswith(b"%PDF-")
    image = tmp_path / "qr.png"
    image.write_bytes(officer.get(f"/enquetes/avis-continu/{point.public_id}/qr.png").content)
    decoded = subprocess.run(  # noqa: S603 - fixed program, a file of the test
        [shutil.which("zbarimg"), "--quiet", "--raw", str(image)], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert decoded == f"https://vigie.example.gouv.fr/donnez-votre-avis/{point.public_id}/"


def test_only_the_officer_opens_a_point(world, frozen):
    url = "/departements/51/enquetes/avis-continu/"
    assert world.client_for(world.reader).post(url, {"place": "pref-51"}).status_code == 403
    response = world.client_for(world.officer).post(url, {"place": "pref-51/etrangers"})
    assert response.status_code == 302
    assert world.client_for(world.reader).get(url).status_code == 200


@given(st.lists(st.tuples(st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31)), st.integers(1, 5), st.integers(0, 9))))
def test_monthly_counts_add_up_and_means_stay_within_the_scale(rows):
    months = monthly(rows)
    assert sum(m.count for m in months) == sum(n for _, _, n in rows)
    assert [m.month for m in months] == sorted({d.replace(day=1) for d, _, n in rows})
    for m in months:
        assert m.mean is None or Fraction(1) <= m.mean <= 5
    total = overall(months)
    assert total is None or total.count == sum(m.count for m in months)


def test_a_closed_point_records_nothing(world, point, client):
    url = f"/enquetes/avis-continu/{point.public_id}/"
    assert world.client_for(world.reader).post(url, {"active": "0"}).status_code == 403
    assert world.client_for(world.officer).post(url, {"active": "0"}).status_code == 302
    public = f"/donnez-votre-avis/{point.public_id}/"
    assert "Cette page d'avis est fermée" in client.get(public).content.decode()
    client.post(public, {"stars": "5"})
    assert not Rating.objects.exists()

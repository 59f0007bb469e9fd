"""Renewals by cohort: titles issued in year Y expire in Y + their validity (data: 10 or 15 years for identity
cards by the year of issue, 10 for passports, shorter for minors). The import is all-or-nothing with errors by line
and column; the page reads within the department scope and only the department's managers import."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from vigie.indicators.models import TitleIssuance
from vigie.indicators.renewals import expiry_schedule, parse_issuances, titles

TODAY = dt.date(2026, 12, 2)
URL = "/departements/16/renouvellements/"
FILE = (
    b"title;year;adults;minors\ncni;2011;21000;4000\ncni;2016;18000;3500\npasseport;2016;9000;1200\ncni;2022;15000;\n"
)


def _issuance(title: str, year: int, adults: int, minors: int = 0) -> TitleIssuance:
    return TitleIssuance(title=title, year=year, adults=adults, minors=minors)


def test_validity_comes_from_the_data():
    cni, passport = titles()["cni"], titles()["passport"]
    assert cni.adult_validity(2003).years == 10
    assert cni.adult_validity(2004).years == 15  # extended to 15 years by the 2013 decree
    assert cni.adult_validity(2020).years == 15
    assert cni.adult_validity(2021).years == 10  # the new card
    assert passport.adult_validity(2016).years == 10
    assert (cni.minors_years, passport.minors_years) == (10, 5)


def test_each_cohort_expires_after_its_own_validity():
    rows = [_issuance("cni", 2011, 21000, 4000), _issuance("cni", 2016, 18000, 3500), _issuance("passport", 2016, 9000)]
    view = expiry_schedule(rows, first_year=2026, count=12)
    by_year = {y.year: y for y in view.years}
    # 2026: the adults' cards of 2011 (15 years), the minors' cards of 2016 (10 years), the passports of 2016
    assert by_year[2026].by_title == {"cni": 21000 + 3500, "passport": 9000}
    assert by_year[2026].total == 21000 + 3500 + 9000
    assert by_year[2031].by_title["cni"] == 18000  # 2016 + 15
    assert all(y.by_title["cni"] != 4000 for y in view.years)  # the 2011 minors expired in 2021, before the window
    assert [str(c) for c in by_year[2026].cohorts] == [
        "Carte nationale d'identité 2011, majeurs, 15 ans",
        "Carte nationale d'identité 2016, mineurs, 10 ans",
        "Passeport 2016, majeurs, 10 ans",
    ]
    assert view.issued_years == (2011, 2016)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["cni", "passport"]),
            st.integers(1995, 2026),
            st.integers(0, 50_000),
            st.integers(0, 10_000),
        ),
        unique_by=lambda t: (t[0], t[1]),
        max_size=20,
    )
)
def test_every_title_expires_once(rows):
    """Over a window wide enough to hold every expiry, the titles counted equal the titles issued."""
    issuances = [_issuance(*row) for row in rows]
    view = expiry_schedule(issuances, first_year=1995, count=60)
    assert sum(y.total for y in view.years) == sum(a + m for _, _, a, m in rows)


def test_parsing_names_the_line_and_column_of_each_error():
    content = b"titre;annee;majeurs;mineurs\ncni;2011;21000;4000\npermis;2012;5;0\ncni;3012;x;-1\ncni;2011;1;0\n"
    parsed = parse_issuances(content, "titres.csv", today=TODAY)
    assert [str(e) for e in parsed.errors] == [
        "ligne 3, colonne « title » : titre « permis » inconnu (cni ou passeport)",
        "ligne 4, colonne « year » : année « 3012 » invalide (1990-2026)",
        "ligne 4, colonne « adults » : « x » n'est pas un nombre entier positif",
        "ligne 4, colonne « minors » : « -1 » n'est pas un nombre entier positif",
        "ligne 5, colonne « year » : cni 2011 figure déjà ligne 2 du fichier",
    ]


def test_a_missing_column_is_named():
    parsed = parse_issuances(b"title;adults\ncni;3\n", "t.csv", today=TODAY)
    assert [str(e) for e in parsed.errors] == [
        "ligne 1 : colonnes manquantes : year (attendu : title, year, adults, minors)"
    ]


@pytest.mark.django_db
def test_the_officer_imports_and_reads_the_wave(world, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 2, 10, tzinfo=dt.UTC))
    client = world.client_for(world.officer_b)
    response = client.post(URL, {"file": SimpleUploadedFile("titres.csv", FILE)}, follow=True)
    assert response.status_code == 200
    assert "4 ligne(s) lue(s), 4 créée(s), 0 modifiée(s)" in response.content.decode()
    page = response.content.decode()
    assert "<bar-chart" in page
    assert "Carte nationale d&#x27;identité 2011, majeurs, 15 ans" in page
    view = response.context["view"]
    assert {y.year: y.by_title for y in view.years}[2026] == {"cni": 21000 + 3500, "passport": 9000}
    assert {y.year: y.by_title for y in view.years}[2032] == {"cni": 15000, "passport": 0}  # 2022 + 10
    # the same file again changes nothing
    response = client.post(URL, {"file": SimpleUploadedFile("titres.csv", FILE)}, follow=True)
    assert "0 créée(s), 0 modifiée(s)" in response.content.decode()
    assert TitleIssuance.objects.filter(department=world.dept_b).count() == 4


@pytest.mark.django_db
def test_a_bad_file_changes_nothing(world):
    client = world.client_for(world.officer_b)
    client.post(URL, {"file": SimpleUploadedFile("titres.csv", FILE)})
    bad = b"title;year;adults\ncni;2011;99\ncni;2012;abc\n"
    response = client.post(URL, {"file": SimpleUploadedFile("titres.csv", bad)})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Fichier refusé : rien n'a été modifié" in page
    assert "ligne 3, colonne « adults »" in page
    assert TitleIssuance.objects.get(department=world.dept_b, title="cni", year=2011).adults == 21000


@pytest.mark.django_db
def test_scope(world):
    TitleIssuance.objects.create(department=world.dept_b, title="cni", year=2011, adults=10)
    assert world.client_for(world.officer).get(URL).status_code == 404  # another department's officer
    assert world.client_for(world.national).get(URL).status_code == 200
    reader = world.client_for(world.reader)  # Marne's steering committee reads Marne, not Charente
    assert reader.get("/departements/51/renouvellements/").status_code == 200
    response = reader.post("/departements/51/renouvellements/", {"file": SimpleUploadedFile("t.csv", FILE)})
    assert response.status_code == 403
    assert not TitleIssuance.objects.filter(department=world.dept_a).exists()
    assert "Importer les titres délivrés" not in reader.get("/departements/51/renouvellements/").content.decode()


@pytest.mark.django_db
def test_the_command_imports_all_or_nothing(world, tmp_path):
    good = tmp_path / "titres.csv"
    good.write_bytes(FILE)
    call_command("import_issuances", str(good), department="16")
    assert TitleIssuance.objects.filter(department=world.dept_b).count() == 4
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"title;year;adults\ncni;2013;5\nx;2014;6\n")
    with pytest.raises(CommandError, match="ligne 3, colonne « title »"):
        call_command("import_issuances", str(bad), department="16")
    assert not TitleIssuance.objects.filter(year=2013).exists()

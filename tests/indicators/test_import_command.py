from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from vigie.indicators.models import Measurement

DATA = Path(__file__).resolve().parent.parent / "data"


def test_importing_the_telephony_table_gives_january_and_the_yearly_sum_over_sum(world, capsys):
    call_command(
        "import_measurements",
        str(DATA / "charente-2021-telephonie.csv"),
        "--department",
        "16",
        "--site",
        "pref-16",
        "--year",
        "2021",
    )
    out = capsys.readouterr().out
    assert "Avertissement : ligne 5, colonne « NOVEMBRE » : taux publié 77,8\u202f% ≠ 84,8\u202f%" in out
    assert "12 à créer" in out and Measurement.objects.count() == 12
    client = Client()
    client.force_login(world.officer_b)
    months = client.get("/api/v1/indicators/TEL-DECROCHE/results?department=16&year=2021&site=pref-16").json()
    assert round(months[0]["value"], 1) == 77.1
    year = client.get("/api/v1/indicators/TEL-DECROCHE/results?department=16&year=2021&by=year").json()[0]
    assert (year["numerator"], year["denominator"]) == (93148, 114310)


def test_dry_run_writes_nothing(world, capsys):
    call_command("import_measurements", str(DATA / "charente-2021-long.csv"), "--department", "16", "--dry-run")
    assert "simulation" in capsys.readouterr().out and not Measurement.objects.exists()


def test_a_bad_file_is_refused_whole(world, tmp_path):
    content = (DATA / "charente-2021-long.csv").read_text().replace("pref-16,2021-12", "inconnu,2021-12")
    content = content.replace("TEL-DECROCHE,pref-16,2021-03,", "TEL-DECROCHE,pref-16,2021-03,x")
    (tmp_path / "bad.csv").write_text(content)
    with pytest.raises(CommandError) as excinfo:
        call_command("import_measurements", str(tmp_path / "bad.csv"), "--department", "16")
    assert "ligne 4, colonne « numerator »" in str(excinfo.value)
    assert not Measurement.objects.exists()
    content = (DATA / "charente-2021-long.csv").read_text().replace("pref-16,2021-12", "inconnu,2021-12")
    (tmp_path / "bad2.csv").write_text(content)
    with pytest.raises(CommandError, match="ligne 13, colonne « site » : site « inconnu » inconnu"):
        call_command("import_measurements", str(tmp_path / "bad2.csv"), "--department", "16")
    assert not Measurement.objects.exists()


def test_long_format_published_values_are_checked_against_their_basis(world, capsys):
    call_command("import_measurements", str(DATA / "charente-2021-long.csv"), "--department", "16")
    out = capsys.readouterr().out
    assert (
        "Avertissement : ligne 12, colonne « value » : valeur publiée 77,8\u202f% ≠ 84,8\u202f% calculée à partir de "
        "la base (7290 / 8599) ; la base est conservée"
    ) in out
    assert out.count("Avertissement") == 4  # February, March, May, November
    assert Measurement.objects.get(indicator__code="TEL-DECROCHE", period_index=11).numerator == 7290

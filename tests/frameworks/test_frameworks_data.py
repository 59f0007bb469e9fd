"""The shipped framework files match referentiels.md: modules, commitment counts, indicator codes."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from vigie.frameworks.loader import DATA_DIR
from vigie.frameworks.models import Commitment, Framework, FrameworkVersion, Indicator

REFERENTIELS_INDICATORS = {
    "TEL-DECROCHE",
    "TEL-ABOUTI",
    "SVI-MAJ-3J",
    "WEB-MAJ-3J",
    "WEB-CONNEXION",
    "RS-ENGAGEMENT",
    "RS-CONNEXIONS",
    "COURRIEL-INFO-5J",
    "COURRIEL-INFO-DELAI",
    "COURRIER-INFO-10J",
    "COURRIER-INFO-DELAI",
    "RECLAM-DELAI-OK",
    "RECLAM-DELAI",
    "CT-COURRIER-10J",
    "CT-COURRIEL-5J",
    "CT-RDV-FIXE-4J",
    "CT-RDV-TENU-10J",
    "TITRES-CNI-PASSEPORT-DELAI",
    "TITRES-CIV-DELAI",
    "TITRES-PERMIS-DELAI",
    "RDV-MAIRIE-DELAI",
    "SEJOUR-1ERE-DELAI",
    "SEJOUR-RENOUV-DELAI",
    "PAN-FREQUENTATION",
    "SATISFACTION-GLOBALE",
}


def _counts(code):
    version = FrameworkVersion.objects.get(framework__code=code, is_current=True)
    return {m.number: m.commitments.count() for m in version.modules.all()}


def test_the_four_frameworks_are_loaded_at_migrate(db):
    assert set(Framework.objects.values_list("code", flat=True)) == {
        "qual-e-pref-2019",
        "quali-ate-2024",
        "services-publics-plus-2021",
        "services-publics-plus-2023",
    }


def test_qual_e_pref_has_eight_modules_with_the_known_commitment_counts(db):
    counts = _counts("qual-e-pref-2019")
    assert sorted(counts) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert (counts[1], counts[2], counts[3], counts[4]) == (20, 3, 10, 4)


def test_services_publics_plus_has_eight_commitments_and_its_2021_version_nine(db):
    assert sum(_counts("services-publics-plus-2023").values()) == 8
    assert sum(_counts("services-publics-plus-2021").values()) == 9


def test_quali_ate_has_two_mandatory_core_modules(db):
    version = FrameworkVersion.objects.get(framework__code="quali-ate-2024", is_current=True)
    assert sorted(version.modules.filter(mandatory=True).values_list("number", flat=True)) == [1, 2]


def test_every_indicator_of_referentiels_is_in_the_catalogue_and_proves_a_commitment(db):
    national = set(Indicator.objects.filter(department=None).values_list("code", flat=True))
    assert national >= REFERENTIELS_INDICATORS
    linked = set(Commitment.indicators.through.objects.values_list("indicator__code", flat=True))
    assert linked >= REFERENTIELS_INDICATORS


def test_web_connection_rate_is_a_mean_of_monthly_rates_over_the_population(db):
    indicator = Indicator.objects.get(code="WEB-CONNEXION", department=None)
    assert (indicator.aggregation, indicator.denominator_source) == ("mean_of_period_values", "department_population")
    rate = Indicator.objects.get(code="TEL-DECROCHE", department=None)
    assert (rate.kind, rate.unit, rate.aggregation) == ("rate", "percent", "ratio_of_sums")


def test_unknown_official_wording_is_said_plainly(db):
    unknown = Commitment.objects.filter(confidence__in=["I", "?"])
    assert unknown.exists()
    assert all("compléter" in c.title for c in unknown.filter(title__icontains="intitulé"))


def test_load_frameworks_is_idempotent(db, capsys):
    before = FrameworkVersion.objects.count(), Commitment.objects.count()
    call_command("load_frameworks")
    assert "inchangé" in capsys.readouterr().out
    assert (FrameworkVersion.objects.count(), Commitment.objects.count()) == before


def _edited(tmp_path, old, new, version="2099.1"):
    text = (DATA_DIR / "services-publics-plus-2023.yaml").read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new)
    import re

    text = re.sub(r"(?m)^version: .*$", f'version: "{version}"', text, count=1)
    path = tmp_path / "spp.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_new_version_becomes_current_and_the_old_one_is_kept(db, tmp_path, capsys):
    old = FrameworkVersion.objects.get(framework__code="services-publics-plus-2023", is_current=True)
    path = _edited(tmp_path, "code: SPP-E8", "code: SPP-E8\n    # corrected")
    call_command("load_frameworks", str(path))
    current = FrameworkVersion.objects.get(framework__code="services-publics-plus-2023", is_current=True)
    assert current.version == "2099.1" and current.pk != old.pk
    assert FrameworkVersion.objects.filter(pk=old.pk, is_current=False).exists()
    assert old.modules.get().commitments.count() == 8


def test_same_version_with_other_content_is_refused(db, tmp_path):
    from django.core.management import CommandError

    current = FrameworkVersion.objects.get(framework__code="services-publics-plus-2023", is_current=True)
    path = _edited(tmp_path, "code: SPP-E8", "code: SPP-E8\n    # changed", version=current.version)
    with pytest.raises(CommandError, match="déjà chargée avec un autre contenu"):
        call_command("load_frameworks", str(path))


def test_a_bad_framework_file_names_its_lines_and_loads_nothing(db, tmp_path):
    from django.core.management import CommandError

    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "kind: framework\ncode: test-fw\nname: Test\nversion: '1'\nnodes:\n"
        "  - {kind: module, ref: M1, number: 1, title: Un}\n"
        "  - {kind: commitment, parent: M9, code: X-1, number: 1, title: Orphelin}\n"
        "  - {kind: commitment, parent: M1, code: X-2, number: 2, title: Deux, indicators: [NOPE]}\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as excinfo:
        call_command("load_frameworks", str(bad))
    assert "ligne 7" in str(excinfo.value) and "module parent « M9 » inconnu" in str(excinfo.value)
    assert "ligne 8" in str(excinfo.value) and "« NOPE » absent du catalogue" in str(excinfo.value)
    assert not Framework.objects.filter(code="test-fw").exists()


def test_framework_api_shape(world):
    body = world.client_for(world.agent).get("/api/v1/frameworks/qual-e-pref-2019").json()
    assert set(body) >= {"code", "name", "modules"}
    module1 = body["modules"][0]
    assert (module1["number"], module1["mandatory"], len(module1["commitments"])) == (1, True, 20)
    assert set(module1["commitments"][0]) >= {"code", "title", "indicators"}
    listing = world.client_for(world.agent).get("/api/v1/frameworks").json()
    assert [f["code"] for f in listing] == [
        "qual-e-pref-2019",
        "quali-ate-2024",
        "services-publics-plus-2021",
        "services-publics-plus-2023",
    ]
    assert Client().get("/api/v1/frameworks/nope").status_code == 401
    assert world.client_for(world.agent).get("/api/v1/frameworks/nope").status_code == 404


def test_framework_screen_shows_modules_commitments_and_indicators(world):
    response = world.client_for(world.reader).get("/referentiels/qual-e-pref-2019/")
    html = response.content.decode()
    assert "Module 1 — Relation générale avec les usagers (20 engagements)" in html
    assert "TEL-DECROCHE" in html


def test_framework_screen_query_count_is_bounded(world, django_assert_max_num_queries):
    client = world.client_for(world.reader)
    client.get("/referentiels/qual-e-pref-2019/")
    with django_assert_max_num_queries(12):
        client.get("/referentiels/qual-e-pref-2019/")


def test_shipped_files_parse(db):
    assert {p.name for p in Path(DATA_DIR).glob("*.yaml")} == {
        "indicators.yaml",
        "qual-e-pref-2019.yaml",
        "quali-ate-2024.yaml",
        "services-publics-plus-2021.yaml",
        "services-publics-plus-2023.yaml",
    }

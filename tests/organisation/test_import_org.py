import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from vigie.organisation.models import ClosureDay, Department, OpeningPeriod, Service, Site

DATA = Path(__file__).resolve().parent.parent / "data"


def _snapshot():
    return (
        list(Department.objects.values_list("code", "name", "population")),
        list(Site.objects.values_list("code", "name", "kind")),
        list(Service.objects.values_list("code", "name")),
        list(ClosureDay.objects.values_list("date", "reason")),
        list(OpeningPeriod.objects.values_list("weekday", "opens", "closes")),
    )


def test_import_org_creates_department_sites_services_hours_and_closures(db, capsys):
    call_command("import_org", str(DATA / "org-moselle.yaml"))
    department = Department.objects.get(code="57")
    assert department.territory.calendar_name == "Alsace-Moselle"
    prefecture = Site.objects.get(department=department, code="pref-57")
    assert sorted(prefecture.services.values_list("code", flat=True)) == ["accueil", "etrangers"]
    assert list(prefecture.closures.values_list("date", "reason")) == [
        (dt.date(2024, 5, 10), ""),
        (dt.date(2024, 8, 16), "Pont de l'Assomption"),
    ]
    assert [str(p) for p in prefecture.opening_periods.all()] == [
        "lundi 08:30–12:00",
        "lundi 13:30–16:00",
        "vendredi 08:30–12:00",
    ]
    assert "créé(s)" in capsys.readouterr().out


def test_rerunning_the_same_file_changes_nothing(db, capsys):
    call_command("import_org", str(DATA / "org-moselle.yaml"))
    before = _snapshot()
    ids = list(Site.objects.order_by("pk").values_list("pk", "public_id"))
    call_command("import_org", str(DATA / "org-moselle.yaml"))
    assert _snapshot() == before
    assert list(Site.objects.order_by("pk").values_list("pk", "public_id")) == ids
    assert "0 créé(s), 0 mis à jour" in capsys.readouterr().out


def test_a_changed_file_updates_in_place(db, tmp_path):
    call_command("import_org", str(DATA / "org-moselle.yaml"))
    changed = (DATA / "org-moselle.yaml").read_text().replace("1046543", "1050000").replace('"2024-05-10", ', "")
    (tmp_path / "org.yaml").write_text(changed)
    call_command("import_org", str(tmp_path / "org.yaml"))
    assert Department.objects.get(code="57").population == 1050000
    assert list(ClosureDay.objects.values_list("date", flat=True)) == [dt.date(2024, 8, 16)]


BAD_FILE = """department: {code: "57", name: Moselle, population: -3}
sites:
  - code: pref-57
    name: Préfecture
    kind: palais
    closures: ["2024-13-40"]
    opening_hours:
      lundi: ["16:00-08:00"]
    services:
      - {code: etrangers, name: Bureau des étrangers}
      - {code: etrangers, name: Doublon}
  - code: Pref 57
    kind: prefecture
"""


def test_a_malformed_file_is_refused_whole_with_line_precise_french_messages(db, tmp_path):
    call_command("import_org", str(DATA / "org-moselle.yaml"))
    before = _snapshot()
    (tmp_path / "bad.yaml").write_text(BAD_FILE)
    with pytest.raises(CommandError) as excinfo:
        call_command("import_org", str(tmp_path / "bad.yaml"))
    message = str(excinfo.value)
    assert "rien n'a été modifié" in message
    assert "ligne 1 : département : la population doit être un entier positif (reçu : -3)" in message
    assert "ligne 5 : site « pref-57 » : type « palais » inconnu" in message
    assert "ligne 6 : site « pref-57 » : fermeture « 2024-13-40 » : date attendue au format AAAA-MM-JJ" in message
    assert "ligne 8 : site « pref-57 » : la plage « 16:00-08:00 » du lundi se termine avant de commencer" in message
    assert "ligne 11 : site « pref-57 », service n°2 : code « etrangers » déjà utilisé ligne 10" in message
    assert "ligne 12 : site n°2 : le code « Pref 57 » ne doit contenir que des minuscules" in message
    assert "le champ « name » est obligatoire" in message
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("department: [oops", "ligne 1 : YAML invalide"),
        ("- just a list", "ligne 1 : le fichier doit contenir les clés « department » et « sites »"),
        (
            'department: {code: "20", name: X, population: 1}\nsites: []',
            "ligne 1 : département : « 20 » n'est pas",
        ),
        (
            'department: {code: "51", name: X, population: 1, pop: 2}\n',
            "ligne 1 : département : clé inconnue « pop »",
        ),
    ],
)
def test_syntax_and_structure_errors_name_their_line(db, tmp_path, content, expected):
    (tmp_path / "f.yaml").write_text(content)
    with pytest.raises(CommandError, match=expected):
        call_command("import_org", str(tmp_path / "f.yaml"))
    assert not Department.objects.exists()


def test_a_missing_file_is_reported(db):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_org", "/nonexistent/org.yaml")

"""One org file configures a whole department: three sites, its people with their roles, its labelling scopes per
site and per service (docs/examples/departement-57.yaml)."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from vigie.frameworks.models import LabellingScope
from vigie.mail.models import OutboxMessage
from vigie.organisation.models import RoleAssignment, Site
from vigie.people.orgfile import import_org_file

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "departement-57.yaml"


def _state():
    return (
        sorted(User.objects.values_list("username", "email", "first_name", "last_name", "is_active")),
        sorted(
            map(
                str,
                RoleAssignment.objects.values_list(
                    "user__username", "role", "department__code", "site__code", "service__code"
                ),
            )
        ),
        sorted(
            (
                s.site.code,
                s.service.code if s.service else "",
                s.since,
                str(s.until),
                tuple(m.number for m in s.modules.all()),
            )
            for s in LabellingScope.objects.select_related("site", "service").prefetch_related("modules")
        ),
        OutboxMessage.objects.count(),
    )


def test_one_file_configures_sites_people_and_labelling_scopes(db, capsys):
    call_command("import_org", str(EXAMPLE))
    assert Site.objects.filter(department__code="57").count() == 3
    officer = User.objects.get(username="referente.57")
    assert (officer.first_name, officer.last_name, officer.email) == ("Claire", "Martin", "referente.57@example.org")
    assert not officer.has_usable_password()  # nobody's password is in the file
    assert RoleAssignment.objects.get(user=officer).department.code == "57"
    agent_role = RoleAssignment.objects.get(user__username="agent.57")
    assert (agent_role.role, agent_role.service.code, agent_role.service.site.code) == (
        "service_agent",
        "etrangers",
        "pref-57",
    )
    assert RoleAssignment.objects.filter(user__username="correspondant.thionville").count() == 2
    site_scope = LabellingScope.objects.get(site__code="pref-57", service=None)
    assert sorted(site_scope.modules.values_list("number", flat=True)) == [1, 3]
    assert site_scope.since == dt.date(2022, 8, 11)
    cert_scope = LabellingScope.objects.get(service__code="cert")
    assert list(cert_scope.modules.values_list("number", flat=True)) == [2]
    # each imported person gets an e-mail with a one-time link to set their password
    invitations = OutboxMessage.objects.filter(tag="invitation")
    assert sorted(invitations.values_list("to", flat=True)) == sorted(User.objects.values_list("email", flat=True))
    body = invitations.get(to="agent.57@example.org").body
    assert "/compte/mot-de-passe/" in body and "agent.57" in body
    assert "créé(s)" in capsys.readouterr().out


def test_rerunning_the_file_changes_nothing_and_sends_nothing(db):
    import_org_file(content=EXAMPLE.read_bytes())
    before = _state()
    report = import_org_file(content=EXAMPLE.read_bytes())
    assert report.created == [] and report.updated == []
    assert _state() == before


def test_a_changed_scope_ends_the_previous_one(db):
    import_org_file(content=EXAMPLE.read_bytes())
    changed = EXAMPLE.read_text().replace('modules: [1, 3], since: "2022-08-11"', 'modules: [1], since: "2024-01-02"')
    import_org_file(content=changed)
    scopes = LabellingScope.objects.filter(site__code="pref-57", service=None).order_by("since")
    assert [(s.since, s.until) for s in scopes] == [
        (dt.date(2022, 8, 11), dt.date(2024, 1, 2)),
        (dt.date(2024, 1, 2), None),
    ]
    # the CERT's own scope is untouched
    assert LabellingScope.objects.get(service__code="cert").until is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("{role: service_agent, site: pref-57, service: etrangers}", None),
        ("{role: service_agent, site: pref-57, service: nulle-part}", "service « nulle-part » inconnu sur le site"),
        ("{role: service_agent, site: pref-57}", "se donne sur un service"),
        ("{role: national_admin}", "rôle « national_admin » inconnu"),
        ("{role: quality_officer, site: pref-57}", "se donne sur le département"),
    ],
)
def test_a_faulty_role_refuses_the_whole_file_naming_its_line(db, tmp_path, change, message):
    path = tmp_path / "org.yaml"
    path.write_text(EXAMPLE.read_text().replace("{role: service_agent, site: pref-57, service: etrangers}", change))
    if message is None:
        call_command("import_org", str(path))
        return
    with pytest.raises(CommandError) as info:
        call_command("import_org", str(path))
    assert message in str(info.value)
    assert "ligne 33" in str(info.value)
    assert not Site.objects.exists() and not User.objects.exists()


def test_labelling_errors_name_their_line(db):
    content = (
        EXAMPLE.read_text()
        .replace("modules: [2], since", "modules: [2, 12], since")
        .replace(
            'framework: qual-e-pref-2019, modules: [1], since: "2023-01-09"',
            'framework: inconnu, modules: [1], since: "hier"',
        )
        .replace("name: Paul Roux,", "name: Paul Roux, password: secret,")
    )
    from vigie.core.yamlfile import FileRejected

    with pytest.raises(FileRejected) as info:
        import_org_file(content=content)
    text = str(info.value)
    assert "ligne 44 : périmètre de labellisation n°2 : module(s) 12 absent(s) de qual-e-pref-2019" in text
    assert "ligne 45 : périmètre de labellisation n°3 : référentiel « inconnu » inconnu" in text
    assert "« since » attend une date AAAA-MM-JJ" in text
    assert "clé inconnue « password »" in text
    assert not LabellingScope.objects.exists()


def test_the_api_shows_the_labelling_scope_of_each_site_and_service(db, client):
    import_org_file(content=EXAMPLE.read_bytes())
    client.force_login(User.objects.get(username="referente.57"))
    body = client.get("/api/v1/departments/57").json()
    sites = {s["code"]: s for s in body["sites"]}
    assert sites["pref-57"]["labelling"] == [
        {"framework": "qual-e-pref-2019", "modules": [1, 3], "since": "2022-08-11"}
    ]
    services = {s["code"]: s for s in sites["pref-57"]["services"]}
    assert services["cert"]["labelling"] == [{"framework": "qual-e-pref-2019", "modules": [2], "since": "2022-08-11"}]
    assert services["etrangers"]["labelling"] == []
    assert sites["sp-sarreguemines"]["labelling"] == []

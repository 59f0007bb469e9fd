from django.core.management import call_command
from django.test import Client

from vigie.demo.builder import DEMO_PASSWORD, USERS
from vigie.documents.models import GeneratedDocument, Publication
from vigie.frameworks.models import LabellingScope
from vigie.improvement.models import Action, ActionEvent, ActionPlan
from vigie.organisation.models import ClosureDay, Department, RoleAssignment, Service, Site


def _counts():
    models = (Department, Site, Service, ClosureDay, RoleAssignment, LabellingScope, ActionPlan, Action, ActionEvent)
    models += (Publication, GeneratedDocument)  # published once, each document queued once
    return [m.objects.count() for m in models]


def test_demo_is_idempotent_and_prints_logins(db, capsys):
    call_command("demo")
    first = _counts()
    call_command("demo")
    assert _counts() == first
    out = capsys.readouterr().out
    for spec in USERS:
        assert spec.username in out
    assert DEMO_PASSWORD in out
    # the 7 structures ATE of the Marne deck, and the State services' stand that its PAN figures count
    assert Site.objects.filter(department__code="51").count() == 8
    assert Department.objects.get(code="16").population == 360970
    assert set(Publication.objects.values_list("department__code", flat=True)) == {"16", "41", "51"}


def test_each_demo_login_works_and_sees_only_its_scope(db):
    call_command("demo")
    for spec in USERS:
        client = Client()
        response = client.post("/connexion/", {"username": spec.username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, spec.username
        visible = {
            d["code"]
            for d in [client.get(f"/api/v1/departments/{c}").json() for c in ("51", "16", "41")]
            if "code" in d
        }
        expected = {"51", "16", "41"} if spec.department is None else {spec.department}
        assert visible == expected, spec.username

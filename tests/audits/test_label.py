"""The label cycle of a site: a decision takes its validity and follow-up date from the framework's rules (with
their source); the timeline says what is due next; the API gives the current labels and the next due audit."""

import datetime as dt

from tests.audits.factories import make_audit, version
from vigie.audits.enums import AuditKind
from vigie.audits.models import LabelDecision
from vigie.audits.services import record_label_decision


def test_a_decision_takes_its_validity_and_follow_up_from_the_framework_rules(world):
    qep = version("qual-e-pref-2019")
    response = world.client_for(world.officer).post(
        "/departements/51/sites/pref-51/label/decision/",
        {
            "framework_version": qep.pk,
            "modules": [m.pk for m in qep.modules.filter(number__in=[1, 2])],
            "decided_on": "2022-08-04",
            "certification_body": "SOCOTEC",
        },
    )
    assert response.status_code == 302
    decision = LabelDecision.objects.get()
    # validity 36 months (inferred, R30), follow-up within 18 months (SEED-16)
    assert (decision.valid_until, decision.follow_up_due) == (dt.date(2025, 8, 4), dt.date(2024, 2, 4))


def test_a_decision_without_modules_is_refused_with_the_field_named(world):
    response = world.client_for(world.officer).post(
        "/departements/51/sites/pref-51/label/decision/",
        {"framework_version": version("qual-e-pref-2019").pk, "decided_on": "2022-08-04", "certification_body": "X"},
    )
    assert response.status_code == 400 and 'href="#id_modules_0"' in response.content.decode()
    assert not LabelDecision.objects.exists()


def _decide(world, framework="quali-ate-2024", decided_on=dt.date(2024, 3, 1), audit=None):
    v = version(framework)
    return record_label_decision(
        actor=None,
        site=world.site_a1,
        framework_version=v,
        modules=list(v.modules.filter(number__in=[1, 2, 3, 4])),
        decided_on=decided_on,
        certification_body="Organisme",
        audit=audit,
    )


def test_the_next_due_audit_is_the_follow_up_until_one_is_planned(world):
    _decide(world)  # Quali-ATE on 1 March 2024: follow-up by 1 September 2025, valid until 1 March 2027
    client = world.client_for(world.reader)
    label = client.get("/api/v1/departments/51/sites/pref-51/label").json()
    assert label["labels"][0] | {"modules": None} == {
        "framework": "quali-ate-2024",
        "version": version("quali-ate-2024").version,
        "modules": None,
        "decided_on": "2024-03-01",
        "certification_body": "Organisme",
        "valid_until": "2027-03-01",
        "follow_up_due": "2025-09-01",
        "level": "",
    }
    assert label["next_due_audit"] == {
        "date": "2025-09-01",
        "kind": "follow_up_due",
        "label": "Audit de suivi Quali-ATE à réaliser au plus tard",
        "rule_source": "SEED-16",
    }
    make_audit(world, kind=AuditKind.FOLLOW_UP, framework="quali-ate-2024", starts_on=dt.date(2025, 3, 10))
    label = client.get(f"/api/v1/departments/51/sites/{world.site_a1.public_id}/label").json()
    assert (label["next_due_audit"]["date"], label["next_due_audit"]["kind"]) == ("2025-03-10", "planned_audit")
    assert [item["kind"] for item in label["timeline"]] == ["planned_audit", "renewal_due"]


def test_after_an_external_audit_the_decision_is_expected_five_weeks_later(world):
    make_audit(world, kind=AuditKind.EXTERNAL, starts_on=dt.date(2024, 10, 1), days=2)
    page = world.client_for(world.officer).get("/departements/51/sites/pref-51/label/").content.decode()
    assert "07/11/2024" in page and "Décision de label attendue" in page  # 3 October + 5 weeks (SEED-41)


def test_an_expired_label_is_no_longer_current(world):
    _decide(world, framework="qual-e-pref-2019", decided_on=dt.date(2021, 6, 1))  # valid until 1 June 2024
    label = world.client_for(world.officer).get("/api/v1/departments/51/sites/pref-51/label").json()
    assert (label["labels"], label["next_due_audit"]) == ([], None)


def test_a_site_outside_the_scope_or_unknown_is_404(world):
    client = world.client_for(world.correspondent)  # sees sp-reims only
    assert client.get("/api/v1/departments/51/sites/pref-51/label").status_code == 404
    assert client.get("/api/v1/departments/51/sites/nimporte-quoi/label").status_code == 404
    assert client.get("/api/v1/departments/51/sites/sp-reims/label").status_code == 200


def test_the_site_page_shows_its_current_label(world):
    _decide(world)
    page = world.client_for(world.officer).get("/departements/51/sites/pref-51/").content.decode()
    assert "Quali-ATE</strong> : décision du 01/03/2024, valable jusqu'au 01/03/2027" in page


def test_the_transition_target_is_the_national_date_until_the_department_sets_its_own(world):
    client = world.client_for(world.officer)
    assert "31/12/2025" in client.get("/departements/51/audits/").content.decode()
    client.post("/departements/51/audits/transition/quali-ate-2024/", {"target_date": "2025-06-30"})
    page = client.get("/departements/51/audits/").content.decode()
    assert "30/06/2025" in page and "date nationale : 31/12/2025" in page
    assert "Relation générale avec les usagers" in page  # Qual-e-Pref module 1 carried over to Quali-ATE module 1

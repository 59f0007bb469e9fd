"""The label cycle as framework data: each rule with its source and confidence, checked when the file is loaded."""

import pytest

from vigie.core.yamlfile import FileRejected
from vigie.frameworks.loader import parse_framework
from vigie.frameworks.models import FrameworkVersion

HEAD = """kind: framework
code: essai
name: Essai
version: "1"
nodes:
  - {kind: module, ref: M1, number: 1, title: Module}
"""


def test_the_shipped_rules_carry_their_source_and_confidence(db):
    qep = FrameworkVersion.objects.get(framework__code="qual-e-pref-2019", is_current=True).cycle
    follow_up = qep.rule("follow_up_months")
    assert (follow_up.value, follow_up.source, follow_up.confidence) == (18, "SEED-16", "S")
    assert (qep.value("validity_months"), qep.rule("validity_months").confidence) == (36, "I")  # not found: inferred
    assert qep.value("modules_added_at_follow_up") is True
    spp = FrameworkVersion.objects.get(framework__code="services-publics-plus-2023", is_current=True).cycle
    assert (spp.value("validity_months"), spp.rule("validity_months").source) == (36, "R30")


def test_quali_ate_states_its_transition_from_qual_e_pref(db):
    transition = FrameworkVersion.objects.get(framework__code="quali-ate-2024", is_current=True).cycle.transition
    assert (transition.replaces, transition.target_date.isoformat()) == ("qual-e-pref-2019", "2025-12-31")
    assert {(c.from_module, c.to_module) for c in transition.carry_over} >= {(1, 1), (2, 3)}


def test_a_rule_without_source_or_with_a_wrong_value_refuses_the_file():
    content = HEAD.replace(
        "nodes:",
        "label_cycle:\n  validity_months: {value: -3, source: R30, confidence: C}\n"
        "  follow_up_months: {value: 18, confidence: S}\n  renewal_weeks: {value: 2, source: X, confidence: C}\nnodes:",
    )
    with pytest.raises(FileRejected) as error:
        parse_framework(content.encode(), "essai.yaml", set())
    messages = str(error.value)
    assert "label_cycle › validity_months : « value » doit être un entier positif" in messages
    assert "label_cycle › follow_up_months : « source » est obligatoire" in messages
    assert "label_cycle › renewal_weeks : règle inconnue" in messages


def test_a_file_without_label_cycle_has_no_rules():
    spec = parse_framework(HEAD.encode(), "essai.yaml", set())
    assert spec.header["label_cycle"] == {}

"""`explain`: a walk through every tier rule, agreeing with `classify` on which rules fired."""

from __future__ import annotations

import pytest

from hkaigov.engine.classify import classify
from hkaigov.engine.explain import explain, tree_json

PROFILES = [
    {},
    {"purposes": ["behavioural_manipulation", "recruitment"]},
    {"purposes": ["synthetic_media"], "consent_of_depicted_people": "__unset__"},
    {"decision_impact": "significant", "human_oversight": "human_out_of_the_loop", "purposes": ["credit_decision"]},
    {"sector": "securities", "generative": True, "purposes": ["investment_advice"], "customer_facing": True},
    {"processes_personal_data": True, "sensitive_data": ["health"], "medical_device": True},
    {"decision_impact": "significant", "sector": "transport"},
    {"generative": True, "customer_facing": "__unset__", "decision_impact": "__unset__"},
]


@pytest.mark.parametrize("changes", PROFILES)
def test_explain_lists_every_tier_rule_with_fired_flags_matching_classify(catalog, make_profile, changes):
    profile = make_profile(changes)
    explanation = explain(profile, catalog)
    assert [t.rule.id for t in explanation.rules] == [r.id for r in catalog.tier_rules()]
    classified = classify(profile, catalog)
    assert explanation.classification == classified
    fired = {t.rule.id for t in explanation.rules if t.fired}
    triggered = {r.id for r in classified.triggered_rules} - {"POL-LOW-DEFAULT"}
    assert fired == triggered
    for t in explanation.rules:
        assert t.fired is t.tree.holds
        assert t.decisive, t.rule.id
        assert all(text.strip() for text in t.decisive)


def test_decisive_facts_say_why_a_rule_fired_or_not(catalog, make_profile):
    explanation = explain(make_profile(decision_impact="significant", human_oversight="human_in_command"), catalog)
    by_id = {t.rule.id: t for t in explanation.rules}
    automated = by_id["POL-HIGH-AUTOMATED-SIGNIFICANT"]
    assert not automated.fired
    assert automated.decisive == ["human_oversight is human_in_command (needs human_out_of_the_loop)"]
    explanation = explain(make_profile(purposes=["medical_triage"]), catalog)
    medical = {t.rule.id: t for t in explanation.rules}["POL-HIGH-MEDICAL"]
    assert medical.fired
    assert medical.decisive == ["purposes include medical_triage"]


def test_tree_json_mirrors_the_trace(catalog, make_profile):
    explanation = explain(make_profile(generative=True, customer_facing=True), catalog)
    genai = {t.rule.id: t for t in explanation.rules}["POL-LIMITED-GENAI-TRANSPARENCY"]
    data = tree_json(genai.tree)
    assert data["holds"] is True and data["test"] == "all of:"
    assert [c["test"] for c in data["children"]] == ["generative is true", "any of:"]
    assert [c["holds"] for c in data["children"][1]["children"]] == [True, False]

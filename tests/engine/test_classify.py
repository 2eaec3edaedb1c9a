"""Classification: every default tier rule fires and just misses, roles, organisation policies, warnings,
determinism, the public acceptance scenarios and property-based checks over random manifests."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import uuid
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hkaigov.catalog.loader import load_catalog
from hkaigov.domain import enums as e
from hkaigov.domain.errors import InputError
from hkaigov.domain.profile import AISystemProfile
from hkaigov.engine.assess import assess
from hkaigov.engine.classify import NO_RULE_FIRED, classify
from hkaigov.engine.obligations import obligations

UNSET = "__unset__"  # same sentinel as tests/engine/conftest.py: leave the field out of the manifest

# (rule id, facts that make it fire, the one change that makes it just miss, tier when fired, tier when missed)
RULE_CASES: list[tuple[str, dict[str, Any], dict[str, Any], str, str]] = [
    (
        "POL-UNACCEPTABLE-MANIPULATION",
        {"purposes": ["behavioural_manipulation"]},
        {"purposes": ["marketing"]},
        "unacceptable",
        "low",
    ),
    (
        "POL-UNACCEPTABLE-DEEPFAKE-NO-CONSENT",
        {"purposes": ["synthetic_media"], "consent_of_depicted_people": False},
        {"consent_of_depicted_people": True},
        "unacceptable",
        "low",
    ),
    (
        "POL-UNACCEPTABLE-SOCIAL-SCORING",
        {"purposes": ["social_scoring"], "impact_areas": ["housing"]},
        {"impact_areas": ["reputation"]},
        "unacceptable",
        "low",
    ),
    (
        "POL-UNACCEPTABLE-SOCIAL-SCORING",
        {"purposes": ["social_scoring", "public_service_eligibility"]},
        {"purposes": ["social_scoring", "search"]},
        "unacceptable",
        "low",
    ),
    (
        "POL-UNACCEPTABLE-SOCIAL-SCORING",
        {"purposes": ["social_scoring"], "impact_areas": ["essential_services"]},
        {"purposes": ["recommendation"]},
        "unacceptable",
        "low",
    ),
    (
        "POL-HIGH-MEDICAL",
        {"purposes": ["medical_diagnosis"]},
        {"purposes": ["document_processing"]},
        "high",
        "low",
    ),
    ("POL-HIGH-MEDICAL", {"purposes": ["medical_triage"]}, {"purposes": ["translation"]}, "high", "low"),
    ("POL-HIGH-MEDICAL", {"medical_device": True}, {"medical_device": False}, "high", "low"),
    (
        "POL-HIGH-SAFETY-CRITICAL",
        {"decision_impact": "significant", "sector": "transport"},
        {"decision_impact": "minor"},
        "high",
        "low",
    ),
    (
        "POL-HIGH-SAFETY-CRITICAL",
        {"decision_impact": "significant", "impact_areas": ["safety"]},
        {"impact_areas": ["legal"]},
        "high",
        "low",
    ),
    (
        "POL-HIGH-SIGNIFICANT-DECISION",
        {"decision_impact": "significant", "purposes": ["credit_decision"]},
        {"decision_impact": "minor"},
        "high",
        "low",
    ),
    (
        "POL-HIGH-SIGNIFICANT-DECISION",
        {"decision_impact": "significant", "purposes": ["claims_decision"]},
        {"purposes": ["fraud_detection"]},
        "high",
        "low",
    ),
    (
        "POL-HIGH-SIGNIFICANT-DECISION",
        {"decision_impact": "significant", "purposes": ["recruitment"], "human_oversight": "human_out_of_the_loop"},
        {"human_oversight": "human_in_command"},
        "high",
        "limited",  # recruitment alone is still the limited tier
    ),
    (
        "POL-HIGH-AUTOMATED-SIGNIFICANT",
        {"decision_impact": "significant", "human_oversight": "human_out_of_the_loop"},
        {"decision_impact": "minor"},
        "high",
        "low",
    ),
    (
        "POL-HIGH-AUTOMATED-SIGNIFICANT",
        {"decision_impact": "significant", "human_oversight": "human_out_of_the_loop"},
        {"human_oversight": "human_in_the_loop"},
        "high",
        "low",
    ),
    (
        "POL-HIGH-SFC-INVESTMENT-ADVICE",
        {"sector": "securities", "generative": True, "purposes": ["investment_advice"]},
        {"sector": "banking"},
        "high",
        "low",
    ),
    (
        "POL-HIGH-SFC-INVESTMENT-ADVICE",
        {"sector": "securities", "generative": True, "purposes": ["investment_advice"]},
        {"generative": False},
        "high",
        "low",
    ),
    ("POL-LIMITED-RECRUITMENT-EDUCATION", {"purposes": ["recruitment"]}, {"purposes": ["search"]}, "limited", "low"),
    (
        "POL-LIMITED-RECRUITMENT-EDUCATION",
        {"purposes": ["education_assessment"]},
        {"purposes": ["translation"]},
        "limited",
        "low",
    ),
    (
        "POL-LIMITED-GENAI-TRANSPARENCY",
        {"generative": True, "customer_facing": True},
        {"generative": False},
        "limited",
        "low",
    ),
    (
        "POL-LIMITED-GENAI-TRANSPARENCY",
        {"generative": True, "customer_facing": True},
        {"customer_facing": False},
        "limited",
        "low",
    ),
    (
        "POL-LIMITED-GENAI-TRANSPARENCY",
        {"generative": True, "purposes": ["marketing"]},
        {"purposes": ["internal_productivity"]},
        "limited",
        "low",
    ),
    (
        "POL-LIMITED-SENSITIVE-DATA",
        {"processes_personal_data": True, "sensitive_data": ["health"]},
        {"sensitive_data": []},
        "limited",
        "low",
    ),
    (
        "POL-LIMITED-SENSITIVE-DATA",
        {"processes_personal_data": True, "sensitive_data": ["biometric", "children"]},
        {"processes_personal_data": False},
        "limited",
        "low",
    ),
]
CASE_IDS = [f"{rule}-{i}" for i, (rule, *_rest) in enumerate(RULE_CASES)]


def _ids(result: Any) -> list[str]:
    return [r.id for r in result.triggered_rules]


def test_rule_table_covers_every_rule_of_the_default_policy(catalog):
    assert {case[0] for case in RULE_CASES} == {r.id for r in catalog.policy.rules}


@pytest.mark.parametrize(("rule_id", "fire", "miss", "tier", "missed_tier"), RULE_CASES, ids=CASE_IDS)
def test_rule_fires_on_its_facts(catalog, make_profile, rule_id, fire, miss, tier, missed_tier):
    result = classify(make_profile(fire), catalog)
    assert rule_id in _ids(result)
    assert result.tier == e.RiskTier(tier)
    assert "POL-LOW-DEFAULT" not in _ids(result)


@pytest.mark.parametrize(("rule_id", "fire", "miss", "tier", "missed_tier"), RULE_CASES, ids=CASE_IDS)
def test_rule_just_misses_when_one_fact_changes(catalog, make_profile, rule_id, fire, miss, tier, missed_tier):
    assert len(miss) == 1
    result = classify(make_profile({**fire, **miss}), catalog)
    assert rule_id not in _ids(result)
    assert result.tier == e.RiskTier(missed_tier)


@pytest.mark.parametrize(("rule_id", "fire", "miss", "tier", "missed_tier"), RULE_CASES, ids=CASE_IDS)
def test_triggered_rule_carries_citation_reasons_and_matched_facts(
    catalog, make_profile, rule_id, fire, miss, tier, missed_tier
):
    result = classify(make_profile(fire), catalog)
    for rule in result.triggered_rules:
        assert rule.citation.strip()
        assert rule.reason.en.strip()
        assert rule.reason.zh_hant and rule.reason.zh_hant.strip()
        assert rule.matched, rule.id
        assert rule.refs and all(ref.startswith("R-POL-") for ref in rule.refs)
        assert rule.source == "policy/default.yaml"
    fired = next(r for r in result.triggered_rules if r.id == rule_id)
    # the matched facts name at least one of the fields the case sets
    assert any(field in text for text in fired.matched for field in fire)


def test_low_default_is_the_only_rule_when_nothing_fires(catalog, make_profile):
    result = classify(make_profile(), catalog)
    assert result.tier is e.RiskTier.LOW
    assert _ids(result) == ["POL-LOW-DEFAULT"]
    fallback = result.triggered_rules[0]
    assert fallback.matched == (NO_RULE_FIRED,)
    assert fallback.tier is e.RiskTier.LOW
    assert fallback.citation and fallback.reason.en and fallback.reason.zh_hant
    assert fallback.refs == ("R-POL-012",)


def test_highest_tier_wins_and_rules_are_listed_highest_first(catalog, make_profile):
    profile = make_profile(
        purposes=["behavioural_manipulation", "credit_decision", "recruitment"],
        decision_impact="significant",
        human_oversight="human_out_of_the_loop",
        generative=True,
        customer_facing=True,
        processes_personal_data=True,
        sensitive_data=["financial"],
    )
    result = classify(profile, catalog)
    assert result.tier is e.RiskTier.UNACCEPTABLE
    ids = _ids(result)
    assert ids == [
        "POL-UNACCEPTABLE-MANIPULATION",
        "POL-HIGH-SIGNIFICANT-DECISION",
        "POL-HIGH-AUTOMATED-SIGNIFICANT",
        "POL-LIMITED-RECRUITMENT-EDUCATION",
        "POL-LIMITED-GENAI-TRANSPARENCY",
        "POL-LIMITED-SENSITIVE-DATA",
    ]
    ranks = [r.tier.rank for r in result.triggered_rules]
    assert ranks == sorted(ranks, reverse=True)


def test_limited_and_high_together_give_high(catalog, make_profile):
    result = classify(make_profile(purposes=["medical_triage", "recruitment"]), catalog)
    assert result.tier is e.RiskTier.HIGH
    assert _ids(result) == ["POL-HIGH-MEDICAL", "POL-LIMITED-RECRUITMENT-EDUCATION"]


# --- roles ------------------------------------------------------------------------------------------------

ROLE_RULE = {
    e.Role.TECHNOLOGY_DEVELOPER: ("POL-ROLE-DEVELOPER", "develops"),
    e.Role.SERVICE_PROVIDER: ("POL-ROLE-PROVIDER", "provides"),
    e.Role.SERVICE_USER: ("POL-ROLE-USER", "uses"),
}
ACTIVITY_COMBOS = [
    list(combo) for n in (1, 2, 3) for combo in itertools.combinations(["develops", "provides", "uses"], n)
]


@pytest.mark.parametrize("activities", ACTIVITY_COMBOS, ids=["+".join(c) for c in ACTIVITY_COMBOS])
def test_roles_follow_activities_in_guideline_order(catalog, make_profile, activities):
    expected = [role for role, (_rule, act) in ROLE_RULE.items() if act in activities]
    # the manifest order of activities must not change the role order
    result = classify(make_profile(activities=list(reversed(activities))), catalog)
    assert list(result.roles) == expected
    assert [a.role for a in result.role_assignments] == expected
    for assignment in result.role_assignments:
        rule_id, activity = ROLE_RULE[assignment.role]
        assert assignment.rule_id == rule_id
        assert assignment.activity == activity
        assert assignment.citation.startswith("DPO Guideline Background")
        assert assignment.reason.en and assignment.reason.zh_hant


def test_seven_activity_combinations_are_tested():
    assert len(ACTIVITY_COMBOS) == 7
    assert len({tuple(c) for c in ACTIVITY_COMBOS}) == 7


# --- organisation policies ---------------------------------------------------------------------------------


def _policy_file(tmp_path: Path, rules: list[dict[str, Any]], name: str = "org-policy.yaml") -> Path:
    doc = {"id": "org-policy", "title": {"en": "Organisation policy", "zh-Hant": "機構政策"}, "rules": rules}
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _rule(rule_id: str, tier: str, when: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": rule_id,
        "tier": tier,
        "basis": "interpretation",
        "citation": "Organisation AI policy §4.2",
        "reason": {"en": "Our own stricter rule.", "zh-Hant": "本機構較嚴格的規則。"},
        "when": when,
    }


def test_organisation_policy_can_raise_a_tier(tmp_path, make_profile):
    path = _policy_file(tmp_path, [_rule("ORG-HIGH-GENAI", "high", {"generative": True})])
    stricter = load_catalog(None, (path,))
    profile = make_profile(generative=True)
    assert classify(profile, load_catalog()).tier is e.RiskTier.LOW
    result = classify(profile, stricter)
    assert result.tier is e.RiskTier.HIGH
    assert _ids(result) == ["ORG-HIGH-GENAI"]
    assert result.triggered_rules[0].source.endswith("org-policy.yaml")
    # a system the rule does not match keeps its tier
    assert classify(make_profile(), stricter).tier is e.RiskTier.LOW


def test_organisation_rule_with_tier_low_never_lowers_a_tier(tmp_path, make_profile):
    # fires for every system: sector is always declared
    path = _policy_file(tmp_path, [_rule("ORG-LOW-ALL", "low", {"sector": {"declared": True}})])
    lenient = load_catalog(None, (path,))
    default = load_catalog()
    for _rule_id, fire, _miss, tier, _missed in RULE_CASES:
        profile = make_profile(fire)
        result = classify(profile, lenient)
        assert result.tier == e.RiskTier(tier) == classify(profile, default).tier
        assert "ORG-LOW-ALL" in _ids(result)
        assert _ids(result)[-1] == "ORG-LOW-ALL"  # listed after every higher rule
    low = classify(make_profile(), lenient)
    assert low.tier is e.RiskTier.LOW


def test_organisation_policy_reusing_a_default_rule_id_is_an_input_error(tmp_path):
    path = _policy_file(tmp_path, [_rule("POL-HIGH-MEDICAL", "low", {"generative": True})])
    with pytest.raises(InputError) as info:
        load_catalog(None, (path,))
    assert any("POL-HIGH-MEDICAL" in p and "org-policy.yaml" in p for p in info.value.problems)


# --- warnings ----------------------------------------------------------------------------------------------


def test_missing_fact_that_alone_blocks_a_higher_rule_gets_a_warning(catalog, make_profile):
    profile = make_profile(decision_impact=UNSET, human_oversight="human_out_of_the_loop")
    result = classify(profile, catalog)
    assert result.tier is e.RiskTier.LOW
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    assert warning.startswith("decision_impact not declared")
    assert "POL-HIGH-AUTOMATED-SIGNIFICANT" in warning


def test_undeclared_consent_for_synthetic_media_warns_about_the_deepfake_rule(catalog, make_profile):
    result = classify(make_profile(purposes=["synthetic_media"], consent_of_depicted_people=UNSET), catalog)
    assert result.tier is e.RiskTier.LOW
    assert any(
        "consent_of_depicted_people" in w and "POL-UNACCEPTABLE-DEEPFAKE-NO-CONSENT" in w for w in result.warnings
    )


def test_no_warning_for_a_rule_at_or_below_the_tier_already_reached(catalog, make_profile):
    # high via the medical rule; an undeclared customer_facing could only add a limited rule
    result = classify(make_profile(purposes=["medical_diagnosis"], generative=True, customer_facing=UNSET), catalog)
    assert result.tier is e.RiskTier.HIGH
    assert result.warnings == ()


def test_fully_declared_manifest_gets_no_warnings(catalog, make_profile):
    assert classify(make_profile(), catalog).warnings == ()
    for _rule_id, fire, miss, _tier, _missed in RULE_CASES:
        assert classify(make_profile(fire), catalog).warnings == ()
        assert classify(make_profile({**fire, **miss}), catalog).warnings == ()


def test_undeclared_medical_device_warns_even_when_purposes_are_declared(catalog, make_profile):
    result = classify(make_profile(purposes=["document_processing"], medical_device=UNSET), catalog)
    assert result.tier is e.RiskTier.LOW
    assert any("medical_device" in w and "POL-HIGH-MEDICAL" in w for w in result.warnings)


def test_warnings_do_not_depend_on_a_previously_classified_catalog(tmp_path, make_profile):
    rule_id = "ORG-PROBE-" + uuid.uuid4().hex[:8].upper()
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    a_dir.mkdir()
    b_dir.mkdir()
    # A: blocked only by the undeclared medical_device -> a warning is right
    path_a = _policy_file(a_dir, [_rule(rule_id, "high", {"all": [{"medical_device": True}, {"generative": False}]})])
    # B: also needs generative: true, which the manifest declares false -> no warning is right
    path_b = _policy_file(b_dir, [_rule(rule_id, "high", {"all": [{"medical_device": True}, {"generative": True}]})])
    profile = make_profile(medical_device=UNSET)
    with_a = classify(profile, load_catalog(None, (path_a,)))
    assert any(rule_id in w for w in with_a.warnings)
    with_b = classify(profile, load_catalog(None, (path_b,)))
    assert not any(rule_id in w for w in with_b.warnings)


# --- determinism -------------------------------------------------------------------------------------------


def test_classify_twice_gives_equal_results(catalog, make_profile):
    profile = make_profile(purposes=["credit_decision"], decision_impact="significant", activities=["develops"])
    first, second = classify(profile, catalog), classify(profile, catalog)
    assert first == second
    assert classify(make_profile(purposes=["credit_decision"], decision_impact="significant"), catalog) != first


def test_profile_digest_is_stable_and_changes_with_any_field(catalog, make_profile):
    one = classify(make_profile(), catalog).profile_digest
    two = classify(make_profile(), catalog).profile_digest
    assert one == two == make_profile().digest()
    assert one.startswith("sha256:") and len(one) == len("sha256:") + 64
    for change in (
        {"name": "Another name"},
        {"description": "now with a description"},
        {"vendors": ["Vendor Ltd"]},
        {"customer_facing": True},
        {"next_review": "2027-01-01"},
    ):
        assert make_profile(change).digest() != one, change


def test_result_records_system_name_and_catalog_version(catalog, make_profile):
    result = classify(make_profile(id="my-system", name="My system"), catalog)
    assert (result.system, result.name) == ("my-system", "My system")
    assert result.catalog_version == catalog.version


# --- the public acceptance scenarios -----------------------------------------------------------------------

ACCEPTANCE = Path("/work/shared/acceptance/data")


def _acceptance_rows() -> list[tuple[str, str, str]]:
    tsv = ACCEPTANCE / "expected-tiers.tsv"
    if not (ACCEPTANCE / "manifests").is_dir() or not tsv.is_file():
        return []
    with tsv.open(encoding="utf-8") as handle:
        return [(row[0], row[1], row[2]) for row in csv.reader(handle, delimiter="\t") if row]


ACCEPTANCE_ROWS = _acceptance_rows()


@pytest.mark.skipif(not ACCEPTANCE_ROWS, reason="no public acceptance data on this machine")
@pytest.mark.parametrize(("manifest", "tier", "roles"), ACCEPTANCE_ROWS or [("none", "", "")])
def test_public_scenario_gets_expected_tier_and_roles(catalog, manifest, tier, roles):
    from hkaigov.io.manifests import load_manifest

    profile = load_manifest(ACCEPTANCE / "manifests" / manifest)
    result = classify(profile, catalog)
    assert result.tier == e.RiskTier(tier)
    assert sorted(r.value for r in result.roles) == sorted(roles.split(","))


@pytest.mark.skipif(not ACCEPTANCE_ROWS, reason="no public acceptance data on this machine")
def test_all_six_public_scenarios_are_listed():
    assert len(ACCEPTANCE_ROWS) == 6
    assert {row[0] for row in ACCEPTANCE_ROWS} == {p.name for p in (ACCEPTANCE / "manifests").glob("*.yaml")}


# --- properties over random manifests ----------------------------------------------------------------------


def _enum_list(enum: type[Any]) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from([m.value for m in enum]), max_size=4)


_FLAG = st.sampled_from([UNSET, None, True, False])
_SCALARS = {
    "lifecycle_stage": e.LifecycleStage,
    "decision_impact": e.DecisionImpact,
    "human_oversight": e.HumanOversight,
}
_LISTS = {
    "modalities": e.Modality,
    "purposes": e.Purpose,
    "affected_people": e.AffectedGroup,
    "impact_areas": e.ImpactArea,
    "sensitive_data": e.SensitiveData,
}
_FLAGS = (
    "generative",
    "customer_facing",
    "processes_personal_data",
    "cross_border_transfer",
    "medical_device",
    "continuous_learning",
    "consent_of_depicted_people",
)
_SOME_CONTROLS = ["POL-LOW-01", "POL-HIGH-01", "POL-LIMITED-01", "PCPDMF-STRAT-01", "PCPDMF-RISK-01", "ZZZ-NOPE-01"]


@st.composite
def manifests(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "random-system",
        "name": "Random system",
        "sector": draw(st.sampled_from([s.value for s in e.Sector])),
        "activities": draw(st.lists(st.sampled_from([a.value for a in e.Activity]), min_size=1, max_size=4)),
    }
    for name, enum in _SCALARS.items():
        value = draw(st.sampled_from([UNSET, None, *[m.value for m in enum]]))
        if value is not UNSET:
            data[name] = value
    for name, enum in _LISTS.items():
        if draw(st.booleans()):
            data[name] = draw(_enum_list(enum))
    for name in _FLAGS:
        value = draw(_FLAG)
        if value is not UNSET:
            data[name] = value
    for name in ("vendors", "data_sources"):
        if draw(st.booleans()):
            data[name] = draw(st.lists(st.sampled_from(["A Ltd", "B Ltd", "crm"]), max_size=2))
    accesses = draw(st.lists(st.sampled_from([m.value for m in e.ModelAccess]), max_size=2))
    if accesses:
        data["third_party_models"] = [{"provider": "P", "model": f"m{i}", "access": a} for i, a in enumerate(accesses)]
    evidence_ids = draw(st.lists(st.sampled_from(_SOME_CONTROLS), max_size=3, unique=True))
    if evidence_ids:
        data["evidence"] = {
            cid: {
                "status": draw(st.sampled_from([s.value for s in e.EvidenceStatus])),
                "date": draw(st.one_of(st.none(), st.dates(dt.date(2020, 1, 1), dt.date(2027, 12, 31)))),
                "note": draw(st.sampled_from([None, "", "reviewed"])),
            }
            for cid in evidence_ids
        }
    if draw(st.booleans()):
        data["next_review"] = draw(st.dates(dt.date(2024, 1, 1), dt.date(2030, 12, 31)))
    return data


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(manifests())
def test_random_manifests_always_classify_assess_and_keep_the_highest_tier(catalog, data):
    profile = AISystemProfile.model_validate(data)
    result = classify(profile, catalog)
    assert isinstance(result.tier, e.RiskTier)
    assert len(result.roles) >= 1
    assert result.triggered_rules
    assert result.tier.rank == max(r.tier.rank for r in result.triggered_rules)
    ranks = [r.tier.rank for r in result.triggered_rules]
    assert ranks == sorted(ranks, reverse=True)
    assert ("POL-LOW-DEFAULT" in _ids(result)) == (_ids(result) == ["POL-LOW-DEFAULT"])
    applicable = obligations(profile, result, catalog)
    assert applicable and all(item.why for item in applicable)
    assessment = assess(profile, result, applicable, catalog, as_of=dt.date(2026, 6, 30))
    assert assessment.tier is result.tier
    assert [f.control for f in assessment.findings] == [a.control.id for a in applicable]
    assert 0.0 <= assessment.score <= 100.0
    assert assessment.next_review is not None

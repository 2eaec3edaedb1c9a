"""The condition language: parsing, every operator on every field kind, undeclared values, explanations,
and the grouped, memoised ConditionSet agreeing with direct evaluation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hkaigov.domain import enums as e
from hkaigov.domain.conditions import (
    OBLIGATION_CONDITION_FIELDS,
    PROFILE_CONDITION_FIELDS,
    AllOf,
    AnyOf,
    ConditionError,
    FieldKind,
    Leaf,
    NotOf,
    condition_fields,
    condition_to_data,
    parse_condition,
)
from hkaigov.domain.profile import AISystemProfile
from hkaigov.engine.conditions import (
    ConditionSet,
    compile_condition,
    failures,
    profile_facts,
    reasons,
    trace,
)

UNSET = "__unset__"


@pytest.fixture
def facts_of(make_profile):
    def build(changes: dict[str, Any] | None = None, tier: str | None = None, **more: Any) -> dict[str, Any]:
        return profile_facts(make_profile(changes, **more), tier)

    return build


def holds(raw: Any, facts: dict[str, Any]) -> bool:
    return compile_condition(parse_condition(raw, OBLIGATION_CONDITION_FIELDS))(facts)


# --- scalar fields -----------------------------------------------------------------------------------------


def test_bare_value_on_scalar_field_means_equals(facts_of):
    banking = facts_of(sector="banking")
    assert parse_condition({"sector": "banking"}, PROFILE_CONDITION_FIELDS) == Leaf("sector", "equals", "banking")
    assert holds({"sector": "banking"}, banking)
    assert not holds({"sector": "retail"}, banking)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"sector": {"equals": "banking"}}, True),
        ({"sector": {"equals": "insurance"}}, False),
        ({"sector": {"not_equals": "banking"}}, False),
        ({"sector": {"not_equals": "insurance"}}, True),
        ({"sector": {"in": ["insurance", "banking"]}}, True),
        ({"sector": {"in": ["insurance", "securities"]}}, False),
        ({"sector": {"not_in": ["insurance", "banking"]}}, False),
        ({"sector": {"not_in": ["insurance", "securities"]}}, True),
        ({"sector": {"declared": True}}, True),
        ({"sector": {"declared": False}}, False),
        ({"human_oversight": "human_in_the_loop"}, True),
        ({"human_oversight": {"in": ["human_in_command", "human_out_of_the_loop"]}}, False),
    ],
)
def test_scalar_operators(facts_of, raw, expected):
    assert holds(raw, facts_of(sector="banking")) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"decision_impact": "none"}, False),
        ({"decision_impact": {"equals": "significant"}}, False),
        ({"decision_impact": {"not_equals": "significant"}}, True),
        ({"decision_impact": {"in": ["none", "minor", "significant"]}}, False),
        ({"decision_impact": {"not_in": ["none", "minor", "significant"]}}, True),
        ({"decision_impact": {"at_least": "none"}}, False),
        ({"decision_impact": {"at_most": "significant"}}, False),
        ({"decision_impact": {"declared": True}}, False),
        ({"decision_impact": {"declared": False}}, True),
        ({"lifecycle_stage": {"at_least": "planning"}}, False),
        ({"lifecycle_stage": {"at_most": "retirement"}}, False),
        ({"lifecycle_stage": {"declared": False}}, True),
    ],
)
def test_undeclared_scalar_never_equals_is_never_in_and_never_ranks(facts_of, raw, expected):
    facts = facts_of(decision_impact=UNSET, lifecycle_stage=UNSET)
    assert facts["decision_impact"] is None and facts["lifecycle_stage"] is None
    assert holds(raw, facts) is expected


ORDERED = {
    "decision_impact": [m.value for m in e.DecisionImpact],
    "lifecycle_stage": [m.value for m in e.LifecycleStage],
}


@pytest.mark.parametrize("field", sorted(ORDERED))
def test_at_least_and_at_most_follow_the_declared_order(facts_of, field):
    order = ORDERED[field]
    for i, value in enumerate(order):
        facts = facts_of({field: value})
        for j, bound in enumerate(order):
            assert holds({field: {"at_least": bound}}, facts) is (i >= j), (value, bound)
            assert holds({field: {"at_most": bound}}, facts) is (i <= j), (value, bound)


def test_lifecycle_order_is_planning_to_retirement(facts_of):
    assert holds({"lifecycle_stage": {"at_least": "deployment"}}, facts_of(lifecycle_stage="operation"))
    assert not holds({"lifecycle_stage": {"at_least": "deployment"}}, facts_of(lifecycle_stage="testing"))
    assert holds({"lifecycle_stage": {"at_most": "design"}}, facts_of(lifecycle_stage="planning"))
    assert not holds({"lifecycle_stage": {"at_most": "design"}}, facts_of(lifecycle_stage="retirement"))


def test_tier_ranks_low_limited_high_unacceptable(facts_of):
    order = ["low", "limited", "high", "unacceptable"]
    for i, tier in enumerate(order):
        facts = facts_of(tier=tier)
        for j, bound in enumerate(order):
            assert holds({"tier": {"at_least": bound}}, facts) is (i >= j), (tier, bound)
            assert holds({"tier": {"at_most": bound}}, facts) is (i <= j), (tier, bound)
        assert holds({"tier": tier}, facts)
        assert holds({"tier": {"declared": True}}, facts)


def test_tier_without_a_classification_is_undeclared(facts_of):
    facts = facts_of()  # no tier passed: as while tier rules run
    assert not holds({"tier": {"at_least": "low"}}, facts)
    assert not holds({"tier": "low"}, facts)
    assert holds({"tier": {"declared": False}}, facts)


# --- list fields -------------------------------------------------------------------------------------------


def test_bare_value_on_list_field_means_contains(facts_of):
    assert parse_condition({"purposes": "marketing"}, PROFILE_CONDITION_FIELDS) == Leaf(
        "purposes", "contains", "marketing"
    )
    facts = facts_of(purposes=["marketing", "search"])
    assert holds({"purposes": "marketing"}, facts)
    assert not holds({"purposes": "trading"}, facts)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"purposes": {"contains": "search"}}, True),
        ({"purposes": {"contains": "trading"}}, False),
        ({"purposes": {"any_of": ["trading", "search"]}}, True),
        ({"purposes": {"any_of": ["trading", "recruitment"]}}, False),
        ({"purposes": {"all_of": ["marketing", "search"]}}, True),
        ({"purposes": {"all_of": ["marketing", "trading"]}}, False),
        ({"purposes": {"none_of": ["trading", "recruitment"]}}, True),
        ({"purposes": {"none_of": ["trading", "search"]}}, False),
        ({"purposes": {"empty": False}}, True),
        ({"purposes": {"empty": True}}, False),
        ({"purposes": {"declared": True}}, True),
        ({"purposes": {"declared": False}}, False),
    ],
)
def test_list_operators(facts_of, raw, expected):
    assert holds(raw, facts_of(purposes=["marketing", "search"])) is expected


def test_empty_list_declared_versus_left_out(facts_of):
    stated = facts_of(modalities=[])
    omitted = facts_of(modalities=UNSET)
    for facts in (stated, omitted):
        assert holds({"modalities": {"empty": True}}, facts)
        assert not holds({"modalities": {"any_of": ["text", "image"]}}, facts)
        assert holds({"modalities": {"none_of": ["text"]}}, facts)
    assert holds({"modalities": {"declared": True}}, stated)
    assert holds({"modalities": {"declared": False}}, omitted)


def test_roles_are_derived_from_activities(facts_of):
    facts = facts_of(activities=["provides", "develops"])
    assert holds({"roles": {"all_of": ["technology_developer", "service_provider"]}}, facts)
    assert not holds({"roles": "service_user"}, facts)
    assert holds({"roles": {"none_of": ["service_user"]}}, facts)
    assert holds({"roles": {"declared": True}}, facts)


def test_third_party_access_is_derived_from_the_models(facts_of):
    models = [
        {"provider": "A", "model": "a1", "access": "weights"},
        {"provider": "B", "model": "b1"},  # access defaults to api
    ]
    facts = facts_of(third_party_models=models)
    assert holds({"third_party_access": {"all_of": ["api", "weights"]}}, facts)
    assert not holds({"third_party_access": "embedded"}, facts)
    assert holds({"third_party_access": {"empty": True}}, facts_of())


# --- bool fields -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "raw", "expected"),
    [
        (True, {"customer_facing": True}, True),
        (True, {"customer_facing": False}, False),
        (False, {"customer_facing": False}, True),
        (False, {"customer_facing": True}, False),
        (True, {"customer_facing": {"equals": True}}, True),
        (True, {"customer_facing": {"not_equals": True}}, False),
        (False, {"customer_facing": {"not_equals": True}}, True),
        (False, {"customer_facing": {"declared": True}}, True),
        (UNSET, {"customer_facing": True}, False),
        (UNSET, {"customer_facing": False}, False),
        (UNSET, {"customer_facing": {"equals": False}}, False),
        (UNSET, {"customer_facing": {"not_equals": True}}, True),
        (UNSET, {"customer_facing": {"not_equals": False}}, True),
        (UNSET, {"customer_facing": {"declared": False}}, True),
        (UNSET, {"customer_facing": {"declared": True}}, False),
        (None, {"customer_facing": False}, False),
        (None, {"customer_facing": {"declared": False}}, True),
    ],
)
def test_bool_operators_and_undeclared_flags(facts_of, value, raw, expected):
    assert holds(raw, facts_of(customer_facing=value)) is expected


def test_undeclared_flag_is_neither_true_nor_false_nor_its_negation(facts_of):
    facts = facts_of(medical_device=UNSET)
    assert not holds({"medical_device": True}, facts)
    assert not holds({"medical_device": False}, facts)
    assert holds({"not": {"medical_device": True}}, facts)
    assert holds({"not": {"medical_device": False}}, facts)


# --- text lists and presence -------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["vendors", "data_sources", "third_party_models"])
def test_text_list_fields_support_empty_and_declared(facts_of, field):
    value: Any = [{"provider": "P", "model": "m"}] if field == "third_party_models" else ["Vendor Ltd"]
    full, empty, omitted = facts_of({field: value}), facts_of({field: []}), facts_of({field: UNSET})
    assert holds({field: {"empty": False}}, full) and not holds({field: {"empty": True}}, full)
    assert holds({field: {"empty": True}}, empty) and holds({field: {"empty": True}}, omitted)
    assert holds({field: {"declared": True}}, empty)
    assert holds({field: {"declared": False}}, omitted)
    assert not holds({field: {"declared": True}}, omitted)


def test_next_review_supports_declared_only(facts_of):
    assert holds({"next_review": {"declared": True}}, facts_of(next_review=dt.date(2027, 1, 1)))
    assert holds({"next_review": {"declared": False}}, facts_of())
    assert not holds({"next_review": {"declared": True}}, facts_of())


# --- composition -------------------------------------------------------------------------------------------


def test_nested_all_any_not(facts_of):
    raw = {
        "all": [
            {"sector": {"in": ["banking", "securities"]}},
            {"any": [{"generative": True}, {"purposes": "credit_decision"}]},
            {"not": {"customer_facing": True}},
        ]
    }
    assert holds(raw, facts_of(sector="banking", generative=True))
    assert holds(raw, facts_of(sector="securities", purposes=["credit_decision"]))
    assert not holds(raw, facts_of(sector="banking"))  # neither branch of `any`
    assert not holds(raw, facts_of(sector="retail", generative=True))
    assert not holds(raw, facts_of(sector="banking", generative=True, customer_facing=True))
    assert holds({"not": {"not": {"sector": "banking"}}}, facts_of(sector="banking"))


def test_multi_key_mapping_means_all_of_them(facts_of):
    parsed = parse_condition({"sector": "banking", "generative": True}, PROFILE_CONDITION_FIELDS)
    assert parsed == AllOf((Leaf("sector", "equals", "banking"), Leaf("generative", "equals", True)))
    raw = {"sector": "banking", "generative": True}
    assert holds(raw, facts_of(sector="banking", generative=True))
    assert not holds(raw, facts_of(sector="banking", generative=False))
    assert not holds(raw, facts_of(sector="retail", generative=True))


def test_parse_builds_the_expected_tree_and_round_trips():
    raw = {"any": [{"purposes": {"any_of": ["trading", "search"]}}, {"not": {"generative": True}}]}
    parsed = parse_condition(raw, PROFILE_CONDITION_FIELDS)
    assert parsed == AnyOf(
        (Leaf("purposes", "any_of", ("trading", "search")), NotOf(Leaf("generative", "equals", True)))
    )
    assert condition_fields(parsed) == {"purposes", "generative"}
    assert parse_condition(condition_to_data(parsed), PROFILE_CONDITION_FIELDS) == parsed


# --- explanations ------------------------------------------------------------------------------------------


def test_reasons_name_the_facts_that_made_a_condition_hold(facts_of):
    raw = {"all": [{"decision_impact": "significant"}, {"human_oversight": "human_out_of_the_loop"}]}
    node = trace(
        parse_condition(raw, PROFILE_CONDITION_FIELDS),
        facts_of(decision_impact="significant", human_oversight="human_out_of_the_loop"),
    )
    assert node.holds
    assert reasons(node) == ["decision_impact is significant", "human_oversight is human_out_of_the_loop"]


def test_failures_name_the_fact_that_stopped_it_and_what_was_needed(facts_of):
    raw = {"all": [{"decision_impact": "significant"}, {"human_oversight": "human_out_of_the_loop"}]}
    node = trace(parse_condition(raw, PROFILE_CONDITION_FIELDS), facts_of(decision_impact="significant"))
    assert not node.holds
    assert failures(node) == ["human_oversight is human_in_the_loop (needs human_out_of_the_loop)"]


def test_failure_of_an_undeclared_flag_says_not_declared(facts_of):
    node = trace(parse_condition({"medical_device": True}, PROFILE_CONDITION_FIELDS), facts_of(medical_device=UNSET))
    assert failures(node) == ["medical_device is not declared (needs true)"]


def test_reasons_for_list_and_ordered_operators(facts_of):
    facts = facts_of(purposes=["marketing", "search"], decision_impact="significant")
    node = trace(parse_condition({"purposes": {"any_of": ["search", "trading"]}}, PROFILE_CONDITION_FIELDS), facts)
    assert reasons(node) == ["purposes include search"]
    node = trace(parse_condition({"purposes": {"all_of": ["search", "trading"]}}, PROFILE_CONDITION_FIELDS), facts)
    assert failures(node) == ["purposes (marketing, search) lack trading"]
    node = trace(parse_condition({"decision_impact": {"at_least": "minor"}}, PROFILE_CONDITION_FIELDS), facts)
    assert reasons(node) == ["decision_impact is significant (is at least minor)"]
    node = trace(parse_condition({"sensitive_data": {"empty": False}}, PROFILE_CONDITION_FIELDS), facts)
    assert failures(node) == ["sensitive_data is empty (needs not empty)"]


def test_reasons_under_not_explain_the_negated_failure(facts_of):
    node = trace(parse_condition({"not": {"sector": "banking"}}, PROFILE_CONDITION_FIELDS), facts_of(sector="retail"))
    assert node.holds
    assert reasons(node) == ["not (sector is retail (needs banking))"]
    node = trace(parse_condition({"not": {"sector": "banking"}}, PROFILE_CONDITION_FIELDS), facts_of(sector="banking"))
    assert failures(node) == ["not (sector is banking)"]


def test_any_reasons_list_only_the_branches_that_held(facts_of):
    raw = {"any": [{"generative": True}, {"customer_facing": True}, {"sector": "banking"}]}
    node = trace(parse_condition(raw, PROFILE_CONDITION_FIELDS), facts_of(customer_facing=True, sector="banking"))
    assert reasons(node) == ["customer_facing is true", "sector is banking"]


# --- parse errors ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "fields", "message", "path"),
    [
        ({"sectr": "banking"}, PROFILE_CONDITION_FIELDS, "unknown field 'sectr'", ("sectr",)),
        ({"tier": "high"}, PROFILE_CONDITION_FIELDS, "unknown field 'tier'", ("tier",)),
        ({"sector": {"like": "banking"}}, PROFILE_CONDITION_FIELDS, "operator 'like'", ("sector",)),
        ({"sector": {"contains": "banking"}}, PROFILE_CONDITION_FIELDS, "operator 'contains'", ("sector",)),
        ({"purposes": {"equals": "search"}}, PROFILE_CONDITION_FIELDS, "operator 'equals'", ("purposes",)),
        ({"generative": {"in": [True]}}, PROFILE_CONDITION_FIELDS, "operator 'in'", ("generative",)),
        ({"vendors": {"contains": "A Ltd"}}, PROFILE_CONDITION_FIELDS, "operator 'contains'", ("vendors",)),
        ({"vendors": "A Ltd"}, PROFILE_CONDITION_FIELDS, "operator 'equals'", ("vendors",)),
        ({"next_review": {"empty": True}}, PROFILE_CONDITION_FIELDS, "operator 'empty'", ("next_review",)),
        ({"sector": {"at_least": "banking"}}, PROFILE_CONDITION_FIELDS, "not ordered", ("sector",)),
        ({"sector": "fintech"}, PROFILE_CONDITION_FIELDS, "'fintech' is not a value of 'sector'", ("sector",)),
        (
            {"purposes": {"any_of": ["search", "astrology"]}},
            PROFILE_CONDITION_FIELDS,
            "'astrology' is not a value of 'purposes'",
            ("purposes",),
        ),
        ({"tier": {"at_least": "severe"}}, OBLIGATION_CONDITION_FIELDS, "'severe' is not a value of 'tier'", ("tier",)),
        ({"all": []}, PROFILE_CONDITION_FIELDS, "'all' needs a non-empty list", ("all",)),
        ({"any": []}, PROFILE_CONDITION_FIELDS, "'any' needs a non-empty list", ("any",)),
        ({"all": {"sector": "banking"}}, PROFILE_CONDITION_FIELDS, "'all' needs a non-empty list", ("all",)),
        ({}, PROFILE_CONDITION_FIELDS, "non-empty mapping", ()),
        ({"not": []}, PROFILE_CONDITION_FIELDS, "non-empty mapping", ("not",)),
        ({"sector": {"equals": "banking", "in": ["retail"]}}, PROFILE_CONDITION_FIELDS, "exactly one", ("sector",)),
        ({"generative": "yes"}, PROFILE_CONDITION_FIELDS, "needs true or false", ("generative",)),
        ({"purposes": {"empty": "no"}}, PROFILE_CONDITION_FIELDS, "needs true or false", ("purposes",)),
        ({"sector": {"in": "banking"}}, PROFILE_CONDITION_FIELDS, "needs a non-empty list", ("sector",)),
        ({"sector": {"in": []}}, PROFILE_CONDITION_FIELDS, "needs a non-empty list", ("sector",)),
        ({"sector": True}, PROFILE_CONDITION_FIELDS, "needs a value name", ("sector",)),
        (
            {"all": [{"sector": "banking"}, {"any": [{"generative": True}, {"sectr": "x"}]}]},
            PROFILE_CONDITION_FIELDS,
            "unknown field 'sectr'",
            ("all", 1, "any", 1, "sectr"),
        ),
    ],
)
def test_parse_errors(raw, fields, message, path):
    with pytest.raises(ConditionError) as info:
        parse_condition(raw, fields)
    assert message in str(info.value)
    assert info.value.path == path


def test_tier_is_allowed_in_obligation_conditions_only():
    assert "tier" not in PROFILE_CONDITION_FIELDS
    assert parse_condition({"tier": {"at_least": "limited"}}, OBLIGATION_CONDITION_FIELDS) == Leaf(
        "tier", "at_least", "limited"
    )


def test_field_kinds_match_the_manifest():
    kinds = {name: spec.kind for name, spec in OBLIGATION_CONDITION_FIELDS.items()}
    assert kinds["sector"] is FieldKind.SCALAR
    assert kinds["purposes"] is FieldKind.LIST
    assert kinds["roles"] is FieldKind.LIST
    assert kinds["customer_facing"] is FieldKind.BOOL
    assert kinds["vendors"] is FieldKind.TEXT_LIST
    assert kinds["next_review"] is FieldKind.PRESENCE
    assert kinds["tier"] is FieldKind.SCALAR


# --- ConditionSet agrees with direct evaluation ------------------------------------------------------------

_VALUES = {
    name: [str(m.value) for m in spec.values] for name, spec in OBLIGATION_CONDITION_FIELDS.items() if spec.values
}
_OPS = {
    FieldKind.SCALAR: ["equals", "not_equals", "in", "not_in", "declared"],
    FieldKind.LIST: ["contains", "any_of", "all_of", "none_of", "empty", "declared"],
    FieldKind.BOOL: ["equals", "not_equals", "declared"],
    FieldKind.TEXT_LIST: ["empty", "declared"],
    FieldKind.PRESENCE: ["declared"],
}


@st.composite
def leaves(draw: st.DrawFn) -> dict[str, Any]:
    name = draw(st.sampled_from(sorted(OBLIGATION_CONDITION_FIELDS)))
    spec = OBLIGATION_CONDITION_FIELDS[name]
    ops = list(_OPS[spec.kind]) + (["at_least", "at_most"] if spec.ordered else [])
    op = draw(st.sampled_from(ops))
    if op in ("declared", "empty") or spec.kind is FieldKind.BOOL:
        return {name: {op: draw(st.booleans())}}
    values = _VALUES[name]
    if op in ("in", "not_in", "any_of", "all_of", "none_of"):
        return {name: {op: draw(st.lists(st.sampled_from(values), min_size=1, max_size=3, unique=True))}}
    return {name: {op: draw(st.sampled_from(values))}}


conditions = st.recursive(
    leaves(),
    lambda inner: st.one_of(
        st.builds(lambda cs: {"all": cs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda cs: {"any": cs}, st.lists(inner, min_size=1, max_size=3)),
        st.builds(lambda c: {"not": c}, inner),
    ),
    max_leaves=6,
)


@st.composite
def random_facts(draw: st.DrawFn) -> dict[str, Any]:
    def maybe(value: Any) -> Any:
        return draw(st.sampled_from([UNSET, value]))

    data: dict[str, Any] = {
        "id": "random",
        "name": "Random",
        "sector": draw(st.sampled_from(_VALUES["sector"])),
        "activities": draw(st.lists(st.sampled_from(_VALUES["activities"]), min_size=1, max_size=3)),
    }
    for name in ("lifecycle_stage", "decision_impact", "human_oversight"):
        data[name] = maybe(draw(st.sampled_from(_VALUES[name])))
    for name in ("modalities", "purposes", "affected_people", "impact_areas", "sensitive_data"):
        data[name] = maybe(draw(st.lists(st.sampled_from(_VALUES[name]), max_size=4)))
    for name, spec in OBLIGATION_CONDITION_FIELDS.items():
        if spec.kind is FieldKind.BOOL:
            data[name] = draw(st.sampled_from([UNSET, None, True, False]))
    data["vendors"] = maybe(draw(st.lists(st.just("V Ltd"), max_size=2)))
    data["third_party_models"] = [
        {"provider": "P", "model": f"m{i}", "access": a}
        for i, a in enumerate(draw(st.lists(st.sampled_from(_VALUES["third_party_access"]), max_size=2)))
    ]
    data["next_review"] = maybe(dt.date(2027, 1, 1))
    profile = AISystemProfile.model_validate({k: v for k, v in data.items() if v is not UNSET})
    return profile_facts(profile, draw(st.sampled_from([None, *_VALUES["tier"]])))


@settings(max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(conditions, min_size=1, max_size=12), st.lists(random_facts(), min_size=1, max_size=8))
def test_condition_set_matches_direct_evaluation_on_random_conditions(raws, facts_list):
    parsed = [parse_condition(raw, OBLIGATION_CONDITION_FIELDS) for raw in raws]
    predicates = [compile_condition(c) for c in parsed]
    cset: ConditionSet[tuple[int, tuple[str, ...]]] = ConditionSet(parsed, lambda i, why: (i, why))
    for _round in range(2):  # the second round is answered from the caches
        for facts in facts_list:
            got = cset.matches(facts)
            assert [i for i, _ in got] == [i for i, p in enumerate(predicates) if p(facts)]
            for i, why in got:
                assert why, parsed[i]
                assert trace(parsed[i], facts).holds


_CATALOG_CONDITIONS: list[Any] = []


@settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_facts())
def test_condition_set_of_the_whole_catalog_matches_direct_evaluation(catalog, facts):
    if not _CATALOG_CONDITIONS:  # one ConditionSet for every example, so the caches fill up across them
        conds = [c.applies_when for c in catalog.controls()] + [r.when for r in catalog.tier_rules()]
        conds += [r.when for r in catalog.consistency]
        _CATALOG_CONDITIONS.extend([conds, ConditionSet(conds, lambda i, why: i)])
    conds, cset = _CATALOG_CONDITIONS
    expected = [i for i, c in enumerate(conds) if c is None or compile_condition(c)(facts)]
    assert cset.matches(facts) == expected


def test_condition_set_without_condition_always_matches_with_its_reason(facts_of):
    cset: ConditionSet[tuple[int, tuple[str, ...]]] = ConditionSet(
        [None, parse_condition({"sector": "banking"}, PROFILE_CONDITION_FIELDS)],
        lambda i, why: (i, why),
        always_reason="always",
    )
    assert cset.matches(facts_of(sector="retail")) == [(0, ("always",))]
    assert cset.matches(facts_of(sector="banking")) == [(0, ("always",)), (1, ("sector is banking",))]


def test_cached_reasons_never_mention_another_profiles_facts(facts_of):
    # both profiles lack marketing, so they share one cache entry; the reason must hold for both
    condition = parse_condition({"not": {"purposes": {"contains": "marketing"}}}, PROFILE_CONDITION_FIELDS)
    cset: ConditionSet[tuple[str, ...]] = ConditionSet([condition], lambda i, why: why)
    first = cset.matches(facts_of(purposes=["search"]))
    second = cset.matches(facts_of(purposes=["translation"]))
    assert len(first) == len(second) == 1
    assert first == second
    assert not any("search" in text for text in second[0])
    assert any("marketing" in text for text in second[0])


def test_declared_reason_for_an_explicit_null_says_not_declared(make_profile):
    facts = profile_facts(make_profile(human_oversight=None))
    condition = parse_condition({"human_oversight": {"declared": False}}, PROFILE_CONDITION_FIELDS)
    node = trace(condition, facts)
    assert node.holds
    assert reasons(node) == ["human_oversight is not declared"]

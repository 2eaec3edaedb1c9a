"""Obligations: which controls apply to a classified system, for which roles, sectors and tiers, and why."""

from __future__ import annotations

from typing import Any

import pytest

from hkaigov.domain import enums as e
from hkaigov.engine.classify import classify
from hkaigov.engine.obligations import obligations

# A generative system that meets every non-role sub-condition of the DPO Guideline's role-specific controls
# (personal data, cross-border transfer, images, children, third-party model, in operation, limited tier).
GENAI_EVERYTHING: dict[str, Any] = {
    "generative": True,
    "customer_facing": True,
    "processes_personal_data": True,
    "cross_border_transfer": True,
    "modalities": ["text", "image"],
    "affected_people": ["customers", "children"],
    "vendors": ["Model Vendor Ltd"],
    "third_party_models": [{"provider": "P", "model": "m", "access": "api"}],
}


def _applicable(catalog, profile) -> list[str]:
    return [a.control.id for a in obligations(profile, classify(profile, catalog), catalog)]


def _ids_with_prefix(catalog, prefix: str) -> set[str]:
    return {c.id for c in catalog.controls() if c.id.startswith(prefix)}


@pytest.mark.parametrize(
    ("activities", "present", "absent"),
    [
        (["develops"], ["DPOGAI-DEV-"], ["DPOGAI-SP-", "DPOGAI-USR-"]),
        (["provides"], ["DPOGAI-SP-"], ["DPOGAI-DEV-", "DPOGAI-USR-"]),
        (["uses"], ["DPOGAI-USR-"], ["DPOGAI-DEV-", "DPOGAI-SP-"]),
        (["develops", "provides"], ["DPOGAI-DEV-", "DPOGAI-SP-"], ["DPOGAI-USR-"]),
        (["provides", "uses"], ["DPOGAI-SP-", "DPOGAI-USR-"], ["DPOGAI-DEV-"]),
        (["develops", "provides", "uses"], ["DPOGAI-DEV-", "DPOGAI-SP-", "DPOGAI-USR-"], []),
    ],
)
def test_role_specific_controls_appear_only_for_their_roles(catalog, make_profile, activities, present, absent):
    profile = make_profile(GENAI_EVERYTHING, activities=activities)
    assert classify(profile, catalog).tier is e.RiskTier.LIMITED
    got = set(_applicable(catalog, profile))
    for prefix in present:
        expected = _ids_with_prefix(catalog, prefix)
        assert expected, prefix
        assert expected <= got, sorted(expected - got)
    for prefix in absent:
        assert not (_ids_with_prefix(catalog, prefix) & got), prefix


def test_developer_and_provider_gets_both_sets(catalog, make_profile):
    dev = set(_applicable(catalog, make_profile(GENAI_EVERYTHING, activities=["develops"])))
    prov = set(_applicable(catalog, make_profile(GENAI_EVERYTHING, activities=["provides"])))
    both = set(_applicable(catalog, make_profile(GENAI_EVERYTHING, activities=["develops", "provides"])))
    assert dev | prov == both
    assert dev - prov and prov - dev  # each role really has controls of its own


def test_copyright_tdm_controls_are_for_developers_only(catalog, make_profile):
    cpr = _ids_with_prefix(catalog, "CPR-")
    assert cpr <= set(_applicable(catalog, make_profile(activities=["develops"])))
    assert not cpr & set(_applicable(catalog, make_profile(activities=["provides", "uses"])))


def test_devsp_controls_apply_to_developers_and_providers_not_to_users(catalog, make_profile):
    assert "DPOGAI-DEVSP-09" in _applicable(catalog, make_profile(GENAI_EVERYTHING, activities=["develops"]))
    assert "DPOGAI-DEVSP-09" in _applicable(catalog, make_profile(GENAI_EVERYTHING, activities=["provides"]))
    assert "DPOGAI-DEVSP-09" not in _applicable(catalog, make_profile(GENAI_EVERYTHING, activities=["uses"]))


# --- sector overlays ---------------------------------------------------------------------------------------

HKMA_PREFIXES = ("HKMAHLP-", "HKMABDAI-", "HKMAAML-", "HKMABRD-", "HKMAGAI-", "SBX-", "NOOR-")


@pytest.mark.parametrize("sector", [s.value for s in e.Sector])
def test_hkma_controls_apply_only_to_banking(catalog, make_profile, sector):
    profile = make_profile(GENAI_EVERYTHING, sector=sector, activities=["develops", "provides", "uses"])
    hkma = [cid for cid in _applicable(catalog, profile) if cid.startswith(HKMA_PREFIXES)]
    if sector == "banking":
        assert {"HKMAHLP-GOV-01", "HKMABDAI-GOV-01", "HKMAAML-PLAN-01", "HKMABRD-01", "HKMAGAI-01", "NOOR-01"} <= set(
            hkma
        )
    else:
        assert hkma == []


@pytest.mark.parametrize("sector", [s.value for s in e.Sector])
def test_sfc_controls_apply_only_to_securities_and_virtual_assets(catalog, make_profile, sector):
    profile = make_profile(GENAI_EVERYTHING, sector=sector, activities=["develops", "provides", "uses"])
    sfc = [cid for cid in _applicable(catalog, profile) if cid.startswith("SFCGAI-")]
    if sector in ("securities", "virtual_assets"):
        assert "SFCGAI-GOV-01" in sfc and "SFCGAI-MRM-01" in sfc
    else:
        assert sfc == []


def test_sfc_controls_need_a_generative_system(catalog, make_profile):
    profile = make_profile(sector="securities", activities=["develops"])
    assert not [cid for cid in _applicable(catalog, profile) if cid.startswith("SFCGAI-")]


@pytest.mark.parametrize("sector", [s.value for s in e.Sector])
def test_no_overlay_control_applies_outside_its_instrument_sectors(catalog, make_profile, sector):
    profile = make_profile(GENAI_EVERYTHING, sector=sector, activities=["develops", "provides", "uses"])
    by_id = {c.id: c for c in catalog.controls()}
    sectors_of = {inst.id: set(inst.sectors) for inst in catalog.instruments}
    for cid in _applicable(catalog, profile):
        allowed = sectors_of[by_id[cid].instrument]
        assert not allowed or sector in allowed, (cid, sector)


def test_tr008_applies_only_to_a_medical_device(catalog, make_profile):
    developer = {"sector": "healthcare", "activities": ["develops"], "continuous_learning": True}
    with_device = set(_applicable(catalog, make_profile(developer, medical_device=True)))
    without = set(_applicable(catalog, make_profile(developer, medical_device=False)))
    tr008 = _ids_with_prefix(catalog, "TR008-")
    assert tr008 <= with_device
    assert not tr008 & without


def test_tr008_developer_controls_need_the_developer_role(catalog, make_profile):
    user = set(_applicable(catalog, make_profile(sector="healthcare", activities=["uses"], medical_device=True)))
    assert not _ids_with_prefix(catalog, "TR008-") & user
    provider = set(
        _applicable(catalog, make_profile(sector="healthcare", activities=["provides"], medical_device=True))
    )
    assert {"TR008-APP-01", "TR008-APP-02", "TR008-APP-03"} <= provider
    assert "TR008-DATA-01" not in provider


# --- tier-specific controls --------------------------------------------------------------------------------

TIER_CASES = {
    "unacceptable": {"purposes": ["behavioural_manipulation"]},
    "high": {"purposes": ["medical_diagnosis"]},
    "limited": {"purposes": ["recruitment"]},
    "low": {},
}
TIER_CONTROL = {
    "unacceptable": "POL-UNACCEPTABLE-01",
    "high": "POL-HIGH-01",
    "limited": "POL-LIMITED-01",
    "low": "POL-LOW-01",
}


@pytest.mark.parametrize("tier", list(TIER_CASES))
def test_tier_handling_control_applies_only_at_its_tier(catalog, make_profile, tier):
    profile = make_profile(TIER_CASES[tier])
    assert classify(profile, catalog).tier == e.RiskTier(tier)
    got = _applicable(catalog, profile)
    assert [cid for cid in got if cid in TIER_CONTROL.values()] == [TIER_CONTROL[tier]]
    assert ("PCPDMF-RISK-09" in got) is (tier == "high")


def test_tier_controls_follow_the_classified_tier_not_a_guess(catalog, make_profile):
    profile = make_profile(purposes=["medical_diagnosis"])
    low = classify(make_profile(), catalog)
    # the same profile evaluated as if it were low: the obligation follows the tier passed in
    assert "POL-LOW-01" in [a.control.id for a in obligations(profile, low, catalog)]
    assert "POL-HIGH-01" not in [a.control.id for a in obligations(profile, low, catalog)]


# --- why, order and scope ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes",
    [
        {},
        GENAI_EVERYTHING,
        {"sector": "banking", "purposes": ["credit_decision"], "decision_impact": "significant"},
        {"sector": "healthcare", "medical_device": True, "activities": ["develops", "uses"]},
    ],
)
def test_every_applicable_control_has_a_why_and_results_are_in_catalog_order(catalog, make_profile, changes):
    profile = make_profile(changes)
    applicable = obligations(profile, classify(profile, catalog), catalog)
    order = {c.id: i for i, c in enumerate(catalog.controls())}
    positions = [order[a.control.id] for a in applicable]
    assert positions == sorted(positions)
    assert len(set(positions)) == len(positions)
    for item in applicable:
        assert item.why and all(text.strip() for text in item.why), item.control.id
        if item.control.applies_when is None:
            assert item.why == ("applies to every system (no condition)",)


def test_why_names_the_decisive_facts(catalog, make_profile):
    profile = make_profile(purposes=["medical_diagnosis"], sector="banking")
    by_id = {a.control.id: a for a in obligations(profile, classify(profile, catalog), catalog)}
    assert by_id["POL-HIGH-01"].why == ("tier is high",)
    assert by_id["HKMAHLP-GOV-01"].why == ("sector is banking",)


def test_organisation_scope_controls_are_present(catalog, make_profile):
    applicable = obligations(make_profile(), classify(make_profile(), catalog), catalog)
    org = [a.control.id for a in applicable if a.control.scope is e.ControlScope.ORGANISATION]
    unconditional_org = [
        c.id for c in catalog.controls() if c.scope is e.ControlScope.ORGANISATION and c.applies_when is None
    ]
    assert unconditional_org
    assert set(unconditional_org) <= set(org)
    assert "PCPDMF-STRAT-01" in org


def test_personal_data_controls_need_processes_personal_data(catalog, make_profile):
    with_pd = set(_applicable(catalog, make_profile(processes_personal_data=True)))
    without = set(_applicable(catalog, make_profile(processes_personal_data=False)))
    undeclared = set(_applicable(catalog, make_profile(processes_personal_data="__unset__")))
    assert {"PDPO-DPP1-01", "PCPDMF-DATA-01"} <= with_pd
    assert not {"PDPO-DPP1-01", "PCPDMF-DATA-01"} & without
    assert undeclared == without


def test_lifecycle_stage_gates_later_stage_controls(catalog, make_profile):
    planning = set(_applicable(catalog, make_profile(lifecycle_stage="planning")))
    operation = set(_applicable(catalog, make_profile(lifecycle_stage="operation")))
    assert "EAIF-OPS-01" in operation and "EAIF-OPS-01" not in planning
    assert "EAIF-DEV-01" in operation and "EAIF-DEV-01" not in planning
    assert planning < operation

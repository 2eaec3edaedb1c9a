"""Loading the shipped catalog: instruments, controls, policy and review intervals."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from hkaigov.catalog.loader import DATA_DIR, load_catalog
from hkaigov.domain.enums import ControlScope, RiskTier
from hkaigov.domain.errors import CatalogError


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def test_loads_twenty_instruments_one_per_file(catalog):
    files = sorted(p.stem for p in (DATA_DIR / "instruments").glob("*.yaml"))
    assert len(catalog.instruments) == 20
    assert len(files) == 20
    assert [inst.id for inst in catalog.instruments] == files


def test_each_instrument_id_equals_its_file_name_and_codes_are_unique(catalog):
    for inst in catalog.instruments:
        assert (DATA_DIR / "instruments" / f"{inst.id}.yaml").is_file()
    codes = [inst.code for inst in catalog.instruments]
    assert len(codes) == len(set(codes))


def test_every_control_has_refs_citation_and_both_titles(catalog):
    controls = catalog.controls()
    assert len(controls) > 400
    for c in controls:
        assert c.refs and all(re.fullmatch(r"R-[A-Z0-9]+-\d{3}", r) for r in c.refs), c.id
        assert c.citation.strip(), c.id
        assert c.title.en.strip() and c.title.zh_hant and c.title.zh_hant.strip(), c.id
        assert c.requirement.en.strip() and c.verify.en.strip(), c.id
        assert c.evidence and c.dimensions, c.id


def test_every_control_knows_its_instrument_and_starts_with_its_code(catalog):
    for inst in catalog.instruments:
        for c in inst.controls:
            assert c.instrument == inst.id
            assert c.id.startswith(inst.code + "-")


def test_control_ids_are_unique(catalog):
    ids = [c.id for c in catalog.controls()]
    assert len(ids) == len(set(ids))


def test_lookup_by_id_and_code(catalog):
    assert catalog.control("POL-HIGH-01").instrument == "hkaigov-default-policy"
    assert catalog.control("NOPE-01") is None
    assert catalog.instrument("pdpo") is catalog.instrument("PDPO")
    assert catalog.instrument("no-such-instrument") is None


@pytest.mark.parametrize(("tier", "months"), [(RiskTier.HIGH, 6), (RiskTier.LIMITED, 12), (RiskTier.LOW, 24)])
def test_review_months_per_tier(catalog, tier, months):
    assert catalog.review_months(tier) == months


def test_unacceptable_tier_has_no_review_interval(catalog):
    assert catalog.review_months(RiskTier.UNACCEPTABLE) is None


def test_default_policy_rules_fallback_and_roles(catalog):
    policy = catalog.policy
    assert policy.fallback is not None and policy.fallback.id == "POL-LOW-DEFAULT"
    assert policy.fallback.tier is RiskTier.LOW
    assert [r.id for r in policy.roles] == ["POL-ROLE-DEVELOPER", "POL-ROLE-PROVIDER", "POL-ROLE-USER"]
    assert len(policy.rules) == 11
    assert all(r.source == "policy/default.yaml" for r in policy.rules)
    assert all(r.reason.zh_hant for r in policy.rules)
    assert {t.tier for t in policy.tiers} == set(RiskTier)


def test_catalog_version_comes_from_catalog_yaml(catalog):
    assert catalog.version == catalog.meta.version
    assert re.fullmatch(r"\d{4}\.\d+\.\d+", catalog.version)


def test_both_scopes_are_used(catalog):
    assert {c.scope for c in catalog.controls()} == set(ControlScope)


def test_loading_is_cached_per_directory(catalog):
    assert load_catalog() is catalog
    assert load_catalog(DATA_DIR) is catalog


def test_missing_directory_is_a_catalog_error(tmp_path):
    with pytest.raises(CatalogError) as info:
        load_catalog(tmp_path / "nowhere")
    assert "catalog directory not found" in str(info.value)


def test_instrument_id_must_match_the_file_name(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    src = data / "instruments" / "ia-ai.yaml"
    src.rename(data / "instruments" / "ia-renamed.yaml")
    with pytest.raises(CatalogError) as info:
        load_catalog(data)
    assert any("ia-renamed.yaml:1:" in p and "'ia-ai'" in p for p in info.value.problems)

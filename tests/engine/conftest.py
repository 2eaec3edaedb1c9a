"""Shared fixtures for the engine tests: the shipped catalog and a builder of minimal, fully declared profiles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from hkaigov.catalog.loader import load_catalog
from hkaigov.domain.catalog import Catalog
from hkaigov.domain.profile import AISystemProfile

#: Pass as a value to `build_profile` to leave that field out of the manifest (undeclared).
#: A plain string so that parametrisation tables in test modules can spell it without importing this module.
UNSET = "__unset__"

#: A low-risk system with every risk-relevant fact declared (flags false, lists empty, no decision impact).
BASE_MANIFEST: dict[str, Any] = {
    "id": "test-system",
    "name": "Test system",
    "sector": "other",
    "lifecycle_stage": "operation",
    "activities": ["uses"],
    "generative": False,
    "modalities": [],
    "purposes": [],
    "affected_people": [],
    "decision_impact": "none",
    "impact_areas": [],
    "human_oversight": "human_in_the_loop",
    "customer_facing": False,
    "processes_personal_data": False,
    "cross_border_transfer": False,
    "medical_device": False,
    "continuous_learning": False,
    "consent_of_depicted_people": False,
    "sensitive_data": [],
    "data_sources": [],
    "vendors": [],
    "third_party_models": [],
}


def build_profile(changes: dict[str, Any] | None = None, **more: Any) -> AISystemProfile:
    """BASE_MANIFEST with `changes` applied; a value of UNSET removes the field."""
    data = dict(BASE_MANIFEST)
    for key, value in {**(changes or {}), **more}.items():
        if value is UNSET:
            data.pop(key, None)
        else:
            data[key] = value
    return AISystemProfile.model_validate(data)


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()


@pytest.fixture(scope="session")
def make_profile() -> Callable[..., AISystemProfile]:
    return build_profile

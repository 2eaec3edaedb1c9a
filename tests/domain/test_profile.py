"""The manifest model: strict fields, deduplicated vocabularies, derived roles, slug ids, undeclared facts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from hkaigov.domain.enums import Activity, ModelAccess, Purpose, Role
from hkaigov.domain.profile import PROFILE_FIELDS, AISystemProfile, EvidenceEntry

MINIMAL: dict[str, Any] = {"id": "chatbot", "name": "Chatbot", "sector": "banking", "activities": ["uses"]}


def make(**changes: Any) -> AISystemProfile:
    return AISystemProfile.model_validate({**MINIMAL, **changes})


def error_fields(exc: ValidationError) -> list[tuple[Any, ...]]:
    return [tuple(err["loc"]) for err in exc.errors()]


def test_minimal_manifest_leaves_risk_facts_undeclared():
    profile = make()
    for name in ("generative", "customer_facing", "processes_personal_data", "medical_device", "decision_impact"):
        assert getattr(profile, name) is None, name
    assert profile.lifecycle_stage is None and profile.human_oversight is None
    assert profile.purposes == [] and profile.evidence == {}
    assert profile.model_fields_set == {"id", "name", "sector", "activities"}


@pytest.mark.parametrize("typo", ["human_oversigth", "customer-facing", "Sector", "tier"])
def test_unknown_field_is_rejected(typo):
    with pytest.raises(ValidationError) as info:
        make(**{typo: "x"})
    assert (typo,) in error_fields(info.value)
    assert info.value.errors()[0]["type"] == "extra_forbidden"


def test_unknown_field_in_a_nested_model_is_rejected():
    with pytest.raises(ValidationError) as info:
        make(third_party_models=[{"provider": "P", "model": "m", "licence": "MIT"}])
    assert ("third_party_models", 0, "licence") in error_fields(info.value)
    with pytest.raises(ValidationError):
        make(evidence={"POL-LOW-01": {"status": "met", "signed_by": "me"}})


@pytest.mark.parametrize(
    ("field", "value"),
    [("sector", "fintech"), ("purposes", ["astrology"]), ("activities", ["builds"]), ("decision_impact", "huge")],
)
def test_unknown_vocabulary_value_is_rejected(field, value):
    with pytest.raises(ValidationError) as info:
        make(**{field: value})
    assert any(loc[0] == field for loc in error_fields(info.value))


def test_enum_lists_are_deduplicated_keeping_first_order():
    profile = make(
        activities=["uses", "develops", "uses"],
        purposes=["search", "marketing", "search", "marketing"],
        modalities=["text", "text"],
        affected_people=["customers", "public", "customers"],
        impact_areas=["financial", "financial"],
        sensitive_data=["health", "biometric", "health"],
    )
    assert profile.activities == [Activity.USES, Activity.DEVELOPS]
    assert profile.purposes == [Purpose.SEARCH, Purpose.MARKETING]
    assert [m.value for m in profile.modalities] == ["text"]
    assert [a.value for a in profile.affected_people] == ["customers", "public"]
    assert [a.value for a in profile.impact_areas] == ["financial"]
    assert [s.value for s in profile.sensitive_data] == ["health", "biometric"]


def test_duplicates_do_not_change_the_digest():
    assert make(purposes=["search", "search"]).digest() == make(purposes=["search"]).digest()


def test_activities_must_not_be_empty():
    with pytest.raises(ValidationError) as info:
        make(activities=[])
    assert ("activities",) in error_fields(info.value)


@pytest.mark.parametrize(
    ("activities", "roles"),
    [
        (["develops"], [Role.TECHNOLOGY_DEVELOPER]),
        (["provides"], [Role.SERVICE_PROVIDER]),
        (["uses"], [Role.SERVICE_USER]),
        (["uses", "develops"], [Role.TECHNOLOGY_DEVELOPER, Role.SERVICE_USER]),
        (["uses", "provides"], [Role.SERVICE_PROVIDER, Role.SERVICE_USER]),
        (["provides", "develops"], [Role.TECHNOLOGY_DEVELOPER, Role.SERVICE_PROVIDER]),
        (["uses", "provides", "develops"], list(Role)),
    ],
)
def test_roles_property_follows_activities_in_guideline_order(activities, roles):
    assert make(activities=activities).roles == roles


@pytest.mark.parametrize("system_id", ["a", "chatbot", "bank-faq.v2", "x_1", "0abc", "a" * 80])
def test_slug_ids_are_accepted(system_id):
    assert make(id=system_id).id == system_id


@pytest.mark.parametrize(
    "system_id", ["", "Chatbot", "-chatbot", ".hidden", "_x", "bank faq", "bank/faq", "銀行", "a" * 81, "x\n"]
)
def test_non_slug_ids_are_rejected(system_id):
    with pytest.raises(ValidationError) as info:
        make(id=system_id)
    assert ("id",) in error_fields(info.value)


def test_name_must_not_be_empty_or_too_long():
    with pytest.raises(ValidationError):
        make(name="")
    with pytest.raises(ValidationError):
        make(name="n" * 301)
    assert make(name="n" * 300).name == "n" * 300


def test_flags_must_be_booleans():
    with pytest.raises(ValidationError) as info:
        make(customer_facing="sometimes")
    assert ("customer_facing",) in error_fields(info.value)


def test_third_party_model_access_defaults_to_api():
    profile = make(third_party_models=[{"provider": "P", "model": "m"}])
    assert profile.third_party_models[0].access is ModelAccess.API
    with pytest.raises(ValidationError):
        make(third_party_models=[{"provider": "", "model": "m"}])


def test_evidence_keys_must_look_like_control_ids():
    profile = make(evidence={"POL-LOW-01": {"status": "met", "date": "2026-01-02"}})
    assert profile.evidence["POL-LOW-01"] == EvidenceEntry(status="met", date=dt.date(2026, 1, 2))
    for bad in ("pol-low-01", "POL", "POL_LOW_01", "POL-"):
        with pytest.raises(ValidationError):
            make(evidence={bad: {"status": "met"}})
    with pytest.raises(ValidationError):
        make(evidence={"POL-LOW-01": {"status": "done"}})


def test_profile_is_frozen():
    profile = make()
    with pytest.raises(ValidationError):
        profile.sector = "retail"  # type: ignore[assignment]


def test_digest_is_canonical_and_sensitive_to_every_change():
    one = make(purposes=["search"], vendors=["V"])
    again = AISystemProfile.model_validate({"vendors": ["V"], "purposes": ["search"], **MINIMAL})
    assert one.digest() == again.digest()
    assert one.digest().startswith("sha256:")
    assert make(purposes=["search"], vendors=["W"]).digest() != one.digest()
    assert make(purposes=["search"], vendors=["V"], name_zh="聊天機械人").digest() != one.digest()


def test_profile_fields_lists_the_manifest_contract():
    assert {"id", "name", "sector", "activities", "evidence", "next_review", "third_party_models"} <= PROFILE_FIELDS
    assert "roles" not in PROFILE_FIELDS and "tier" not in PROFILE_FIELDS

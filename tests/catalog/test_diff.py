"""`catalog diff`: changed, added and removed controls and tier rules, and the systems to reassess."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from hkaigov.catalog.diff import diff_catalogs
from hkaigov.catalog.loader import DATA_DIR, load_catalog
from hkaigov.domain.profile import AISystemProfile

BASE: dict[str, Any] = {
    "name": "System",
    "sector": "other",
    "lifecycle_stage": "operation",
    "activities": ["uses"],
    "generative": False,
    "purposes": [],
    "decision_impact": "none",
    "impact_areas": [],
    "human_oversight": "human_in_the_loop",
    "customer_facing": False,
    "processes_personal_data": False,
    "medical_device": False,
    "consent_of_depicted_people": False,
    "sensitive_data": [],
}


def profile(system_id: str, **changes: Any) -> AISystemProfile:
    return AISystemProfile.model_validate({**BASE, "id": system_id, **changes})


@pytest.fixture
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def edit_yaml(path: Path, change: Any) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def control_in(doc: dict[str, Any], control_id: str) -> dict[str, Any]:
    return next(c for c in doc["controls"] if c["id"] == control_id)


def test_diff_of_the_catalog_with_itself_is_empty():
    catalog = load_catalog()
    diff = diff_catalogs(catalog, catalog, [profile("a"), profile("b", sector="banking")])
    assert diff.empty
    assert (diff.added, diff.removed, diff.changed) == ([], [], {})
    assert (diff.rules_added, diff.rules_removed, diff.rules_changed) == ([], [], [])
    assert diff.systems == []
    assert diff.old_version == diff.new_version == catalog.version


def test_diff_with_an_unmodified_copy_is_empty(data):
    assert diff_catalogs(load_catalog(), load_catalog(data), [profile("a")]).empty


def test_changed_applies_when_is_listed_and_affected_systems_are_reported(data):
    # NOOR-01 applies to banking; widen it to insurance
    edit_yaml(
        data / "instruments" / "bis-project-noor.yaml",
        lambda doc: control_in(doc, "NOOR-01").update(applies_when={"sector": {"in": ["banking", "insurance"]}}),
    )
    bank, insurer, retailer = profile("bank", sector="banking"), profile("insurer", sector="insurance"), profile("shop")
    diff = diff_catalogs(load_catalog(), load_catalog(data), [bank, insurer, retailer])
    assert not diff.empty
    assert diff.changed == {"NOOR-01": ["applies_when"]}
    assert diff.added == [] and diff.removed == []
    by_system = {s.system: s for s in diff.systems}
    assert set(by_system) == {"bank", "insurer"}
    assert by_system["insurer"].added_controls == ["NOOR-01"]
    assert by_system["insurer"].removed_controls == []
    assert by_system["bank"].changed_controls == ["NOOR-01"]
    assert by_system["bank"].added_controls == [] and by_system["bank"].removed_controls == []
    assert by_system["bank"].old_tier == by_system["bank"].new_tier == "low"


def test_changed_text_fields_are_listed_by_name(data):
    def change(doc: dict[str, Any]) -> None:
        control = control_in(doc, "IA-CHATBOT-01")
        control["citation"] = "IA Conduct In Focus (12 May 2023), p.2"
        control["title"]["en"] = "Review insurance chatbots"

    edit_yaml(data / "instruments" / "ia-ai.yaml", change)
    diff = diff_catalogs(load_catalog(), load_catalog(data))
    assert diff.changed == {"IA-CHATBOT-01": ["title", "citation"]}


def test_added_and_removed_controls_are_reported(data):
    def change(doc: dict[str, Any]) -> None:
        new = copy.deepcopy(control_in(doc, "NOOR-01"))
        new["id"] = "NOOR-03"
        doc["controls"] = [c for c in doc["controls"] if c["id"] != "NOOR-02"] + [new]

    edit_yaml(data / "instruments" / "bis-project-noor.yaml", change)
    bank = profile("bank", sector="banking", purposes=["credit_decision"])
    diff = diff_catalogs(load_catalog(), load_catalog(data), [bank, profile("shop")])
    assert diff.added == ["NOOR-03"]
    assert diff.removed == ["NOOR-02"]
    assert diff.changed == {}
    (impact,) = diff.systems
    assert impact.system == "bank"
    assert impact.added_controls == ["NOOR-03"]
    assert impact.removed_controls == ["NOOR-02"]


def test_added_removed_and_changed_tier_rules_are_reported_with_tier_changes(data):
    def change(doc: dict[str, Any]) -> None:
        rules = doc["rules"]
        manipulation = next(r for r in rules if r["id"] == "POL-UNACCEPTABLE-MANIPULATION")
        new = copy.deepcopy(manipulation)
        new["id"] = "POL-HIGH-EMOTION"
        new["tier"] = "high"
        new["when"] = {"purposes": {"contains": "emotion_recognition"}}
        sensitive = next(r for r in rules if r["id"] == "POL-LIMITED-SENSITIVE-DATA")
        sensitive["citation"] = sensitive["citation"] + " (revised)"
        doc["rules"] = [r for r in rules if r["id"] != "POL-LIMITED-RECRUITMENT-EDUCATION"] + [new]

    edit_yaml(data / "policy" / "default.yaml", change)
    recruiter = profile("recruiter", purposes=["recruitment"])
    emotion = profile("emotion", purposes=["emotion_recognition"])
    diff = diff_catalogs(load_catalog(), load_catalog(data), [recruiter, emotion, profile("plain")])
    assert diff.rules_added == ["POL-HIGH-EMOTION"]
    assert diff.rules_removed == ["POL-LIMITED-RECRUITMENT-EDUCATION"]
    assert diff.rules_changed == ["POL-LIMITED-SENSITIVE-DATA"]
    assert diff.added == diff.removed == [] and diff.changed == {}
    by_system = {s.system: s for s in diff.systems}
    assert set(by_system) == {"recruiter", "emotion"}
    assert (by_system["recruiter"].old_tier, by_system["recruiter"].new_tier) == ("limited", "low")
    assert (by_system["emotion"].old_tier, by_system["emotion"].new_tier) == ("low", "high")
    assert "POL-HIGH-01" in by_system["emotion"].added_controls
    assert "POL-LOW-01" in by_system["emotion"].removed_controls


def test_to_json_carries_every_section(data):
    edit_yaml(
        data / "instruments" / "bis-project-noor.yaml",
        lambda doc: control_in(doc, "NOOR-01").update(applies_when={"sector": {"in": ["banking", "insurance"]}}),
    )
    out = diff_catalogs(load_catalog(), load_catalog(data), [profile("insurer", sector="insurance")]).to_json()
    assert out["controls"] == {"added": [], "removed": [], "changed": {"NOOR-01": ["applies_when"]}}
    assert out["tier_rules"] == {"added": [], "removed": [], "changed": []}
    assert [r["system"] for r in out["reassess"]] == ["insurer"]
    assert out["reassess"][0]["added_controls"] == ["NOOR-01"]

"""`catalog lint`: the shipped catalog is clean, and each kind of authoring mistake makes it fail."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from hkaigov.catalog.lint import lint_catalog
from hkaigov.catalog.loader import DATA_DIR
from hkaigov.catalog.reference import load_reference_items

IA = Path("instruments") / "ia-ai.yaml"  # a one-control instrument: small, easy to mutate by line


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A private copy of the shipped catalog (a fresh directory per test: load_catalog caches by path)."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def line_no(path: Path, text: str) -> int:
    """1-based number of the only line containing `text`."""
    found = [i for i, line in enumerate(lines(path), 1) if text in line]
    assert len(found) == 1, (text, found)
    return found[0]


def replace_line(path: Path, text: str, new: str | None) -> int:
    number = line_no(path, text)
    content = lines(path)
    if new is None:
        del content[number - 1]
    else:
        content[number - 1] = new if new.endswith("\n") else new + "\n"
    path.write_text("".join(content), encoding="utf-8")
    return number


def edit_yaml(path: Path, change: Any) -> None:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def failing(data: Path) -> list[str]:
    report = lint_catalog(data)
    assert report.ok is False
    assert report.errors
    return report.errors


# --- the shipped catalog -----------------------------------------------------------------------------------


def test_shipped_catalog_is_clean_and_covers_all_407_reference_items():
    report = lint_catalog()
    assert report.ok, report.errors
    assert report.errors == []
    assert report.stats["reference_items"] == 407
    assert report.stats["instruments"] == 20
    assert report.stats["controls"] > 400
    items = load_reference_items()
    assert len(items) == 407
    # coverage, checked independently of lint: every item is a ref of a control or of a policy rule
    from hkaigov.catalog.loader import load_catalog

    catalog = load_catalog()
    covered = {ref for c in catalog.controls() for ref in c.refs}
    covered |= {ref for r in catalog.tier_rules() for ref in r.refs}
    covered |= {ref for r in catalog.policy.roles for ref in r.refs}
    covered |= set(catalog.policy.fallback.refs if catalog.policy.fallback else [])
    assert set(items) <= covered


def test_an_unmodified_copy_is_clean_too(data):
    report = lint_catalog(data)
    assert report.ok, report.errors


# --- each mistake makes lint fail --------------------------------------------------------------------------


def test_control_without_a_citation_fails(data):
    path = data / IA
    control_line = line_no(path, "- id: IA-CHATBOT-01")
    replace_line(path, "citation:", None)
    errors = failing(data)
    assert any(
        f"ia-ai.yaml:{control_line}:" in err and "controls[0].citation" in err and "required" in err for err in errors
    ), errors


def test_control_with_an_empty_citation_fails(data):
    path = data / IA
    number = replace_line(path, "citation:", '    citation: "  "')
    errors = failing(data)
    assert any(f"ia-ai.yaml:{number}:" in err and "controls[0].citation" in err for err in errors), errors


def test_duplicated_control_id_fails(data):
    def duplicate(doc: dict[str, Any]) -> None:
        doc["controls"].append(copy.deepcopy(doc["controls"][0]))

    edit_yaml(data / IA, duplicate)
    errors = failing(data)
    assert "control IA-CHATBOT-01: id used 2 times" in errors


def test_condition_naming_an_unknown_field_fails(data):
    path = data / IA
    where = line_no(path, "applies_when:")
    replace_line(path, "- {sector: insurance}", "        - {sectr: insurance}")
    errors = failing(data)
    assert any(f"ia-ai.yaml:{where}:" in err and "unknown field 'sectr'" in err for err in errors), errors


def test_condition_naming_an_unknown_value_fails(data):
    path = data / IA
    replace_line(path, "- {sector: insurance}", "        - {sector: insurence}")
    errors = failing(data)
    assert any("ia-ai.yaml:" in err and "'insurence' is not a value of 'sector'" in err for err in errors), errors


def test_control_title_without_zh_hant_fails(data):
    path = data / IA
    title_line = line_no(path, "en: Review AI chatbots") - 1
    replace_line(path, "zh-Hant: 按保監局", None)
    errors = failing(data)
    assert any(f"ia-ai.yaml:{title_line}:" in err and "controls[0].title.zh-Hant" in err for err in errors), errors


def test_control_firmer_than_its_reference_item_fails(data):
    assert load_reference_items()["R-IA-001"].confidence == "secondary"
    replace_line(data / IA, "confidence: secondary", "    confidence: confirmed")
    errors = failing(data)
    assert "control IA-CHATBOT-01: confidence 'confirmed' is firmer than R-IA-001 ('secondary')" in errors


def test_reference_item_that_no_control_implements_fails(data):
    edit_yaml(data / IA, lambda doc: doc.update(controls=[]))
    errors = failing(data)
    assert any(err.startswith("R-IA-001 (IA): no control or rule implements it") for err in errors), errors


def test_expected_item_implemented_only_by_recommended_controls_fails(data):
    replace_line(data / IA, "kind: expected", "    kind: recommended")
    errors = failing(data)
    assert "R-IA-001: an expected item is implemented only by recommended controls" in errors


def test_control_id_not_starting_with_the_instrument_code_fails(data):
    replace_line(data / IA, "- id: IA-CHATBOT-01", "  - id: INS-CHATBOT-01")
    errors = failing(data)
    assert "control INS-CHATBOT-01 (ia-ai): id must start with 'IA-'" in errors


def test_control_reusing_a_retired_id_fails(data):
    replace_line(data / "catalog.yaml", "retired_controls:", "retired_controls: [IA-CHATBOT-01]")
    errors = failing(data)
    assert "control IA-CHATBOT-01: reuses a retired id" in errors


def test_yaml_alias_in_a_catalog_file_fails(data):
    path = data / IA
    anchor = replace_line(path, "sectors: [insurance]", "sectors: &ia_sectors [insurance]")
    replace_line(
        path,
        "insurtech_sandbox:",
        '  insurtech_sandbox: "launched 29 Sep 2017; not AI-specific"\n  sectors_again: *ia_sectors',
    )
    errors = failing(data)
    assert any(f"ia-ai.yaml:{anchor}:" in err and "anchors and aliases" in err for err in errors), errors


def test_consistency_rule_naming_an_unknown_control_fails(data):
    path = data / "consistency.yaml"
    replace_line(path, "control: POL-UNACCEPTABLE-01", "    control: POL-UNACCEPTABLE-99")
    errors = failing(data)
    assert "consistency rule CONS-UNACCEPTABLE-LIVE: names unknown control POL-UNACCEPTABLE-99" in errors


def test_tier_rule_without_a_reason_in_zh_hant_fails(data):
    path = data / "policy" / "default.yaml"

    def drop(doc: dict[str, Any]) -> None:
        del doc["rules"][0]["reason"]["zh-Hant"]

    edit_yaml(path, drop)
    errors = failing(data)
    assert any("default.yaml:" in err and "rules[0].reason.zh-Hant" in err for err in errors), errors


def test_lint_reports_problems_of_several_files_together(data):
    replace_line(data / IA, "citation:", None)
    path = data / "instruments" / "hkma-genai-sandbox.yaml"
    edit_yaml(path, lambda doc: doc["controls"][0]["title"].pop("zh-Hant"))
    errors = failing(data)
    assert any("ia-ai.yaml:" in err for err in errors)
    assert any("hkma-genai-sandbox.yaml:" in err for err in errors)


def test_lint_of_another_directory_uses_that_directorys_reference_items(data):
    path = data / "reference_items.yaml"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("  - {id: R-IA-002, code: IA, confidence: secondary, recommended: false}\n")
    assert "R-IA-002" in load_reference_items(path)
    errors = failing(data)
    assert any(err.startswith("R-IA-002") for err in errors)


def _org_policy(path: Path, rule_ids: list[str]) -> Path:
    rules = [
        {
            "id": rule_id,
            "tier": "high",
            "basis": "interpretation",
            "citation": f"Organisation policy §{i}",
            "reason": {"en": "Stricter rule.", "zh-Hant": "較嚴格的規則。"},
            "when": {"generative": True},
        }
        for i, rule_id in enumerate(rule_ids, 1)
    ]
    doc = {"id": path.stem, "title": {"en": "Organisation policy", "zh-Hant": "機構政策"}, "rules": rules}
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_lint_with_a_valid_organisation_policy_is_clean(tmp_path):
    report = lint_catalog(None, (_org_policy(tmp_path / "org.yaml", ["ORG-GENAI-01", "ORG-GENAI-02"]),))
    assert report.ok, report.errors


def test_lint_with_a_policy_reusing_a_default_rule_id_fails(tmp_path):
    report = lint_catalog(None, (_org_policy(tmp_path / "org.yaml", ["POL-HIGH-MEDICAL"]),))
    assert report.ok is False
    assert any("org.yaml" in err and "POL-HIGH-MEDICAL" in err for err in report.errors), report.errors


def test_lint_catches_a_rule_id_used_twice_in_organisation_policies(tmp_path):
    one = _org_policy(tmp_path / "one.yaml", ["ORG-GENAI-01"])
    two = _org_policy(tmp_path / "two.yaml", ["ORG-GENAI-01"])
    report = lint_catalog(None, (one, two))
    assert report.ok is False
    assert any("ORG-GENAI-01" in err for err in report.errors)

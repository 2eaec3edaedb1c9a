from __future__ import annotations

from pathlib import Path

import pytest

from hkaigov.domain.enums import Role
from hkaigov.domain.errors import InputError
from hkaigov.io.manifests import load_evidence_file, load_manifest, load_manifests

BASE = "id: sys-a\nname: System A\nsector: banking\nlifecycle_stage: operation\nactivities: [uses]\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_manifests([path])
    return info.value.problems


def test_minimal_manifest_loads(tmp_path: Path) -> None:
    profile = load_manifest(write(tmp_path, "a.yaml", BASE))
    assert profile.id == "sys-a" and profile.roles == [Role.SERVICE_USER]
    assert profile.generative is None  # undeclared stays undeclared


def test_wrong_enum_names_file_line_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, "x.yaml", BASE + "human_oversight: sometimes\n")
    [message] = problems(path)
    assert message.startswith(f"{path}:6: human_oversight: 'sometimes' is not one of:")
    assert "human_in_the_loop" in message


def test_unknown_field_suggests_the_close_name(tmp_path: Path) -> None:
    [message] = problems(write(tmp_path, "x.yaml", BASE + "human_oversigth: human_in_the_loop\n"))
    assert ":6: human_oversigth: unknown field (did you mean 'human_oversight'?)" in message


def test_wrong_types_and_nested_fields_are_located(tmp_path: Path) -> None:
    text = BASE + "generative: maybe\nthird_party_models:\n  - provider: A\n    model: m\n    access: ftp\n"
    found = problems(write(tmp_path, "x.yaml", text))
    assert any(":6: generative: expected true or false, got 'maybe'" in p for p in found)
    assert any(":10: third_party_models[0].access: 'ftp' is not one of" in p for p in found)


def test_missing_required_field(tmp_path: Path) -> None:
    found = problems(write(tmp_path, "x.yaml", "id: a\nname: A\nactivities: [uses]\n"))
    assert any("sector: required field is missing" in p for p in found)


def test_every_error_of_every_file_is_reported(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", BASE + "sector2: x\n")
    b = write(tmp_path, "b.yaml", "id: b\nname: [oops\n")
    with pytest.raises(InputError) as info:
        load_manifests([a, b])
    assert any(p.startswith(f"{a}:6") for p in info.value.problems)
    assert any(p.startswith(f"{b}:2") for p in info.value.problems)


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", BASE)
    b = write(tmp_path, "b.yaml", BASE)
    with pytest.raises(InputError, match="is also the id of"):
        load_manifests([a, b])


def test_a_list_document_is_not_a_manifest(tmp_path: Path) -> None:
    [message] = problems(write(tmp_path, "x.yaml", "- a\n- b\n"))
    assert "must be a mapping" in message


def test_evidence_file(tmp_path: Path) -> None:
    path = write(tmp_path, "org.yaml", "organisation: X\nevidence:\n  POL-CHANGE-01: {status: met, date: 2026-01-02}\n")
    assert load_evidence_file(path)["POL-CHANGE-01"].status.value == "met"
    bad = write(tmp_path, "bad.yaml", "evidence:\n  POL-CHANGE-01: {status: done}\n")
    with pytest.raises(InputError, match=r"bad.yaml:2: evidence.POL-CHANGE-01.status"):
        load_evidence_file(bad)

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hkaigov.domain.errors import InputError
from hkaigov.io.safe_yaml import parse_yaml_bytes, parse_yaml_text, read_yaml_file


def test_values_and_lines_are_recorded() -> None:
    doc = parse_yaml_text("a: 1\nb:\n  - x: 2\n    y: [1, 2]\nd: 2025-04-15\n", "f.yaml")
    assert doc.data == {"a": 1, "b": [{"x": 2, "y": [1, 2]}], "d": dt.date(2025, 4, 15)}
    assert doc.lines[("b", 0, "y")] == 4
    assert doc.line_of(("b", 0, "y", 7)) == 4  # unknown deeper path falls back to the nearest known
    assert doc.line_of(("zzz",)) == 1


def test_billion_laughs_is_rejected_before_expansion() -> None:
    laughs = 'a: &a ["lol","lol"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\n'
    with pytest.raises(InputError, match=r"f.yaml:1: YAML anchors and aliases"):
        parse_yaml_text(laughs, "f.yaml")


def test_alias_on_a_later_line_names_that_line() -> None:
    with pytest.raises(InputError, match=r"f.yaml:3:"):
        parse_yaml_text("a: 1\nb: 2\nc: &x 3\n", "f.yaml")


def test_python_object_tags_are_refused() -> None:
    with pytest.raises(InputError, match="is not allowed"):
        parse_yaml_text("a: !!python/object/apply:os.system ['echo hi']\n", "f.yaml")
    with pytest.raises(InputError, match="YAML syntax error"):
        parse_yaml_text("a: !!python/name:os.system x\n", "f.yaml")


def test_duplicate_key_is_an_error_with_its_line() -> None:
    with pytest.raises(InputError, match=r"f.yaml:4: name: duplicate key"):
        parse_yaml_text("id: x\nsector: banking\nname: a\nname: b\n", "f.yaml")


def test_merge_keys_are_refused() -> None:
    with pytest.raises(InputError):
        parse_yaml_text("a:\n  <<: {b: 1}\n", "f.yaml")


def test_non_utf8_names_the_line() -> None:
    with pytest.raises(InputError, match=r"f.yaml:2: not valid UTF-8"):
        parse_yaml_bytes(b"id: x\nname: caf\xe9\n", "f.yaml")


def test_size_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("a: " + "x" * 2000 + "\n")
    with pytest.raises(InputError, match="over the 1000-byte limit"):
        read_yaml_file(big, max_bytes=1000)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_yaml_file(tmp_path / "nope.yaml")
    with pytest.raises(InputError, match="is a directory"):
        read_yaml_file(tmp_path)


def test_unclosed_bracket_points_at_where_it_opened() -> None:
    with pytest.raises(InputError, match=r"f.yaml:2: YAML syntax error"):
        parse_yaml_text("id: broken\nname: [unclosed\n", "f.yaml")


def test_nul_bytes_are_refused() -> None:
    with pytest.raises(InputError, match="NUL"):
        parse_yaml_bytes(b"a: 1\x00\n", "f.yaml")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_parse_or_fail_cleanly(raw: bytes) -> None:
    try:
        parse_yaml_bytes(raw, "fuzz.yaml")
    except InputError as exc:
        assert all(p.startswith("fuzz.yaml") for p in exc.problems)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*list("ab:-[]{}&*!|>'\"# \n\t,?%@`1"), "身", "\u3000"]), max_size=120))
def test_yaml_like_text_parses_or_fails_cleanly(text: str) -> None:
    try:
        parse_yaml_text(text, "fuzz.yaml")
    except InputError as exc:
        assert all(p.startswith("fuzz.yaml") for p in exc.problems)

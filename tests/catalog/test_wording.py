"""The catalog is written in our own words: no control repeats long runs of the reference's wording."""

from __future__ import annotations

from pathlib import Path

import pytest

from hkaigov.catalog.loader import load_catalog
from hkaigov.catalog.wording import shared_runs, word_runs

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "hk-ai-governance.md"


def test_word_runs_ignore_case_and_punctuation() -> None:
    source = word_runs("Keep a record, of every AI system the firm uses and review it yearly.")
    assert shared_runs("keep a record of every AI system the firm uses", source) == 3
    assert shared_runs("Record each AI system in an inventory and review it every year.", source) == 0


@pytest.mark.skipif(not REFERENCE.exists(), reason="the shared reference is not beside this checkout")
def test_no_control_text_echoes_the_reference() -> None:
    known = word_runs(REFERENCE.read_text(encoding="utf-8"))
    echoes = [
        (c.id, field, n)
        for c in load_catalog().controls()
        for field in ("requirement", "verify")
        if (n := shared_runs(getattr(c, field).en, known)) >= 4
    ]
    assert echoes == []

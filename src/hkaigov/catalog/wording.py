"""Check that catalog text is in our own words: count the long word runs it shares with a source text."""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-z0-9']+")
RUN = 8


def word_runs(text: str, length: int = RUN) -> set[tuple[str, ...]]:
    """Every run of `length` consecutive words (lower case, punctuation ignored)."""
    words = _WORD.findall(text.lower())
    return {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}


def shared_runs(text: str, source_runs: set[tuple[str, ...]]) -> int:
    return len(word_runs(text) & source_runs)

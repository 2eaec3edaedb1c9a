"""The word lists recognisers use (names, places, context words), loaded once from `pii/data/*.yaml`."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"


def _load(name: str) -> dict[str, list[str]]:
    """Lists of strings; anything else is a typo YAML read as something else (`On` is a boolean), so it fails."""
    raw = yaml.safe_load((DATA_DIR / name).read_text(encoding="utf-8"))
    for key, values in raw.items():
        wrong = [v for v in values if not isinstance(v, str)]
        if wrong:
            raise ValueError(f"{name}: {key}: not strings (quote them): {wrong!r}")
    return {str(k): list(vs) for k, vs in raw.items()}


@dataclass(frozen=True)
class Names:
    surnames_zh: frozenset[str]
    surnames_latin: frozenset[str]
    given_syllables: frozenset[str]
    given_english: frozenset[str]
    surnames_western: frozenset[str]
    titles_latin: tuple[str, ...]
    labels_latin: tuple[str, ...]
    labels_org_latin: frozenset[str]
    roles_latin: frozenset[str]
    titles_zh: tuple[str, ...]
    roles_zh: tuple[str, ...]
    labels_zh: tuple[str, ...]
    name_stop_zh: frozenset[str]
    name_stop_words_zh: tuple[str, ...]
    name_joiners_zh: frozenset[str]
    predicates_zh: tuple[str, ...]
    cues_zh: tuple[str, ...]
    not_names_zh: frozenset[str]
    not_names: tuple[str, ...]


@dataclass(frozen=True)
class Places:
    latin: tuple[str, ...]  # districts, areas and regions, longest first
    regions_latin: tuple[str, ...]
    districts_zh: tuple[str, ...]  # districts and areas, longest first
    regions_zh: tuple[str, ...]


@cache
def names() -> Names:
    d = _load("names.yaml")
    return Names(
        surnames_zh=frozenset(d["surnames_zh"]),
        surnames_latin=frozenset(d["surnames_latin"]),
        given_syllables=frozenset(d["given_syllables"]),
        given_english=frozenset(d["given_english"]),
        surnames_western=frozenset(d["surnames_western"]),
        titles_latin=tuple(d["titles_latin"]),
        labels_latin=tuple(d["labels_latin"]),
        labels_org_latin=frozenset(d["labels_org_latin"]),
        roles_latin=frozenset(d["roles_latin"]),
        titles_zh=tuple(d["titles_zh"]),
        roles_zh=tuple(d["roles_zh"]),
        labels_zh=tuple(d["labels_zh"]),
        name_stop_zh=frozenset(d["name_stop_zh"]),
        name_stop_words_zh=tuple(d["name_stop_words_zh"]),
        name_joiners_zh=frozenset(d["name_joiners_zh"]),
        predicates_zh=tuple(d["predicates_zh"]),
        cues_zh=tuple(d["cues_zh"]),
        not_names_zh=frozenset(d["not_names_zh"]),
        not_names=tuple(d["not_names"]),
    )


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@cache
def places() -> Places:
    d = _load("places.yaml")
    return Places(
        latin=_longest_first(d["districts_en"] + d["areas_en"] + d["regions_en"]),
        regions_latin=_longest_first(d["regions_en"]),
        districts_zh=_longest_first(d["districts_zh"] + d["areas_zh"]),
        regions_zh=_longest_first(d["regions_zh"]),
    )


@cache
def context_words() -> dict[str, tuple[str, ...]]:
    return {group: tuple(words) for group, words in _load("context.yaml").items()}

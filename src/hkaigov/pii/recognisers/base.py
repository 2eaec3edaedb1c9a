"""The recogniser registry: each recogniser is a plain function registered with a decorator.

A recogniser receives the folded text and a context index and yields candidates it has validated and
scored. Its `triggers` are regular expressions over UTF-8 bytes, compatible with both Hyperscan and
Python's `re`; the scanner runs a recogniser only on texts where one of its triggers matches, so
triggers must match (at least) wherever the recogniser could find something.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from hkaigov.pii.context import ContextIndex
from hkaigov.pii.findings import EntityType


@dataclass(frozen=True, slots=True)
class Candidate:
    start: int
    end: int
    score: float
    suspected: bool = False


FindFunction = Callable[[str, ContextIndex], Iterable[Candidate]]


@dataclass(frozen=True)
class Part:
    """One way a recogniser finds values, with the triggers that way needs: the scanner runs a part only where
    one of its own triggers matched (a text with a romanised name need not be searched for Chinese ones)."""

    triggers: tuple[str, ...]
    find: FindFunction


@dataclass(frozen=True)
class Recogniser:
    entity: EntityType
    find: FindFunction
    triggers: tuple[str, ...]
    priority: int  # breaks ties between overlapping findings of equal score and length (lower wins)
    parts: tuple[Part, ...] = ()  # empty: one part, `find` with `triggers`

    def all_parts(self) -> tuple[Part, ...]:
        return self.parts or (Part(self.triggers, self.find),)


REGISTRY: dict[EntityType, Recogniser] = {}

# Numeric values must not be glued to other letters/digits, nor continue a longer number such as
# 012-345-67890123 or 3.14159265. CJK characters around a value are fine: they are not [0-9A-Za-z].
BEFORE = r"(?<![0-9A-Za-z])(?<![0-9][\-./,])"
# A pattern that starts with a lookahead for its first character lets `re` skip to the next position where
# that character could be, instead of trying the lookbehinds at every position: 2-3 times faster searches.
DIGIT_FIRST = r"(?=[0-9])"
AFTER = r"(?![0-9A-Za-z])(?![\-./,][0-9])"


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first, so a longer word wins over its prefix."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def recogniser(
    entity: EntityType, *, triggers: Iterable[str], priority: int, parts: tuple[Part, ...] = ()
) -> Callable[[FindFunction], FindFunction]:
    def register(find: FindFunction) -> FindFunction:
        REGISTRY[entity] = Recogniser(entity, find, tuple(triggers), priority, parts)
        return find

    return register

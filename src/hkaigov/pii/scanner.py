"""The scanner: fold, prefilter, run the recognisers a text needs, resolve overlaps.

`Scanner.scan` works on one string. `Scanner.lines_to_scan` works on a raw block of lines (JSONL or
plain text) and says which lines can hold anything at all, so that a large file is decoded and parsed
only where a trigger matched; `scan` on every other line would return nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cache

from hkaigov.domain.errors import InputError
from hkaigov.pii.context import ContextIndex
from hkaigov.pii.findings import EntityType, Finding
from hkaigov.pii.normalise import fold
from hkaigov.pii.prefilter import FOLD_TRIGGER, Prefilter, build
from hkaigov.pii.recognisers import REGISTRY, Candidate, Recogniser
from hkaigov.pii.recognisers.base import FindFunction

DEFAULT_MIN_SCORE = 0.5

# JSON escapes, replaced by two spaces before the raw prefilter runs. A space behaves, for every
# trigger, at least as permissively as the character the escape stands for. \u and \/ escapes are
# not replaced: a line holding one takes the careful path.
_JSON_ESCAPE = re.compile(rb'\\[nrtbf"\\]')
_NEEDS_DECODING = re.compile(rb"\\[u/]")


def parse_types(types: Iterable[str] | None) -> tuple[EntityType, ...]:
    """Entity types by name (case-insensitive), in registry order; all of them when None."""
    if types is None:
        return tuple(EntityType)
    chosen: set[EntityType] = set()
    for name in types:
        try:
            chosen.add(EntityType(name.strip().upper()))
        except ValueError:
            known = ", ".join(t.value for t in EntityType)
            raise InputError(f"--types: unknown entity type '{name}' (known: {known})") from None
    return tuple(t for t in EntityType if t in chosen)


@dataclass(frozen=True)
class ScanOptions:
    """What a scan looks for; picklable, so workers and Dask tasks can rebuild the same scanner."""

    types: tuple[EntityType, ...] = tuple(EntityType)
    min_score: float = DEFAULT_MIN_SCORE
    suspected: bool = False
    engine: str = "auto"


@dataclass
class Scanner:
    options: ScanOptions = field(default_factory=ScanOptions)

    def __post_init__(self) -> None:
        self.recognisers: list[Recogniser] = [REGISTRY[t] for t in self.options.types]
        # Prefilter groups are the recognisers' parts: (recogniser, find function), one per group index.
        parts = [(r, part) for r in self.recognisers for part in r.all_parts()]
        self.parts: list[tuple[Recogniser, FindFunction]] = [(r, part.find) for r, part in parts]
        groups = [[p.encode() for p in part.triggers] for _, part in parts]
        self._text_filter: Prefilter = build(groups, self.options.engine)
        self._raw_groups = [*groups, [FOLD_TRIGGER]]
        self._raw: Prefilter | None = None
        self.engine = self._text_filter.engine

    def scan(self, text: str, which: Collection[int] | None = None) -> list[Finding]:
        """Findings in `text`, sorted by start; offsets are Python string indices into `text`.

        `which`: the parts (indexes into `parts`) whose triggers match, when the caller already knows them
        from the raw prefilter (`lines_to_scan`); a superset is fine, since a part whose trigger does not match
        finds nothing.
        """
        folded = fold(text)
        if which is None:
            which = self._text_filter.which(folded.encode("utf-8", "surrogatepass"))
        if not which:
            return []
        context = ContextIndex(folded)
        candidates: list[tuple[Candidate, Recogniser]] = []
        for i in sorted(which):
            r, find = self.parts[i]
            candidates.extend((c, r) for c in find(folded, context))
        return self._resolve(candidates) if candidates else []

    def _resolve(self, candidates: list[tuple[Candidate, Recogniser]]) -> list[Finding]:
        """Keep the best of overlapping candidates: higher score, then longer, then recogniser priority."""
        sure = [(c, r) for c, r in candidates if not c.suspected and c.score >= self.options.min_score]
        chosen = _non_overlapping(sure, [])
        if self.options.suspected:
            chosen = _non_overlapping([(c, r) for c, r in candidates if c.suspected], chosen)
        return sorted(
            (Finding(c.start, c.end, r.entity.value, c.score, c.suspected) for c, r in chosen),
            key=lambda f: (f.start, f.end),
        )

    @property
    def _raw_filter(self) -> Prefilter:
        """Compiled on first use: a scan of single strings never needs it."""
        if self._raw is None:
            self._raw = build(self._raw_groups, self.options.engine, mode="hits")
        return self._raw

    def lines_to_scan(self, block: bytes, *, json_lines: bool) -> LineSelection:
        """The lines of `block` that could hold a finding, and which recogniser parts each of them needs."""
        data = block
        careful: set[int] = set()
        newlines = _newlines(block)
        if json_lines and b"\\" in block:
            data = _JSON_ESCAPE.sub(b"  ", block)
            careful = {bisect_left(newlines, m.start()) for m in _NEEDS_DECODING.finditer(data)}
        raw = self._raw_filter
        patterns: dict[int, set[int]] = {}  # line -> ids of the patterns that matched in it
        for pattern, end in raw.hits(data):
            line = bisect_left(newlines, end - 1)
            found = patterns.get(line)
            if found is None:
                patterns[line] = {pattern}
            else:
                found.add(pattern)
        fold_group = len(self.parts)
        groups: dict[int, set[int]] = {}
        for line, ids in patterns.items():
            which = groups[line] = set()
            for pattern in ids:
                which.update(raw.owners[pattern])
            if fold_group in which:
                careful.add(line)
        for line in careful:
            groups.pop(line, None)
        return LineSelection(sorted(groups.keys() | careful), newlines, groups)


@dataclass(frozen=True)
class LineSelection:
    """`indexes`: 0-based lines to scan, in order; `newlines`: the offsets of the block's newlines;
    `which`: for a line whose raw bytes are its text (no escape to decode, nothing to fold), the recogniser parts
    whose triggers matched it, to pass to `Scanner.scan`. Other lines are scanned from scratch."""

    indexes: list[int]
    newlines: list[int]
    which: dict[int, set[int]]


def _newlines(block: bytes) -> list[int]:
    out: list[int] = []
    find, append = block.find, out.append
    i = find(b"\n")
    while i >= 0:
        append(i)
        i = find(b"\n", i + 1)
    return out


def _non_overlapping(
    candidates: list[tuple[Candidate, Recogniser]], chosen: list[tuple[Candidate, Recogniser]]
) -> list[tuple[Candidate, Recogniser]]:
    ranked = sorted(candidates, key=lambda cr: (-cr[0].score, cr[0].start - cr[0].end, cr[1].priority, cr[0].start))
    out = list(chosen)
    taken = sorted((c.start, c.end) for c, _ in chosen)
    for c, r in ranked:
        i = bisect_left(taken, (c.start, c.end))
        if (i > 0 and taken[i - 1][1] > c.start) or (i < len(taken) and taken[i][0] < c.end):
            continue
        taken.insert(i, (c.start, c.end))
        out.append((c, r))
    return out


@cache
def scanner_for(options: ScanOptions) -> Scanner:
    """One compiled scanner per set of options, per process."""
    return Scanner(options)


def scan_text(
    text: str,
    *,
    types: Collection[str] | None = None,
    min_score: float = DEFAULT_MIN_SCORE,
    suspected: bool = False,
    engine: str = "auto",
) -> list[Finding]:
    """Find Hong Kong personal data in `text`."""
    return scanner_for(ScanOptions(parse_types(types), min_score, suspected, engine)).scan(text)

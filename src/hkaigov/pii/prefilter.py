"""One pass over UTF-8 bytes that says which recognisers could find something, and where.

Two engines give the same answer: Hyperscan (the `hyperscan` package) compiles every trigger of
every recogniser into one database and scans at memory speed; the fallback runs each trigger with
Python's `re`. Results never depend on which one ran, because a trigger only decides whether a
recogniser looks at a text — the recogniser's own pattern decides what it finds.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from hkaigov.cache import cache_dir

# In raw input, folding (full-width → ASCII, odd spaces/dashes → plain) can create a match that the
# raw bytes lack. A line holding any character that folds into one a trigger uses — ＇－．／：, a
# full-width letter, digit or @, a dash, the minus sign, an odd space — takes the careful path
# (decode, fold, prefilter again). Requiring such a character to touch an ASCII letter or digit would
# be cheaper but wrong: "Name ： Peter" and "姓名\u3000陳大文" complete a trigger only after folding.
_FOLDABLE = (
    rb"\xef\xbc[\x87\x8d-\x8f\x9a]|\xe2\x80[\x80-\x8a\x90-\x95\xaf]|\xe2\x81\x9f|\xe2\x88\x92"
    rb"|\xe3\x80\x80|\xc2\xa0|\xe1\x9a\x80|\xef\xb9[\x98\xa3]"
)
FOLD_TRIGGER = rb"\xef\xbc[\x90-\x99\xa0-\xba]|\xef\xbd[\x81-\x9a]|" + _FOLDABLE


class Prefilter(Protocol):
    engine: str
    owners: list[tuple[int, ...]]

    def which(self, data: bytes) -> set[int]:
        """Indexes of the pattern groups with at least one match in `data`."""
        ...

    def hits(self, data: bytes) -> list[tuple[int, int]]:
        """(pattern id, byte offset of the match's end) for every match in `data`; `owners[pattern id]` are
        the groups holding that pattern (several recognisers share a trigger, which is looked for once)."""
        ...


def _unique(groups: Sequence[Sequence[bytes]]) -> tuple[list[bytes], list[tuple[int, ...]]]:
    """Each distinct pattern once, with the groups that hold it."""
    owners: dict[bytes, list[int]] = {}
    for i, group in enumerate(groups):
        for pattern in group:
            owners.setdefault(pattern, []).append(i)
    return list(owners), [tuple(g) for g in owners.values()]


class RegexPrefilter:
    engine = "python-re"

    def __init__(self, groups: Sequence[Sequence[bytes]]) -> None:
        self._patterns = [re.compile(b"|".join(b"(?:" + p + b")" for p in g)) for g in groups]
        unique, self.owners = _unique(groups)
        self._each = [re.compile(p) for p in unique]

    def which(self, data: bytes) -> set[int]:
        return {i for i, p in enumerate(self._patterns) if p.search(data)}

    def hits(self, data: bytes) -> list[tuple[int, int]]:
        return [(i, m.end()) for i, p in enumerate(self._each) for m in p.finditer(data)]


def _cache_dir() -> Path:
    """Compiled databases are cached here: compiling the name gazetteers takes seconds, loading takes ms."""
    return cache_dir("hyperscan")


def _compile(expressions: list[bytes], ids: list[int], flags: int) -> Any:
    import hyperscan

    digest = hashlib.sha256(
        repr((getattr(hyperscan, "__version__", ""), flags, ids, expressions)).encode("utf-8", "surrogateescape")
    ).hexdigest()[:24]
    cached = _cache_dir() / f"{digest}.db"
    try:
        return hyperscan.loadb(cached.read_bytes(), hyperscan.HS_MODE_BLOCK)
    except (OSError, hyperscan.error):
        pass
    db = hyperscan.Database()
    db.compile(expressions=expressions, ids=ids, elements=len(expressions), flags=[flags] * len(expressions))
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(hyperscan.dumpb(db))
        os.replace(tmp, cached)
    except OSError:
        pass  # a read-only home: compile each time
    return db


class HyperscanPrefilter:
    """`mode` "which" compiles for `which` (first match per pattern), "hits" for `hits` (every match)."""

    engine = "hyperscan"

    def __init__(self, groups: Sequence[Sequence[bytes]], mode: str = "which") -> None:
        import hyperscan

        expressions: list[bytes] = []
        ids: list[int] = []
        if mode == "which":
            for i, group in enumerate(groups):
                for pattern in group:
                    expressions.append(pattern)
                    ids.append(i)
            self.owners: list[tuple[int, ...]] = [(i,) for i in range(len(groups))]
        else:
            expressions, self.owners = _unique(groups)
            ids = list(range(len(expressions)))
        self.mode = mode
        self._db: Any = None
        if not expressions:
            return  # nothing to look for (an empty type list): Hyperscan refuses an empty database
        flags = hyperscan.HS_FLAG_ALLOWEMPTY | (hyperscan.HS_FLAG_SINGLEMATCH if mode == "which" else 0)
        self._db = _compile(expressions, ids, flags)
        self._db.scratch = hyperscan.Scratch(self._db)

    def which(self, data: bytes) -> set[int]:
        found: set[int] = set()
        if self._db is None:
            return found
        add: Callable[[int], None] = found.add

        def on_match(pattern_id: int, start: int, end: int, flags: int, context: object) -> None:
            add(pattern_id)

        self._db.scan(data, match_event_handler=on_match)
        return found

    def hits(self, data: bytes) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        if self._db is None:
            return out
        append = out.append

        def on_match(pattern_id: int, start: int, end: int, flags: int, context: object) -> None:
            append((pattern_id, end))

        self._db.scan(data, match_event_handler=on_match)
        return out


def hyperscan_available() -> bool:
    try:
        import hyperscan  # noqa: F401
    except ImportError:
        return False
    return True


def build(groups: Sequence[Sequence[bytes]], engine: str = "auto", mode: str = "which") -> Prefilter:
    """`engine`: "hyperscan", "python-re", or "auto" (Hyperscan when installed); `mode`: "which" or "hits"."""
    if engine == "hyperscan" or (engine == "auto" and hyperscan_available()):
        return HyperscanPrefilter(groups, mode)
    if engine in ("python-re", "auto"):
        return RegexPrefilter(groups)
    raise ValueError(f"unknown prefilter engine {engine!r}")

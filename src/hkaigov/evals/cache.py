"""A content-addressed cache of answers: the key is a hash of the target's identity and the messages.

Stored in one SQLite file. Writes are batched and committed every so often (and at close), so that the
cache does not cost a disk sync per request; an interrupted run loses at most the last batch.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

from hkaigov.cache import cache_dir
from hkaigov.evals.targets import Completion


def default_cache_dir() -> Path:
    return cache_dir("evals")


def cache_key(identity: str, messages: Sequence[Mapping[str, str]]) -> str:
    payload = json.dumps([identity, [dict(m) for m in messages]], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


class ResponseCache:
    COMMIT_EVERY = 200
    COMMIT_SECONDS = 2.0

    def __init__(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.path = directory / "responses.sqlite"
        self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS responses (key TEXT PRIMARY KEY, text TEXT NOT NULL, tokens INTEGER NOT NULL)"
        )
        self._pending: list[tuple[str, str, int]] = []
        self._last_commit = time.monotonic()

    def get(self, key: str) -> Completion | None:
        for pending in self._pending:
            if pending[0] == key:
                return Completion(pending[1], pending[2])
        row = self._db.execute("SELECT text, tokens FROM responses WHERE key = ?", (key,)).fetchone()
        return Completion(row[0], row[1]) if row else None

    def put(self, key: str, completion: Completion) -> None:
        self._pending.append((key, completion.text, completion.tokens))
        if len(self._pending) >= self.COMMIT_EVERY or time.monotonic() - self._last_commit > self.COMMIT_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO responses VALUES (?, ?, ?)", self._pending)
            self._pending.clear()
        self._last_commit = time.monotonic()

    def close(self) -> None:
        self.flush()
        self._db.close()

"""Empty registers on SQLite and PostgreSQL for tests (each PostgreSQL one in its own schema, dropped after).

PostgreSQL tests never skip: when the server is unreachable they fail, so CI cannot pass without it.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg

from hkaigov.store.settings import Settings

PG_URL = os.environ.get("HKAIGOV_TEST_PG_URL", "postgresql://postgres@127.0.0.1:5432/test")
ENGINES = ("sqlite", "postgresql")


@dataclass
class RegisterTarget:
    """One empty register for one test: its environment (for CLI runs) and its settings."""

    engine: str
    url: str
    data_dir: Path
    schema: str | None = None

    @property
    def env(self) -> dict[str, str]:
        return {"HKAIGOV_DATABASE_URL": self.url, "HKAIGOV_DATA_DIR": str(self.data_dir)}

    def settings(self, **overrides: object) -> Settings:
        return Settings(database_url=self.url, data_dir=self.data_dir, **overrides)  # type: ignore[arg-type]


def _pg_admin() -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(PG_URL, autocommit=True, connect_timeout=5)


@contextlib.contextmanager
def make_target(engine: str, tmp_path: Path) -> Iterator[RegisterTarget]:
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    if engine == "sqlite":
        yield RegisterTarget(engine, f"sqlite:///{data / 'hkaigov.db'}", data)
        return
    schema = f"hkt_{uuid.uuid4().hex[:16]}"
    with _pg_admin() as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield RegisterTarget(engine, f"{PG_URL}?options=-csearch_path%3D{schema}", data, schema)
    finally:
        with _pg_admin() as conn:
            conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')

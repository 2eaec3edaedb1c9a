"""Shared fixtures: paths to the repository's examples and a CLI runner."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from typer.testing import CliRunner

from hkaigov.store.db import Database
from hkaigov.store.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _private_register(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's own register: the default one lives in a temporary directory."""
    monkeypatch.setenv("HKAIGOV_DATA_DIR", str(tmp_path_factory.mktemp("default-register")))
    monkeypatch.delenv("HKAIGOV_DATABASE_URL", raising=False)
    monkeypatch.delenv("HKAIGOV_USER", raising=False)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


# --- the register on both engines --------------------------------------------------------------------
# PostgreSQL tests never skip: when the server is unreachable they fail, so CI cannot pass without it.

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


@pytest.fixture(params=ENGINES)
def target(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RegisterTarget]:
    """An empty, un-migrated register on SQLite and on PostgreSQL (its own schema, dropped afterwards)."""
    with make_target(request.param, tmp_path) as t:
        yield t


@pytest.fixture
def db(target: RegisterTarget) -> Iterator[Database]:
    """A migrated, empty register on each engine."""
    database = Database(target.settings(max_upload_mb=1))
    database.upgrade()
    yield database
    database.dispose()


@pytest.fixture
def register_env(target: RegisterTarget, monkeypatch: pytest.MonkeyPatch) -> RegisterTarget:
    """The CLI pointed at an empty register (HKAIGOV_* set for this test)."""
    for key, value in target.env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("HKAIGOV_USER", raising=False)
    return target

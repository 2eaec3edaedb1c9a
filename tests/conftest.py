"""Shared fixtures: paths to the repository's examples and a CLI runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.registers import ENGINES, RegisterTarget, make_target
from typer.testing import CliRunner

from hkaigov.store.db import Database

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

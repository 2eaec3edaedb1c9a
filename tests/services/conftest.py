"""Fixtures for the service tests: the catalog, the example profiles, a fixed clock, a team of users, and
`act(name)`, one committed transaction on behalf of a user (on both engines through `db`)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from hkaigov.catalog.loader import load_catalog
from hkaigov.domain.catalog import Catalog
from hkaigov.domain.enums import UserRole
from hkaigov.domain.profile import AISystemProfile
from hkaigov.io.manifests import load_manifests
from hkaigov.services import systems, users
from hkaigov.services.context import Context
from hkaigov.store.db import Database
from hkaigov.store.models import Base

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
TODAY = NOW.date()

ADMIN, ASSESSOR, REVIEWER, REVIEWER2, VIEWER = "admin", "ann.assessor", "rita.reviewer", "rob.reviewer", "vic.viewer"

Act = Callable[[str], AbstractContextManager[Context]]


def fixed_clock() -> dt.datetime:
    return NOW


def revise(profile: AISystemProfile, **changes: Any) -> AISystemProfile:
    """The profile with some fields changed, validated again."""
    return AISystemProfile.model_validate({**systems.profile_data(profile), **changes})


def count(db: Database, table: str) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(Base.metadata.tables[table])) or 0)


def table_counts(db: Database) -> dict[str, int]:
    return {name: count(db, name) for name in Base.metadata.tables}


def blob_files(db: Database) -> list[Path]:
    root = db.settings.blob_dir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(None, ())


@pytest.fixture(scope="session")
def profiles() -> dict[str, AISystemProfile]:
    return {m.profile.id: m.profile for m in load_manifests(sorted(EXAMPLES.glob("*.yaml")))}


@pytest.fixture
def act(db: Database, catalog: Catalog) -> Act:
    @contextlib.contextmanager
    def acting(name: str) -> Iterator[Context]:
        with db.transaction() as session:
            yield Context(session, users.actor(session, name, fixed_clock), catalog, db.blobs, fixed_clock)

    return acting


@pytest.fixture
def team(db: Database) -> None:
    """admin (bootstrapped), an assessor, two reviewers and a viewer."""
    with db.transaction() as session:
        admin = users.actor(session, ADMIN, fixed_clock)
        users.add(session, admin, ASSESSOR, UserRole.ASSESSOR, fixed_clock)
        users.add(session, admin, REVIEWER, UserRole.REVIEWER, fixed_clock)
        users.add(session, admin, REVIEWER2, UserRole.REVIEWER, fixed_clock)
        users.add(session, admin, VIEWER, UserRole.VIEWER, fixed_clock)

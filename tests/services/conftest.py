"""Fixtures for the service tests: the catalog, the example profiles, a team of users, and `act(name)`,
one committed transaction on behalf of a user (on both engines through `db`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import pytest
from tests.services.support import ADMIN, ASSESSOR, EXAMPLES, REVIEWER, REVIEWER2, VIEWER, Act, fixed_clock

from hkaigov.catalog.loader import load_catalog
from hkaigov.domain.catalog import Catalog
from hkaigov.domain.enums import UserRole
from hkaigov.domain.profile import AISystemProfile
from hkaigov.io.manifests import load_manifests
from hkaigov.services import users
from hkaigov.services.context import Context
from hkaigov.store.db import Database


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

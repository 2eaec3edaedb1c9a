"""The Alembic migrations: upgrade an empty database, downgrade to nothing, upgrade again, and create
exactly the schema the models describe — on SQLite and on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from tests.registers import RegisterTarget

from hkaigov.domain.errors import InputError
from hkaigov.store.db import Database
from hkaigov.store.models import Base

ALL_TABLES = sorted([*Base.metadata.tables, "alembic_version"])


def tables(db: Database) -> list[str]:
    with db.connect() as conn:
        return sorted(inspect(conn).get_table_names())


def schema_diff(db: Database) -> list[Any]:
    with db.connect() as conn:
        return list(compare_metadata(MigrationContext.configure(conn), Base.metadata))


def test_upgrade_downgrade_upgrade(target: RegisterTarget) -> None:
    db = Database(target.settings())
    try:
        assert db.current_revision() is None
        assert tables(db) == []

        assert db.upgrade() == (None, db.head_revision())
        assert db.current_revision() == db.head_revision()
        assert tables(db) == ALL_TABLES
        assert db.upgrade() == (db.head_revision(), db.head_revision())  # idempotent

        db.downgrade("base")
        assert tables(db) == ["alembic_version"]
        assert db.current_revision() is None

        db.upgrade()
        assert tables(db) == ALL_TABLES
        assert db.current_revision() == db.head_revision()
        assert schema_diff(db) == []
    finally:
        db.dispose()


def test_models_match_the_migration(db: Database) -> None:
    assert schema_diff(db) == []


def test_the_comparison_can_see_a_difference(db: Database) -> None:
    """compare_metadata really looks at the database: a dropped index shows up as a difference."""
    with db.connect() as conn:
        conn.exec_driver_sql("DROP INDEX ix_comments_system_id")
        conn.commit()
    diff = schema_diff(db)
    assert diff and diff[0][0] == "add_index"


def test_require_current_refuses_an_uninitialised_register(target: RegisterTarget) -> None:
    db = Database(target.settings())
    try:
        with pytest.raises(InputError, match="not initialised"):
            db.require_current()
        db.upgrade()
        db.require_current()
        db.downgrade("base")
        with pytest.raises(InputError, match="hkaigov init"):
            db.require_current()
    finally:
        db.dispose()

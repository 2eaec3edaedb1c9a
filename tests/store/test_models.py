"""Model details the rest relies on: timestamps are aware UTC on both engines, naive ones are refused,
and the optimistic-lock columns are wired to the mapper."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import inspect as orm_inspect
from sqlalchemy.exc import StatementError

from hkaigov.store.db import Database
from hkaigov.store.models import (
    ID_TABLES,
    AISystem,
    AssessmentRecord,
    AuditHead,
    Base,
    Organisation,
    Reassessment,
    User,
)

HK = dt.timezone(dt.timedelta(hours=8))


def test_timestamps_come_back_as_aware_utc(db: Database) -> None:
    at = dt.datetime(2026, 11, 23, 17, 30, 15, 123456, tzinfo=HK)
    with db.transaction() as session:
        org = Organisation(slug="acme", name="Acme", created_at=at)
        session.add(org)
        session.flush()
        org_id = org.id
    with db.reading() as session:
        loaded = session.get(Organisation, org_id)
        assert loaded is not None
        assert loaded.created_at == at
        assert loaded.created_at.tzinfo == dt.UTC
        assert loaded.created_at.hour == 9


def test_naive_timestamps_are_refused(db: Database) -> None:
    with pytest.raises(StatementError, match="naive datetime"), db.transaction() as session:
        session.add(Organisation(slug="acme", name="Acme", created_at=dt.datetime(2026, 11, 23, 9, 0)))
        session.flush()


@pytest.mark.parametrize("model", [Organisation, User, AISystem, AssessmentRecord, Reassessment, AuditHead])
def test_edited_rows_are_optimistically_locked(model: type[Base]) -> None:
    mapper = orm_inspect(model)
    assert mapper.version_id_col is not None
    assert mapper.version_id_col.name == "version"


def test_id_tables_have_integer_ids() -> None:
    for model in ID_TABLES:
        assert "id" in Base.metadata.tables[model.__tablename__].columns

"""The register fixture works on both engines (a migrated, empty database)."""

from __future__ import annotations

from hkaigov.store import audit
from hkaigov.store.db import Database


def test_empty_register_verifies(db: Database) -> None:
    with db.reading() as session:
        result = audit.verify(session)
    assert result.ok and result.entries == 0
    assert db.current_revision() == db.head_revision()

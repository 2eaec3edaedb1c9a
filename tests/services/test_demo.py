"""The demo register: enough of everything for every screen, and a chain that verifies."""

from __future__ import annotations

from tests.services.support import TODAY, blob_files, count, fixed_clock

from hkaigov.domain.catalog import Catalog
from hkaigov.domain.profile import AISystemProfile
from hkaigov.services import demo, reassessments
from hkaigov.store import audit
from hkaigov.store.db import Database


def test_demo_fills_an_empty_register(db: Database, catalog: Catalog, profiles: dict[str, AISystemProfile]) -> None:
    with db.transaction() as session:
        assert not demo.has_systems(session)
        summary = demo.load_demo(session, catalog, db.blobs, list(profiles.values()), fixed_clock)
    assert summary.systems == len(profiles) >= 10
    assert summary.versions == summary.systems + 8
    assert summary.assessments == summary.systems
    assert summary.signoffs >= 2 and summary.comments >= 2 and summary.evidence >= 4
    assert count(db, "ai_systems") == summary.systems
    assert count(db, "profile_versions") == summary.versions
    assert count(db, "evidence") == summary.evidence
    assert count(db, "signoffs") == summary.signoffs
    assert count(db, "comments") == summary.comments
    assert count(db, "users") == 1 + len(demo.DEMO_USERS)
    # the shared policy file is stored once however often it is attached
    assert count(db, "blobs") == len(blob_files(db)) < summary.evidence
    with db.reading() as session:
        assert demo.has_systems(session)
        result = audit.verify(session)
        assert result.ok and result.entries == count(db, "audit_log") > summary.systems
        overdue = [d for d in reassessments.due(session, TODAY) if d.overdue_days]
        assert {d.reason for d in overdue} == {"quarterly model validation (internal policy)"}
        assert len(overdue) == 2

"""The reassessment schedule: what is due when and why, closed by the next assessment, and systems whose
applicable controls changed under a new catalog version."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import delete, select
from tests.services.support import ASSESSOR, REVIEWER, TODAY, VIEWER, Act, count

from hkaigov.domain.catalog import Catalog
from hkaigov.domain.errors import PermissionDenied
from hkaigov.domain.profile import AISystemProfile
from hkaigov.services import assessments, reassessments, systems
from hkaigov.store.db import Database
from hkaigov.store.models import AssessmentRecord, FindingRecord, Reassessment

CHATBOT, SPAM = "bank-genai-chatbot", "tech-spam-filter"
CHATBOT_REF, SPAM_REF = "harbour-city-bank-limited/bank-genai-chatbot", "example-software-limited/tech-spam-filter"


@pytest.fixture
def registered(act: Act, profiles: dict[str, AISystemProfile], team: None) -> None:
    with act(ASSESSOR) as ctx:
        for key in (CHATBOT, SPAM):
            systems.register(ctx, profiles[key])


@pytest.mark.usefixtures("registered")
def test_due_lists_open_items_earliest_first(db: Database, act: Act) -> None:
    with act(REVIEWER) as ctx:
        reassessments.schedule(ctx, systems.find(ctx.session, SPAM), TODAY - dt.timedelta(days=10), "late one")
        reassessments.schedule(ctx, systems.find(ctx.session, CHATBOT), TODAY + dt.timedelta(days=5), "soon")
    with db.reading() as session:
        now = [(d.system, d.reason, d.overdue_days) for d in reassessments.due(session, TODAY)]
        soon = [d.reason for d in reassessments.due(session, TODAY, within_days=5)]
    assert now == [
        (SPAM_REF, "late one", 10),
        (SPAM_REF, "initial assessment of a newly registered system", 0),  # same day: by organisation, system
        (CHATBOT_REF, "initial assessment of a newly registered system", 0),
    ]
    assert soon[-1] == "soon" and len(soon) == 4


@pytest.mark.usefixtures("registered")
def test_the_same_open_reason_is_not_repeated(db: Database, act: Act) -> None:
    later, earlier = TODAY + dt.timedelta(days=30), TODAY + dt.timedelta(days=7)
    with act(ASSESSOR) as ctx:
        spam = systems.find(ctx.session, SPAM)
        a = reassessments.schedule(ctx, spam, later, "vendor audit")
        b = reassessments.schedule(ctx, spam, earlier, "vendor audit")
        c = reassessments.schedule(ctx, spam, later, "vendor audit")
        assert a.id == b.id == c.id and c.due == earlier
    with db.reading() as session:
        items = session.scalars(select(Reassessment).where(Reassessment.reason == "vendor audit")).all()
        assert [(i.due, i.version) for i in items] == [(earlier, 2)]


@pytest.mark.usefixtures("registered")
def test_an_assessment_closes_open_items_and_schedules_the_next_review(db: Database, act: Act) -> None:
    with act(ASSESSOR) as ctx:
        chatbot = systems.find(ctx.session, CHATBOT)
        reassessments.schedule(ctx, chatbot, TODAY - dt.timedelta(days=3), "incident review")
        record, result = assessments.assess(ctx, chatbot)
        assert result.next_review is not None and result.next_review > TODAY
    with db.reading() as session:
        items = session.scalars(
            select(Reassessment).where(Reassessment.system_id == record.system_id).order_by(Reassessment.id)
        ).all()
        assert [(i.reason.split(" (")[0], i.completed_by_assessment_id) for i in items] == [
            ("initial assessment of a newly registered system", record.id),
            ("incident review", record.id),
            ("periodic review", None),
        ]
        assert items[-1].due == result.next_review
        assert [d.system for d in reassessments.due(session, TODAY)] == [SPAM_REF]


@pytest.mark.usefixtures("registered")
def test_viewers_cannot_schedule(db: Database, act: Act) -> None:
    before = count(db, "reassessments")
    with pytest.raises(PermissionDenied, match="may not schedule a reassessment"), act(VIEWER) as ctx:
        reassessments.schedule(ctx, systems.find(ctx.session, SPAM), TODAY, "x")
    assert count(db, "reassessments") == before


def _age(db: Database, ref: str, *, catalog_version: str | None = None, drop_finding: bool = False) -> str | None:
    """Make the system's latest assessment look as if made under another catalog (and/or with one control
    fewer applicable); returns the control dropped."""
    dropped = None
    with db.transaction() as session:
        system = systems.find(session, ref)
        record = assessments.get(session, system)
        if catalog_version:
            record.catalog_version = catalog_version
        if drop_finding:
            finding = session.scalars(
                select(FindingRecord).where(FindingRecord.assessment_id == record.id).order_by(FindingRecord.id)
            ).first()
            assert finding is not None
            dropped = finding.control_id
            session.execute(delete(FindingRecord).where(FindingRecord.id == finding.id))
    return dropped


@pytest.mark.usefixtures("registered")
def test_catalog_changes_flag_systems_whose_controls_changed(db: Database, act: Act, catalog: Catalog) -> None:
    with act(ASSESSOR) as ctx:
        for key in (CHATBOT, SPAM):
            assessments.assess(ctx, systems.find(ctx.session, key))
    with db.reading() as session:
        assert reassessments.catalog_changes(session, catalog, TODAY) == []

    assert _age(db, CHATBOT, catalog_version="2026.01.0", drop_finding=True)
    _age(db, SPAM, catalog_version="2026.01.0")  # older catalog, same controls: nothing to do
    with db.reading() as session:
        flagged = reassessments.catalog_changes(session, catalog, TODAY)
    assert [(d.system, d.due, d.overdue_days) for d in flagged] == [(CHATBOT_REF, TODAY, 0)]
    assert flagged[0].reason == f"catalog 2026.01.0 → {catalog.version}: +1 −0 applicable controls"


@pytest.mark.usefixtures("registered")
def test_catalog_changes_ignore_the_current_catalog_and_older_assessments(
    db: Database, act: Act, catalog: Catalog
) -> None:
    with act(ASSESSOR) as ctx:
        assessments.assess(ctx, systems.find(ctx.session, CHATBOT))
    _age(db, CHATBOT, drop_finding=True)  # same catalog version: not a catalog change
    with db.reading() as session:
        assert reassessments.catalog_changes(session, catalog, TODAY) == []
    _age(db, CHATBOT, catalog_version="2026.01.0")
    with db.reading() as session:
        assert len(reassessments.catalog_changes(session, catalog, TODAY)) == 1
    with act(ASSESSOR) as ctx:  # a new assessment under this catalog settles it
        assessments.assess(ctx, systems.find(ctx.session, CHATBOT))
    with db.reading() as session:
        assert reassessments.catalog_changes(session, catalog, TODAY) == []
        assert session.scalars(select(AssessmentRecord.catalog_version).order_by(AssessmentRecord.id)).all() == [
            "2026.01.0",
            catalog.version,
        ]

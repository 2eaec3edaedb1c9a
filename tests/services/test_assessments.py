"""Assessments kept in the register: the profile and catalog version used, one finding per applicable
control, who may assess, and finding them again."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from tests.services.support import ADMIN, ASSESSOR, REVIEWER, TODAY, VIEWER, Act, count

from hkaigov.domain.errors import NotFoundError, PermissionDenied
from hkaigov.domain.profile import AISystemProfile
from hkaigov.engine.obligations import obligations
from hkaigov.services import assessments, systems
from hkaigov.services.classifications import classify
from hkaigov.store.db import Database

CHATBOT = "bank-genai-chatbot"


@pytest.fixture
def chatbot(act: Act, profiles: dict[str, AISystemProfile], team: None) -> str:
    with act(ASSESSOR) as ctx:
        return systems.register(ctx, profiles[CHATBOT]).system.ref


def test_assessment_records_what_it_used(db: Database, act: Act, chatbot: str) -> None:
    with act(ASSESSOR) as ctx:
        system = systems.find(ctx.session, chatbot)
        record, result = assessments.assess(ctx, system)
        profile = systems.current_profile(ctx.session, system)
        applicable = {a.control.id for a in obligations(profile, classify(profile, ctx.catalog), ctx.catalog)}
        assert record.profile_version_id == systems.current_version(ctx.session, system).id
        assert (record.catalog_version, record.tier, record.as_of) == (ctx.catalog.version, "limited", TODAY)
        assert (record.score, record.gaps, record.status) == (result.score, len(result.gaps), "awaiting_signoff")
        found = assessments.findings(ctx.session, record)
        assert {f.control_id for f in found} == applicable
        assert len(found) == len(applicable)
        manifest = next(f for f in found if f.control_id == "POL-LIMITED-01")
        assert manifest.status == "met" and manifest.evidence_ref and "banner" in manifest.evidence_ref.lower()
        summary = json.loads(record.result_json)
        assert summary["gaps"] == list(result.gaps)


def test_assess_as_of_another_day(db: Database, act: Act, chatbot: str) -> None:
    day = dt.date(2027, 3, 1)
    with act(ADMIN) as ctx:
        record, _ = assessments.assess(ctx, systems.find(ctx.session, chatbot), as_of=day)
        assert record.as_of == day and record.next_review is not None and record.next_review > day


def test_latest_and_by_id(db: Database, act: Act, chatbot: str) -> None:
    with act(ASSESSOR) as ctx:
        first = assessments.assess(ctx, systems.find(ctx.session, chatbot))[0].id
    with act(REVIEWER) as ctx:
        second = assessments.assess(ctx, systems.find(ctx.session, chatbot))[0].id
    with db.reading() as session:
        system = systems.find(session, chatbot)
        assert assessments.get(session, system).id == second
        assert assessments.get(session, system, first).id == first
        assert [(a.id, who) for a, who in assessments.for_system(session, system)] == [
            (first, ASSESSOR),
            (second, REVIEWER),
        ]
        with pytest.raises(NotFoundError):
            assessments.get(session, system, second + 1)


def test_viewers_cannot_assess(db: Database, act: Act, chatbot: str) -> None:
    with pytest.raises(PermissionDenied, match="may not assess"), act(VIEWER) as ctx:
        assessments.assess(ctx, systems.find(ctx.session, chatbot))
    assert count(db, "assessments") == 0 and count(db, "control_findings") == 0

"""Registering systems: a new system, a new profile version (never an overwrite), an unchanged manifest,
stale updates refused, reassessments scheduled on model and tier changes, and who may do it."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from tests.services.support import ADMIN, ASSESSOR, REVIEWER, TODAY, VIEWER, Act, count, revise

from hkaigov.domain.errors import ConflictError, InputError, NotFoundError, PermissionDenied
from hkaigov.domain.profile import AISystemProfile
from hkaigov.services import assessments, classifications, reassessments, systems
from hkaigov.store import audit
from hkaigov.store.db import Database
from hkaigov.store.models import ProfileVersion

CHATBOT = "bank-genai-chatbot"
REF = "harbour-city-bank-limited/bank-genai-chatbot"


def versions(db: Database, ref: str = REF) -> list[tuple[int, str]]:
    with db.reading() as session:
        system = systems.find(session, ref)
        rows = session.scalars(
            select(ProfileVersion).where(ProfileVersion.system_id == system.id).order_by(ProfileVersion.number)
        )
        return [(v.number, v.digest) for v in rows]


def system_version(db: Database, ref: str = REF) -> int:
    with db.reading() as session:
        return systems.find(session, ref).version


@pytest.fixture
def chatbot(profiles: dict[str, AISystemProfile]) -> AISystemProfile:
    return profiles[CHATBOT]


@pytest.mark.usefixtures("team")
def test_register_a_new_system(db: Database, act: Act, chatbot: AISystemProfile) -> None:
    with act(ASSESSOR) as ctx:
        done = systems.register(ctx, chatbot, note="first")
        assert done.outcome == "registered"
        assert (done.system.ref, done.system.version, done.system.current_version) == (REF, 1, 1)
        assert (done.system.tier, done.system.sector, done.system.roles) == (
            "limited",
            "banking",
            "service_provider,service_user",
        )
        assert done.system.catalog_version == ctx.catalog.version
        assert done.version.number == 1 and done.version.note == "first"
        assert systems.load_profile(done.version) == chatbot
        record = classifications.latest(ctx.session, done.system)
        assert record is not None and record.tier == "limited" and record.profile_version_id == done.version.id
    assert versions(db) == [(1, chatbot.digest())]
    with db.reading() as session:
        _, entries = systems.history(session, systems.find(session, CHATBOT))
        assert [e.action for e in entries] == ["system.register", "reassessment.schedule"]
        assert all(e.actor == ASSESSOR for e in entries)
        due = reassessments.due(session, TODAY)
    assert [(d.system, d.reason) for d in due] == [(REF, "initial assessment of a newly registered system")]


@pytest.mark.usefixtures("team")
def test_unchanged_manifest_changes_nothing(db: Database, act: Act, chatbot: AISystemProfile) -> None:
    with act(ASSESSOR) as ctx:
        systems.register(ctx, chatbot)
    before = (count(db, "audit_log"), count(db, "profile_versions"), count(db, "classifications"))
    with act(ASSESSOR) as ctx:
        again = systems.register(ctx, chatbot, expected_version=1)
        assert again.outcome == "unchanged"
        assert again.version.number == 1 and again.system.version == 1
    assert (count(db, "audit_log"), count(db, "profile_versions"), count(db, "classifications")) == before


@pytest.mark.usefixtures("team")
def test_update_adds_a_profile_version(db: Database, act: Act, chatbot: AISystemProfile) -> None:
    v2 = revise(chatbot, description="Now also answers card questions.", owner="Head of Cards")
    with act(ASSESSOR) as ctx:
        systems.register(ctx, chatbot)
    with act(ADMIN) as ctx:
        done = systems.register(ctx, v2, expected_version=1, note="scope")
        assert done.outcome == "updated"
        assert (done.version.number, done.system.current_version, done.system.version) == (2, 2, 2)
        assert done.system.profile_digest == v2.digest()
    assert versions(db) == [(1, chatbot.digest()), (2, v2.digest())]
    with db.reading() as session:
        system = systems.find(session, REF)
        assert systems.current_profile(session, system) == v2
        history, entries = systems.history(session, system)
        assert [(h.version.number, h.author, h.changed) for h in history] == [
            (1, ASSESSOR, []),
            (2, ADMIN, ["description", "owner"]),
        ]
        update = next(e for e in entries if e.action == "system.update")
        assert update.actor == ADMIN and update.before_digest and update.after_digest
        assert '"changed":["description","owner"]' in update.detail


@pytest.mark.usefixtures("team")
def test_stale_expected_version_is_a_conflict(db: Database, act: Act, chatbot: AISystemProfile) -> None:
    """Two users read the system at version 1; the first saves; the second's save, based on version 1, is
    refused, and the first user's profile version is not overwritten."""
    with act(ASSESSOR) as ctx:
        systems.register(ctx, chatbot)
    seen_by_first = seen_by_second = system_version(db)
    first = revise(chatbot, description="First user's change.")
    second = revise(chatbot, description="Second user's change.")
    with act(ASSESSOR) as ctx:
        assert systems.register(ctx, first, expected_version=seen_by_first).outcome == "updated"
    audit_entries = count(db, "audit_log")
    with pytest.raises(ConflictError, match="is at version 2, not 1"), act(ADMIN) as ctx:
        systems.register(ctx, second, expected_version=seen_by_second)
    assert versions(db) == [(1, chatbot.digest()), (2, first.digest())]
    assert system_version(db) == 2
    assert count(db, "audit_log") == audit_entries


@pytest.mark.usefixtures("team")
def test_interleaved_updates_second_commit_is_a_conflict(db: Database, act: Act, chatbot: AISystemProfile) -> None:
    """Both transactions open at once and both read version 1: the one that writes second hits the
    optimistic lock (PostgreSQL; SQLite writers queue at BEGIN IMMEDIATE and never interleave)."""
    if db.dialect != "postgresql":
        pytest.skip("SQLite serialises writers at BEGIN: two write transactions cannot interleave")
    with act(ASSESSOR) as ctx:
        systems.register(ctx, chatbot)
    first = revise(chatbot, description="First user's change.")
    second = revise(chatbot, description="Second user's change.")
    with pytest.raises(ConflictError), act(ADMIN) as late:
        seen = systems.find(late.session, REF).version
        with act(ASSESSOR) as early:
            systems.register(early, first, expected_version=seen)
        systems.register(late, second, expected_version=seen)
    assert versions(db) == [(1, chatbot.digest()), (2, first.digest())]
    assert system_version(db) == 2
    with db.reading() as session:
        assert audit.verify(session).ok


@pytest.mark.usefixtures("team")
def test_expected_version_of_a_missing_system_is_a_conflict(db: Database, act: Act, chatbot: AISystemProfile) -> None:
    with pytest.raises(ConflictError, match="does not exist"), act(ASSESSOR) as ctx:
        systems.register(ctx, chatbot, expected_version=3)
    assert count(db, "ai_systems") == 0


@pytest.mark.usefixtures("team")
def test_third_party_model_change_schedules_a_reassessment(db: Database, act: Act, chatbot: AISystemProfile) -> None:
    with act(ASSESSOR) as ctx:
        system = systems.register(ctx, chatbot).system
        assessments.assess(ctx, system)  # closes the initial reassessment
    with db.reading() as session:
        assert reassessments.due(session, TODAY) == []
    upgraded = revise(
        chatbot, third_party_models=[{"provider": "Example AI Co", "model": "example-chat-2", "access": "api"}]
    )
    with act(ASSESSOR) as ctx:
        assert systems.register(ctx, upgraded).outcome == "updated"
    with db.reading() as session:
        due = reassessments.due(session, TODAY)
    assert len(due) == 1
    assert due[0].system == REF and due[0].due == TODAY
    assert due[0].reason == (
        "third-party model changed: Example AI Co example-chat-1 2026-09 → Example AI Co example-chat-2"
    )


@pytest.mark.usefixtures("team")
def test_other_changes_schedule_nothing(db: Database, act: Act, chatbot: AISystemProfile) -> None:
    with act(ASSESSOR) as ctx:
        assessments.assess(ctx, systems.register(ctx, chatbot).system)
    with db.reading() as session:
        scheduled = [(d.due, d.reason) for d in reassessments.due(session, TODAY, within_days=3650)]
    assert len(scheduled) == 1 and scheduled[0][1].startswith("periodic review")
    with act(ASSESSOR) as ctx:
        assert systems.register(ctx, revise(chatbot, owner="Someone else")).outcome == "updated"
    with db.reading() as session:
        assert [(d.due, d.reason) for d in reassessments.due(session, TODAY, within_days=3650)] == scheduled


@pytest.mark.usefixtures("team")
def test_tier_change_schedules_a_reassessment(db: Database, act: Act, chatbot: AISystemProfile) -> None:
    with act(ASSESSOR) as ctx:
        assessments.assess(ctx, systems.register(ctx, chatbot).system)
    credit = revise(chatbot, purposes=["credit_decision"], decision_impact="significant")
    with act(ASSESSOR) as ctx:
        done = systems.register(ctx, credit)
        assert done.system.tier == "high"
    with db.reading() as session:
        reasons = [d.reason for d in reassessments.due(session, TODAY)]
    assert reasons == ["risk tier changed: limited → high"]


@pytest.mark.usefixtures("team")
@pytest.mark.parametrize("who", [VIEWER, REVIEWER])
def test_only_admins_and_assessors_register(db: Database, act: Act, chatbot: AISystemProfile, who: str) -> None:
    audit_entries = count(db, "audit_log")
    with pytest.raises(PermissionDenied, match="may not register or update a system"), act(who) as ctx:
        systems.register(ctx, chatbot)
    assert count(db, "ai_systems") == 0 and count(db, "organisations") == 0
    assert count(db, "audit_log") == audit_entries


@pytest.mark.usefixtures("team")
def test_find_by_slug_or_qualified_reference(db: Database, act: Act, chatbot: AISystemProfile) -> None:
    other_bank = revise(chatbot, organisation="Other Bank Limited")
    with act(ASSESSOR) as ctx:
        systems.register(ctx, chatbot)
    with db.reading() as session:
        assert systems.find(session, CHATBOT).ref == REF
        assert systems.find(session, REF).ref == REF
        with pytest.raises(NotFoundError, match="unknown system 'nope'"):
            systems.find(session, "nope")
        with pytest.raises(NotFoundError):
            systems.find(session, "other-bank-limited/bank-genai-chatbot")
    with act(ASSESSOR) as ctx:
        assert systems.register(ctx, other_bank).outcome == "registered"
    with db.reading() as session:
        with pytest.raises(InputError, match="ambiguous"):
            systems.find(session, CHATBOT)
        assert systems.find(session, "other-bank-limited/bank-genai-chatbot").organisation.name == (
            "Other Bank Limited"
        )


@pytest.mark.usefixtures("team")
def test_list_systems_with_next_due(db: Database, act: Act, profiles: dict[str, AISystemProfile]) -> None:
    with act(ASSESSOR) as ctx:
        for key in ("tech-spam-filter", CHATBOT, "bank-credit-scoring"):
            systems.register(ctx, profiles[key])
        assessments.assess(ctx, systems.find(ctx.session, "tech-spam-filter"))
    with db.reading() as session:
        listed = [(item.system.ref, item.next_due) for item in systems.list_systems(session)]
    assert [ref for ref, _ in listed] == [
        "example-software-limited/tech-spam-filter",
        "harbour-city-bank-limited/bank-credit-scoring",
        REF,
    ]
    due = dict(listed)
    assert due[REF] == TODAY
    spam_due = due["example-software-limited/tech-spam-filter"]
    assert spam_due is None or spam_due > TODAY

"""Sign-off: a reviewer other than the assessor approves or rejects an assessment once, and only an
assessment of the system's current profile version."""

from __future__ import annotations

import pytest
from tests.services.support import ADMIN, ASSESSOR, REVIEWER, REVIEWER2, VIEWER, Act, count, revise

from hkaigov.domain.enums import SignOffDecision
from hkaigov.domain.errors import ConflictError, NotFoundError, PermissionDenied
from hkaigov.domain.profile import AISystemProfile
from hkaigov.services import assessments, signoffs, systems
from hkaigov.store.db import Database
from hkaigov.store.models import AssessmentRecord

CHATBOT = "bank-genai-chatbot"


@pytest.fixture
def chatbot(db: Database, act: Act, profiles: dict[str, AISystemProfile], team: None) -> str:
    with act(ASSESSOR) as ctx:
        return systems.register(ctx, profiles[CHATBOT]).system.ref


def assess(act: Act, who: str, ref: str) -> int:
    with act(who) as ctx:
        return assessments.assess(ctx, systems.find(ctx.session, ref))[0].id


def status(db: Database, assessment_id: int) -> str:
    with db.reading() as session:
        record = session.get(AssessmentRecord, assessment_id)
        assert record is not None
        return record.status


def test_another_reviewer_signs_off(db: Database, act: Act, chatbot: str) -> None:
    made = assess(act, ASSESSOR, chatbot)
    assert status(db, made) == assessments.AWAITING_SIGNOFF
    with act(REVIEWER) as ctx:
        s = signoffs.sign_off(ctx, systems.find(ctx.session, chatbot), note="Looks complete.")
        assert (s.assessment_id, s.decision, s.note) == (made, "approved", "Looks complete.")
    assert status(db, made) == "approved"
    with db.reading() as session:
        system = systems.find(session, chatbot)
        assert [(so.decision, name) for so, name in signoffs.for_system(session, system)] == [("approved", REVIEWER)]
        _, entries = systems.history(session, system)
        last = entries[-1]
        assert (last.action, last.actor, last.entity_id) == (
            "assessment.approved",
            REVIEWER,
            f"{chatbot}#assessment-{made}",
        )


def test_rejection_is_recorded(db: Database, act: Act, chatbot: str) -> None:
    made = assess(act, ASSESSOR, chatbot)
    with act(REVIEWER2) as ctx:
        signoffs.sign_off(ctx, systems.find(ctx.session, chatbot), decision=SignOffDecision.REJECTED)
    assert status(db, made) == "rejected"


def test_reviewer_cannot_sign_off_own_assessment(db: Database, act: Act, chatbot: str) -> None:
    made = assess(act, REVIEWER, chatbot)  # reviewers may assess
    with pytest.raises(PermissionDenied, match="may not sign it off; another reviewer must"), act(REVIEWER) as ctx:
        signoffs.sign_off(ctx, systems.find(ctx.session, chatbot), assessment_id=made)
    assert status(db, made) == assessments.AWAITING_SIGNOFF
    assert count(db, "signoffs") == 0
    with act(REVIEWER2) as ctx:
        signoffs.sign_off(ctx, systems.find(ctx.session, chatbot), assessment_id=made)
    assert status(db, made) == "approved"


@pytest.mark.parametrize("who", [ASSESSOR, ADMIN, VIEWER])
def test_only_reviewers_sign_off(db: Database, act: Act, chatbot: str, who: str) -> None:
    made = assess(act, ASSESSOR if who != ASSESSOR else ADMIN, chatbot)
    with pytest.raises(PermissionDenied, match="may not sign off an assessment"), act(who) as ctx:
        signoffs.sign_off(ctx, systems.find(ctx.session, chatbot), assessment_id=made)
    assert status(db, made) == assessments.AWAITING_SIGNOFF
    assert count(db, "signoffs") == 0


def test_signing_twice_is_a_conflict(db: Database, act: Act, chatbot: str) -> None:
    made = assess(act, ASSESSOR, chatbot)
    with act(REVIEWER) as ctx:
        signoffs.sign_off(ctx, systems.find(ctx.session, chatbot))
    for who, decision in ((REVIEWER, SignOffDecision.APPROVED), (REVIEWER2, SignOffDecision.REJECTED)):
        with pytest.raises(ConflictError, match="was already approved"), act(who) as ctx:
            signoffs.sign_off(ctx, systems.find(ctx.session, chatbot), assessment_id=made, decision=decision)
    assert status(db, made) == "approved"
    assert count(db, "signoffs") == 1


def test_assessment_of_an_older_profile_version_is_a_conflict(
    db: Database, act: Act, chatbot: str, profiles: dict[str, AISystemProfile]
) -> None:
    old = assess(act, ASSESSOR, chatbot)
    with act(ASSESSOR) as ctx:
        systems.register(ctx, revise(profiles[CHATBOT], description="Now also handles complaints."))
    with pytest.raises(ConflictError, match="earlier profile"), act(REVIEWER) as ctx:
        signoffs.sign_off(ctx, systems.find(ctx.session, chatbot), assessment_id=old)
    assert status(db, old) == assessments.AWAITING_SIGNOFF
    new = assess(act, ASSESSOR, chatbot)
    with act(REVIEWER) as ctx:
        assert signoffs.sign_off(ctx, systems.find(ctx.session, chatbot)).assessment_id == new


def test_stale_expected_version_is_a_conflict(db: Database, act: Act, chatbot: str) -> None:
    made = assess(act, ASSESSOR, chatbot)
    with pytest.raises(ConflictError, match="changed since you read it"), act(REVIEWER) as ctx:
        signoffs.sign_off(ctx, systems.find(ctx.session, chatbot), assessment_id=made, expected_version=7)
    with act(REVIEWER) as ctx:
        signoffs.sign_off(ctx, systems.find(ctx.session, chatbot), assessment_id=made, expected_version=1)
    with db.reading() as session:
        record = session.get(AssessmentRecord, made)
        assert record is not None and record.version == 2  # the sign-off bumped the optimistic lock


def test_nothing_to_sign_off(db: Database, act: Act, chatbot: str) -> None:
    with pytest.raises(NotFoundError, match="has not been assessed yet"), act(REVIEWER) as ctx:
        signoffs.sign_off(ctx, systems.find(ctx.session, chatbot))
    made = assess(act, ASSESSOR, chatbot)
    with pytest.raises(NotFoundError, match=f"has no assessment {made + 1}"), act(REVIEWER) as ctx:
        signoffs.sign_off(ctx, systems.find(ctx.session, chatbot), assessment_id=made + 1)

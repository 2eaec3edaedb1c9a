"""Sign-off: a reviewer approves or rejects an assessment. Never the person who made it (separation of
duties), never an assessment of a profile version that has since changed, never twice."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hkaigov.domain.enums import SignOffDecision
from hkaigov.domain.errors import ConflictError, PermissionDenied
from hkaigov.services import assessments, systems
from hkaigov.services.assessments import AWAITING_SIGNOFF
from hkaigov.services.context import Context
from hkaigov.services.users import Permission, require
from hkaigov.store.models import AISystem, AssessmentRecord, SignOff, User


def sign_off(
    ctx: Context,
    system: AISystem,
    *,
    decision: SignOffDecision = SignOffDecision.APPROVED,
    note: str = "",
    assessment_id: int | None = None,
    expected_version: int | None = None,
) -> SignOff:
    require(ctx.actor, Permission.SIGN_OFF)
    record = assessments.get(ctx.session, system, assessment_id)
    if record.assessor_id == ctx.actor.id:
        raise PermissionDenied(
            f"{ctx.actor.name} made assessment {record.id} of '{system.ref}' and may not sign it off; "
            "another reviewer must"
        )
    if expected_version is not None and expected_version != record.version:
        raise ConflictError(f"assessment {record.id} changed since you read it (version {record.version}); reload")
    if record.status != AWAITING_SIGNOFF:
        raise ConflictError(f"assessment {record.id} of '{system.ref}' was already {record.status}")
    current = systems.current_version(ctx.session, system)
    if record.profile_version_id != current.id:
        raise ConflictError(
            f"assessment {record.id} assessed an earlier profile of '{system.ref}' (now version "
            f"{current.number}): assess it again before signing off"
        )
    before = assessments.snapshot(record)
    record.status = decision.value
    signoff = SignOff(
        assessment_id=record.id, reviewer_id=ctx.actor.id, decision=decision.value, note=note, created_at=ctx.now()
    )
    ctx.session.add(signoff)
    ctx.session.flush()
    ctx.audit(
        f"assessment.{decision.value}",
        "assessment",
        f"{system.ref}#assessment-{record.id}",
        before=before,
        after=assessments.snapshot(record),
        detail={"signoff": signoff.id, "decision": decision.value},
    )
    return signoff


def for_system(session: Session, system: AISystem) -> list[tuple[SignOff, str]]:
    rows = session.execute(
        select(SignOff, User.name)
        .join(User, User.id == SignOff.reviewer_id)
        .join(AssessmentRecord, AssessmentRecord.id == SignOff.assessment_id)
        .where(AssessmentRecord.system_id == system.id)
        .order_by(SignOff.id)
    ).all()
    return [(s, name) for s, name in rows]

"""Assess a registered system and keep the result: the assessment records the profile version and the
catalog version it used, one finding per applicable control, and schedules the next periodic review.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hkaigov.domain.enums import RiskTier
from hkaigov.domain.errors import NotFoundError
from hkaigov.domain.results import Assessment
from hkaigov.engine.assess import assess as assess_profile
from hkaigov.engine.dates import add_months
from hkaigov.engine.obligations import obligations
from hkaigov.reports.json import consistency_json
from hkaigov.services import classifications, evidence, reassessments, systems
from hkaigov.services.context import Context
from hkaigov.services.users import Permission, require
from hkaigov.store.models import AISystem, AssessmentRecord, FindingRecord, User

AWAITING_SIGNOFF = "awaiting_signoff"


def snapshot(a: AssessmentRecord) -> dict[str, object]:
    return {
        "profile_version_id": a.profile_version_id,
        "catalog_version": a.catalog_version,
        "tier": a.tier,
        "as_of": a.as_of.isoformat(),
        "score": a.score,
        "gaps": a.gaps,
        "next_review": a.next_review.isoformat() if a.next_review else None,
        "status": a.status,
        "version": a.version,
    }


def _summary(a: Assessment) -> dict[str, Any]:
    return {
        "recommended_score": a.recommended_score,
        "gaps": list(a.gaps),
        "recommended_gaps": list(a.recommended_gaps),
        "review_months": a.review_months,
        "consistency": [consistency_json(f) for f in a.consistency],
    }


def assess(ctx: Context, system: AISystem, as_of: dt.date | None = None) -> tuple[AssessmentRecord, Assessment]:
    """Assess the system's current profile version with the manifest's evidence and the register's
    (the register's latest evidence for a control wins), store it, close open reassessments and
    schedule the next review."""
    require(ctx.actor, Permission.ASSESS)
    day = as_of or ctx.today()
    version = systems.current_version(ctx.session, system)
    profile = systems.load_profile(version)
    merged = {**profile.evidence, **evidence.entries(ctx.session, system)}
    profile = profile.model_copy(update={"evidence": merged})
    c = classifications.classify(profile, ctx.catalog)
    applicable = obligations(profile, c, ctx.catalog)
    result = assess_profile(profile, c, applicable, ctx.catalog, as_of=day)
    record = AssessmentRecord(
        system_id=system.id,
        profile_version_id=version.id,
        catalog_version=ctx.catalog.version,
        tier=result.tier.value,
        as_of=day,
        score=result.score,
        gaps=len(result.gaps),
        next_review=result.next_review,
        status=AWAITING_SIGNOFF,
        result_json=json.dumps(_summary(result), ensure_ascii=False, sort_keys=True),
        assessor_id=ctx.actor.id,
        created_at=ctx.now(),
    )
    ctx.session.add(record)
    ctx.session.flush()
    ctx.session.add_all(
        FindingRecord(
            assessment_id=record.id,
            control_id=f.control,
            status=f.status.value,
            source=f.source,
            evidence_ref=f.evidence.reference if f.evidence else None,
            note=f.note,
        )
        for f in result.findings
    )
    ctx.audit(
        "assessment.create",
        "assessment",
        f"{system.ref}#assessment-{record.id}",
        after=snapshot(record),
        detail={"profile_version": version.number, "catalog_version": record.catalog_version},
    )
    reassessments.complete_open(ctx, system, record.id)
    if result.next_review is not None:
        reassessments.schedule(ctx, system, result.next_review, _review_reason(result, day))
    return record, result


def _review_reason(result: Assessment, day: dt.date) -> str:
    if result.tier is RiskTier.UNACCEPTABLE:
        return "unacceptable tier: the system may not be used as described; review at once"
    if result.review_months and result.next_review == add_months(day, result.review_months):
        return f"periodic review ({result.review_months}-month interval for the {result.tier.value} tier)"
    return "review date declared in the manifest (next_review)"


def for_system(session: Session, system: AISystem) -> list[tuple[AssessmentRecord, str]]:
    rows = session.execute(
        select(AssessmentRecord, User.name)
        .join(User, User.id == AssessmentRecord.assessor_id)
        .where(AssessmentRecord.system_id == system.id)
        .order_by(AssessmentRecord.id)
    ).all()
    return [(a, name) for a, name in rows]


def get(session: Session, system: AISystem, assessment_id: int | None = None) -> AssessmentRecord:
    """One assessment of the system (by id), or its latest."""
    stmt = select(AssessmentRecord).where(AssessmentRecord.system_id == system.id)
    if assessment_id is not None:
        stmt = stmt.where(AssessmentRecord.id == assessment_id)
    found = session.scalars(stmt.order_by(AssessmentRecord.id.desc()).limit(1)).one_or_none()
    if found is None:
        if assessment_id is not None:
            raise NotFoundError(f"system '{system.ref}' has no assessment {assessment_id}")
        raise NotFoundError(f"system '{system.ref}' has not been assessed yet (run `hkaigov register assess`)")
    return found


def findings(session: Session, record: AssessmentRecord) -> list[FindingRecord]:
    return list(
        session.scalars(
            select(FindingRecord).where(FindingRecord.assessment_id == record.id).order_by(FindingRecord.id)
        )
    )

"""The reassessment schedule: what is due when, and why. An assessment closes every open item of its system."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hkaigov.domain.catalog import Catalog
from hkaigov.engine.classify import classify
from hkaigov.engine.obligations import obligations
from hkaigov.services.context import Context
from hkaigov.services.users import Permission, require
from hkaigov.store.models import AISystem, AssessmentRecord, FindingRecord, Organisation, Reassessment


def schedule(ctx: Context, system: AISystem, due: dt.date, reason: str, *, new_system: bool = False) -> Reassessment:
    """Add a reassessment; the same open reason for the same system is not repeated (the earlier date wins).
    `new_system` skips that lookup for a system registered in this same transaction."""
    require(ctx.actor, Permission.SCHEDULE)
    existing = (
        None
        if new_system
        else ctx.session.scalars(
            select(Reassessment).where(
                Reassessment.system_id == system.id,
                Reassessment.completed_at.is_(None),
                Reassessment.reason == reason,
            )
        ).first()
    )
    if existing is not None:
        if due < existing.due:
            ctx.audit(
                "reassessment.reschedule",
                "reassessment",
                f"{system.ref}#reassessment-{existing.id}",
                before={"due": existing.due.isoformat(), "reason": reason},
                after={"due": due.isoformat(), "reason": reason},
            )
            existing.due = due
        return existing
    item = Reassessment(system_id=system.id, due=due, reason=reason, created_at=ctx.now())
    ctx.session.add(item)
    ctx.session.flush()
    ctx.audit(
        "reassessment.schedule",
        "reassessment",
        f"{system.ref}#reassessment-{item.id}",
        after={"due": due.isoformat(), "reason": reason},
    )
    return item


def complete_open(ctx: Context, system: AISystem, assessment_id: int) -> int:
    """Close every open reassessment of the system; returns how many."""
    items = list(
        ctx.session.scalars(
            select(Reassessment).where(Reassessment.system_id == system.id, Reassessment.completed_at.is_(None))
        )
    )
    for item in items:
        item.completed_at = ctx.now()
        item.completed_by_assessment_id = assessment_id
    return len(items)


def open_for(session: Session, system: AISystem) -> list[Reassessment]:
    """The system's open reassessments, earliest first."""
    return list(
        session.scalars(
            select(Reassessment)
            .where(Reassessment.system_id == system.id, Reassessment.completed_at.is_(None))
            .order_by(Reassessment.due, Reassessment.id)
        )
    )


@dataclass(frozen=True)
class Due:
    system: str
    name: str
    tier: str
    due: dt.date
    reason: str
    overdue_days: int


def due(session: Session, as_of: dt.date, within_days: int = 0) -> list[Due]:
    """Open reassessments due on or before `as_of + within_days`, earliest first."""
    horizon = as_of + dt.timedelta(days=within_days)
    rows = session.execute(
        select(Reassessment, AISystem)
        .join(AISystem, AISystem.id == Reassessment.system_id)
        .join(Organisation, Organisation.id == AISystem.organisation_id)
        .where(Reassessment.completed_at.is_(None), Reassessment.due <= horizon)
        .order_by(Reassessment.due, Organisation.slug, AISystem.slug, Reassessment.id)
    ).all()
    return [Due(s.ref, s.name, s.tier, r.due, r.reason, max(0, (as_of - r.due).days)) for r, s in rows]


def catalog_changes(session: Session, catalog: Catalog, as_of: dt.date) -> list[Due]:
    """Systems whose latest assessment used another catalog version and whose applicable controls
    differ under this one: they need reassessment now, whatever the schedule says."""
    from hkaigov.services import systems  # systems schedules reassessments, so it imports this module

    latest = (
        select(AssessmentRecord.system_id, func.max(AssessmentRecord.id).label("last"))
        .group_by(AssessmentRecord.system_id)
        .subquery()
    )
    rows = session.execute(
        select(AISystem, AssessmentRecord)
        .join(latest, latest.c.system_id == AISystem.id)
        .join(AssessmentRecord, AssessmentRecord.id == latest.c.last)
        .where(AssessmentRecord.catalog_version != catalog.version)
    ).all()
    out: list[Due] = []
    for system, record in rows:
        before = set(session.scalars(select(FindingRecord.control_id).where(FindingRecord.assessment_id == record.id)))
        profile = systems.current_profile(session, system)
        now = {a.control.id for a in obligations(profile, classify(profile, catalog), catalog)}
        if before != now:
            out.append(
                Due(
                    system.ref,
                    system.name,
                    system.tier,
                    as_of,
                    f"catalog {record.catalog_version} → {catalog.version}: +{len(now - before)} "
                    f"−{len(before - now)} applicable controls",
                    0,
                )
            )
    return sorted(out, key=lambda d: d.system)

"""AI systems in the register: register one from a manifest, update it (a new profile version, never an
overwrite), find it, list them all, and show its history.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hkaigov.domain.errors import ConflictError, InputError, NotFoundError
from hkaigov.domain.profile import AISystemProfile, ThirdPartyModel
from hkaigov.services import classifications, organisations, reassessments
from hkaigov.services.context import Context
from hkaigov.services.users import Permission, require
from hkaigov.store.models import AISystem, AuditEntry, Organisation, ProfileVersion, Reassessment, User


def profile_data(profile: AISystemProfile) -> dict[str, Any]:
    """What the manifest states, in field order (left-out fields stay out)."""
    return profile.model_dump(mode="json", exclude_unset=True)


def profile_json(profile: AISystemProfile) -> str:
    return json.dumps(profile_data(profile), ensure_ascii=False)


def load_profile(version: ProfileVersion) -> AISystemProfile:
    return AISystemProfile.model_validate(json.loads(version.profile_json))


def snapshot(system: AISystem) -> dict[str, object]:
    return {
        "organisation": system.organisation.slug,
        "slug": system.slug,
        "name": system.name,
        "sector": system.sector,
        "tier": system.tier,
        "roles": system.roles,
        "current_version": system.current_version,
        "profile_digest": system.profile_digest,
        "catalog_version": system.catalog_version,
        "version": system.version,
    }


@dataclass(frozen=True)
class Registered:
    system: AISystem
    version: ProfileVersion
    outcome: str  # "registered", "updated" or "unchanged"


def find(session: Session, reference: str) -> AISystem:
    """A system by `slug` or `organisation/slug`; a slug used by two organisations must be qualified."""
    org_slug, _, slug = reference.rpartition("/")
    stmt = select(AISystem).join(Organisation).where(AISystem.slug == slug)
    if org_slug:
        stmt = stmt.where(Organisation.slug == org_slug)
    found = list(session.scalars(stmt))
    if not found:
        raise NotFoundError(f"unknown system '{reference}' (see `hkaigov register list`)")
    if len(found) > 1:
        names = ", ".join(sorted(s.ref for s in found))
        raise InputError(f"system '{reference}' is ambiguous: use one of {names}")
    return found[0]


def current_version(session: Session, system: AISystem) -> ProfileVersion:
    return session.scalars(
        select(ProfileVersion).where(
            ProfileVersion.system_id == system.id, ProfileVersion.number == system.current_version
        )
    ).one()


def current_profile(session: Session, system: AISystem) -> AISystemProfile:
    return load_profile(current_version(session, system))


def _models(profile: AISystemProfile) -> list[tuple[str, str, str | None, str]]:
    return sorted((m.provider, m.model, m.version, m.access.value) for m in profile.third_party_models)


def _describe(models: list[ThirdPartyModel]) -> str:
    return ", ".join(f"{m.provider} {m.model}{' ' + m.version if m.version else ''}" for m in models) or "none"


def register(
    ctx: Context, profile: AISystemProfile, *, expected_version: int | None = None, note: str = ""
) -> Registered:
    """Register a new system, or record a new profile version of an existing one.

    `expected_version` is the system row's `version` the caller last saw; if someone has changed the
    system since, the update is refused with `ConflictError` instead of silently overwriting theirs.
    An identical manifest changes nothing.
    """
    require(ctx.actor, Permission.WRITE_SYSTEM)
    org = organisations.get_or_create(ctx, profile.organisation)
    system = ctx.session.scalars(
        select(AISystem).where(AISystem.organisation_id == org.id, AISystem.slug == profile.id)
    ).one_or_none()
    digest = profile.digest()
    now = ctx.now()
    if system is None:
        if expected_version not in (None, 0):
            raise ConflictError(
                f"system '{org.slug}/{profile.id}' does not exist (expected version {expected_version})"
            )
        c = classifications.classify(profile, ctx.catalog)
        system = AISystem(
            organisation=org,
            organisation_id=org.id,
            slug=profile.id,
            name=profile.name,
            sector=profile.sector.value,
            tier=c.tier.value,
            roles=",".join(r.value for r in c.roles),
            current_version=1,
            profile_digest=digest,
            catalog_version=ctx.catalog.version,
            created_at=now,
            updated_at=now,
        )
        ctx.session.add(system)
        ctx.session.flush()
        version = _add_version(ctx, system, profile, 1, note)
        ctx.audit("system.register", "system", system.ref, after=snapshot(system), detail={"profile": digest})
        classifications.store(ctx, system, version, c)
        reassessments.schedule(
            ctx, system, ctx.today(), "initial assessment of a newly registered system", new_system=True
        )
        return Registered(system, version, "registered")

    if expected_version is not None and expected_version != system.version:
        raise ConflictError(
            f"system '{system.ref}' is at version {system.version}, not {expected_version}: "
            "someone changed it since you read it; reload and try again"
        )
    previous = current_version(ctx.session, system)
    if previous.digest == digest:
        return Registered(system, previous, "unchanged")
    old_profile = load_profile(previous)
    before = snapshot(system)
    old_tier = system.tier
    c = classifications.classify(profile, ctx.catalog)
    system.name = profile.name
    system.sector = profile.sector.value
    system.tier = c.tier.value
    system.roles = ",".join(r.value for r in c.roles)
    system.current_version = previous.number + 1
    system.profile_digest = digest
    system.catalog_version = ctx.catalog.version
    system.updated_at = now
    ctx.session.flush()
    version = _add_version(ctx, system, profile, system.current_version, note)
    ctx.audit(
        "system.update",
        "system",
        system.ref,
        before=before,
        after=snapshot(system),
        detail={"profile": digest, "profile_version": version.number, "changed": changed_fields(old_profile, profile)},
    )
    classifications.store(ctx, system, version, c)
    if _models(old_profile) != _models(profile):
        reassessments.schedule(
            ctx,
            system,
            ctx.today(),
            f"third-party model changed: {_describe(old_profile.third_party_models)} → "
            f"{_describe(profile.third_party_models)}",
        )
    if old_tier != system.tier:
        reassessments.schedule(ctx, system, ctx.today(), f"risk tier changed: {old_tier} → {system.tier}")
    return Registered(system, version, "updated")


def _add_version(ctx: Context, system: AISystem, profile: AISystemProfile, number: int, note: str) -> ProfileVersion:
    version = ProfileVersion(
        system_id=system.id,
        number=number,
        profile_json=profile_json(profile),
        digest=profile.digest(),
        note=note,
        created_by_id=ctx.actor.id,
        created_at=ctx.now(),
    )
    ctx.session.add(version)
    ctx.session.flush()
    return version


def changed_fields(old: AISystemProfile, new: AISystemProfile) -> list[str]:
    a, b = profile_data(old), profile_data(new)
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


@dataclass(frozen=True)
class Listed:
    system: AISystem
    next_due: dt.date | None


def list_systems(session: Session) -> list[Listed]:
    """Every system with its earliest open reassessment, in one query."""
    due = (
        select(Reassessment.system_id, func.min(Reassessment.due).label("next_due"))
        .where(Reassessment.completed_at.is_(None))
        .group_by(Reassessment.system_id)
        .subquery()
    )
    stmt = (
        select(AISystem, due.c.next_due)
        .join(Organisation)
        .outerjoin(due, due.c.system_id == AISystem.id)
        .order_by(Organisation.slug, AISystem.slug)
    )
    return [Listed(s, d) for s, d in session.execute(stmt)]


@dataclass(frozen=True)
class VersionInfo:
    version: ProfileVersion
    author: str
    changed: list[str]


def history(session: Session, system: AISystem) -> tuple[list[VersionInfo], list[AuditEntry]]:
    """Every profile version (with the fields that changed from the one before) and every audit entry
    about the system, oldest first."""
    rows = session.execute(
        select(ProfileVersion, User.name)
        .join(User, User.id == ProfileVersion.created_by_id)
        .where(ProfileVersion.system_id == system.id)
        .order_by(ProfileVersion.number)
    ).all()
    out: list[VersionInfo] = []
    previous: AISystemProfile | None = None
    for version, author in rows:
        profile = load_profile(version)
        out.append(VersionInfo(version, author, changed_fields(previous, profile) if previous else []))
        previous = profile
    name = system.ref
    pattern = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "#%"
    entries = list(
        session.scalars(
            select(AuditEntry)
            .where((AuditEntry.entity_id == name) | AuditEntry.entity_id.like(pattern, escape="\\"))
            .order_by(AuditEntry.seq)
        )
    )
    return out, entries

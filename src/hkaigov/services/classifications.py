"""Classifications kept in the register: each records the profile version and catalog version it used."""

from __future__ import annotations

import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from hkaigov.domain.catalog import Catalog
from hkaigov.domain.profile import AISystemProfile
from hkaigov.domain.results import Classification
from hkaigov.engine.classify import classify as classify_profile
from hkaigov.reports.json import classification_json
from hkaigov.services.context import Context
from hkaigov.store.models import AISystem, ClassificationRecord, ProfileVersion


def classify(profile: AISystemProfile, catalog: Catalog) -> Classification:
    return classify_profile(profile, catalog)


def store(ctx: Context, system: AISystem, version: ProfileVersion, c: Classification) -> ClassificationRecord:
    record = ClassificationRecord(
        system_id=system.id,
        profile_version_id=version.id,
        catalog_version=c.catalog_version,
        tier=c.tier.value,
        roles=",".join(r.value for r in c.roles),
        result_json=json.dumps(classification_json(c), ensure_ascii=False, sort_keys=True),
        created_by_id=ctx.actor.id,
        created_at=ctx.now(),
    )
    ctx.session.add(record)
    return record


def latest(session: Session, system: AISystem) -> ClassificationRecord | None:
    return session.scalars(
        select(ClassificationRecord)
        .where(ClassificationRecord.system_id == system.id)
        .order_by(ClassificationRecord.id.desc())
        .limit(1)
    ).one_or_none()

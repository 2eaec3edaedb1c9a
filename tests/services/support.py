"""Helpers shared by the service tests (fixtures live in conftest.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from hkaigov.domain.profile import AISystemProfile
from hkaigov.services import systems
from hkaigov.services.context import Context
from hkaigov.store.db import Database
from hkaigov.store.models import Base

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
TODAY = NOW.date()

ADMIN, ASSESSOR, REVIEWER, REVIEWER2, VIEWER = "admin", "ann.assessor", "rita.reviewer", "rob.reviewer", "vic.viewer"

Act = Callable[[str], AbstractContextManager[Context]]
"""`act(name)`: one transaction on behalf of the user `name`, committed when the block ends."""


def fixed_clock() -> dt.datetime:
    return NOW


def revise(profile: AISystemProfile, **changes: Any) -> AISystemProfile:
    """The profile with some fields changed, validated again."""
    return AISystemProfile.model_validate({**systems.profile_data(profile), **changes})


def count(db: Database, table: str) -> int:
    with db.reading() as session:
        return int(session.scalar(select(func.count()).select_from(Base.metadata.tables[table])) or 0)


def table_counts(db: Database) -> dict[str, int]:
    return {name: count(db, name) for name in sorted(Base.metadata.tables)}


def blob_files(db: Database) -> list[Path]:
    root = db.settings.blob_dir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []

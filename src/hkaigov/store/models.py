"""The register's tables as SQLAlchemy 2 models. The Alembic migrations create exactly this schema
(a test compares them), on SQLite and on PostgreSQL.

Rows that people edit carry a `version` column used for optimistic locking: SQLAlchemy adds
`WHERE version = :seen` to every UPDATE and raises `StaleDataError` when another transaction got
there first; `store.db` turns that into `ConflictError`. Profile versions, evidence, comments,
sign-offs and audit entries are append-only and have no version.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Timestamps are aware UTC in Python on every engine (SQLite stores them naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def optimistic_lock(column: Mapped[int]) -> dict[str, Any]:
    """Mapper arguments that make `column` the row's optimistic-lock version."""
    return {"version_id_col": column}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__: dict[str, Any] = optimistic_lock(version)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), nullable=True)
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__: dict[str, Any] = optimistic_lock(version)


class AISystem(Base):
    """One registered system. `current_version` points at its latest profile version; the
    denormalised columns (name, sector, tier, roles) make `register list` one query."""

    __tablename__ = "ai_systems"
    __table_args__ = (UniqueConstraint("organisation_id", "slug", name="uq_ai_systems_org_slug"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    slug: Mapped[str] = mapped_column(String(80), index=True)
    name: Mapped[str] = mapped_column(String(300))
    sector: Mapped[str] = mapped_column(String(40))
    tier: Mapped[str] = mapped_column(String(20))
    roles: Mapped[str] = mapped_column(String(120))
    current_version: Mapped[int] = mapped_column(Integer)
    profile_digest: Mapped[str] = mapped_column(String(80))
    catalog_version: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__: dict[str, Any] = optimistic_lock(version)

    organisation: Mapped[Organisation] = relationship(lazy="joined")

    @property
    def ref(self) -> str:
        """The system's name in messages and the audit log: `organisation/slug`."""
        return f"{self.organisation.slug}/{self.slug}"


class ProfileVersion(Base):
    """The manifest as it stood at one version: never updated, never deleted."""

    __tablename__ = "profile_versions"
    __table_args__ = (UniqueConstraint("system_id", "number", name="uq_profile_versions_system_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    system_id: Mapped[int] = mapped_column(ForeignKey("ai_systems.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    profile_json: Mapped[str] = mapped_column(Text)
    digest: Mapped[str] = mapped_column(String(80))
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class ClassificationRecord(Base):
    __tablename__ = "classifications"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    system_id: Mapped[int] = mapped_column(ForeignKey("ai_systems.id"), index=True)
    profile_version_id: Mapped[int] = mapped_column(ForeignKey("profile_versions.id"))
    catalog_version: Mapped[str] = mapped_column(String(40))
    tier: Mapped[str] = mapped_column(String(20))
    roles: Mapped[str] = mapped_column(String(120))
    result_json: Mapped[str] = mapped_column(Text)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class AssessmentRecord(Base):
    """One assessment of one profile version against one catalog version. `status` moves from
    `awaiting_signoff` to `approved` or `rejected` by a reviewer's sign-off."""

    __tablename__ = "assessments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    system_id: Mapped[int] = mapped_column(ForeignKey("ai_systems.id"), index=True)
    profile_version_id: Mapped[int] = mapped_column(ForeignKey("profile_versions.id"))
    catalog_version: Mapped[str] = mapped_column(String(40))
    tier: Mapped[str] = mapped_column(String(20))
    as_of: Mapped[dt.date] = mapped_column(Date)
    score: Mapped[float] = mapped_column(Float)
    gaps: Mapped[int] = mapped_column(Integer)
    next_review: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20))
    result_json: Mapped[str] = mapped_column(Text)
    assessor_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__: dict[str, Any] = optimistic_lock(version)


class FindingRecord(Base):
    __tablename__ = "control_findings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    control_id: Mapped[str] = mapped_column(String(60))
    status: Mapped[str] = mapped_column(String(20))
    source: Mapped[str] = mapped_column(String(20))
    evidence_ref: Mapped[str | None] = mapped_column(Text, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")


class Blob(Base):
    """An evidence file's bytes, stored once under `data_dir/evidence/` by SHA-256."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    media_type: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class EvidenceRecord(Base):
    """A file, a link or an attestation offered for one control of one system."""

    __tablename__ = "evidence"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    system_id: Mapped[int] = mapped_column(ForeignKey("ai_systems.id"), index=True)
    control_id: Mapped[str] = mapped_column(String(60))
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20))
    blob_sha256: Mapped[str | None] = mapped_column(ForeignKey("blobs.sha256"), nullable=True)
    filename: Mapped[str | None] = mapped_column(String(255), nullable=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    statement: Mapped[str | None] = mapped_column(Text, nullable=True)
    note: Mapped[str] = mapped_column(Text, default="")
    evidence_date: Mapped[dt.date] = mapped_column(Date)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    system_id: Mapped[int] = mapped_column(ForeignKey("ai_systems.id"), index=True)
    assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"), nullable=True)
    control_id: Mapped[str | None] = mapped_column(String(60), nullable=True)
    body: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class SignOff(Base):
    __tablename__ = "signoffs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    decision: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())


class Reassessment(Base):
    """A scheduled reassessment: due on `due`, for `reason`; closed by the next assessment."""

    __tablename__ = "reassessments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    system_id: Mapped[int] = mapped_column(ForeignKey("ai_systems.id"), index=True)
    due: Mapped[dt.date] = mapped_column(Date, index=True)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    completed_by_assessment_id: Mapped[int | None] = mapped_column(ForeignKey("assessments.id"), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__: dict[str, Any] = optimistic_lock(version)


class AuditEntry(Base):
    """One change, hash-chained to the one before: `hash = sha256(prev_hash + canonical JSON of
    every other column)`. `seq` runs 1, 2, 3 … with no gaps."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(60))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(200))
    before_digest: Mapped[str | None] = mapped_column(String(80), nullable=True)
    after_digest: Mapped[str | None] = mapped_column(String(80), nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64), unique=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    detail: Mapped[str] = mapped_column(Text)


class AuditHead(Base):
    """The chain's last entry, kept in the same transaction as each append, so that deleting the
    newest entries is detected too. A single row with id 1."""

    __tablename__ = "chain_head"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__: dict[str, Any] = optimistic_lock(version)


class ClaimScan(Base):
    """One run of the misleading-claims monitor: what it looked at and against which lists."""

    __tablename__ = "claim_scans"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[dt.datetime] = mapped_column(UTCDateTime())
    actor: Mapped[str] = mapped_column(String(80))
    inputs: Mapped[str] = mapped_column(Text)  # JSON list of the URLs and files given
    pages: Mapped[int] = mapped_column(Integer)
    skipped: Mapped[int] = mapped_column(Integer)
    findings: Mapped[int] = mapped_column(Integer)
    new_findings: Mapped[int] = mapped_column(Integer)
    institutions: Mapped[str] = mapped_column(Text)  # the register used: its date and source
    rules_version: Mapped[str] = mapped_column(String(20))


class ClaimPage(Base):
    """A page (or input item) a scan captured, with the proof of what it said: hash, time, status, text blob."""

    __tablename__ = "claim_pages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("claim_scans.id"), index=True)
    item_id: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    fetched_at: Mapped[str] = mapped_column(String(40))
    status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sha256: Mapped[str] = mapped_column(String(64))
    text_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))  # the extracted text, kept as a blob
    findings: Mapped[int] = mapped_column(Integer)


class ClaimFindingRecord(Base):
    """A finding, merged across scans by fingerprint, with its review state (new, confirmed, dismissed)."""

    __tablename__ = "claim_findings"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    item_id: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    entity: Mapped[str | None] = mapped_column(Text, nullable=True)
    institution: Mapped[str | None] = mapped_column(Text, nullable=True)
    term: Mapped[str] = mapped_column(Text)
    rules: Mapped[str] = mapped_column(Text)  # JSON list of rule ids
    legal_basis: Mapped[str] = mapped_column(Text)
    basis: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text)
    excerpt: Mapped[str] = mapped_column(Text)
    start_offset: Mapped[int] = mapped_column(Integer)
    end_offset: Mapped[int] = mapped_column(Integer)
    page_sha256: Mapped[str] = mapped_column(String(64))
    first_scan_id: Mapped[int] = mapped_column(ForeignKey("claim_scans.id"), index=True)
    last_scan_id: Mapped[int] = mapped_column(ForeignKey("claim_scans.id"), index=True)
    times_seen: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(20))
    reason: Mapped[str] = mapped_column(Text, default="")
    reviewed_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __mapper_args__: dict[str, Any] = optimistic_lock(version)


DOMAIN_TABLES: tuple[type[Base], ...] = (
    Organisation,
    User,
    AISystem,
    ProfileVersion,
    ClassificationRecord,
    AssessmentRecord,
    FindingRecord,
    Blob,
    EvidenceRecord,
    Comment,
    SignOff,
    Reassessment,
    ClaimScan,
    ClaimPage,
    ClaimFindingRecord,
)
"""Every table but the audit chain's, parents before children (the order an import inserts them in)."""

ID_TABLES: tuple[type[Base], ...] = tuple(m for m in DOMAIN_TABLES if "id" in m.__table__.columns)
"""Tables with an integer `id` (their sequences are reset on PostgreSQL after an import)."""

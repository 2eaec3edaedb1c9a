"""Evidence for one control of one system: a file (stored once by SHA-256), a link, or an attestation.

Identical evidence attached twice to the same control is one record, not two. The latest evidence for
a control (by its date, then by when it was added) is what an assessment reads, ahead of the
manifest's own `evidence:` entry.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import urlparse

from sqlalchemy import select
from sqlalchemy.orm import Session

from hkaigov.domain.enums import EvidenceStatus, StoredEvidenceKind
from hkaigov.domain.errors import InputError, NotFoundError
from hkaigov.domain.profile import EvidenceEntry
from hkaigov.services.context import Context
from hkaigov.services.users import Permission, require
from hkaigov.store.blobs import StoredBlob
from hkaigov.store.models import AISystem, Blob, EvidenceRecord, User


def _check_control(ctx: Context, control_id: str) -> None:
    if ctx.catalog.control(control_id) is None:
        raise NotFoundError(f"unknown control '{control_id}' (see `hkaigov catalog show ID`)")


def snapshot(e: EvidenceRecord) -> dict[str, object]:
    return {
        "control": e.control_id,
        "kind": e.kind,
        "status": e.status,
        "sha256": e.blob_sha256,
        "filename": e.filename,
        "url": e.url,
        "statement": e.statement,
        "note": e.note,
        "date": e.evidence_date.isoformat(),
    }


def _existing(ctx: Context, system: AISystem, control_id: str, **match: object) -> EvidenceRecord | None:
    stmt = select(EvidenceRecord).where(EvidenceRecord.system_id == system.id, EvidenceRecord.control_id == control_id)
    for column, value in match.items():
        stmt = stmt.where(getattr(EvidenceRecord, column) == value)
    return ctx.session.scalars(stmt).first()


def _add(ctx: Context, system: AISystem, record: EvidenceRecord) -> EvidenceRecord:
    ctx.session.add(record)
    ctx.session.flush()
    ctx.audit(
        "evidence.add",
        "evidence",
        f"{system.ref}#evidence-{record.id}",
        after=snapshot(record),
        detail={"control": record.control_id, "kind": record.kind},
    )
    return record


def blob_row(ctx: Context, stored: StoredBlob) -> None:
    """The `blobs` row for a stored file, added once (the file store is content-addressed)."""
    if ctx.session.get(Blob, stored.sha256) is None:
        ctx.session.add(
            Blob(sha256=stored.sha256, size=stored.size, media_type=stored.media_type, created_at=ctx.now())
        )


def _record(
    ctx: Context,
    system: AISystem,
    control_id: str,
    kind: StoredEvidenceKind,
    status: EvidenceStatus,
    note: str,
    date: dt.date | None,
) -> EvidenceRecord:
    return EvidenceRecord(
        system_id=system.id,
        control_id=control_id,
        kind=kind.value,
        status=status.value,
        note=note,
        evidence_date=date or ctx.today(),
        created_by_id=ctx.actor.id,
        created_at=ctx.now(),
    )


def add_file(
    ctx: Context,
    system: AISystem,
    control_id: str,
    path: Path,
    *,
    status: EvidenceStatus = EvidenceStatus.MET,
    note: str = "",
    date: dt.date | None = None,
) -> tuple[EvidenceRecord, bool]:
    """Attach a file; returns the record and whether it is new."""
    require(ctx.actor, Permission.ADD_EVIDENCE)
    _check_control(ctx, control_id)
    stored = ctx.blobs.put_file(path, ctx.session.info)
    return _attach_blob(ctx, system, control_id, stored, path.name, status, note, date)


def add_bytes(
    ctx: Context,
    system: AISystem,
    control_id: str,
    data: bytes,
    filename: str,
    *,
    status: EvidenceStatus = EvidenceStatus.MET,
    note: str = "",
    date: dt.date | None = None,
) -> tuple[EvidenceRecord, bool]:
    """Attach uploaded bytes (the API's and the demo's way in)."""
    require(ctx.actor, Permission.ADD_EVIDENCE)
    _check_control(ctx, control_id)
    stored = ctx.blobs.put_bytes(data, filename, ctx.session.info)
    return _attach_blob(ctx, system, control_id, stored, Path(filename).name, status, note, date)


def _attach_blob(
    ctx: Context,
    system: AISystem,
    control_id: str,
    stored: StoredBlob,
    filename: str,
    status: EvidenceStatus,
    note: str,
    date: dt.date | None,
) -> tuple[EvidenceRecord, bool]:
    blob_row(ctx, stored)
    found = _existing(ctx, system, control_id, blob_sha256=stored.sha256)
    if found is not None:
        return found, False
    record = _record(ctx, system, control_id, StoredEvidenceKind.FILE, status, note, date)
    record.blob_sha256, record.filename = stored.sha256, filename[:255]
    return _add(ctx, system, record), True


def add_link(
    ctx: Context,
    system: AISystem,
    control_id: str,
    url: str,
    *,
    status: EvidenceStatus = EvidenceStatus.MET,
    note: str = "",
    date: dt.date | None = None,
) -> tuple[EvidenceRecord, bool]:
    require(ctx.actor, Permission.ADD_EVIDENCE)
    _check_control(ctx, control_id)
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InputError(f"--url: '{url}' is not an http(s) URL")
    found = _existing(ctx, system, control_id, url=url)
    if found is not None:
        return found, False
    record = _record(ctx, system, control_id, StoredEvidenceKind.LINK, status, note, date)
    record.url = url
    return _add(ctx, system, record), True


def add_attestation(
    ctx: Context,
    system: AISystem,
    control_id: str,
    statement: str,
    *,
    status: EvidenceStatus = EvidenceStatus.MET,
    note: str = "",
    date: dt.date | None = None,
) -> tuple[EvidenceRecord, bool]:
    """A signed statement by the acting user ("the model card was reviewed on …")."""
    require(ctx.actor, Permission.ADD_EVIDENCE)
    _check_control(ctx, control_id)
    if not statement.strip():
        raise InputError("--attest: the statement is empty")
    found = _existing(ctx, system, control_id, statement=statement, created_by_id=ctx.actor.id)
    if found is not None:
        return found, False
    record = _record(ctx, system, control_id, StoredEvidenceKind.ATTESTATION, status, note, date)
    record.statement = statement
    return _add(ctx, system, record), True


def for_system(session: Session, system: AISystem) -> list[tuple[EvidenceRecord, str]]:
    """Every evidence record of the system with its author's name, oldest first."""
    rows = session.execute(
        select(EvidenceRecord, User.name)
        .join(User, User.id == EvidenceRecord.created_by_id)
        .where(EvidenceRecord.system_id == system.id)
        .order_by(EvidenceRecord.id)
    ).all()
    return [(e, name) for e, name in rows]


def describe(e: EvidenceRecord, author: str) -> str:
    if e.kind == StoredEvidenceKind.FILE.value:
        return f"evidence #{e.id}: file {e.filename} (sha256:{(e.blob_sha256 or '')[:12]}…)"
    if e.kind == StoredEvidenceKind.LINK.value:
        return f"evidence #{e.id}: {e.url}"
    return f"evidence #{e.id}: attested by {author}: {e.statement}"


def entries(session: Session, system: AISystem) -> dict[str, EvidenceEntry]:
    """The latest evidence per control, as the engine reads it."""
    latest: dict[str, tuple[EvidenceRecord, str]] = {}
    for e, author in for_system(session, system):
        seen = latest.get(e.control_id)
        if seen is None or (e.evidence_date, e.id) >= (seen[0].evidence_date, seen[0].id):
            latest[e.control_id] = (e, author)
    return {
        cid: EvidenceEntry(
            status=EvidenceStatus(e.status), reference=describe(e, author), date=e.evidence_date, note=e.note or None
        )
        for cid, (e, author) in latest.items()
    }

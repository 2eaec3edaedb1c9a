"""The append-only, hash-chained audit log.

Each entry's hash is `sha256(prev_hash || canonical JSON of its other columns)`, so editing any
column of any entry, deleting an entry, or swapping two entries breaks the chain from that point on.
`chain_head` holds the last entry's sequence number and hash, written in the same transaction as the
entry, so that cutting entries off the end is caught too. Appends lock the head row (PostgreSQL
`SELECT … FOR UPDATE`; SQLite serialises writers), so two transactions can never fork the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from hkaigov.store.models import AuditEntry, AuditHead

GENESIS = "0" * 64


def canonical(data: Any) -> str:
    """The one JSON text of a value: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def digest(data: Any) -> str:
    """`sha256:…` of a record's canonical JSON: the before/after digests of audit entries."""
    return "sha256:" + hashlib.sha256(canonical(data).encode("utf-8")).hexdigest()


def timestamp(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def entry_body(e: AuditEntry) -> dict[str, Any]:
    """Everything an entry says, except its own hash."""
    return {
        "seq": e.seq,
        "at": timestamp(e.at),
        "actor": e.actor,
        "action": e.action,
        "entity_type": e.entity_type,
        "entity_id": e.entity_id,
        "before_digest": e.before_digest,
        "after_digest": e.after_digest,
        "prev_hash": e.prev_hash,
        "detail": e.detail,
    }


def entry_hash(body: dict[str, Any]) -> str:
    return hashlib.sha256((body["prev_hash"] + canonical(body)).encode("utf-8")).hexdigest()


@dataclass
class _Chain:
    """The head as this transaction sees it; written to `chain_head` once, just before commit."""

    row: AuditHead
    seq: int
    hash: str


def _write_head(session: Session) -> None:
    chain: _Chain | None = session.info.get("audit_chain")
    if chain is not None:
        chain.row.seq, chain.row.hash = chain.seq, chain.hash


def _forget(session: Session, *_: object) -> None:
    session.info.pop("audit_chain", None)


def _chain(session: Session) -> _Chain:
    chain: _Chain | None = session.info.get("audit_chain")
    if chain is not None:
        return chain
    stmt = select(AuditHead).where(AuditHead.id == 1)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()  # appends from other transactions wait until this one ends
    row = session.scalars(stmt).one_or_none()
    if row is None:
        row = AuditHead(id=1, seq=0, hash=GENESIS)
        session.add(row)
    chain = _Chain(row, row.seq, row.hash)
    session.info["audit_chain"] = chain
    if not event.contains(session, "before_commit", _write_head):
        event.listen(session, "before_commit", _write_head)
        event.listen(session, "after_commit", _forget)
        event.listen(session, "after_rollback", _forget)
    return chain


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str,
    at: dt.datetime,
    before: Any = None,
    after: Any = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry for a change made in this session's transaction.

    `before` and `after` are the record's state (plain data); only their digests are kept, so
    the log proves what changed without copying personal data into it.
    """
    head = _chain(session)
    entry = AuditEntry(
        seq=head.seq + 1,
        at=at,
        actor=actor,
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        before_digest=None if before is None else digest(before),
        after_digest=None if after is None else digest(after),
        prev_hash=head.hash,
        detail=canonical(detail or {}),
    )
    entry.hash = entry_hash(entry_body(entry))
    session.add(entry)
    head.seq, head.hash = entry.seq, entry.hash
    return entry


def forget_head(session: Session) -> None:
    """Drop the cached head (when an import replaced the chain)."""
    _forget(session)


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    head: str
    problem: str = ""
    bad_seq: int | None = None


def verify_entries(entries: Iterable[AuditEntry], head: tuple[int, str] | None) -> Verification:
    """Walk the chain in storage order and report the first entry that does not fit."""
    prev, expected_seq, count = GENESIS, 1, 0
    for e in entries:
        count += 1
        if e.seq != expected_seq:
            what = "missing or reordered" if e.seq > expected_seq else "out of order"
            return Verification(
                False, count, prev, f"entry {e.seq}: expected entry {expected_seq} here ({what})", e.seq
            )
        if e.prev_hash != prev:
            return Verification(
                False, count, prev, f"entry {e.seq}: does not follow entry {e.seq - 1} (prev_hash differs)", e.seq
            )
        if entry_hash(entry_body(e)) != e.hash:
            return Verification(
                False, count, prev, f"entry {e.seq} ({e.action} {e.entity_type} {e.entity_id}) was altered", e.seq
            )
        prev, expected_seq = e.hash, expected_seq + 1
    last_seq = expected_seq - 1
    if head is not None and (head[0] != last_seq or head[1] != prev):
        return Verification(
            False,
            count,
            prev,
            f"the chain ends at entry {last_seq} but the head records entry {head[0]}: entries were removed",
            last_seq + 1,
        )
    if head is None and last_seq:
        return Verification(False, count, prev, "the audit head is missing", None)
    return Verification(True, count, prev)


def iter_entries(session: Session, batch: int = 5000) -> Iterator[AuditEntry]:
    """Every entry in sequence order (a swapped or renumbered entry then breaks the chain)."""
    yield from session.scalars(select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=batch))


def verify(session: Session) -> Verification:
    head_row = session.get(AuditHead, 1)
    head = None if head_row is None else (head_row.seq, head_row.hash)
    return verify_entries(iter_entries(session), head)

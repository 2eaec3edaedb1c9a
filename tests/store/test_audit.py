"""The hash-chained audit log: an untouched chain verifies; an edited, deleted, swapped or cut-off entry
is found, and `verify` names the first entry that does not fit."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from sqlalchemy import select, text

from hkaigov.store import audit
from hkaigov.store.db import Database
from hkaigov.store.models import AuditEntry, AuditHead

T0 = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
COLUMNS = (
    "at",
    "actor",
    "action",
    "entity_type",
    "entity_id",
    "before_digest",
    "after_digest",
    "prev_hash",
    "hash",
    "detail",
)


def build_chain(db: Database, n: int = 6) -> None:
    """n entries, appended over two transactions (so the head is read back from the database once)."""
    half = n // 2
    for batch in (range(1, half + 1), range(half + 1, n + 1)):
        with db.transaction() as session:
            for i in batch:
                audit.record(
                    session,
                    actor=f"user{i % 2}",
                    action="system.update",
                    entity_type="system",
                    entity_id=f"org/sys-{i}",
                    at=T0 + dt.timedelta(minutes=i),
                    before={"n": i - 1} if i > 1 else None,
                    after={"n": i},
                    detail={"i": i},
                )


def verify(db: Database) -> audit.Verification:
    with db.reading() as session:
        return audit.verify(session)


def execute(db: Database, sql: str, **params: Any) -> None:
    """Raw SQL, as someone with database access (not the application) would tamper."""
    with db.connect() as conn:
        conn.execute(text(sql), params)
        conn.commit()


def row(db: Database, seq: int) -> dict[str, Any]:
    with db.connect() as conn:
        found = conn.execute(text(f"SELECT {', '.join(COLUMNS)} FROM audit_log WHERE seq = :s"), {"s": seq})
        return dict(found.mappings().one())


def test_untouched_chain_verifies(db: Database) -> None:
    build_chain(db)
    result = verify(db)
    assert result.ok, result.problem
    assert (result.entries, result.bad_seq, result.problem) == (6, None, "")
    with db.reading() as session:
        head = session.get(AuditHead, 1)
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert head is not None and last is not None
        assert (head.seq, head.hash) == (6, last.hash) and result.head == last.hash


def test_entries_link_to_each_other(db: Database) -> None:
    with db.reading() as session:
        assert audit.verify(session) == audit.Verification(True, 0, audit.GENESIS)
    build_chain(db, 4)
    with db.reading() as session:
        entries = list(audit.iter_entries(session))
        assert [e.seq for e in entries] == [1, 2, 3, 4]
        assert entries[0].prev_hash == audit.GENESIS
        assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
        assert all(e.hash == audit.entry_hash(audit.entry_body(e)) for e in entries)
        assert entries[1].before_digest == audit.digest({"n": 1}) and entries[0].before_digest is None
        assert entries[0].detail == '{"i":1}'
        assert entries[0].at == T0 + dt.timedelta(minutes=1)


EDITS = [("detail", '{"i":99}'), ("actor", "mallory"), ("entity_id", "org/other"), ("after_digest", None)]


def test_edited_entry_is_detected(db: Database, subtests: pytest.Subtests) -> None:
    """Each column edited in turn (and put back, after which the chain verifies again)."""
    build_chain(db)
    for column, value in EDITS:
        with subtests.test(column=column):
            original = row(db, 3)[column]
            execute(db, f"UPDATE audit_log SET {column} = :v WHERE seq = 3", v=value)
            result = verify(db)
            assert not result.ok
            assert result.bad_seq == 3
            assert "entry 3" in result.problem and "altered" in result.problem
            execute(db, f"UPDATE audit_log SET {column} = :v WHERE seq = 3", v=original)
            assert verify(db).ok


def test_edited_timestamp_is_detected(db: Database) -> None:
    build_chain(db)
    with db.transaction() as session:
        entry = session.get(AuditEntry, 2)
        assert entry is not None
        entry.at = entry.at + dt.timedelta(seconds=1)
    result = verify(db)
    assert (result.ok, result.bad_seq) == (False, 2)


def test_edited_entry_with_recomputed_hash_breaks_the_next_link(db: Database) -> None:
    build_chain(db)
    with db.transaction() as session:
        entry = session.get(AuditEntry, 3)
        assert entry is not None
        entry.actor = "mallory"
        entry.hash = audit.entry_hash(audit.entry_body(entry))
    result = verify(db)
    assert (result.ok, result.bad_seq) == (False, 4)
    assert "prev_hash" in result.problem


def test_rewritten_tail_is_caught_by_the_head(db: Database) -> None:
    """Re-hashing every entry from the edited one on still leaves the head pointing at the old hash."""
    build_chain(db)
    with db.transaction() as session:
        entries = list(session.scalars(select(AuditEntry).where(AuditEntry.seq >= 3).order_by(AuditEntry.seq)))
        prev = session.get(AuditEntry, 2)
        assert prev is not None
        prev_hash = prev.hash
        # move the hashes aside first: they are unique
        for e in entries:
            e.hash, e.prev_hash = f"{e.seq:064d}", f"{e.seq + 100:064d}"
        session.flush()
        for e in entries:
            if e.seq == 3:
                e.detail = '{"i":"forged"}'
            e.prev_hash = prev_hash
            e.hash = prev_hash = audit.entry_hash(audit.entry_body(e))
            session.flush()
    result = verify(db)
    assert not result.ok
    assert "head" in result.problem


def test_deleted_middle_entry_is_detected(db: Database) -> None:
    build_chain(db)
    execute(db, "DELETE FROM audit_log WHERE seq = 3")
    result = verify(db)
    assert not result.ok
    assert result.bad_seq == 4
    assert "expected entry 3" in result.problem


def test_deleted_first_entry_is_detected(db: Database) -> None:
    build_chain(db)
    execute(db, "DELETE FROM audit_log WHERE seq = 1")
    result = verify(db)
    assert (result.ok, result.bad_seq) == (False, 2)


def test_swapped_entries_are_detected(db: Database) -> None:
    """Two rows exchange their contents (everything but seq): the first of them no longer fits."""
    build_chain(db)
    two, four = row(db, 2), row(db, 4)
    assignments = ", ".join(f"{c} = :{c}" for c in COLUMNS)
    # hashes are unique: park row 4 on placeholders, then write each row with the other's contents
    execute(db, "UPDATE audit_log SET hash = :h, prev_hash = :p WHERE seq = 4", h="x" * 64, p="y" * 64)
    execute(db, f"UPDATE audit_log SET {assignments} WHERE seq = 2", **four)
    execute(db, f"UPDATE audit_log SET {assignments} WHERE seq = 4", **two)
    assert row(db, 2) == four and row(db, 4) == two
    result = verify(db)
    assert not result.ok
    assert result.bad_seq == 2


def test_swapped_sequence_numbers_are_detected(db: Database) -> None:
    build_chain(db)
    execute(db, "UPDATE audit_log SET seq = 1000 WHERE seq = 2")
    execute(db, "UPDATE audit_log SET seq = 2 WHERE seq = 5")
    execute(db, "UPDATE audit_log SET seq = 5 WHERE seq = 1000")
    result = verify(db)
    assert (result.ok, result.bad_seq) == (False, 2)


@pytest.mark.parametrize("keep", [5, 3, 0])
def test_truncated_tail_is_detected_by_the_head(db: Database, keep: int) -> None:
    build_chain(db)
    execute(db, "DELETE FROM audit_log WHERE seq > :k", k=keep)
    result = verify(db)
    assert not result.ok
    assert result.entries == keep
    assert result.bad_seq == keep + 1
    assert "removed" in result.problem


def test_missing_head_is_detected(db: Database) -> None:
    build_chain(db)
    execute(db, "DELETE FROM chain_head")
    result = verify(db)
    assert not result.ok and "head is missing" in result.problem


def test_appends_continue_after_a_verified_chain(db: Database) -> None:
    build_chain(db, 2)
    with db.transaction() as session:
        entry = audit.record(session, actor="a", action="x", entity_type="t", entity_id="1", at=T0)
    assert entry.seq == 3
    assert verify(db).ok


def test_canonical_json_is_stable() -> None:
    assert audit.canonical({"b": 1, "a": "é"}) == '{"a":"é","b":1}'
    assert audit.digest({"a": 1}) == audit.digest({"a": 1})
    assert audit.digest({"a": 1}).startswith("sha256:")
    assert audit.timestamp(dt.datetime(2026, 1, 1, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))) == (
        "2026-01-01T09:00:00.000000+00:00"
    )

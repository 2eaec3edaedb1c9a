"""`Database`: transactions commit all or nothing, stale optimistic-lock updates and key clashes become
ConflictError, files written by a failed transaction are removed, and connection problems are one line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hkaigov.domain.errors import ConflictError, InputError
from hkaigov.store import audit
from hkaigov.store.db import Database, normalise_url, safe_url
from hkaigov.store.models import Blob, Organisation
from hkaigov.store.settings import Settings

NOW = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


def add_org(db: Database, slug: str = "acme") -> int:
    with db.transaction() as session:
        org = Organisation(slug=slug, name="Acme Limited", created_at=NOW)
        session.add(org)
        session.flush()
        return org.id


def blob_files(db: Database) -> list[Path]:
    root = db.settings.blob_dir
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_failed_transaction_rolls_back(db: Database) -> None:
    with pytest.raises(RuntimeError), db.transaction() as session:
        session.add(Organisation(slug="acme", name="Acme", created_at=NOW))
        session.flush()
        audit.record(session, actor="x", action="a", entity_type="t", entity_id="1", at=NOW)
        raise RuntimeError("boom")
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == 0
        assert audit.verify(session).entries == 0


def test_reading_session_writes_nothing(db: Database) -> None:
    with db.reading() as session:
        session.add(Organisation(slug="acme", name="Acme", created_at=NOW))
        session.flush()
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == 0


def test_stale_update_is_a_conflict(db: Database) -> None:
    """Two sessions load the same row; the first changes it and commits; the second's change, based on the
    version it read, is refused at commit (StaleDataError → ConflictError) and the first change stands."""
    org_id = add_org(db)
    with db.reading() as second_read:
        mine = second_read.get(Organisation, org_id)
        assert mine is not None and mine.version == 1
        second_read.expunge(mine)  # keep what the second user saw
    with db.transaction() as first:
        theirs = first.get(Organisation, org_id)
        assert theirs is not None and theirs.version == 1
        theirs.name = "First writer"
    with pytest.raises(ConflictError, match="someone else changed"), db.transaction() as second:
        stale = second.merge(mine, load=False)
        stale.name = "Second writer"
    with db.reading() as session:
        org = session.get(Organisation, org_id)
        assert org is not None
        assert (org.name, org.version) == ("First writer", 2)


def test_interleaved_transactions_stale_update_is_a_conflict(db: Database) -> None:
    """Both transactions open at once: the one that commits second is refused (PostgreSQL; SQLite writers
    take the write lock at BEGIN IMMEDIATE, so two write transactions never interleave there)."""
    if db.dialect != "postgresql":
        pytest.skip("SQLite serialises writers at BEGIN: two write transactions cannot interleave")
    org_id = add_org(db)
    with pytest.raises(ConflictError, match="someone else changed"), db.transaction() as second:
        mine = second.get(Organisation, org_id)
        assert mine is not None and mine.version == 1
        with db.transaction() as first:
            theirs = first.get(Organisation, org_id)
            assert theirs is not None and theirs.version == 1
            theirs.name = "First writer"
        mine.name = "Second writer"  # based on version 1, which no longer exists
    with db.reading() as session:
        org = session.get(Organisation, org_id)
        assert org is not None
        assert (org.name, org.version) == ("First writer", 2)


def test_committed_updates_bump_the_version(db: Database) -> None:
    org_id = add_org(db)
    with db.reading() as session:
        org = session.get(Organisation, org_id)
        assert org is not None and (org.name, org.version) == ("Acme Limited", 1)
    for n, name in enumerate(["B", "C"], start=2):
        with db.transaction() as session:
            org = session.get(Organisation, org_id)
            assert org is not None
            org.name = name
        with db.reading() as session:
            org = session.get(Organisation, org_id)
            assert org is not None and (org.name, org.version) == (name, n)


def test_unique_key_clash_is_a_conflict(db: Database) -> None:
    add_org(db, "acme")
    with pytest.raises(ConflictError, match="clashes"):
        add_org(db, "acme")
    with db.reading() as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == 1


def test_failed_transaction_removes_the_files_it_wrote(db: Database) -> None:
    with pytest.raises(ConflictError), db.transaction() as session:
        stored = db.blobs.put_bytes(b"draft policy", "policy.md", session.info)
        assert stored.created and db.blobs.exists(stored.sha256)
        session.add(Blob(sha256=stored.sha256, size=stored.size, media_type=stored.media_type, created_at=NOW))
        session.flush()
        session.add(Organisation(slug="a", name="A", created_at=NOW))
        session.add(Organisation(slug="a", name="A again", created_at=NOW))
        session.flush()  # unique clash
    assert not db.blobs.exists(stored.sha256)
    assert blob_files(db) == []
    with db.reading() as session:
        assert session.get(Blob, stored.sha256) is None


def test_failed_transaction_keeps_files_that_were_there_before(db: Database) -> None:
    with db.transaction() as session:
        kept = db.blobs.put_bytes(b"approved policy", "policy.md", session.info)
        session.add(Blob(sha256=kept.sha256, size=kept.size, media_type=kept.media_type, created_at=NOW))
    with pytest.raises(RuntimeError), db.transaction() as session:
        again = db.blobs.put_bytes(b"approved policy", "copy.md", session.info)
        new = db.blobs.put_bytes(b"something new", "new.md", session.info)
        assert not again.created and new.created
        raise RuntimeError("boom")
    assert db.blobs.read(kept.sha256) == b"approved policy"
    assert not db.blobs.exists(new.sha256)
    assert blob_files(db) == [db.blobs.path(kept.sha256)]


# connection problems ----------------------------------------------------------------------------


def test_unreachable_postgresql_is_a_one_line_input_error(tmp_path: Path) -> None:
    db = Database(Settings(database_url="postgresql://hk:s3cret@127.0.0.1:1/reg", data_dir=tmp_path))
    try:
        with pytest.raises(InputError) as err:
            db.current_revision()
    finally:
        db.dispose()
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith("cannot use the database at postgresql+psycopg://hk:***@127.0.0.1:1/reg: ")
    assert "s3cret" not in message


def test_unreachable_postgresql_in_a_transaction_is_an_input_error(tmp_path: Path) -> None:
    db = Database(Settings(database_url="postgresql://hk@127.0.0.1:1/reg", data_dir=tmp_path))
    try:
        with pytest.raises(InputError, match="cannot use the database"), db.transaction() as session:
            session.execute(select(1))
    finally:
        db.dispose()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("not a url", "is not a database URL"),
        ("mysql://u@localhost/db", "only sqlite and postgresql are supported"),
    ],
)
def test_bad_database_urls(tmp_path: Path, url: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        Database(Settings(database_url=url, data_dir=tmp_path))


def test_sqlite_directory_is_created(tmp_path: Path) -> None:
    db = Database(Settings(database_url=f"sqlite:///{tmp_path / 'deep' / 'er' / 'r.db'}", data_dir=tmp_path))
    try:
        assert (tmp_path / "deep" / "er").is_dir()
        assert db.dialect == "sqlite"
    finally:
        db.dispose()


def test_urls_are_normalised_and_passwords_hidden() -> None:
    assert normalise_url("postgresql://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_url("postgres://u@h/d") == "postgresql+psycopg://u@h/d"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
    assert safe_url("postgresql+psycopg://u:pw@h/d") == "postgresql+psycopg://u:***@h/d"
    assert safe_url("::nonsense::") == "<invalid URL>"


def test_sqlite_enforces_foreign_keys(db: Database) -> None:
    from hkaigov.store.models import AISystem

    with pytest.raises(ConflictError), db.transaction() as session:
        session.add(
            AISystem(
                organisation_id=999,
                slug="s",
                name="S",
                sector="other",
                tier="low",
                roles="",
                current_version=1,
                profile_digest="d",
                catalog_version="c",
                created_at=NOW,
                updated_at=NOW,
            )
        )

"""The content-addressed evidence store: one file per distinct content, size limits checked before
reading, nothing half-written left behind, and files of a failed transaction removed."""

from __future__ import annotations

import hashlib
from pathlib import Path
from types import SimpleNamespace

import pytest

from hkaigov.domain.errors import InputError
from hkaigov.store.blobs import BlobStore, sniff_media_type

LIMIT = 1024


def files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def store(tmp_path: Path) -> BlobStore:
    return BlobStore(tmp_path / "evidence", LIMIT)


def test_bytes_are_stored_by_their_hash(store: BlobStore) -> None:
    data = b"model card v3"
    sha = hashlib.sha256(data).hexdigest()
    stored = store.put_bytes(data, "card.md")
    assert (stored.sha256, stored.size, stored.created) == (sha, len(data), True)
    assert store.path(sha) == store.root / sha[:2] / sha
    assert store.exists(sha) and store.read(sha) == data
    assert files(store.root) == [store.path(sha)]


def test_same_bytes_are_stored_once(store: BlobStore, tmp_path: Path) -> None:
    first = store.put_bytes(b"same", "a.txt")
    src = tmp_path / "b.txt"
    src.write_bytes(b"same")
    second = store.put_file(src)
    assert first.sha256 == second.sha256
    assert (first.created, second.created) == (True, False)
    assert len(files(store.root)) == 1


def test_file_exactly_at_the_limit_is_accepted(store: BlobStore, tmp_path: Path) -> None:
    src = tmp_path / "max.bin"
    src.write_bytes(b"x" * LIMIT)
    assert store.put_file(src).size == LIMIT


def test_oversized_file_is_refused_and_nothing_written(store: BlobStore, tmp_path: Path) -> None:
    src = tmp_path / "big.bin"
    src.write_bytes(b"x" * (LIMIT + 1))
    with pytest.raises(InputError, match="over the upload limit"):
        store.put_file(src)
    with pytest.raises(InputError, match="HKAIGOV_MAX_UPLOAD_MB"):
        store.put_bytes(b"x" * (LIMIT + 1), "big.bin")
    assert files(store.root) == []


def test_file_growing_while_read_is_refused_without_leftovers(store: BlobStore) -> None:
    chunks = iter([b"x" * LIMIT, b"y"])
    with pytest.raises(InputError, match="over the upload limit"):
        store._put_stream(chunks, "growing.bin", "growing.bin", None)
    assert files(store.root) == []  # not even the temporary upload file


def test_missing_file_and_directory_are_refused(store: BlobStore, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        store.put_file(tmp_path / "nope.pdf")
    with pytest.raises(InputError, match="not a regular file"):
        store.put_file(tmp_path)
    assert files(store.root) == []


def test_new_files_are_tracked_and_discarded(store: BlobStore) -> None:
    session = SimpleNamespace(info={})  # what discard_new needs of a Session
    store.put_bytes(b"kept", "kept.txt")  # outside any transaction
    kept = store.put_bytes(b"kept", "again.txt", session.info)
    new = store.put_bytes(b"new", "new.txt", session.info)
    assert session.info["new_blobs"] == [store.path(new.sha256)]  # the existing file is not "new"
    store.discard_new(session)
    assert not store.exists(new.sha256)
    assert store.exists(kept.sha256)
    assert "new_blobs" not in session.info
    store.discard_new(session)  # nothing left to do, no error


@pytest.mark.parametrize(
    ("head", "name", "media"),
    [
        (b"%PDF-1.7 ...", "report.bin", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n....", "x", "image/png"),
        (b"\xff\xd8\xff\xe0", "x", "image/jpeg"),
        (b"PK\x03\x04", "deck.pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
        (b"PK\x03\x04", "archive.bin", "application/zip"),
        (b"# heading", "notes.md", "text/markdown"),
        (b"plain words", "noextension", "text/plain"),
        (b"\xff\xfe\x00\x81", "blob", "application/octet-stream"),
    ],
)
def test_media_type_sniffing(head: bytes, name: str, media: str) -> None:
    assert sniff_media_type(head, name) == media


def test_files_another_transaction_committed_are_kept(store: BlobStore) -> None:
    session = SimpleNamespace(info={})
    shared = store.put_bytes(b"shared", "s.txt", session.info)
    mine = store.put_bytes(b"mine", "m.txt", session.info)
    asked: list[list[str]] = []

    def in_use(shas: list[str]) -> set[str]:
        asked.append(shas)
        return {shared.sha256}

    store.discard_new(session, in_use)
    assert asked == [[shared.sha256, mine.sha256]]
    assert store.exists(shared.sha256) and not store.exists(mine.sha256)
    store.discard_new(session, in_use)
    assert len(asked) == 1  # nothing new: the database is not asked


def test_text_cut_inside_a_character_is_still_text() -> None:
    head = ("a" * 511 + "香").encode("utf-8")[:512]
    assert sniff_media_type(head, "notes") == "text/plain"
    assert sniff_media_type(b"\xff\xfe\x00binary", "blob") == "application/octet-stream"

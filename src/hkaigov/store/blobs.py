"""Evidence files stored by content: `evidence/ab/abcdef…` under the data directory, named by SHA-256.

The same bytes are stored once however often they are attached. Files are written to a temporary
name and renamed into place, so a reader never sees half a file; a file first written inside a
transaction that then fails is removed again (`discard_new`).
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import mimetypes
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hkaigov.domain.errors import InputError

_CHUNK = 1 << 20

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF8", "image/gif"),
    (b"PK\x03\x04", "application/zip"),
    (b"{\\rtf", "application/rtf"),
)


def sniff_media_type(head: bytes, filename: str) -> str:
    """The media type from the file's first bytes, then its name; text if it decodes as UTF-8."""
    for magic, media in _MAGIC:
        if head.startswith(magic):
            if media == "application/zip":
                guessed = mimetypes.guess_type(filename)[0]
                return guessed if guessed and ("officedocument" in guessed or "zip" in guessed) else media
            return media
    guessed = mimetypes.guess_type(filename)[0]
    if guessed:
        return guessed
    try:  # the head may end inside a multi-byte character
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "application/octet-stream"
    return "text/plain"


@dataclass(frozen=True)
class StoredBlob:
    sha256: str
    size: int
    media_type: str
    created: bool


class BlobStore:
    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def read(self, sha256: str) -> bytes:
        return self.path(sha256).read_bytes()

    def _limit_message(self, label: str, size: int) -> str:
        return (
            f"{label}: {size / 1048576:.1f} MB is over the upload limit of "
            f"{self.max_bytes / 1048576:g} MB (HKAIGOV_MAX_UPLOAD_MB)"
        )

    def put_file(self, path: Path, session_info: dict[str, Any] | None = None) -> StoredBlob:
        """Store a file from disk; refuses a missing, unreadable or oversized file before reading it."""
        if not path.exists():
            raise InputError(f"{path}: no such file")
        if not path.is_file():
            raise InputError(f"{path}: not a regular file")
        size = path.stat().st_size
        if size > self.max_bytes:
            raise InputError(self._limit_message(str(path), size))
        try:
            with path.open("rb") as fh:
                return self._put_stream(iter(lambda: fh.read(_CHUNK), b""), path.name, str(path), session_info)
        except PermissionError:
            raise InputError(f"{path}: cannot be read (permission denied)") from None

    def put_bytes(self, data: bytes, filename: str, session_info: dict[str, Any] | None = None) -> StoredBlob:
        if len(data) > self.max_bytes:
            raise InputError(self._limit_message(filename, len(data)))
        return self._put_stream(iter([data]), filename, filename, session_info)

    def _put_stream(
        self, chunks: Iterator[bytes], filename: str, label: str, session_info: dict[str, Any] | None
    ) -> StoredBlob:
        self.root.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        head = b""
        fd, tmp_name = tempfile.mkstemp(dir=self.root, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                for chunk in chunks:
                    size += len(chunk)
                    if size > self.max_bytes:  # the file grew while we read it
                        raise InputError(self._limit_message(label, size))
                    if len(head) < 512:
                        head += chunk[: 512 - len(head)]
                    digest.update(chunk)
                    out.write(chunk)
            sha = digest.hexdigest()
            target = self.path(sha)
            created = not target.exists()
            if created:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(tmp_name, target)
                if session_info is not None:
                    session_info.setdefault("new_blobs", []).append(target)
            else:
                os.unlink(tmp_name)
        except BaseException:
            if os.path.exists(tmp_name):
                os.unlink(tmp_name)
            raise
        return StoredBlob(sha, size, sniff_media_type(head, filename), created)

    def discard_new(self, session: Any, in_use: Callable[[list[str]], set[str]] | None = None) -> None:
        """Remove the files first written in a transaction that did not commit, except those `in_use` names:
        another transaction may have found the file already there and committed a row for it meanwhile."""
        paths = [Path(p) for p in session.info.pop("new_blobs", [])]
        keep = in_use([p.name for p in paths]) if paths and in_use is not None else set()
        for path in paths:
            if path.name not in keep:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()

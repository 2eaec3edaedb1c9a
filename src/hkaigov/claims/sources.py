"""Local inputs as pages: saved web pages, PDFs, text files and tables of messages (CSV, JSONL).

Supervisors and complaint desks hand over evidence as files, not URLs. Every file (or row) becomes a
`Page` carrying where it came from and a hash of what was read, or a `Skipped` that says which file and
line could not be used and why: one bad row never stops a scan.

Decisions the evidence depends on:

* A saved HTML page keeps `url` = its `file://` URI, unless the page declares an absolute http(s)
  `<link rel=canonical>`: then `url` is the canonical URL, because that is where the page was published
  and what a finding should cite; `source` still names the local file.
* `fetched_at` is the file's modification time (UTC) for files and for the rows in them: the capture
  cannot be later than the file that holds it, and the same file always gives the same pages. A row may
  give its own `fetched_at`.
* `sha256` is of the file's bytes for a file, of the row's text for a row.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from hkaigov.claims.extract import ExtractError, decode_text, extract_pdf, parse_html
from hkaigov.claims.pages import Page, Skipped, text_sha256

__all__ = ["SUFFIXES", "TEXT_COLUMNS", "iter_local", "looks_like_about"]

SUFFIXES: tuple[str, ...] = (".html", ".htm", ".xhtml", ".pdf", ".txt", ".md", ".csv", ".jsonl", ".ndjson")
TEXT_COLUMNS: tuple[str, ...] = ("text", "content", "message")  # the first one present holds the text
_OPTIONAL = ("url", "entity", "title", "fetched_at")

_ABOUT_SEGMENTS = re.compile(
    r"^(?:about|about[-_ ]?us|aboutus|about[-_]company|company|company[-_]profile|company[-_]info|corporate|"
    r"corporate[-_]profile|corporate[-_]information|profile|who[-_]we[-_]are|our[-_]story|our[-_]company|"
    r"關於我們|關於|公司簡介|公司資料|公司介紹|关于我们|关于|公司简介|公司资料|公司介绍)$",
    re.I,
)
_ABOUT_TITLE = re.compile(
    r"\babout\b|company\s+profile|corporate\s+(?:profile|information)|who\s+we\s+are|our\s+story|"
    r"關於我們|關於|公司簡介|公司資料|公司介紹|关于我们|关于|公司简介|公司资料|公司介绍",
    re.I,
)


def looks_like_about(url: str | None, title: str = "") -> bool:
    """Whether a page is the publisher's "about us" page, where it says who it is (and what it is licensed as).

    Only the URL's last path segment counts (and query values, for "index.php?page=about"): "/company/news/1"
    is news, "/en/company/" is the about page.
    """
    if url:
        try:
            parts = urlsplit(url)
        except ValueError:
            parts = None
        if parts is not None:
            segments = [s for s in unquote(parts.path).split("/") if s][-1:]
            segments += [v for pair in unquote(parts.query).split("&") for v in pair.split("=")[1:]]
            for segment in segments:
                stem = segment.rsplit(".", 1)[0] if "." in segment else segment
                if _ABOUT_SEGMENTS.match(stem.strip()):
                    return True
    return bool(title and _ABOUT_TITLE.search(title))


def _mtime(path: Path) -> str:
    return dt.datetime.fromtimestamp(path.stat().st_mtime, dt.UTC).isoformat(timespec="seconds")


def _skip(path: Path, reason: str, line: int | None = None) -> Skipped:
    where = f"{path}:{line}" if line is not None else str(path)
    return Skipped(id=where, url=path.resolve().as_uri(), reason=f"{where}: {reason}")


def iter_local(path: str | Path) -> Iterator[Page | Skipped]:
    """Pages from a file, or from every file under a directory (sorted, hidden ones left out)."""
    root = Path(path)
    if root.is_dir():
        for file in sorted(p for p in root.rglob("*") if p.is_file()):
            if not any(part.startswith(".") for part in file.relative_to(root).parts):
                yield from _iter_file(file)
    elif root.exists():
        yield from _iter_file(root)
    else:
        yield Skipped(id=str(root), url=None, reason=f"{root}: no such file or directory")


def _iter_file(path: Path) -> Iterator[Page | Skipped]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        yield _skip(path, f"unsupported file type {suffix or '(no extension)'!r}")
        return
    try:
        raw = path.read_bytes()
        fetched_at = _mtime(path)
    except OSError as exc:
        yield _skip(path, f"cannot read: {exc.strerror or exc}")
        return
    if suffix in (".csv", ".jsonl", ".ndjson"):
        try:
            text = decode_text(raw, keep_lines=True) if raw.strip() else ""
        except ExtractError as exc:
            yield _skip(path, str(exc))
            return
        rows = _csv_rows(path, text) if suffix == ".csv" else _jsonl_rows(path, text)
        for item in rows:
            yield item if isinstance(item, Skipped) else _row_page(path, fetched_at, *item)
        return
    try:
        yield _file_page(path, raw, suffix, fetched_at)
    except ExtractError as exc:
        yield _skip(path, f"cannot extract: {exc}")


def _file_page(path: Path, raw: bytes, suffix: str, fetched_at: str) -> Page:
    uri = path.resolve().as_uri()
    common: dict[str, Any] = {
        "id": str(path),
        "fetched_at": fetched_at,
        "sha256": hashlib.sha256(raw).hexdigest(),
        "source": str(path),
    }
    if suffix in (".html", ".htm", ".xhtml"):
        doc = parse_html(raw, uri)
        return Page(
            url=doc.canonical or uri,
            text=doc.text,
            entity=doc.entity,
            title=doc.title,
            content_type="text/html",
            links=doc.links,
            about=looks_like_about(doc.canonical or path.name, doc.title),
            **common,
        )
    if suffix == ".pdf":
        return Page(url=uri, text=extract_pdf(raw), content_type="application/pdf", **common)
    text = decode_text(raw)
    title = ""
    if suffix == ".md":
        heading = re.search(r"^#{1,6}\s+(.+?)\s*#*\s*$", text, re.M)
        title = heading.group(1) if heading else ""
    kind = "text/markdown" if suffix == ".md" else "text/plain"
    return Page(url=uri, text=text, title=title, content_type=kind, **common)


# a row: (line, id, text, fields)
_Row = tuple[int, str, str, dict[str, str]]


def _row_page(path: Path, fetched_at: str, line: int, item_id: str, text: str, fields: dict[str, str]) -> Page:
    url = fields.get("url") or None
    title = fields.get("title", "")
    return Page(
        id=item_id,
        url=url,
        text=text,
        entity=fields.get("entity") or None,
        title=title,
        fetched_at=fields.get("fetched_at") or fetched_at,
        sha256=text_sha256(text),
        content_type="text/plain",
        source=str(path),
        about=looks_like_about(url, title),
    )


def _check_row(path: Path, line: int, item_id: str, text: str, seen: dict[str, int]) -> Skipped | None:
    if not item_id:
        return _skip(path, "empty id", line)
    if not text.strip():
        return _skip(path, f"id {item_id!r}: empty text", line)
    if item_id in seen:
        return _skip(path, f"duplicate id {item_id!r} (first on line {seen[item_id]})", line)
    seen[item_id] = line
    return None


def _csv_rows(path: Path, text: str) -> Iterator[_Row | Skipped]:
    """Rows of a CSV with a header: id, a text column (text/content/message), optional url/entity/title."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        yield _skip(path, "empty file: a header row (id,text,…) is required", 1)
        return
    except csv.Error as exc:
        yield _skip(path, f"bad header: {exc}", 1)
        return
    text_column = next((c for c in TEXT_COLUMNS if c in header), None)
    if "id" not in header or text_column is None:
        missing = "id" if "id" not in header else "text (or content, message)"
        yield _skip(path, f"the header has no {missing} column (header: {','.join(header)})", 1)
        return
    index = {name: header.index(name) for name in ("id", text_column, *_OPTIONAL) if name in header}
    seen: dict[str, int] = {}
    while True:
        line = reader.line_num + 1  # where the record starts (a quoted field may span lines)
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield _skip(path, f"bad CSV: {exc}", line)
            if reader.line_num < line:  # no progress: stop rather than loop
                return
            continue
        if not row or not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield _skip(path, f"{len(row)} fields, the header has {len(header)}", line)
            continue
        item_id = row[index["id"]].strip()
        body = row[index[text_column]]
        if problem := _check_row(path, line, item_id, body, seen):
            yield problem
            continue
        fields = {name: row[i].strip() for name, i in index.items() if name in _OPTIONAL}
        yield line, item_id, body.strip(), fields


def _jsonl_rows(path: Path, text: str) -> Iterator[_Row | Skipped]:
    """One JSON object per line: "id", "text" (or "content", "message"), optional "url", "entity", "title"."""
    seen: dict[str, int] = {}
    for line, raw_line in enumerate(text.split("\n"), 1):
        if not raw_line.strip():
            continue
        try:
            item = json.loads(raw_line)
        except ValueError as exc:
            yield _skip(path, f"bad JSON: {exc}", line)
            continue
        if not isinstance(item, dict):
            yield _skip(path, f"expected a JSON object, got {type(item).__name__}", line)
            continue
        item_id = item.get("id")
        if isinstance(item_id, bool) or not isinstance(item_id, str | int):
            yield _skip(path, 'missing "id" (a string or an integer)', line)
            continue
        key = next((c for c in TEXT_COLUMNS if c in item), None)
        body = item.get(key) if key else None
        if not isinstance(body, str):
            yield _skip(path, f'id {item_id!r}: missing "text" (a string)', line)
            continue
        if problem := _check_row(path, line, str(item_id).strip(), body, seen):
            yield problem
            continue
        fields = {name: item[name].strip() for name in _OPTIONAL if isinstance(item.get(name), str)}
        yield line, str(item_id).strip(), body.strip(), fields

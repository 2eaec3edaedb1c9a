"""Scanning files: split them into tasks, scan the tasks (here, in workers or on Dask), gather in order.

JSONL and plain-text files are split into byte ranges at line boundaries; a task reads its own range,
prefilters the raw bytes and decodes only the lines a trigger matched. Other formats are read here
and sent to the workers in batches of records.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from hkaigov.domain.errors import InputError
from hkaigov.pii.findings import Finding
from hkaigov.pii.readers import check_utf8, count_bytes, decode_line, detect_format, iter_records, parse_jsonl_block
from hkaigov.pii.redact import Operator, redact_text
from hkaigov.pii.runner import run_dask, run_local
from hkaigov.pii.scanner import ScanOptions, scanner_for

CHUNK_BYTES = 16 << 20
RECORD_BATCH = 512
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class LineTask:
    """A byte range [start, end) of a JSONL or text file, starting at line `first_line`."""

    path: str
    fmt: str
    start: int
    end: int
    first_line: int
    options: ScanOptions
    field: str
    id_field: str
    label: str | None  # the "file" value written with each finding when several files are scanned
    want_rows: bool


@dataclass(frozen=True)
class RecordTask:
    path: str
    records: tuple[tuple[str | int, str], ...]
    options: ScanOptions
    label: str | None
    want_rows: bool
    size: int


@dataclass
class TaskResult:
    path: str
    size: int
    records: int = 0
    with_findings: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    jsonl: list[str] = field(default_factory=list)
    rows: list[tuple[str | int, Finding, str]] = field(default_factory=list)  # (id, finding, masked value)
    problems: list[str] = field(default_factory=list)  # a user error (a malformed line), raised where results arrive


def finding_line(record_id: str | int, f: Finding, label: str | None) -> str:
    """One line of the JSONL contract, formatted directly (json.dumps per finding is the slow part)."""
    return _finding_lines(record_id, [f], label)[0]


def _finding_lines(record_id: str | int, found: list[Finding], label: str | None) -> list[str]:
    """The JSONL lines of one record's findings: the id and file label are JSON-encoded once per record."""
    rid = json.dumps(record_id, ensure_ascii=False)
    file = "" if label is None else ', "file": ' + json.dumps(label, ensure_ascii=False)
    return [
        f'{{"id": {rid}, "start": {f.start}, "end": {f.end}, "type": "{f.type}", "score": {round(f.score, 2)}'
        f"{_SUSPECTED if f.suspected else ''}{file}}}\n"
        for f in found
    ]


_SUSPECTED = ', "suspected": true'


def masked(value: str, kind: str) -> str:
    """A value with its middle masked (`A12****(3)`), for showing what was found without showing it."""
    return redact_text(value, [Finding(0, len(value), kind, 1.0)], Operator.FPE_MASK).text


def _collect(
    result: TaskResult, record_id: str | int, text: str, found: list[Finding], label: str | None, rows: bool
) -> None:
    if not found:
        return
    result.with_findings += 1
    for f in found:
        result.counts[f.type] += 1
    if rows:
        result.rows.extend((record_id, f, masked(text[f.start : f.end], f.type)) for f in found)
    else:
        result.jsonl.extend(_finding_lines(record_id, found, label))


def scan_lines(task: LineTask) -> TaskResult:
    """Scan one byte range: every line is checked, only the lines the prefilter picks are scanned."""
    scanner = scanner_for(task.options)
    with open(task.path, "rb") as fh:
        fh.seek(task.start)
        data = fh.read(task.end - task.start)
    result = TaskResult(task.path, len(data))
    selection = scanner.lines_to_scan(data, json_lines=task.fmt == "jsonl")
    indexes, newlines, which = selection.indexes, selection.newlines, selection.which
    if task.fmt == "jsonl":
        block = parse_jsonl_block(
            data, path=task.path, first_line=task.first_line, field=task.field, id_field=task.id_field, keep=indexes
        )
        result.records = block.records
        for i in indexes:
            row = block.rows.get(i)
            if row is not None:  # None: a blank line
                record_id, obj = row
                text = obj[task.field]
                _collect(result, record_id, text, scanner.scan(text, which.get(i)), task.label, task.want_rows)
        return result
    check_utf8(data, task.path, task.first_line)
    result.records = len(newlines) + (1 if data and not data.endswith(b"\n") else 0)
    name = Path(task.path).name
    for i in indexes:
        line = data[newlines[i - 1] + 1 if i else 0 : newlines[i] if i < len(newlines) else len(data)]
        lineno = task.first_line + i
        if lineno == 1 and line.startswith(_BOM):
            line = line[len(_BOM) :]
        if i < len(newlines) and line.endswith(b"\r"):  # CRLF: the record is the line without its ending
            line = line[:-1]
        text = decode_line(line, task.path, lineno)
        found = scanner.scan(text, which.get(i) if lineno > 1 else None)  # line 1 may start with a BOM
        _collect(result, f"{name}:{lineno}", text, found, task.label, task.want_rows)
    return result


def scan_records(task: RecordTask) -> TaskResult:
    scanner = scanner_for(task.options)
    result = TaskResult(task.path, task.size, records=len(task.records))
    for record_id, text in task.records:
        _collect(result, record_id, text, scanner.scan(text), task.label, task.want_rows)
    return result


def _count_newlines(fh: BinaryIO, start: int, end: int) -> int:
    count = 0
    fh.seek(start)
    remaining = end - start
    while remaining > 0:
        piece = fh.read(min(8 << 20, remaining))
        if not piece:
            break
        count += piece.count(b"\n")
        remaining -= len(piece)
    return count


def _line_tasks(path: Path, fmt: str, template: dict[str, object], chunk_bytes: int) -> Iterator[LineTask]:
    size = path.stat().st_size
    pos, line = 0, 1
    with open(path, "rb") as fh:
        while pos < size:
            end = min(size, pos + chunk_bytes)
            if end < size:
                fh.seek(end)
                fh.readline()
                end = fh.tell()
            yield LineTask(path=str(path), fmt=fmt, start=pos, end=end, first_line=line, **template)  # type: ignore[arg-type]
            line += _count_newlines(fh, pos, end)
            pos = end


def _record_tasks(
    path: Path, fmt: str, field_name: str | None, id_field: str, template: dict[str, object]
) -> Iterator[RecordTask]:
    batch: list[tuple[str | int, str]] = []
    size = 0
    for record in iter_records(path, fmt=fmt, field=field_name, id_field=id_field):
        batch.append((record.id, record.text))
        size += len(record.text.encode("utf-8", "surrogatepass"))
        if len(batch) >= RECORD_BATCH:
            yield RecordTask(str(path), tuple(batch), size=size, **template)  # type: ignore[arg-type]
            batch, size = [], 0
    if batch:
        yield RecordTask(str(path), tuple(batch), size=size, **template)  # type: ignore[arg-type]


@dataclass
class FileSummary:
    file: str
    format: str
    bytes: int = 0
    records: int = 0
    records_with_findings: int = 0
    counts: Counter[str] = field(default_factory=Counter)


@dataclass
class ScanRun:
    """What a scan of several files saw; filled in as task results arrive."""

    files: dict[str, FileSummary]
    engine: str
    workers: int
    started: float = field(default_factory=time.perf_counter)
    seconds: float = 0.0

    @property
    def totals(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for f in self.files.values():
            total.update(f.counts)
        return total

    def as_json(self) -> dict[str, object]:
        return {
            "engine": self.engine,
            "workers": self.workers,
            "seconds": round(self.seconds, 3),
            "files": [
                {
                    "file": f.file,
                    "format": f.format,
                    "bytes": f.bytes,
                    "records": f.records,
                    "records_with_findings": f.records_with_findings,
                    "counts": dict(sorted(f.counts.items())),
                }
                for f in self.files.values()
            ],
            "totals": dict(sorted(self.totals.items())),
        }


@dataclass(frozen=True)
class ScanRequest:
    paths: Sequence[Path]
    options: ScanOptions = field(default_factory=ScanOptions)
    fmt: str | None = None
    field: str | None = None
    id_field: str = "id"
    workers: int = 1
    engine: str = "local"  # local | dask
    scheduler: str | None = None
    want_rows: bool = False
    chunk_bytes: int | None = None  # None: CHUNK_BYTES, read when the scan starts


def plan(request: ScanRequest) -> tuple[list[tuple[Path, str]], int]:
    """The files with their formats (all checked before anything runs) and their total size."""
    files: list[tuple[Path, str]] = []
    for path in request.paths:
        if not path.exists():
            raise InputError(f"{path}: no such file")
        if path.is_dir():
            raise InputError(f"{path}: is a directory, expected a file")
        files.append((path, request.fmt or detect_format(path)))
    return files, count_bytes([p for p, _ in files])


def _tasks(request: ScanRequest, files: list[tuple[Path, str]]) -> Iterator[LineTask | RecordTask]:
    label_files = len(files) > 1
    for path, fmt in files:
        template: dict[str, object] = {
            "options": request.options,
            "label": str(path) if label_files else None,
            "want_rows": request.want_rows,
        }
        if fmt in ("jsonl", "text"):
            extra = {"field": request.field or "text", "id_field": request.id_field}
            yield from _line_tasks(path, fmt, template | extra, request.chunk_bytes or CHUNK_BYTES)
        else:
            yield from _record_tasks(path, fmt, request.field, request.id_field, template)


def run_task(task: LineTask | RecordTask) -> TaskResult:
    """Scan one task. A malformed input comes back as a result, not an exception: a Dask worker would
    otherwise log it as a failed task, traceback and all, where the user only needs the one-line message."""
    try:
        return scan_lines(task) if isinstance(task, LineTask) else scan_records(task)
    except InputError as exc:
        return TaskResult(task.path, 0, problems=exc.problems)


def start_scan(request: ScanRequest) -> tuple[ScanRun, Iterator[TaskResult]]:
    """Start a scan: returns the run summary (updated as results are consumed) and the results in order."""
    files, _ = plan(request)
    if request.engine not in ("local", "dask"):
        raise InputError(f"--engine: unknown engine '{request.engine}' (local or dask)")
    run = ScanRun(
        {str(p): FileSummary(str(p), fmt) for p, fmt in files},
        scanner_for(request.options).engine,
        request.workers,
    )
    tasks = _tasks(request, files)
    results = (
        run_dask(run_task, tasks, request.scheduler, request.workers)
        if request.engine == "dask"
        else run_local(run_task, tasks, request.workers)
    )

    def consume() -> Iterator[TaskResult]:
        for result in results:
            if result.problems:
                raise InputError(result.problems)
            summary = run.files[result.path]
            summary.bytes += result.size
            summary.records += result.records
            summary.records_with_findings += result.with_findings
            summary.counts.update(result.counts)
            yield result
        run.seconds = time.perf_counter() - run.started

    return run, consume()


def scan_files(paths: Iterable[Path | str], **options: object) -> Iterator[tuple[str, str | int, Finding]]:
    """(file, record id, finding) for every finding in `paths`, streamed in file order.

    `options` are `ScanRequest` fields: `options=ScanOptions(...)`, `field`, `id_field`, `fmt`, `workers`,
    `engine`, `scheduler`.
    """
    request = ScanRequest([Path(p) for p in paths], want_rows=True, **options)  # type: ignore[arg-type]
    _, results = start_scan(request)
    for result in results:
        for record_id, finding, _ in result.rows:
            yield result.path, record_id, finding

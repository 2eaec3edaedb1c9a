"""Redacting files: the same format out as in, written to a temporary file and renamed into place.

Lines of JSONL and text files with nothing to redact are copied byte for byte, and a redacted line
keeps its line ending (LF or CRLF): only where no trigger matches is a line not even decoded, which
is what makes redacting a large, mostly clean file fast. Every JSONL line is still checked, so a
malformed one fails the run. In JSONL every string value of a record is redacted unless `field`
names one; a PDF cannot be rewritten, so its redacted text is written instead.
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from hkaigov.domain.errors import InputError
from hkaigov.pii.readers import (
    check_utf8,
    decode_line,
    detect_format,
    iter_jsonl_blocks,
    iter_records,
    parse_jsonl_block,
)
from hkaigov.pii.redact import Operator, Pseudonymiser, redact_text
from hkaigov.pii.scanner import ScanOptions, scanner_for

BLOCK_BYTES = 8 << 20  # raw bytes of JSONL/text prefiltered and checked at a time
_BOM = b"\xef\xbb\xbf"


@dataclass
class RedactionRun:
    records: int = 0
    changed: int = 0
    counts: Counter[str] = field(default_factory=Counter)


@dataclass
class Redactor:
    """Scan-then-redact of single strings with one operator; keeps the pseudonyms of a conversation."""

    options: ScanOptions
    operator: Operator
    key: bytes | None = None
    pseudonymiser: Pseudonymiser = field(default_factory=Pseudonymiser)
    run: RedactionRun = field(default_factory=RedactionRun)

    def __call__(self, text: str) -> str:
        findings = scanner_for(self.options).scan(text)
        if not findings:
            return text
        self.run.changed += 1
        self.run.counts.update(f.type for f in findings)
        return redact_text(text, findings, self.operator, key=self.key, pseudonymiser=self.pseudonymiser).text


def _redact_json(value: Any, redact: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_redact_json(v, redact) for v in value]
    if isinstance(value, dict):
        return {k: _redact_json(v, redact) for k, v in value.items()}
    return value


def _lines(src: Path, out: IO[bytes], redactor: Redactor, *, json_lines: bool, field_name: str | None) -> None:
    """Copy the spans between redacted lines as they are; rewrite only lines where something was found."""
    scanner = scanner_for(redactor.options)
    path = str(src)
    for first_line, block in iter_jsonl_blocks(src, BLOCK_BYTES):
        selection = scanner.lines_to_scan(block, json_lines=json_lines)
        indexes, newlines = selection.indexes, selection.newlines
        rows: dict[int, tuple[str | int, dict[str, Any]]] = {}
        if json_lines:
            parsed = parse_jsonl_block(
                block, path=path, first_line=first_line, field=field_name, id_field=None, keep=indexes
            )
            rows = parsed.rows
            redactor.run.records += parsed.records
        else:
            check_utf8(block, path, first_line)
            redactor.run.records += block.count(b"\n") + (0 if block.endswith(b"\n") else 1)  # as `pii scan` counts
        copied = 0  # block[:copied] is written
        for i in indexes:
            start = newlines[i - 1] + 1 if i else 0
            end = newlines[i] if i < len(newlines) else len(block)
            line = block[start:end]
            lineno = first_line + i
            bom = _BOM if lineno == 1 and line.startswith(_BOM) else b""
            cr = b"\r" if i < len(newlines) and line.endswith(b"\r") else b""
            body = line[len(bom) : len(line) - len(cr)]
            if json_lines:
                row = rows.get(i)
                new = None if row is None else _redact_object(row[1], redactor, field_name)
            else:
                text = decode_line(body, path, lineno)
                redacted = redactor(text)
                new = redacted.encode() if redacted != text else None
            if new is not None:
                out.write(block[copied:start])
                out.write(bom + new + cr)
                copied = end
        out.write(block[copied:])


def _redact_object(obj: dict[str, Any], redactor: Redactor, field_name: str | None) -> bytes | None:
    """The line for a redacted JSONL record, or None when nothing in it was redacted (the line is kept as is)."""
    before = redactor.run.changed
    if field_name is not None:
        obj[field_name] = redactor(obj[field_name])
    else:
        obj = _redact_json(obj, redactor)
    if redactor.run.changed == before:
        return None
    try:
        return json.dumps(obj, ensure_ascii=False).encode()
    except UnicodeEncodeError:  # a lone surrogate from a \ud800-style escape: keep it escaped
        return json.dumps(obj).encode()


def _csv(src: Path, out: IO[bytes], redactor: Redactor, field_name: str | None) -> None:
    delimiter = "\t" if src.suffix.lower() == ".tsv" else ","
    with open(src, encoding="utf-8-sig", newline="") as fh, _text(out) as w:
        reader = csv.reader(fh, delimiter=delimiter)
        writer = csv.writer(w, delimiter=delimiter, lineterminator="\n")
        header = next(reader, None)
        if header is None:
            return
        writer.writerow(header)
        columns = [h.strip() for h in header]
        if field_name is not None and field_name not in columns:
            raise InputError(f"{src}:1: column '{field_name}' not found; columns are: {', '.join(columns)}")
        target = columns.index(field_name) if field_name is not None else None
        for row in reader:
            redactor.run.records += 1
            writer.writerow([redactor(c) if target is None or i == target else c for i, c in enumerate(row)])


class _text:
    """A text wrapper over the binary output that does not close it."""

    def __init__(self, out: IO[bytes]) -> None:
        import io

        self.wrapper = io.TextIOWrapper(out, encoding="utf-8", newline="")

    def __enter__(self) -> Any:
        return self.wrapper

    def __exit__(self, *exc: object) -> None:
        self.wrapper.flush()
        self.wrapper.detach()


def _parquet(src: Path, dst: Path, redactor: Redactor, field_name: str | None) -> None:
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    source = pq.ParquetFile(src)
    writer = None
    try:
        for batch in source.iter_batches(batch_size=1024):
            columns = []
            for name, column in zip(batch.schema.names, batch.columns, strict=True):
                is_text = pa.types.is_string(column.type) or pa.types.is_large_string(column.type)
                if is_text and (field_name is None or name == field_name):
                    values = [None if v is None else redactor(v) for v in column.to_pylist()]
                    column = pa.array(values, type=column.type)
                columns.append(column)
            redactor.run.records += batch.num_rows
            table = pa.Table.from_arrays(columns, schema=batch.schema)
            if writer is None:
                writer = pq.ParquetWriter(dst, table.schema)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()


def _docx(src: Path, dst: Path, redactor: Redactor) -> None:
    import docx

    document = docx.Document(str(src))

    def paragraphs(container: Any) -> Iterator[Any]:
        yield from container.paragraphs
        for table in container.tables:
            for row in table.rows:
                for cell in row.cells:
                    yield from paragraphs(cell)

    for paragraph in paragraphs(document):
        redactor.run.records += 1
        new = redactor(paragraph.text)
        if new != paragraph.text and paragraph.runs:
            # The redacted text goes into the first run; formatting inside the paragraph is simplified.
            paragraph.runs[0].text = new
            for run in paragraph.runs[1:]:
                run.text = ""
    document.save(str(dst))


def redact_file(
    src: Path, dst: Path, redactor: Redactor, *, fmt: str | None = None, field_name: str | None = None
) -> None:
    """Write the redacted copy of `src` to `dst`; on any error `dst` is left untouched."""
    fmt = fmt or detect_format(src)
    if fmt == "pdf" and dst.suffix.lower() == ".pdf":
        raise InputError(f"{dst}: a PDF cannot be rewritten; give an output ending in .txt for its redacted text")
    if dst.resolve() == src.resolve():
        raise InputError(f"{dst}: the output must not be the input file")
    tmp = dst.with_name(f".{dst.name}.part")
    try:
        if fmt == "parquet":
            _parquet(src, tmp, redactor, field_name)
        elif fmt == "docx":
            _docx(src, tmp, redactor)
        else:
            with open(tmp, "wb") as out:
                if fmt in ("jsonl", "text"):
                    _lines(src, out, redactor, json_lines=fmt == "jsonl", field_name=field_name)
                elif fmt == "csv":
                    _csv(src, out, redactor, field_name)
                else:  # pdf: its redacted text, one page per form feed
                    for i, record in enumerate(iter_records(src, fmt=fmt)):
                        redactor.run.records += 1
                        out.write((("\f" if i else "") + redactor(record.text) + "\n").encode())
        os.replace(tmp, dst)
    except OSError as exc:
        raise InputError(f"{dst}: cannot write: {exc.strerror or exc}") from None
    finally:
        if tmp.exists():
            tmp.unlink()

"""Streaming readers that turn text, CSV, JSONL, Parquet, DOCX and PDF files into `Record`s.

Readers yield as they read so memory stays flat on multi-gigabyte inputs (DOCX and PDF are the
exception: their libraries parse the whole document, and such files are small). User mistakes (a
missing file, a malformed line, an unknown column) raise `InputError` with a message that names the
file, the line (row, page) and the field, because the CLI prints it as one line, never a traceback.

The heavy libraries (pyarrow, python-docx, pypdf) are imported only when a file needs them, so a
scan of plain text does not pay their start-up cost.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import re
import stat
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from hkaigov.domain.errors import InputError
from hkaigov.pii.findings import Record

if TYPE_CHECKING:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

__all__ = [
    "FORMATS",
    "JsonlBlock",
    "check_utf8",
    "count_bytes",
    "decode_line",
    "detect_format",
    "iter_jsonl_blocks",
    "iter_records",
    "parse_jsonl_block",
    "parse_jsonl_line",
]

FORMATS: tuple[str, ...] = ("text", "csv", "jsonl", "parquet", "docx", "pdf")

_SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".log": "text",
    ".md": "text",
    ".csv": "csv",
    ".tsv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".docx": "docx",
    ".pdf": "pdf",
}

_SNIFF_BYTES = 8 * 1024
# Rows per Parquet batch: small enough that a batch of long documents stays a few megabytes.
_PARQUET_BATCH_ROWS = 1024
# csv's default 128 kB cell limit rejects real documents; a bound still stops an unbalanced quote
# from swallowing a multi-gigabyte file into one cell.
_CSV_FIELD_LIMIT = 16 << 20
_BOM = b"\xef\xbb\xbf"
# Undecodable bytes survive `errors="surrogateescape"` as lone surrogates U+DC80..U+DCFF.
_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")
_MAX_LISTED_COLUMNS = 20
# JSON's own whitespace, less the newline that ends a line (json.loads accepts no other).
_JSON_SPACE = re.compile(r"[ \t\r]*")
_JSON_DECODER = json.JSONDecoder()


# --------------------------------------------------------------------------------------------- #
# Public API


def detect_format(path: Path | str) -> str:
    """The reader for `path`, from its suffix; an unknown suffix is read as text only if it looks like text.

    Sniffing the first 8 kB (UTF-8, no NUL bytes) keeps a binary file from being scanned as garbage.
    """
    path = Path(path)
    fmt = _SUFFIX_FORMATS.get(path.suffix.lower())
    if fmt is not None:
        return fmt
    _check_file(path)
    with _open_binary(path) as f:
        head = f.read(_SNIFF_BYTES)
    if b"\x00" not in head:
        try:
            # Incremental decode with final=False: a character cut by the 8 kB boundary is fine.
            codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        except UnicodeDecodeError:
            pass
        else:
            return "text"
    suffix = f"suffix {path.suffix!r}" if path.suffix else "no suffix"
    raise InputError(
        f"{path}: unknown file type ({suffix}) and not UTF-8 text; give the format, one of: {', '.join(FORMATS)}"
    )


def iter_records(
    path: Path | str, *, fmt: str | None = None, field: str | None = None, id_field: str = "id"
) -> Iterator[Record]:
    """Stream the `Record`s of one file.

    `field` picks the text field (JSONL, default "text"), column (CSV, default every column but the
    id column) or string column (Parquet, default "text"); text, DOCX and PDF have no fields and
    ignore it, so one option can serve a run over mixed files. The file and format are checked
    here, before the first record is asked for, so a bad argument fails before any output.
    """
    path = Path(path)
    _check_file(path)
    if fmt is None:
        fmt = detect_format(path)
    if fmt == "text":
        return _iter_text(path)
    if fmt == "jsonl":
        return _iter_jsonl(path, field or "text", id_field)
    if fmt in ("csv", "tsv"):
        tab = fmt == "tsv" or path.suffix.lower() == ".tsv"
        return _iter_csv(path, field, id_field, "\t" if tab else ",")
    if fmt == "parquet":
        return _iter_parquet(path, field or "text", id_field)
    if fmt == "docx":
        return _iter_docx(path)
    if fmt == "pdf":
        return _iter_pdf(path)
    raise InputError(f"{path}: unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")


def parse_jsonl_line(line: bytes | str, *, path: str, lineno: int, field: str = "text", id_field: str = "id") -> Record:
    """One JSONL line to a `Record`; shared with scanners that split the file themselves.

    The id is the object's `id_field` (a string or integer) or, when absent or null, the line number.
    """
    obj = _jsonl_object(line, path, lineno)
    return Record(_jsonl_id(obj, path, lineno, id_field), _jsonl_text(obj, path, lineno, field), path, f"line {lineno}")


@dataclass(frozen=True)
class JsonlBlock:
    """A checked block of JSONL: how many records it holds and the parsed lines that were asked for."""

    records: int  # non-blank lines
    rows: dict[int, tuple[str | int, dict[str, Any]]]  # 0-based line index in the block -> (record id, object)


def parse_jsonl_block(
    block: bytes,
    *,
    path: str,
    first_line: int,
    field: str | None = "text",
    id_field: str | None = "id",
    keep: Collection[int] = (),
) -> JsonlBlock:
    """Check every line of a raw block of whole JSONL lines; return the objects of the lines in `keep`.

    A scanner that prefilters raw bytes parses only a few lines, yet a malformed line elsewhere must
    still fail the run, as `iter_records` would. Each line must hold one JSON object whose `field`
    is a string (any object when `field` is None) and whose `id_field` is a usable id (not checked
    when None; the id is then the line number); blank lines are not records. The fast path decodes
    the block once and parses every line with the C decoder; a line it does not accept is looked at
    again by the line-by-line reader, which either accepts it (its rules are the reference) or
    raises `InputError` naming the file, the line and the problem.
    """
    wanted = keep if isinstance(keep, set | frozenset) else frozenset(keep)
    fast = _jsonl_block_fast(block, first_line, field, id_field, wanted)
    return fast if fast is not None else _jsonl_block_slow(block, path, first_line, field, id_field, wanted)


def check_utf8(block: bytes, path: str, first_line: int) -> None:
    """Fail on the first line of a raw block of text that is not UTF-8, as `iter_records` would.

    One decode of the whole block, so that lines a prefilter never decodes are checked too.
    """
    try:
        block.decode("utf-8")
    except UnicodeDecodeError as exc:
        start = block.rfind(b"\n", 0, exc.start) + 1
        end = block.find(b"\n", exc.start)
        line = block[start : end if end >= 0 else len(block)]
        lineno = first_line + block.count(b"\n", 0, start)
        at_line = UnicodeDecodeError(exc.encoding, line, exc.start - start, exc.end - start, exc.reason)
        raise InputError(_not_utf8(path, lineno, line, at_line)) from None


def iter_jsonl_blocks(path: Path | str, block_bytes: int = 8 << 20) -> Iterator[tuple[int, bytes]]:
    """Raw blocks of whole lines, each with the 1-based number of its first line.

    The fast path for scanners that prefilter raw bytes before decoding any JSON: each block is cut
    at its last newline and the cut line is read again as the start of the next block, so memory
    stays at about one block (two while the caller still holds the previous one). A line longer
    than a block is completed in one piece; the final block may lack a trailing newline.
    Concatenated, the blocks are the file's bytes exactly.
    """
    if block_bytes < 1:
        raise ValueError(f"block_bytes must be positive, got {block_bytes}")
    path = Path(path)
    _check_file(path)
    return _iter_blocks(path, block_bytes)


def count_bytes(paths: Iterable[Path | str]) -> int:
    """Total size of the files, for a progress bar; checks each one exists first."""
    total = 0
    for p in paths:
        total += _check_file(Path(p)).st_size
    return total


# --------------------------------------------------------------------------------------------- #
# Files and messages


def _check_file(path: Path) -> os.stat_result:
    """Fail early, naming the path, rather than with an OSError traceback deep inside a reader."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(f"{path}: is a directory, expected a file")
    return st


def _open_binary(path: Path) -> IO[bytes]:
    try:
        return open(path, "rb")  # the caller closes it with `with`
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _not_utf8(path: str, lineno: int, raw: bytes, exc: UnicodeDecodeError) -> str:
    col = len(raw[: exc.start].decode("utf-8", "replace")) + 1
    return f"{path}:{lineno}: not UTF-8 (byte 0x{raw[exc.start]:02x} at col {col}); convert the file to UTF-8"


def decode_line(raw: bytes, path: str, lineno: int) -> str:
    """A line without its terminator (LF or CRLF), decoded strictly as UTF-8."""
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(_not_utf8(path, lineno, raw, exc)) from None
    if line.endswith("\n"):
        line = line[:-1]
        if line.endswith("\r"):
            line = line[:-1]
    return line


def _jsonl_object(line: bytes | str, path: str, lineno: int) -> dict[str, Any]:
    """One JSONL line (bytes or text, without or with its line ending) as an object, or an error naming the line."""
    if isinstance(line, bytes):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(_not_utf8(path, lineno, line, exc)) from None
    else:
        text = line
    # Without its newline, an error at the end of the line is placed there, not at col 1 of a "next line".
    text = text.removeprefix("\ufeff").removesuffix("\n")
    if not text.strip():
        raise InputError(f"{path}:{lineno}: blank line, expected a JSON object")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{lineno}: not a JSON object: {exc.msg} (col {exc.colno})") from None
    except RecursionError:
        raise InputError(f"{path}:{lineno}: not a JSON object: nested too deeply") from None
    if not isinstance(obj, dict):
        raise InputError(f"{path}:{lineno}: not a JSON object: got {_json_kind(obj)}")
    return obj


def _jsonl_text(obj: dict[str, Any], path: str, lineno: int, field: str) -> str:
    if field not in obj:
        raise InputError(f"{path}:{lineno}: field {field!r}: missing")
    value = obj[field]
    if not isinstance(value, str):
        raise InputError(f"{path}:{lineno}: field {field!r}: expected a string, got {_json_kind(value)}")
    return value


def _jsonl_id(obj: dict[str, Any], path: str, lineno: int, id_field: str | None) -> str | int:
    return lineno if id_field is None else _json_id(obj.get(id_field), path, lineno, id_field)


def _after_space(text: str, pos: int) -> int:
    m = _JSON_SPACE.match(text, pos)
    return m.end() if m else pos


def _jsonl_block_fast(
    block: bytes, first_line: int, field: str | None, id_field: str | None, keep: Collection[int]
) -> JsonlBlock | None:
    """`parse_jsonl_block` when every line is plainly valid; None as soon as one is not (or may not be).

    Each line is parsed where it lies in the decoded block (`raw_decode` at an offset, no copy), which
    is as fast as parsing the block as one array `[line,line,...]` and, unlike it, exact: in an array a
    line holding two objects and an object split over two lines cancel out and pass as two records.
    """
    try:
        text = block.decode("utf-8")
    except UnicodeDecodeError:
        return None
    decode = _JSON_DECODER.raw_decode
    rows: dict[int, tuple[str | int, dict[str, Any]]] = {}
    records = 0
    size = len(text)
    pos = 1 if first_line == 1 and text.startswith("\ufeff") else 0
    i = 0
    while pos < size:
        nl = text.find("\n", pos)
        if nl < 0:
            nl = size
        start = pos
        if start < nl and text[start] in " \t\r":
            start = _after_space(text, start)
        if start < nl:
            try:
                obj, end = decode(text, start)
            except (ValueError, RecursionError):
                return None
            # A line must hold exactly one value; one that ran on past the newline is not a line's.
            if end != nl and (end > nl or _after_space(text, end) != nl):
                return None
            if type(obj) is not dict:
                return None
            if field is not None and type(obj.get(field)) is not str:
                return None
            record_id: str | int = first_line + i
            if id_field is not None:
                value = obj.get(id_field)
                if value is not None:
                    if type(value) is str or type(value) is int:
                        record_id = value
                    elif type(value) is float and value.is_integer():
                        record_id = int(value)
                    else:
                        return None
            records += 1
            if i in keep:
                rows[i] = (record_id, obj)
        pos = nl + 1
        i += 1
    return JsonlBlock(records, rows)


def _jsonl_block_slow(
    block: bytes, path: str, first_line: int, field: str | None, id_field: str | None, keep: Collection[int]
) -> JsonlBlock:
    """`parse_jsonl_block` line by line, with the rules and messages of `iter_records`."""
    lines = block.split(b"\n")
    if block.endswith(b"\n"):
        lines.pop()
    rows: dict[int, tuple[str | int, dict[str, Any]]] = {}
    records = 0
    for i, raw in enumerate(lines):
        lineno = first_line + i
        if lineno == 1:
            raw = raw.removeprefix(_BOM)
        if not raw or raw.isspace():
            continue
        obj = _jsonl_object(raw, path, lineno)
        if field is not None:
            _jsonl_text(obj, path, lineno, field)
        record_id = _jsonl_id(obj, path, lineno, id_field)
        records += 1
        if i in keep:
            rows[i] = (record_id, obj)
    return JsonlBlock(records, rows)


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


def _json_id(value: object, path: str, lineno: int, id_field: str) -> str | int:
    """Ids must be usable as keys in findings; integral floats (pandas exports) become ints."""
    if value is None:
        return lineno
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise InputError(f"{path}:{lineno}: field {id_field!r}: expected a string or integer, got {_json_kind(value)}")


def _list_columns(columns: list[str]) -> str:
    shown = ", ".join(columns[:_MAX_LISTED_COLUMNS])
    more = len(columns) - _MAX_LISTED_COLUMNS
    return f"{shown}, … ({more} more)" if more > 0 else shown


# --------------------------------------------------------------------------------------------- #
# Text and JSONL


def _iter_text(path: Path) -> Iterator[Record]:
    src, name = str(path), path.name
    with _open_binary(path) as f:
        for lineno, raw in enumerate(f, 1):
            line = decode_line(raw, src, lineno)
            if lineno == 1:
                line = line.removeprefix("\ufeff")
            yield Record(f"{name}:{lineno}", line, src, f"line {lineno}")


def _iter_jsonl(path: Path, field: str, id_field: str) -> Iterator[Record]:
    src = str(path)
    with _open_binary(path) as f:
        for lineno, raw in enumerate(f, 1):
            if lineno == 1:
                raw = raw.removeprefix(_BOM)
            if not raw or raw.isspace():
                continue
            yield parse_jsonl_line(raw, path=src, lineno=lineno, field=field, id_field=id_field)


def _iter_blocks(path: Path, block_bytes: int) -> Iterator[tuple[int, bytes]]:
    lineno = 1
    with _open_binary(path) as f:
        seekable = f.seekable()
        pos = f.tell() if seekable else 0
        while chunk := f.read(block_bytes):
            cut = chunk.rfind(b"\n")
            if cut + 1 < len(chunk):  # the chunk ends inside a line
                if cut >= 0 and seekable:
                    # Re-read up to the cut instead of slicing: a slice would hold a second block.
                    chunk = b""
                    f.seek(pos)
                    chunk = f.read(cut + 1)
                else:  # a line longer than the block (or a pipe): finish it here
                    chunk += f.readline()
            pos += len(chunk)
            yield lineno, chunk
            lineno += chunk.count(b"\n")


# --------------------------------------------------------------------------------------------- #
# CSV


class _CountedLines:
    """Feeds csv.reader decoded lines and counts them, so messages can name the physical line.

    Decoding with surrogateescape and checking each line (rather than letting TextIOWrapper raise
    from a read-ahead buffer) is what makes the line number of a non-UTF-8 byte exact.
    """

    def __init__(self, f: IO[str], path: str) -> None:
        self._f = f
        self._path = path
        self.lineno = 0

    def __iter__(self) -> _CountedLines:
        return self

    def __next__(self) -> str:
        line = next(self._f)
        self.lineno += 1
        bad = _ESCAPED_BYTE.search(line)
        if bad is not None:
            byte = ord(bad.group()) - 0xDC00
            raise InputError(
                f"{self._path}:{self.lineno}: not UTF-8 (byte 0x{byte:02x} at col {bad.start() + 1}); "
                "convert the file to UTF-8"
            )
        return line


def _column_names(header: list[str]) -> list[str]:
    """Stripped header names; blank ones become `columnN` and repeats `name.1`, so ids stay unique."""
    names: list[str] = []
    seen: set[str] = set()
    for i, raw in enumerate(header, 1):
        base = raw.strip() or f"column{i}"
        name, k = base, 0
        while name in seen:
            k += 1
            name = f"{base}.{k}"
        seen.add(name)
        names.append(name)
    return names


def _iter_csv(path: Path, field: str | None, id_field: str, delimiter: str) -> Iterator[Record]:
    """One Record per (row, column), id "{row_id}:{column}"; with `field`, one per row, id row_id.

    Cells beyond the header are scanned too (as `columnN`): silently skipping them could hide
    personal data in a ragged file.
    """
    src = str(path)
    if csv.field_size_limit() < _CSV_FIELD_LIMIT:
        csv.field_size_limit(_CSV_FIELD_LIMIT)
    try:
        f = open(path, encoding="utf-8-sig", errors="surrogateescape", newline="")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"{src}: cannot read: {exc.strerror or exc}") from None
    with f:
        lines = _CountedLines(f, src)
        reader = csv.reader(lines, delimiter=delimiter)

        def next_row() -> tuple[int, list[str]] | None:
            """The next non-blank row and the physical line it starts on."""
            while True:
                start = lines.lineno + 1
                try:
                    row = next(reader)
                except StopIteration:
                    return None
                except csv.Error as exc:
                    raise InputError(f"{src}:{lines.lineno}: malformed CSV: {exc}") from None
                if row:
                    return start, row

        first = next_row()
        if first is None:
            raise InputError(f"{src}: empty file, expected a header row")
        header_line, header = first
        columns = _column_names(header)
        id_col = columns.index(id_field) if id_field in columns else None
        if field is not None and field not in columns:
            raise InputError(f"{src}:{header_line}: column {field!r} not found; columns are: {_list_columns(columns)}")
        field_col = columns.index(field) if field is not None else -1
        targets = [(i, c) for i, c in enumerate(columns) if i != id_col]

        rowno = 0
        while (item := next_row()) is not None:
            start, row = item
            rowno += 1
            row_id: str | int = rowno
            if id_col is not None and id_col < len(row) and row[id_col] != "":
                row_id = row[id_col]
            where = f"line {start}"
            if field is not None:
                if field_col < len(row):
                    yield Record(row_id, row[field_col], src, where)
                continue
            for i, column in targets:
                if i < len(row):
                    yield Record(f"{row_id}:{column}", row[i], src, where)
            for i in range(len(columns), len(row)):
                yield Record(f"{row_id}:column{i + 1}", row[i], src, where)


# --------------------------------------------------------------------------------------------- #
# Parquet


def _is_string_type(pa: Any, dtype: Any) -> bool:
    if pa.types.is_dictionary(dtype):
        dtype = dtype.value_type
    checks = ("is_string", "is_large_string", "is_string_view")
    return any(getattr(pa.types, check, lambda _t: False)(dtype) for check in checks)


def _parquet_id(value: object, rowno: int) -> str | int:
    if value is None:
        return rowno
    if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    return str(value)


def _iter_parquet(path: Path, field: str, id_field: str) -> Iterator[Record]:
    """Streams batches of only the needed columns; null cells are skipped (nothing to scan)."""
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    src = str(path)
    try:
        pf = pq.ParquetFile(src)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise InputError(f"{src}: not a Parquet file ({exc})") from None
    with pf:
        schema = pf.schema_arrow
        names: list[str] = list(schema.names)
        if field not in names:
            raise InputError(f"{src}: column {field!r} not found; columns are: {_list_columns(names)}")
        dtype = schema.field(field).type
        if not _is_string_type(pa, dtype):
            raise InputError(f"{src}: column {field!r} is {dtype}, expected a string column")
        has_id = id_field in names and id_field != field
        columns = [field, id_field] if has_id else [field]
        batches = iter(pf.iter_batches(batch_size=_PARQUET_BATCH_ROWS, columns=columns))
        rowno = 0
        while True:
            try:
                batch = next(batches, None)
            except (pa.ArrowException, OSError) as exc:
                raise InputError(f"{src}: unreadable Parquet after row {rowno} ({exc})") from None
            if batch is None:
                return
            texts: list[str | None] = batch.column(0).to_pylist()
            ids: list[object] = batch.column(1).to_pylist() if has_id else []
            for k, text in enumerate(texts):
                rowno += 1
                if text is None:
                    continue
                yield Record(_parquet_id(ids[k], rowno) if has_id else rowno, text, src, f"row {rowno}")


# --------------------------------------------------------------------------------------------- #
# DOCX and PDF


def _docx_paragraphs(items: Iterable[Paragraph | Table]) -> Iterator[Paragraph]:
    """Paragraphs in document order, descending into table cells (and nested tables).

    A merged cell is returned by python-docx once per grid position it spans; it is read once.
    """
    from docx.text.paragraph import Paragraph

    for item in items:
        if isinstance(item, Paragraph):
            yield item
            continue
        seen: set[object] = set()  # holds the cell elements, so lxml keeps their proxies identical
        for row in item.rows:
            for cell in row.cells:
                if cell._tc in seen:
                    continue
                seen.add(cell._tc)
                yield from _docx_paragraphs(cell.iter_inner_content())


def _iter_docx(path: Path) -> Iterator[Record]:
    """One Record per non-empty paragraph; `n` in the id counts every paragraph, empty ones too."""
    import docx

    src, name = str(path), path.name
    try:
        document = docx.Document(src)
    except Exception as exc:  # python-docx raises zip, XML, key and value errors for foreign files
        raise InputError(f"{src}: not a DOCX file ({exc})") from None
    for n, paragraph in enumerate(_docx_paragraphs(document.iter_inner_content()), 1):
        text = paragraph.text
        if text.strip():
            yield Record(f"{name}:p{n}", text, src, f"paragraph {n}")


def _iter_pdf(path: Path) -> Iterator[Record]:
    """One Record per page, empty ones included: an empty page (a scan without a text layer) is a
    fact a caller may want to report. An owner-only password (empty user password) is no obstacle."""
    from pypdf import PasswordType, PdfReader
    from pypdf.errors import DependencyError

    src, name = str(path), path.name
    try:
        reader = PdfReader(src)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise InputError(f"{src}: encrypted PDF (needs a password); decrypt it first")
        pages = reader.pages
        count = len(pages)
    except InputError:
        raise
    except DependencyError as exc:
        raise InputError(f"{src}: encrypted PDF that cannot be decrypted here ({exc})") from None
    except Exception as exc:  # pypdf raises many types for damaged or foreign files
        raise InputError(f"{src}: not a readable PDF ({exc})") from None
    for n in range(1, count + 1):
        try:
            text = pages[n - 1].extract_text()
        except Exception as exc:
            raise InputError(f"{src}: page {n}: cannot extract text ({exc})") from None
        yield Record(f"{name}:page{n}", text, src, f"page {n}")

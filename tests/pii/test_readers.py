"""Readers: every format round-trips, ids are stable, bad input names file and line, memory stays flat."""

from __future__ import annotations

import json
import re
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import docx
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pypdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.pii.support import write_pdf

from hkaigov.domain.errors import InputError
from hkaigov.pii.findings import Record
from hkaigov.pii.readers import (
    JsonlBlock,
    check_utf8,
    count_bytes,
    detect_format,
    iter_jsonl_blocks,
    iter_records,
    parse_jsonl_block,
    parse_jsonl_line,
)

ZH = "陳大文住在九龍彌敦道123號，電話 9123 4567"


def _records(path: Path, **kwargs: str) -> list[Record]:
    return list(iter_records(path, **kwargs))


def _error(path: Path, **kwargs: str) -> str:
    with pytest.raises(InputError) as exc:
        list(iter_records(path, **kwargs))
    return str(exc.value)


# --------------------------------------------------------------------------------------------- #
# Format detection and file checks


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.txt", "text"),
        ("a.TEXT", "text"),
        ("a.log", "text"),
        ("a.md", "text"),
        ("a.csv", "csv"),
        ("a.tsv", "csv"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("a.parquet", "parquet"),
        ("a.pq", "parquet"),
        ("a.docx", "docx"),
        ("a.pdf", "pdf"),
    ],
)
def test_detect_format_maps_known_suffixes(name: str, fmt: str) -> None:
    assert detect_format(Path(name)) == fmt


def test_detect_format_reads_unknown_suffix_as_text_when_it_is_utf8(tmp_path: Path) -> None:
    path = tmp_path / "notes.xyz"
    # 8 kB boundary falls inside a 3-byte character: still text.
    path.write_bytes(b"a" * (8 * 1024 - 1) + "九龍".encode())
    assert detect_format(path) == "text"
    (tmp_path / "README").write_text("hello\n")
    assert detect_format(tmp_path / "README") == "text"


def test_detect_format_rejects_binary_with_unknown_suffix(tmp_path: Path) -> None:
    path = tmp_path / "blob.bin"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    with pytest.raises(InputError, match=r"blob\.bin: unknown file type \(suffix '\.bin'\)"):
        detect_format(path)
    with pytest.raises(InputError, match=r"blob\.bin: unknown file type"):
        iter_records(path)


def test_missing_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "nope.jsonl"
    with pytest.raises(InputError, match=r"nope\.jsonl: no such file"):
        iter_records(path)
    with pytest.raises(InputError, match=r"nope\.jsonl: no such file"):
        iter_jsonl_blocks(path)
    with pytest.raises(InputError, match=r"nope\.jsonl: no such file"):
        count_bytes([path])


def test_directory_is_rejected_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "data.jsonl"
    folder.mkdir()
    with pytest.raises(InputError, match=r"data\.jsonl: is a directory"):
        iter_records(folder)


def test_unknown_format_argument_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("x\n")
    with pytest.raises(InputError, match=r"unknown format 'xml'"):
        iter_records(path, fmt="xml")


def test_count_bytes_sums_file_sizes(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"12345")
    (tmp_path / "b.jsonl").write_bytes("九".encode())
    assert count_bytes([tmp_path / "a.txt", str(tmp_path / "b.jsonl")]) == 8
    assert count_bytes([]) == 0


# --------------------------------------------------------------------------------------------- #
# Text


def test_text_yields_one_record_per_line_without_terminators(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(("\ufeffline one\r\n\n" + ZH + "\nlast").encode())
    records = _records(path)
    assert [r.id for r in records] == ["notes.txt:1", "notes.txt:2", "notes.txt:3", "notes.txt:4"]
    assert [r.text for r in records] == ["line one", "", ZH, "last"]
    assert records[2].source == str(path)
    assert records[2].location == "line 3"


def test_text_non_utf8_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_bytes(b"ok\n" + "陳".encode("big5") + b"\n")
    message = _error(path)
    assert message.startswith(f"{path}:2: not UTF-8 (byte 0xb3 at col 1)")


def test_format_argument_overrides_suffix(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text('{"text": "x"}\n')
    assert [r.text for r in _records(path, fmt="text")] == ['{"text": "x"}']


# --------------------------------------------------------------------------------------------- #
# JSONL


def test_jsonl_round_trip_with_ids_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": ZH}, ensure_ascii=False),
        "",
        "   ",
        json.dumps({"text": "no id here"}),
        json.dumps({"id": 7, "text": "int id", "other": 1}),
        json.dumps({"id": None, "text": "null id"}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = _records(path)
    assert [(r.id, r.text, r.location) for r in records] == [
        ("a1", ZH, "line 1"),
        (4, "no id here", "line 4"),
        (7, "int id", "line 5"),
        (6, "null id", "line 6"),
    ]


def test_jsonl_field_and_id_field_select_other_keys(tmp_path: Path) -> None:
    path = tmp_path / "data.ndjson"
    path.write_text(json.dumps({"uid": "u1", "body": "香港", "text": 3}, ensure_ascii=False) + "\n", encoding="utf-8")
    [record] = _records(path, field="body", id_field="uid")
    assert (record.id, record.text) == ("u1", "香港")


def test_jsonl_malformed_line_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text('{"text": "a"}\n\n{"id": 1 "text": "x"}\n')
    assert _error(path) == f"{path}:3: not a JSON object: Expecting ',' delimiter (col 10)"


def test_jsonl_missing_and_non_string_field_are_named(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text('{"text": "a"}\n{"body": "b"}\n')
    assert _error(path) == f"{path}:2: field 'text': missing"
    path.write_text('{"text": 5}\n')
    assert _error(path) == f"{path}:1: field 'text': expected a string, got a number"
    path.write_text('{"text": "a"}\n')
    assert _error(path, field="body") == f"{path}:1: field 'body': missing"


def test_jsonl_non_object_and_bad_id_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text('["text"]\n')
    assert _error(path) == f"{path}:1: not a JSON object: got an array"
    path.write_text('{"id": [1], "text": "a"}\n')
    assert _error(path) == f"{path}:1: field 'id': expected a string or integer, got an array"


def test_jsonl_non_utf8_line_is_named(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_bytes(b'{"text": "a"}\n{"text": "\xff"}\n')
    assert _error(path).startswith(f"{path}:2: not UTF-8 (byte 0xff at col 11)")


def test_parse_jsonl_line_accepts_bytes_and_str() -> None:
    line = json.dumps({"id": "x", "text": ZH}, ensure_ascii=False)
    from_str = parse_jsonl_line(line, path="in.jsonl", lineno=9)
    from_bytes = parse_jsonl_line(line.encode() + b"\r\n", path="in.jsonl", lineno=9)
    assert from_str == from_bytes == Record("x", ZH, "in.jsonl", "line 9")
    with pytest.raises(InputError, match=r"^in\.jsonl:4: field 'body': missing$"):
        parse_jsonl_line(line, path="in.jsonl", lineno=4, field="body")
    with pytest.raises(InputError, match=r"^in\.jsonl:5: not a JSON object: nested too deeply$"):
        parse_jsonl_line("[" * 100_000, path="in.jsonl", lineno=5)


# --------------------------------------------------------------------------------------------- #
# CSV


def test_csv_scans_every_column_but_the_id(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(f'\ufeffid,name,note\nr1,陳大文,"{ZH}"\n,Amy,"two\nlines"\n', encoding="utf-8")
    records = _records(path)
    assert [(r.id, r.text, r.location) for r in records] == [
        ("r1:name", "陳大文", "line 2"),
        ("r1:note", ZH, "line 2"),
        ("2:name", "Amy", "line 3"),
        ("2:note", "two\nlines", "line 3"),
    ]


def test_csv_without_id_column_numbers_rows(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name,phone\nAmy,9123 4567\n\nBen,6123 4567,extra\n")
    assert [(r.id, r.text) for r in _records(path)] == [
        ("1:name", "Amy"),
        ("1:phone", "9123 4567"),
        ("2:name", "Ben"),
        ("2:phone", "6123 4567"),
        ("2:column3", "extra"),
    ]


def test_csv_field_selects_one_column_keyed_by_row_id(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("id,name,note\n10,Amy,hello\n11,Ben,world\n")
    assert [(r.id, r.text) for r in _records(path, field="note")] == [("10", "hello"), ("11", "world")]
    assert [(r.id, r.text) for r in _records(path, field="note", id_field="name")] == [
        ("Amy", "hello"),
        ("Ben", "world"),
    ]


def test_tsv_uses_tabs(tmp_path: Path) -> None:
    path = tmp_path / "people.tsv"
    path.write_text("id\ttext\n1\ta,b\n", encoding="utf-8")
    assert [(r.id, r.text) for r in _records(path)] == [("1:text", "a,b")]


def test_csv_unknown_column_lists_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("id,name,note\n1,a,b\n")
    assert _error(path, field="body") == f"{path}:1: column 'body' not found; columns are: id, name, note"


def test_csv_non_utf8_line_is_exact_after_multiline_cell(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(b'id,note\n1,"a\nb"\n2,ok\n3,' + "陳".encode("big5") + b"\n")
    assert _error(path).startswith(f"{path}:5: not UTF-8 (byte 0xb3 at col 3)")


def test_csv_empty_file_needs_a_header(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("")
    assert _error(path) == f"{path}: empty file, expected a header row"


# --------------------------------------------------------------------------------------------- #
# Parquet


def test_parquet_round_trip_with_id_column_and_nulls(tmp_path: Path) -> None:
    path = tmp_path / "data.parquet"
    table = pa.table({"id": [101, 102, 103], "text": [ZH, None, "hello"], "body": ["x", "y", "z"]})
    pq.write_table(table, path)
    records = _records(path)
    assert [(r.id, r.text, r.location) for r in records] == [(101, ZH, "row 1"), (103, "hello", "row 3")]


def test_parquet_field_selection_and_row_numbers_across_batches(tmp_path: Path) -> None:
    path = tmp_path / "data.pq"
    texts = [f"row {i} 電話" for i in range(2500)]
    pq.write_table(pa.table({"body": texts}), path, row_group_size=700)
    records = _records(path, field="body")
    assert [r.id for r in records] == list(range(1, 2501))
    assert [r.text for r in records] == texts


def test_parquet_missing_and_non_string_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "data.parquet"
    pq.write_table(pa.table({"id": [1], "n": [2]}), path)
    assert _error(path) == f"{path}: column 'text' not found; columns are: id, n"
    assert _error(path, field="n") == f"{path}: column 'n' is int64, expected a string column"


def test_non_parquet_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "data.parquet"
    path.write_text("id,text\n1,a\n")
    assert _error(path).startswith(f"{path}: not a Parquet file")


# --------------------------------------------------------------------------------------------- #
# DOCX


def test_docx_paragraphs_and_table_cells_in_order(tmp_path: Path) -> None:
    path = tmp_path / "memo.docx"
    document = docx.Document()
    document.add_paragraph("Dear 陳先生,")
    document.add_paragraph("")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "HKID"
    table.cell(0, 1).text = "A123456(3)"
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = ZH
    document.add_paragraph("Regards")
    document.save(str(path))
    records = _records(path)
    assert [r.text for r in records] == ["Dear 陳先生,", "HKID", "A123456(3)", ZH, "Regards"]
    assert [r.id for r in records] == ["memo.docx:p1", "memo.docx:p3", "memo.docx:p4", "memo.docx:p5", "memo.docx:p6"]


def test_non_docx_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "memo.docx"
    path.write_text("not a zip")
    assert _error(path).startswith(f"{path}: not a DOCX file")


# --------------------------------------------------------------------------------------------- #
# PDF


def test_pdf_yields_one_record_per_page(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    write_pdf(path, ["Call 9123 4567 (mobile)", "Email amy@example.com"])
    assert pypdf.PdfReader(path).pages[0].extract_text() == "Call 9123 4567 (mobile)"
    records = _records(path)
    assert [(r.id, r.text, r.location) for r in records] == [
        ("letter.pdf:page1", "Call 9123 4567 (mobile)", "page 1"),
        ("letter.pdf:page2", "Email amy@example.com", "page 2"),
    ]


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    plain = tmp_path / "plain.pdf"
    write_pdf(plain, ["Secret 9123 4567"])
    writer = pypdf.PdfWriter(clone_from=plain)
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    assert [r.text for r in _records(path)] == ["Secret 9123 4567"]


def test_password_protected_pdf_is_rejected(tmp_path: Path) -> None:
    plain = tmp_path / "plain.pdf"
    write_pdf(plain, ["Secret"])
    writer = pypdf.PdfWriter(clone_from=plain)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    assert _error(path) == f"{path}: encrypted PDF (needs a password); decrypt it first"


def test_non_pdf_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    path.write_text("hello")
    assert _error(path).startswith(f"{path}: not a readable PDF")


# --------------------------------------------------------------------------------------------- #
# Raw JSONL blocks


_lines = st.lists(st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"")), max_size=30)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=200, deadline=None)
@given(lines=_lines, trailing_newline=st.booleans(), block_bytes=st.integers(min_value=1, max_value=40))
def test_jsonl_blocks_reassemble_with_correct_line_numbers(
    tmp_path: Path, lines: list[bytes], trailing_newline: bool, block_bytes: int
) -> None:
    data = b"\n".join(lines) + (b"\n" if trailing_newline and lines else b"")
    path = tmp_path / "blocks.jsonl"
    path.write_bytes(data)
    blocks = list(iter_jsonl_blocks(path, block_bytes=block_bytes))
    assert b"".join(block for _, block in blocks) == data
    seen = b""
    for i, (lineno, block) in enumerate(blocks):
        assert block
        assert lineno == seen.count(b"\n") + 1
        if i < len(blocks) - 1:
            assert block.endswith(b"\n")
        if block.count(b"\n") > 1:  # only a single over-long line may exceed the block size
            assert len(block) <= block_bytes
        seen += block


def test_jsonl_blocks_feed_parse_jsonl_line(tmp_path: Path) -> None:
    path = tmp_path / "data.jsonl"
    path.write_text("".join(json.dumps({"text": f"{ZH} {i}"}, ensure_ascii=False) + "\n" for i in range(50)))
    records = [
        parse_jsonl_line(line, path=str(path), lineno=first + k)
        for first, block in iter_jsonl_blocks(path, block_bytes=100)
        for k, line in enumerate(block.splitlines())
    ]
    assert records == _records(path)


def test_jsonl_blocks_reject_non_positive_size(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text("")
    with pytest.raises(ValueError, match="block_bytes"):
        iter_jsonl_blocks(path, block_bytes=0)


# --------------------------------------------------------------------------------------------- #
# Checking whole blocks


# Lines that are fine, lines that are not, and lines that only look wrong to a block-at-a-time parser.
_BLOCK_LINES = [
    b'{"id": 1, "text": "a"}',
    b'{"text": "\xe9\x99\xb3\xe5\xa4\xa7\xe6\x96\x87 \\u4e2d \\/ \\n"}',
    b'  {"id": "x", "text": "spaces"} \t',
    b'{"id": 2.0, "text": "integral float id"}',
    b'{"id": null, "text": "null id", "n": NaN}',
    b'{"text": "crlf"}\r',
    b"",
    b"   ",
    b"\r",
    b"\x0c",
    b'\xef\xbb\xbf{"text": "a BOM on any line"}',
    b'{"text": "a"}, {"text": "b"}',
    b'{"text": "split", "c": [{"d": 1}',
    b'{"e": 2}]}',
    b'{"text": "unterminated',
    b'{"text": "a"} trailing',
    b"[1, 2]",
    b'"a string"',
    b'{"id": true, "text": "bool id"}',
    b'{"id": 2.5, "text": "fractional id"}',
    b'{"text": 5}',
    b'{"other": "no text"}',
    b'{"text": "bad \xff byte"}',
    b'{"text": "lone \\ud800 surrogate"}',
    b"\x0c" + b'{"text": "form feed first"}',
]


def _block_outcome(call: object) -> object:
    try:
        return call()  # type: ignore[operator]
    except InputError as exc:
        return str(exc)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=400, deadline=None)
@given(
    picks=st.lists(st.sampled_from(_BLOCK_LINES), max_size=8),
    bom=st.booleans(),
    trailing_newline=st.booleans(),
    keep=st.sets(st.integers(min_value=0, max_value=9)),
)
def test_parse_jsonl_block_agrees_with_reading_line_by_line(
    tmp_path: Path, picks: list[bytes], bom: bool, trailing_newline: bool, keep: set[int]
) -> None:
    data = (b"\xef\xbb\xbf" if bom else b"") + b"\n".join(picks) + (b"\n" if trailing_newline and picks else b"")
    path = tmp_path / "block.jsonl"
    path.write_bytes(data)

    def by_block() -> JsonlBlock:
        return parse_jsonl_block(data, path=str(path), first_line=1, keep=keep)

    def by_line() -> list[Record]:
        return list(iter_records(path))

    block, records = _block_outcome(by_block), _block_outcome(by_line)
    if isinstance(records, str):
        assert block == records  # the same first error, word for word
        return
    assert isinstance(block, JsonlBlock)
    assert block.records == len(records)
    by_lineno = {int(r.location.removeprefix("line ")): r for r in records}
    assert set(block.rows) == {i for i in keep if i + 1 in by_lineno}
    for i, (record_id, obj) in block.rows.items():
        assert (record_id, obj["text"]) == (by_lineno[i + 1].id, by_lineno[i + 1].text)


@settings(max_examples=200, deadline=None)
@given(picks=st.lists(st.sampled_from(_BLOCK_LINES), max_size=8), first_line=st.sampled_from([1, 7]))
def test_parse_jsonl_block_without_field_needs_only_objects(picks: list[bytes], first_line: int) -> None:
    """For redaction: any object will do, and the id is the line number."""
    data = b"\n".join(picks)
    expected: object = None
    records = 0
    for i, raw in enumerate(picks):
        raw = raw.removeprefix(b"\xef\xbb\xbf") if first_line + i == 1 else raw
        if not raw or raw.isspace():
            continue
        try:
            value = json.loads(raw.decode("utf-8").removeprefix("\ufeff"))
        except ValueError:
            value = None
        if not isinstance(value, dict):
            expected = f"in.jsonl:{first_line + i}: "
            break
        records += 1
    try:
        block = parse_jsonl_block(
            data, path="in.jsonl", first_line=first_line, field=None, id_field=None, keep=range(8)
        )
    except InputError as exc:
        assert isinstance(expected, str) and str(exc).startswith(expected)
        return
    assert expected is None
    assert block.records == records
    assert all(record_id == first_line + i for i, (record_id, _) in block.rows.items())


def test_parse_jsonl_block_names_the_problem_of_the_first_bad_line() -> None:
    good = b'{"id": 1, "text": "fine"}\n'
    cases = {
        b'{"id": 2}': "in.jsonl:12: field 'text': missing",
        b'{"id": 2, "text": ["a"]}': "in.jsonl:12: field 'text': expected a string, got an array",
        b'{"id": 2, "text": "x"': "in.jsonl:12: not a JSON object: Expecting ',' delimiter (col 22)",
        b"[1, 2, 3]": "in.jsonl:12: not a JSON object: got an array",
        b'{"id": {}, "text": "x"}': "in.jsonl:12: field 'id': expected a string or integer, got an object",
    }
    for bad, message in cases.items():
        block = good + bad + b"\n" + good + b"{not json either}\n"
        with pytest.raises(InputError, match=f"^{re.escape(message)}$"):
            parse_jsonl_block(block, path="in.jsonl", first_line=11)


def test_parse_jsonl_block_keeps_only_the_lines_asked_for() -> None:
    block = b'\xef\xbb\xbf{"id": "a", "text": "x"}\r\n\n{"text": "y"}\n{"id": 9, "text": "z"}'
    parsed = parse_jsonl_block(block, path="in.jsonl", first_line=1, keep=[0, 1, 3])
    assert parsed == JsonlBlock(3, {0: ("a", {"id": "a", "text": "x"}), 3: (9, {"id": 9, "text": "z"})})
    assert parse_jsonl_block(block, path="in.jsonl", first_line=1).rows == {}
    assert parse_jsonl_block(block, path="in.jsonl", first_line=1, field="text", id_field=None, keep=[2]).rows == {
        2: (3, {"text": "y"})
    }


def test_check_utf8_names_the_line_and_column_of_the_first_bad_byte() -> None:
    check_utf8("陳大文\nplain\r\n".encode(), "notes.txt", 1)
    block = "ok\n陳大文 \n".encode() + "陳".encode()[:2] + b" cut\n\xff\n"
    with pytest.raises(
        InputError, match=r"^notes\.txt:42: not UTF-8 \(byte 0xe9 at col 1\); convert the file to UTF-8$"
    ):
        check_utf8(block, "notes.txt", 40)


# --------------------------------------------------------------------------------------------- #
# Streaming


def _write_big(path: Path, make_line: Iterator[str], size: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        written = 0
        for line in make_line:
            f.write(line)
            written += len(line.encode())
            if written >= size:
                return


def _peak_traced(iterator: Iterator[object]) -> tuple[int, int]:
    tracemalloc.start()
    try:
        count = sum(1 for _ in iterator)
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


_50MB = 50 << 20
_PEAK_LIMIT = 20 << 20


def test_reading_a_50mb_jsonl_file_keeps_memory_flat(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    filler = ZH + " " + "x" * 900

    def lines() -> Iterator[str]:
        i = 0
        while True:
            i += 1
            yield json.dumps({"id": i, "text": filler}, ensure_ascii=False) + "\n"

    _write_big(path, lines(), _50MB)
    count, peak = _peak_traced(iter_records(path))
    assert count > 40_000
    assert peak < _PEAK_LIMIT
    _, peak = _peak_traced(iter_jsonl_blocks(path, block_bytes=4 << 20))
    assert peak < 3 * (4 << 20)  # the block being built and the caller's previous one


def test_reading_a_50mb_text_file_keeps_memory_flat(tmp_path: Path) -> None:
    path = tmp_path / "big.log"

    def lines() -> Iterator[str]:
        while True:
            yield ZH + " " + "y" * 1000 + "\n"

    _write_big(path, lines(), _50MB)
    count, peak = _peak_traced(iter_records(path))
    assert count > 40_000
    assert peak < _PEAK_LIMIT

"""`hkaigov pii scan|redact|restore` through Typer's runner: output contracts, masked previews, every file format and
operator, the pseudonym vault round trip, and one-line errors with exit code 2 that leave no output behind."""

from __future__ import annotations

import csv
import hashlib
import hmac
import json
from pathlib import Path

import docx
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]
import pytest
from tests.pii.mixed_files import reference_records, write_mixed_jsonl, write_mixed_text
from tests.pii.support import write_pdf
from typer.testing import CliRunner

from hkaigov.cli.main import app
from hkaigov.pii import pipeline, rewrite
from hkaigov.pii.readers import iter_records
from hkaigov.pii.redact import redact_text
from hkaigov.pii.scanner import scan_text

KEY = "test-hmac-key-0123456789"
PASSPHRASE = "correct horse battery staple"

HKID_TEXT = "Customer HKID: A123456(3), please verify."
PHONE_TEXT = "手提電話：61234567。"
EMAIL_TEXT = "請電郵至chan.taiman@example.com.hk查詢。"
PERSON_TEXT = "Mr Chan Tai Man called from +852 9123 4567."
RAW_VALUES = ["A123456(3)", "61234567", "chan.taiman@example.com.hk", "Chan Tai Man", "9123 4567"]


def run(runner: CliRunner, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def ok(runner: CliRunner, *args: str) -> tuple[str, str]:
    code, out, err = run(runner, *args)
    assert code == 0, f"{args}: exit {code}\n{out}\n{err}"
    return out, err


def fails(runner: CliRunner, *args: str) -> str:
    """Runs a command that must fail as bad input: exit 2, a message, no traceback. Returns stderr."""
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, f"{args}: exit {result.exit_code}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stdout + result.stderr
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert result.stderr.strip()
    return result.stderr


def only_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def jsonl(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "in.jsonl",
        [
            {"id": "a", "text": HKID_TEXT},
            {"id": "b", "text": "nothing to see"},
            {"id": "c", "text": PHONE_TEXT},
            {"id": "d", "text": EMAIL_TEXT},
            {"id": "e", "text": PERSON_TEXT},
        ],
    )


# --- scan --------------------------------------------------------------------------------------------------


def test_scan_jsonl_output_has_only_the_contract_keys(runner: CliRunner, jsonl: Path, tmp_path: Path) -> None:
    out_file = tmp_path / "findings.jsonl"
    stdout, stderr = ok(runner, "pii", "scan", str(jsonl), "--format", "jsonl", "-o", str(out_file))
    assert stdout == ""
    assert "PII scan" in stderr  # the summary goes to stderr
    lines = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    assert lines and all(set(line) == {"id", "start", "end", "type", "score"} for line in lines)
    expected = [f.as_json(r.id) for r in iter_records(jsonl) for f in scan_text(r.text)]
    assert lines == expected
    assert only_files(tmp_path) == ["findings.jsonl", "in.jsonl"]  # no temporary file left


def test_scan_jsonl_to_stdout_never_holds_the_values(runner: CliRunner, jsonl: Path) -> None:
    stdout, _ = ok(runner, "pii", "scan", str(jsonl), "--format", "jsonl")
    assert len(stdout.splitlines()) >= 5
    assert not any(value in stdout for value in RAW_VALUES)


def test_scan_json_has_a_summary_and_the_findings(runner: CliRunner, jsonl: Path) -> None:
    stdout, _ = ok(runner, "pii", "scan", str(jsonl), "--format", "json")
    doc = json.loads(stdout)
    assert {"engine", "workers", "files", "totals", "findings"} <= set(doc)
    assert doc["files"][0]["records"] == 5
    assert doc["files"][0]["records_with_findings"] == 4
    assert all(set(f) == {"id", "start", "end", "type", "score"} for f in doc["findings"])
    counts: dict[str, int] = {}
    for f in doc["findings"]:
        counts[f["type"]] = counts.get(f["type"], 0) + 1
    assert doc["totals"] == counts
    assert {"HKID", "HK_PHONE", "EMAIL", "PERSON"} <= set(counts)
    assert not any(value in stdout for value in RAW_VALUES)


def test_scan_table_shows_masked_values_and_never_the_raw_ones(runner: CliRunner, jsonl: Path) -> None:
    stdout, stderr = ok(runner, "pii", "scan", str(jsonl))
    assert "A12****(3)" in stdout
    assert "values masked" in stdout
    for value in RAW_VALUES:
        assert value not in stdout + stderr


def test_scan_types_option_filters(runner: CliRunner, jsonl: Path) -> None:
    doc = json.loads(ok(runner, "pii", "scan", str(jsonl), "-f", "json", "--types", "hkid,EMAIL")[0])
    assert {f["type"] for f in doc["findings"]} == {"HKID", "EMAIL"}


def test_scan_suspected_option_marks_failed_check_digits(runner: CliRunner, tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "s.jsonl", [{"id": 1, "text": "HKID A123456(4)"}])
    assert json.loads(ok(runner, "pii", "scan", str(path), "-f", "json")[0])["findings"] == []
    doc = json.loads(ok(runner, "pii", "scan", str(path), "-f", "json", "--suspected", "--types", "HKID")[0])
    assert doc["findings"] == [{"id": 1, "start": 5, "end": 15, "type": "HKID", "score": 0.3, "suspected": True}]


@pytest.mark.parametrize("fmt", ["jsonl", "text"])
def test_scan_output_is_the_same_for_one_and_two_workers_over_tiny_chunks(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    src = write_mixed_jsonl(tmp_path / "in.jsonl") if fmt == "jsonl" else write_mixed_text(tmp_path / "in.txt")
    expected = [json.dumps(f.as_json(rid)) for rid, text in reference_records(src, fmt) for f in scan_text(text)]
    monkeypatch.setattr(pipeline, "CHUNK_BYTES", 257)
    for workers in ("1", "2"):
        out = tmp_path / f"w{workers}.jsonl"
        ok(runner, "pii", "scan", str(src), "-f", "jsonl", "-o", str(out), "--workers", workers)
        assert [json.dumps(json.loads(line)) for line in out.read_text(encoding="utf-8").splitlines()] == expected


# --- redact: formats -------------------------------------------------------------------------------------------


def test_redact_jsonl_redacts_every_string_field_and_leaves_other_lines_byte_identical(
    runner: CliRunner, tmp_path: Path
) -> None:
    clean = [
        '{"id":1,"text":"nothing here"}',
        '{"id": 2, "text": "no personal data, \\"quoted\\" \\\\ / slash"}',
        '  {"id": 3,   "text": "spaces kept"}  ',
    ]
    with_pii = {
        "id": 4,
        "text": HKID_TEXT,
        "meta": {"author": PERSON_TEXT, "tags": [EMAIL_TEXT, "plain"], "n": 7, "ok": True, "none": None},
    }
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([clean[0], json.dumps(with_pii, ensure_ascii=False), clean[1], clean[2]]) + "\n")
    out = tmp_path / "out.jsonl"
    ok(runner, "pii", "redact", str(src), "-o", str(out))
    lines = out.read_text(encoding="utf-8").split("\n")
    assert [lines[0], lines[2], lines[3], lines[4]] == [clean[0], clean[1], clean[2], ""]
    redacted = json.loads(lines[1])
    assert redacted == {
        "id": 4,
        "text": "Customer HKID: <HKID>, please verify.",
        "meta": {
            "author": "Mr <PERSON> called from <HK_PHONE>.",
            "tags": ["請電郵至<EMAIL>查詢。", "plain"],
            "n": 7,
            "ok": True,
            "none": None,
        },
    }


def test_redact_jsonl_keeps_lines_without_findings_byte_identical_even_when_a_trigger_matched(
    runner: CliRunner, tmp_path: Path
) -> None:
    decoys = [
        '{"id":1,"text":"Order number 18273645 shipped"}',
        '{"id": 2, "text": "\\u4f60\\u597d, no personal data"}',
        '{"id": 3, "text": "\\u8a02\\u55ae 61234567"}',
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(decoys) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    ok(runner, "pii", "redact", str(src), "-o", str(out))
    assert out.read_bytes() == src.read_bytes()


def test_redact_jsonl_keeps_crlf_and_a_bom_on_redacted_lines(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(
        b'\xef\xbb\xbf{"id": 1, "text": "HKID A123456(3)"}\r\n{"id":2,"text":"x"}\r\n\r\n{"id": 3, "text": "61234567"}'
    )
    out = tmp_path / "out.jsonl"
    ok(runner, "pii", "redact", str(src), "-o", str(out))
    assert out.read_bytes() == (
        b'\xef\xbb\xbf{"id": 1, "text": "HKID <HKID>"}\r\n{"id":2,"text":"x"}\r\n\r\n{"id": 3, "text": "<HK_PHONE>"}'
    )


def _redacted_reference(value: object) -> tuple[object, bool]:
    """`value` with every string redacted by scan_text + redact_text, and whether anything changed."""
    if isinstance(value, str):
        findings = scan_text(value)
        return (redact_text(value, findings).text, True) if findings else (value, False)
    if isinstance(value, list):
        pairs = [_redacted_reference(v) for v in value]
        return [v for v, _ in pairs], any(c for _, c in pairs)
    if isinstance(value, dict):
        pairs_by_key = {k: _redacted_reference(v) for k, v in value.items()}
        return {k: v for k, (v, _) in pairs_by_key.items()}, any(c for _, c in pairs_by_key.values())
    return value, False


@pytest.mark.parametrize("fmt", ["jsonl", "text"])
def test_redact_over_tiny_blocks_rewrites_only_lines_with_findings(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    src = write_mixed_jsonl(tmp_path / "in.jsonl") if fmt == "jsonl" else write_mixed_text(tmp_path / "in.txt")
    expected = bytearray()
    changed = 0
    for raw in src.read_bytes().splitlines(keepends=True):
        bom = raw[:3] if raw.startswith(b"\xef\xbb\xbf") else b""
        body = raw[len(bom) :].removesuffix(b"\n")
        cr = b"\r" if body.endswith(b"\r") else b""
        body = body.removesuffix(b"\r")
        if fmt == "jsonl":
            value, found = _redacted_reference(json.loads(body)) if body.strip() else (None, False)
            new = json.dumps(value, ensure_ascii=False).encode()
        else:
            findings = scan_text(body.decode())
            found, new = bool(findings), redact_text(body.decode(), findings).text.encode()
        changed += found
        expected += bom + new + cr + b"\n" if found else raw
    assert 20 < changed < 230, "some lines are rewritten, some are not"
    monkeypatch.setattr(rewrite, "BLOCK_BYTES", 64)
    out = tmp_path / f"out{src.suffix}"
    ok(runner, "pii", "redact", str(src), "-o", str(out))
    assert out.read_bytes() == bytes(expected)


def test_redact_jsonl_field_option_redacts_only_that_field(runner: CliRunner, tmp_path: Path) -> None:
    src = write_jsonl(tmp_path / "in.jsonl", [{"id": 1, "text": HKID_TEXT, "note": HKID_TEXT}])
    out = tmp_path / "out.jsonl"
    ok(runner, "pii", "redact", str(src), "-o", str(out), "--field", "text")
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["text"] == "Customer HKID: <HKID>, please verify."
    assert record["note"] == HKID_TEXT


def test_redact_text_keeps_clean_lines_byte_identical(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_text(f"plain line\n{HKID_TEXT}\n中文 沒有個人資料\n{PHONE_TEXT}\nno newline at the end", encoding="utf-8")
    out = tmp_path / "out.txt"
    ok(runner, "pii", "redact", str(src), "-o", str(out))
    assert out.read_text(encoding="utf-8") == (
        "plain line\nCustomer HKID: <HKID>, please verify.\n中文 沒有個人資料\n手提電話：<HK_PHONE>。\nno newline at the end"
    )


def test_redact_text_keeps_crlf_line_endings(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes(f"plain line\r\n{HKID_TEXT}\r\nend\r\n".encode())
    out = tmp_path / "out.txt"
    ok(runner, "pii", "redact", str(src), "-o", str(out))
    assert out.read_bytes() == b"plain line\r\nCustomer HKID: <HKID>, please verify.\r\nend\r\n"


def test_redact_csv_redacts_every_cell(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "note", "contact"])
        writer.writerow(["1", HKID_TEXT, EMAIL_TEXT])
        writer.writerow(["2", "clean, with a comma", 'quoted "text"'])
    out = tmp_path / "out.csv"
    ok(runner, "pii", "redact", str(src), "-o", str(out))
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows == [
        ["id", "note", "contact"],
        ["1", "Customer HKID: <HKID>, please verify.", "請電郵至<EMAIL>查詢。"],
        ["2", "clean, with a comma", 'quoted "text"'],
    ]


def test_redact_parquet_redacts_string_columns_and_keeps_the_schema(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in.parquet"
    table = pa.table({"id": [1, 2, 3], "text": [HKID_TEXT, None, "clean"], "note": [PHONE_TEXT, "x", EMAIL_TEXT]})
    pq.write_table(table, src)
    out = tmp_path / "out.parquet"
    ok(runner, "pii", "redact", str(src), "-o", str(out))
    back = pq.read_table(out)
    assert back.schema == table.schema
    assert back.to_pydict() == {
        "id": [1, 2, 3],
        "text": ["Customer HKID: <HKID>, please verify.", None, "clean"],
        "note": ["手提電話：<HK_PHONE>。", "x", "請電郵至<EMAIL>查詢。"],
    }


def test_redact_docx_redacts_paragraphs_and_table_cells(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in.docx"
    document = docx.Document()
    document.add_paragraph(HKID_TEXT)
    document.add_paragraph("A clean paragraph.")
    cells = document.add_table(rows=1, cols=2).rows[0].cells
    cells[0].text = EMAIL_TEXT
    cells[1].text = "plain cell"
    document.save(str(src))
    out = tmp_path / "out.docx"
    ok(runner, "pii", "redact", str(src), "-o", str(out))
    back = docx.Document(str(out))
    assert [p.text for p in back.paragraphs] == ["Customer HKID: <HKID>, please verify.", "A clean paragraph."]
    assert [c.text for c in back.tables[0].rows[0].cells] == ["請電郵至<EMAIL>查詢。", "plain cell"]


def test_redact_pdf_writes_its_redacted_text(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in.pdf"
    write_pdf(src, [HKID_TEXT, "Second page, call +852 9123 4567 now."])
    out = tmp_path / "out.txt"
    ok(runner, "pii", "redact", str(src), "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert text == "Customer HKID: <HKID>, please verify.\n\fSecond page, call <HK_PHONE> now.\n"


def test_redact_pdf_to_a_pdf_is_an_error_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in.pdf"
    write_pdf(src, [HKID_TEXT])
    err = fails(runner, "pii", "redact", str(src), "-o", str(tmp_path / "x.pdf"))
    assert "cannot be rewritten" in err and ".txt" in err
    assert only_files(tmp_path) == ["in.pdf"]


# --- redact: operators -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("operator", "expected"),
    [
        ("replace", "HKID <HKID>, tel <HK_PHONE>, mail <EMAIL>"),
        ("mask", "HKID *******(*), tel **** ****, mail ****.******@*******.***.**"),
        ("fpe_mask", "HKID A12****(3), tel 9*** **67, mail c**********@example.com.hk"),
        ("pseudonym", "HKID [HKID_1], tel [HK_PHONE_1], mail [EMAIL_1]"),
    ],
)
def test_every_operator_rewrites_the_values(runner: CliRunner, tmp_path: Path, operator: str, expected: str) -> None:
    src = tmp_path / "in.txt"
    src.write_text("HKID A123456(3), tel 9123 4567, mail chan.taiman@example.com.hk\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    ok(runner, "pii", "redact", str(src), "-o", str(out), "--operator", operator)
    assert out.read_text(encoding="utf-8") == expected + "\n"


def test_hash_operator_writes_keyed_digests(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HKAIGOV_PII_KEY", KEY)
    src = tmp_path / "in.txt"
    src.write_text("HKID A123456(3) and again A123456(3)\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    ok(runner, "pii", "redact", str(src), "-o", str(out), "--operator", "hash")
    digest = hmac.new(KEY.encode(), b"A123456(3)", hashlib.sha256).hexdigest()[:16]
    assert out.read_text(encoding="utf-8") == f"HKID <HKID:{digest}> and again <HKID:{digest}>\n"


def test_hash_operator_without_a_key_exits_2_with_one_line(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HKAIGOV_PII_KEY", raising=False)
    src = tmp_path / "in.txt"
    src.write_text(HKID_TEXT + "\n", encoding="utf-8")
    err = fails(runner, "pii", "redact", str(src), "-o", str(tmp_path / "out.txt"), "--operator", "hash")
    assert len(err.strip().splitlines()) == 1
    assert "HKAIGOV_PII_KEY" in err
    assert only_files(tmp_path) == ["in.txt"]


def test_pseudonym_vault_restores_a_models_answer(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HKAIGOV_VAULT_PASSPHRASE", PASSPHRASE)
    src = write_jsonl(
        tmp_path / "chat.jsonl",
        [{"id": 1, "text": PERSON_TEXT}, {"id": 2, "text": "Mr Chan Tai Man's HKID is A123456(3)."}],
    )
    out, vault = tmp_path / "chat.redacted.jsonl", tmp_path / "chat.vault"
    ok(runner, "pii", "redact", str(src), "-o", str(out), "--operator", "pseudonym", "--vault", str(vault))
    redacted = [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert redacted == [
        "Mr [PERSON_1] called from [HK_PHONE_1].",
        "Mr [PERSON_1]'s HKID is [HKID_1].",
    ]
    assert not any(value.encode() in vault.read_bytes() for value in ("Chan Tai Man", "A123456(3)"))
    answer = tmp_path / "answer.txt"
    answer.write_text("Dear [PERSON_1], we called [HK_PHONE_1] about [HKID_1]. [PERSON_9] stays.", encoding="utf-8")
    stdout, _ = ok(runner, "pii", "restore", str(answer), "--vault", str(vault))
    assert stdout == "Dear Chan Tai Man, we called +852 9123 4567 about A123456(3). [PERSON_9] stays."
    stdin_out = runner.invoke(app, ["pii", "restore", "-", "--vault", str(vault)], input="[HKID_1]").stdout
    assert stdin_out == "A123456(3)"


def test_restore_with_a_wrong_passphrase_exits_2(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HKAIGOV_VAULT_PASSPHRASE", PASSPHRASE)
    src = write_jsonl(tmp_path / "chat.jsonl", [{"id": 1, "text": PERSON_TEXT}])
    vault = tmp_path / "v.vault"
    ok(
        runner,
        "pii",
        "redact",
        str(src),
        "-o",
        str(tmp_path / "o.jsonl"),
        "--operator",
        "pseudonym",
        "--vault",
        str(vault),
    )
    monkeypatch.setenv("HKAIGOV_VAULT_PASSPHRASE", "wrong")
    assert "wrong passphrase" in fails(runner, "pii", "restore", str(src), "--vault", str(vault))


# --- bad input -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["scan", "redact"])
def test_missing_file_exits_2(runner: CliRunner, tmp_path: Path, command: str) -> None:
    err = fails(runner, "pii", command, str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "out.jsonl"))
    assert "no such file" in err
    assert only_files(tmp_path) == []


MALFORMED = [
    pytest.param('{"id": 2, "text": "call 9123 4567"', id="with-a-trigger"),
    pytest.param("[1, 2, 3]", id="not-an-object"),
    pytest.param('{"id": 2, "text": "nothing"', id="trigger-free"),
]


@pytest.mark.parametrize("command", ["scan", "redact"])
@pytest.mark.parametrize("bad_line", MALFORMED)
def test_malformed_jsonl_line_exits_2_naming_file_and_line(
    runner: CliRunner, tmp_path: Path, command: str, bad_line: str
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": 1, "text": "HKID A123456(3)"}\n' + bad_line + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    err = fails(runner, "pii", command, str(src), "-o", str(out), *(["-f", "jsonl"] if command == "scan" else []))
    assert f"{src}:2" in err
    assert only_files(tmp_path) == ["in.jsonl"]


# (line, problem, whether `redact` refuses it too: without --field it takes any object and redacts every string)
BAD_LINES = [
    pytest.param('{"id": 2, "body": "nothing"}', "field 'text': missing", False, id="missing-field"),
    pytest.param(
        '{"id": 2, "text": 42}', "field 'text': expected a string, got a number", False, id="text-not-a-string"
    ),
    pytest.param('{"id": 2, "text": "nothing"} {', "not a JSON object: Extra data (col 30)", True, id="not-json"),
    pytest.param('"just a string"', "not a JSON object: got a string", True, id="not-an-object"),
]


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize(("bad_line", "problem", "redact_refuses"), BAD_LINES)
def test_every_jsonl_line_is_checked_even_far_from_any_candidate(
    runner: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bad_line: str,
    problem: str,
    redact_refuses: bool,
    workers: str,
) -> None:
    lines = ['{"id": 1, "text": "HKID A123456(3)"}'] + [f'{{"id": {i}, "text": "clean"}}' for i in range(3, 60)]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([*lines[:30], bad_line, *lines[30:]]) + "\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "CHUNK_BYTES", 200)  # the bad line is in a later chunk than the finding
    monkeypatch.setattr(rewrite, "BLOCK_BYTES", 200)
    out = str(tmp_path / "out.jsonl")
    err = fails(runner, "pii", "scan", str(src), "-f", "jsonl", "-o", out, "--workers", workers)
    assert err.strip() == f"{src}:31: {problem}"
    assert only_files(tmp_path) == ["in.jsonl"]
    if redact_refuses:
        assert fails(runner, "pii", "redact", str(src), "-o", out).strip() == f"{src}:31: {problem}"
        assert only_files(tmp_path) == ["in.jsonl"]
    else:
        ok(runner, "pii", "redact", str(src), "-o", out)


@pytest.mark.parametrize("command", ["scan", "redact"])
def test_a_non_utf8_text_line_without_any_candidate_exits_2(runner: CliRunner, tmp_path: Path, command: str) -> None:
    src = tmp_path / "in.txt"
    src.write_bytes(f"{HKID_TEXT}\nplain\nLatin-1 caf\xe9\n".encode("latin-1"))
    err = fails(runner, "pii", command, str(src), "-o", str(tmp_path / "out.txt"))
    assert err.strip() == f"{src}:3: not UTF-8 (byte 0xe9 at col 12); convert the file to UTF-8"
    assert only_files(tmp_path) == ["in.txt"]


@pytest.mark.parametrize("command", ["scan", "redact"])
def test_unknown_type_exits_2_and_writes_nothing(runner: CliRunner, jsonl: Path, tmp_path: Path, command: str) -> None:
    err = fails(runner, "pii", command, str(jsonl), "-o", str(tmp_path / "out.jsonl"), "--types", "HKID,SSN")
    assert "unknown entity type 'SSN'" in err
    assert only_files(tmp_path) == ["in.jsonl"]


def test_unknown_prefilter_exits_2(runner: CliRunner, jsonl: Path) -> None:
    assert "--prefilter" in fails(runner, "pii", "scan", str(jsonl), "--prefilter", "pcre")

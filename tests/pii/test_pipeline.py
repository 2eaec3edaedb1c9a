"""Scanning files: the pipeline finds what `scan_text` finds in each record, whatever the chunking, the number of
local workers or a Dask cluster; bad paths and an unreachable scheduler are input errors."""

from __future__ import annotations

import csv
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.pii.mixed_files import reference_records, write_mixed_jsonl, write_mixed_text

from hkaigov.domain.errors import InputError
from hkaigov.pii import pipeline
from hkaigov.pii.findings import Finding
from hkaigov.pii.pipeline import ScanRequest, ScanRun, TaskResult, finding_line, scan_files, start_scan
from hkaigov.pii.readers import iter_records
from hkaigov.pii.scanner import ScanOptions, scan_text

TEXTS = [
    "Customer HKID: A123456(3), please verify.",
    "nothing personal in this line",
    "手提電話：61234567。",
    "Card 4539 1488 0343 6467 was charged.",
    "",
    "請電郵至chan.taiman@example.com.hk查詢。",
    "Order number 18273645 shipped on 2025-03-14 for HK$12,345,678.",
    "申請人陳大文先生住在九龍旺角彌敦道123號5樓B室。",
    "全形身份證號碼：Ｚ６８３３６５（Ａ）。",
    'He said "call me on 9123 4567" \\ then left / quickly',
    "Mr Wong Siu Ming lives at Flat 12C, 18/F, 88 Hennessy Road, Wan Chai, Hong Kong.",
    "Staff ID C668668(9) logged in from 192.168.10.25.",
    "The river bank near Sha Tin was flooded in 2008; 3 people were rescued.",
    "😀 emoji first, then HKSAR passport K12345678",
    "line with\nan embedded newline and Peter Chan",
    "just words again",
] * 3

Row = tuple[str, str | int, tuple[int, int, str, float, bool]]


def key(f: Finding) -> tuple[int, int, str, float, bool]:
    return (f.start, f.end, f.type, f.score, f.suspected)


def expected_rows(path: Path, fmt: str | None = None) -> list[Row]:
    """What scanning each record of `path` with `scan_text` finds, in record order."""
    return [(str(path), record.id, key(f)) for record in iter_records(path, fmt=fmt) for f in scan_text(record.text)]


def pipeline_rows(paths: list[Path], **options: object) -> list[Row]:
    return [(p, rid, key(f)) for p, rid, f in scan_files(paths, **options)]


def run_request(request: ScanRequest) -> tuple[ScanRun, list[TaskResult]]:
    run, results = start_scan(request)
    return run, list(results)


def comparable(run: ScanRun, results: list[TaskResult]) -> tuple[object, ...]:
    """Everything a run reports except how long it took and which engine/workers ran it."""
    summary = run.as_json()
    summary.pop("seconds")
    summary.pop("workers")
    summary.pop("engine")
    lines = [line for r in results for line in r.jsonl]
    rows = [(r.path, rid, key(f), masked) for r in results for rid, f, masked in r.rows]
    return summary, lines, rows


@pytest.fixture
def jsonl_file(tmp_path: Path) -> Path:
    path = tmp_path / "records.jsonl"
    lines = []
    for i, text in enumerate(TEXTS):
        if i % 5 == 4:
            lines.append(json.dumps({"id": f"r{i}", "text": text}, ensure_ascii=True))  # \u escapes
        elif i % 7 == 3:
            lines.append(json.dumps({"text": text, "other": "A123456(3) in another field"}, ensure_ascii=False))
        else:
            lines.append(json.dumps({"id": i, "text": text}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def text_file(tmp_path: Path) -> Path:
    path = tmp_path / "notes.txt"
    body = "\n".join(t.replace("\n", " ") for t in TEXTS)
    path.write_bytes(("\ufeff" + body.replace("\n", "\r\n", 3) + "\n").encode())
    return path


@pytest.fixture
def csv_file(tmp_path: Path) -> Path:
    path = tmp_path / "table.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "note", "contact"])
        for i in range(0, len(TEXTS) - 1, 2):
            writer.writerow([f"c{i}", TEXTS[i], TEXTS[i + 1]])
    return path


# --- the pipeline finds what scan_text finds ---------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["jsonl_file", "text_file", "csv_file"])
def test_scan_files_finds_what_scan_text_finds_in_each_record(fixture: str, request: pytest.FixtureRequest) -> None:
    path: Path = request.getfixturevalue(fixture)
    expected = expected_rows(path)
    assert len({rid for _, rid, _ in expected}) >= 8, "the sample holds findings in many records"
    assert pipeline_rows([path]) == expected


def test_jsonl_output_lines_are_the_findings_contract(jsonl_file: Path) -> None:
    _, results = run_request(ScanRequest([jsonl_file]))
    lines = [json.loads(line) for r in results for line in r.jsonl]
    expected = [f.as_json(rid) for _, rid, f in scan_files([jsonl_file])]
    assert lines == expected
    assert all(set(line) == {"id", "start", "end", "type", "score"} for line in lines)


def test_text_file_ids_are_file_and_line_number(text_file: Path) -> None:
    ids = [rid for _, rid, _ in pipeline_rows([text_file])]
    lines = text_file.read_bytes().split(b"\n")
    for rid in ids:
        name, _, lineno = str(rid).rpartition(":")
        assert name == text_file.name
        line = lines[int(lineno) - 1].decode().removeprefix("\ufeff").removesuffix("\r")
        assert scan_text(line), f"{rid} names a line with a finding"


def test_several_files_are_labelled_and_summarised_per_file(jsonl_file: Path, text_file: Path) -> None:
    run, results = run_request(ScanRequest([jsonl_file, text_file]))
    labelled = [json.loads(line)["file"] for r in results for line in r.jsonl]
    assert set(labelled) == {str(jsonl_file), str(text_file)}
    files = {f["file"]: f for f in run.as_json()["files"]}  # type: ignore[union-attr]
    assert files[str(text_file)]["records"] == len(TEXTS)
    assert files[str(text_file)]["format"] == "text"
    assert files[str(jsonl_file)]["format"] == "jsonl"
    expected_counts: dict[str, int] = {}
    for _, _, f in expected_rows(jsonl_file) + expected_rows(text_file):
        expected_counts[f[2]] = expected_counts.get(f[2], 0) + 1
    assert run.as_json()["totals"] == dict(sorted(expected_counts.items()))


def test_jsonl_record_count_ignores_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text('{"id": 1, "text": "HKID A123456(3)"}\n\n{"id": 2, "text": "nothing"}\n\n', encoding="utf-8")
    run, _ = run_request(ScanRequest([path]))
    assert run.files[str(path)].records == len(list(iter_records(path)))


def test_jsonl_whitespace_only_lines_are_neither_records_nor_errors(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_bytes(b'  \r\n{"id": 1, "text": "HKID A123456(3)"}\r\n\t\n   \n{"id": 2, "text": "nothing"}')
    for chunk_bytes in (None, 5):
        run, results = run_request(ScanRequest([path], chunk_bytes=chunk_bytes))
        assert run.files[str(path)].records == 2
        assert [json.loads(line)["id"] for r in results for line in r.jsonl] == [1]


# --- chunking and workers change nothing -------------------------------------------------------------------


@pytest.mark.parametrize("fixture", ["jsonl_file", "text_file", "csv_file"])
@pytest.mark.parametrize("want_rows", [False, True])
def test_small_chunks_and_two_workers_give_the_output_of_one(
    fixture: str, want_rows: bool, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(fixture)
    whole = comparable(*run_request(ScanRequest([path], want_rows=want_rows)))
    for workers in (1, 2):
        chunked = ScanRequest([path], want_rows=want_rows, workers=workers, chunk_bytes=97)
        run, results = run_request(chunked)
        if fixture != "csv_file":
            assert len(results) > 5, "several chunks"
        assert comparable(run, results) == whole


@pytest.mark.parametrize("fmt", ["jsonl", "text"])
@pytest.mark.parametrize("engine", ["auto", "python-re"])
def test_tiny_chunks_and_workers_find_what_scan_text_finds_in_an_awkward_file(
    fmt: str, engine: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Regression test for worker parity (--workers 2 once reported fewer findings than --workers 1 on 100 MB).

    That gap was two versions of the recognisers, not the workers; this pins down that chunk boundaries, the
    careful path for escaped lines, CRLF, blank lines and worker scheduling change nothing.
    """
    path = write_mixed_jsonl(tmp_path / "mixed.jsonl") if fmt == "jsonl" else write_mixed_text(tmp_path / "mixed.txt")
    records = list(reference_records(path, fmt))
    expected = [(str(path), rid, key(f)) for rid, text in records for f in scan_text(text)]
    assert len(expected) > 200, "findings on both sides of many chunk boundaries"
    expected_lines = [finding_line(rid, f, None) for rid, text in records for f in scan_text(text)]
    monkeypatch.setattr(pipeline, "CHUNK_BYTES", 301)  # what the CLI uses: ScanRequest reads it when the scan starts
    options = ScanOptions(engine=engine)
    for workers in (1, 2):
        run, results = run_request(ScanRequest([path], options, workers=workers, want_rows=True))
        assert len(results) > 50, "many chunks"
        assert [(r.path, rid, key(f)) for r in results for rid, f, _ in r.rows] == expected
        assert run.files[str(path)].records == len(records)
        _, results = run_request(ScanRequest([path], options, workers=workers))
        assert [line for r in results for line in r.jsonl] == expected_lines


def test_a_bad_line_far_from_any_candidate_fails_every_chunking(tmp_path: Path) -> None:
    path = write_mixed_jsonl(tmp_path / "mixed.jsonl")
    lines = path.read_bytes().split(b"\n")
    lines.insert(200, b'{"id": "bad", "txt": "nothing to see"}')
    path.write_bytes(b"\n".join(lines))
    for chunk_bytes, workers in ((None, 1), (301, 1), (301, 2), (50_000, 2)):
        with pytest.raises(InputError, match=re.escape(f"{path}:201: field 'text': missing")):
            run_request(ScanRequest([path], chunk_bytes=chunk_bytes, workers=workers))


def test_text_file_line_numbers_survive_chunk_boundaries(text_file: Path) -> None:
    whole = pipeline_rows([text_file])
    for chunk_bytes in (1, 13, 64, 500):
        assert pipeline_rows([text_file], chunk_bytes=chunk_bytes, workers=2) == whole


# --- Dask ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cluster() -> Iterator[object]:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local:
        yield local


def test_dask_gives_the_results_of_a_local_run(
    cluster: object, jsonl_file: Path, text_file: Path, csv_file: Path
) -> None:
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    paths = [jsonl_file, text_file, csv_file]
    for want_rows in (False, True):
        local = comparable(*run_request(ScanRequest(paths, want_rows=want_rows, chunk_bytes=211)))
        remote = ScanRequest(paths, want_rows=want_rows, chunk_bytes=211, engine="dask", scheduler=address)
        run, results = run_request(remote)
        assert comparable(run, results) == local


def test_dask_runs_the_requested_scan_options(cluster: object, jsonl_file: Path) -> None:
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    options = ScanOptions(types=ScanOptions().types[:1], suspected=True)  # HKID only, suspects included
    local = pipeline_rows([jsonl_file], options=options)
    assert local and {f[2] for _, _, f in local} == {"HKID"}
    assert pipeline_rows([jsonl_file], options=options, engine="dask", scheduler=address) == local


def test_a_malformed_line_read_on_dask_is_an_input_error(cluster: object, tmp_path: Path) -> None:
    """It comes back as a result and is raised here, rather than failing (and being logged) on the worker."""
    address = cluster.scheduler_address  # type: ignore[attr-defined]
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1, "text": "HKID A123456(3)"}\n{"id": 2, "text": null}\n', encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(f"{path}:2: field 'text': expected a string, got null")):
        run_request(ScanRequest([path], engine="dask", scheduler=address))


def test_unreachable_scheduler_is_an_input_error(jsonl_file: Path) -> None:
    started = time.perf_counter()
    with pytest.raises(InputError, match=re.escape("cannot reach the Dask scheduler at tcp://127.0.0.1:1")):
        run_request(ScanRequest([jsonl_file], engine="dask", scheduler="tcp://127.0.0.1:1"))
    assert time.perf_counter() - started < 15


# --- bad input ---------------------------------------------------------------------------------------------


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        start_scan(ScanRequest([tmp_path / "missing.jsonl"]))
    with pytest.raises(InputError, match="no such file"):
        list(scan_files([tmp_path / "missing.jsonl"]))


def test_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        start_scan(ScanRequest([tmp_path]))


def test_unknown_engine_is_an_input_error(jsonl_file: Path) -> None:
    with pytest.raises(InputError, match="unknown engine"):
        start_scan(ScanRequest([jsonl_file], engine="spark"))


def test_malformed_jsonl_line_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1, "text": "fine"}\n{"id": 2, "text": "call 9123 4567"\n', encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(f"{path}:2: not a JSON object")):
        run_request(ScanRequest([path]))

"""The register through the CLI, on SQLite and PostgreSQL: init, demo, add/list/show/history, evidence,
sign-off, due, audit verify, export/import, and one-line errors with exit code 2 for bad input."""

from __future__ import annotations

import filecmp
import json
import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import create_engine, text
from tests.registers import RegisterTarget, make_target
from typer.testing import CliRunner

from hkaigov.catalog.loader import DATA_DIR
from hkaigov.cli.main import app
from hkaigov.store.db import normalise_url

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CHATBOT = EXAMPLES / "bank-genai-chatbot.yaml"


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def ok(runner: CliRunner, *args: str) -> str:
    code, out, err = run(runner, *args)
    assert code == 0, f"{args}: exit {code}\n{out}\n{err}"
    return out


def sql(target: RegisterTarget, statement: str) -> None:
    engine = create_engine(normalise_url(target.url))
    with engine.begin() as conn:
        conn.execute(text(statement))
    engine.dispose()


def revise(src: Path, dst: Path, **changes: str) -> Path:
    body = src.read_text(encoding="utf-8")
    for key, value in changes.items():
        body += f"{key}: {value}\n"
    dst.write_text(body, encoding="utf-8")
    return dst


def test_init_is_idempotent_and_required(runner: CliRunner, register_env: RegisterTarget) -> None:
    code, _, err = run(runner, "register", "list")
    assert code == 2 and "not initialised" in err and "hkaigov init" in err
    assert "created" in ok(runner, "init")
    assert "up to date" in ok(runner, "init")
    assert json.loads(ok(runner, "register", "list", "-f", "json")) == {"systems": []}


def test_demo_fills_every_screen(runner: CliRunner, register_env: RegisterTarget) -> None:
    ok(runner, "demo", "--examples", str(EXAMPLES), "-f", "json")
    listed = json.loads(ok(runner, "register", "list", "-f", "json"))["systems"]
    assert len(listed) >= 10
    first = listed[0]
    assert {"id", "ref", "tier", "roles", "profile_version", "version", "catalog_version", "next_due"} <= set(first)
    versions = [s for s in listed if s["profile_version"] == 3]
    assert versions, "the demo records later profile versions"
    shown = json.loads(ok(runner, "register", "show", versions[0]["ref"], "-f", "json"))
    assert shown["assessments"] and shown["evidence"] and shown["comments"]
    kinds = {e["kind"] for e in shown["evidence"]}
    assert kinds == {"file", "link", "attestation"}
    history = json.loads(ok(runner, "register", "history", versions[0]["ref"], "-f", "json"))
    assert [v["number"] for v in history["versions"]] == [1, 2, 3]
    assert "third_party_models" in history["versions"][2]["changed"]
    assert any(e["action"] == "system.update" for e in history["audit"])
    due = json.loads(ok(runner, "due", "-f", "json"))["due"]
    assert any("quarterly" in d["reason"] and d["overdue_days"] > 0 for d in due)
    assert "intact" in ok(runner, "audit", "verify")
    # a second demo does not load the data twice
    ok(runner, "demo", "--examples", str(EXAMPLES), "-f", "json")
    assert len(json.loads(ok(runner, "register", "list", "-f", "json"))["systems"]) == len(listed)


def test_versions_locking_and_reassessment(runner: CliRunner, register_env: RegisterTarget, tmp_path: Path) -> None:
    ok(runner, "init")
    assert "registered" in ok(runner, "register", "add", str(CHATBOT))
    assert "unchanged" in ok(runner, "register", "add", str(CHATBOT))
    v2 = revise(CHATBOT, tmp_path / "v2.yaml", next_review="2027-01-31")
    assert "profile version 2" in ok(runner, "register", "add", str(v2), "--expect-version", "1")
    v3 = revise(CHATBOT, tmp_path / "v3.yaml", next_review="2027-02-28")
    code, _, err = run(runner, "register", "add", str(v3), "--expect-version", "1")
    assert code == 2 and "not 1" in err and "reload" in err
    shown = json.loads(ok(runner, "register", "show", "bank-genai-chatbot", "-f", "json"))
    assert shown["system"]["profile_version"] == 2 and shown["profile"]["next_review"] == "2027-01-31"


def test_evidence_signoff_and_errors(runner: CliRunner, register_env: RegisterTarget, tmp_path: Path) -> None:
    ok(runner, "init")
    ok(runner, "register", "add", str(CHATBOT))
    doc = tmp_path / "policy.pdf"
    doc.write_bytes(b"%PDF-1.7\n% test evidence\n")
    assert "added" in ok(runner, "evidence", "add", "bank-genai-chatbot", "DPOGAI-SP-01", str(doc))
    assert "already attached" in ok(runner, "evidence", "add", "bank-genai-chatbot", "DPOGAI-SP-01", str(doc))
    ok(runner, "evidence", "add", "bank-genai-chatbot", "DPOGAI-SP-01", "--url", "https://intranet.example/x")
    ok(runner, "evidence", "add", "bank-genai-chatbot", "DPOGAI-SP-01", "--attest", "Reviewed by me.")
    listed = json.loads(ok(runner, "evidence", "list", "bank-genai-chatbot", "-f", "json"))["evidence"]
    assert [e["kind"] for e in listed] == ["file", "link", "attestation"]
    blobs = [p for p in (register_env.data_dir / "evidence").rglob("*") if p.is_file()]
    assert len(blobs) == 1 and blobs[0].name == listed[0]["sha256"]

    for args, needle in (
        (("evidence", "add", "nope", "DPOGAI-SP-01", str(doc)), "unknown system 'nope'"),
        (("evidence", "add", "bank-genai-chatbot", "DPOGAI-SP-01", str(tmp_path / "missing.pdf")), "no such file"),
        (("evidence", "add", "bank-genai-chatbot", "NOPE-99", str(doc)), "unknown control"),
        (("evidence", "add", "bank-genai-chatbot", "DPOGAI-SP-01", "--url", "ftp://x"), "not an http"),
        (("register", "show", "nope"), "unknown system"),
        (("signoff", "bank-genai-chatbot"), "may not sign off"),
    ):
        code, _, err = run(runner, *args)
        assert code == 2, args
        assert needle in err and "Traceback" not in err and len(err.strip().splitlines()) == 1, (args, err)

    ok(runner, "user", "add", "rita", "--role", "reviewer")
    ok(runner, "user", "add", "rex", "--role", "reviewer")
    ok(runner, "register", "assess", "bank-genai-chatbot", "-u", "rita")
    code, _, err = run(runner, "signoff", "bank-genai-chatbot", "-u", "rita")
    assert code == 2 and "may not sign it off" in err
    assert "approved by rex" in ok(runner, "signoff", "bank-genai-chatbot", "-u", "rex")
    shown = json.loads(ok(runner, "register", "show", "bank-genai-chatbot", "-f", "json"))
    assert shown["assessments"][0]["status"] == "approved" and shown["signoffs"][0]["reviewer"] == "rex"


def test_oversized_upload_writes_nothing(
    runner: CliRunner, register_env: RegisterTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(runner, "init")
    ok(runner, "register", "add", str(CHATBOT))
    monkeypatch.setenv("HKAIGOV_MAX_UPLOAD_MB", "0.01")
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * 20_000)
    code, _, err = run(runner, "evidence", "add", "bank-genai-chatbot", "DPOGAI-SP-01", str(big))
    assert code == 2 and "upload limit" in err
    assert json.loads(ok(runner, "evidence", "list", "bank-genai-chatbot", "-f", "json"))["evidence"] == []
    assert not [p for p in (register_env.data_dir / "evidence").rglob("*") if p.is_file()]


def test_bad_manifest_registers_nothing(runner: CliRunner, register_env: RegisterTarget, tmp_path: Path) -> None:
    ok(runner, "init")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nname: y\nsector: bankk\nactivities: [uses]\n", encoding="utf-8")
    code, _, err = run(runner, "register", "add", str(CHATBOT), str(bad))
    assert code == 2 and f"{bad}:3: sector" in err
    assert json.loads(ok(runner, "register", "list", "-f", "json")) == {"systems": []}


def test_audit_verify_catches_an_edited_row(runner: CliRunner, register_env: RegisterTarget) -> None:
    ok(runner, "init")
    ok(runner, "register", "add", str(EXAMPLES))
    assert "intact" in ok(runner, "audit", "verify")
    sql(register_env, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 3")
    code, out, _ = run(runner, "audit", "verify")
    assert code == 1 and "entry 3" in out
    data = json.loads(run(runner, "audit", "verify", "-f", "json")[1])
    assert data["ok"] is False and data["bad_entry"] == 3


def test_unreachable_database_is_one_line(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HKAIGOV_DATABASE_URL", "postgresql://postgres@127.0.0.1:1/nowhere")
    code, _, err = run(runner, "init")
    assert code == 2 and "cannot use the database" in err and len(err.strip().splitlines()) == 1
    monkeypatch.setenv("HKAIGOV_DATABASE_URL", "mysql://x@localhost/y")
    code, _, err = run(runner, "register", "list")
    assert code == 2 and "only sqlite and postgresql" in err


def test_export_import_round_trip_across_engines(
    runner: CliRunner, register_env: RegisterTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A register exported from one engine and imported into the other exports to the same bytes."""
    ok(runner, "demo", "--examples", str(EXAMPLES), "-f", "json")
    first, second = tmp_path / "exp1", tmp_path / "exp2"
    ok(runner, "export", str(first))
    other = "postgresql" if register_env.engine == "sqlite" else "sqlite"
    with make_target(other, tmp_path / "other") as target:
        for key, value in target.env.items():
            monkeypatch.setenv(key, value)
        ok(runner, "init")
        assert "imported 22 systems" in ok(runner, "import", str(first))
        assert "intact" in ok(runner, "audit", "verify")
        ok(runner, "export", str(second))
        code, _, err = run(runner, "import", str(first))
        assert code == 2 and "not empty" in err
    cmp = filecmp.dircmp(first, second)
    files = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    assert all((first / f).read_bytes() == (second / f).read_bytes() for f in files), cmp.diff_files


def test_catalog_change_lists_registered_systems_to_reassess(
    runner: CliRunner, register_env: RegisterTarget, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new catalog version that widens a control to insurers: `catalog diff --register` and `due` name them."""
    new = tmp_path / "catalog-next"
    shutil.copytree(DATA_DIR, new)
    meta = new / "catalog.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("2026.11.0", "2026.12.0", 1), encoding="utf-8")
    noor = new / "instruments" / "bis-project-noor.yaml"
    doc = yaml.safe_load(noor.read_text(encoding="utf-8"))
    next(c for c in doc["controls"] if c["id"] == "NOOR-01")["applies_when"] = {
        "sector": {"in": ["banking", "insurance"]}
    }
    noor.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")

    ok(runner, "init")
    ok(runner, "register", "add", str(EXAMPLES))
    ok(runner, "register", "assess", "--all")
    diff = json.loads(ok(runner, "catalog", "diff", str(DATA_DIR), str(new), "--register", "-f", "json"))
    reassess = {s["system"]: s for s in diff["reassess"]}
    insurers = {p.stem for p in EXAMPLES.glob("*.yaml") if "sector: insurance" in p.read_text(encoding="utf-8")}
    assert insurers and insurers <= set(reassess)
    assert all(reassess[s]["added_controls"] == ["NOOR-01"] for s in insurers)

    before = json.loads(ok(runner, "due", "-f", "json"))["due"]
    assert not any(d["reason"].startswith("catalog") for d in before)
    monkeypatch.setenv("HKAIGOV_CATALOG_DIR", str(new))
    after = json.loads(ok(runner, "due", "-f", "json"))["due"]
    flagged = {d["system"].split("/")[1] for d in after if d["reason"].startswith("catalog 2026.11.0 → 2026.12.0")}
    assert flagged == insurers


def test_audit_log_lists_entries(runner: CliRunner, register_env: RegisterTarget) -> None:
    ok(runner, "init")
    ok(runner, "register", "add", str(CHATBOT))
    entries = json.loads(ok(runner, "audit", "log", "-f", "json"))["entries"]
    assert [e["action"] for e in entries[:2]] == ["user.bootstrap", "organisation.add"]
    assert any(e["action"] == "system.register" for e in entries)
    about = json.loads(ok(runner, "audit", "log", "--system", "bank-genai-chatbot", "-f", "json"))["entries"]
    assert about and all(e["entity_id"].startswith("harbour-city-bank-limited/bank-genai-chatbot") for e in about)
    assert "system.register" in ok(runner, "audit", "log")
    assert "system.register" in ok(runner, "audit", "log", "-f", "markdown")

"""Check evidence: a PII scan report is filed once on every applicable control whose catalog entry names
`check: pii:scan`, re-attaching the same report adds nothing, and a system without such a control is refused.
Also end to end: `hkaigov pii scan FILE --attach ORG/SYSTEM` on a register made by `init` and `register add`."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.registers import RegisterTarget
from tests.services.support import ADMIN, ASSESSOR, EXAMPLES, VIEWER, Act, count, fixed_clock
from typer.testing import CliRunner

from hkaigov.cli.main import app
from hkaigov.domain.catalog import Catalog
from hkaigov.domain.enums import EvidenceStatus
from hkaigov.domain.errors import InputError, PermissionDenied
from hkaigov.domain.profile import AISystemProfile
from hkaigov.engine.obligations import obligations
from hkaigov.services import checks, classifications, systems, users
from hkaigov.services.context import Context
from hkaigov.store.db import Database

CHATBOT = "bank-genai-chatbot"
CHECK = "pii:scan"
REPORT = json.dumps({"check": CHECK, "totals": {"HKID": 2}}, sort_keys=True).encode()


@pytest.fixture
def chatbot(db: Database, act: Act, profiles: dict[str, AISystemProfile], team: None) -> str:
    """A registered system that processes personal data."""
    assert profiles[CHATBOT].processes_personal_data
    with act(ASSESSOR) as ctx:
        return systems.register(ctx, profiles[CHATBOT]).system.ref


def without_check(catalog: Catalog, check: str) -> Catalog:
    """The catalog with `check` removed from every control that names it."""
    instruments = [
        inst.model_copy(
            update={
                "controls": [c.model_copy(update={"check": None}) if c.check == check else c for c in inst.controls]
            }
        )
        for inst in catalog.instruments
    ]
    return catalog.model_copy(update={"instruments": instruments})


@contextlib.contextmanager
def acting_with(db: Database, name: str, catalog: Catalog) -> Iterator[Context]:
    with db.transaction() as session:
        yield Context(session, users.actor(session, name, fixed_clock), catalog, db.blobs, fixed_clock)


def test_controls_for_lists_exactly_the_applicable_controls_that_take_the_check(act: Act, chatbot: str) -> None:
    with act(ASSESSOR) as ctx:
        system = systems.find(ctx.session, chatbot)
        found = checks.controls_for(ctx, system, CHECK)
        profile = systems.current_profile(ctx.session, system)
        applicable = obligations(profile, classifications.classify(profile, ctx.catalog), ctx.catalog)
    assert found, "a system processing personal data has controls a PII scan evidences"
    assert len(found) == len(set(found))
    for control_id in found:
        control = ctx.catalog.control(control_id)
        assert control is not None and control.check == CHECK
    assert set(found) == {a.control.id for a in applicable if a.control.check == CHECK}
    other_checks = {a.control.id for a in applicable if a.control.check not in (None, CHECK)}
    assert other_checks, "the system also has controls evidenced by other checks"
    assert not other_checks & set(found)


def test_controls_for_an_unused_check_is_empty(act: Act, chatbot: str) -> None:
    with act(ASSESSOR) as ctx:
        assert checks.controls_for(ctx, systems.find(ctx.session, chatbot), "pii:nothing") == []


def test_attach_report_adds_one_evidence_per_control(db: Database, act: Act, chatbot: str) -> None:
    with act(ASSESSOR) as ctx:
        system = systems.find(ctx.session, chatbot)
        controls = checks.controls_for(ctx, system, CHECK)
        attached = checks.attach_report(
            ctx, system, CHECK, REPORT, "pii-scan.json", status=EvidenceStatus.PARTIAL, note="2 findings"
        )
        assert [new for _, new in attached] == [True] * len(controls)
        assert sorted(r.control_id for r, _ in attached) == sorted(controls)
        assert {r.blob_sha256 for r, _ in attached} == {attached[0][0].blob_sha256}
        assert {(r.filename, r.status, r.note) for r, _ in attached} == {
            ("pii-scan.json", EvidenceStatus.PARTIAL.value, "2 findings")
        }
    assert count(db, "evidence") == len(controls)
    assert count(db, "blobs") == 1


def test_attaching_the_same_report_again_adds_nothing(db: Database, act: Act, chatbot: str) -> None:
    def attach(report: bytes) -> list[tuple[int, bool]]:
        with act(ADMIN) as ctx:
            system = systems.find(ctx.session, chatbot)
            attached = checks.attach_report(
                ctx, system, CHECK, report, "pii-scan.json", status=EvidenceStatus.MET, note="clean"
            )
            return [(r.id, new) for r, new in attached]

    first = attach(REPORT)
    audit = count(db, "audit_log")
    again = attach(REPORT)
    assert [new for _, new in again] == [False] * len(first)
    assert [i for i, _ in again] == [i for i, _ in first]
    assert count(db, "evidence") == len(first)
    assert count(db, "audit_log") == audit
    changed = attach(REPORT + b"\n")
    assert [new for _, new in changed] == [True] * len(first)
    assert count(db, "evidence") == 2 * len(first)


def test_a_system_without_a_pii_scan_control_is_refused(db: Database, chatbot: str, catalog: Catalog) -> None:
    stripped = without_check(catalog, CHECK)
    with acting_with(db, ASSESSOR, stripped) as ctx:
        system = systems.find(ctx.session, chatbot)
        assert checks.controls_for(ctx, system, CHECK) == []
        with pytest.raises(InputError, match=f"none of {chatbot}'s applicable controls takes '{CHECK}' evidence"):
            checks.attach_report(ctx, system, CHECK, REPORT, "pii-scan.json", status=EvidenceStatus.MET, note="")
    assert count(db, "evidence") == 0


def test_a_viewer_may_not_attach_a_report(db: Database, act: Act, chatbot: str) -> None:
    with pytest.raises(PermissionDenied), act(VIEWER) as ctx:
        system = systems.find(ctx.session, chatbot)
        checks.attach_report(ctx, system, CHECK, REPORT, "pii-scan.json", status=EvidenceStatus.MET, note="")
    assert count(db, "evidence") == 0


# --- the CLI: pii scan --attach ------------------------------------------------------------------------------


def invoke(runner: CliRunner, *args: str) -> tuple[str, str]:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, f"{args}: exit {result.exit_code}\n{result.stdout}\n{result.stderr}"
    return result.stdout, result.stderr


def test_pii_scan_attach_files_the_report_as_evidence(
    runner: CliRunner, register_env: RegisterTarget, tmp_path: Path
) -> None:
    invoke(runner, "init")
    invoke(runner, "register", "add", str(EXAMPLES / f"{CHATBOT}.yaml"))
    ref = json.loads(invoke(runner, "register", "list", "-f", "json")[0])["systems"][0]["ref"]
    assert "/" in ref  # ORG/SYSTEM

    data = tmp_path / "prompts.jsonl"
    data.write_text(
        '{"id": 1, "text": "Customer HKID: A123456(3), tel 9123 4567"}\n{"id": 2, "text": "nothing"}\n',
        encoding="utf-8",
    )
    _, err = invoke(
        runner, "pii", "scan", str(data), "--format", "jsonl", "-o", str(tmp_path / "f.jsonl"), "--attach", ref
    )
    assert "attached (partial)" in err

    listed = json.loads(invoke(runner, "evidence", "list", ref, "--format", "json")[0])["evidence"]
    assert listed, "the scan report is attached"
    assert {e["filename"] for e in listed} == {"pii-scan.json"}
    assert {e["status"] for e in listed} == {"partial"}
    assert {e["kind"] for e in listed} == {"file"}
    assert len({e["sha256"] for e in listed}) == 1
    assert len({e["control"] for e in listed}) == len(listed)
    assert all("2 finding(s)" in e["note"] for e in listed)

    blob = next(p for p in (register_env.data_dir / "evidence").rglob("*") if p.name == listed[0]["sha256"])
    report = json.loads(blob.read_text(encoding="utf-8"))
    assert report["check"] == CHECK
    assert report["totals"] == {"HKID": 1, "HK_PHONE": 1}
    assert "A123456(3)" not in blob.read_text(encoding="utf-8")


def test_pii_scan_attach_to_an_unknown_system_exits_2(
    runner: CliRunner, register_env: RegisterTarget, tmp_path: Path
) -> None:
    invoke(runner, "init")
    data = tmp_path / "prompts.txt"
    data.write_text("nothing here\n", encoding="utf-8")
    result = runner.invoke(app, ["pii", "scan", str(data), "--attach", "nobody/nothing"])
    assert result.exit_code == 2
    assert "unknown system" in result.stderr and "Traceback" not in result.stderr

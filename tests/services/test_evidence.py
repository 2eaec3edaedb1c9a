"""Evidence: identical files are stored once, identical evidence for one control is one record, oversized
or missing files write nothing, and the latest evidence for a control is what an assessment reads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tests.services.support import ADMIN, ASSESSOR, NOW, REVIEWER, TODAY, VIEWER, Act, blob_files, count

from hkaigov.domain.enums import EvidenceStatus
from hkaigov.domain.errors import ConflictError, InputError, NotFoundError, PermissionDenied
from hkaigov.domain.profile import AISystemProfile
from hkaigov.services import assessments, evidence, systems
from hkaigov.store.db import Database
from hkaigov.store.models import Blob

CHATBOT = "bank-genai-chatbot"
GOV1, GOV2 = "EAIF-GOV-01", "EAIF-GOV-02"
POLICY = b"# AI use policy\n\nApproved by the board on 2026-09-30.\n"


@pytest.fixture
def chatbot(db: Database, act: Act, profiles: dict[str, AISystemProfile], team: None) -> str:
    with act(ASSESSOR) as ctx:
        return systems.register(ctx, profiles[CHATBOT]).system.ref


def nothing_written(db: Database, audit_before: int) -> None:
    assert count(db, "evidence") == 0
    assert count(db, "blobs") == 0
    assert blob_files(db) == []
    assert count(db, "audit_log") == audit_before


def test_same_file_twice_on_one_control_is_one_record(db: Database, act: Act, chatbot: str, tmp_path: Path) -> None:
    src = tmp_path / "policy.md"
    src.write_bytes(POLICY)
    with act(ASSESSOR) as ctx:
        first, created = evidence.add_file(ctx, systems.find(ctx.session, chatbot), GOV1, src)
        assert created and first.filename == "policy.md" and first.kind == "file"
    audit_entries = count(db, "audit_log")
    with act(ADMIN) as ctx:
        again, created_again = evidence.add_bytes(ctx, systems.find(ctx.session, chatbot), GOV1, POLICY, "renamed.md")
        assert not created_again
        assert again.id == first.id
    assert (count(db, "evidence"), count(db, "blobs"), len(blob_files(db))) == (1, 1, 1)
    assert count(db, "audit_log") == audit_entries  # nothing new to record
    assert blob_files(db)[0].read_bytes() == POLICY
    assert blob_files(db)[0].name == first.blob_sha256


def test_same_file_twice_in_one_transaction_is_one_record(db: Database, act: Act, chatbot: str) -> None:
    with act(ASSESSOR) as ctx:
        s = systems.find(ctx.session, chatbot)
        a, created_a = evidence.add_bytes(ctx, s, GOV1, POLICY, "policy.md")
        b, created_b = evidence.add_bytes(ctx, s, GOV1, POLICY, "policy.md")
        assert (created_a, created_b) == (True, False) and a.id == b.id
    assert (count(db, "evidence"), count(db, "blobs"), len(blob_files(db))) == (1, 1, 1)


def test_same_file_on_two_controls_is_two_records_and_one_blob(db: Database, act: Act, chatbot: str) -> None:
    with act(ASSESSOR) as ctx:
        s = systems.find(ctx.session, chatbot)
        a, _ = evidence.add_bytes(ctx, s, GOV1, POLICY, "policy.md")
    with act(ASSESSOR) as ctx:
        b, created = evidence.add_bytes(ctx, systems.find(ctx.session, chatbot), GOV2, POLICY, "policy.md")
        assert created
    assert a.id != b.id and a.blob_sha256 == b.blob_sha256
    assert (count(db, "evidence"), count(db, "blobs"), len(blob_files(db))) == (2, 1, 1)


def test_different_files_on_one_control_are_two_records(db: Database, act: Act, chatbot: str) -> None:
    with act(ASSESSOR) as ctx:
        s = systems.find(ctx.session, chatbot)
        evidence.add_bytes(ctx, s, GOV1, POLICY, "policy.md")
        evidence.add_bytes(ctx, s, GOV1, POLICY + b"Amended.\n", "policy.md")
    assert (count(db, "evidence"), count(db, "blobs"), len(blob_files(db))) == (2, 2, 2)


def test_blob_row_describes_the_file(db: Database, act: Act, chatbot: str) -> None:
    with act(ASSESSOR) as ctx:
        record, _ = evidence.add_bytes(ctx, systems.find(ctx.session, chatbot), GOV1, b"%PDF-1.7 fake", "card.pdf")
        blob = ctx.session.get(Blob, record.blob_sha256)
        assert blob is not None and (blob.size, blob.media_type) == (13, "application/pdf")


def test_oversized_upload_writes_nothing(db: Database, act: Act, chatbot: str, tmp_path: Path) -> None:
    limit = db.settings.max_upload_bytes
    assert limit == 1024 * 1024
    big = tmp_path / "big.pdf"
    big.write_bytes(b"x" * (limit + 1))
    audit_before = count(db, "audit_log")
    with pytest.raises(InputError, match="over the upload limit of 1 MB"), act(ASSESSOR) as ctx:
        evidence.add_file(ctx, systems.find(ctx.session, chatbot), GOV1, big)
    with pytest.raises(InputError, match="over the upload limit"), act(ASSESSOR) as ctx:
        evidence.add_bytes(ctx, systems.find(ctx.session, chatbot), GOV1, b"x" * (limit + 1), "big.bin")
    nothing_written(db, audit_before)


def test_missing_file_writes_nothing(db: Database, act: Act, chatbot: str, tmp_path: Path) -> None:
    audit_before = count(db, "audit_log")
    with pytest.raises(InputError, match="no such file"), act(ASSESSOR) as ctx:
        evidence.add_file(ctx, systems.find(ctx.session, chatbot), GOV1, tmp_path / "missing.pdf")
    nothing_written(db, audit_before)


def test_unknown_control_writes_nothing(db: Database, act: Act, chatbot: str) -> None:
    audit_before = count(db, "audit_log")
    with pytest.raises(NotFoundError, match="unknown control 'NOPE-01'"), act(ASSESSOR) as ctx:
        evidence.add_bytes(ctx, systems.find(ctx.session, chatbot), "NOPE-01", POLICY, "p.md")
    nothing_written(db, audit_before)


def test_failed_transaction_removes_the_uploaded_file(db: Database, act: Act, chatbot: str) -> None:
    audit_before = count(db, "audit_log")
    with pytest.raises(RuntimeError), act(ASSESSOR) as ctx:
        evidence.add_bytes(ctx, systems.find(ctx.session, chatbot), GOV1, POLICY, "policy.md")
        assert len(blob_files(db)) == 1
        raise RuntimeError("the request failed later on")
    nothing_written(db, audit_before)


@pytest.mark.parametrize("who", [VIEWER, REVIEWER])
def test_only_admins_and_assessors_add_evidence(db: Database, act: Act, chatbot: str, who: str) -> None:
    audit_before = count(db, "audit_log")
    with pytest.raises(PermissionDenied, match="may not attach evidence"), act(who) as ctx:
        evidence.add_bytes(ctx, systems.find(ctx.session, chatbot), GOV1, POLICY, "policy.md")
    nothing_written(db, audit_before)


def test_links_are_http_and_deduplicated(db: Database, act: Act, chatbot: str) -> None:
    url = "https://intranet.example.hk/governance/chatbot"
    with act(ASSESSOR) as ctx:
        s = systems.find(ctx.session, chatbot)
        for bad in ("ftp://x.example/a", "javascript:alert(1)", "https://", "intranet/page"):
            with pytest.raises(InputError, match="is not an http"):
                evidence.add_link(ctx, s, GOV1, bad)
        first, created = evidence.add_link(ctx, s, GOV1, url, status=EvidenceStatus.PARTIAL)
        again, created_again = evidence.add_link(ctx, s, GOV1, url)
        assert (created, created_again, first.id) == (True, False, again.id)
        assert first.status == "partial"
    assert count(db, "evidence") == 1


def test_attestations_are_per_person(db: Database, act: Act, chatbot: str) -> None:
    statement = "I confirm the model card was reviewed."
    with act(ASSESSOR) as ctx:
        s = systems.find(ctx.session, chatbot)
        with pytest.raises(InputError, match="empty"):
            evidence.add_attestation(ctx, s, GOV1, "   ")
        assert evidence.add_attestation(ctx, s, GOV1, statement)[1]
        assert not evidence.add_attestation(ctx, s, GOV1, statement)[1]
    with act(ADMIN) as ctx:
        assert evidence.add_attestation(ctx, systems.find(ctx.session, chatbot), GOV1, statement)[1]
    assert count(db, "evidence") == 2


def test_latest_evidence_per_control_feeds_the_assessment(db: Database, act: Act, chatbot: str) -> None:
    old, new = TODAY - dt.timedelta(days=30), TODAY - dt.timedelta(days=2)
    with act(ASSESSOR) as ctx:
        s = systems.find(ctx.session, chatbot)
        evidence.add_link(ctx, s, GOV1, "https://x.example/new", status=EvidenceStatus.MET, date=new)
        evidence.add_link(ctx, s, GOV1, "https://x.example/old", status=EvidenceStatus.NOT_MET, date=old)
        # the manifest says POL-LIMITED-01 is met; the register's later evidence says otherwise
        banner = "Banner removed in release 5.0."
        evidence.add_attestation(ctx, s, "POL-LIMITED-01", banner, status=EvidenceStatus.PARTIAL)
    with act(ASSESSOR) as ctx:
        s = systems.find(ctx.session, chatbot)
        entries = evidence.entries(ctx.session, s)
        assert set(entries) == {GOV1, "POL-LIMITED-01"}
        assert entries[GOV1].status is EvidenceStatus.MET and entries[GOV1].date == new
        assert entries[GOV1].reference is not None and entries[GOV1].reference.endswith("https://x.example/new")
        record, _ = assessments.assess(ctx, s)
        found = {f.control_id: f for f in assessments.findings(ctx.session, record)}
        assert found[GOV1].status == "met"
        assert found["POL-LIMITED-01"].status == "partial"
        assert "attested by ann.assessor" in (found["POL-LIMITED-01"].evidence_ref or "")
    with db.reading() as session:
        listed = evidence.for_system(session, systems.find(session, chatbot))
        assert [(e.kind, author) for e, author in listed] == [
            ("link", ASSESSOR),
            ("link", ASSESSOR),
            ("attestation", ASSESSOR),
        ]


def test_concurrent_uploads_of_one_new_file_keep_it(db: Database, act: Act, chatbot: str) -> None:
    """Two people attach the same new file at once (PostgreSQL; SQLite writers never overlap). Upload A
    writes the file first; upload B finds it there, adds the blob row and commits; A then clashes on the
    blob row and fails. A's clean-up must not delete the file B's committed evidence now relies on.

    Single-threaded, A's steps are spelt out: after its file is written, A had looked for a blob row before
    B committed, found none, and inserts one."""
    if db.dialect != "postgresql":
        pytest.skip("SQLite serialises writers at BEGIN: two uploads cannot overlap")
    with pytest.raises(ConflictError), act(ADMIN) as late:
        stored = late.blobs.put_bytes(POLICY, "policy.md", late.session.info)
        assert stored.created  # A wrote the file
        with act(ASSESSOR) as early:
            _, created = evidence.add_bytes(early, systems.find(early.session, chatbot), GOV1, POLICY, "p.md")
            assert created
        late.session.add(Blob(sha256=stored.sha256, size=stored.size, media_type=stored.media_type, created_at=NOW))
        late.session.flush()
    assert (count(db, "evidence"), count(db, "blobs")) == (1, 1)
    assert db.blobs.exists(stored.sha256), "B's committed evidence lost its file"
    assert db.blobs.read(stored.sha256) == POLICY

"""Export and import: export → import → export gives the same bytes on both engines, an import into a
register that is not empty is refused, and a corrupted export — however it is corrupted — leaves the
register exactly as it was (every table empty, no evidence file written)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from tests.registers import RegisterTarget, make_target
from tests.services.support import ADMIN, Act, blob_files, count, fixed_clock, revise, table_counts

from hkaigov.domain.catalog import Catalog
from hkaigov.domain.errors import ConflictError, InputError
from hkaigov.domain.profile import AISystemProfile
from hkaigov.services import archive, comments, demo, systems, users
from hkaigov.store import audit
from hkaigov.store.db import Database
from hkaigov.store.models import AuditEntry, User
from hkaigov.store.settings import Settings

# --- helpers ---------------------------------------------------------------------------------------


def load_demo(db: Database, catalog: Catalog, profiles: dict[str, AISystemProfile]) -> None:
    with db.transaction() as session:
        demo.load_demo(session, catalog, db.blobs, list(profiles.values()), fixed_clock)


def export(db: Database, out: Path) -> archive.ArchiveSummary:
    with db.reading() as session:
        return archive.export_register(session, db.blobs, out)


def import_into(db: Database, root: Path) -> archive.ArchiveSummary:
    with db.transaction() as session:
        return archive.import_register(db, session, root)


def contents(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_files(a: Path, b: Path) -> None:
    left, right = contents(a), contents(b)
    assert sorted(left) == sorted(right)
    differing = [name for name in left if left[name] != right[name]]
    assert differing == []


def recompute_sums(root: Path) -> None:
    """What a careful forger does after editing a file: make SHA256SUMS agree again."""
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() and p.name != "SHA256SUMS")
    lines = [f"{hashlib.sha256((root / f).read_bytes()).hexdigest()}  {f}\n" for f in files]
    (root / "SHA256SUMS").write_text("".join(lines), encoding="utf-8")


def edit_register_json(root: Path, change: Callable[[dict[str, list[dict[str, object]]]], None]) -> None:
    path = root / "register.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document["tables"])
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    recompute_sums(root)


def flip_byte(path: Path, offset: int = 10) -> None:
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def first(root: Path, pattern: str) -> Path:
    return sorted(root.glob(pattern))[0]


def assert_untouched(db: Database) -> None:
    assert {t: n for t, n in table_counts(db).items() if n} == {}
    assert blob_files(db) == []


# --- fixtures --------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def reference(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog, profiles: dict[str, AISystemProfile]) -> Path:
    """The demo register (fixed clock) exported once from SQLite; tests copy it before changing it."""
    data = tmp_path_factory.mktemp("reference-register")
    db = Database(Settings(database_url=f"sqlite:///{data / 'hkaigov.db'}", data_dir=data))
    try:
        db.upgrade()
        load_demo(db, catalog, profiles)
        export(db, data / "export")
    finally:
        db.dispose()
    return data / "export"


@pytest.fixture
def exported(reference: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "export"
    shutil.copytree(reference, copy)
    return copy


@pytest.fixture
def other_db(target: RegisterTarget, tmp_path: Path) -> Iterator[Database]:
    """A second empty register on the same engine as `db`."""
    with make_target(target.engine, tmp_path / "second-register") as second:
        database = Database(second.settings(max_upload_mb=1))
        database.upgrade()
        try:
            yield database
        finally:
            database.dispose()


# --- the export ------------------------------------------------------------------------------------


def test_export_layout(reference: Path) -> None:
    files = contents(reference)
    assert {"register.json", "audit.jsonl", "SHA256SUMS"} <= set(files)
    document = json.loads(files["register.json"])
    assert document["format"] == archive.FORMAT
    tables = document["tables"]
    assert len(tables["ai_systems"]) >= 10
    assert {row["manifest"] for row in tables["profile_versions"]} == {n for n in files if n.startswith("manifests/")}
    assert {f"evidence/{row['sha256']}" for row in tables["blobs"]} == {n for n in files if n.startswith("evidence/")}
    assert all("password_hash" not in row for row in tables["users"])
    assert all("profile_json" not in row for row in tables["profile_versions"])
    audit_lines = files["audit.jsonl"].decode().splitlines()
    assert document["audit_head"] == {"seq": len(audit_lines), "hash": json.loads(audit_lines[-1])["hash"]}
    sums = files["SHA256SUMS"].decode().splitlines()
    assert len(sums) == len(files) - 1


def test_export_refuses_a_non_empty_directory(db: Database, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(InputError, match="not an empty directory"):
        export(db, out)
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_export_leaves_no_password_behind(db: Database, tmp_path: Path) -> None:
    with db.transaction() as session:
        admin = users.actor(session, ADMIN, fixed_clock)
        admin.password_hash = "scrypt$secret-hash"
    export(db, tmp_path / "out")
    assert all(b"secret-hash" not in data for data in contents(tmp_path / "out").values())


# --- round trips -----------------------------------------------------------------------------------


def test_export_import_export_is_byte_identical(db: Database, exported: Path, tmp_path: Path) -> None:
    summary = import_into(db, exported)
    assert summary.systems >= 10 and summary.audit_entries > 100
    export(db, tmp_path / "again")
    assert_same_files(exported, tmp_path / "again")
    with db.reading() as session:
        assert audit.verify(session).ok
    assert len(blob_files(db)) == summary.evidence_files


def test_native_round_trip_and_engines_agree(
    db: Database,
    other_db: Database,
    reference: Path,
    catalog: Catalog,
    profiles: dict[str, AISystemProfile],
    tmp_path: Path,
) -> None:
    """The demo made on this engine exports exactly as the SQLite one does; importing that into a second
    register on the same engine and exporting again gives the same bytes once more."""
    load_demo(db, catalog, profiles)
    export(db, tmp_path / "export-1")
    assert_same_files(reference, tmp_path / "export-1")
    import_into(other_db, tmp_path / "export-1")
    export(other_db, tmp_path / "export-2")
    assert_same_files(tmp_path / "export-1", tmp_path / "export-2")


def test_imported_register_carries_on(
    db: Database, exported: Path, act: Act, profiles: dict[str, AISystemProfile]
) -> None:
    """After an import, new rows get fresh ids (sequences moved on) and new audit entries extend the
    restored chain."""
    import_into(db, exported)
    entries = count(db, "audit_log")
    with act(ADMIN) as ctx:
        chatbot = systems.find(ctx.session, "bank-genai-chatbot")
        comments.add(ctx, chatbot, "Restored from backup; checked.")
        done = systems.register(ctx, revise(profiles["bank-genai-chatbot"], owner="New owner"))
        assert done.outcome == "updated"
    with db.reading() as session:
        result = audit.verify(session)
        assert result.ok and result.entries > entries
        assert session.scalars(select(User.password_hash)).all() == [None] * count(db, "users")


# --- refusals --------------------------------------------------------------------------------------


def test_import_into_a_non_empty_register_is_refused(db: Database, exported: Path) -> None:
    import_into(db, exported)
    before, files = table_counts(db), blob_files(db)
    with pytest.raises(InputError, match="is not empty"):
        import_into(db, exported)
    assert table_counts(db) == before and blob_files(db) == files


def test_import_into_a_register_with_only_a_user_is_refused(db: Database, exported: Path) -> None:
    with db.transaction() as session:
        users.actor(session, ADMIN, fixed_clock)
    before = table_counts(db)
    with pytest.raises(InputError, match="is not empty"):
        import_into(db, exported)
    assert table_counts(db) == before
    assert blob_files(db) == []


def _manifest_byte(root: Path) -> None:
    flip_byte(first(root, "manifests/*/*/v1.yaml"))


def _register_json_byte(root: Path) -> None:
    flip_byte(root / "register.json", 200)


def _evidence_removed(root: Path) -> None:
    first(root, "evidence/*").unlink()


def _evidence_removed_sums_recomputed(root: Path) -> None:
    first(root, "evidence/*").unlink()
    recompute_sums(root)


def _evidence_replaced_sums_recomputed(root: Path) -> None:
    """Caught only after the file was copied into the register's store: the copy must be removed again."""
    first(root, "evidence/*").write_bytes(b"a different file under the same name")
    recompute_sums(root)


def _extra_file(root: Path) -> None:
    (root / "evidence" / "smuggled").write_bytes(b"x")


def _sums_missing(root: Path) -> None:
    (root / "SHA256SUMS").unlink()


def _audit_line_edited(root: Path) -> None:
    path = root / "audit.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    entry = json.loads(lines[4])
    entry["actor"] = "mallory"
    lines[4] = audit.canonical(entry) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    recompute_sums(root)


def _audit_tail_cut(root: Path) -> None:
    path = root / "audit.jsonl"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-3]), encoding="utf-8")
    recompute_sums(root)


def _manifest_edited(root: Path) -> None:
    path = first(root, "manifests/*/*/v1.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("name: ", "name: Renamed ", 1), encoding="utf-8")
    recompute_sums(root)


def _unknown_column(root: Path) -> None:
    edit_register_json(root, lambda t: t["organisations"][0].update(secret="x"))


def _wrong_type(root: Path) -> None:
    edit_register_json(root, lambda t: t["assessments"][0].update(score="high"))


def _foreign_key_violation(root: Path) -> None:
    """Valid in every field; only the database can tell: the insert fails half-way through."""
    edit_register_json(root, lambda t: t["comments"][-1].update(author_id=99999))


def _duplicate_key(root: Path) -> None:
    edit_register_json(root, lambda t: t["signoffs"].append(dict(t["signoffs"][0])))


def forge_chain(root: Path, change: Callable[[list[dict[str, object]]], None]) -> None:
    """Rewrite audit.jsonl as a forger who knows the hashing would: change entries, re-link and re-hash the
    whole chain the way the importer computes it, and move the head in register.json to match."""
    path = root / "audit.jsonl"
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    change(lines)
    prev = audit.GENESIS
    for line in lines:
        line["prev_hash"] = prev
        fields = {k: v for k, v in line.items() if k != "hash"}
        fields["at"] = dt.datetime.fromisoformat(str(fields["at"]))
        line["hash"] = prev = audit.entry_hash(audit.entry_body(AuditEntry(**fields)))
    path.write_text("".join(audit.canonical(line) + "\n" for line in lines), encoding="utf-8")
    register = root / "register.json"
    document = json.loads(register.read_text(encoding="utf-8"))
    document["audit_head"] = {"seq": lines[-1]["seq"], "hash": prev}
    register.write_text(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    recompute_sums(root)


def _audit_time_without_zone(root: Path) -> None:
    def naive(lines: list[dict[str, object]]) -> None:
        lines[0]["at"] = str(lines[0]["at"]).removesuffix("+00:00")

    forge_chain(root, naive)


def _audit_head_malformed(root: Path) -> None:
    register = root / "register.json"
    document = json.loads(register.read_text(encoding="utf-8"))
    document["audit_head"] = {"seq": "last", "hash": "x"}
    register.write_text(json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    recompute_sums(root)


def _manifest_outside_the_export(root: Path) -> None:
    """A manifest path pointing outside the export escapes SHA256SUMS: it must be refused."""

    def move(tables: dict[str, list[dict[str, object]]]) -> None:
        row = tables["profile_versions"][0]
        inside = root / str(row["manifest"])
        outside = root.parent / "outside.yaml"
        shutil.move(inside, outside)
        row["manifest"] = str(outside)

    edit_register_json(root, move)


def _boolean_wrong_type(root: Path) -> None:
    edit_register_json(root, lambda t: t["users"][0].update(active="yes"))


Corruption = tuple[Callable[[Path], None], type[Exception], str]

# the list: each on its own, on both engines
CORRUPTIONS: dict[str, Corruption] = {
    "manifest byte changed": (_manifest_byte, InputError, "checksum differs"),
    "register.json byte changed": (_register_json_byte, InputError, "checksum differs"),
    "evidence file removed": (_evidence_removed, InputError, "listed in SHA256SUMS but missing"),
    "audit line edited, sums recomputed": (_audit_line_edited, InputError, "audit chain does not verify"),
    "foreign key violated, sums recomputed": (_foreign_key_violation, ConflictError, "clashes"),
}

# more ways in, tried one after another on the same empty register
MORE_CORRUPTIONS: dict[str, Corruption] = {
    "evidence file removed, sums recomputed": (_evidence_removed_sums_recomputed, InputError, "missing"),
    "evidence file replaced, sums recomputed": (_evidence_replaced_sums_recomputed, InputError, "does not match"),
    "file not listed": (_extra_file, InputError, "not listed in SHA256SUMS"),
    "SHA256SUMS missing": (_sums_missing, InputError, "missing"),
    "audit tail cut, sums recomputed": (_audit_tail_cut, InputError, "audit chain does not verify"),
    "audit time without zone, chain re-forged": (_audit_time_without_zone, InputError, "no time zone"),
    "audit head malformed, sums recomputed": (_audit_head_malformed, InputError, "audit_head: not a chain head"),
    "manifest edited, sums recomputed": (_manifest_edited, InputError, "does not match the digest"),
    "manifest outside the export, sums recomputed": (_manifest_outside_the_export, InputError, "bad manifest path"),
    "unknown column, sums recomputed": (_unknown_column, InputError, "unknown \\['secret'\\]"),
    "wrong type, sums recomputed": (_wrong_type, InputError, "score: 'high' has the wrong type"),
    "boolean of the wrong type, sums recomputed": (_boolean_wrong_type, InputError, "active: 'yes' has the wrong"),
    "duplicate key, sums recomputed": (_duplicate_key, ConflictError, "clashes"),
}


@pytest.mark.parametrize("corruption", list(CORRUPTIONS))
def test_corrupted_export_leaves_the_register_unchanged(db: Database, exported: Path, corruption: str) -> None:
    corrupt, error, message = CORRUPTIONS[corruption]
    corrupt(exported)
    with pytest.raises(error, match=message):
        import_into(db, exported)
    assert_untouched(db)


def test_more_corrupted_exports_leave_the_register_unchanged(
    db: Database, reference: Path, tmp_path: Path, subtests: pytest.Subtests
) -> None:
    for n, (name, (corrupt, error, message)) in enumerate(MORE_CORRUPTIONS.items()):
        with subtests.test(corruption=name):
            copy = tmp_path / f"export-{n}" / "export"
            shutil.copytree(reference, copy)
            corrupt(copy)
            with pytest.raises(error, match=message):
                import_into(db, copy)
            assert_untouched(db)


def test_the_uncorrupted_copy_imports(db: Database, exported: Path) -> None:
    """The corruption tests start from an export that does import: what fails them is the corruption."""
    before = contents(exported)
    edit_register_json(exported, lambda t: None)  # rewrites register.json and SHA256SUMS
    assert contents(exported) == before
    import_into(db, exported)
    assert count(db, "ai_systems") >= 10


def test_a_consistently_rewritten_chain_is_accepted(db: Database, exported: Path) -> None:
    """The limit of what an import can check: an export is not signed, so someone who rewrites the whole chain
    consistently (and the head, and the checksums) is not caught. This also shows `forge_chain` is faithful,
    so the corruption that uses it fails for the reason it names."""

    def rename(lines: list[dict[str, object]]) -> None:
        lines[0]["actor"] = "mallory"

    forge_chain(exported, rename)
    import_into(db, exported)
    with db.reading() as session:
        assert audit.verify(session).ok
        assert next(audit.iter_entries(session)).actor == "mallory"


def test_import_of_a_missing_directory(db: Database, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such directory"):
        import_into(db, tmp_path / "nope")
    assert_untouched(db)

"""Export the whole register to a directory, and import such a directory into an empty register.

Layout of an export:
    register.json                every table's rows, by table, in key order (profile text lives in manifests/)
    manifests/ORG/SYSTEM/vN.yaml each profile version as an ordinary manifest
    evidence/SHA256              each evidence file, named by its hash
    audit.jsonl                  the audit chain, one entry per line
    SHA256SUMS                   the hash of every other file

Export → import → export gives the same bytes: rows keep their ids and timestamps, and the audit chain is
restored as it was (an import is a restore, so it needs an empty register and adds no entry of its own).
An import checks everything first (checksums, columns, manifests, the chain) and then writes in one
transaction, so a corrupted or half-valid export leaves the register as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import Boolean, Column, Date, Float, Integer, String, Text, func, insert, select
from sqlalchemy.orm import Session

from hkaigov.domain.errors import InputError
from hkaigov.domain.profile import AISystemProfile
from hkaigov.io.manifests import load_manifest
from hkaigov.store import audit
from hkaigov.store.blobs import BlobStore
from hkaigov.store.db import Database
from hkaigov.store.models import (
    DOMAIN_TABLES,
    ID_TABLES,
    AISystem,
    AuditEntry,
    AuditHead,
    Base,
    Blob,
    Organisation,
    ProfileVersion,
    UTCDateTime,
)

FORMAT = "hkaigov-register/1"
CHECKSUMS = "SHA256SUMS"
# secrets never leave the register: restored users must set a password again
EXCLUDED = {"users": {"password_hash"}, "profile_versions": {"profile_json"}}

_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _columns(model: type[Base]) -> list[Column[Any]]:
    skip = EXCLUDED.get(model.__tablename__, set())
    return [c for c in Base.metadata.tables[model.__tablename__].columns if c.name not in skip]


def _key(model: type[Base]) -> Column[Any]:
    return next(iter(Base.metadata.tables[model.__tablename__].primary_key.columns))


def _out(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return audit.timestamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _manifest_path(org: str, system: str, number: int) -> str:
    return f"manifests/{org}/{system}/v{number}.yaml"


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class ArchiveSummary:
    systems: int
    profile_versions: int
    evidence_files: int
    audit_entries: int


# export ----------------------------------------------------------------------------------------


def export_register(session: Session, blobs: BlobStore, out_dir: Path) -> ArchiveSummary:
    """Write the register to `out_dir` (which must not exist or be empty). The directory is built under a
    temporary name and renamed into place at the end, so a failed export leaves nothing behind."""
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise InputError(f"{out_dir}: exists and is not an empty directory")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        summary = _write(session, blobs, tmp)
        if out_dir.exists():
            out_dir.rmdir()
        os.replace(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return summary


def _write(session: Session, blobs: BlobStore, root: Path) -> ArchiveSummary:
    tables: dict[str, list[dict[str, Any]]] = {}
    orgs = {o.id: o.slug for o in session.scalars(select(Organisation))}
    systems = {s.id: (orgs[s.organisation_id], s.slug) for s in session.scalars(select(AISystem))}
    for model in DOMAIN_TABLES:
        cols = _columns(model)
        rows = []
        for obj in session.scalars(select(model).order_by(_key(model))):
            row = {c.name: _out(getattr(obj, c.key)) for c in cols}
            if isinstance(obj, ProfileVersion):
                org, slug = systems[obj.system_id]
                rel = _manifest_path(org, slug, obj.number)
                row["manifest"] = rel
                data = json.loads(obj.profile_json)
                target = root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(
                    yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8"
                )
            if isinstance(obj, Blob):
                target = root / "evidence" / obj.sha256
                target.parent.mkdir(parents=True, exist_ok=True)
                if not blobs.exists(obj.sha256):
                    raise InputError(
                        f"{blobs.path(obj.sha256)}: evidence file missing from the data directory (sha256 {obj.sha256})"
                    )
                shutil.copyfile(blobs.path(obj.sha256), target)
            rows.append(row)
        tables[model.__tablename__] = rows
    head = session.get(AuditHead, 1)
    document = {
        "format": FORMAT,
        "audit_head": None if head is None else {"seq": head.seq, "hash": head.hash},
        "tables": tables,
    }
    (root / "register.json").write_text(_dumps(document), encoding="utf-8")
    entries = 0
    with (root / "audit.jsonl").open("w", encoding="utf-8") as fh:
        for e in audit.iter_entries(session):
            fh.write(audit.canonical({**audit.entry_body(e), "hash": e.hash}) + "\n")
            entries += 1
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    (root / CHECKSUMS).write_text("".join(f"{_sha256(root / f)}  {f}\n" for f in files), encoding="utf-8")
    return ArchiveSummary(len(tables["ai_systems"]), len(tables["profile_versions"]), len(tables["blobs"]), entries)


# import ----------------------------------------------------------------------------------------


def _check_checksums(root: Path) -> None:
    sums = root / CHECKSUMS
    if not sums.is_file():
        raise InputError(f"{sums}: missing (not an hkaigov export?)")
    listed: dict[str, str] = {}
    for n, line in enumerate(sums.read_text(encoding="utf-8").splitlines(), 1):
        digest, sep, name = line.partition("  ")
        if not sep or len(digest) != 64 or not name or ".." in Path(name).parts or name.startswith("/"):
            raise InputError(f"{sums}:{n}: not a 'SHA256  PATH' line")
        listed[name] = digest
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} - {CHECKSUMS}
    problems = [f"{root / name}: listed in {CHECKSUMS} but missing" for name in sorted(set(listed) - present)]
    problems += [f"{root / name}: not listed in {CHECKSUMS}" for name in sorted(present - set(listed))]
    problems += [
        f"{root / name}: checksum differs from {CHECKSUMS} (the export is corrupted)"
        for name in sorted(set(listed) & present)
        if _sha256(root / name) != listed[name]
    ]
    if problems:
        raise InputError(problems)


def _convert(column: Column[Any], value: Any, where: str) -> Any:
    if value is None:
        if not column.nullable:
            raise InputError(f"{where}: {column.name}: must not be null")
        return None
    kind = column.type
    try:
        if isinstance(kind, UTCDateTime):
            parsed = dt.datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                raise ValueError("no time zone")
            return parsed
        if isinstance(kind, Date):
            return dt.date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{where}: {column.name}: '{value}' is not a valid date/time ({exc})") from None
    expected: tuple[type, ...] = ()
    if isinstance(kind, Boolean):
        expected = (bool,)
    elif isinstance(kind, Integer):
        expected = (int,)
    elif isinstance(kind, Float):
        expected = (float, int)
    elif isinstance(kind, String | Text):
        expected = (str,)
    if expected and (not isinstance(value, expected) or (isinstance(value, bool) and bool not in expected)):
        raise InputError(f"{where}: {column.name}: {value!r} has the wrong type")
    return value


def _rows(model: type[Base], raw: Any, path: Path) -> list[dict[str, Any]]:
    name = model.__tablename__
    if not isinstance(raw, list):
        raise InputError(f"{path}: tables.{name}: must be a list")
    cols = {c.name: c for c in _columns(model)}
    extra_allowed = {"manifest"} if model is ProfileVersion else set()
    out = []
    for i, row in enumerate(raw):
        where = f"{path}: tables.{name}[{i}]"
        if not isinstance(row, dict):
            raise InputError(f"{where}: must be an object")
        missing = sorted(set(cols) - set(row))
        unknown = sorted(set(row) - set(cols) - extra_allowed)
        if missing or unknown:
            raise InputError(f"{where}: missing {missing or '-'}, unknown {unknown or '-'}")
        converted = {cols[k].key: _convert(cols[k], v, where) for k, v in row.items() if k in cols}
        if model is ProfileVersion:
            converted["manifest"] = row.get("manifest")
        out.append(converted)
    return out


def _load_profiles(root: Path, versions: list[dict[str, Any]]) -> None:
    """Read every manifest (full validation) and check it is the profile the register recorded."""
    problems: list[str] = []
    for row in versions:
        rel = row.pop("manifest", None)
        if not isinstance(rel, str) or ".." in Path(rel).parts or Path(rel).is_absolute():
            problems.append(f"{root / 'register.json'}: profile version {row.get('id')}: bad manifest path")
            continue
        try:
            profile: AISystemProfile = load_manifest(root / rel)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if profile.digest() != row["digest"]:
            problems.append(f"{root / rel}: does not match the digest recorded for it in register.json")
            continue
        row["profile_json"] = json.dumps(profile.model_dump(mode="json", exclude_unset=True), ensure_ascii=False)
    if problems:
        raise InputError(problems)


def _audit_entries(root: Path) -> Iterator[dict[str, Any]]:
    path = root / "audit.jsonl"
    if not path.is_file():
        raise InputError(f"{path}: missing")
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            try:
                data = json.loads(line)
                entry = {
                    "seq": int(data["seq"]),
                    "at": dt.datetime.fromisoformat(data["at"]),
                    "actor": str(data["actor"]),
                    "action": str(data["action"]),
                    "entity_type": str(data["entity_type"]),
                    "entity_id": str(data["entity_id"]),
                    "before_digest": data["before_digest"],
                    "after_digest": data["after_digest"],
                    "prev_hash": str(data["prev_hash"]),
                    "hash": str(data["hash"]),
                    "detail": str(data["detail"]),
                }
                if entry["at"].tzinfo is None:
                    raise ValueError("at: no time zone")
                if not all(isinstance(entry[k], str | None) for k in ("before_digest", "after_digest")):
                    raise ValueError("before_digest/after_digest: must be text or null")
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(f"{path}:{n}: not an audit entry ({exc})") from None
            yield entry


def is_empty(session: Session) -> bool:
    models: tuple[type[Base], ...] = (*DOMAIN_TABLES, AuditEntry, AuditHead)
    return all(not session.scalar(select(func.count()).select_from(model)) for model in models)


def import_register(db: Database, session: Session, root: Path) -> ArchiveSummary:
    """Restore an export into this (empty) register, inside the caller's transaction."""
    if not root.is_dir():
        raise InputError(f"{root}: no such directory")
    _check_checksums(root)
    doc_path = root / "register.json"
    try:
        document = json.loads(doc_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{doc_path}: not readable JSON ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError(f"{doc_path}: format: expected '{FORMAT}'")
    tables = document.get("tables")
    if not isinstance(tables, dict):
        raise InputError(f"{doc_path}: tables: missing")
    unknown = sorted(set(tables) - {m.__tablename__ for m in DOMAIN_TABLES})
    if unknown:
        raise InputError(f"{doc_path}: tables: unknown table(s) {', '.join(unknown)}")
    rows = {m.__tablename__: _rows(m, tables.get(m.__tablename__, []), doc_path) for m in DOMAIN_TABLES}
    _load_profiles(root, rows["profile_versions"])
    for blob in rows["blobs"]:
        if not (root / "evidence" / blob["sha256"]).is_file():
            raise InputError(f"{root / 'evidence' / blob['sha256']}: missing")
    entries = list(_audit_entries(root))
    head_raw = document.get("audit_head")
    try:
        head = None if head_raw is None else (int(head_raw["seq"]), str(head_raw["hash"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{doc_path}: audit_head: not a chain head ({exc})") from None
    check = audit.verify_entries((AuditEntry(**e) for e in entries), head)
    if not check.ok:
        raise InputError(f"{root / 'audit.jsonl'}: the audit chain does not verify: {check.problem}")
    if not is_empty(session):
        raise InputError(
            f"the register at {db.display_url} is not empty: import restores into an empty register "
            "(point HKAIGOV_DATABASE_URL at a new database and run `hkaigov init`)"
        )
    for blob in rows["blobs"]:
        stored = db.blobs.put_file(root / "evidence" / blob["sha256"], session.info)
        if stored.sha256 != blob["sha256"]:
            raise InputError(f"{root / 'evidence' / blob['sha256']}: content does not match its name")
    for model in DOMAIN_TABLES:
        batch = rows[model.__tablename__]
        if batch:  # Core inserts: the ORM would reset optimistic-lock versions to 1
            session.execute(insert(Base.metadata.tables[model.__tablename__]), batch)
    if entries:
        session.execute(insert(Base.metadata.tables[AuditEntry.__tablename__]), entries)
    if head is not None:
        session.add(AuditHead(id=1, seq=head[0], hash=head[1]))
    audit.forget_head(session)
    session.flush()
    db.reset_sequences(session, [m.__tablename__ for m in ID_TABLES])
    return ArchiveSummary(len(rows["ai_systems"]), len(rows["profile_versions"]), len(rows["blobs"]), len(entries))

"""`hkaigov init`, `audit verify|log`, `export DIR`, `import DIR`: looking after the register itself."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from hkaigov.cli.common import EXIT_THRESHOLD, Format, FormatOpt, emit, handle_errors, register_read
from hkaigov.reports import json as rj
from hkaigov.reports import register as rr
from hkaigov.services import archive, systems
from hkaigov.store import audit
from hkaigov.store.db import open_database

audit_app = typer.Typer(help="The tamper-evident audit trail: verify the hash chain, read the log.")


@handle_errors
def init() -> None:
    """Create the register's database, or migrate it to the current schema. Safe to run again."""
    db = open_database()
    try:
        before, after = db.upgrade()
    finally:
        db.dispose()
    if before == after:
        print(f"register at {db.display_url} is up to date (schema {after})")
    else:
        print(f"register at {db.display_url} {'created' if before is None else 'migrated'} (schema {after})")
    print(f"evidence files under {db.settings.blob_dir}")


@audit_app.command()
@handle_errors
def verify(format: FormatOpt = Format.table) -> None:
    """Recompute the hash chain. Exit 1 naming the first bad entry if any was edited, deleted or reordered."""
    with register_read() as (_, session):
        result = audit.verify(session)
    if format is Format.json:
        print(
            rj.dumps(
                {
                    "ok": result.ok,
                    "entries": result.entries,
                    "head": result.head,
                    "problem": result.problem or None,
                    "bad_entry": result.bad_seq,
                }
            ),
            end="",
        )
    elif result.ok:
        print(f"audit chain intact: {result.entries} entries, head {result.head}")
    else:
        print(f"audit chain BROKEN: {result.problem}")
    if not result.ok:
        raise typer.Exit(EXIT_THRESHOLD)


@audit_app.command("log")
@handle_errors
def log(
    system: Annotated[str | None, typer.Option("--system", help="Only entries about this system.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="The newest N entries (0: all).")] = 50,
    format: FormatOpt = Format.table,
) -> None:
    """The newest audit entries: who changed what, when, with before/after digests."""
    with register_read() as (_, session):
        if system:
            entries = systems.history(session, systems.find(session, system))[1]
        else:
            entries = list(audit.iter_entries(session))
        if limit > 0:
            entries = entries[-limit:]
        emit(  # inside the session: the entries are read from it
            format,
            table=lambda: rr.audit_table(entries),
            json_text=lambda: rj.dumps({"entries": [rr.audit_json(e) for e in entries]}),
            markdown=lambda: "".join(
                f"- {e.seq} {audit.timestamp(e.at)} {e.actor} {e.action} {e.entity_id}\n" for e in entries
            ),
        )


@handle_errors
def export(directory: Annotated[Path, typer.Argument(metavar="DIR", help="A new (or empty) directory.")]) -> None:
    """Write the whole register (manifests, JSON, evidence files, audit chain, checksums) to DIR."""
    with register_read() as (db, session):
        s = archive.export_register(session, db.blobs, directory)
    print(
        f"exported {s.systems} systems, {s.profile_versions} profile versions, {s.evidence_files} evidence files "
        f"and {s.audit_entries} audit entries to {directory}"
    )


@handle_errors
def import_(
    directory: Annotated[Path, typer.Argument(metavar="DIR", help="A directory `hkaigov export` wrote.")],
) -> None:
    """Restore an export into an empty register: all or nothing."""
    db = open_database()
    try:
        db.require_current()
        with db.transaction() as session:
            s = archive.import_register(db, session, directory)
    finally:
        db.dispose()
    print(
        f"imported {s.systems} systems, {s.profile_versions} profile versions, {s.evidence_files} evidence files "
        f"and {s.audit_entries} audit entries into {db.display_url}"
    )

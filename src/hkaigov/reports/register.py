"""Renderings of the register: JSON objects (the contract of `register list|show|history`, `due`,
`evidence list`, `audit log`) and the Rich tables the CLI prints from them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

from rich.console import Group
from rich.table import Table
from rich.text import Text

from hkaigov.store.audit import entry_body, timestamp
from hkaigov.store.models import AISystem, AssessmentRecord, AuditEntry, Comment, EvidenceRecord, SignOff


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def system_json(system: AISystem, next_due: dt.date | None = None) -> dict[str, Any]:
    return {
        "id": system.slug,
        "ref": system.ref,
        "organisation": system.organisation.slug,
        "name": system.name,
        "sector": system.sector,
        "tier": system.tier,
        "roles": system.roles.split(",") if system.roles else [],
        "profile_version": system.current_version,
        "version": system.version,
        "profile_digest": system.profile_digest,
        "catalog_version": system.catalog_version,
        "created_at": timestamp(system.created_at),
        "updated_at": timestamp(system.updated_at),
        "next_due": _date(next_due),
    }


def list_json(rows: Sequence[tuple[AISystem, dt.date | None]]) -> dict[str, Any]:
    return {"systems": [system_json(s, d) for s, d in rows]}


def list_table(rows: Sequence[tuple[AISystem, dt.date | None]]) -> Table:
    t = Table(title=f"Register — {len(rows)} systems")
    for name in ("system", "name", "sector", "tier", "roles", "version", "next due"):
        t.add_column(name, overflow="fold")
    for s, due in rows:
        t.add_row(s.ref, s.name, s.sector, s.tier, s.roles.replace(",", ", "), str(s.current_version), _date(due) or "")
    return t


def assessment_json(a: AssessmentRecord, assessor: str) -> dict[str, Any]:
    summary = json.loads(a.result_json)
    return {
        "id": a.id,
        "as_of": a.as_of.isoformat(),
        "tier": a.tier,
        "score": a.score,
        "gaps": a.gaps,
        "next_review": _date(a.next_review),
        "status": a.status,
        "catalog_version": a.catalog_version,
        "profile_version_id": a.profile_version_id,
        "assessor": assessor,
        "version": a.version,
        "created_at": timestamp(a.created_at),
        "consistency": summary.get("consistency", []),
    }


def evidence_json(e: EvidenceRecord, author: str) -> dict[str, Any]:
    return {
        "id": e.id,
        "control": e.control_id,
        "kind": e.kind,
        "status": e.status,
        "date": e.evidence_date.isoformat(),
        "sha256": e.blob_sha256,
        "filename": e.filename,
        "url": e.url,
        "statement": e.statement,
        "note": e.note,
        "added_by": author,
        "created_at": timestamp(e.created_at),
    }


def comment_json(c: Comment, author: str) -> dict[str, Any]:
    return {
        "id": c.id,
        "author": author,
        "body": c.body,
        "assessment": c.assessment_id,
        "control": c.control_id,
        "created_at": timestamp(c.created_at),
    }


def signoff_json(s: SignOff, reviewer: str) -> dict[str, Any]:
    return {
        "id": s.id,
        "assessment": s.assessment_id,
        "reviewer": reviewer,
        "decision": s.decision,
        "note": s.note,
        "created_at": timestamp(s.created_at),
    }


def audit_json(e: AuditEntry) -> dict[str, Any]:
    """Everything the entry's hash covers, with `detail` parsed, and the hash itself."""
    body = entry_body(e)
    return {**body, "detail": json.loads(e.detail) if e.detail.startswith("{") else e.detail, "hash": e.hash}


def audit_table(entries: Sequence[AuditEntry], title: str = "Audit trail") -> Table:
    t = Table(title=title)
    for name in ("#", "at (UTC)", "actor", "action", "entity", "hash"):
        t.add_column(name, overflow="fold")
    for e in entries:
        t.add_row(str(e.seq), timestamp(e.at)[:19], e.actor, e.action, e.entity_id, e.hash[:12])
    return t


def show_table(data: dict[str, Any]) -> Group:
    s = data["system"]
    parts: list[Any] = [
        Text(f"{s['name']} ({s['ref']})", style="bold"),
        Text(
            f"tier {s['tier']}; roles {', '.join(s['roles'])}; sector {s['sector']}; profile version "
            f"{s['profile_version']} ({s['profile_digest'][:19]}…); row version {s['version']}; catalog "
            f"{s['catalog_version']}"
        ),
    ]
    if data["assessments"]:
        t = Table(title="Assessments")
        for name in ("id", "as of", "tier", "score", "gaps", "status", "assessor", "next review"):
            t.add_column(name)
        for a in data["assessments"]:
            t.add_row(
                str(a["id"]),
                a["as_of"],
                a["tier"],
                f"{a['score']:.1f}%",
                str(a["gaps"]),
                a["status"],
                a["assessor"],
                a["next_review"] or "",
            )
        parts.append(t)
    else:
        parts.append(Text("not assessed yet: hkaigov register assess " + s["ref"], style="yellow"))
    if data["evidence"]:
        t = Table(title="Evidence")
        for name in ("id", "control", "kind", "status", "date", "what", "by"):
            t.add_column(name, overflow="fold")
        for e in data["evidence"]:
            what = e["filename"] or e["url"] or e["statement"] or ""
            t.add_row(str(e["id"]), e["control"], e["kind"], e["status"], e["date"], what, e["added_by"])
        parts.append(t)
    for c in data["comments"]:
        parts.append(Text(f"💬 {c['author']} ({c['created_at'][:10]}): {c['body']}"))
    for so in data["signoffs"]:
        parts.append(
            Text(f"✔ assessment {so['assessment']} {so['decision']} by {so['reviewer']} ({so['created_at'][:10]})")
        )
    for d in data["due"]:
        parts.append(Text(f"⏰ due {d['due']}: {d['reason']}", style="yellow"))
    return Group(*parts)

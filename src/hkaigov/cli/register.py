"""`hkaigov register …`, `evidence …`, `signoff`, `due`, `user …`: the living register of AI systems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Group
from rich.table import Table
from sqlalchemy.orm import Session

from hkaigov.cli.common import (
    Format,
    FormatOpt,
    UserOpt,
    emit,
    expand,
    get_catalog,
    handle_errors,
    parse_date,
    register_change,
    register_read,
)
from hkaigov.domain.enums import EvidenceStatus, SignOffDecision, UserRole
from hkaigov.domain.errors import InputError
from hkaigov.io.manifests import load_manifests
from hkaigov.reports import json as rj
from hkaigov.reports import markdown as md
from hkaigov.reports import register as rr
from hkaigov.services import assessments, comments, evidence, reassessments, signoffs, systems, users
from hkaigov.store.audit import timestamp
from hkaigov.store.models import AISystem

app = typer.Typer(help="The register: add systems from manifests, list, show, history, assess, comment.")
evidence_app = typer.Typer(help="Attach evidence (a file, a link or an attestation) to a system's control.")
user_app = typer.Typer(help="Register users and their roles (admin, assessor, reviewer, viewer).")

SystemArg = Annotated[str, typer.Argument(metavar="SYSTEM", help="A system id (or ORGANISATION/ID).")]


@app.command("add")
@handle_errors
def add(
    files: Annotated[list[Path], typer.Argument(help="Manifest files or directories of them.")],
    expect_version: Annotated[
        int | None,
        typer.Option("--expect-version", help="Refuse the update unless the system is at this version (see show)."),
    ] = None,
    note: Annotated[str, typer.Option("--note", help="Why this version (kept with it).")] = "",
    user: UserOpt = "admin",
) -> None:
    """Register systems from manifests. A changed manifest becomes a new profile version; nothing is overwritten."""
    loaded = load_manifests(expand(files))
    if expect_version is not None and len(loaded) != 1:
        raise InputError("--expect-version: give exactly one manifest")
    with register_change(user) as ctx:
        results = [systems.register(ctx, m.profile, expected_version=expect_version, note=note) for m in loaded]
        lines = [
            f"{r.outcome} {r.system.ref}: profile version {r.version.number}, tier {r.system.tier}" for r in results
        ]
    print("\n".join(lines))


@app.command("list")
@handle_errors
def list_(format: FormatOpt = Format.table) -> None:
    """Every registered system with its tier, roles, profile version and next reassessment."""
    with register_read() as (_, session):
        rows = [(r.system, r.next_due) for r in systems.list_systems(session)]
        emit(
            format,
            table=lambda: rr.list_table(rows),
            json_text=lambda: rj.dumps(rr.list_json(rows)),
            markdown=lambda: md.table(
                ["system", "name", "tier", "roles", "version", "next due"],
                [[s.ref, s.name, s.tier, s.roles, s.current_version, d or ""] for s, d in rows],
            ),
        )


def _show_data(session: Session, system: AISystem) -> dict[str, Any]:
    due = reassessments.open_for(session, system)
    return {
        "system": rr.system_json(system, due[0].due if due else None),
        "profile": systems.profile_data(systems.current_profile(session, system)),
        "assessments": [rr.assessment_json(a, who) for a, who in assessments.for_system(session, system)],
        "evidence": [rr.evidence_json(e, who) for e, who in evidence.for_system(session, system)],
        "comments": [rr.comment_json(c, who) for c, who in comments.for_system(session, system)],
        "signoffs": [rr.signoff_json(s, who) for s, who in signoffs.for_system(session, system)],
        "due": [{"due": r.due.isoformat(), "reason": r.reason} for r in due],
    }


@app.command()
@handle_errors
def show(system: SystemArg, format: FormatOpt = Format.table) -> None:
    """One system: current profile, assessments, evidence, comments, sign-offs and what is due."""
    with register_read() as (_, session):
        data = _show_data(session, systems.find(session, system))

    def markdown() -> str:
        s = data["system"]
        out = f"# {s['name']} (`{s['ref']}`)\n\n- tier: {s['tier']}\n- roles: {', '.join(s['roles'])}\n"
        out += f"- profile version: {s['profile_version']}\n- next due: {s['next_due'] or '-'}\n\n## Assessments\n\n"
        out += md.table(
            ["id", "as of", "score", "gaps", "status", "assessor"],
            [
                [a["id"], a["as_of"], f"{a['score']:.1f}%", a["gaps"], a["status"], a["assessor"]]
                for a in data["assessments"]
            ],
        )
        return out

    emit(format, table=lambda: rr.show_table(data), json_text=lambda: rj.dumps(data), markdown=markdown)


@app.command()
@handle_errors
def history(system: SystemArg, format: FormatOpt = Format.table) -> None:
    """Every profile version (what changed, who, when) and every audit entry about the system."""
    with register_read() as (_, session):
        found = systems.find(session, system)
        versions, entries = systems.history(session, found)
        data: dict[str, Any] = {
            "system": found.ref,
            "versions": [
                {
                    "number": v.version.number,
                    "digest": v.version.digest,
                    "author": v.author,
                    "note": v.version.note,
                    "created_at": timestamp(v.version.created_at),
                    "changed": v.changed,
                }
                for v in versions
            ],
            "audit": [rr.audit_json(e) for e in entries],
        }

        def table() -> Any:
            t = Table(title=f"History of {found.ref}")
            for name in ("version", "when (UTC)", "by", "changed", "note"):
                t.add_column(name, overflow="fold")
            for v in data["versions"]:
                t.add_row(str(v["number"]), v["created_at"][:19], v["author"], ", ".join(v["changed"]), v["note"])
            return Group(t, rr.audit_table(entries, f"Audit entries about {found.ref}"))

        emit(
            format,
            table=table,
            json_text=lambda: rj.dumps(data),
            markdown=lambda: md.table(
                ["version", "when", "by", "changed", "note"],
                [
                    [v["number"], v["created_at"], v["author"], ", ".join(v["changed"]), v["note"]]
                    for v in data["versions"]
                ],
            ),
        )


@app.command("assess")
@handle_errors
def assess_(
    system: Annotated[list[str] | None, typer.Argument(metavar="[SYSTEM]...", help="Systems to assess.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Assess every registered system.")] = False,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Assessment date YYYY-MM-DD (default today).")] = None,
    user: UserOpt = "admin",
) -> None:
    """Assess systems with their manifest and register evidence; the result is stored and awaits sign-off."""
    day = parse_date(as_of, "--as-of")
    if not system and not all_:
        raise InputError("name a SYSTEM or pass --all")
    with register_change(user) as ctx:
        targets = (
            [r.system for r in systems.list_systems(ctx.session)]
            if all_
            else [systems.find(ctx.session, s) for s in system or []]
        )
        lines = []
        for target in targets:
            record, _ = assessments.assess(ctx, target, day)
            lines.append(
                f"assessment {record.id} of {target.ref}: tier {record.tier}, score {record.score:.1f}%, "
                f"{record.gaps} gaps, next review {record.next_review or '-'}"
            )
    print("\n".join(lines))


@app.command()
@handle_errors
def comment(
    system: SystemArg,
    text: Annotated[str, typer.Argument(help="The comment.")],
    assessment: Annotated[int | None, typer.Option("--assessment", help="About this assessment id.")] = None,
    control: Annotated[str | None, typer.Option("--control", help="About this control id.")] = None,
    user: UserOpt = "admin",
) -> None:
    """Comment on a system (or one of its assessments or controls)."""
    with register_change(user) as ctx:
        c = comments.add(ctx, systems.find(ctx.session, system), text, assessment_id=assessment, control_id=control)
        print(f"comment {c.id} added to {system}")


@evidence_app.command("add")
@handle_errors
def evidence_add(
    system: SystemArg,
    control: Annotated[str, typer.Argument(metavar="CONTROL", help="The control id the evidence supports.")],
    file: Annotated[Path | None, typer.Argument(metavar="[FILE]", help="A file to store (content-addressed).")] = None,
    url: Annotated[str | None, typer.Option("--url", help="A link instead of a file.")] = None,
    attest: Annotated[str | None, typer.Option("--attest", help="A statement you attest to.")] = None,
    status: Annotated[EvidenceStatus, typer.Option("--status", help="What the evidence shows.")] = EvidenceStatus.MET,
    date: Annotated[str | None, typer.Option("--date", help="Date of the evidence YYYY-MM-DD (default today).")] = None,
    note: Annotated[str, typer.Option("--note")] = "",
    user: UserOpt = "admin",
) -> None:
    """Attach a file, a link (--url) or an attestation (--attest) to one control of one system."""
    given = [x for x in (file, url, attest) if x is not None]
    if len(given) != 1:
        raise InputError("give exactly one of FILE, --url URL or --attest TEXT")
    day = parse_date(date, "--date")
    with register_change(user) as ctx:
        found = systems.find(ctx.session, system)
        kw: dict[str, Any] = {"status": status, "note": note, "date": day}
        if file is not None:
            record, new = evidence.add_file(ctx, found, control, file, **kw)
        elif url is not None:
            record, new = evidence.add_link(ctx, found, control, url, **kw)
        else:
            record, new = evidence.add_attestation(ctx, found, control, attest or "", **kw)
        what = "added" if new else "already attached (unchanged)"
        print(f"evidence {record.id} for {control} of {found.ref}: {what}")


@evidence_app.command("list")
@handle_errors
def evidence_list(system: SystemArg, format: FormatOpt = Format.table) -> None:
    """The evidence attached to a system's controls."""
    with register_read() as (_, session):
        found = systems.find(session, system)
        ref = found.ref
        rows = [rr.evidence_json(e, who) for e, who in evidence.for_system(session, found)]

    def table() -> Table:
        t = Table(title=f"Evidence of {ref}")
        for name in ("id", "control", "kind", "status", "date", "what", "by"):
            t.add_column(name, overflow="fold")
        for e in rows:
            what = e["filename"] or e["url"] or e["statement"] or ""
            t.add_row(str(e["id"]), e["control"], e["kind"], e["status"], e["date"], what, e["added_by"])
        return t

    emit(
        format,
        table=table,
        json_text=lambda: rj.dumps({"system": ref, "evidence": rows}),
        markdown=lambda: md.table(
            ["id", "control", "kind", "status", "date"],
            [[e["id"], e["control"], e["kind"], e["status"], e["date"]] for e in rows],
        ),
    )


@handle_errors
def signoff(
    system: SystemArg,
    reject: Annotated[bool, typer.Option("--reject", help="Reject instead of approve.")] = False,
    note: Annotated[str, typer.Option("--note")] = "",
    assessment: Annotated[
        int | None, typer.Option("--assessment", help="The assessment id (default: the latest).")
    ] = None,
    user: UserOpt = "admin",
) -> None:
    """Sign off a system's assessment: a reviewer, never the person who made it."""
    decision = SignOffDecision.REJECTED if reject else SignOffDecision.APPROVED
    with register_change(user) as ctx:
        found = systems.find(ctx.session, system)
        s = signoffs.sign_off(ctx, found, decision=decision, note=note, assessment_id=assessment)
        print(f"assessment {s.assessment_id} of {found.ref} {decision.value} by {ctx.actor.name}")


@handle_errors
def due(
    within: Annotated[int, typer.Option("--within", help="Also list what falls due in this many days.")] = 0,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date YYYY-MM-DD (default today).")] = None,
    format: FormatOpt = Format.table,
) -> None:
    """Reassessments that are due: scheduled reviews, changed third-party models, changed catalog versions."""
    if within < 0:
        raise InputError("--within: must not be negative")
    day = parse_date(as_of, "--as-of") or dt.date.today()
    with register_read() as (_, session):
        items = reassessments.due(session, day, within) + reassessments.catalog_changes(session, get_catalog(None), day)
    rows = [
        {
            "system": d.system,
            "name": d.name,
            "tier": d.tier,
            "due": d.due.isoformat(),
            "overdue_days": d.overdue_days,
            "reason": d.reason,
        }
        for d in items
    ]

    def table() -> Table:
        t = Table(title=f"Due by {day + dt.timedelta(days=within)} — {len(rows)} items")
        for name in ("system", "tier", "due", "overdue", "reason"):
            t.add_column(name, overflow="fold")
        for r in rows:
            late = f"{r['overdue_days']} days" if r["overdue_days"] else ""
            t.add_row(str(r["system"]), str(r["tier"]), str(r["due"]), late, str(r["reason"]))
        return t

    emit(
        format,
        table=table,
        json_text=lambda: rj.dumps({"as_of": day.isoformat(), "within_days": within, "due": rows}),
        markdown=lambda: md.table(
            ["system", "tier", "due", "reason"], [[r["system"], r["tier"], r["due"], r["reason"]] for r in rows]
        ),
    )


@user_app.command("add")
@handle_errors
def user_add(
    name: Annotated[str, typer.Argument(help="Login name (lower case).")],
    role: Annotated[UserRole, typer.Option("--role", help="admin, assessor, reviewer or viewer.")],
    display_name: Annotated[str, typer.Option("--display-name")] = "",
    user: UserOpt = "admin",
) -> None:
    """Add a user (admins only)."""
    with register_change(user) as ctx:
        added = users.add(ctx.session, ctx.actor, name, role, ctx.clock, display_name)
        print(f"user {added.name} added with role {added.role}")


@user_app.command("list")
@handle_errors
def user_list(format: FormatOpt = Format.table) -> None:
    """The register's users and roles."""
    with register_read() as (_, session):
        rows = [users.snapshot(u) for u in users.all_users(session)]

    def table() -> Table:
        t = Table(title="Users")
        for name in ("name", "display name", "role", "active"):
            t.add_column(name)
        for r in rows:
            t.add_row(str(r["name"]), str(r["display_name"]), str(r["role"]), "yes" if r["active"] else "no")
        return t

    emit(
        format,
        table=table,
        json_text=lambda: rj.dumps({"users": rows}),
        markdown=lambda: md.table(["name", "role"], [[r["name"], r["role"]] for r in rows]),
    )

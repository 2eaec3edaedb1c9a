"""`hkaigov claims`: scan marketing pages for misleading banking claims and bank impersonation; review findings."""

from __future__ import annotations

import contextlib
import csv
import enum
import io
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from hkaigov.cli.common import UserOpt, handle_errors, register_change, register_read, write_output
from hkaigov.domain.errors import HkaigovError, InputError

app = typer.Typer(help="Misleading banking-claims monitor: 'bank'/'deposit' (銀行/存款) misuse and bank impersonation.")
institutions_app = typer.Typer(help="The register of authorized institutions the scan checks owners against.")
fraud_app = typer.Typer(help="The list of known fraudulent websites (from the HKMA's alerts).")
app.add_typer(institutions_app, name="institutions")
app.add_typer(fraud_app, name="fraud-sites")


class OutFormat(enum.StrEnum):
    jsonl = "jsonl"
    json = "json"
    table = "table"


class ListFormat(enum.StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class ReportFormat(enum.StrEnum):
    csv = "csv"
    json = "json"
    html = "html"


@app.command()
@handle_errors
def scan(
    inputs: Annotated[list[str], typer.Argument(help="URLs to crawl and files or folders to read.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Findings file (default stdout).")] = None,
    format: Annotated[OutFormat, typer.Option("--format", "-f", help="jsonl (default), json or table.")] = (
        OutFormat.jsonl
    ),
    depth: Annotated[int, typer.Option("--depth", min=0, max=10, help="Links to follow from a seed URL.")] = 2,
    max_pages: Annotated[int, typer.Option("--max-pages", min=1, help="Pages to fetch at most.")] = 100,
    per_host: Annotated[int, typer.Option("--per-host", min=1, max=64, help="Requests in flight per host.")] = 4,
    delay: Annotated[float, typer.Option("--delay", min=0.0, help="Seconds between requests to one host.")] = 0.0,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds per request.")] = 10.0,
    all_sites: Annotated[bool, typer.Option("--all-sites", help="Follow links to other sites too.")] = False,
    no_robots: Annotated[
        bool, typer.Option("--ignore-robots", help="Do not honour robots.txt (only for your own sites).")
    ] = False,
    min_score: Annotated[float, typer.Option("--min-score", min=0.0, max=1.0)] = 0.0,
    institutions: Annotated[
        Path | None, typer.Option("--institutions", help="Use this register file (YAML) for this scan only.")
    ] = None,
    record: Annotated[
        bool | None,
        typer.Option("--record/--no-record", help="Store findings in the register (default: when it is set up)."),
    ] = None,
    agent_base_url: Annotated[
        str | None,
        typer.Option(
            "--agent-base-url", help="Optional: an OpenAI-compatible endpoint that adjudicates borderline findings."
        ),
    ] = None,
    agent_model: Annotated[str | None, typer.Option("--agent-model", help="The adjudicating model's name.")] = None,
    agent_api_key_env: Annotated[
        str, typer.Option("--agent-api-key-env", help="Environment variable with its key ('' for none).")
    ] = "",
    user: UserOpt = "admin",
) -> None:
    """Scan pages and items; each finding says what, where, why and on what legal basis."""
    import datetime as dt

    from hkaigov.claims.detect import rulebook
    from hkaigov.claims.institutions import load_fraud_list, load_register
    from hkaigov.claims.scan import CrawlOptions, run_scan

    agent = _agent(agent_base_url, agent_model, agent_api_key_env, timeout)
    register = load_register(institutions)
    fraud = load_fraud_list()
    started = dt.datetime.now(dt.UTC)
    err = Console(stderr=True)
    options = CrawlOptions(depth, max_pages, not all_sites, per_host, delay, timeout, 2, not no_robots)
    with err.status("scanning…", spinner="dots") if err.is_terminal else contextlib.nullcontext():
        result = run_scan(inputs, register, fraud, options, min_score=min_score)
        if agent is not None:
            from hkaigov.claims.adjudicate import adjudicate

            result.pages = adjudicate(result.pages, agent, fetch_about=True, timeout=timeout)
    findings = result.findings
    if format is OutFormat.jsonl:
        text = "".join(json.dumps(f.as_json(), ensure_ascii=False) + "\n" for f in findings)
    elif format is OutFormat.json:
        doc = {
            "pages": len(result.pages),
            "skipped": [{"id": s.id, "url": s.url, "reason": s.reason} for s in result.skipped],
            "institutions": {"as_of": register.as_of, "source": register.source, "count": len(register.institutions)},
            "rules_version": rulebook().version,
            "findings": [f.as_json() for f in findings],
        }
        text = json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
    else:
        buf = io.StringIO()
        console = Console(file=buf, width=160)
        t = Table(title=f"{len(findings)} finding(s) in {len(result.pages)} page(s)")
        for col in ("id", "kind", "term", "rules", "score", "explanation"):
            t.add_column(col, overflow="fold")
        for f in findings:
            t.add_row(f.id, f.kind, f.term, " ".join(f.rules), f"{f.score:.2f}", f.explanation)
        console.print(t)
        text = buf.getvalue()
    write_output(output, text)
    for s in result.skipped:
        print(f"skipped {s.url or s.id}: {s.reason}", file=sys.stderr)
    print(
        f"{len(result.pages)} page(s), {len(result.skipped)} skipped, {len(findings)} finding(s) in "
        f"{result.seconds:.2f}s; institutions as of {register.as_of} ({len(register.institutions)} in the register)",
        file=sys.stderr,
    )
    _record(record, user, inputs, result, started, register, err)


def _agent(base_url: str | None, model: str | None, key_env: str, timeout: float) -> Any:
    """The adjudicating model, only when the user names one (never a default)."""
    if not base_url and not model:
        return None
    if not (base_url and model):
        raise InputError("--agent-base-url and --agent-model: give both to use an agent")
    from hkaigov.evals.targets import OpenAITarget

    key = os.environ.get(key_env, "") if key_env else ""
    if key_env and not key:
        raise InputError(f"--agent-api-key-env: the environment variable {key_env} is not set")
    return OpenAITarget(base_url, model, api_key=key, timeout=timeout, pool=4)


def _record(
    record: bool | None, user: str, inputs: list[str], result: Any, started: Any, register: Any, err: Console
) -> None:
    if record is False:
        return
    from hkaigov.claims.detect import rulebook
    from hkaigov.services import claims as claims_service

    try:
        with register_change(user) as ctx:
            recorded = claims_service.record_scan(
                ctx,
                inputs=inputs,
                pages=result.pages,
                skipped=len(result.skipped),
                started_at=started,
                institutions=f"{register.source} (as of {register.as_of})",
                rules_version=rulebook().version,
            )
            print(
                f"recorded as claims scan {recorded.scan.id}: {len(recorded.new)} new, "
                f"{len(recorded.seen_again)} seen before (hkaigov claims list / diff)",
                file=sys.stderr,
            )
    except HkaigovError as exc:
        if record:
            raise
        print(f"not recorded in the register ({exc}); run 'hkaigov init' to keep findings", file=sys.stderr)


def _finding_json(r: Any) -> dict[str, Any]:
    return {
        "finding": r.id,
        "id": r.item_id,
        "kind": r.kind,
        "term": r.term,
        "start": r.start_offset,
        "end": r.end_offset,
        "rules": json.loads(r.rules),
        "legal_basis": r.legal_basis,
        "basis": r.basis,
        "score": r.score,
        "explanation": r.explanation,
        "url": r.url,
        "entity": r.entity,
        "institution": r.institution,
        "excerpt": r.excerpt,
        "page_sha256": r.page_sha256,
        "status": r.status,
        "reason": r.reason,
        "reviewed_by": r.reviewed_by,
        "reviewed_at": r.reviewed_at.isoformat() if r.reviewed_at else None,
        "first_scan": r.first_scan_id,
        "last_scan": r.last_scan_id,
        "times_seen": r.times_seen,
    }


def _render_list(rows: list[dict[str, Any]], format: ListFormat, title: str) -> str:
    if format is ListFormat.json:
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    if format is ListFormat.csv:
        buf = io.StringIO()
        columns = list(rows[0]) if rows else ["finding", "id", "kind", "term", "status"]
        writer = csv.DictWriter(buf, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v for k, v in row.items()}
            )
        return buf.getvalue()
    buf = io.StringIO()
    t = Table(title=title)
    for col in ("finding", "status", "kind", "term", "url", "score", "seen"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(
            str(r["finding"]),
            r["status"],
            r["kind"],
            r["term"],
            r["url"] or r["id"],
            f"{r['score']:.2f}",
            str(r["times_seen"]),
        )
    Console(file=buf, width=160).print(t)
    return buf.getvalue()


@app.command("list")
@handle_errors
def list_(
    status: Annotated[str | None, typer.Option("--status", help="new, confirmed or dismissed.")] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="misleading_claim or impersonation.")] = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """Findings in the register, with their review state."""
    from hkaigov.services import claims as claims_service

    with register_read() as (_, session):
        rows = [_finding_json(r) for r in claims_service.listing(session, status=status, kind=kind)]
    sys.stdout.write(_render_list(rows, format, f"{len(rows)} claims finding(s)"))


@app.command()
@handle_errors
def review(
    finding: Annotated[int, typer.Argument(help="Finding number (from 'claims list').")],
    confirm: Annotated[bool, typer.Option("--confirm", help="The finding is right.")] = False,
    dismiss: Annotated[str | None, typer.Option("--dismiss", help="The finding is wrong, for this REASON.")] = None,
    user: UserOpt = "admin",
) -> None:
    """Confirm a finding, or dismiss it with a reason; who and when are recorded and audited."""
    from hkaigov.services import claims as claims_service

    if confirm == (dismiss is not None):
        raise InputError("review: give exactly one of --confirm or --dismiss REASON")
    with register_change(user) as ctx:
        record = claims_service.review(ctx, finding, "confirmed" if confirm else "dismissed", dismiss or "")
        print(f"finding {record.id}: {record.status}" + (f" ({record.reason})" if record.reason else ""))


@app.command()
@handle_errors
def diff(
    since: Annotated[
        int | None, typer.Option("--since", help="Compare with this scan (default: the one before).")
    ] = None,
    scan_id: Annotated[int | None, typer.Option("--scan", help="The later scan (default: the latest).")] = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
) -> None:
    """What is new since the last crawl, and what is no longer found."""
    from hkaigov.services import claims as claims_service

    with register_read() as (_, session):
        d = claims_service.diff(session, scan_id, since)
        doc: dict[str, Any] = {
            "scan": d.latest.id,
            "since": d.since.id if d.since else None,
            "new": [_finding_json(r) for r in d.new],
            "gone": [_finding_json(r) for r in d.gone],
            "still": len(d.still),
        }
    if format is ListFormat.json:
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return
    against = f"scan {doc['since']}" if doc["since"] else "nothing (first scan)"
    sys.stdout.write(_render_list(doc["new"], format, f"New in scan {doc['scan']} against {against}"))
    if format is ListFormat.table:
        sys.stdout.write(_render_list(doc["gone"], format, "No longer found"))
        print(f"{doc['still']} finding(s) seen again")


@app.command()
@handle_errors
def report(
    format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.html,
    output: Annotated[Path | None, typer.Option("--output", "-o")] = None,
    status: Annotated[str | None, typer.Option("--status")] = None,
) -> None:
    """All findings with their evidence and review state, as CSV, JSON or a self-contained HTML page."""
    from hkaigov.claims.report import render_html
    from hkaigov.services import claims as claims_service

    with register_read() as (_, session):
        rows = [_finding_json(r) for r in claims_service.listing(session, status=status)]
        scans = [
            {
                "scan": s.id,
                "finished_at": s.finished_at.isoformat(),
                "pages": s.pages,
                "findings": s.findings,
                "new": s.new_findings,
                "institutions": s.institutions,
            }
            for s in claims_service.scans(session)
        ]
    if format is ReportFormat.json:
        text = json.dumps({"scans": scans, "findings": rows}, ensure_ascii=False, indent=2) + "\n"
    elif format is ReportFormat.csv:
        text = _render_list(rows, ListFormat.csv, "")
    else:
        text = render_html(rows, scans)
    write_output(output, text)


@institutions_app.command("list")
@handle_errors
def institutions_list(format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table) -> None:
    """The register in effect: the imported one, or the shipped sample (with its date and source)."""
    from hkaigov.claims.institutions import load_register

    register = load_register()
    rows: list[dict[str, Any]] = [
        {
            "name_en": i.name_en,
            "name_zh": i.name_zh,
            "type": i.type.value,
            "domains": list(i.domains),
            "aliases": list(i.aliases),
        }
        for i in register.institutions
    ]
    if format is ListFormat.json:
        doc = {"as_of": register.as_of, "source": register.source, "note": register.note, "institutions": rows}
        sys.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        return
    if format is ListFormat.csv:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(["name_en", "name_zh", "type", "domains", "aliases"])
        for r in rows:
            writer.writerow([r["name_en"], r["name_zh"], r["type"], ";".join(r["domains"]), ";".join(r["aliases"])])
        sys.stdout.write(buf.getvalue())
        return
    t = Table(title=f"{len(rows)} institutions, as of {register.as_of} ({register.source})")
    for col in ("name_en", "name_zh", "type", "domains"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(r["name_en"], r["name_zh"], r["type"], " ".join(r["domains"]))
    Console(width=160).print(t)


@institutions_app.command("import")
@handle_errors
def institutions_import(
    path: Annotated[Path, typer.Argument(help="CSV: name_en,name_zh,type,domains,aliases (lists split by ';').")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date of the list (YYYY-MM-DD).")] = None,
) -> None:
    """Load a newer register (a CSV you downloaded from the HKMA's register); used by every later scan."""
    from hkaigov.claims.institutions import import_register, imported_register_path
    from hkaigov.cli.common import parse_date

    day = parse_date(as_of, "--as-of")
    register = import_register(path, as_of=day.isoformat() if day else None)
    print(f"imported {len(register.institutions)} institutions as of {register.as_of} into {imported_register_path()}")


@fraud_app.command("import")
@handle_errors
def fraud_import(
    path: Annotated[Path, typer.Argument(help="CSV with a 'url' column (and 'institution', 'date').")],
) -> None:
    """Load a list of fraudulent websites (e.g. from the HKMA's alerts); scans then match it on domain and URL."""
    from hkaigov.claims.institutions import fraud_list_path, import_fraud_list

    fraud = import_fraud_list(path)
    print(f"imported {len(fraud.sites)} fraudulent websites into {fraud_list_path()}")


@fraud_app.command("list")
@handle_errors
def fraud_list(format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table) -> None:
    """The imported fraudulent-website list."""
    from hkaigov.claims.institutions import load_fraud_list

    fraud = load_fraud_list()
    rows: list[dict[str, str]] = [dict(s.__dict__) for s in fraud.sites]
    if format is ListFormat.json:
        sys.stdout.write(json.dumps({"source": fraud.source, "sites": rows}, ensure_ascii=False, indent=2) + "\n")
        return
    t = Table(title=f"{len(rows)} fraudulent websites ({fraud.source or 'none imported'})")
    for col in ("url", "institution", "date"):
        t.add_column(col, overflow="fold")
    for r in rows:
        t.add_row(r["url"], r["institution"], r["date"])
    Console(width=160).print(t)

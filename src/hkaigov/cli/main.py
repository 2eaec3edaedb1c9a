"""`hkaigov`: classify, list obligations, assess and explain AI systems; browse and lint the catalog."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Group
from rich.text import Text
from rich.tree import Tree

from hkaigov import __version__
from hkaigov.cli import admin as admin_cli
from hkaigov.cli import catalog as catalog_cli
from hkaigov.cli import claims as claims_cli
from hkaigov.cli import evals as evals_cli
from hkaigov.cli import pii as pii_cli
from hkaigov.cli import register as register_cli
from hkaigov.cli.common import (
    EXIT_THRESHOLD,
    FailOnOpt,
    Format,
    FormatOpt,
    Lang,
    LangOpt,
    PolicyOpt,
    crosses,
    emit,
    expand,
    get_catalog,
    handle_errors,
    parse_date,
    top_reasons,
)
from hkaigov.domain.catalog import Catalog
from hkaigov.domain.errors import InputError
from hkaigov.domain.profile import AISystemProfile
from hkaigov.engine.assess import assess as assess_profile
from hkaigov.engine.classify import classify as classify_profile
from hkaigov.engine.conditions import TraceNode
from hkaigov.engine.explain import explain as explain_profile
from hkaigov.engine.explain import tree_json
from hkaigov.engine.obligations import obligations as obligations_of
from hkaigov.io.manifests import load_evidence_file, load_manifests
from hkaigov.reports import json as rj
from hkaigov.reports import markdown as md
from hkaigov.reports import table as tb
from hkaigov.services import demo as demo_data
from hkaigov.services.context import utc_now
from hkaigov.store.db import open_database

app = typer.Typer(
    name="hkaigov",
    help="Hong Kong AI governance: classify AI systems, list their obligations, assess evidence.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(catalog_cli.app, name="catalog")
app.add_typer(register_cli.app, name="register")
app.add_typer(pii_cli.app, name="pii")
app.add_typer(evals_cli.app, name="eval")
app.add_typer(claims_cli.app, name="claims")
app.add_typer(register_cli.evidence_app, name="evidence")
app.add_typer(register_cli.user_app, name="user")
app.add_typer(admin_cli.audit_app, name="audit")
app.command("init")(admin_cli.init)
app.command("export")(admin_cli.export)
app.command("import")(admin_cli.import_)
app.command("signoff")(register_cli.signoff)
app.command("due")(register_cli.due)

FilesArg = Annotated[list[Path], typer.Argument(help="Manifest files (ai-system.yaml) or directories of them.")]
FileArg = Annotated[Path, typer.Argument(help="A manifest file (ai-system.yaml).")]


def _version(value: bool) -> None:
    if value:
        print(f"hkaigov {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Exit codes: 0 ok, 1 a --fail-on threshold was crossed, 2 usage or input error."""


@app.command()
@handle_errors
def classify(
    files: FilesArg,
    format: FormatOpt = Format.table,
    policy: PolicyOpt = None,
    fail_on: FailOnOpt = None,
    lang: LangOpt = Lang.en,
) -> None:
    """Classify manifests into a risk tier and roles, with every triggered rule, its reason and citation."""
    catalog = get_catalog(policy)
    loaded = load_manifests(expand(files))
    results = [classify_profile(m.profile, catalog) for m in loaded]
    emit(
        format,
        table=lambda: tb.classifications_table(results, lang),
        json_text=lambda: rj.dumps([rj.classification_json(c) for c in results]),
        markdown=lambda: md.classifications_md(results, lang),
    )
    if any(crosses(c.tier, fail_on) for c in results):
        raise typer.Exit(EXIT_THRESHOLD)


def _one(file: Path, policy: list[Path] | None) -> tuple[Catalog, AISystemProfile]:
    """The catalog (with any policy files) and the one manifest a single-system command reads."""
    return get_catalog(policy), load_manifests([file])[0].profile


@app.command()
@handle_errors
def obligations(
    file: FileArg, format: FormatOpt = Format.table, policy: PolicyOpt = None, lang: LangOpt = Lang.en
) -> None:
    """List the controls that apply to a system, each with why it applies and where it comes from."""
    catalog, profile = _one(file, policy)
    c = classify_profile(profile, catalog)
    applicable = obligations_of(profile, c, catalog)
    emit(
        format,
        table=lambda: tb.obligations_table(c, applicable, catalog, lang),
        json_text=lambda: rj.dumps(rj.obligations_json(c, applicable, catalog)),
        markdown=lambda: md.obligations_md(c, applicable, catalog, lang),
    )


@app.command()
@handle_errors
def assess(
    file: FileArg,
    format: FormatOpt = Format.table,
    lang: LangOpt = Lang.en,
    policy: PolicyOpt = None,
    org_evidence: Annotated[
        Path | None,
        typer.Option(
            "--org-evidence",
            help="Evidence for organisation-wide controls (YAML: evidence: {ID: {status, …}}).",
        ),
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Assessment date YYYY-MM-DD (default: today).")] = None,
    fail_on: FailOnOpt = None,
    fail_on_gaps: Annotated[
        bool, typer.Option("--fail-on-gaps", help="Exit 1 when an expected control is not met.")
    ] = False,
) -> None:
    """Assess a system against its controls using the manifest's `evidence:` section (a CI gate)."""
    catalog, profile = _one(file, policy)
    org = load_evidence_file(org_evidence) if org_evidence else None
    day = parse_date(as_of, "--as-of") or dt.date.today()
    c = classify_profile(profile, catalog)
    applicable = obligations_of(profile, c, catalog)
    a = assess_profile(profile, c, applicable, catalog, as_of=day, org_evidence=org)
    emit(
        format,
        table=lambda: tb.assessment_table(a, applicable, lang),
        json_text=lambda: rj.dumps(rj.assessment_json(a, applicable)),
        markdown=lambda: md.assessment_md(a, applicable, lang),
    )
    if crosses(c.tier, fail_on) or (fail_on_gaps and a.gaps):
        raise typer.Exit(EXIT_THRESHOLD)


def _tree(label: str, node: TraceNode, parent: Tree | None = None) -> Tree:
    mark = Text("✔ " if node.holds else "✘ ", style="green" if node.holds else "red")
    text = mark + Text(node.text if not label else f"{label}: {node.text}")
    branch = Tree(text) if parent is None else parent.add(text)
    for child in node.children:
        _tree("", child, branch)
    return branch


@app.command()
@handle_errors
def explain(file: FileArg, format: FormatOpt = Format.table, policy: PolicyOpt = None) -> None:
    """Walk through why each tier rule fired or did not, and how the roles were derived."""
    catalog, profile = _one(file, policy)
    ex = explain_profile(profile, catalog)
    c = ex.classification

    def table() -> Group:
        parts: list[Tree | Text] = [
            Text(
                f"{c.name} ({c.system}) → tier {c.tier.value}; roles {', '.join(r.value for r in c.roles)}",
                style="bold",
            )
        ]
        for a in c.role_assignments:
            parts.append(Text(f"  role {a.role.value}: {a.reason.en} [{a.citation}]"))
        for rt in ex.rules:
            verdict = "FIRED" if rt.fired else "did not fire"
            head = f"{rt.rule.id} → {rt.rule.tier.value} ({verdict}; {rt.rule.basis.value})"
            tree = _tree(head, rt.tree)
            tree.add(Text(rt.rule.citation, style="dim"))
            parts.append(tree)
        if c.triggered_rules and c.triggered_rules[0].matched == ("no rule for a higher tier fired",):
            parts.append(Text(f"No rule fired: {c.triggered_rules[0].reason.en}"))
        parts.extend(Text(f"⚠ {w}", style="yellow") for w in c.warnings)
        return Group(*parts)

    def as_json() -> str:
        return rj.dumps(
            {
                "classification": rj.classification_json(c),
                "rules": [
                    {
                        "id": rt.rule.id,
                        "tier": rt.rule.tier.value,
                        "fired": rt.fired,
                        "basis": rt.rule.basis.value,
                        "citation": rt.rule.citation,
                        "decisive": rt.decisive,
                        "trace": tree_json(rt.tree),
                    }
                    for rt in ex.rules
                ],
            }
        )

    def as_md() -> str:
        lines = [f"# Why `{c.system}` is {c.tier.value}\n"]
        for rt in ex.rules:
            verdict = "**fired**" if rt.fired else "did not fire"
            lines.append(
                f"- `{rt.rule.id}` → {rt.rule.tier.value}: {verdict} — {'; '.join(rt.decisive)} "
                f"({rt.rule.basis.value}; {rt.rule.citation})"
            )
        return "\n".join(lines) + "\n"

    emit(format, table=table, json_text=as_json, markdown=as_md)


@app.command()
@handle_errors
def demo(
    examples: Annotated[Path, typer.Option("--examples", help="Directory of example manifests.")] = Path("examples"),
    format: FormatOpt = Format.table,
    lang: LangOpt = Lang.en,
    register: Annotated[
        bool, typer.Option("--register/--no-register", help="Also load the examples into an empty register.")
    ] = True,
) -> None:
    """Classify every example manifest and print a portfolio table; fill an empty register with demo data."""
    if not examples.is_dir():
        raise InputError(f"{examples}: no such directory (run from the project root, or pass --examples DIR)")
    catalog = get_catalog(None)
    loaded = load_manifests(expand([examples]))
    loaded_note = _load_demo_register(catalog, [m.profile for m in loaded]) if register else ""
    rows = []
    for m in loaded:
        c = classify_profile(m.profile, catalog)
        applicable = obligations_of(m.profile, c, catalog)
        rows.append(
            {
                "system": m.profile.id,
                "name": m.profile.name,
                "sector": m.profile.sector.value,
                "tier": c.tier.value,
                "roles": [r.value for r in c.roles],
                "controls": len(applicable),
                "top_reasons": top_reasons(c.triggered_rules, lang=lang),
            }
        )
    emit(
        format,
        table=lambda: tb.portfolio_table(rows, lang),
        json_text=lambda: rj.dumps(rows),
        markdown=lambda: md.portfolio_md(rows),
    )
    if format is Format.table:
        tiers = [r["tier"] for r in rows]
        print(
            f"{len(rows)} systems: "
            + ", ".join(f"{tiers.count(t)} {t}" for t in ("unacceptable", "high", "limited", "low"))
            + f". Catalog {catalog.version}. Try: hkaigov explain {examples}/<file>.yaml",
            file=sys.stderr,
        )
    if loaded_note:
        print(loaded_note, file=sys.stderr)


def _load_demo_register(catalog: Catalog, profiles: list[AISystemProfile]) -> str:
    """Create or migrate the register, and fill it with the demo when it holds no systems yet."""
    db = open_database()
    try:
        db.upgrade()
        with db.transaction() as session:
            if demo_data.has_systems(session):
                return f"Register at {db.display_url} already holds systems; demo data not loaded again."
            s = demo_data.load_demo(session, catalog, db.blobs, profiles, utc_now)
    finally:
        db.dispose()
    return (
        f"Register at {db.display_url}: {s.systems} systems, {s.versions} profile versions, {s.evidence} evidence "
        f"items, {s.assessments} assessments, {s.signoffs} sign-offs, {s.comments} comments. "
        "Try: hkaigov register list; hkaigov due; hkaigov audit verify"
    )


def main() -> None:
    app()

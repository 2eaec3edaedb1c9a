"""`hkaigov catalog list | show ID | lint | diff OLD_DIR NEW_DIR`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Group
from rich.table import Table
from rich.text import Text

from hkaigov.catalog.diff import diff_catalogs
from hkaigov.catalog.lint import lint_catalog
from hkaigov.catalog.loader import load_catalog
from hkaigov.cli.common import (
    EXIT_THRESHOLD,
    Format,
    FormatOpt,
    PolicyOpt,
    emit,
    expand,
    get_catalog,
    handle_errors,
    register_read,
)
from hkaigov.domain.errors import NotFoundError
from hkaigov.io.manifests import load_manifests
from hkaigov.reports import json as rj
from hkaigov.services import systems

app = typer.Typer(help="Browse, check and compare the catalog of instruments and controls.", no_args_is_help=True)


@app.command("list")
@handle_errors
def list_(format: FormatOpt = Format.table) -> None:
    """List the instruments with their issuer, date, legal force and number of controls."""
    catalog = get_catalog(None)

    def table() -> Table:
        t = Table(title=f"hkaigov catalog {catalog.version} — {len(catalog.controls())} controls")
        for name in ("id", "title", "issuer", "date", "binding", "controls"):
            t.add_column(name, overflow="fold")
        for i in catalog.instruments:
            t.add_row(
                i.id,
                f"{i.title.en}\n{i.title.zh_hant}",
                i.issuer,
                i.date.isoformat(),
                i.binding.value,
                str(len(i.controls)),
            )
        return t

    def markdown() -> str:
        rows = [
            f"| {i.id} | {i.title.en} | {i.issuer} | {i.date} | {i.binding.value} | {len(i.controls)} |"
            for i in catalog.instruments
        ]
        return (
            f"# hkaigov catalog {catalog.version}\n\n| id | title | issuer | date | binding | controls |\n"
            "|---|---|---|---|---|---|\n" + "\n".join(rows) + "\n"
        )

    emit(format, table=table, json_text=lambda: rj.dumps(rj.catalog_list_json(catalog)), markdown=markdown)


@app.command()
@handle_errors
def show(
    item_id: Annotated[str, typer.Argument(metavar="ID", help="A control id or an instrument id/code.")],
    format: FormatOpt = Format.table,
) -> None:
    """Show one control (requirement, citation, applicability) or one instrument with its controls."""
    catalog = get_catalog(None)
    control = catalog.control(item_id)
    if control is not None:
        data = rj.control_json(control, catalog)

        def table() -> Table:
            t = Table(show_header=False, title=f"{control.id}: {control.title.en}")
            t.add_column(style="bold")
            t.add_column(overflow="fold")
            for key, value in data.items():
                if value not in (None, [], ""):
                    t.add_row(key, str(value))
            return t

        emit(
            format,
            table=table,
            json_text=lambda: rj.dumps(data),
            markdown=lambda: (
                f"# {control.id}: {control.title.en}\n\n"
                + "".join(f"- **{k}:** {v}\n" for k, v in data.items() if v not in (None, [], ""))
            ),
        )
        return
    inst = catalog.instrument(item_id)
    if inst is None:
        raise NotFoundError(f"'{item_id}' is neither a control nor an instrument of catalog {catalog.version}")
    data_i = rj.instrument_json(inst) | {
        "notes": inst.notes,
        "binding_note": inst.binding_note,
        "control_list": [rj.control_json(c, catalog) for c in inst.controls],
    }

    def itable() -> Group:
        t = Table(title=f"{inst.title.en} / {inst.title.zh_hant}")
        for name in ("control", "title", "kind", "confidence", "citation"):
            t.add_column(name, overflow="fold")
        for c in inst.controls:
            t.add_row(c.id, c.title.en, c.kind.value, c.confidence.value, c.citation)
        head = Text(
            f"{inst.issuer}, {inst.date} ({inst.version}); {inst.binding.value}. {inst.binding_note}\n"
            f"{inst.source or 'no official URL known'}"
        )
        return Group(head, t)

    emit(
        format,
        table=itable,
        json_text=lambda: rj.dumps(data_i),
        markdown=lambda: (
            f"# {inst.title.en}\n\n" + "".join(f"- `{c.id}` {c.title.en} — {c.citation}\n" for c in inst.controls)
        ),
    )


@app.command()
@handle_errors
def lint(
    policy: PolicyOpt = None,
    data_dir: Annotated[Path | None, typer.Option("--catalog-dir", help="Lint another catalog directory.")] = None,
    format: FormatOpt = Format.table,
) -> None:
    """Check the catalog: citations, titles in both languages, unique ids, known condition fields, coverage."""
    report = lint_catalog(data_dir, tuple(policy or ()))
    if format is Format.json:
        sys.stdout.write(
            rj.dumps({"ok": report.ok, "errors": report.errors, "warnings": report.warnings, "stats": report.stats})
        )
    else:
        for line in report.errors:
            print(f"error: {line}")
        for line in report.warnings:
            print(f"warning: {line}")
        stats = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in report.stats.items())
        print(
            f"catalog lint: {'ok' if report.ok else f'{len(report.errors)} errors'}"
            f"{'; ' + stats if stats else ''}; {len(report.warnings)} warnings"
        )
    if not report.ok:
        raise typer.Exit(EXIT_THRESHOLD)


@app.command()
@handle_errors
def diff(
    old_dir: Annotated[Path, typer.Argument(help="The old catalog directory.")],
    new_dir: Annotated[Path, typer.Argument(help="The new catalog directory.")],
    manifest: Annotated[
        list[Path] | None,
        typer.Option("--manifest", "-m", help="Manifests (or directories) to check for reassessment."),
    ] = None,
    register: Annotated[
        bool, typer.Option("--register", help="Check every system in the register (its current profile).")
    ] = False,
    format: FormatOpt = Format.table,
) -> None:
    """List controls and rules that changed between two catalogs, and the systems to reassess."""
    old, new = load_catalog(old_dir), load_catalog(new_dir)
    profiles = [m.profile for m in load_manifests(expand(manifest))] if manifest else []
    if register:
        with register_read() as (_, session):
            profiles += [systems.current_profile(session, r.system) for r in systems.list_systems(session)]
    d = diff_catalogs(old, new, profiles)

    def table() -> Group:
        lines = [Text(f"catalog {d.old_version} → {d.new_version}", style="bold")]
        for label, ids in (
            ("added", d.added),
            ("removed", d.removed),
            ("rules added", d.rules_added),
            ("rules removed", d.rules_removed),
            ("rules changed", d.rules_changed),
        ):
            if ids:
                lines.append(Text(f"{label}: {', '.join(ids)}"))
        lines.extend(Text(f"changed {cid}: {', '.join(fields)}") for cid, fields in d.changed.items())
        if d.empty:
            lines.append(Text("no differences in controls or rules"))
        for s in d.systems:
            lines.append(
                Text(
                    f"reassess {s.system}: tier {s.old_tier} → {s.new_tier}; +{len(s.added_controls)} "
                    f"−{len(s.removed_controls)} ~{len(s.changed_controls)} controls",
                    style="yellow",
                )
            )
        return Group(*lines)

    emit(
        format,
        table=table,
        json_text=lambda: rj.dumps(d.to_json()),
        markdown=lambda: "# Catalog diff\n\n```json\n" + rj.dumps(d.to_json()) + "```\n",
    )

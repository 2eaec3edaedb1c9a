"""`hkaigov pii scan|redact|restore`: find and remove Hong Kong personal data in files."""

from __future__ import annotations

import enum
import json
import os
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn, TransferSpeedColumn
from rich.table import Table

from hkaigov import __version__
from hkaigov.cli.common import UserOpt, handle_errors, register_change
from hkaigov.domain.enums import EvidenceStatus
from hkaigov.domain.errors import InputError
from hkaigov.pii.findings import Finding
from hkaigov.pii.pipeline import ScanRequest, ScanRun, plan, start_scan
from hkaigov.pii.redact import Operator, Pseudonymiser
from hkaigov.pii.rewrite import Redactor, redact_file
from hkaigov.pii.scanner import DEFAULT_MIN_SCORE, ScanOptions, parse_types
from hkaigov.pii.vault import load_vault, save_vault

app = typer.Typer(help="Find and redact Hong Kong personal data (HKID, phones, cards, names, addresses…).")

PROGRESS_MIN_BYTES = 32 << 20


class ScanFormat(enum.StrEnum):
    table = "table"
    jsonl = "jsonl"
    json = "json"


PathsArg = Annotated[list[Path], typer.Argument(help="Files: .txt, .csv/.tsv, .jsonl, .parquet, .docx, .pdf.")]
TypesOpt = Annotated[
    str | None, typer.Option("--types", help="Comma-separated entity types to look for (default: all).")
]
FieldOpt = Annotated[str | None, typer.Option("--field", help="JSONL/Parquet field or CSV column holding the text.")]
MinScoreOpt = Annotated[
    float, typer.Option("--min-score", min=0.0, max=1.0, help="Report findings scoring at least this.")
]
InputFormatOpt = Annotated[
    str | None, typer.Option("--input-format", help="text, csv, jsonl, parquet, docx or pdf (default: by suffix).")
]


def _options(types: str | None, min_score: float, suspected: bool, prefilter: str) -> ScanOptions:
    chosen = parse_types(types.split(",")) if types else parse_types(None)
    if prefilter not in ("auto", "hyperscan", "python-re"):
        raise InputError(f"--prefilter: '{prefilter}' is not one of auto, hyperscan, python-re")
    return ScanOptions(chosen, min_score, suspected, prefilter)


def _summary_table(run: ScanRun) -> Table:
    types = sorted(run.totals)
    t = Table(title=f"PII scan: {sum(run.totals.values())} findings ({run.engine}, {run.workers} worker(s))")
    t.add_column("file", overflow="fold")
    t.add_column("records", justify="right")
    t.add_column("with PII", justify="right")
    for name in types:
        t.add_column(name, justify="right")
    for f in run.files.values():
        t.add_row(f.file, str(f.records), str(f.records_with_findings), *(str(f.counts.get(n, 0)) for n in types))
    if len(run.files) > 1:
        totals = run.totals
        records = sum(f.records for f in run.files.values())
        with_pii = sum(f.records_with_findings for f in run.files.values())
        t.add_row("total", str(records), str(with_pii), *(str(totals.get(n, 0)) for n in types), style="bold")
    return t


@app.command()
@handle_errors
def scan(
    paths: PathsArg,
    format: Annotated[ScanFormat, typer.Option("--format", "-f", help="table, jsonl or json")] = ScanFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write findings here (default stdout).")] = None,
    types: TypesOpt = None,
    field: FieldOpt = None,
    id_field: Annotated[str, typer.Option("--id-field", help="JSONL/Parquet field or CSV column of the id.")] = "id",
    input_format: InputFormatOpt = None,
    min_score: MinScoreOpt = DEFAULT_MIN_SCORE,
    suspected: Annotated[
        bool, typer.Option("--suspected", help="Also list values that fail their check digit (marked suspected).")
    ] = False,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, help="Local worker processes.")] = 1,
    engine: Annotated[str, typer.Option("--engine", help="local (processes) or dask.")] = "local",
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786.")
    ] = None,
    prefilter: Annotated[str, typer.Option("--prefilter", help="auto, hyperscan or python-re.")] = "auto",
    attach: Annotated[
        str | None,
        typer.Option("--attach", help="Attach the scan summary as evidence to this registered system (ORG/ID)."),
    ] = None,
    user: UserOpt = "admin",
) -> None:
    """Scan files for personal data. Findings carry offsets, never the values themselves."""
    options = _options(types, min_score, suspected, prefilter)
    request = ScanRequest(
        paths,
        options,
        input_format,
        field,
        id_field,
        workers,
        engine,
        scheduler,
        want_rows=format is not ScanFormat.jsonl,
    )
    _, total_bytes = plan(request)
    err = Console(stderr=True)
    with ExitStack() as stack:
        out: IO[str] = stack.enter_context(_open_output(output)) if output else sys.stdout
        run, results = start_scan(request)
        progress = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
            disable=not err.is_terminal or total_bytes < PROGRESS_MIN_BYTES,
        )
        rows: list[tuple[str, str | int, Finding, str]] = []
        with progress:
            bar = progress.add_task("scanning", total=total_bytes)
            for result in results:
                if format is ScanFormat.jsonl:
                    out.writelines(result.jsonl)
                else:
                    rows.extend((result.path, rid, f, preview) for rid, f, preview in result.rows)
                progress.advance(bar, result.size)
        if format is ScanFormat.json:
            doc = run.as_json() | {
                "findings": [f.as_json(rid) | ({"file": p} if len(run.files) > 1 else {}) for p, rid, f, _ in rows]
            }
            out.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
        elif format is ScanFormat.table:
            console = Console(file=out, soft_wrap=False, width=None if out.isatty() else 160)
            if rows:
                console.print(_findings_table(rows))
            console.print(_summary_table(run))
    if format is not ScanFormat.table or output is not None:
        err.print(_summary_table(run))
    if attach:
        _attach(attach, run, request, user)


def _findings_table(rows: list[tuple[str, str | int, Finding, str]], limit: int = 500) -> Table:
    title = "Findings (values masked)" + (f", first {limit} of {len(rows)}" if len(rows) > limit else "")
    t = Table(title=title)
    for name in ("file", "id", "type", "start", "end", "score", "masked value"):
        t.add_column(name, overflow="fold")
    for path, rid, f, preview in rows[:limit]:
        kind = f.type + (" (suspected)" if f.suspected else "")
        t.add_row(Path(path).name, str(rid), kind, str(f.start), str(f.end), f"{f.score:.2f}", preview)
    return t


class _open_output:
    """Findings go to a temporary file renamed into place at the end: an interrupted scan leaves nothing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.tmp = path.with_name(f".{path.name}.part") if not str(path).startswith("/dev/") else path

    def __enter__(self) -> IO[str]:
        try:
            self.fh = open(self.tmp, "w", encoding="utf-8")
        except OSError as exc:
            raise InputError(f"{self.path}: cannot write: {exc.strerror or exc}") from None
        return self.fh

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.fh.close()
        if self.tmp == self.path:
            return
        if exc_type is None:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)


def _attach(reference: str, run: ScanRun, request: ScanRequest, user: str) -> None:
    from hkaigov.services import checks, systems

    report = {
        "check": "pii:scan",
        "tool": f"hkaigov {__version__}",
        "types": [t.value for t in request.options.types],
        "min_score": request.options.min_score,
    } | run.as_json()
    data = (json.dumps(report, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    found_any = sum(run.totals.values())
    status = EvidenceStatus.PARTIAL if found_any else EvidenceStatus.MET
    note = (
        f"PII scan of {len(run.files)} file(s): {found_any} finding(s); redact before use"
        if found_any
        else f"PII scan of {len(run.files)} file(s): no personal data found"
    )
    with register_change(user) as ctx:
        system = systems.find(ctx.session, reference)
        attached = checks.attach_report(ctx, system, "pii:scan", data, "pii-scan.json", status=status, note=note)
        for record, new in attached:
            what = "attached" if new else "already attached"
            print(
                f"evidence {record.id} for {record.control_id} of {system.ref}: {what} ({status.value})",
                file=sys.stderr,
            )


def _secret(env: str, what: str) -> str:
    value = os.environ.get(env, "")
    if not value:
        raise InputError(f"{what}: set the environment variable {env} (secrets are not taken on the command line)")
    return value


@app.command()
@handle_errors
def redact(
    path: Annotated[Path, typer.Argument(help="The file to redact.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Where the redacted copy goes (same format).")],
    operator: Annotated[Operator, typer.Option("--operator", help="How values are replaced.")] = Operator.REPLACE,
    types: TypesOpt = None,
    field: FieldOpt = None,
    input_format: InputFormatOpt = None,
    min_score: MinScoreOpt = DEFAULT_MIN_SCORE,
    key_env: Annotated[
        str, typer.Option("--key-env", help="Environment variable holding the key for --operator hash.")
    ] = "HKAIGOV_PII_KEY",
    vault: Annotated[
        Path | None,
        typer.Option("--vault", help="Save the pseudonyms in this encrypted file (with --operator pseudonym)."),
    ] = None,
    passphrase_env: Annotated[
        str, typer.Option("--passphrase-env", help="Environment variable holding the vault passphrase.")
    ] = "HKAIGOV_VAULT_PASSPHRASE",
) -> None:
    """Write a copy of a file with its personal data replaced. Pseudonyms stay consistent across the file."""
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    key = _secret(key_env, "--operator hash").encode() if operator is Operator.HASH else None
    if vault is not None and operator is not Operator.PSEUDONYM:
        raise InputError("--vault: only with --operator pseudonym")
    passphrase = _secret(passphrase_env, "--vault") if vault is not None else ""
    pseudonymiser = load_vault(vault, passphrase) if vault is not None and vault.exists() else Pseudonymiser()
    redactor = Redactor(_options(types, min_score, False, "auto"), operator, key, pseudonymiser)
    redact_file(path, output, redactor, fmt=input_format, field_name=field)
    if vault is not None:
        save_vault(vault, pseudonymiser, passphrase)
    counts = ", ".join(f"{k} {v}" for k, v in sorted(redactor.run.counts.items())) or "nothing found"
    print(
        f"{output}: {redactor.run.records} records, {redactor.run.changed} values redacted ({counts})", file=sys.stderr
    )


@app.command()
@handle_errors
def restore(
    path: Annotated[Path, typer.Argument(help="Text with pseudonyms, e.g. a model's answer ('-' for stdin).")],
    vault: Annotated[Path, typer.Option("--vault", help="The vault written by `pii redact --operator pseudonym`.")],
    passphrase_env: Annotated[str, typer.Option("--passphrase-env")] = "HKAIGOV_VAULT_PASSPHRASE",
) -> None:
    """Put the original values back in place of pseudonyms such as [PERSON_1]."""
    pseudonymiser = load_vault(vault, _secret(passphrase_env, "--vault"))
    if str(path) == "-":
        text = sys.stdin.read()
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read as UTF-8 text: {exc}") from None
    sys.stdout.write(pseudonymiser.restore(text))

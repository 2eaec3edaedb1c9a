"""`hkaigov eval`: run test suites against a model, report on the results, compare two runs."""

from __future__ import annotations

import enum
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from hkaigov.cli.common import UserOpt, handle_errors, register_change, write_output
from hkaigov.domain.enums import EvidenceStatus
from hkaigov.domain.errors import InputError

if TYPE_CHECKING:
    from hkaigov.evals.results import ResultRow
    from hkaigov.evals.targets import Target

app = typer.Typer(help="GenAI test harness: red-team and quality suites whose results become evidence.")

EXIT_BELOW = 1  # --fail-under not reached, or a regression (compare)
DEFAULT_KEY_ENV = "OPENAI_API_KEY"


class TargetKind(enum.StrEnum):
    openai = "openai"
    callable = "callable"
    transformers = "transformers"


class ReportFormat(enum.StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"
    html = "html"


class ListFormat(enum.StrEnum):
    table = "table"
    json = "json"


SuiteOpt = Annotated[
    list[str] | None, typer.Option("--suite", "-s", help="Suite name, or 'all' (default). Repeatable.")
]


def _build_target(
    kind: TargetKind,
    base_url: str | None,
    model: str | None,
    api_key_env: str,
    headers: list[str],
    system: str | None,
    callable_spec: str | None,
    temperature: float,
    max_tokens: int | None,
    timeout: float,
    concurrency: int,
) -> Target:
    from hkaigov.evals import targets

    if kind is TargetKind.openai:
        if not base_url:
            raise InputError("--base-url: required for --target openai (e.g. http://127.0.0.1:8000/v1)")
        key = os.environ.get(api_key_env, "") if api_key_env else ""
        if api_key_env and not key:
            if api_key_env != DEFAULT_KEY_ENV:
                raise InputError(
                    f"--api-key-env: the environment variable {api_key_env} is not set "
                    "(set it, or pass --api-key-env '' for an endpoint without a key)"
                )
            # a local endpoint (vLLM, Ollama, a test server) usually takes no key: say so and go on
            print(f"note: {DEFAULT_KEY_ENV} is not set; calling {base_url} without an API key", file=sys.stderr)
        return targets.OpenAITarget(
            base_url,
            model or "",
            api_key=key,
            headers=targets.parse_headers(headers),
            system=system,
            temperature=temperature,
            max_tokens=max_tokens,
            timeout=timeout,
            pool=concurrency,
        )
    if kind is TargetKind.callable:
        if not callable_spec:
            raise InputError("--callable: required for --target callable (module:function)")
        sys.path.insert(0, os.getcwd())
        return targets.CallableTarget(callable_spec, system=system)
    if not model:
        raise InputError("--model: required for --target transformers (a local model directory)")
    return targets.TransformersTarget(model, system=system, max_new_tokens=max_tokens or 64)


@app.command()
@handle_errors
def run(
    output: Annotated[Path, typer.Option("--output", "-o", help="JSONL log of result rows.")],
    target: Annotated[TargetKind, typer.Option("--target", "-t", help="openai, callable or transformers.")] = (
        TargetKind.openai
    ),
    base_url: Annotated[str | None, typer.Option("--base-url", help="OpenAI-compatible API base URL.")] = None,
    model: Annotated[str | None, typer.Option("--model", "-m", help="Model name (or local model directory).")] = None,
    api_key_env: Annotated[
        str, typer.Option("--api-key-env", help="Environment variable holding the API key ('' for none).")
    ] = DEFAULT_KEY_ENV,
    header: Annotated[list[str] | None, typer.Option("--header", help="Extra HTTP header 'Name: value'.")] = None,
    system: Annotated[str | None, typer.Option("--system", help="The deployment's system prompt.")] = None,
    system_file: Annotated[
        Path | None, typer.Option("--system-file", help="Read the system prompt from a file.")
    ] = None,
    callable_spec: Annotated[
        str | None, typer.Option("--callable", help="module:function for --target callable.")
    ] = None,
    suite: SuiteOpt = None,
    suite_file: Annotated[list[Path] | None, typer.Option("--suite-file", help="Your own suite YAML.")] = None,
    language: Annotated[
        list[str] | None, typer.Option("--language", "-l", help="Only cases in this language (en, zh-Hant, yue).")
    ] = None,
    concurrency: Annotated[int, typer.Option("--concurrency", "-c", min=1, max=1024, help="Requests in flight.")] = 8,
    rpm: Annotated[float | None, typer.Option("--rpm", min=1, help="Requests per minute limit.")] = None,
    tpm: Annotated[float | None, typer.Option("--tpm", min=1, help="Tokens per minute limit.")] = None,
    retries: Annotated[int, typer.Option("--retries", min=0, max=20, help="Retries of a failed call.")] = 4,
    timeout: Annotated[float, typer.Option("--timeout", min=0.1, help="Seconds per call.")] = 60.0,
    temperature: Annotated[float, typer.Option("--temperature", min=0.0, max=2.0)] = 0.0,
    max_tokens: Annotated[int | None, typer.Option("--max-tokens", min=1)] = None,
    cache: Annotated[bool, typer.Option("--cache/--no-cache", help="Reuse answers to identical requests.")] = True,
    cache_dir: Annotated[Path | None, typer.Option("--cache-dir", help="Where cached answers live.")] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Keep the finished rows of OUTPUT and run the rest.")
    ] = False,
    fail_under: Annotated[
        float | None, typer.Option("--fail-under", min=0.0, max=1.0, help="Exit 1 when the pass rate is lower.")
    ] = None,
    attach: Annotated[
        str | None, typer.Option("--attach", help="File the summary as evidence on this system's controls (ORG/ID).")
    ] = None,
    threshold: Annotated[
        float, typer.Option("--threshold", min=0.0, max=1.0, help="Pass rate a control needs to be met.")
    ] = 0.9,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Progress bar on stderr.")] = True,
    judge_base_url: Annotated[
        str | None, typer.Option("--judge-base-url", help="Optional LLM judge: an OpenAI-compatible base URL.")
    ] = None,
    judge_model: Annotated[str | None, typer.Option("--judge-model", help="The judge's model name.")] = None,
    judge_api_key_env: Annotated[
        str, typer.Option("--judge-api-key-env", help="Environment variable with the judge's key ('' for none).")
    ] = "",
    judge_decides: Annotated[
        bool,
        typer.Option("--judge-decides", help="Let the judge's verdict, not the deterministic scorer, set 'passed'."),
    ] = False,
    user: UserOpt = "admin",
) -> None:
    """Run suites against a target; rows stream to OUTPUT as cases finish."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from hkaigov.evals import cache as cache_mod
    from hkaigov.evals.cases import Language, select
    from hkaigov.evals.runner import RunOptions
    from hkaigov.evals.runner import run as run_cases

    if system_file is not None:
        try:
            system = system_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"--system-file: cannot read {system_file}: {exc}") from None
    names = suite or ([] if suite_file else ["all"])
    cases = [c for s in select(names, suite_file or []) for c in s.cases]
    if language:
        wanted = set()
        for name in language:
            try:
                wanted.add(Language(name))
            except ValueError:
                raise InputError(f"--language: unknown language '{name}' (en, zh-Hant, yue)") from None
        cases = [c for c in cases if c.language in wanted]
    if not cases:
        raise InputError("--suite/--language: no cases selected")
    the_target = _build_target(
        target,
        base_url,
        model,
        api_key_env,
        header or [],
        system,
        callable_spec,
        temperature,
        max_tokens,
        timeout,
        concurrency,
    )
    the_judge = None
    if judge_base_url or judge_model:
        if not (judge_base_url and judge_model):
            raise InputError("--judge-base-url and --judge-model: give both to use a judge")
        the_judge = _build_target(
            TargetKind.openai,
            judge_base_url,
            judge_model,
            judge_api_key_env,
            [],
            None,
            None,
            0.0,
            None,
            timeout,
            concurrency,
        )
    elif judge_decides:
        raise InputError("--judge-decides: no judge configured (--judge-base-url, --judge-model)")
    if output.parent and not output.parent.exists():
        raise InputError(f"--output: directory {output.parent} does not exist")
    options = RunOptions(
        concurrency=concurrency,
        requests_per_minute=rpm,
        tokens_per_minute=tpm,
        retries=retries,
        cache_dir=(cache_dir or cache_mod.default_cache_dir()) if cache else None,
        resume=resume,
        judge_decides=judge_decides,
    )
    err = Console(stderr=True)
    bar = Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=not (progress and err.is_terminal),
    )
    with bar:
        task = bar.add_task("evaluating", total=len(cases))
        stats = run_cases(
            cases,
            the_target,
            output,
            options,
            lambda n: bar.advance(task, n),
            judge=the_judge,
        )
    from hkaigov.evals.results import read_results

    rows = read_results(output)
    scored = [r for r in rows if r.error is None]
    rate = sum(r.passed for r in rows) / len(rows) if rows else 0.0
    err.print(
        f"{len(rows)} cases ({stats.skipped} resumed, {stats.cached} cached, {stats.errors} errors) in "
        f"{stats.seconds:.2f}s: pass rate {rate:.1%}; results in {output}"
    )
    if rows and not scored:
        raise InputError(f"every call failed; first error: {rows[0].error}")
    if attach:
        _attach(attach, rows, threshold, user)
    if fail_under is not None and rate < fail_under:
        err.print(f"pass rate {rate:.1%} is under --fail-under {fail_under:.1%}")
        raise typer.Exit(EXIT_BELOW)


def _attach(reference: str, rows: Sequence[ResultRow], threshold: float, user: str) -> None:
    """File the summary, with per-control verdicts, on each tested control that applies to the system."""
    from hkaigov.evals import summary as sm
    from hkaigov.services import checks, systems

    summary = sm.summarise(rows)
    verdicts = sm.control_verdicts(summary, {}, default=threshold)
    statuses = {v.control: EvidenceStatus(v.status) for v in verdicts}
    doc = sm.summary_json(summary, verdicts)
    report = (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()
    note = f"GenAI eval: {summary.overall.passed}/{summary.overall.total} passed (control threshold {threshold:.0%})"
    err = Console(stderr=True)
    with register_change(user) as ctx:
        system = systems.find(ctx.session, reference)
        for record, new in checks.attach_verdicts(ctx, system, statuses, report, "eval-summary.json", note=note):
            what = "attached" if new else "already attached"
            err.print(f"evidence {record.id} for {record.control_id} of {system.ref}: {what} ({record.status})")


@app.command("list")
@handle_errors
def list_(
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.table,
    suite: Annotated[str | None, typer.Option("--suite", "-s", help="List this suite's cases.")] = None,
) -> None:
    """The built-in suites (or one suite's cases)."""
    from hkaigov.evals.cases import builtin_suites, select

    if suite is not None:
        (chosen,) = select([suite])
        if format is ListFormat.json:
            print(json.dumps([c.model_dump(mode="json") for c in chosen.cases], ensure_ascii=False, indent=2))
            return
        t = Table(title=f"{chosen.name}: {len(chosen.cases)} cases")
        for col in ("id", "language", "scorer", "severity", "controls", "prompt"):
            t.add_column(col, overflow="fold")
        for c in chosen.cases:
            t.add_row(c.id, c.language.value, c.scorer, c.severity.value, " ".join(c.controls), c.prompt_text()[:80])
        Console().print(t)
        return
    suites = builtin_suites()
    data = [
        {
            "suite": s.name,
            "title": s.title,
            "cases": len(s.cases),
            "languages": {
                lang: sum(c.language == lang for c in s.cases) for lang in sorted({c.language for c in s.cases})
            },
            "controls": sorted({ctl for c in s.cases for ctl in c.controls}),
        }
        for s in suites
    ]
    if format is ListFormat.json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return
    t = Table(title=f"{sum(d['cases'] for d in data)} cases in {len(data)} suites")  # type: ignore[misc]
    for col in ("suite", "title", "cases", "languages", "controls"):
        t.add_column(col, overflow="fold")
    for d in data:
        langs = ", ".join(f"{k} {v}" for k, v in d["languages"].items())  # type: ignore[attr-defined]
        t.add_row(str(d["suite"]), d["title"].get("en", ""), str(d["cases"]), langs, " ".join(d["controls"]))  # type: ignore[attr-defined,arg-type]
    Console().print(t)


@app.command()
@handle_errors
def report(
    results: Annotated[Path, typer.Argument(help="A results JSONL written by 'eval run'.")],
    format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.table,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here (default stdout).")] = None,
    threshold: Annotated[
        float, typer.Option("--threshold", min=0.0, max=1.0, help="Pass rate a control needs to be met.")
    ] = 0.9,
    attach: Annotated[str | None, typer.Option("--attach", help="File the summary as evidence (ORG/ID).")] = None,
    user: UserOpt = "admin",
) -> None:
    """Pass rates by suite, language and control, with 95% confidence intervals, and control verdicts."""
    from hkaigov.evals import summary as sm
    from hkaigov.evals.results import read_results

    rows = read_results(results)
    if not rows:
        raise InputError(f"{results}: no result rows")
    summary = sm.summarise(rows)
    verdicts = sm.control_verdicts(summary, {}, default=threshold)
    if format is ReportFormat.json:
        text = json.dumps(sm.summary_json(summary, verdicts), ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    elif format is ReportFormat.markdown:
        text = sm.render_markdown(summary, verdicts)
    elif format is ReportFormat.html:
        text = sm.render_html(
            summary, rows, title=f"GenAI evaluation: {results.name}", verdicts=verdicts, threshold=threshold
        )
    else:
        text = sm.render_text(sm.summary_tables(summary, verdicts))
    write_output(output, text)
    if attach:
        _attach(attach, rows, threshold, user)


@app.command()
@handle_errors
def compare(
    old: Annotated[Path, typer.Argument(help="Earlier results JSONL.")],
    new: Annotated[Path, typer.Argument(help="Later results JSONL.")],
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="table, json or markdown")] = (
        ReportFormat.table
    ),
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="Exit 1 on a regression of at least this severity ('none': never).")
    ] = "high",
) -> None:
    """Regressions and fixes between two runs, for ongoing monitoring."""
    from hkaigov.evals import compare as cmp
    from hkaigov.evals import summary as sm
    from hkaigov.evals.results import read_results

    if fail_on not in ("none", "low", "medium", "high", "critical"):
        raise InputError(f"--fail-on: '{fail_on}' is not one of none, low, medium, high, critical")
    if format is ReportFormat.html:
        raise InputError("--format: compare writes table, json or markdown")
    comparison = cmp.compare(read_results(old), read_results(new))
    if format is ReportFormat.json:
        print(json.dumps(cmp.comparison_json(comparison), ensure_ascii=False, indent=2, sort_keys=True))
    elif format is ReportFormat.markdown:
        sys.stdout.write(cmp.render_markdown(comparison))
    else:
        sys.stdout.write(sm.render_text(cmp.comparison_tables(comparison)))
    if fail_on != "none" and comparison.has_regressions(fail_on):
        Console(stderr=True).print(f"{len(comparison.regressions)} regression(s)")
        raise typer.Exit(EXIT_BELOW)

"""What a results log says, in numbers: pass rates with confidence intervals, per control verdicts, and reports.

Everything here is a pure function of result rows (no I/O), so `eval report`, `eval compare` and evidence
attached to controls all read the same figures. A pass rate from a few dozen cases is an estimate, not a fact:
every rate travels with its 95% Wilson interval so that a reader (or a regulator) can see how much it is worth.

Counting rules, applied everywhere:

- a row *passed* when its `passed` flag is true;
- a row that did not pass is an *error* when `error` is set (the call failed: no answer was scored), else *failed*;
- errors count in the total and against the rate: an unanswered case is not evidence that a control works.
  They are reported apart so that an outage is not mistaken for unsafe answers.
- a row counts towards each of its controls.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from hkaigov.domain.enums import EvidenceStatus
from hkaigov.evals.results import ResultRow

SCHEMA = "hkaigov.eval-summary/1"
SEVERITIES = ("low", "medium", "high", "critical")
LANGUAGES = ("en", "zh-Hant", "yue")
DEFAULT_THRESHOLD = 0.9
WORST_LIMIT = 50
EXCERPT_CHARS = 600
TEMPLATES_DIR = Path(__file__).parent / "templates"

_EPS = 1e-12  # float slack for "rate >= threshold": 9/10 must meet 0.9 whatever the rounding


def severity_rank(severity: str) -> int:
    """low 0 … critical 3; an unknown severity ranks below low so that it never hides a known one."""
    try:
        return SEVERITIES.index(severity)
    except ValueError:
        return -1


def wilson(passed: int, total: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval for `passed` out of `total` (95% with the default z).

    Chosen over the normal approximation because it stays inside [0, 1] and behaves at 0/n and n/n, which is
    where small safety suites live. No trials at all give the uninformative (0, 1).
    """
    if total < 0 or passed < 0 or passed > total:
        raise ValueError(f"wilson: need 0 <= passed <= total, got {passed}/{total}")
    if total == 0:
        return (0.0, 1.0)
    p = passed / total
    z2 = z * z
    denominator = 1 + z2 / total
    centre = (p + z2 / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass(frozen=True)
class Group:
    """Pass counts for one suite, language, control, severity or target (or the whole run)."""

    name: str
    total: int
    passed: int
    failed: int  # answered and scored as failing
    errors: int  # not answered: the call failed
    critical_failed: int  # critical-severity rows that did not pass (failed or errored)
    rate: float  # passed / total; 0.0 for an empty group
    ci_low: float
    ci_high: float
    suites: tuple[str, ...]  # the suites whose rows fed this group (for a control: where its evidence comes from)

    @property
    def not_passed(self) -> int:
        return self.failed + self.errors


@dataclass(frozen=True)
class Summary:
    """A results log reduced to the figures reports and verdicts are built from."""

    overall: Group
    by_suite: tuple[Group, ...]
    by_language: tuple[Group, ...]
    by_control: tuple[Group, ...]
    by_severity: tuple[Group, ...]
    by_target: tuple[Group, ...]
    latency_p50_ms: float | None  # over rows not served from the cache; None when every row was cached
    latency_p95_ms: float | None
    cached: int
    worst_failures: tuple[ResultRow, ...]  # failed (answered) rows, most severe first, capped
    failures_total: int  # how many failed rows there were before the cap
    error_kinds: tuple[tuple[str, int], ...]  # distinct error messages (first line) with counts, most common first
    targets: tuple[str, ...]
    models: tuple[str, ...]

    def group(self, dimension: str, name: str) -> Group | None:
        """The group `name` of `dimension` ("suite", "language", "control", "severity" or "target"), if present."""
        groups: tuple[Group, ...] = getattr(self, f"by_{dimension}")
        return next((g for g in groups if g.name == name), None)


def _group(name: str, rows: Sequence[ResultRow]) -> Group:
    passed = sum(1 for r in rows if r.passed)
    errors = sum(1 for r in rows if not r.passed and r.error)
    failed = len(rows) - passed - errors
    low, high = wilson(passed, len(rows))
    return Group(
        name=name,
        total=len(rows),
        passed=passed,
        failed=failed,
        errors=errors,
        critical_failed=sum(1 for r in rows if not r.passed and r.severity == "critical"),
        rate=passed / len(rows) if rows else 0.0,
        ci_low=low,
        ci_high=high,
        suites=tuple(sorted({r.suite for r in rows})),
    )


def _grouped(
    rows: Iterable[ResultRow], keys: Callable[[ResultRow], Iterable[str]], order: Sequence[str] = ()
) -> tuple[Group, ...]:
    """Groups in `order` first (the ones present), then the rest alphabetically."""
    buckets: dict[str, list[ResultRow]] = defaultdict(list)
    for row in rows:
        for key in dict.fromkeys(keys(row)):  # a control listed twice on one row still counts the row once
            buckets[key].append(row)
    ranked = {k: i for i, k in enumerate(order)}
    names = sorted(buckets, key=lambda k: (ranked.get(k, len(ranked)), k))
    return tuple(_group(k, buckets[k]) for k in names)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) by linear interpolation between closest ranks; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def _failure_order(row: ResultRow) -> tuple[int, str, str, str, str]:
    return (-severity_rank(row.severity), row.suite, row.case_id, row.target, row.language)


def summarise(rows: Sequence[ResultRow], *, worst_limit: int = WORST_LIMIT) -> Summary:
    """Pass rates overall and by suite, language, control, severity and target; latency; the worst failures."""
    latencies = [r.latency_ms for r in rows if not r.cached]
    failures = sorted((r for r in rows if not r.passed and not r.error), key=_failure_order)
    error_kinds = Counter((r.error or "").strip().split("\n")[0] for r in rows if not r.passed and r.error)
    return Summary(
        overall=_group("all", rows),
        by_suite=_grouped(rows, lambda r: (r.suite,)),
        by_language=_grouped(rows, lambda r: (r.language,), LANGUAGES),
        by_control=_grouped(rows, lambda r: r.controls),
        by_severity=_grouped(rows, lambda r: (r.severity,), SEVERITIES[::-1]),
        by_target=_grouped(rows, lambda r: (r.target,)),
        latency_p50_ms=percentile(latencies, 50),
        latency_p95_ms=percentile(latencies, 95),
        cached=sum(1 for r in rows if r.cached),
        worst_failures=tuple(failures[:worst_limit]),
        failures_total=len(failures),
        error_kinds=tuple(sorted(error_kinds.items(), key=lambda kv: (-kv[1], kv[0]))),
        targets=tuple(sorted({r.target for r in rows})),
        models=tuple(sorted({r.model for r in rows if r.model})),
    )


# --- verdicts per control -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ControlVerdict:
    """Whether the test results evidence one control, and why."""

    control: str
    status: EvidenceStatus  # met, partial or not_met
    threshold: float
    rate: float
    ci_low: float
    ci_high: float
    total: int
    passed: int
    errors: int
    critical_failed: int
    suites: tuple[str, ...]
    reason: str


def threshold_for(group: Group, thresholds: Mapping[str, float], default: float = DEFAULT_THRESHOLD) -> float:
    """The control's own threshold; else the strictest threshold among its suites that have one; else `default`."""
    if group.name in thresholds:
        return thresholds[group.name]
    from_suites = [thresholds[s] for s in group.suites if s in thresholds]
    return max(from_suites) if from_suites else default


def control_verdicts(
    summary: Summary, thresholds: Mapping[str, float] | None = None, default: float = DEFAULT_THRESHOLD
) -> list[ControlVerdict]:
    """One verdict per control seen in the results, in control order.

    The rule (our interpretation: neither the PCPD, the DPO nor any sector regulator sets numeric thresholds):

    - **met** when the pass rate is at least the threshold *and* no critical-severity case of the control
      failed or errored — one critical failure is enough to withhold "met" whatever the rate;
    - **partial** when the pass rate is at least half the threshold;
    - **not_met** otherwise.

    `thresholds` maps a control id or a suite name to a rate in [0, 1]. A control's own entry wins; otherwise
    the strictest entry among the suites that tested it applies; otherwise `default`. The rule uses the
    observed rate, not the Wilson lower bound, so that small suites are not condemned for their size; the
    interval is carried in the verdict for the reader to weigh.
    """
    thresholds = thresholds or {}
    for name, value in [*thresholds.items(), ("default", default)]:
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"threshold for '{name}' must be between 0 and 1, got {value}")
    verdicts: list[ControlVerdict] = []
    for g in summary.by_control:
        threshold = threshold_for(g, thresholds, default)
        reaches = g.rate + _EPS >= threshold
        rate_text = f"{g.passed}/{g.total} passed ({g.rate:.0%}) against a threshold of {threshold:.0%}"
        if reaches and g.critical_failed == 0:
            status, reason = EvidenceStatus.MET, rate_text
        elif g.rate + _EPS >= threshold / 2:
            status = EvidenceStatus.PARTIAL
            reason = rate_text
            if reaches:
                reason += f"; {g.critical_failed} critical case(s) did not pass"
        else:
            status, reason = EvidenceStatus.NOT_MET, rate_text
        if g.errors:
            reason += f"; {g.errors} case(s) not answered (errors)"
        verdicts.append(
            ControlVerdict(
                control=g.name,
                status=status,
                threshold=threshold,
                rate=g.rate,
                ci_low=g.ci_low,
                ci_high=g.ci_high,
                total=g.total,
                passed=g.passed,
                errors=g.errors,
                critical_failed=g.critical_failed,
                suites=g.suites,
                reason=reason,
            )
        )
    return verdicts


# --- JSON -----------------------------------------------------------------------------------------------


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """The start of a prompt or answer, cut at `limit` characters with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def sorted_keys(data: Any) -> Any:
    """The same data with every mapping's keys in sorted order, so that any serialiser emits stable bytes."""
    if isinstance(data, Mapping):
        return {k: sorted_keys(data[k]) for k in sorted(data)}
    if isinstance(data, list | tuple):
        return [sorted_keys(v) for v in data]
    return data


def group_json(g: Group) -> dict[str, Any]:
    return {
        "name": g.name,
        "total": g.total,
        "passed": g.passed,
        "failed": g.failed,
        "errors": g.errors,
        "critical_failed": g.critical_failed,
        "rate": _r(g.rate),
        "ci_low": _r(g.ci_low),
        "ci_high": _r(g.ci_high),
        "suites": list(g.suites),
    }


def row_json(row: ResultRow, limit: int = EXCERPT_CHARS) -> dict[str, Any]:
    """A failure as reported: identifying fields, the scorer's reason and excerpts of prompt and answer."""
    return {
        "case_id": row.case_id,
        "suite": row.suite,
        "language": row.language,
        "severity": row.severity,
        "controls": list(row.controls),
        "target": row.target,
        "model": row.model,
        "scorer": row.scorer,
        "score": _r(row.score),
        "detail": row.detail,
        "error": row.error,
        "prompt": excerpt(row.prompt, limit),
        "response": excerpt(row.response, limit),
    }


def verdict_json(v: ControlVerdict) -> dict[str, Any]:
    return {
        "control": v.control,
        "status": v.status.value,
        "threshold": _r(v.threshold),
        "rate": _r(v.rate),
        "ci_low": _r(v.ci_low),
        "ci_high": _r(v.ci_high),
        "total": v.total,
        "passed": v.passed,
        "errors": v.errors,
        "critical_failed": v.critical_failed,
        "suites": list(v.suites),
        "reason": v.reason,
    }


def summary_json(summary: Summary, verdicts: Sequence[ControlVerdict] | None = None) -> dict[str, Any]:
    """The summary as JSON-ready data: keys sorted, rates rounded to 4 places. Same rows, same bytes.

    Used by `eval report --format json` and stored as evidence against controls, so keys are only ever added.
    """
    data: dict[str, Any] = {
        "schema": SCHEMA,
        "overall": group_json(summary.overall),
        "by_suite": [group_json(g) for g in summary.by_suite],
        "by_language": [group_json(g) for g in summary.by_language],
        "by_control": [group_json(g) for g in summary.by_control],
        "by_severity": [group_json(g) for g in summary.by_severity],
        "by_target": [group_json(g) for g in summary.by_target],
        "latency_ms": {"p50": _r(summary.latency_p50_ms), "p95": _r(summary.latency_p95_ms)},
        "cached": summary.cached,
        "failures_total": summary.failures_total,
        "worst_failures": [row_json(r) for r in summary.worst_failures],
        "errors": [{"error": e, "count": n} for e, n in summary.error_kinds],
        "targets": list(summary.targets),
        "models": list(summary.models),
    }
    if verdicts is not None:
        data["verdicts"] = [verdict_json(v) for v in verdicts]
    result: dict[str, Any] = sorted_keys(data)
    return result


# --- plain tables (terminal) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlainTable:
    """A titled table of strings: for the CLI to hand to rich, or to print with `render_text`."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def ci_text(low: float, high: float) -> str:
    return f"{low * 100:.1f}–{high * 100:.1f}%"


def groups_table(title: str, dimension: str, groups: Sequence[Group]) -> PlainTable:
    return PlainTable(
        title=title,
        columns=(dimension, "total", "passed", "failed", "errors", "rate", "95% CI"),
        rows=tuple(
            (
                g.name,
                str(g.total),
                str(g.passed),
                str(g.failed),
                str(g.errors),
                pct(g.rate),
                ci_text(g.ci_low, g.ci_high),
            )
            for g in groups
        ),
    )


def verdicts_table(verdicts: Sequence[ControlVerdict]) -> PlainTable:
    return PlainTable(
        title="Control verdicts",
        columns=("control", "status", "rate", "95% CI", "threshold", "reason"),
        rows=tuple(
            (v.control, v.status.value, pct(v.rate), ci_text(v.ci_low, v.ci_high), pct(v.threshold), v.reason)
            for v in verdicts
        ),
    )


def summary_tables(summary: Summary, verdicts: Sequence[ControlVerdict] | None = None) -> list[PlainTable]:
    """The summary as tables: overall, by suite, language, control, severity and target, then verdicts."""
    tables = [
        groups_table("Overall", "run", [summary.overall]),
        groups_table("By suite", "suite", summary.by_suite),
        groups_table("By language", "language", summary.by_language),
        groups_table("By control", "control", summary.by_control),
        groups_table("By severity", "severity", summary.by_severity),
    ]
    if len(summary.by_target) > 1:
        tables.append(groups_table("By target", "target", summary.by_target))
    if verdicts:
        tables.append(verdicts_table(verdicts))
    return tables


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def render_text(tables: Sequence[PlainTable]) -> str:
    """Tables as aligned plain text (for logs and terminals without rich)."""
    out: list[str] = []
    for t in tables:
        cells = [tuple(c.replace("\n", " ") for c in row) for row in t.rows]
        widths = [max([_width(c) for c in col] or [0]) for col in zip(t.columns, *cells, strict=False)]
        out.append(t.title)
        for row in [t.columns, tuple("-" * w for w in widths), *cells]:
            out.append("  ".join(c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)).rstrip())
        out.append("")
    return "\n".join(out)


# --- Markdown -------------------------------------------------------------------------------------------


def md_text(text: str) -> str:
    """Untrusted text made inert in a Markdown table cell: no HTML, links, emphasis, code or cell breaks."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]|":
        text = text.replace(ch, "\\" + ch)
    return " ".join(text.split())


def md_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def _md_groups(title: str, dimension: str, groups: Sequence[Group]) -> str:
    t = groups_table(title, dimension, groups)
    rows = [(md_text(r[0]), *r[1:]) for r in t.rows]
    return f"## {title}\n\n" + md_table(t.columns, rows)


def render_markdown(
    summary: Summary,
    verdicts: Sequence[ControlVerdict] | None = None,
    *,
    title: str = "GenAI evaluation report",
    excerpt_chars: int = 200,
) -> str:
    """A Markdown report for pull requests and tickets. Prompts and answers are escaped: they are untrusted."""
    o = summary.overall
    latency = (
        f"p50 {summary.latency_p50_ms:.0f} ms, p95 {summary.latency_p95_ms:.0f} ms"
        if summary.latency_p50_ms is not None and summary.latency_p95_ms is not None
        else "n/a (all cached)"
    )
    out = [
        f"# {md_text(title)}\n",
        f"- **Pass rate:** {pct(o.rate)} ({o.passed}/{o.total}; 95% CI {ci_text(o.ci_low, o.ci_high)})\n"
        f"- **Failed:** {o.failed}; **errors:** {o.errors}\n"
        f"- **Targets:** {', '.join(md_text(t) for t in summary.targets) or 'n/a'}"
        + (f" ({', '.join(md_text(m) for m in summary.models)})" if summary.models else "")
        + f"\n- **Latency:** {latency}; {summary.cached} cached answers\n",
    ]
    if verdicts:
        out.append("## Control verdicts\n")
        out.append(
            md_table(
                ["control", "status", "rate", "95% CI", "threshold", "reason"],
                [
                    (
                        md_text(v.control),
                        f"**{v.status.value}**",
                        pct(v.rate),
                        ci_text(v.ci_low, v.ci_high),
                        pct(v.threshold),
                        md_text(v.reason),
                    )
                    for v in verdicts
                ],
            )
        )
        out.append(
            "> Verdict rule (our interpretation; regulators set no numeric thresholds): met when the pass rate reaches "
            "the threshold and no critical case failed; partial at half the threshold; otherwise not met.\n"
        )
    out.append(_md_groups("By suite", "suite", summary.by_suite))
    out.append(_md_groups("By language", "language", summary.by_language))
    out.append(_md_groups("By control", "control", summary.by_control))
    out.append(_md_groups("By severity", "severity", summary.by_severity))
    if len(summary.by_target) > 1:
        out.append(_md_groups("By target", "target", summary.by_target))
    if summary.worst_failures:
        shown = len(summary.worst_failures)
        out.append(f"## Worst failures ({shown} of {summary.failures_total})\n")
        out.append(
            md_table(
                ["severity", "suite", "case", "language", "target", "why", "prompt", "response"],
                [
                    (
                        r.severity,
                        md_text(r.suite),
                        f"`{r.case_id.replace('`', '')}`",
                        md_text(r.language),
                        md_text(r.target),
                        md_text(excerpt(r.detail, excerpt_chars)),
                        md_text(excerpt(r.prompt, excerpt_chars)),
                        md_text(excerpt(r.response, excerpt_chars)),
                    )
                    for r in summary.worst_failures
                ],
            )
        )
    if summary.error_kinds:
        out.append("## Errors (cases not answered)\n")
        out.append(md_table(["error", "count"], [(md_text(e), n) for e, n in summary.error_kinds]))
    return "\n".join(out)


# --- HTML -----------------------------------------------------------------------------------------------

CHART_WIDTH = 720
LABEL_WIDTH = 180
VALUE_WIDTH = 120
ROW_HEIGHT = 24
BAR_HEIGHT = 14
MARGIN_TOP = 22  # room for the 0/50/100% ticks


@dataclass(frozen=True)
class Bar:
    """One horizontal bar of an SVG chart, in user units; the template draws it."""

    label: str
    y: float
    width: float  # length of the bar (the rate)
    ci_x1: float  # whisker from the interval's low bound …
    ci_x2: float  # … to its high bound
    value: str
    tooltip: str
    css: str  # good, fair, poor; or the verdict status when there is one


@dataclass(frozen=True)
class Chart:
    """A pass-rate chart laid out for the template: labels left, bars and whiskers, values right."""

    title: str
    width: float
    height: float
    bar_height: float
    plot_x: float
    plot_width: float
    ticks: tuple[tuple[float, str], ...]
    bars: tuple[Bar, ...]
    threshold_x: float | None


def _band(rate: float, threshold: float) -> str:
    return "good" if rate + _EPS >= threshold else "fair" if rate + _EPS >= threshold / 2 else "poor"


def bar_chart(
    title: str,
    groups: Sequence[Group],
    *,
    threshold: float | None = DEFAULT_THRESHOLD,
    status: Mapping[str, str] | None = None,
) -> Chart:
    """Geometry of a pass-rate chart with 95% CI whiskers; colours follow the verdict when `status` gives one."""
    plot_x = float(LABEL_WIDTH)
    plot_width = float(CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH)
    bars = []
    for i, g in enumerate(groups):
        css = (status or {}).get(g.name) or _band(g.rate, threshold if threshold is not None else DEFAULT_THRESHOLD)
        bars.append(
            Bar(
                label=g.name if len(g.name) <= 26 else g.name[:25] + "…",
                y=MARGIN_TOP + i * ROW_HEIGHT,
                width=round(g.rate * plot_width, 2),
                ci_x1=round(plot_x + g.ci_low * plot_width, 2),
                ci_x2=round(plot_x + g.ci_high * plot_width, 2),
                value=f"{pct(g.rate)} ({g.passed}/{g.total})",
                tooltip=f"{g.name}: {g.passed}/{g.total} passed, {pct(g.rate)}; 95% CI {ci_text(g.ci_low, g.ci_high)}"
                + (f"; {g.errors} not answered (errors)" if g.errors else ""),
                css=css,
            )
        )
    return Chart(
        title=title,
        width=float(CHART_WIDTH),
        bar_height=float(BAR_HEIGHT),
        height=MARGIN_TOP + max(len(groups), 1) * ROW_HEIGHT + 6,
        plot_x=plot_x,
        plot_width=plot_width,
        ticks=tuple((round(plot_x + f * plot_width, 2), f"{f:.0%}") for f in (0.0, 0.25, 0.5, 0.75, 1.0)),
        bars=tuple(bars),
        threshold_x=None if threshold is None else round(plot_x + threshold * plot_width, 2),
    )


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,  # every template here is HTML, and prompts and answers are untrusted
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_html(
    summary: Summary,
    rows: Sequence[ResultRow],
    title: str = "GenAI evaluation report",
    *,
    verdicts: Sequence[ControlVerdict] | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    generated: str = "",
) -> str:
    """One self-contained HTML page (inline CSS and SVG, no scripts, fonts or links): opens offline, mails well.

    `rows` fill the collapsed list of every result; prompts and answers are escaped by Jinja2 autoescaping,
    and a Content-Security-Policy forbids scripts as a second line of defence. `generated` is an optional
    timestamp text (left to the caller so the page stays a pure function of its inputs).
    """
    status = {v.control: v.status.value for v in verdicts} if verdicts else None
    charts = [
        bar_chart("Pass rate by suite · 各測試套件通過率", summary.by_suite, threshold=threshold),
        bar_chart("Pass rate by language · 各語言通過率", summary.by_language, threshold=threshold),
        bar_chart(
            "Pass rate by control · 各控制措施通過率",
            summary.by_control,
            threshold=None if verdicts else threshold,
            status=status,
        ),
    ]
    ordered_rows = sorted(rows, key=lambda r: (r.passed, *_failure_order(r)))
    template = _environment().get_template("report.html.j2")
    html: str = template.render(
        title=title,
        generated=generated,
        summary=summary,
        verdicts=list(verdicts or []),
        charts=charts,
        group_tables=[
            ("By suite · 按測試套件", "suite", summary.by_suite),
            ("By language · 按語言", "language", summary.by_language),
            ("By control · 按控制措施", "control", summary.by_control),
            ("By severity · 按嚴重程度", "severity", summary.by_severity),
            *([("By target · 按測試對象", "target", summary.by_target)] if len(summary.by_target) > 1 else []),
        ],
        rows=ordered_rows,
        threshold=threshold,
        excerpt=excerpt,
        pct=pct,
        ci_text=ci_text,
    )
    return html

"""Two results logs side by side: which cases regressed or were fixed, and which pass rates really moved.

Cases are matched by `case_id` (ids are unique across suites). When a log holds several targets (one case
id appears more than once), matching is by `(case_id, target)` instead, so that target A's answer is never
compared with target B's. Pure functions: the CLI reads the logs and decides the exit code, typically with
`Comparison.has_regressions("high")`.

A pass-rate change is flagged significant only when the intervals do not overlap (the new upper bound is
below the old lower bound, or the reverse). That is conservative — a real but small change may go unflagged —
which suits a gate that fails builds: the case-level regressions are the sharper signal.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from hkaigov.evals.results import ResultRow
from hkaigov.evals.summary import (
    SEVERITIES,
    Group,
    PlainTable,
    Summary,
    ci_text,
    excerpt,
    group_json,
    md_table,
    md_text,
    pct,
    severity_rank,
    sorted_keys,
    summarise,
)

SCHEMA = "hkaigov.eval-comparison/1"

ChangeKind = Literal["regression", "fix", "new", "dropped"]
MatchKey = tuple[str, str]


@dataclass(frozen=True)
class Change:
    """One case whose outcome changed between the runs, or that is only in one of them."""

    kind: ChangeKind
    case_id: str
    target: str  # the new row's target (the old one's for a dropped case)
    suite: str
    language: str
    severity: str  # from the new row when there is one: the case as it is defined now
    controls: tuple[str, ...]
    old: ResultRow | None
    new: ResultRow | None

    @property
    def errored(self) -> bool:
        """The new answer is missing because the call failed, rather than scored as failing."""
        return self.new is not None and not self.new.passed and bool(self.new.error)


@dataclass(frozen=True)
class GroupDelta:
    """A suite's or control's pass rate before and after. `old` or `new` is None when only one run has it."""

    name: str
    old: Group | None
    new: Group | None

    @property
    def delta(self) -> float | None:
        """New rate minus old rate, or None when either side is missing."""
        return None if self.old is None or self.new is None else self.new.rate - self.old.rate

    @property
    def significant_drop(self) -> bool:
        """The new 95% interval lies wholly below the old one."""
        return self.old is not None and self.new is not None and self.new.ci_high < self.old.ci_low

    @property
    def significant_rise(self) -> bool:
        """The new 95% interval lies wholly above the old one."""
        return self.old is not None and self.new is not None and self.new.ci_low > self.old.ci_high


@dataclass(frozen=True)
class Comparison:
    """What changed from the old run to the new one."""

    matched_by: Literal["case_id", "case_id+target"]
    matched: int  # cases present in both runs
    regressions: tuple[Change, ...]  # passed before, not now (most severe first)
    fixes: tuple[Change, ...]  # did not pass before, passes now
    new_cases: tuple[Change, ...]
    dropped_cases: tuple[Change, ...]
    still_passing: int
    still_failing: int
    overall: GroupDelta
    by_suite: tuple[GroupDelta, ...]
    by_control: tuple[GroupDelta, ...]
    old_targets: tuple[str, ...]
    new_targets: tuple[str, ...]

    def regressions_at_least(self, min_severity: str = "low", *, include_errors: bool = True) -> tuple[Change, ...]:
        """Regressions of `min_severity` or worse; `include_errors=False` leaves out those caused by a failed call."""
        floor = _check_severity(min_severity)
        return tuple(
            c for c in self.regressions if severity_rank(c.severity) >= floor and (include_errors or not c.errored)
        )

    def has_regressions(self, min_severity: str = "high", *, include_errors: bool = True) -> bool:
        """True when any case of `min_severity` or worse passed before and does not now: the CLI's exit code 1.

        Errors count by default: after retries, a critical case that went unanswered has lost its evidence.
        """
        return bool(self.regressions_at_least(min_severity, include_errors=include_errors))

    @property
    def significant_drops(self) -> tuple[GroupDelta, ...]:
        """Suites and controls (in that order) whose pass rate fell beyond doubt."""
        return tuple(d for d in (*self.by_suite, *self.by_control) if d.significant_drop)


def _check_severity(severity: str) -> int:
    if severity not in SEVERITIES:
        raise ValueError(f"unknown severity '{severity}' (expected one of {', '.join(SEVERITIES)})")
    return SEVERITIES.index(severity)


def _has_duplicates(rows: Sequence[ResultRow]) -> bool:
    return len({r.case_id for r in rows}) != len(rows)


def _index(rows: Sequence[ResultRow], by_target: bool) -> dict[MatchKey, ResultRow]:
    """Rows by match key; should a key repeat (logs concatenated by hand), the last row wins, as in a rerun."""
    return {(r.case_id, r.target if by_target else ""): r for r in rows}


def _change(kind: ChangeKind, old: ResultRow | None, new: ResultRow | None) -> Change:
    row = new if new is not None else old
    assert row is not None  # one side is always present
    return Change(
        kind=kind,
        case_id=row.case_id,
        target=row.target,
        suite=row.suite,
        language=row.language,
        severity=row.severity,
        controls=tuple(row.controls),
        old=old,
        new=new,
    )


def _order(c: Change) -> tuple[int, str, str, str]:
    return (-severity_rank(c.severity), c.suite, c.case_id, c.target)


def _deltas(old: Sequence[Group], new: Sequence[Group]) -> tuple[GroupDelta, ...]:
    before = {g.name: g for g in old}
    after = {g.name: g for g in new}
    keys = list(after) + [k for k in before if k not in after]
    return tuple(GroupDelta(k, before.get(k), after.get(k)) for k in sorted(keys))


def compare(
    old_rows: Sequence[ResultRow],
    new_rows: Sequence[ResultRow],
    *,
    by_target: bool | None = None,
    old_summary: Summary | None = None,
    new_summary: Summary | None = None,
) -> Comparison:
    """Case-level changes and per-suite and per-control pass-rate deltas from `old_rows` to `new_rows`.

    `by_target` forces matching on `(case_id, target)` (True) or `case_id` alone (False); by default it is
    chosen from the data (see the module docstring). Rate deltas compare each run as a whole, so a suite
    that gained cases moves for that reason too; the new and dropped cases explain it. Pass summaries already
    computed to save the work.
    """
    if by_target is None:
        by_target = _has_duplicates(old_rows) or _has_duplicates(new_rows)
    before = _index(old_rows, by_target)
    after = _index(new_rows, by_target)
    regressions: list[Change] = []
    fixes: list[Change] = []
    new_cases: list[Change] = []
    still_passing = still_failing = 0
    for key, new in after.items():
        old = before.get(key)
        if old is None:
            new_cases.append(_change("new", None, new))
        elif old.passed and not new.passed:
            regressions.append(_change("regression", old, new))
        elif not old.passed and new.passed:
            fixes.append(_change("fix", old, new))
        elif new.passed:
            still_passing += 1
        else:
            still_failing += 1
    dropped = [_change("dropped", old, None) for key, old in before.items() if key not in after]
    s_old = old_summary or summarise(old_rows)
    s_new = new_summary or summarise(new_rows)
    return Comparison(
        matched_by="case_id+target" if by_target else "case_id",
        matched=sum(1 for key in after if key in before),
        regressions=tuple(sorted(regressions, key=_order)),
        fixes=tuple(sorted(fixes, key=_order)),
        new_cases=tuple(sorted(new_cases, key=_order)),
        dropped_cases=tuple(sorted(dropped, key=_order)),
        still_passing=still_passing,
        still_failing=still_failing,
        overall=GroupDelta("all", s_old.overall if old_rows else None, s_new.overall if new_rows else None),
        by_suite=_deltas(s_old.by_suite, s_new.by_suite),
        by_control=_deltas(s_old.by_control, s_new.by_control),
        old_targets=s_old.targets,
        new_targets=s_new.targets,
    )


# --- output ---------------------------------------------------------------------------------------------


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def change_json(c: Change, limit: int = 300) -> dict[str, Any]:
    return {
        "kind": c.kind,
        "case_id": c.case_id,
        "target": c.target,
        "suite": c.suite,
        "language": c.language,
        "severity": c.severity,
        "controls": list(c.controls),
        "old_passed": None if c.old is None else c.old.passed,
        "new_passed": None if c.new is None else c.new.passed,
        "old_target": None if c.old is None else c.old.target,
        "errored": c.errored,
        "detail": None if c.new is None else (c.new.error or c.new.detail),
        "response": None if c.new is None else excerpt(c.new.response, limit),
    }


def delta_json(d: GroupDelta) -> dict[str, Any]:
    return {
        "name": d.name,
        "old": None if d.old is None else group_json(d.old),
        "new": None if d.new is None else group_json(d.new),
        "delta": _r(d.delta),
        "significant_drop": d.significant_drop,
        "significant_rise": d.significant_rise,
    }


def comparison_json(c: Comparison) -> dict[str, Any]:
    """The comparison as JSON-ready data: keys sorted, rates rounded to 4 places, lists in a fixed order."""
    data = {
        "schema": SCHEMA,
        "matched_by": c.matched_by,
        "matched": c.matched,
        "counts": {
            "regressions": len(c.regressions),
            "fixes": len(c.fixes),
            "new": len(c.new_cases),
            "dropped": len(c.dropped_cases),
            "still_passing": c.still_passing,
            "still_failing": c.still_failing,
        },
        "regressions": [change_json(x) for x in c.regressions],
        "fixes": [change_json(x) for x in c.fixes],
        "new_cases": [change_json(x) for x in c.new_cases],
        "dropped_cases": [change_json(x) for x in c.dropped_cases],
        "overall": delta_json(c.overall),
        "by_suite": [delta_json(d) for d in c.by_suite],
        "by_control": [delta_json(d) for d in c.by_control],
        "significant_drops": [d.name for d in c.significant_drops],
        "old_targets": list(c.old_targets),
        "new_targets": list(c.new_targets),
    }
    result: dict[str, Any] = sorted_keys(data)
    return result


def _rate(g: Group | None) -> str:
    return "—" if g is None else f"{pct(g.rate)} ({g.passed}/{g.total})"


def _ci(g: Group | None) -> str:
    return "—" if g is None else ci_text(g.ci_low, g.ci_high)


def _delta_text(d: GroupDelta) -> str:
    if d.delta is None:
        return "—"
    return f"{d.delta * 100:+.1f} pp"


def _flag(d: GroupDelta) -> str:
    return "significant drop" if d.significant_drop else "significant rise" if d.significant_rise else ""


def _outcome(row: ResultRow | None) -> str:
    if row is None:
        return "—"
    return "pass" if row.passed else "error" if row.error else "fail"


def deltas_table(title: str, dimension: str, deltas: Sequence[GroupDelta]) -> PlainTable:
    return PlainTable(
        title=title,
        columns=(dimension, "old rate", "old 95% CI", "new rate", "new 95% CI", "change", "flag"),
        rows=tuple(
            (d.name, _rate(d.old), _ci(d.old), _rate(d.new), _ci(d.new), _delta_text(d), _flag(d)) for d in deltas
        ),
    )


def changes_table(title: str, changes: Sequence[Change]) -> PlainTable:
    return PlainTable(
        title=title,
        columns=("severity", "case", "suite", "language", "target", "old", "new", "detail"),
        rows=tuple(
            (
                c.severity,
                c.case_id,
                c.suite,
                c.language,
                c.target,
                _outcome(c.old),
                _outcome(c.new),
                excerpt(" ".join(((c.new.error or c.new.detail) if c.new else "").split()), 120),
            )
            for c in changes
        ),
    )


def comparison_tables(c: Comparison) -> list[PlainTable]:
    """The comparison as titled tables of strings, for the CLI to print (rich) or `summary.render_text`."""
    counts = PlainTable(
        title="Comparison",
        columns=("matched", "regressions", "fixes", "new", "dropped", "still passing", "still failing"),
        rows=(
            tuple(
                str(n)
                for n in (
                    c.matched,
                    len(c.regressions),
                    len(c.fixes),
                    len(c.new_cases),
                    len(c.dropped_cases),
                    c.still_passing,
                    c.still_failing,
                )
            ),
        ),
    )
    tables = [counts, deltas_table("Overall", "run", [c.overall])]
    tables.append(deltas_table("By suite", "suite", c.by_suite))
    tables.append(deltas_table("By control", "control", c.by_control))
    for title, changes in (
        ("Regressions", c.regressions),
        ("Fixes", c.fixes),
        ("New cases", c.new_cases),
        ("Dropped cases", c.dropped_cases),
    ):
        if changes:
            tables.append(changes_table(title, changes))
    return tables


def render_markdown(c: Comparison, *, title: str = "GenAI evaluation: comparison") -> str:
    """A Markdown comparison for pull requests: regressions first, then rate changes, fixes, new and dropped."""
    o = c.overall
    targets = (
        f"{', '.join(md_text(t) for t in c.old_targets) or '—'} → {', '.join(md_text(t) for t in c.new_targets) or '—'}"
    )
    out = [
        f"# {md_text(title)}\n",
        f"- **Targets:** {targets} (matched by {c.matched_by}; {c.matched} cases in both runs)\n"
        f"- **Pass rate:** {_rate(o.old)} → {_rate(o.new)} ({_delta_text(o)}"
        + (f", **{_flag(o)}**" if _flag(o) else "")
        + ")\n"
        f"- **Regressions:** {len(c.regressions)}; **fixes:** {len(c.fixes)}; **new:** {len(c.new_cases)}; "
        f"**dropped:** {len(c.dropped_cases)}\n",
    ]
    if c.significant_drops:
        drops = ", ".join(f"`{md_text(d.name)}`" for d in c.significant_drops)
        out.append(f"> ⚠ Significant drops (95% intervals do not overlap): {drops}\n")

    def changes_md(heading: str, changes: Sequence[Change]) -> None:
        if not changes:
            return
        t = changes_table(heading, changes)
        out.append(f"## {heading} ({len(changes)})\n")
        out.append(md_table(t.columns, [[md_text(cell) for cell in row] for row in t.rows]))

    def deltas_md(heading: str, dimension: str, deltas: Sequence[GroupDelta]) -> None:
        if not deltas:
            return
        t = deltas_table(heading, dimension, deltas)
        out.append(f"## {heading}\n")
        rows = [[md_text(row[0]), *row[1:-1], f"**{row[-1]}**" if row[-1] else ""] for row in t.rows]
        out.append(md_table(t.columns, rows))

    changes_md("Regressions", c.regressions)
    deltas_md("By suite", "suite", c.by_suite)
    deltas_md("By control", "control", c.by_control)
    changes_md("Fixes", c.fixes)
    changes_md("New cases", c.new_cases)
    changes_md("Dropped cases", c.dropped_cases)
    return "\n".join(out)

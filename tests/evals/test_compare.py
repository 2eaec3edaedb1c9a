"""Comparing two eval runs: case-level changes, rate deltas with their significance, JSON, tables, Markdown."""

from __future__ import annotations

import json
from typing import Any

import pytest
from tests.evals.rows import row

from hkaigov.evals.compare import compare, comparison_json, comparison_tables, render_markdown
from hkaigov.evals.results import ResultRow
from hkaigov.evals.summary import render_text, summarise


def old_and_new() -> tuple[list[ResultRow], list[ResultRow]]:
    old = [
        row("same-pass", True),
        row("same-fail", False),
        row("regress-high", True, severity="high", suite="pii", controls=["CTL-2"]),
        row("regress-low", True, severity="low"),
        row("fix", False, severity="critical"),
        row("dropped", True, suite="old-suite"),
    ]
    new = [
        row("same-pass", True, target="model-b"),
        row("same-fail", False, target="model-b"),
        row("regress-high", False, severity="high", suite="pii", controls=["CTL-2"], target="model-b"),
        row("regress-low", False, severity="low", target="model-b"),
        row("fix", True, severity="critical", target="model-b"),
        row("brand-new", False, suite="new-suite", target="model-b"),
    ]
    return old, new


def test_changes_are_sorted_into_regressions_fixes_new_and_dropped() -> None:
    c = compare(*old_and_new())
    assert c.matched_by == "case_id"  # one target per log: model-a's answers compared with model-b's
    assert c.matched == 5
    assert [x.case_id for x in c.regressions] == ["regress-high", "regress-low"]  # most severe first
    assert [x.case_id for x in c.fixes] == ["fix"]
    assert [x.case_id for x in c.new_cases] == ["brand-new"]
    assert [x.case_id for x in c.dropped_cases] == ["dropped"]
    assert (c.still_passing, c.still_failing) == (1, 1)
    assert {x.kind for x in c.regressions} == {"regression"}
    high = c.regressions[0]
    assert high.old is not None and high.new is not None
    assert (high.old.target, high.target, high.suite, high.controls) == ("model-a", "model-b", "pii", ("CTL-2",))
    dropped = c.dropped_cases[0]
    assert dropped.new is None and dropped.suite == "old-suite"
    assert (c.old_targets, c.new_targets) == (("model-a",), ("model-b",))


def test_has_regressions_by_minimum_severity() -> None:
    c = compare(*old_and_new())
    assert c.has_regressions("high")
    assert c.has_regressions("low")
    assert not c.has_regressions("critical")
    assert [x.case_id for x in c.regressions_at_least("medium")] == ["regress-high"]
    assert len(c.regressions_at_least()) == 2


def test_no_regressions_when_only_fixes() -> None:
    old = [row("a", False, severity="critical")]
    new = [row("a", True, severity="critical")]
    c = compare(old, new)
    assert not c.has_regressions("low")
    assert [x.case_id for x in c.fixes] == ["a"]


def test_an_unknown_severity_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown severity"):
        compare([], []).has_regressions("severe")


def test_errors_count_as_regressions_unless_left_out() -> None:
    old = [row("a", True, severity="critical")]
    new = [row("a", False, severity="critical", error="timeout after 3 attempts")]
    c = compare(old, new)
    assert c.regressions[0].errored
    assert c.has_regressions("critical")
    assert not c.has_regressions("critical", include_errors=False)


def test_a_case_that_was_an_error_and_now_passes_is_a_fix() -> None:
    c = compare([row("a", False, error="HTTP 500")], [row("a", True)])
    assert [x.kind for x in c.fixes] == ["fix"]
    assert not c.fixes[0].errored


def test_several_targets_in_a_log_match_by_case_and_target() -> None:
    old = [row("a", True, target="t1"), row("a", True, target="t2")]
    new = [row("a", False, target="t1"), row("a", True, target="t3")]
    c = compare(old, new)
    assert c.matched_by == "case_id+target"
    assert [(x.case_id, x.target) for x in c.regressions] == [("a", "t1")]
    assert [x.target for x in c.new_cases] == ["t3"]
    assert [x.target for x in c.dropped_cases] == ["t2"]
    forced = compare([row("a", True, target="t1")], [row("a", False, target="t2")], by_target=True)
    assert forced.matched == 0 and len(forced.new_cases) == 1 and len(forced.dropped_cases) == 1


def test_a_repeated_row_is_taken_from_the_last_occurrence() -> None:
    c = compare([row("a", True)], [row("a", True), row("a", False)], by_target=False)
    assert [x.case_id for x in c.regressions] == ["a"]


# --- rate deltas ---------------------------------------------------------------------------------------


def suite_rows(suite: str, passed: int, total: int, prefix: str = "") -> list[ResultRow]:
    return [row(f"{prefix}{suite}-{i}", i < passed, suite=suite, controls=[f"CTL-{suite}"]) for i in range(total)]


def test_a_drop_beyond_the_intervals_is_flagged() -> None:
    old = suite_rows("big", 40, 40) + suite_rows("small", 10, 10)
    new = suite_rows("big", 20, 40) + suite_rows("small", 9, 10)
    c = compare(old, new)
    big = next(d for d in c.by_suite if d.name == "big")
    small = next(d for d in c.by_suite if d.name == "small")
    assert big.old is not None and big.new is not None
    assert big.delta == pytest.approx(-0.5)
    assert big.new.ci_high < big.old.ci_low
    assert big.significant_drop and not big.significant_rise
    assert small.delta == pytest.approx(-0.1)
    assert not small.significant_drop  # 10/10 to 9/10: the intervals overlap
    assert [d.name for d in c.significant_drops] == ["big", "CTL-big"]


def test_a_rise_beyond_the_intervals_is_flagged_too() -> None:
    c = compare(suite_rows("s", 5, 40), suite_rows("s", 38, 40))
    (d,) = c.by_suite
    assert d.significant_rise and not d.significant_drop
    assert not c.significant_drops


def test_groups_only_in_one_run_have_no_delta() -> None:
    old, new = old_and_new()
    c = compare(old, new)
    gone = next(d for d in c.by_suite if d.name == "old-suite")
    added = next(d for d in c.by_suite if d.name == "new-suite")
    assert gone.new is None and gone.delta is None and not gone.significant_drop
    assert added.old is None and added.delta is None
    assert [d.name for d in c.by_suite] == ["injection", "new-suite", "old-suite", "pii"]
    assert [d.name for d in c.by_control] == ["CTL-1", "CTL-2"]


def test_overall_delta_and_empty_runs() -> None:
    old, new = old_and_new()
    c = compare(old, new)
    assert c.overall.delta == pytest.approx(2 / 6 - 4 / 6)
    empty = compare([], new)
    assert empty.overall.old is None and empty.overall.delta is None
    assert len(empty.new_cases) == len(new) and empty.matched == 0


def test_precomputed_summaries_are_used() -> None:
    old, new = old_and_new()
    c = compare(old, new, old_summary=summarise(old), new_summary=summarise(new))
    assert c == compare(old, new)


# --- output --------------------------------------------------------------------------------------------


def _keys_sorted(data: Any) -> bool:
    if isinstance(data, dict):
        return list(data) == sorted(data) and all(_keys_sorted(v) for v in data.values())
    if isinstance(data, list):
        return all(_keys_sorted(v) for v in data)
    return True


def test_comparison_json_is_sorted_and_stable() -> None:
    old, new = old_and_new()
    data = comparison_json(compare(old, new))
    assert _keys_sorted(data)
    assert data["schema"] == "hkaigov.eval-comparison/1"
    assert data["counts"] == {
        "dropped": 1,
        "fixes": 1,
        "new": 1,
        "regressions": 2,
        "still_failing": 1,
        "still_passing": 1,
    }
    reg = data["regressions"][0]
    assert (reg["case_id"], reg["old_passed"], reg["new_passed"], reg["severity"]) == (
        "regress-high",
        True,
        False,
        "high",
    )
    assert data["overall"]["delta"] == round(2 / 6 - 4 / 6, 4)
    assert json.dumps(data) == json.dumps(comparison_json(compare(old, new)))


def test_comparison_tables_print_as_text() -> None:
    c = compare(*old_and_new())
    tables = comparison_tables(c)
    titles = [t.title for t in tables]
    assert titles == [
        "Comparison",
        "Overall",
        "By suite",
        "By control",
        "Regressions",
        "Fixes",
        "New cases",
        "Dropped cases",
    ]
    assert tables[0].rows == (("5", "2", "1", "1", "1", "1", "1"),)
    text = render_text(tables)
    assert "regress-high" in text and "-33.3 pp" in text


def test_comparison_markdown_leads_with_regressions_and_flags_drops() -> None:
    old = suite_rows("big", 40, 40)
    new = suite_rows("big", 20, 40)
    new[-1] = row("big-39", False, suite="big", controls=["CTL-big"], detail="<script>x</script>|", severity="high")
    md = render_markdown(compare(old, new), title="Nightly")
    assert md.startswith("# Nightly\n")
    assert "## Regressions (20)" in md
    assert "Significant drops" in md and "`big`" in md
    assert "**significant drop**" in md
    assert "<script>" not in md and "&lt;script&gt;x&lt;/script&gt;\\|" in md
    assert md.index("## Regressions") < md.index("## By suite")


def test_comparison_markdown_without_changes() -> None:
    rows = [row("a", True)]
    md = render_markdown(compare(rows, rows))
    assert "**Regressions:** 0" in md
    assert "## Regressions" not in md

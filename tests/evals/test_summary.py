"""Eval summaries: Wilson intervals, grouping and counting rules, control verdicts, JSON, Markdown and HTML."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from tests.evals.rows import row

from hkaigov.domain.enums import EvidenceStatus
from hkaigov.evals.results import ResultRow
from hkaigov.evals.summary import (
    Summary,
    control_verdicts,
    percentile,
    render_html,
    render_markdown,
    render_text,
    summarise,
    summary_json,
    summary_tables,
    wilson,
)


def rows_for(suite: str, passed: int, total: int, **kw: Any) -> list[ResultRow]:
    return [row(f"{suite}-{i}", i < passed, suite=suite, **kw) for i in range(total)]


# --- Wilson --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("passed", "total", "low", "high"),
    [
        (8, 10, 0.4902, 0.9433),
        (50, 100, 0.4038, 0.5962),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
        (1, 1, 0.2065, 1.0),
        (95, 100, 0.8883, 0.9785),
    ],
)
def test_wilson_matches_known_values(passed: int, total: int, low: float, high: float) -> None:
    got = wilson(passed, total)
    assert got == pytest.approx((low, high), abs=5e-4)


def test_wilson_without_trials_is_uninformative() -> None:
    assert wilson(0, 0) == (0.0, 1.0)


def test_wilson_interval_contains_the_rate_and_stays_in_bounds() -> None:
    for total in (1, 2, 7, 30):
        for passed in range(total + 1):
            low, high = wilson(passed, total)
            assert 0.0 <= low <= passed / total <= high <= 1.0


def test_wilson_narrows_with_a_wider_z_or_more_trials() -> None:
    assert wilson(8, 10, z=2.576)[0] < wilson(8, 10)[0]
    assert wilson(80, 100)[0] > wilson(8, 10)[0]


@pytest.mark.parametrize(("passed", "total"), [(-1, 5), (6, 5), (0, -1)])
def test_wilson_rejects_impossible_counts(passed: int, total: int) -> None:
    with pytest.raises(ValueError):
        wilson(passed, total)


# --- summarise -----------------------------------------------------------------------------------------


def test_percentile_interpolates() -> None:
    assert percentile([], 50) is None
    assert percentile([5.0], 95) == 5.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([float(i) for i in range(1, 101)], 95) == pytest.approx(95.05)


def test_groups_count_passed_failed_and_errors_apart() -> None:
    rows = [
        row("a", True),
        row("b", False),
        row("c", False, error="timeout after 3 attempts"),
        row("d", False, suite="pii", language="yue", severity="critical"),
        row("e", True, suite="pii", language="zh-Hant"),
    ]
    s = summarise(rows)
    o = s.overall
    assert (o.total, o.passed, o.failed, o.errors, o.critical_failed) == (5, 2, 2, 1, 1)
    assert o.rate == pytest.approx(0.4)
    assert (o.ci_low, o.ci_high) == wilson(2, 5)
    injection = s.group("suite", "injection")
    assert injection is not None
    assert (injection.total, injection.passed, injection.failed, injection.errors) == (3, 1, 1, 1)
    assert [g.name for g in s.by_suite] == ["injection", "pii"]
    assert [g.name for g in s.by_language] == ["en", "zh-Hant", "yue"]  # house order, not alphabetical
    assert [g.name for g in s.by_severity] == ["critical", "medium"]  # most severe first
    assert s.group("suite", "nope") is None


def test_a_row_counts_for_each_of_its_controls_once() -> None:
    rows = [
        row("a", True, controls=["CTL-1", "CTL-2", "CTL-2"]),
        row("b", False, controls=["CTL-2"], suite="pii"),
    ]
    s = summarise(rows)
    c1, c2 = s.group("control", "CTL-1"), s.group("control", "CTL-2")
    assert c1 is not None and c2 is not None
    assert (c1.total, c1.passed) == (1, 1)
    assert (c2.total, c2.passed, c2.failed) == (2, 1, 1)
    assert c2.suites == ("injection", "pii")


def test_latency_leaves_out_cached_answers() -> None:
    rows = [row(f"c{i}", latency_ms=float(ms)) for i, ms in enumerate((100, 200, 300, 400, 500))]
    rows.append(row("cached", latency_ms=0.0, cached=True))
    s = summarise(rows)
    assert s.cached == 1
    assert s.latency_p50_ms == 300.0
    assert s.latency_p95_ms == pytest.approx(480.0)


def test_latency_is_none_when_everything_was_cached() -> None:
    s = summarise([row("a", cached=True), row("b", cached=True)])
    assert s.latency_p50_ms is None and s.latency_p95_ms is None and s.cached == 2


def test_worst_failures_most_severe_first_then_suite_and_capped() -> None:
    rows = [
        row("low-a", False, severity="low", suite="a"),
        row("crit-b", False, severity="critical", suite="b"),
        row("crit-a", False, severity="critical", suite="a"),
        row("high-a", False, severity="high", suite="a"),
        row("err", False, severity="critical", error="HTTP 500"),
        row("ok", True, severity="critical"),
    ]
    s = summarise(rows)
    assert [r.case_id for r in s.worst_failures] == ["crit-a", "crit-b", "high-a", "low-a"]  # errors are not answers
    assert s.failures_total == 4
    assert s.error_kinds == (("HTTP 500", 1),)
    capped = summarise(rows, worst_limit=2)
    assert [r.case_id for r in capped.worst_failures] == ["crit-a", "crit-b"]
    assert capped.failures_total == 4


def test_error_kinds_use_the_first_line_most_common_first() -> None:
    rows = [
        row("a", False, error="timeout\ntraceback ..."),
        row("b", False, error="timeout"),
        row("c", False, error="HTTP 429"),
    ]
    assert summarise(rows).error_kinds == (("timeout", 2), ("HTTP 429", 1))


def test_empty_log_summarises_to_zeroes() -> None:
    s = summarise([])
    assert (s.overall.total, s.overall.rate, s.overall.ci_low, s.overall.ci_high) == (0, 0.0, 0.0, 1.0)
    assert s.by_suite == () and s.worst_failures == ()


def test_targets_and_models_are_listed() -> None:
    s = summarise([row("a", target="t2", model=""), row("b", target="t1", model="gpt-x")])
    assert s.targets == ("t1", "t2")
    assert s.models == ("gpt-x",)
    assert [g.name for g in s.by_target] == ["t1", "t2"]


# --- verdicts ------------------------------------------------------------------------------------------


def verdict_of(rows: list[ResultRow], thresholds: dict[str, float] | None = None, default: float = 0.9) -> Any:
    (verdict,) = control_verdicts(summarise(rows), thresholds, default=default)
    return verdict


def test_met_at_exactly_the_threshold() -> None:
    v = verdict_of(rows_for("s", 9, 10))
    assert v.status is EvidenceStatus.MET
    assert (v.passed, v.total, v.threshold) == (9, 10, 0.9)


def test_just_under_the_threshold_is_partial() -> None:
    assert verdict_of(rows_for("s", 17, 19)).status is EvidenceStatus.PARTIAL  # 89.5%


def test_a_critical_failure_withholds_met_whatever_the_rate() -> None:
    rows = [*rows_for("s", 99, 99), row("crit", False, suite="s", severity="critical")]
    v = verdict_of(rows)
    assert v.rate == pytest.approx(0.99)
    assert v.status is EvidenceStatus.PARTIAL
    assert "critical" in v.reason


def test_an_unanswered_critical_case_also_withholds_met() -> None:
    rows = [*rows_for("s", 20, 20), row("crit", False, suite="s", severity="critical", error="timeout")]
    v = verdict_of(rows)
    assert v.status is EvidenceStatus.PARTIAL
    assert v.errors == 1 and "error" in v.reason


def test_a_critical_case_that_passed_does_not_count_against() -> None:
    assert verdict_of(rows_for("s", 10, 10, severity="critical")).status is EvidenceStatus.MET


def test_partial_at_exactly_half_the_threshold_and_not_met_below() -> None:
    assert verdict_of(rows_for("s", 4, 10), default=0.8).status is EvidenceStatus.PARTIAL
    assert verdict_of(rows_for("s", 3, 10), default=0.8).status is EvidenceStatus.NOT_MET
    assert verdict_of(rows_for("s", 0, 10)).status is EvidenceStatus.NOT_MET


def test_a_critical_failure_below_half_is_not_met() -> None:
    rows = [*rows_for("s", 1, 10), row("crit", False, suite="s", severity="critical")]
    assert verdict_of(rows).status is EvidenceStatus.NOT_MET


def test_threshold_of_zero_is_always_met_without_critical_failures() -> None:
    assert verdict_of(rows_for("s", 0, 5), default=0.0).status is EvidenceStatus.MET


def test_thresholds_control_first_then_strictest_suite_then_default() -> None:
    rows = rows_for("a", 8, 10, controls=["CTL-1"]) + rows_for("b", 10, 10, controls=["CTL-1"])  # 90%
    s = summarise(rows)
    (v,) = control_verdicts(s, {"CTL-1": 0.95, "a": 0.5})
    assert v.threshold == 0.95 and v.status is EvidenceStatus.PARTIAL
    (v,) = control_verdicts(s, {"a": 0.5, "b": 0.85})
    assert v.threshold == 0.85 and v.status is EvidenceStatus.MET
    (v,) = control_verdicts(s, {"other": 0.1}, default=0.92)
    assert v.threshold == 0.92 and v.status is EvidenceStatus.PARTIAL
    (v,) = control_verdicts(s)
    assert v.threshold == 0.9 and v.status is EvidenceStatus.MET


@pytest.mark.parametrize(("thresholds", "default"), [({"CTL-1": 1.5}, 0.9), ({}, -0.1)])
def test_thresholds_outside_zero_to_one_are_refused(thresholds: dict[str, float], default: float) -> None:
    with pytest.raises(ValueError):
        control_verdicts(summarise([row()]), thresholds, default=default)


def test_one_verdict_per_control_in_control_order() -> None:
    rows = [row("a", controls=["Z-1", "A-1"]), row("b", False, controls=["M-1"])]
    verdicts = control_verdicts(summarise(rows))
    assert [v.control for v in verdicts] == ["A-1", "M-1", "Z-1"]
    assert [v.status.value for v in verdicts] == ["met", "not_met", "met"]


# --- JSON ----------------------------------------------------------------------------------------------


def _keys_sorted(data: Any) -> bool:
    if isinstance(data, dict):
        return list(data) == sorted(data) and all(_keys_sorted(v) for v in data.values())
    if isinstance(data, list):
        return all(_keys_sorted(v) for v in data)
    return True


def sample() -> list[ResultRow]:
    return [
        *rows_for("injection", 2, 3, controls=["CTL-1"]),
        row("pii-1", False, suite="pii", language="zh-Hant", severity="critical", controls=["CTL-2"]),
        row("pii-2", False, suite="pii", language="yue", error="timeout", controls=["CTL-2"]),
        row("pii-3", True, suite="pii", language="yue", cached=True, controls=["CTL-2", "CTL-1"]),
    ]


def test_summary_json_is_sorted_rounded_and_stable() -> None:
    s = summarise(sample())
    data = summary_json(s, control_verdicts(s))
    assert _keys_sorted(data)
    assert data["schema"] == "hkaigov.eval-summary/1"
    assert data["overall"]["rate"] == 0.5
    assert data["by_control"][0]["name"] == "CTL-1"
    for group in data["by_suite"]:
        for field in ("rate", "ci_low", "ci_high"):
            assert group[field] == round(group[field], 4)
    assert data["overall"]["ci_low"] == round(wilson(3, 6)[0], 4)
    assert [v["status"] for v in data["verdicts"]] == ["partial", "not_met"]
    assert data["errors"] == [{"count": 1, "error": "timeout"}]
    assert data["worst_failures"][0]["case_id"] == "pii-1"
    text = json.dumps(data, ensure_ascii=False)
    assert text == json.dumps(summary_json(summarise(sample()), control_verdicts(s)), ensure_ascii=False)
    assert "verdicts" not in summary_json(s)


def test_summary_json_cuts_long_answers() -> None:
    data = summary_json(summarise([row("a", False, response="x" * 5000)]))
    assert len(data["worst_failures"][0]["response"]) <= 600


# --- text and Markdown ---------------------------------------------------------------------------------


def test_summary_tables_render_as_aligned_text() -> None:
    s = summarise(sample())
    tables = summary_tables(s, control_verdicts(s))
    assert [t.title for t in tables] == [
        "Overall",
        "By suite",
        "By language",
        "By control",
        "By severity",
        "Control verdicts",
    ]
    text = render_text(tables)
    assert "injection" in text and "66.7%" in text and "not_met" in text


def test_render_text_aligns_wide_characters() -> None:
    from hkaigov.evals.summary import PlainTable

    text = render_text([PlainTable("t", ("a", "b"), (("中文", "x"), ("ab", "y")))])
    lines = text.splitlines()
    assert lines[3].index("x") == lines[4].index("y") - 2  # 中文 is four columns wide, two characters long


def test_markdown_escapes_untrusted_text() -> None:
    bad = row("x", False, response="<script>alert(1)</script> | [click](javascript:alert(1))", detail="a|b")
    md = render_markdown(summarise([bad]))
    assert "<script>" not in md
    assert "&lt;script&gt;" in md
    assert "[click](" not in md and "\\[click\\]" in md
    assert "a\\|b" in md
    assert "## Worst failures (1 of 1)" in md


def test_markdown_reports_verdicts_and_errors() -> None:
    s = summarise(sample())
    md = render_markdown(s, control_verdicts(s), title="Run 7")
    assert md.startswith("# Run 7\n")
    assert "## Control verdicts" in md and "**not_met**" in md
    assert "## Errors (cases not answered)" in md
    assert "- **Pass rate:** 50.0% (3/6; 95% CI" in md


def test_markdown_when_everything_was_cached() -> None:
    assert "n/a (all cached)" in render_markdown(summarise([row(cached=True)]))


# --- HTML ----------------------------------------------------------------------------------------------


def html_for(rows: list[ResultRow], **kw: Any) -> str:
    s: Summary = summarise(rows)
    return render_html(s, rows, kw.pop("title", "Eval <report>"), **kw)


def test_html_escapes_the_answer_and_draws_svg_charts() -> None:
    rows = [
        *sample(),
        row("evil", False, response='<script>alert("x")</script><img src=x onerror=alert(1)>', suite="inj<b>"),
    ]
    html = html_for(rows)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "<img" not in html
    assert "inj&lt;b&gt;" in html and "inj<b>" not in html
    assert html.count("<svg") == 3
    assert "<title>Eval &lt;report&gt;</title>" in html


def test_html_is_self_contained() -> None:
    html = html_for(sample())
    assert html.lstrip().startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert not re.search(r"(src|href)\s*=", html)
    external = set(re.findall(r"https?://[^\s\"'<>]+", html))
    assert external <= {"http://www.w3.org/2000/svg"}  # the SVG namespace is a name, not a fetch


def test_html_charts_have_ci_whiskers_and_tooltips() -> None:
    html = html_for(rows_for("s", 8, 10))
    assert html.count('class="ci"') >= 3 * 3  # whisker and two caps per bar, three charts
    assert "8/10 passed, 80.0%; 95% CI 49.0–94.3%" in html
    assert 'class="threshold"' in html


def test_html_colours_control_bars_by_verdict() -> None:
    rows = sample()
    s = summarise(rows)
    html = render_html(s, rows, "t", verdicts=control_verdicts(s))
    assert "Control verdicts" in html
    assert '<g class="not_met">' in html and '<span class="badge partial">partial</span>' in html


def test_html_lists_worst_failures_with_excerpts_and_all_rows() -> None:
    rows = [row("long", False, response="y" * 3000, severity="high"), row("fine", True)]
    html = html_for(rows, generated="2025-01-01 10:00")
    assert "Worst failures" in html and "<code>long</code>" in html
    assert "y" * 599 + "…" in html
    assert "y" * 600 not in html
    assert "All results" in html and "(2)" in html
    assert "2025-01-01 10:00" in html


def test_html_without_failures_or_rows() -> None:
    s = summarise([row("a", cached=True)])
    html = render_html(s, [], "t")
    assert "No failed answers." in html
    assert "All results" not in html
    assert "all 1 answers cached" in html


def test_html_shows_bilingual_headings() -> None:
    assert "通過率" in html_for(sample())

"""The CLI through Typer's runner: contracts, exit codes (0 ok, 1 threshold, 2 input), formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hkaigov.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CHATBOT = str(EXAMPLES / "bank-genai-chatbot.yaml")
CREDIT = str(EXAMPLES / "bank-credit-scoring.yaml")


def run(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_classify_json_contract(runner: CliRunner) -> None:
    code, out, _ = run(runner, "classify", str(EXAMPLES), "--format", "json")
    assert code == 0
    items = json.loads(out)
    assert isinstance(items, list) and len(items) == len(list(EXAMPLES.glob("*.yaml")))
    for item in items:
        assert {"system", "name", "tier", "roles", "triggered_rules", "catalog_version", "profile_digest"} <= set(item)
        assert item["tier"] in {"unacceptable", "high", "limited", "low"}
        assert item["roles"] and item["triggered_rules"]
        for rule in item["triggered_rules"]:
            assert {"id", "tier", "reason", "citation"} <= set(rule) and rule["citation"] and rule["reason"]
    assert {i["tier"] for i in items} == {"unacceptable", "high", "limited", "low"}


def test_classify_is_byte_identical_across_runs(runner: CliRunner) -> None:
    first = run(runner, "classify", str(EXAMPLES), "-f", "json")[1]
    assert first == run(runner, "classify", str(EXAMPLES), "-f", "json")[1]


def test_fail_on_tier_gives_exit_1(runner: CliRunner) -> None:
    assert run(runner, "classify", CREDIT, "--fail-on", "high")[0] == 1
    assert run(runner, "classify", CHATBOT, "--fail-on", "high")[0] == 0
    assert run(runner, "classify", CHATBOT, "--fail-on", "limited")[0] == 1


def test_unknown_tier_for_fail_on_is_a_usage_error(runner: CliRunner) -> None:
    assert run(runner, "classify", CHATBOT, "--fail-on", "severe")[0] == 2


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        (
            "id: broken\nname: Broken\nsector: banking\nhuman_oversight: sometimes\nactivities: [uses]\n",
            ":4: human_oversight",
        ),
        ("id: broken\nname: [unclosed\n", ":2: YAML syntax error"),
        ("a: &x [1]\nb: *x\n", ":1: YAML anchors"),
    ],
)
def test_bad_manifest_exits_2_with_location_and_no_traceback(
    runner: CliRunner, tmp_path: Path, text: str, needle: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    for command in ("classify", "obligations", "assess", "explain"):
        code, out, err = run(runner, command, str(path))
        assert code == 2, command
        assert f"{path}{needle}" in err
        assert "Traceback" not in out + err


def test_missing_file_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = run(runner, "classify", str(tmp_path / "nope.yaml"))
    assert code == 2 and "no such file" in err


def test_obligations_json_every_control_cited_and_explained(runner: CliRunner) -> None:
    code, out, _ = run(runner, "obligations", CHATBOT, "-f", "json")
    data = json.loads(out)
    assert code == 0 and data["system"] == "bank-genai-chatbot" and data["tier"] == "limited"
    ids = [c["id"] for c in data["controls"]]
    assert len(ids) == len(set(ids)) > 50
    for control in data["controls"]:
        assert control["citation"] and control["why"] and control["instrument"] and control["evidence_expected"]
        assert {"id", "title", "instrument", "citation", "dimension", "why", "evidence_expected"} <= set(control)
    assert "POL-LIMITED-01" in ids and "POL-HIGH-01" not in ids
    assert any(i.startswith("HKMAGAI-") for i in ids)  # banking GenAI overlay
    assert not any(i.startswith("SFCGAI-") for i in ids)


def test_assess_contract_and_gates(runner: CliRunner) -> None:
    code, out, _ = run(runner, "assess", CHATBOT, "-f", "json", "--as-of", "2026-11-23")
    data = json.loads(out)
    assert code == 0
    assert {"system", "tier", "score", "findings", "gaps", "next_review"} <= set(data)
    met = [f for f in data["findings"] if f["control"] == "POL-LIMITED-01"]
    assert met and met[0]["status"] == "met" and met[0]["evidence"]["reference"]
    assert data["next_review"] == "2027-11-23"
    assert run(runner, "assess", CHATBOT, "--as-of", "2026-11-23", "--fail-on-gaps")[0] == 1
    assert run(runner, "assess", CHATBOT, "--as-of", "2026-13-01")[0] == 2


def test_assess_with_organisation_evidence(runner: CliRunner, tmp_path: Path) -> None:
    org = tmp_path / "org.yaml"
    org.write_text("evidence:\n  PCPDEMP-POL-01: {status: met, reference: Staff GenAI policy v2, date: 2026-09-01}\n")
    code, out, _ = run(runner, "assess", CHATBOT, "-f", "json", "--as-of", "2026-11-23", "--org-evidence", str(org))
    findings = {f["control"]: f for f in json.loads(out)["findings"]}
    assert code == 0
    if "PCPDEMP-POL-01" in findings:
        assert findings["PCPDEMP-POL-01"]["status"] == "met"
        assert findings["PCPDEMP-POL-01"]["evidence"]["source"] == "organisation"


def test_table_and_markdown_formats_render(runner: CliRunner) -> None:
    for command, path in (("classify", CREDIT), ("obligations", CREDIT), ("assess", CREDIT), ("explain", CREDIT)):
        code, out, _ = run(runner, command, path, "--format", "markdown")
        assert code == 0 and out.startswith("#"), command
        code, out, _ = run(runner, command, path)
        assert code == 0 and "bank-credit-scoring" in out, command


def test_explain_json_lists_every_rule(runner: CliRunner) -> None:
    code, out, _ = run(runner, "explain", CREDIT, "-f", "json")
    data = json.loads(out)
    fired = {r["id"] for r in data["rules"] if r["fired"]}
    assert code == 0 and "POL-HIGH-SIGNIFICANT-DECISION" in fired and "POL-UNACCEPTABLE-MANIPULATION" not in fired
    assert all(r["decisive"] for r in data["rules"])


def test_demo_prints_portfolio(runner: CliRunner) -> None:
    code, out, _ = run(runner, "demo", "--examples", str(EXAMPLES), "-f", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == len(list(EXAMPLES.glob("*.yaml")))
    assert all(r["controls"] > 0 and r["top_reasons"] for r in rows)
    assert run(runner, "demo", "--examples", "/nonexistent")[0] == 2


def test_catalog_commands(runner: CliRunner) -> None:
    code, out, _ = run(runner, "catalog", "list", "-f", "json")
    data = json.loads(out)
    assert code == 0 and data["version"] and len(data["instruments"]) == 20
    assert all({"id", "title", "title_zh", "issuer", "date", "controls"} <= set(i) for i in data["instruments"])
    code, out, _ = run(runner, "catalog", "show", "POL-HIGH-01", "-f", "json")
    assert code == 0 and json.loads(out)["applies_when"] == {"tier": {"equals": "high"}}
    assert run(runner, "catalog", "show", "pdpo")[0] == 0
    assert run(runner, "catalog", "show", "NO-SUCH-ID")[0] == 2
    code, out, _ = run(runner, "catalog", "lint")
    assert code == 0 and "catalog lint: ok" in out


def test_catalog_diff_of_identical_catalogs(runner: CliRunner) -> None:
    data_dir = str(ROOT / "src/hkaigov/catalog/data")
    code, out, _ = run(runner, "catalog", "diff", data_dir, data_dir, "-m", str(EXAMPLES), "-f", "json")
    data = json.loads(out)
    assert code == 0 and data["controls"]["changed"] == {} and data["reassess"] == []


def test_policy_file_raises_tier(runner: CliRunner, tmp_path: Path) -> None:
    policy = tmp_path / "strict.yaml"
    policy.write_text(
        "id: acme-strict\ntitle: {en: Acme policy, zh-Hant: 公司政策}\nrules:\n"
        "  - id: ACME-HIGH-CHATBOTS\n    tier: high\n    basis: interpretation\n"
        "    citation: Acme AI policy s.4\n"
        "    reason: {en: All chatbots are high at Acme, zh-Hant: 所有聊天機械人屬高風險}\n"
        "    when: {purposes: {contains: customer_service}}\n"
    )
    code, out, _ = run(runner, "classify", CHATBOT, "--policy", str(policy), "-f", "json")
    [item] = json.loads(out)
    assert code == 0 and item["tier"] == "high" and item["triggered_rules"][0]["id"] == "ACME-HIGH-CHATBOTS"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=200))
def test_random_bytes_never_traceback(runner: CliRunner, raw: bytes) -> None:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=".yaml", delete=False) as handle:
        handle.write(raw)
    code, out, err = run(runner, "classify", handle.name)
    assert code in (0, 2)
    assert "Traceback" not in out + err
    Path(handle.name).unlink()


def test_traditional_chinese_output(runner: CliRunner) -> None:
    code, out, _ = run(runner, "classify", CHATBOT, "--lang", "zh-Hant", "-f", "markdown")
    assert code == 0 and "有限風險" in out and "服務提供者" in out and "生成式系統" in out
    code, out, _ = run(runner, "obligations", CHATBOT, "--lang", "zh-Hant", "-f", "markdown")
    assert code == 0 and "有限風險處理" in out  # POL-LIMITED-01's zh-Hant title
    code, out, _ = run(runner, "demo", "--examples", str(EXAMPLES), "--lang", "zh-Hant")
    assert code == 0 and "系統組合" in out
    assert run(runner, "classify", CHATBOT, "--lang", "fr")[0] == 2

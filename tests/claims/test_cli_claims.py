"""`hkaigov claims …` end to end: scan files and the loopback fixture site, record, review, diff, report, import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.registers import RegisterTarget
from typer.testing import CliRunner

from hkaigov.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "claims"

ITEMS = [
    {
        "id": "a",
        "url": "https://winfast.example/",
        "text": "WinFast Digital Bank: open a savings account, 6% p.a.",
        "entity": "WinFast Digital Ltd",
    },
    {
        "id": "b",
        "url": "https://gadgets.example/",
        "text": "Our 20,000 mAh power bank keeps you charged.",
        "entity": "Gadget Shop",
    },
    {"id": "c", "url": "https://hangseng-secure-login.com/verify", "text": "Hang Seng Bank: verify your account now."},
]


def write_items(path: Path, items: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
    return path


def scan(runner: CliRunner, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["claims", "scan", *args])
    return result.exit_code, result.stdout, result.stderr


def test_scan_writes_the_jsonl_contract(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "f.jsonl"
    code, _, err = scan(runner, str(write_items(tmp_path / "in.jsonl", ITEMS)), "-o", str(out), "--no-record")
    assert code == 0, err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["id"] for r in rows} == {"a", "c"}
    for r in rows:
        assert {"id", "kind", "term", "start", "end", "rules", "legal_basis", "score", "explanation"} <= set(r)
        assert r["kind"] in ("misleading_claim", "impersonation") and r["explanation"]
    assert "3 page(s)" in err


def test_a_bad_input_line_is_reported_and_skipped_not_fatal(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps(ITEMS[0]) + "\n{not json\n" + json.dumps(ITEMS[2]) + "\n", encoding="utf-8")
    out = tmp_path / "f.jsonl"
    code, _, err = scan(runner, str(src), "-o", str(out), "--no-record")
    assert code == 0
    assert f"{src}:2" in err and "skipped" in err
    assert {json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()} == {"a", "c"}


def test_a_missing_input_exits_2_and_writes_nothing(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "f.jsonl"
    code, _, err = scan(runner, str(tmp_path / "nope.jsonl"), "-o", str(out), "--no-record")
    assert code == 2 and "no such file" in err and not out.exists()


def test_findings_are_recorded_reviewed_and_diffed(
    runner: CliRunner, register_env: RegisterTarget, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["init"]).exit_code == 0
    first = write_items(tmp_path / "one.jsonl", ITEMS)
    code, _, err = scan(runner, str(first), "-o", str(tmp_path / "f1.jsonl"))
    assert code == 0 and "recorded as claims scan 1" in err, err
    listed = json.loads(runner.invoke(app, ["claims", "list", "--format", "json"]).stdout)
    assert {r["status"] for r in listed} == {"new"} and len(listed) >= 2
    target = next(r["finding"] for r in listed if r["kind"] == "impersonation")

    result = runner.invoke(app, ["claims", "review", str(target), "--dismiss", "test page of our own"])
    assert result.exit_code == 0 and "dismissed" in result.stdout
    assert runner.invoke(app, ["claims", "review", str(target)]).exit_code == 2
    assert runner.invoke(app, ["claims", "review", "999", "--confirm"]).exit_code == 2

    second = write_items(
        tmp_path / "two.jsonl",
        [
            ITEMS[2],
            {
                "id": "d",
                "url": "https://coin.example/",
                "text": "CoinVault 存款年息12厘。",
                "entity": "CoinVault Limited",
            },
        ],
    )
    code, _, err = scan(runner, str(second), "-o", str(tmp_path / "f2.jsonl"))
    assert code == 0 and "recorded as claims scan 2" in err
    diff = json.loads(runner.invoke(app, ["claims", "diff", "--format", "json"]).stdout)
    assert diff["scan"] == 2 and diff["since"] == 1
    assert {r["id"] for r in diff["new"]} == {"d"}
    assert {r["id"] for r in diff["gone"]} == {"a"}
    kept = json.loads(runner.invoke(app, ["claims", "list", "--format", "json", "--kind", "impersonation"]).stdout)
    assert [(r["status"], r["times_seen"], r["reason"]) for r in kept] == [("dismissed", 2, "test page of our own")]

    for fmt, marker in (("csv", "finding,"), ("json", '"findings"'), ("html", "<table>")):
        out = tmp_path / f"report.{fmt}"
        assert runner.invoke(app, ["claims", "report", "--format", fmt, "-o", str(out)]).exit_code == 0
        assert marker in out.read_text(encoding="utf-8")
    assert "<script" not in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_without_a_register_the_scan_still_works_and_says_so(runner: CliRunner, tmp_path: Path) -> None:
    code, _, err = scan(runner, str(write_items(tmp_path / "in.jsonl", ITEMS)), "-o", str(tmp_path / "f.jsonl"))
    assert code == 0 and "not recorded" in err


def test_institutions_import_and_list(runner: CliRunner, register_env: RegisterTarget, tmp_path: Path) -> None:
    before = json.loads(runner.invoke(app, ["claims", "institutions", "list", "--format", "json"]).stdout)
    assert before["as_of"] and "HKMA" in before["source"] and len(before["institutions"]) >= 35
    result = runner.invoke(
        app, ["claims", "institutions", "import", str(EXAMPLES / "institutions-update.csv"), "--as-of", "2026-11-01"]
    )
    assert result.exit_code == 0, result.output
    after = json.loads(runner.invoke(app, ["claims", "institutions", "list", "--format", "json"]).stdout)
    assert after["as_of"] == "2026-11-01" and "institutions-update.csv" in after["source"]
    assert 0 < len(after["institutions"]) < len(before["institutions"])


def test_a_bad_institutions_csv_names_file_and_line_and_changes_nothing(
    runner: CliRunner, register_env: RegisterTarget, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "name_en,name_zh,type,domains,aliases\nGood Bank,,licensed_bank,good.example,\nOdd Co,,pawnshop,,\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["claims", "institutions", "import", str(bad)])
    assert result.exit_code == 2 and f"{bad}:3: type" in result.stderr
    listed = json.loads(runner.invoke(app, ["claims", "institutions", "list", "--format", "json"]).stdout)
    assert "HKMA" in listed["source"], "the shipped register is still in effect"


def test_fraud_sites_import_then_match(runner: CliRunner, register_env: RegisterTarget, tmp_path: Path) -> None:
    assert runner.invoke(app, ["claims", "fraud-sites", "import", str(EXAMPLES / "fraud-sites.csv")]).exit_code == 0
    sites = json.loads(runner.invoke(app, ["claims", "fraud-sites", "list", "--format", "json"]).stdout)["sites"]
    assert sites
    listed_url = sites[0]["url"]
    items = write_items(tmp_path / "in.jsonl", [{"id": "x", "url": listed_url, "text": "Welcome back."}])
    out = tmp_path / "f.jsonl"
    code, _, err = scan(runner, str(items), "-o", str(out), "--no-record")
    assert code == 0, err
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert row["kind"] == "impersonation" and "IMP-KNOWN-FRAUD" in row["rules"]


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_other_output_formats(runner: CliRunner, tmp_path: Path, fmt: str) -> None:
    code, out, err = scan(runner, str(write_items(tmp_path / "in.jsonl", ITEMS)), "--format", fmt, "--no-record")
    assert code == 0, err
    if fmt == "json":
        doc = json.loads(out)
        assert doc["pages"] == 3 and len(doc["findings"]) >= 2 and doc["institutions"]["as_of"]
    else:
        assert "misleading_claim" in out


def test_a_register_download_with_the_hkma_s_own_column_names_imports(
    runner: CliRunner, register_env: RegisterTarget, tmp_path: Path
) -> None:
    csv_file = tmp_path / "register.csv"
    csv_file.write_text(
        "Name of Institution,Chinese Name,Type,Website\n"
        '"Hang Seng Bank, Limited",恒生銀行有限公司,Licensed Banks,https://www.hangseng.com/en-hk/\n'
        "Example Finance Limited,,Deposit-taking Companies,example-finance.example\n"
        "Another RLB Limited,,Restricted Licence Bank,\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["claims", "institutions", "import", str(csv_file)])
    assert result.exit_code == 0, result.output
    doc = json.loads(runner.invoke(app, ["claims", "institutions", "list", "--format", "json"]).stdout)
    rows = {i["name_en"]: i for i in doc["institutions"]}
    assert rows["Hang Seng Bank, Limited"]["domains"] == ["hangseng.com"]
    assert rows["Hang Seng Bank, Limited"]["type"] == "licensed_bank"
    assert rows["Example Finance Limited"]["type"] == "deposit_taking_company"
    assert rows["Another RLB Limited"]["type"] == "restricted_licence_bank"


def test_an_import_without_a_name_column_says_which_columns_it_needs(
    runner: CliRunner, register_env: RegisterTarget, tmp_path: Path
) -> None:
    csv_file = tmp_path / "register.csv"
    csv_file.write_text("Type,Website\nLicensed Bank,x.example\n", encoding="utf-8")
    result = runner.invoke(app, ["claims", "institutions", "import", str(csv_file)])
    assert result.exit_code == 2 and f"{csv_file}:1: missing column(s) name_en or name_zh" in result.stderr

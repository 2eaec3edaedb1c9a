"""The optional agent: only when configured, it reads the about page and records a verdict on borderline findings."""

from __future__ import annotations

import json
from pathlib import Path

from tests.claims.loopback import Route, serve
from tests.evals.fakes import Script, fake_openai
from typer.testing import CliRunner

from hkaigov.cli.main import app

PAGE = """<html><head><title>CoinVault Earn</title></head><body><main>
<p>Open a savings account with CoinVault and earn 6% p.a. on your coins.</p>
<a href="/about-us.html">About us</a></main><footer>&copy; 2025 CoinVault Limited</footer></body></html>"""
ABOUT = "<html><body><main><p>CoinVault Limited is a crypto exchange, not a bank.</p></main></body></html>"


def test_the_agent_fetches_the_about_page_and_records_its_verdict(runner: CliRunner, tmp_path: Path) -> None:
    verdict = Script(mode="text", text='{"verdict": "misleading", "reason": "it offers a savings account"}')
    out = tmp_path / "f.jsonl"
    routes = {"/earn.html": Route(200, "text/html", PAGE), "/about-us.html": Route(200, "text/html", ABOUT)}
    with serve(routes) as site, fake_openai(verdict) as model_url:
        result = runner.invoke(
            app,
            [
                "claims",
                "scan",
                site.url("/earn.html"),
                "--depth",
                "0",
                "-o",
                str(out),
                "--no-record",
                "--agent-base-url",
                model_url,
                "--agent-model",
                "judge",
            ],
        )
        fetched = site.paths
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    borderline = [r for r in rows if "agent" in r]
    assert borderline, rows
    agent = borderline[0]["agent"]
    assert agent["verdict"] == "misleading" and agent["model"] == "judge"
    assert any(a.startswith("fetched ") and a.endswith("/about-us.html") for a in agent["actions"])
    assert "/about-us.html" in fetched
    assert "not a bank" in verdict.requests[0]["messages"][0]["content"], "the about page was shown to the model"


def test_without_an_agent_nothing_is_asked(runner: CliRunner, tmp_path: Path) -> None:
    items = tmp_path / "in.jsonl"
    items.write_text(
        json.dumps({"id": "a", "text": "Open a savings account and earn 6% p.a.", "entity": "X Ltd"}) + "\n"
    )
    out = tmp_path / "f.jsonl"
    assert runner.invoke(app, ["claims", "scan", str(items), "-o", str(out), "--no-record"]).exit_code == 0
    assert all("agent" not in json.loads(line) for line in out.read_text().splitlines())


def test_half_an_agent_configuration_is_an_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["claims", "scan", str(tmp_path), "--agent-model", "m", "--no-record"])
    assert result.exit_code == 2 and "give both" in result.stderr

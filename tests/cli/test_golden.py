"""Golden JSON for two examples: the stable contract, byte for byte.

After an intended change (catalog content, contract), regenerate with:
    HKAIGOV_UPDATE_GOLDEN=1 .venv/bin/pytest tests/cli/test_golden.py
and review the diff like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hkaigov.cli.main import app

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "data" / "golden"
CASES = [
    (example, command)
    for example in ("bank-credit-scoring", "bank-genai-chatbot")
    for command in ("classify", "obligations", "assess")
]


@pytest.mark.parametrize(("example", "command"), CASES)
def test_golden_json(runner: CliRunner, example: str, command: str) -> None:
    args = [command, str(ROOT / "examples" / f"{example}.yaml"), "--format", "json"]
    if command == "assess":
        args += ["--as-of", "2026-11-23"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / f"{example}.{command}.json"
    output = result.stdout.replace(str(ROOT), "<root>")
    if os.environ.get("HKAIGOV_UPDATE_GOLDEN"):
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8"), f"{golden.name} differs; see this module's docstring"

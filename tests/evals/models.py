"""Python-callable targets for the runner's tests (`--target callable --callable tests.evals.models:NAME`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tests.evals.fakes import REFUSAL


def refuse(messages: Sequence[dict[str, str]]) -> str:
    return REFUSAL


async def echo_async(messages: Sequence[dict[str, str]]) -> dict[str, Any]:
    return {"content": "Sure. " + " ".join(m["content"] for m in messages), "tokens": 5}


def broken(messages: Sequence[dict[str, str]]) -> str:
    raise RuntimeError("model crashed")


def biased(messages: Sequence[dict[str, str]]) -> str:
    if " woman " in messages[-1]["content"]:
        return "No, I would not recommend approving this loan."
    return "Yes, I recommend approving this loan: the income covers the repayments."


def fair(messages: Sequence[dict[str, str]]) -> str:
    return "Yes, I recommend approving this loan: the income covers the repayments."

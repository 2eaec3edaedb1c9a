"""Result rows: one JSON object per case and target, streamed to a JSONL log as cases finish.

The log is the run's record: `eval report` and `eval compare` read it, and `eval run --resume` skips
the cases it already holds.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from hkaigov.domain.errors import InputError


class ResultRow(BaseModel):
    """One scored answer. `passed` is False when the call failed (`error` says why)."""

    model_config = ConfigDict(extra="ignore")

    case_id: str
    suite: str
    language: str
    prompt: str
    response: str
    scorer: str
    passed: bool
    score: float
    detail: str = ""
    latency_ms: float
    cached: bool
    error: str | None = None
    attempts: int = 1
    severity: str
    controls: list[str]
    target: str
    model: str = ""
    judge_passed: bool | None = None  # the optional LLM judge's verdict, when one was configured
    judge_detail: str | None = None

    def as_json(self) -> str:
        return json.dumps(self.model_dump(), ensure_ascii=False)


def read_results(path: Path) -> list[ResultRow]:
    """The rows of a results log, the last row per case winning (a resumed run re-runs failed calls).

    A bad line is an input error naming the file and the line.
    """
    latest: dict[str, ResultRow] = {}
    for row in iter_results(path):
        latest.pop(row.case_id, None)
        latest[row.case_id] = row
    return list(latest.values())


def iter_results(path: Path, *, tolerate_torn_tail: bool = False) -> Iterator[ResultRow]:
    """Rows in file order. With `tolerate_torn_tail`, a last line cut off mid-write (an interrupted run) is skipped."""
    try:
        handle = open(path, encoding="utf-8")  # noqa: SIM115 - closed below, lines read lazily
    except OSError as exc:
        raise InputError(f"{path}: cannot read results ({exc.strerror})") from None
    with handle:
        lines = handle.readlines()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            data: Any = json.loads(line)
            if not isinstance(data, dict):
                raise ValueError("not a JSON object")
            yield ResultRow.model_validate(data)
        except (ValueError, ValidationError) as exc:
            if tolerate_torn_tail and number == len(lines) and not line.endswith("\n"):
                return
            reason = _first_error(exc)
            raise InputError(f"{path}:{number}: not a result row ({reason})") from None


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        error = exc.errors(include_url=False)[0]
        field = ".".join(str(p) for p in error["loc"]) or "row"
        return f"{field}: {error['msg']}"
    return str(exc).split("\n")[0]

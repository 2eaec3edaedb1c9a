"""Result rows for the report and comparison tests."""

from __future__ import annotations

from typing import Any

from hkaigov.evals.results import ResultRow


def row(case_id: str = "c1", passed: bool = True, **kw: Any) -> ResultRow:
    """A result row with plausible defaults; keyword arguments override any field."""
    data: dict[str, Any] = {
        "case_id": case_id,
        "suite": "injection",
        "language": "en",
        "prompt": f"prompt of {case_id}",
        "response": f"answer of {case_id}",
        "scorer": "refusal",
        "passed": passed,
        "score": 1.0 if passed else 0.0,
        "detail": "" if passed else "complied",
        "latency_ms": 100.0,
        "cached": False,
        "error": None,
        "severity": "medium",
        "controls": ["CTL-1"],
        "target": "model-a",
        "model": "m-1",
    }
    data.update(kw)
    return ResultRow.model_validate(data)

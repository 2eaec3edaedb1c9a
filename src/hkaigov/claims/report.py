"""The claims report as a self-contained HTML page (no scripts, nothing fetched): findings, evidence, reviews."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import jinja2

TEMPLATES = Path(__file__).parent / "templates"


def render_html(findings: Sequence[dict[str, Any]], scans: Sequence[dict[str, Any]], title: str = "") -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )
    return env.get_template("report.html.j2").render(
        title=title or "Misleading banking claims and impersonation: findings",
        generated=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        findings=findings,
        scans=scans,
        by_status=sorted(Counter(f["status"] for f in findings).items()),
        by_kind=sorted(Counter(f["kind"] for f in findings).items()),
    )

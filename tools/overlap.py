"""List catalog controls whose wording shares long word runs with the reference (to rewrite in our own words).

Usage: .venv/bin/python tools/overlap.py ../shared/reference/hk-ai-governance.md [MIN_SHARED_RUNS]
"""

from __future__ import annotations

import sys
from pathlib import Path

from hkaigov.catalog.loader import load_catalog
from hkaigov.catalog.wording import shared_runs, word_runs


def main(reference: Path, minimum: int) -> None:
    known = word_runs(reference.read_text(encoding="utf-8"))
    rows = []
    for control in load_catalog().controls():
        for field in ("requirement", "verify"):
            shared = shared_runs(getattr(control, field).en, known)
            if shared >= minimum:
                rows.append((shared, control.id, field, control.instrument))
    for shared, cid, field, inst in sorted(rows, reverse=True):
        print(f"{shared:3d}  {cid}  {field}  ({inst})")
    print(f"{len(rows)} texts share >= {minimum} eight-word runs with the reference")


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 4)

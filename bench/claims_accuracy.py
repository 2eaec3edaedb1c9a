"""Accuracy of the misleading-claims monitor on a labelled set of snippets.

Reads bench/claims_data/labelled.jsonl (one snippet per line: {"id", "url", "text", "entity"?, "flag", "kind",
"category"}), runs the detector on each with the shipped institution register, and prints precision and
recall for misleading claims and for impersonation, per-category results, and the errors.
A snippet counts as a true positive for a kind when it is labelled with that kind and the detector reports
a finding of that kind; any finding on a snippet labelled innocent is a false positive.
Targets: precision >= 0.95 and recall >= 0.95 on misleading claims.
Usage: python bench/claims_accuracy.py [--data FILE] [--show-errors N]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

from hkaigov.claims.detect import detect
from hkaigov.claims.institutions import load_register
from hkaigov.claims.pages import Page

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "claims_data" / "labelled.jsonl"
TARGET = 0.95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--show-errors", type=int, default=10)
    args = parser.parse_args()
    register = load_register()
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    per_category: dict[str, Counter[str]] = defaultdict(Counter)
    errors: list[str] = []
    for row in rows:
        findings = detect(Page(row["id"], row.get("url"), row["text"], row.get("entity")), register)
        kinds = {f.kind for f in findings}
        wanted = row["kind"] if row["flag"] else None
        for kind in ("misleading_claim", "impersonation"):
            if wanted == kind and kind in kinds:
                counts[kind]["tp"] += 1
            elif wanted == kind:
                counts[kind]["fn"] += 1
            elif kind in kinds:
                counts[kind]["fp"] += 1
        right = (wanted in kinds) if wanted else not kinds
        per_category[row.get("category", "?")]["right" if right else "wrong"] += 1
        if not right:
            got = ", ".join(f"{f.kind}:{f.term}({'+'.join(f.rules)})" for f in findings) or "nothing"
            errors.append(
                f"  {row['id']} [{row.get('category')}] want {wanted or 'nothing'}, got {got}: {row['text'][:110]}"
            )
    zh = sum(1 for r in rows if any("\u4e00" <= c <= "\u9fff" for c in r["text"]))
    print(
        f"{len(rows)} snippets ({zh} with Chinese), {sum(r['flag'] for r in rows)} labelled misleading or impersonation"
    )
    print(f"{'kind':<18} {'precision':>9} {'recall':>7} {'tp':>5} {'fp':>4} {'fn':>4}")
    verdict = True
    for kind in ("misleading_claim", "impersonation"):
        c = counts[kind]
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 1.0
        mark = ""
        if kind == "misleading_claim":
            ok = p >= TARGET and r >= TARGET
            verdict &= ok
            mark = "  PASS" if ok else f"  FAIL (target {TARGET})"
        print(f"{kind:<18} {p:>9.3f} {r:>7.3f} {c['tp']:>5} {c['fp']:>4} {c['fn']:>4}{mark}")
    print("per category (right/total):")
    for cat, c in sorted(per_category.items()):
        print(f"  {cat:<34} {c['right']:>4}/{c['right'] + c['wrong']}")
    if errors and args.show_errors:
        print(f"errors ({len(errors)}):")
        print("\n".join(errors[: args.show_errors]))
    sys.exit(0 if verdict else 1)


if __name__ == "__main__":
    main()

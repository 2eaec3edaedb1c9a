"""Accuracy of `hkaigov.pii.scan_text` on the synthetic Hong Kong corpus (bench/pii_corpus.py).

For each seed a corpus of `--records` records is generated in memory and scanned record by record. A finding
matches a gold span of the same type when they overlap by at least half of the longer of the two; each gold
span is matched at most once. Prints precision, recall and F1 per type, then what was flagged on decoys:
findings on records that hold decoys and no PII (from the corpus and from a decoy-only corpus), and findings
on HKIDs with a wrong check character and on Luhn-invalid card numbers (target 0 for both). Suspected
findings (failed check digit) are not scored; they are counted separately.

Targets: F1 >= 0.99 for HKID, HK_PHONE, EMAIL, CREDIT_CARD, HK_PASSPORT; >= 0.90 for PERSON and HK_ADDRESS;
no finding on decoys. Exit code 0 (a report) unless --check: then 1 when a target fails.
Usage: python bench/pii_accuracy.py [--records 3000] [--seeds 1,2,3] [--pii-rate 0.35] [--show-errors N] [--check]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pii_corpus import PII_TYPES, TemplateSet, generate, load_templates, template_counts

TARGETS: dict[str, float] = {
    "HKID": 0.99,
    "HK_PHONE": 0.99,
    "EMAIL": 0.99,
    "CREDIT_CARD": 0.99,
    "HK_PASSPORT": 0.99,
    "PERSON": 0.90,
    "HK_ADDRESS": 0.90,
}
INVALID_CHECK_KINDS = ("hkid_bad", "card_bad")

Span = tuple[int, int, str]  # start, end, type
ScanFn = Callable[[str], list[Any]]


def load_scanner() -> ScanFn:
    """`scan_text` from the package, or from its module while the package does not export it yet."""
    try:
        from hkaigov.pii import scan_text  # type: ignore[attr-defined]
    except ImportError:
        from hkaigov.pii.scanner import scan_text
    return scan_text  # type: ignore[no-any-return]


def overlap(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def matches(pred: Span, gold: Span) -> bool:
    """Same type and an overlap of at least half of the longer span."""
    if pred[2] != gold[2]:
        return False
    ov = overlap(pred[0], pred[1], gold[0], gold[1])
    return ov > 0 and 2 * ov >= max(pred[1] - pred[0], gold[1] - gold[0])


def match_record(preds: list[Span], golds: list[Span]) -> tuple[list[tuple[Span, Span]], list[Span], list[Span]]:
    """Greedy one-to-one matching: (matched pairs, false positives, misses)."""
    used = [False] * len(golds)
    pairs: list[tuple[Span, Span]] = []
    fps: list[Span] = []
    for p in sorted(preds):
        best, best_ov = -1, 0
        for i, g in enumerate(golds):
            if not used[i] and matches(p, g):
                ov = overlap(p[0], p[1], g[0], g[1])
                if ov > best_ov:
                    best, best_ov = i, ov
        if best >= 0:
            used[best] = True
            pairs.append((p, golds[best]))
        else:
            fps.append(p)
    misses = [g for i, g in enumerate(golds) if not used[i]]
    return pairs, fps, misses


@dataclass
class Error:
    kind: str  # "miss" | "fp"
    span: Span
    text: str
    note: str = ""


@dataclass
class Tally:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    errors: dict[str, list[Error]] = field(default_factory=lambda: defaultdict(list))
    confusions: Counter[tuple[str, str]] = field(default_factory=Counter)  # (gold type, predicted type)
    decoy_hits: Counter[str] = field(default_factory=Counter)  # decoy kind -> findings overlapping
    decoy_totals: Counter[str] = field(default_factory=Counter)
    decoy_hit_types: Counter[tuple[str, str]] = field(default_factory=Counter)  # (decoy kind, predicted type)
    decoy_only_records: int = 0
    decoy_only_findings: int = 0
    suspected: int = 0
    suspected_on_invalid: int = 0
    records: int = 0
    chars: int = 0
    seconds: float = 0.0

    def add_record(self, rec: dict[str, Any], findings: list[Any], keep_errors: bool) -> None:
        text = rec["text"]
        self.records += 1
        self.chars += len(text)
        preds: list[Span] = []
        for f in findings:
            span = (int(f.start), int(f.end), str(f.type))
            if getattr(f, "suspected", False):
                self.suspected += 1
                if any(
                    d["kind"] in INVALID_CHECK_KINDS and overlap(span[0], span[1], d["start"], d["end"])
                    for d in rec["decoys"]
                ):
                    self.suspected_on_invalid += 1
                continue
            preds.append(span)
        golds: list[Span] = [(s["start"], s["end"], s["type"]) for s in rec["spans"]]
        pairs, fps, misses = match_record(preds, golds)
        for p, _ in pairs:
            self.tp[p[2]] += 1
        for d in rec["decoys"]:
            self.decoy_totals[d["kind"]] += 1
            hit = [p for p in preds if overlap(p[0], p[1], d["start"], d["end"])]
            if hit:
                self.decoy_hits[d["kind"]] += 1
                for p in hit:
                    self.decoy_hit_types[(d["kind"], p[2])] += 1
        if not golds and rec["decoys"]:
            self.decoy_only_records += 1
            self.decoy_only_findings += len(preds)
        for p in fps:
            self.fp[p[2]] += 1
            other = [g for g in golds if overlap(p[0], p[1], g[0], g[1])]
            decoy = [d for d in rec["decoys"] if overlap(p[0], p[1], d["start"], d["end"])]
            if other:
                note = f"overlaps gold {other[0][2]} {text[other[0][0] : other[0][1]]!r}"
                if other[0][2] != p[2]:
                    self.confusions[(other[0][2], p[2])] += 1
            elif decoy:
                note = f"on decoy {decoy[0]['kind']}"
            else:
                note = ""
            if keep_errors:
                self.errors[p[2]].append(Error("fp", p, text, note))
        for g in misses:
            self.fn[g[2]] += 1
            if keep_errors:
                got = [p for p in preds if overlap(p[0], p[1], g[0], g[1])]
                note = f"found as {got[0][2]} {text[got[0][0] : got[0][1]]!r}" if got else ""
                self.errors[g[2]].append(Error("miss", g, text, note))


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def context(text: str, start: int, end: int, width: int = 40) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return f"{left}⟦{text[start:end]}⟧{right}".replace("\n", "⏎")


def run_corpus(
    scan: ScanFn,
    n: int,
    seed: int,
    pii_rate: float,
    decoy_rate: float,
    tally: Tally,
    keep_errors: bool,
    templates: TemplateSet | None = None,
) -> None:
    for rec in generate(n, pii_rate=pii_rate, seed=seed, decoy_rate=decoy_rate, templates=templates):
        t0 = time.perf_counter()
        findings = scan(rec["text"])
        tally.seconds += time.perf_counter() - t0
        tally.add_record(rec, findings, keep_errors)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=3000, help="records per seed")
    parser.add_argument("--seeds", default="1,2,3", help="comma-separated corpus seeds")
    parser.add_argument("--pii-rate", type=float, default=0.35)
    parser.add_argument("--decoy-rate", type=float, default=0.3, help="share of non-PII sentences that are decoys")
    parser.add_argument("--decoy-records", type=int, default=1000, help="decoy-only records per seed (0: none)")
    parser.add_argument("--show-errors", type=int, default=0, metavar="N", help="print up to N misses and FPs per type")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target fails")
    parser.add_argument(
        "--templates", default=None, help="JSON file of held-out templates replacing built-in ones (pii_corpus.py)"
    )
    args = parser.parse_args(argv)
    templates = load_templates(args.templates) if args.templates else None
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]

    try:
        scan = load_scanner()
    except ImportError as exc:
        print(f"scanner not importable ({exc}); nothing to measure")
        return 1 if args.check else 0

    total = Tally()
    per_seed: dict[int, Tally] = {}
    for seed in seeds:
        t = Tally()
        run_corpus(scan, args.records, seed, args.pii_rate, args.decoy_rate, t, args.show_errors > 0, templates)
        per_seed[seed] = t
        for name in ("tp", "fp", "fn", "confusions", "decoy_hits", "decoy_totals", "decoy_hit_types"):
            getattr(total, name).update(getattr(t, name))
        for k, v in t.errors.items():
            total.errors[k].extend(v)
        for name in ("decoy_only_records", "decoy_only_findings", "suspected", "suspected_on_invalid", "records"):
            setattr(total, name, getattr(total, name) + getattr(t, name))
        total.chars += t.chars
        total.seconds += t.seconds

    decoys = Tally()
    for seed in seeds if args.decoy_records else []:
        run_corpus(scan, args.decoy_records, 10_000 + seed, 0.0, 1.0, decoys, args.show_errors > 0, templates)

    print(
        f"corpus: {len(seeds)} seed(s) x {args.records} records, pii_rate {args.pii_rate}, decoy_rate "
        f"{args.decoy_rate}; {total.records} records, {total.chars / 1e6:.2f} M chars, scanned in "
        f"{total.seconds:.2f}s ({total.chars / max(total.seconds, 1e-9) / 1e6:.2f} M chars/s in-process)"
    )
    counts = {kind: sum(by_lang.values()) for kind, by_lang in template_counts(templates).items()}
    source = f"held-out templates from {args.templates}" if args.templates else "built-in templates"
    print(f"templates: {source}; {counts}")
    print(f"matching: same type, overlap >= 50% of the longer span, each gold once; F1 by seed {seeds}")
    print()
    header = f"{'type':<16}{'gold':>7}{'pred':>7}{'TP':>7}{'FP':>6}{'FN':>6}{'prec':>8}{'recall':>8}{'F1':>8}"
    print(header + f"  {'F1 by seed':<24}{'target':>8}  result")
    failed: list[str] = []
    sums = [0, 0, 0]
    for typ in PII_TYPES:
        tp, fp, fn = total.tp[typ], total.fp[typ], total.fn[typ]
        sums = [sums[0] + tp, sums[1] + fp, sums[2] + fn]
        p, r, f = prf(tp, fp, fn)
        by_seed = " ".join(f"{prf(t.tp[typ], t.fp[typ], t.fn[typ])[2]:.3f}" for t in per_seed.values())
        target = TARGETS.get(typ)
        if target is None:
            verdict, tgt = "", "-"
        else:
            verdict, tgt = ("PASS" if f >= target else "FAIL"), f"{target:.2f}"
            if verdict == "FAIL":
                failed.append(typ)
        counts = f"{tp + fn:>7}{tp + fp:>7}{tp:>7}{fp:>6}{fn:>6}"
        print(f"{typ:<16}{counts}{p:>8.3f}{r:>8.3f}{f:>8.3f}  {by_seed:<24}{tgt:>8}  {verdict}")
    p, r, f = prf(*sums)
    print(f"{'micro (all)':<16}{sums[0] + sums[2]:>7}{sums[0] + sums[1]:>7}{sums[0]:>7}{sums[1]:>6}{sums[2]:>6}"
          f"{p:>8.3f}{r:>8.3f}{f:>8.3f}")  # fmt: skip
    if total.confusions:
        conf = ", ".join(f"{g}->{pt} {c}" for (g, pt), c in total.confusions.most_common(8))
        print(f"type confusions (gold->predicted): {conf}")

    # Decoys
    print()
    both = Tally()
    for t in (total, decoys):
        both.decoy_hits.update(t.decoy_hits)
        both.decoy_totals.update(t.decoy_totals)
        both.decoy_hit_types.update(t.decoy_hit_types)
    dec_records = total.decoy_only_records + decoys.decoy_only_records
    dec_findings = total.decoy_only_findings + decoys.decoy_only_findings
    print(
        f"decoy-only records: {dec_records} ({total.decoy_only_records} in the corpus, "
        f"{decoys.decoy_only_records} from decoy-only corpora); findings on them: {dec_findings} (target 0)"
        f"  {'PASS' if dec_findings == 0 else 'FAIL'}"
    )
    inv_hit = sum(both.decoy_hits[k] for k in INVALID_CHECK_KINDS)
    inv_total = sum(both.decoy_totals[k] for k in INVALID_CHECK_KINDS)
    print(
        f"invalid-check-digit decoys flagged: {inv_hit} of {inv_total} (HKID wrong check "
        f"{both.decoy_hits['hkid_bad']}/{both.decoy_totals['hkid_bad']}, Luhn-invalid cards "
        f"{both.decoy_hits['card_bad']}/{both.decoy_totals['card_bad']}) (target 0)  "
        f"{'PASS' if inv_hit == 0 else 'FAIL'}"
    )
    kinds = sorted(both.decoy_totals, key=lambda k: (-both.decoy_hits[k], k))
    print("flagged decoys by kind: " + ", ".join(f"{k} {both.decoy_hits[k]}/{both.decoy_totals[k]}" for k in kinds))
    if both.decoy_hit_types:
        print("  as: " + ", ".join(f"{k}->{t} {c}" for (k, t), c in both.decoy_hit_types.most_common(10)))
    susp = total.suspected + decoys.suspected
    print(f"suspected findings (not scored): {susp}, of which on invalid-check decoys: "
          f"{total.suspected_on_invalid + decoys.suspected_on_invalid}")  # fmt: skip
    if dec_findings:
        failed.append("decoy-only records")
    if inv_hit:
        failed.append("invalid-check decoys")

    if args.show_errors:
        rng = random.Random(0)
        for typ in PII_TYPES:
            errs = total.errors.get(typ, []) + decoys.errors.get(typ, [])
            for kind in ("miss", "fp"):
                chosen = [e for e in errs if e.kind == kind]
                if not chosen:
                    continue
                n_all = len(chosen)
                if n_all > args.show_errors:
                    chosen = rng.sample(chosen, args.show_errors)
                print(f"\n{typ} {'misses' if kind == 'miss' else 'false positives'} ({len(chosen)} of {n_all}):")
                for e in chosen:
                    note = f"   [{e.note}]" if e.note else ""
                    print(f"  {context(e.text, e.span[0], e.span[1])}{note}")

    print()
    summary = "all targets met" if not failed else "FAILED: " + ", ".join(failed)
    print(f"targets: {summary}")
    return 1 if args.check and failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""Speed of the Hong Kong PII scanner: CLI throughput, redaction latency, and Presidio for comparison.

1. Builds (once, cached under bench/.cache/) two JSONL corpora of ~--mb MB each from bench/pii_corpus.py:
   low PII (3% of sentences) and high PII (35%). 1 MB = 10^6 bytes of UTF-8 JSONL.
2. Times the whole process `hkaigov pii scan FILE --format jsonl -o /dev/null --workers N` (the `hkaigov`
   next to this Python) for N = 1 and 2: MB/s and MB/s per core (= per worker).
3. p50/p99 latency of `scan_text` + `redact_text` on ~1 kB prompts, in this process.
4. Presidio (presidio-analyzer, default predefined recognisers, a blank spaCy "en" pipeline: no model
   download) on a ~2 MB sample of each corpus, in its own virtualenv bench/.cache/presidio-venv (created with
   `python -m venv` + `pip install presidio-analyzer` on first use), timed in a subprocess; hkaigov's
   `scan_text` is timed on the same sample in this process for a like-for-like ratio. Also Presidio's recall
   on the sample's gold spans (HKID: any Presidio entity; others: the matching Presidio type).

Targets: >= 100 MB/s per core on low PII, >= 40 MB/s per core on high PII, p99 < 1 ms for scan + redact of a
1 kB prompt.
Usage: python bench/pii_speed.py [--mb 100] [--quick] [--skip-presidio] [--workers 1,2] [--repeat 1]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import pii_corpus  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
PRESIDIO_VENV = CACHE / "presidio-venv"
CORPORA = {"low": 0.03, "high": 0.35}  # share of sentences carrying PII
SEEDS = {"low": 101, "high": 202}
TARGET_PER_CORE = {"low": 100.0, "high": 40.0}
TARGET_P99_MS = 1.0
PROMPT_BYTES = 1024

# Presidio entity types that correspond to the corpus's types
PRESIDIO_TYPES = {
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "HK_PHONE",
    "CREDIT_CARD": "CREDIT_CARD",
    "IP_ADDRESS": "IP_ADDRESS",
    "PERSON": "PERSON",
    "LOCATION": "HK_ADDRESS",
}


def corpus_version() -> str:
    """Changes whenever the generator changes, so that a cached corpus is rebuilt."""
    return hashlib.sha256(Path(pii_corpus.__file__).read_bytes()).hexdigest()[:10]


def corpus_path(name: str, mb: float) -> Path:
    return CACHE / f"pii_{name}_{mb:g}mb_{corpus_version()}.jsonl"


def build_corpus(name: str, mb: float) -> Path:
    path = corpus_path(name, mb)
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    for stale in CACHE.glob(f"pii_{name}_{mb:g}mb_*.jsonl"):
        stale.unlink()
    t0 = time.perf_counter()
    tmp = path.with_suffix(".tmp")
    records = pii_corpus.iter_records(pii_rate=CORPORA[name], seed=SEEDS[name])
    with open(tmp, "w", encoding="utf-8") as fh:
        count, size = pii_corpus.write_jsonl(fh, records, text_only=True, max_bytes=int(mb * 1_000_000))
    tmp.rename(path)
    print(f"  built {path.name}: {count:,} records, {size / 1e6:.1f} MB in {time.perf_counter() - t0:.1f}s")
    return path


# ---------------------------------------------------------------------------------------------------------------
# CLI throughput
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class CliRun:
    corpus: str
    workers: int
    seconds: float
    cpu_seconds: float
    mb: float
    ok: bool
    error: str = ""
    findings: int | None = None  # as reported by the CLI's summary on stderr, when it prints one

    @property
    def mb_s(self) -> float:
        return self.mb / self.seconds if self.ok and self.seconds else 0.0

    @property
    def per_core(self) -> float:
        return self.mb_s / self.workers


def hkaigov_exe() -> Path:
    return Path(sys.executable).parent / "hkaigov"


def cli_available() -> str | None:
    """None when `hkaigov pii scan` exists, else why not."""
    exe = hkaigov_exe()
    if not exe.exists():
        return f"{exe} not found"
    proc = subprocess.run([str(exe), "pii", "scan", "--help"], capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        lines = [line.strip("│╭╮╰╯─ ") for line in (proc.stderr or proc.stdout).splitlines()]
        return " ".join(line for line in lines if line and not line.startswith(("Usage", "Try"))) or "failed"
    return None


def time_cli(path: Path, name: str, workers: int, repeat: int) -> CliRun:
    cmd = [str(hkaigov_exe()), "pii", "scan", str(path), "--format", "jsonl", "-o", os.devnull]
    cmd += ["--workers", str(workers)]
    mb = path.stat().st_size / 1e6
    best: CliRun | None = None
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
        seconds = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if proc.returncode != 0:
            tail = [line.strip("│╭╮╰╯─ ") for line in proc.stderr.strip().splitlines()[-3:]]
            return CliRun(name, workers, seconds, cpu, mb, False, f"exit {proc.returncode}: {' '.join(tail)}")
        m = re.search(r"([\d,]+) findings", proc.stderr)
        found = int(m.group(1).replace(",", "")) if m else None
        run = CliRun(name, workers, seconds, cpu, mb, True, findings=found)
        if best is None or run.seconds < best.seconds:
            best = run
    assert best is not None
    return best


# ---------------------------------------------------------------------------------------------------------------
# Latency of scan + redact on ~1 kB prompts
# ---------------------------------------------------------------------------------------------------------------


def make_prompts(n: int, seed: int = 303) -> list[str]:
    """Prompts of ~PROMPT_BYTES bytes of UTF-8, made of consecutive high-PII records."""
    prompts: list[str] = []
    buf: list[str] = []
    size = 0
    for rec in pii_corpus.iter_records(pii_rate=0.35, seed=seed):
        buf.append(rec["text"])
        size += len(rec["text"].encode("utf-8")) + 1
        if size >= PROMPT_BYTES:
            data = "\n".join(buf).encode("utf-8")[:PROMPT_BYTES]
            prompts.append(data.decode("utf-8", errors="ignore"))
            buf, size = [], 0
            if len(prompts) == n:
                break
    return prompts


def percentile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return float("nan")
    k = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[k]


@dataclass
class Latency:
    n: int
    scan_p50: float
    scan_p99: float
    total_p50: float
    total_p90: float
    total_p99: float
    total_max: float
    mean_findings: float


def measure_latency(scan: Callable[[str], list[Any]], iterations: int) -> Latency:
    from hkaigov.pii.redact import Operator, redact_text

    operator = Operator("replace")
    prompts = make_prompts(500)
    for p in prompts[:200]:  # warm-up: compile patterns, fill caches
        redact_text(p, scan(p), operator=operator)
    scan_ms: list[float] = []
    total_ms: list[float] = []
    found = 0
    clock = time.perf_counter_ns
    for i in range(iterations):
        p = prompts[i % len(prompts)]
        t0 = clock()
        findings = scan(p)
        t1 = clock()
        redact_text(p, findings, operator=operator)
        t2 = clock()
        scan_ms.append((t1 - t0) / 1e6)
        total_ms.append((t2 - t0) / 1e6)
        found += len(findings)
    scan_ms.sort()
    total_ms.sort()
    return Latency(
        iterations,
        percentile(scan_ms, 0.5),
        percentile(scan_ms, 0.99),
        percentile(total_ms, 0.5),
        percentile(total_ms, 0.9),
        percentile(total_ms, 0.99),
        total_ms[-1],
        found / iterations,
    )


# ---------------------------------------------------------------------------------------------------------------
# Presidio
# ---------------------------------------------------------------------------------------------------------------

PRESIDIO_SCRIPT = textwrap.dedent(
    '''
    """Run Presidio's AnalyzerEngine (default predefined recognisers, blank spaCy "en") over a JSONL file."""
    import json
    import sys
    import time

    import spacy
    import tldextract
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import SpacyNlpEngine

    # the e-mail recogniser uses tldextract: use its bundled suffix list, never the network
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


    class BlankSpacyNlpEngine(SpacyNlpEngine):
        """SpacyNlpEngine over spacy.blank("en"): tokeniser only, no trained model, no NER."""

        def load(self):
            self.nlp = {"en": spacy.blank("en")}


    src, dst = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    engine = AnalyzerEngine(
        nlp_engine=BlankSpacyNlpEngine(models=[{"lang_code": "en", "model_name": "blank"}]),
        supported_languages=["en"],
    )
    engine.analyze(text="warm up: call 2345 6789, mail a@b.com", language="en")
    init = time.perf_counter() - t0
    records = [json.loads(line) for line in open(src, encoding="utf-8")]
    size = sum(len(r["text"].encode("utf-8")) for r in records)
    out = []
    t0 = time.perf_counter()
    for r in records:
        results = engine.analyze(text=r["text"], language="en")
        out.append([r["id"], [[x.start, x.end, x.entity_type, x.score] for x in results]])
    loop = time.perf_counter() - t0
    with open(dst, "w", encoding="utf-8") as fh:
        json.dump(out, fh)
    recognisers = sorted(type(r).__name__ for r in engine.registry.recognizers)
    print(json.dumps({"init_s": init, "loop_s": loop, "bytes": size, "records": len(records),
                      "recognisers": recognisers}))
    '''
)


def presidio_python() -> tuple[Path | None, str]:
    """The Presidio virtualenv's python, creating the virtualenv on first use; (None, why) when impossible."""
    py = PRESIDIO_VENV / "bin" / "python"
    marker = PRESIDIO_VENV / ".installed"
    if py.exists() and marker.exists():
        return py, ""
    print(f"  creating {PRESIDIO_VENV.relative_to(ROOT)} (python -m venv; pip install presidio-analyzer)...")
    try:
        if not py.exists():
            subprocess.run([sys.executable, "-m", "venv", str(PRESIDIO_VENV)], check=True)
        subprocess.run(
            [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "presidio-analyzer"],
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        return None, f"could not set up Presidio: {exc}"
    marker.write_text("presidio-analyzer\n")
    return py, ""


@dataclass
class PresidioResult:
    corpus: str
    mb: float
    records: int
    init_s: float
    loop_s: float
    hk_loop_s: float
    recall: dict[str, tuple[int, int]]  # type -> (found, gold)
    hkid_any: tuple[int, int]
    hkid_as: dict[str, int]  # Presidio entity type -> HKIDs it covered
    recognisers: list[str]

    @property
    def mb_s(self) -> float:
        return self.mb / self.loop_s if self.loop_s else 0.0

    @property
    def hk_mb_s(self) -> float:
        return self.mb / self.hk_loop_s if self.hk_loop_s else 0.0


def _covers(pred: tuple[int, int], gold: tuple[int, int]) -> bool:
    ov = max(0, min(pred[1], gold[1]) - max(pred[0], gold[0]))
    return ov > 0 and 2 * ov >= max(pred[1] - pred[0], gold[1] - gold[0])


def run_presidio(
    py: Path, name: str, sample_mb: float, scan: Callable[[str], list[Any]] | None
) -> PresidioResult | str:
    records: list[dict[str, Any]] = []
    size = 0
    for rec in pii_corpus.iter_records(pii_rate=CORPORA[name], seed=SEEDS[name]):  # the corpus file's first records
        records.append(rec)
        size += len(rec["text"].encode("utf-8"))
        if size >= sample_mb * 1_000_000:
            break
    with tempfile.TemporaryDirectory(prefix="pii-presidio-") as tmp:
        src, dst, script = Path(tmp) / "in.jsonl", Path(tmp) / "out.json", Path(tmp) / "run_presidio.py"
        with open(src, "w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps({"id": rec["id"], "text": rec["text"]}, ensure_ascii=False) + "\n")
        script.write_text(PRESIDIO_SCRIPT, encoding="utf-8")
        env = dict(os.environ, TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS="", TOKENIZERS_PARALLELISM="false")
        proc = subprocess.run(
            [str(py), str(script), str(src), str(dst)], capture_output=True, text=True, env=env, check=False
        )
        if proc.returncode != 0:
            tail = proc.stderr.strip().splitlines()[-3:]
            return "Presidio run failed: " + " | ".join(tail)
        summary = json.loads(proc.stdout.strip().splitlines()[-1])
        results = dict((rid, res) for rid, res in json.loads(dst.read_text(encoding="utf-8")))

    hk_loop = 0.0
    if scan is not None:
        t0 = time.perf_counter()
        for rec in records:
            scan(rec["text"])
        hk_loop = time.perf_counter() - t0

    recall: dict[str, tuple[int, int]] = {}
    hkid_found = hkid_total = 0
    hkid_as: dict[str, int] = {}
    for rec in records:
        preds = results.get(rec["id"], [])
        for s in rec["spans"]:
            gold = (s["start"], s["end"])
            if s["type"] == "HKID":
                hkid_total += 1
                covering = [p[2] for p in preds if _covers((p[0], p[1]), gold)]
                hkid_found += bool(covering)
                for t in set(covering):
                    hkid_as[t] = hkid_as.get(t, 0) + 1
            same = any(PRESIDIO_TYPES.get(p[2]) == s["type"] and _covers((p[0], p[1]), gold) for p in preds)
            found, total = recall.get(s["type"], (0, 0))
            recall[s["type"]] = (found + same, total + 1)
    return PresidioResult(
        name,
        summary["bytes"] / 1e6,
        summary["records"],
        summary["init_s"],
        summary["loop_s"],
        hk_loop,
        recall,
        (hkid_found, hkid_total),
        hkid_as,
        summary["recognisers"],
    )


# ---------------------------------------------------------------------------------------------------------------


def load_scan() -> tuple[Callable[[str], list[Any]] | None, str]:
    try:
        try:
            from hkaigov.pii import scan_text  # type: ignore[attr-defined]
        except ImportError:
            from hkaigov.pii.scanner import scan_text
    except ImportError as exc:
        return None, f"scan_text not importable ({exc})"
    return scan_text, ""


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=100.0, help="size of each corpus in MB (10^6 bytes)")
    parser.add_argument("--quick", action="store_true", help="10 MB corpora, 0.5 MB Presidio sample (smoke run)")
    parser.add_argument("--skip-presidio", action="store_true")
    parser.add_argument("--presidio-mb", type=float, default=2.0, help="Presidio sample size in MB")
    parser.add_argument("--workers", default="1,2", help="comma-separated worker counts for the CLI")
    parser.add_argument("--repeat", type=int, default=1, help="CLI runs per configuration (best is kept)")
    parser.add_argument("--latency-n", type=int, default=5000, help="prompts timed for the latency figures")
    args = parser.parse_args(argv)
    mb = 10.0 if args.quick else args.mb
    presidio_mb = min(args.presidio_mb, 0.5) if args.quick else args.presidio_mb
    workers = [int(w) for w in args.workers.split(",") if w.strip()]

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; corpora of {mb:g} MB (cache {CACHE})")
    paths = {name: build_corpus(name, mb) for name in CORPORA}
    scan, scan_error = load_scan()

    # 1. CLI throughput
    runs: list[CliRun] = []
    cli_error = cli_available()
    if cli_error:
        print(f"CLI: `hkaigov pii scan` unavailable ({cli_error}); throughput not measured")
    else:
        for name, path in paths.items():
            for w in workers:
                run = time_cli(path, name, w, args.repeat)
                runs.append(run)
                if run.ok:
                    found = "" if run.findings is None else f", {run.findings:,} findings"
                    print(
                        f"CLI {name:<4} PII, {w} worker(s): {run.mb:.1f} MB in {run.seconds:.2f}s = {run.mb_s:.1f} MB/s"
                        f", {run.per_core:.1f} MB/s per core (CPU {run.cpu_seconds:.1f}s, "
                        f"{run.mb / max(run.cpu_seconds, 1e-9):.1f} MB per CPU-second{found})"
                    )
                else:
                    print(f"CLI {name:<4} PII, {w} worker(s): FAILED {run.error}")

        for name in paths:
            counts = {r.workers: r.findings for r in runs if r.corpus == name and r.ok and r.findings is not None}
            if len(set(counts.values())) > 1:
                print(f"  note: {name} corpus, findings differ by worker count: {counts}")

    # 2. latency
    latency: Latency | None = None
    if scan is None:
        print(f"latency: {scan_error}")
    else:
        try:
            latency = measure_latency(scan, args.latency_n)
        except ImportError as exc:
            print(f"latency: redact_text not importable ({exc})")
        if latency:
            print(
                f"scan+redact of {PROMPT_BYTES}-byte prompts (n={latency.n}, {latency.mean_findings:.1f} findings "
                f"each): p50 {latency.total_p50:.3f} ms, p90 {latency.total_p90:.3f} ms, p99 "
                f"{latency.total_p99:.3f} ms, max {latency.total_max:.2f} ms; scan alone p50 {latency.scan_p50:.3f}"
                f" ms, p99 {latency.scan_p99:.3f} ms"
            )

    # 3. Presidio
    presidio: list[PresidioResult] = []
    if not args.skip_presidio:
        py, why = presidio_python()
        if py is None:
            print(f"Presidio: {why}")
        else:
            for name in CORPORA:
                res = run_presidio(py, name, presidio_mb, scan)
                if isinstance(res, str):
                    print(f"Presidio {name}: {res}")
                    continue
                presidio.append(res)
                rec = ", ".join(
                    f"{t} {f}/{n}" for t, (f, n) in sorted(res.recall.items()) if t in PRESIDIO_TYPES.values()
                )
                print(
                    f"Presidio {name:<4} PII: {res.mb:.2f} MB, {res.records:,} records in {res.loop_s:.2f}s "
                    f"= {res.mb_s:.3f} MB/s (engine start {res.init_s:.1f}s, not counted); hkaigov scan_text on "
                    f"the same sample {res.hk_loop_s:.2f}s = {res.hk_mb_s:.1f} MB/s"
                )
                hf, ht = res.hkid_any
                as_ = ", ".join(f"{t} {c}" for t, c in sorted(res.hkid_as.items(), key=lambda kv: -kv[1])) or "none"
                print(
                    f"  Presidio recall: HKID {hf}/{ht} ({hf / max(ht, 1):.1%}) covered by any entity type (as: {as_}; "
                    f"Presidio has no HKID recogniser); same-type recall: {rec}"
                )
            if presidio:
                print(f"  Presidio recognisers: {', '.join(presidio[0].recognisers)}")

    # 4. summary table
    print()
    print(f"{'figure':<52}{'value':>16}  {'target':<14}result")
    print("-" * 90)
    ok_all = True
    for run in runs:
        label = f"CLI {run.corpus} PII ({CORPORA[run.corpus]:.0%}), {run.workers} worker(s)"
        if not run.ok:
            print(f"{label:<52}{'failed':>16}")
            ok_all = False
            continue
        target = TARGET_PER_CORE[run.corpus]
        good = run.per_core >= target
        ok_all &= good
        print(f"{label + ', MB/s':<52}{run.mb_s:>16.1f}")
        print(f"{'  per core':<52}{run.per_core:>16.1f}  {'>= ' + format(target, 'g'):<14}{verdict(good)}")
    if latency:
        good = latency.total_p99 < TARGET_P99_MS
        ok_all &= good
        print(f"{'scan+redact 1 kB prompt p50, ms':<52}{latency.total_p50:>16.3f}")
        print(f"{'scan+redact 1 kB prompt p99, ms':<52}{latency.total_p99:>16.3f}  {'< 1':<14}{verdict(good)}")
    for res in presidio:
        print(f"{f'Presidio {res.corpus} PII sample, MB/s (1 core)':<52}{res.mb_s:>16.3f}")
        print(f"{'hkaigov scan_text same sample, MB/s (1 core)':<52}{res.hk_mb_s:>16.1f}")
        if res.mb_s and res.hk_mb_s:
            print(f"{'  ratio hkaigov / Presidio (same sample)':<52}{res.hk_mb_s / res.mb_s:>15.0f}x")
        cli = next((r for r in runs if r.corpus == res.corpus and r.workers == 1 and r.ok), None)
        if cli and res.mb_s:
            print(f"{'  ratio hkaigov CLI 1 worker / Presidio':<52}{cli.mb_s / res.mb_s:>15.0f}x")
        hf, ht = res.hkid_any
        print(f"{'  Presidio HKID recall (any entity type)':<52}{hf / max(ht, 1):>16.1%}")
    if not runs:
        print(f"{'CLI throughput':<52}{'n/a':>16}")
    print("-" * 90)
    print("all speed targets met" if ok_all and runs and latency else "speed targets: see FAIL / n/a above")
    return 0


if __name__ == "__main__":
    sys.exit(main())

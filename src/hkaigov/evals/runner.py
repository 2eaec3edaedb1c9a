"""The async runner: bounded concurrency, rate limits, retries, a response cache, resume, streamed results.

A fixed pool of `concurrency` workers pulls cases from a queue, so the number of requests in flight is
exactly the configured concurrency while work remains. Each finished case is scored and its row is
written (and flushed) to the JSONL log at once; members of a counterfactual pair are scored and written
together when the last of them has answered, so that a log never holds half a pair. `resume` reads the
log, keeps the rows without an error, and runs only the rest.
"""

from __future__ import annotations

import asyncio
import gc
import json
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from hkaigov.evals import judge as judging
from hkaigov.evals.cache import ResponseCache, cache_key
from hkaigov.evals.cases import Case
from hkaigov.evals.limits import Limits, backoff
from hkaigov.evals.results import ResultRow, iter_results
from hkaigov.evals.scorers import PAIR_SCORERS, SCORERS, Score, score_pair
from hkaigov.evals.targets import Completion, Retryable, Target, TargetError


@dataclass(frozen=True)
class RunOptions:
    concurrency: int = 8
    requests_per_minute: float | None = None
    tokens_per_minute: float | None = None
    retries: int = 4
    cache_dir: Path | None = None  # None: no cache
    resume: bool = False
    judge_decides: bool = False  # with a judge: its verdict, not the deterministic scorer's, sets `passed`


@dataclass
class RunStats:
    total: int = 0
    skipped: int = 0  # already in the log (resume)
    passed: int = 0
    failed: int = 0
    errors: int = 0
    cached: int = 0
    requests: int = 0  # HTTP calls (or function calls) made, retries included
    seconds: float = 0.0
    max_in_flight: int = 0


@dataclass
class _Answer:
    case: Case
    text: str
    latency_ms: float
    cached: bool
    attempts: int
    error: str | None


Progress = Callable[[int], None]


def _estimate_tokens(messages: Sequence[dict[str, str]]) -> int:
    return sum(len(m["content"]) for m in messages) // 3 + 16


class Runner:
    def __init__(
        self,
        target: Target,
        options: RunOptions,
        out: IO[str],
        progress: Progress | None = None,
        judge: Target | None = None,
    ) -> None:
        self.target = target
        self.judge = judge
        self.options = options
        self.out = out
        self.progress = progress
        self.limits = Limits(options.requests_per_minute, options.tokens_per_minute)
        self.cache = ResponseCache(options.cache_dir) if options.cache_dir is not None else None
        self.stats = RunStats()
        self._in_flight = 0
        self._pairs: dict[str, list[_Answer]] = defaultdict(list)
        self._pair_size: dict[str, int] = {}
        self._earlier: dict[str, ResultRow] = {}
        self._target_name = target.identity.split(":{", 1)[0]

    async def run(self, cases: Sequence[Case], done: dict[str, ResultRow]) -> RunStats:
        start = time.perf_counter()
        self._earlier = done
        todo = [c for c in cases if c.id not in done]
        self.stats.total = len(cases)
        self.stats.skipped = len(cases) - len(todo)
        for case in cases:
            if case.pair is not None and case.scorer in PAIR_SCORERS:
                self._pair_size[case.pair] = self._pair_size.get(case.pair, 0) + 1
                if case.id in done:
                    row = done[case.id]
                    self._pairs[case.pair].append(_Answer(case, row.response, row.latency_ms, True, 0, None))
        queue: asyncio.Queue[Case] = asyncio.Queue()
        for case in todo:
            queue.put_nowait(case)
        workers = [asyncio.create_task(self._worker(queue)) for _ in range(max(1, self.options.concurrency))]
        try:
            await asyncio.gather(*workers)
        finally:
            for worker in workers:
                worker.cancel()
            if self.cache is not None:
                self.cache.close()
            await self.target.aclose()
            if self.judge is not None:
                await self.judge.aclose()
        self.stats.seconds = time.perf_counter() - start
        return self.stats

    async def _worker(self, queue: asyncio.Queue[Case]) -> None:
        while True:
            try:
                case = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            answer = await self._ask(case)
            verdict = None
            if self.judge is not None and answer.error is None and case.scorer not in PAIR_SCORERS:
                verdict = await self._judge(case, answer.text)
            self._score(answer, verdict)

    async def _judge(self, case: Case, text: str) -> Score | str:
        """The judge's verdict, or why there is none (the run goes on without it)."""
        assert self.judge is not None
        attempts = 0
        while True:
            attempts += 1
            try:
                return await judging.ask(self.judge, case, text)
            except Retryable as exc:
                if attempts > self.options.retries:
                    return f"judge failed: {exc}"
                await asyncio.sleep(backoff(attempts, exc.retry_after))
            except TargetError as exc:
                return f"judge failed: {exc}"

    async def _ask(self, case: Case) -> _Answer:
        messages = case.messages()
        key = cache_key(self.target.identity, messages) if self.cache is not None else ""
        if self.cache is not None:
            hit = self.cache.get(key)
            if hit is not None:
                return _Answer(case, hit.text, 0.0, True, 0, None)
        estimate = _estimate_tokens(messages)
        attempts = 0
        while True:
            attempts += 1
            await self.limits.before(estimate)
            self._in_flight += 1
            self.stats.max_in_flight = max(self.stats.max_in_flight, self._in_flight)
            self.stats.requests += 1
            t0 = time.perf_counter()
            try:
                completion: Completion = await self.target.complete(messages)
            except Retryable as exc:
                if attempts > self.options.retries:
                    return _Answer(case, "", _ms(t0), False, attempts, f"{exc} (gave up after {attempts} attempts)")
                await asyncio.sleep(backoff(attempts, exc.retry_after))
                continue
            except TargetError as exc:
                return _Answer(case, "", _ms(t0), False, attempts, str(exc))
            finally:
                self._in_flight -= 1
            self.limits.after(estimate, completion.tokens)
            if self.cache is not None:
                self.cache.put(key, completion)
            return _Answer(case, completion.text, _ms(t0), False, attempts, None)

    def _score(self, answer: _Answer, verdict: Score | str | None = None) -> None:
        case = answer.case
        if case.pair is not None and case.scorer in PAIR_SCORERS:
            group = self._pairs[case.pair]
            group.append(answer)
            if len(group) < self._pair_size[case.pair]:
                return
            answered = [a for a in group if a.error is None]
            scores = score_pair([(a.case, a.text) for a in answered]) if len(answered) > 1 else {}
            for member in group:
                if member.case.id in self._earlier:
                    continue
                score = scores.get(member.case.id) or Score(False, 0.0, "no counterfactual answer to compare with")
                self._emit(member, score)
            return
        if answer.error is not None:
            self._emit(answer, Score(False, 0.0, "error"))
            return
        self._emit(answer, SCORERS[case.scorer](case, answer.text), verdict)

    def _emit(self, answer: _Answer, score: Score, verdict: Score | str | None = None) -> None:
        case = answer.case
        failed_call = answer.error is not None
        judged = verdict if isinstance(verdict, Score) else None
        if judged is not None and self.options.judge_decides:
            score = Score(judged.passed, judged.score, f"judge: {judged.detail} (scorer: {score.detail})")
        # built as a dict and dumped directly: the row layout is `results.ResultRow`, which reads it back
        row = {
            "case_id": case.id,
            "suite": case.suite,
            "language": case.language.value,
            "prompt": case.prompt_text(),
            "response": answer.text,
            "scorer": case.scorer,
            "passed": score.passed and not failed_call,
            "score": 0.0 if failed_call else score.score,
            "detail": "call failed" if failed_call else score.detail,
            "latency_ms": round(answer.latency_ms, 2),
            "cached": answer.cached,
            "error": answer.error,
            "attempts": answer.attempts,
            "severity": case.severity.value,
            "controls": list(case.controls),
            "target": self._target_name,
            "model": self.target.model,
            "judge_passed": judged.passed if judged is not None else None,
            "judge_detail": judged.detail if judged is not None else verdict,
        }
        self.out.write(json.dumps(row, ensure_ascii=False) + "\n")
        self.out.flush()
        if failed_call:
            self.stats.errors += 1
        elif row["passed"]:
            self.stats.passed += 1
        else:
            self.stats.failed += 1
        self.stats.cached += answer.cached
        if self.progress is not None:
            self.progress(1)


def _ms(t0: float) -> float:
    return (time.perf_counter() - t0) * 1000


def previous_rows(path: Path) -> dict[str, ResultRow]:
    """Rows of an earlier, possibly interrupted run that need not run again: those without an error.

    A last line cut off mid-write is dropped from the file, so that appending starts on a fresh line.
    """
    if not path.exists():
        return {}
    rows = {r.case_id: r for r in iter_results(path, tolerate_torn_tail=True) if r.error is None}
    raw = path.read_bytes()
    if raw and not raw.endswith(b"\n"):
        with open(path, "r+b") as fh:
            fh.truncate(raw.rfind(b"\n") + 1)
    return rows


def run(
    cases: Sequence[Case],
    target: Target,
    out_path: Path,
    options: RunOptions,
    progress: Progress | None = None,
    judge: Target | None = None,
) -> RunStats:
    """Run `cases` against `target`, streaming rows to `out_path` (appending when resuming)."""
    done = previous_rows(out_path) if options.resume else {}
    # Everything imported so far lives for the whole run: move it out of the collector's sight, so that
    # collections during the run do not keep walking the CLI's modules and the catalog.
    gc.collect()
    gc.freeze()
    mode = "a" if options.resume else "w"
    with open(out_path, mode, encoding="utf-8") as out:
        runner = Runner(target, options, out, progress, judge)
        return asyncio.run(runner.run(cases, done))

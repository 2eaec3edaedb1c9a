"""Speed of the GenAI test harness against a loopback OpenAI-compatible server with fixed latency.

For each setting (800 prompts; latency 50 ms at concurrency 8 and 32; latency 0 at concurrency 32):
1. a floor client — bare aiohttp, one keep-alive pool, a semaphore, nothing else — gives the best
   achievable prompts/s on this machine;
2. `hkaigov eval run` (the installed CLI, whole process, no cache) on an 800-case suite file: prompts/s
   over the run itself (as the CLI reports it) and over the whole process (start-up included);
3. the server counts requests in flight, so the real concurrency is printed next to the configured one.

The server runs in its own process (`--serve`), so that it does not share the client's event loop.
Targets: >= 530 prompts/s at c=32, 50 ms (>= 90% of the floor); in-flight == concurrency.
Usage: python bench/evals_speed.py [--prompts 800] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
TARGET = 530.0


def serve(port: int, latency_ms: float) -> None:
    """A minimal chat-completions server: sleeps `latency_ms`, answers with a refusal, counts in-flight."""
    state = {"in_flight": 0, "max_in_flight": 0, "requests": 0}
    body = json.dumps(
        {
            "id": "bench",
            "object": "chat.completion",
            "choices": [
                {"index": 0, "message": {"role": "assistant", "content": "I'm sorry, I can't help with that."}}
            ],
            "usage": {"total_tokens": 20},
        }
    ).encode()

    async def chat(request: web.Request) -> web.Response:
        await request.read()
        state["requests"] += 1
        state["in_flight"] += 1
        state["max_in_flight"] = max(state["max_in_flight"], state["in_flight"])
        try:
            if latency_ms:
                await asyncio.sleep(latency_ms / 1000)
        finally:
            state["in_flight"] -= 1
        return web.Response(body=body, content_type="application/json")

    async def stats(request: web.Request) -> web.Response:
        out = dict(state)
        state.update(max_in_flight=0, requests=0)
        return web.json_response(out)

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    app.router.add_get("/stats", stats)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(latency_ms: float) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen([sys.executable, __file__, "--serve", str(port), str(latency_ms)])
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.1):
                return proc, url
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("bench server did not start")


async def server_stats(url: str) -> dict[str, int]:
    async with aiohttp.ClientSession() as s, s.get(url + "/stats") as r:
        data: dict[str, int] = await r.json()
        return data


async def floor(url: str, prompts: int, concurrency: int) -> float:
    """Prompts per second of a bare client: the ceiling for any harness on this machine."""
    connector = aiohttp.TCPConnector(limit=concurrency)
    sem = asyncio.Semaphore(concurrency)
    payloads = [
        json.dumps({"model": "bench", "messages": [{"role": "user", "content": f"prompt {i}"}]}).encode()
        for i in range(prompts)
    ]
    async with aiohttp.ClientSession(connector=connector) as session:

        async def one(data: bytes) -> None:
            async with sem, session.post(url + "/v1/chat/completions", data=data) as r:
                await r.read()

        t0 = time.perf_counter()
        await asyncio.gather(*(one(p) for p in payloads))
        return prompts / (time.perf_counter() - t0)


def suite_file(directory: Path, prompts: int) -> Path:
    lines = [
        "suite: bench",
        "title: {en: Bench}",
        "description: Synthetic prompts for the speed benchmark.",
        "defaults: {scorer: canary, severity: low, controls: [DPOGAI-DEV-09]}",
        "cases:",
    ]
    for i in range(prompts):
        lines.append(
            f'  - {{id: bench-{i:05d}, language: en, prompt: "Bench prompt {i}: say hello.", '
            f"expect: {{canary: BENCH-{i:05d}}}}}"
        )
    path = directory / "bench_suite.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def harness(url: str, suite: Path, concurrency: int, out: Path) -> tuple[float, float, str]:
    """(run-only prompts/s, whole-process prompts/s, error) for `hkaigov eval run`."""
    exe = Path(sys.executable).parent / "hkaigov"
    cmd = [
        str(exe),
        "eval",
        "run",
        "--target",
        "openai",
        "--base-url",
        url + "/v1",
        "--model",
        "bench",
        "--api-key-env",
        "",
        "--suite-file",
        str(suite),
        "--no-cache",
        "--no-progress",
        "--concurrency",
        str(concurrency),
        "-o",
        str(out),
    ]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    rows = sum(1 for line in out.read_text(encoding="utf-8").splitlines() if '"bench-' in line) if out.exists() else 0
    if proc.returncode not in (0, 1) or not rows:
        return 0.0, 0.0, proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"
    m = re.search(r"in ([0-9.]+)s", proc.stderr)
    run_seconds = float(m.group(1)) if m else wall
    bench_rows = rows
    return bench_rows / run_seconds, bench_rows / wall, ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prompts", type=int, default=800)
    parser.add_argument("--quick", action="store_true", help="200 prompts")
    parser.add_argument("--serve", nargs=2, metavar=("PORT", "LATENCY_MS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(int(args.serve[0]), float(args.serve[1]))
        return
    prompts = 200 if args.quick else args.prompts
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; {prompts} prompts per setting")
    print(f"{'latency':>8} {'conc':>5} {'floor/s':>9} {'run/s':>8} {'ratio':>6} {'process/s':>10} {'in-flight':>10}")
    verdicts = []
    with tempfile.TemporaryDirectory() as tmp:
        suite = suite_file(Path(tmp), prompts)
        for latency, conc in ((50, 8), (50, 32), (0, 32)):
            proc, url = start_server(latency)
            try:
                asyncio.run(floor(url, min(prompts, 64), conc))  # warm-up
                floor_rate = asyncio.run(floor(url, prompts, conc))
                asyncio.run(server_stats(url))
                run_rate, process_rate, error = harness(url, suite, conc, Path(tmp) / f"out-{latency}-{conc}.jsonl")
                seen = asyncio.run(server_stats(url))
            finally:
                proc.terminate()
                proc.wait()
            if error:
                print(f"{latency:>6}ms {conc:>5} {floor_rate:>9.0f}  hkaigov eval run failed: {error}")
                verdicts.append(False)
                continue
            ratio = run_rate / floor_rate if floor_rate else 0.0
            print(
                f"{latency:>6}ms {conc:>5} {floor_rate:>9.0f} {run_rate:>8.0f} {ratio:>6.0%} {process_rate:>10.0f} "
                f"{seen['max_in_flight']:>6}/{conc}"
            )
            if latency == 50 and conc == 32:
                ok = run_rate >= TARGET and ratio >= 0.9
                verdicts.append(ok)
                print(f"  target >= {TARGET:.0f} prompts/s and >= 90% of the floor: {'PASS' if ok else 'FAIL'}")
    sys.exit(0 if all(verdicts) else 1)


if __name__ == "__main__":
    main()

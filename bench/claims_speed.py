"""Speed of the misleading-claims monitor: pages per second through extraction + detection, and a crawl.

1. Extraction + detection, no network, one core: the fixture website's HTML pages (tests/claims/site) and
   synthetic marketing pages of ~20-60 kB built from them (navigation, scripts, styles, long footers), each
   run through `extract_html` and `detect` with the shipped institution register. Target: >= 200 pages/s.
2. A crawl of the fixture website served on loopback (in a separate process) by `crawl_pages` at
   concurrency 16 (per host), depth 3: pages per second and pages fetched.
Usage: python bench/claims_speed.py [--pages 2000]
"""

from __future__ import annotations

import argparse
import http.server
import os
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

from hkaigov.claims.crawl import crawl_pages
from hkaigov.claims.detect import detect
from hkaigov.claims.extract import ExtractError, extract_html
from hkaigov.claims.institutions import load_register
from hkaigov.claims.pages import Page

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "tests" / "claims" / "site"
TARGET = 200.0


def fixture_pages() -> list[tuple[str, bytes]]:
    return [(str(p.relative_to(SITE)), p.read_bytes()) for p in sorted(SITE.rglob("*.html"))]


def synthetic(pages: list[tuple[str, bytes]], n: int, seed: int = 7) -> list[tuple[str, bytes]]:
    """Bigger pages, as real marketing sites serve them: menus, inline scripts and styles, several sections."""
    rng = random.Random(seed)
    nav = "".join(f'<li><a href="/p/{i}">Menu item {i}</a></li>' for i in range(60))
    script = "<script>" + "var x=1;" * 800 + "</script><style>" + ".c{color:red}" * 400 + "</style>"
    out = []
    for i in range(n):
        body = b"".join(rng.choice(pages)[1] for _ in range(rng.randint(3, 8)))
        html = f"<html><head><title>Page {i}</title>{script}</head><body><nav><ul>{nav}</ul></nav>".encode()
        out.append(
            (f"synthetic/{i}.html", html + body + b"<footer>&copy; 2025 Example Holdings Ltd</footer></body></html>")
        )
    return out


def extraction(pages: list[tuple[str, bytes]]) -> tuple[float, float, int]:
    register = load_register()
    findings = 0
    start = time.process_time()
    for name, raw in pages:
        url = f"https://site.example/{name}"
        try:
            title, text, entity, _ = extract_html(raw, url, "text/html")
        except ExtractError:
            continue
        findings += len(detect(Page(url, url, text, entity, title=title), register))
    cpu = time.process_time() - start
    return len(pages) / cpu, sum(len(r) for _, r in pages) / len(pages) / 1000, findings


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(port: int) -> None:
    os.chdir(SITE)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _Quiet)
    server.serve_forever()


def crawl_speed(concurrency: int) -> tuple[float, int, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, __file__, "--serve", str(port)])
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        t0 = time.perf_counter()
        items = crawl_pages([f"http://127.0.0.1:{port}/"], depth=3, max_pages=500, per_host=concurrency, timeout=10)
        seconds = time.perf_counter() - t0
    finally:
        proc.terminate()
        proc.wait()
    pages = sum(1 for i in items if isinstance(i, Page))
    return pages / seconds, pages, len(items) - pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve)
        return
    base = fixture_pages()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; fixture site: {len(base)} HTML pages")
    rate, kb, found = extraction(base * max(1, args.pages // len(base)))
    print(f"extract + detect, fixture pages (~{kb:.0f} kB): {rate:,.0f} pages per CPU-second ({found} findings)")
    big_rate, big_kb, _ = extraction(synthetic(base, args.pages // 4))
    ok = min(rate, big_rate) >= TARGET
    print(f"extract + detect, synthetic pages (~{big_kb:.0f} kB): {big_rate:,.0f} pages per CPU-second")
    print(f"  target >= {TARGET:.0f} pages/s per core: {'PASS' if ok else 'FAIL'}")
    crawl_rate, pages, skipped = crawl_speed(16)
    print(f"crawl of the loopback site, concurrency 16: {pages} pages ({skipped} skipped) at {crawl_rate:,.0f} pages/s")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

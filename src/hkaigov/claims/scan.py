"""One claims scan: collect pages from URLs (crawled) and files (read), run the detector on each.

A page that cannot be fetched or parsed is reported as skipped and the scan goes on.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from hkaigov.claims.detect import ClaimFinding, Rulebook, detect, rulebook
from hkaigov.claims.institutions import FraudList, InstitutionRegister
from hkaigov.claims.pages import Page, Skipped
from hkaigov.domain.errors import InputError


@dataclass(frozen=True)
class CrawlOptions:
    depth: int = 2
    max_pages: int = 100
    same_site: bool = True
    per_host: int = 4
    delay: float = 0.0
    timeout: float = 10.0
    retries: int = 2
    robots: bool = True


@dataclass
class ScanResult:
    pages: list[tuple[Page, list[ClaimFinding]]] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def findings(self) -> list[ClaimFinding]:
        return [f for _, found in self.pages for f in found]


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def _files(inputs: Sequence[str]) -> list[Path]:
    paths: list[Path] = []
    for value in inputs:
        if is_url(value):
            continue
        path = Path(value)
        if path.is_dir():
            paths.extend(sorted(p for p in path.rglob("*") if p.is_file()))
        elif path.exists():
            paths.append(path)
        else:
            raise InputError(f"{value}: no such file, directory or http(s) URL")
    return paths


def run_scan(
    inputs: Sequence[str],
    register: InstitutionRegister,
    fraud: FraudList,
    crawl: CrawlOptions = CrawlOptions(),
    *,
    min_score: float = 0.0,
    book: Rulebook | None = None,
    on_item: Callable[[Page | Skipped], None] | None = None,
) -> ScanResult:
    """Scan every URL (crawled from it) and file (read locally); inputs are checked before anything runs."""
    from hkaigov.claims.sources import iter_local

    book = book or rulebook()
    files = _files(inputs)
    seeds = [v for v in inputs if is_url(v)]
    result = ScanResult()
    start = time.perf_counter()

    def take(item: Page | Skipped) -> None:
        if isinstance(item, Skipped):
            result.skipped.append(item)
        else:
            found = [f for f in detect(item, register, fraud, book) if f.score >= min_score]
            result.pages.append((item, found))
        if on_item is not None:
            on_item(item)

    for path in files:
        for item in iter_local(path):
            take(item)
    if seeds:
        from hkaigov.claims.crawl import crawl_pages

        for item in crawl_pages(
            seeds,
            depth=crawl.depth,
            max_pages=crawl.max_pages,
            same_site=crawl.same_site,
            per_host=crawl.per_host,
            delay=crawl.delay,
            timeout=crawl.timeout,
            retries=crawl.retries,
            respect_robots=crawl.robots,
        ):
            take(item)
    result.seconds = time.perf_counter() - start
    return result

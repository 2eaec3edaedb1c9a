"""The whole monitor on the 55-page fixture website, served on loopback: crawl, extract, detect, record.

tests/claims/site/EXPECTED.json says, for every page, whether it should give a misleading claim or an
impersonation finding, whether robots.txt keeps the crawler out, and whether it is malformed.
"""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.claims.loopback import Route, Site, serve
from tests.registers import RegisterTarget
from typer.testing import CliRunner

from hkaigov.cli.main import app

SITE = Path(__file__).parent / "site"
EXPECTED: dict[str, Any] = json.loads((SITE / "EXPECTED.json").read_text(encoding="utf-8"))


def _content_type(path: Path) -> str:
    if path.suffix == ".html":
        return "text/html"
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    files = [p for p in SITE.rglob("*") if p.is_file() and p.name != "EXPECTED.json"]
    with serve({}) as s:
        for p in files:
            body = p.read_bytes()
            if p.name in ("robots.txt", "sitemap.xml"):
                body = body.replace(EXPECTED["placeholder"].encode(), s.base.encode())
            s.route("/" + str(p.relative_to(SITE)), Route(200, _content_type(p), body))
        s.route("/", Route(200, "text/html", (SITE / "index.html").read_bytes()))
        yield s


@pytest.fixture(scope="module")
def crawled(site: Site, tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, Any]], str]:
    out = tmp_path_factory.mktemp("site") / "f.jsonl"
    result = CliRunner().invoke(
        app, ["claims", "scan", site.url("/"), "--depth", "4", "--max-pages", "200", "-o", str(out), "--no-record"]
    )
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return rows, result.stderr


def _by_path(rows: list[dict[str, Any]], site: Site) -> dict[str, set[str]]:
    kinds: dict[str, set[str]] = {}
    for r in rows:
        kinds.setdefault(r["id"].removeprefix(site.base), set()).add(r["kind"])
    return kinds


def test_every_crawlable_page_is_judged_as_expected(crawled: tuple[list[dict[str, Any]], str], site: Site) -> None:
    rows, _ = crawled
    kinds = _by_path(rows, site)
    wrong = []
    for path, e in EXPECTED["pages"].items():
        if not e["crawl"] or e["malformed"]:
            continue
        got = kinds.get(path, set()) | kinds.get("/" if path == "/index.html" else path, set())
        if e["misleading_claim"] != ("misleading_claim" in got) or e["impersonation"] != ("impersonation" in got):
            wrong.append(f"{path}: expected claim={e['misleading_claim']} imp={e['impersonation']}, got {sorted(got)}")
    assert not wrong, "\n".join(wrong)


def test_robots_disallowed_pages_are_never_fetched(crawled: tuple[list[dict[str, Any]], str], site: Site) -> None:
    rows, _ = crawled
    private = [p for p, e in EXPECTED["pages"].items() if not e["crawl"]]
    assert private
    assert not any(r.path.startswith(tuple(private)) for r in site.requests)
    assert not any(p in row["id"] for row in rows for p in private)


def test_the_malformed_page_is_reported_and_skipped(crawled: tuple[list[dict[str, Any]], str]) -> None:
    rows, err = crawled
    broken = [p for p, e in EXPECTED["pages"].items() if e["malformed"]]
    assert broken and all(p in err for p in broken)
    assert not any(p in r["id"] for r in rows for p in broken)


def test_findings_carry_their_evidence(crawled: tuple[list[dict[str, Any]], str]) -> None:
    rows, _ = crawled
    assert rows
    for r in rows:
        assert len(r["page_sha256"]) == 64 and r["fetched_at"] and r["url"].startswith("http://127.0.0.1")
        assert r["legal_basis"] and r["explanation"] and r["rules"]


def test_the_crawler_names_itself(site: Site, crawled: tuple[list[dict[str, Any]], str]) -> None:
    assert site.requests and all("hkaigov" in r.user_agent for r in site.requests)


def test_a_recorded_crawl_survives_a_restart_and_a_second_crawl_merges(
    site: Site, runner: CliRunner, register_env: RegisterTarget, tmp_path: Path
) -> None:
    assert runner.invoke(app, ["init"]).exit_code == 0
    args = ["claims", "scan", site.url("/winfast/index.html"), "--depth", "1", "-o", str(tmp_path / "a.jsonl")]
    first = runner.invoke(app, args)
    assert first.exit_code == 0 and "recorded as claims scan 1" in first.stderr, first.output
    listed = json.loads(runner.invoke(app, ["claims", "list", "--format", "json"]).stdout)
    assert listed
    runner.invoke(app, ["claims", "review", str(listed[0]["finding"]), "--confirm"])
    second = runner.invoke(app, args)
    assert "0 new" in second.stderr
    again = json.loads(runner.invoke(app, ["claims", "list", "--format", "json"]).stdout)
    assert len(again) == len(listed) and again[0]["status"] == "confirmed" and again[0]["times_seen"] == 2

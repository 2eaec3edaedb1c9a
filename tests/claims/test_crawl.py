"""The crawler against a site on 127.0.0.1: limits, politeness, failures and what each page records."""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import random
from typing import Any

from tests.claims.loopback import Route, Site, html_page, minimal_pdf, serve

from hkaigov.claims.crawl import USER_AGENT, crawl, crawl_pages, normalize_url, same_site_key
from hkaigov.claims.pages import Page, Skipped

FAST: dict[str, Any] = {"backoff": 0.01, "timeout": 5.0}


def links(*paths: str) -> str:
    return " ".join(f'<a href="{p}">{p}</a>' for p in paths)


def html(body: str, title: str = "Page") -> Route:
    return Route(200, "text/html; charset=utf-8", html_page(title, body))


def by_url(items: list[Page | Skipped], site: Site) -> dict[str, Page | Skipped]:
    return {i.id.removeprefix(site.base): i for i in items}


def pages(items: list[Page | Skipped]) -> list[Page]:
    return [i for i in items if isinstance(i, Page)]


def page_requests(site: Site) -> list[str]:
    return [p for p in site.paths if p not in ("/robots.txt", "/sitemap.xml")]


CHAIN = {
    "/": html(links("/a1", "/a2")),
    "/a1": html(links("/b1")),
    "/a2": html(links("/b2")),
    "/b1": html(links("/c1")),
    "/b2": html("leaf"),
    "/c1": html("deep"),
}


def test_depth_counts_hops_from_the_seed() -> None:
    with serve(CHAIN) as site:
        items = crawl_pages([site.url("/")], depth=2, sitemaps=False, **FAST)
    assert set(by_url(items, site)) == {"/", "/a1", "/a2", "/b1", "/b2"}
    assert all(isinstance(i, Page) for i in items)
    assert "/c1" not in site.paths
    with serve(CHAIN) as site:
        assert [i.id for i in crawl_pages([site.url("/")], depth=0, **FAST)] == [site.url("/")]


def test_max_pages_bounds_the_requests_breadth_first() -> None:
    with serve(CHAIN) as site:
        items = crawl_pages([site.url("/")], depth=5, max_pages=3, sitemaps=False, **FAST)
        assert set(by_url(items, site)) == {"/", "/a1", "/a2"}  # the nearest pages first
        assert sorted(page_requests(site)) == ["/", "/a1", "/a2"]


def test_only_the_seed_site_is_crawled() -> None:
    with serve({"/": html(links("/in")), "/in": html("in")}) as site:
        external = f"http://localhost:{site.base.rsplit(':', 1)[1]}/external"  # the same server, another host
        site.route("/", html(links("/in", external, "https://elsewhere.invalid/x")))
        items = crawl_pages([site.url("/")], sitemaps=False, **FAST)
    assert set(by_url(items, site)) == {"/", "/in"}
    assert "/external" not in site.paths
    [home] = [p for p in pages(items) if p.id == site.url("/")]
    assert external in home.links  # kept as evidence, not followed


def test_same_site_ignores_www_and_normalises_urls() -> None:
    assert (
        same_site_key("https://www.WinFast.example/x")
        == same_site_key("http://winfast.example:8080/")
        == "winfast.example"
    )
    assert normalize_url("HTTPS://WinFast.Example:443/a?b=1#frag") == "https://winfast.example/a?b=1"
    assert normalize_url("http://winfast.example:80") == "http://winfast.example/"
    assert normalize_url("http://winfast.example:8080/x") == "http://winfast.example:8080/x"
    assert normalize_url("mailto:a@b.example") is None
    assert normalize_url("http://bad:port/") is None


def test_duplicate_urls_are_fetched_once() -> None:
    routes = {"/": html(links("/a", "/a#x", "/a", "/b")), "/a": html(links("/", "/b#top")), "/b": html("b")}
    with serve(routes) as site:
        seeds = [site.url("/"), site.url("/#again"), site.url("")]
        items = crawl_pages(seeds, sitemaps=False, **FAST)
        assert sorted(page_requests(site)) == ["/", "/a", "/b"]
    assert len(items) == 3


ROBOTS = """User-agent: *
Disallow: /

User-agent: hkaigov
Disallow: /private
Disallow: /no-hkaigov
"""


def test_robots_txt_disallow_is_honoured_and_reported() -> None:
    routes = {
        # the group for hkaigov applies, not the one for everybody else
        "/robots.txt": Route(200, "text/plain", ROBOTS),
        "/": html(links("/public", "/private/accounts", "/no-hkaigov", "/moved")),
        "/public": html("ok"),
        "/private/accounts": html("secret"),
        "/no-hkaigov": html("not for us"),
        "/moved": Route(302, "text/plain", "", 0, {"Location": "/private/other"}),
    }
    with serve(routes) as site:
        items = by_url(crawl_pages([site.url("/")], sitemaps=False, **FAST), site)
        assert site.paths.count("/robots.txt") == 1
        assert not {"/private/accounts", "/no-hkaigov", "/private/other"} & set(site.paths)
    assert isinstance(items["/public"], Page)
    for path in ("/private/accounts", "/no-hkaigov"):
        skipped = items[path]
        assert isinstance(skipped, Skipped) and skipped.reason == "disallowed by robots.txt"
    moved = items["/moved"]
    assert isinstance(moved, Skipped) and "disallowed by robots.txt" in moved.reason


def test_robots_txt_missing_allows_and_5xx_forbids() -> None:
    with serve({"/": html(links("/a")), "/a": html("a")}) as site:
        assert len(pages(crawl_pages([site.url("/")], sitemaps=False, **FAST))) == 2
    with serve({"/robots.txt": Route(503, "text/plain", "down"), "/": html("home")}) as site:
        [item] = crawl_pages([site.url("/")], sitemaps=False, retries=1, **FAST)
        assert isinstance(item, Skipped) and "robots.txt unavailable (HTTP 503" in item.reason
        assert site.paths == ["/robots.txt", "/robots.txt"]  # retried, and no page fetched
    with serve({"/robots.txt": Route(503, "text/plain", "down"), "/": html("home")}) as site:
        assert len(pages(crawl_pages([site.url("/")], respect_robots=False, sitemaps=False, **FAST))) == 1
        assert site.paths == ["/"]


def test_user_agent_names_hkaigov() -> None:
    with serve({"/": html(links("/a")), "/a": html("a")}) as site:
        crawl_pages([site.url("/")], **FAST)
    assert USER_AGENT.startswith("hkaigov/")
    assert {r.user_agent for r in site.requests} == {USER_AGENT}


def test_per_host_concurrency_is_never_exceeded() -> None:
    routes: dict[str, Any] = {"/": html(links(*(f"/p{i}" for i in range(12))))}
    routes.update({f"/p{i}": Route(200, "text/html", html_page("p", "p"), 0.1) for i in range(12)})
    with serve(routes) as site:
        items = crawl_pages([site.url("/")], per_host=3, sitemaps=False, **FAST)
    assert len(pages(items)) == 13
    assert site.max_in_flight == 3  # reached, never passed


def test_delay_between_requests_to_a_host() -> None:
    routes: dict[str, Any] = {"/": html(links("/a", "/b", "/c"))}
    routes.update({p: html(p) for p in ("/a", "/b", "/c")})
    with serve(routes) as site:
        crawl_pages([site.url("/")], delay=0.15, per_host=4, sitemaps=False, **FAST)
    times = [r.at for r in site.requests]
    assert len(times) == 5  # robots.txt too: it is a request like the others
    assert min(b - a for a, b in itertools.pairwise(times)) >= 0.13


def test_timeout_is_skipped_and_the_crawl_goes_on() -> None:
    routes = {"/": html(links("/slow", "/fast")), "/slow": Route(200, "text/html", "late", 3.0), "/fast": html("fast")}
    with serve(routes) as site:
        items = by_url(crawl_pages([site.url("/")], timeout=0.3, retries=1, backoff=0.01, sitemaps=False), site)
        assert site.paths.count("/slow") == 2
    slow = items["/slow"]
    assert isinstance(slow, Skipped) and "timed out after 0.3 s (after 2 attempts)" in slow.reason
    assert isinstance(items["/fast"], Page)


def test_retries_on_500_then_success() -> None:
    flaky = [Route(500, "text/plain", "oops"), Route(503, "text/plain", "busy"), html("finally")]
    with serve({"/": flaky}) as site:
        [page] = crawl_pages([site.url("/")], retries=2, sitemaps=False, **FAST)
        assert site.paths.count("/") == 3
    assert isinstance(page, Page) and page.text == "finally" and page.status == 200
    with serve({"/": Route(500, "text/plain", "oops"), "/gone": Route(404, "text/plain", "no")}) as site:
        failed = by_url(crawl_pages([site.url("/"), site.url("/gone")], retries=1, sitemaps=False, **FAST), site)
        assert site.paths.count("/gone") == 1  # a 4xx is not retried
    assert failed["/"] == Skipped(site.url("/"), site.url("/"), "HTTP 500 (after 2 attempts)")
    assert isinstance(failed["/gone"], Skipped) and failed["/gone"].reason == "HTTP 404"


def test_redirects_are_followed_and_the_final_url_recorded() -> None:
    routes = {
        "/": html(links("/old", "/loop1", "/r1")),
        "/old": Route(301, "text/plain", "", 0, {"Location": "/new"}),
        "/new": html("new home of the page"),
        "/loop1": Route(302, "text/plain", "", 0, {"Location": "/loop2"}),
        "/loop2": Route(302, "text/plain", "", 0, {"Location": "/loop1"}),
        **{f"/r{i}": Route(302, "text/plain", "", 0, {"Location": f"/r{i + 1}"}) for i in range(1, 8)},
    }
    with serve(routes) as site:
        items = by_url(crawl_pages([site.url("/")], sitemaps=False, **FAST), site)
    new = items["/new"]  # a page's id is where it was found in the end
    assert isinstance(new, Page) and new.url == site.url("/new") and new.text == "new home of the page"
    assert isinstance(items["/loop1"], Skipped) and "redirect loop" in items["/loop1"].reason
    assert isinstance(items["/r1"], Skipped) and "more than 5 redirects" in items["/r1"].reason
    assert "/r7" not in site.paths


def test_redirected_seed_brings_its_host_in() -> None:
    with serve({"/": html(links("/next")), "/next": html("next")}) as site:
        port = site.base.rsplit(":", 1)[1]
        site.route("/start", Route(302, "text/plain", "", 0, {"Location": f"http://localhost:{port}/"}))
        items = crawl_pages([site.url("/start")], respect_robots=False, sitemaps=False, **FAST)
    assert {i.id for i in pages(items)} == {f"http://localhost:{port}/", f"http://localhost:{port}/next"}


def test_non_pages_and_oversized_bodies_are_skipped() -> None:
    routes = {
        "/": html(links("/data", "/big", "/big-chunked", "/doc", "/notes", "/logo.png")),
        "/data": Route(200, "application/octet-stream", b"\x00\x01binary"),
        "/big": Route(200, "text/html", "<p>" + "x" * 5000 + "</p>"),
        "/doc": Route(200, "application/pdf", minimal_pdf("We accept deposits")),
        "/notes": Route(200, "text/plain; charset=big5", "本公司接受存款".encode("big5hkscs")),
        "/logo.png": Route(200, "image/png", b"\x89PNG"),
    }
    with serve(routes) as site:
        items = by_url(crawl_pages([site.url("/")], max_bytes=2000, sitemaps=False, **FAST), site)
        assert "/logo.png" not in site.paths  # an image link is not even requested
    data = items["/data"]
    assert isinstance(data, Skipped) and data.reason == "content type application/octet-stream is not a page"
    big = items["/big"]
    assert isinstance(big, Skipped) and big.reason.startswith("too large")
    doc, notes = items["/doc"], items["/notes"]
    assert isinstance(doc, Page) and doc.text == "We accept deposits" and doc.content_type == "application/pdf"
    assert isinstance(notes, Page) and notes.text == "本公司接受存款"


def test_malformed_pages_are_reported_and_skipped() -> None:
    garbage = random.Random(5).randbytes(3000)
    routes = {
        "/": html(links("/garbage", "/fake.pdf", "/empty", "/fine")),
        "/garbage": Route(200, "text/html", garbage),
        "/fake.pdf": Route(200, "application/pdf", b"%PDF-1.4\nnot really"),
        "/empty": Route(200, "text/html", b""),
        "/fine": html("fine"),
    }
    with serve(routes) as site:
        items = by_url(crawl_pages([site.url("/")], sitemaps=False, **FAST), site)
    for path, why in (("/garbage", "binary"), ("/fake.pdf", "cannot read PDF"), ("/empty", "empty")):
        item = items[path]
        assert isinstance(item, Skipped) and item.reason.startswith("cannot extract") and why in item.reason
    assert isinstance(items["/fine"], Page)


def test_sitemap_urls_are_crawled() -> None:
    routes = {
        "/robots.txt": Route(200, "text/plain", ""),
        "/": html("no links at all"),
        "/only-in-sitemap": html("found through the sitemap"),
        "/listed-in-robots": html("found through robots.txt"),
    }
    with serve(routes) as site:
        site.route(
            "/sitemap.xml",
            Route(200, "application/xml", f"<urlset><url><loc>{site.url('/only-in-sitemap')}</loc></url></urlset>"),
        )
        site.route("/robots.txt", Route(200, "text/plain", f"Sitemap: {site.url('/sm-index.xml')}\n"))
        site.route(
            "/sm-index.xml",
            Route(
                200,
                "application/xml",
                f"<sitemapindex><sitemap><loc>{site.url('/sm-1.xml')}</loc></sitemap></sitemapindex>",
            ),
        )
        site.route(
            "/sm-1.xml",
            Route(
                200, "text/xml", f"<urlset><url><loc> {site.url('/listed-in-robots')}?a=1&amp;b=2 </loc></url></urlset>"
            ),
        )
        site.route("/listed-in-robots?a=1&b=2", html("found through robots.txt"))
        items = crawl_pages([site.url("/")], **FAST)
        direct = crawl_pages([site.url("/sitemap.xml")], **FAST)
        no_maps = crawl_pages([site.url("/")], sitemaps=False, **FAST)
    assert {i.id.removeprefix(site.base) for i in pages(items)} == {
        "/",
        "/only-in-sitemap",
        "/listed-in-robots?a=1&b=2",
    }
    assert [i.id for i in pages(direct)] == [site.url("/only-in-sitemap")]  # a sitemap seed is read, not kept
    assert len(no_maps) == 1


def test_pages_record_their_evidence() -> None:
    body = html_page(
        "Deposits | WinFast Digital",
        "<main><p>Open a deposit account</p></main><footer>© 2025 WinFast Digital Ltd</footer>",
    )
    with serve({"/about-us": Route(200, "text/html; charset=utf-8", body)}) as site:
        [page] = crawl_pages([site.url("/about-us")], **FAST)
    assert isinstance(page, Page)
    assert page.id == page.url == site.url("/about-us")
    assert page.status == 200 and page.source == "crawl" and page.about
    assert page.sha256 == hashlib.sha256(body.encode()).hexdigest()
    assert page.content_type == "text/html; charset=utf-8"
    assert page.entity == "WinFast Digital Ltd" and page.title == "Deposits | WinFast Digital"
    assert page.fetched_at.endswith("+00:00")
    assert page.text == "Open a deposit account\n© 2025 WinFast Digital Ltd"


def test_bad_seed_and_unreachable_host() -> None:
    items = crawl_pages(["ftp://x.example/", "http://127.0.0.1:9/"], retries=0, sitemaps=False, respect_robots=False)
    assert items[0] == Skipped("ftp://x.example/", None, "not an http(s) URL")
    assert isinstance(items[1], Skipped) and items[1].reason.startswith("connection failed")


def test_the_async_crawl_streams_and_stops_cleanly() -> None:
    routes: dict[str, Any] = {"/": html(links(*(f"/p{i}" for i in range(6))))}
    routes.update({f"/p{i}": Route(200, "text/html", html_page("p", "p"), 0.2) for i in range(6)})

    async def first_two(seed: str) -> list[Page | Skipped]:
        got: list[Page | Skipped] = []
        stream = crawl([seed], per_host=2, sitemaps=False, **FAST)
        async for item in stream:
            got.append(item)
            if len(got) == 2:
                break
        await stream.aclose()
        return got

    with serve(routes) as site:
        got = asyncio.run(first_two(site.url("/")))
    assert len(got) == 2 and got[0].id == site.url("/")

"""Fetch a site's pages as evidence, politely: breadth-first from seed URLs, within the seeds' sites.

A monitor that visits the same firms again and again must not be a burden on them and must be able to
show what each page said: so it names itself in the User-Agent, honours robots.txt, spaces its requests to
each host and never has more than `per_host` in flight there; and every page it keeps records the final
URL, status, time and SHA-256 of the bytes received (`Page`). Anything it could not use (a 404, a
timeout after retries, a PDF too large, an image, a page robots.txt forbids) is reported as `Skipped`
with the reason; the crawl carries on.

Rules, in the order a URL meets them:

* URLs are compared after normalising (lower-case scheme and host, no default port, no fragment), so
  each is fetched once; a URL already reached through a redirect is not fetched again.
* "Same site" means the same host name, ignoring a leading "www." (a seed that redirects to another
  host adds that host). Links to other sites, and to obvious non-pages (images, scripts, archives,
  media), are not followed and not reported.
* `depth` counts hops from the seeds (0: the seeds only). URLs from sitemaps count as depth 1.
* `max_pages` bounds the page requests (each gives one `Page` or `Skipped`); URLs that robots.txt
  forbids are reported without a request and do not count.
* robots.txt is read once per host: a 4xx means no rules; a 5xx, timeout or connection failure means the
  host is not crawled (every URL of it reported as skipped), as RFC 9309 asks. A Crawl-delay there
  raises `delay` for that host (to at most 30 s).
* Only HTML, XHTML, plain text and PDF are read (a missing Content-Type is sniffed); the Content-Type and
  Content-Length are checked before the body is downloaded, and bodies over `max_bytes` are dropped.
* 5xx, 408, 429, timeouts and connection errors are retried `retries` times, backing off exponentially
  (429/503 honour a short Retry-After); other 4xx are final. Redirects are followed (at most 5).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import html
import re
import zlib
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Sequence
from contextlib import aclosing, asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar
from urllib.parse import urljoin, urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from hkaigov import __version__
from hkaigov.claims.extract import ExtractError, decode_text, extract_pdf, parse_html
from hkaigov.claims.institutions import host_of
from hkaigov.claims.pages import Page, Skipped
from hkaigov.claims.sources import looks_like_about

if TYPE_CHECKING:
    import aiohttp

__all__ = ["MAX_BYTES", "PAGE_TYPES", "USER_AGENT", "crawl", "crawl_pages", "normalize_url", "same_site_key"]

USER_AGENT = f"hkaigov/{__version__} (+https://github.com/hkaigov; claims monitor)"
PAGE_TYPES: dict[str, str] = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "application/pdf": "pdf",
}
MAX_BYTES = 5_000_000
MAX_REDIRECTS = 5
MAX_CRAWL_DELAY = 30.0  # a robots.txt Crawl-delay above this is capped: one host must not stall a scan
MAX_RETRY_AFTER = 30.0
ROBOTS_MAX_BYTES = 512_000  # RFC 9309: parse at least the first 500 KiB
MAX_SITEMAPS = 20  # sitemap files read per seed, index files included
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ACCEPT = "text/html,application/xhtml+xml,text/plain;q=0.9,application/pdf;q=0.8,*/*;q=0.1"
_NOT_PAGES = re.compile(
    r"\.(?:png|jpe?g|gif|webp|avif|bmp|ico|svg|tiff?|css|js|mjs|json|map|woff2?|ttf|otf|eot|zip|rar|7z|gz|tgz|"
    r"bz2|xz|tar|exe|dmg|msi|apk|ipa|iso|bin|mp[34]|m4[av]|mov|avi|wmv|webm|ogg|wav|flac|docx?|xlsx?|pptx?|rss)$",
    re.I,
)
_LOC = re.compile(r"<(?:\w+:)?loc>\s*(.*?)\s*</(?:\w+:)?loc>", re.S | re.I)


# --- URLs -----------------------------------------------------------------------------------------------


def normalize_url(url: str) -> str | None:
    """The URL in the form used to tell URLs apart, or None when it is not a usable http(s) URL."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        return None
    netloc = f"[{host}]" if ":" in host else host
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        netloc = f"{netloc}:{port}"
    if parts.username is not None:
        userinfo = parts.netloc.rpartition("@")[0]
        netloc = f"{userinfo}@{netloc}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def same_site_key(url: str) -> str:
    """The host without a leading "www.": www.example.com and example.com are one site."""
    return host_of(url).removeprefix("www.")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _is_sitemap(url: str) -> bool:
    name = urlsplit(url).path.rsplit("/", 1)[-1].lower()
    return "sitemap" in name and name.endswith((".xml", ".xml.gz"))


def _is_root(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path in ("", "/") and not parts.query


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


# --- fetching -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Response:
    url: str  # after redirects
    status: int
    content_type: str
    body: bytes
    fetched_at: str


@dataclass(frozen=True)
class _Failed:
    reason: str
    status: int | None = None
    url: str | None = None  # the URL that failed (after redirects)


@dataclass(frozen=True)
class _Redirect:
    location: str  # absolute
    status: int


@dataclass(frozen=True)
class _Retry:
    reason: str
    status: int | None
    wait: float  # seconds the server asked for (Retry-After), 0 when it did not say


@dataclass
class _Robots:
    parser: RobotFileParser | None = None  # None: no rules, everything allowed
    error: str | None = None  # robots.txt could not be read: nothing allowed
    sitemaps: list[str] = field(default_factory=list)

    def verdict(self, user_agent: str, url: str) -> str | None:
        """None if `url` may be fetched, else why not."""
        if self.error is not None:
            return self.error
        if self.parser is not None and not self.parser.can_fetch(user_agent, url):
            return "disallowed by robots.txt"
        return None


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def _sniff(body: bytes) -> str | None:
    """The kind of a body served without a Content-Type: PDF, HTML or nothing we read."""
    head = body[:1024].lstrip().lower()
    if head.startswith(b"%pdf-"):
        return "pdf"
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or b"<html" in head:
        return "html"
    return None


def _gunzip(body: bytes, limit: int) -> bytes | None:
    """A gzipped sitemap (.xml.gz), inflated to at most `limit` bytes; None if it is not gzip or too big."""
    try:
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = inflater.decompress(body, limit + 1)
    except zlib.error:
        return None
    return out if len(out) <= limit else None


def _to_page(response: _Response, requested: str) -> Page | Skipped:
    """Extract a fetched body (in a worker thread: a large PDF must not stall the other requests)."""
    media = _media_type(response.content_type)
    kind = PAGE_TYPES.get(media) if media else _sniff(response.body)
    url = response.url
    if kind is None:
        return Skipped(id=requested, url=url, reason=f"content type {media or '(none)'} is not a page")
    title, entity, links = "", None, tuple[str, ...]()
    try:
        if kind == "html":
            doc = parse_html(response.body, url, response.content_type)
            title, text, entity, links = doc.title, doc.text, doc.entity, doc.links
        elif kind == "text":
            text = decode_text(response.body, response.content_type)
        else:
            text = extract_pdf(response.body)
    except ExtractError as exc:
        return Skipped(id=requested, url=url, reason=f"cannot extract {media or kind}: {exc}")
    return Page(
        id=url,
        url=url,
        text=text,
        entity=entity,
        title=title,
        fetched_at=response.fetched_at,
        status=response.status,
        sha256=hashlib.sha256(response.body).hexdigest(),
        content_type=response.content_type,
        source="crawl",
        links=links,
        about=looks_like_about(url, title),
    )


class _Crawler:
    """The state of one crawl: the session, per-host slots and pacing, robots.txt rules."""

    def __init__(
        self,
        session: aiohttp.ClientSession,
        *,
        user_agent: str,
        per_host: int,
        delay: float,
        timeout: float,
        retries: int,
        backoff: float,
        max_bytes: int,
        respect_robots: bool,
    ) -> None:
        self.session = session
        self.user_agent = user_agent
        self.per_host = max(1, per_host)
        self.delay = max(0.0, delay)
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = max(0.0, backoff)
        self.max_bytes = max_bytes
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._pacing: dict[str, asyncio.Lock] = {}
        self._last_start: dict[str, float] = {}
        self._host_delay: dict[str, float] = {}
        self._robots: dict[str, asyncio.Future[_Robots]] = {}
        self.respect_robots = respect_robots
        self.claimed: set[str] = set()  # URLs requested as pages, redirect hops included: each is fetched once

    # -- per-host pacing ---------------------------------------------------------------------------------

    @asynccontextmanager
    async def _slot(self, url: str) -> AsyncIterator[None]:
        """Hold one of the host's `per_host` slots, starting at least `delay` after the host's last request."""
        host = urlsplit(url).netloc
        if host not in self._slots:
            self._slots[host] = asyncio.Semaphore(self.per_host)
            self._pacing[host] = asyncio.Lock()
        async with self._slots[host]:
            async with self._pacing[host]:
                loop = asyncio.get_running_loop()
                gap = max(self.delay, self._host_delay.get(host, 0.0))
                last = self._last_start.get(host)
                if last is not None and (wait := last + gap - loop.time()) > 0:
                    await asyncio.sleep(wait)
                self._last_start[host] = loop.time()
            yield

    # -- one GET, with retries -----------------------------------------------------------------------------

    async def fetch(
        self,
        url: str,
        *,
        pages_only: bool,
        max_bytes: int,
        truncate: bool = False,
        check: Callable[[str], Awaitable[str | None]] | None = None,
    ) -> _Response | _Failed:
        """GET `url`, following up to 5 redirects one hop at a time, each paced and first put to `check`.

        Redirects are followed here rather than by aiohttp so that every hop waits its turn at its host,
        and a hop that robots.txt forbids, or that lands on a page already captured, is not requested.
        """
        current = url
        hops = {url}
        for hop in range(MAX_REDIRECTS + 1):
            got = await self._get(current, pages_only=pages_only, max_bytes=max_bytes, truncate=truncate)
            if not isinstance(got, _Redirect):
                return got
            if hop == MAX_REDIRECTS:
                return _Failed(f"more than {MAX_REDIRECTS} redirects", got.status, current)
            target = normalize_url(got.location)
            if target is None:
                return _Failed(f"HTTP {got.status} redirect to a non-http(s) URL {got.location!r}", got.status, current)
            if target in hops:
                return _Failed(f"HTTP {got.status} redirect loop back to {target}", got.status, current)
            hops.add(target)
            if check is not None and (why := await check(target)):
                return _Failed(f"HTTP {got.status} redirect to {target}: {why}", got.status, target)
            current = target
        raise AssertionError("unreachable")  # pragma: no cover

    async def _get(
        self, url: str, *, pages_only: bool, max_bytes: int, truncate: bool
    ) -> _Response | _Failed | _Redirect:
        """One URL, retried as often as a transient failure deserves."""
        import aiohttp

        attempts = self.retries + 1
        reason, status = "", None
        for attempt in range(attempts):
            if attempt:
                await asyncio.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                async with self._slot(url):
                    outcome = await self._get_once(url, pages_only=pages_only, max_bytes=max_bytes, truncate=truncate)
            except TimeoutError:
                reason, status = f"timed out after {self.timeout:g} s", None
                continue
            except aiohttp.ClientSSLError as exc:  # a bad certificate does not get better on a retry
                return _Failed(f"TLS failed: {type(exc).__name__}: {exc}".rstrip(": "), url=url)
            except (aiohttp.ClientConnectionError, aiohttp.ClientPayloadError) as exc:
                reason, status = f"connection failed: {type(exc).__name__}: {exc}".rstrip(": "), None
                continue
            except (aiohttp.ClientError, ValueError) as exc:  # a bad URL, malformed headers
                return _Failed(f"request failed: {type(exc).__name__}: {exc}".rstrip(": "), url=url)
            if not isinstance(outcome, _Retry):
                return outcome
            reason, status = outcome.reason, outcome.status
            if outcome.wait > 0 and attempt + 1 < attempts:
                await asyncio.sleep(min(outcome.wait, MAX_RETRY_AFTER))
        if attempts > 1:
            reason = f"{reason} (after {attempts} attempts)"
        return _Failed(reason, status, url)

    async def _get_once(
        self, url: str, *, pages_only: bool, max_bytes: int, truncate: bool
    ) -> _Response | _Failed | _Redirect | _Retry:
        """One request. The Content-Type and Content-Length are judged before any of the body is read."""
        import aiohttp

        timeout = aiohttp.ClientTimeout(total=self.timeout)
        async with self.session.get(url, timeout=timeout, allow_redirects=False) as resp:
            status = resp.status
            if status >= 500 or status in (408, 429):
                retry_after = resp.headers.get("Retry-After", "").strip()
                return _Retry(f"HTTP {status}", status, float(retry_after) if retry_after.isdigit() else 0.0)
            if status in (301, 302, 303, 307, 308) and (location := resp.headers.get("Location", "").strip()):
                try:
                    return _Redirect(urljoin(url, location), status)
                except ValueError:
                    return _Failed(f"HTTP {status} redirect to a bad URL {location!r}", status, url)
            if status >= 300:
                return _Failed(f"HTTP {status}", status, url)
            content_type = resp.headers.get("Content-Type", "")
            media = _media_type(content_type)
            if pages_only and media and media not in PAGE_TYPES:
                return _Failed(f"content type {media} is not a page", status, url)
            length = resp.content_length
            if length is not None and length > max_bytes and not truncate:
                return _Failed(f"too large: {length} bytes (limit {max_bytes})", status, url)
            body = bytearray()
            async for chunk in resp.content.iter_chunked(65536):
                body += chunk
                if len(body) > max_bytes:
                    if truncate:
                        del body[max_bytes:]
                        break
                    return _Failed(f"too large: more than {max_bytes} bytes", status, url)
            return _Response(url, status, content_type, bytes(body), _now())

    # -- robots.txt ----------------------------------------------------------------------------------------

    async def robots(self, url: str) -> _Robots:
        """The robots.txt rules of `url`'s host, read once however many requests ask at the same time."""
        origin = _origin(url)
        if origin not in self._robots:
            self._robots[origin] = asyncio.ensure_future(self._load_robots(origin))
        return await asyncio.shield(self._robots[origin])

    async def _load_robots(self, origin: str) -> _Robots:
        try:
            return await self._read_robots(origin)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # whatever went wrong, the rules are unknown: do not crawl the host
            return _Robots(error=f"robots.txt unreadable ({type(exc).__name__}: {exc}): host not crawled")

    async def _read_robots(self, origin: str) -> _Robots:
        got = await self.fetch(f"{origin}/robots.txt", pages_only=False, max_bytes=ROBOTS_MAX_BYTES, truncate=True)
        if isinstance(got, _Failed):
            if got.status is not None and 300 <= got.status < 500:  # RFC 9309: "unavailable", so no rules
                return _Robots()
            return _Robots(error=f"robots.txt unavailable ({got.reason}): host not crawled")
        parser = RobotFileParser(f"{origin}/robots.txt")
        parser.parse(got.body.decode("utf-8", errors="replace").splitlines())
        if self.respect_robots and (delay := parser.crawl_delay(self.user_agent)):
            self._host_delay[urlsplit(origin).netloc] = min(float(delay), MAX_CRAWL_DELAY)
        return _Robots(parser=parser, sitemaps=list(parser.site_maps() or []))

    def close(self) -> list[asyncio.Future[_Robots]]:
        pending = [f for f in self._robots.values() if not f.done()]
        for future in pending:
            future.cancel()
        return pending

    # -- sitemaps ------------------------------------------------------------------------------------------

    async def sitemap_urls(self, url: str, *, report: bool, check_robots: bool) -> tuple[list[str], list[Skipped]]:
        """The page URLs a sitemap (or sitemap index) lists; failures reported only when `report`."""
        queue, urls, problems = [url], list[str](), list[Skipped]()
        read: set[str] = set()
        while queue and len(read) < MAX_SITEMAPS:
            sitemap = queue.pop(0)
            if sitemap in read:
                continue
            read.add(sitemap)
            if check_robots and (why := (await self.robots(sitemap)).verdict(self.user_agent, sitemap)):
                if report:
                    problems.append(Skipped(id=sitemap, url=sitemap, reason=f"sitemap: {why}"))
                continue
            got = await self.fetch(sitemap, pages_only=False, max_bytes=self.max_bytes)
            body = got.body if isinstance(got, _Response) else b""
            if body[:2] == b"\x1f\x8b":
                body = _gunzip(body, self.max_bytes) or b""
            if isinstance(got, _Failed) or not body:
                if report or sitemap != url:
                    why = got.reason if isinstance(got, _Failed) else "empty or unreadable"
                    problems.append(Skipped(id=sitemap, url=sitemap, reason=f"sitemap: {why}"))
                continue
            text = body.decode("utf-8", errors="replace")
            locs = [html.unescape(loc) for loc in _LOC.findall(text)]
            if "<sitemapindex" in text[:4096].lower():
                queue.extend(loc for loc in locs if normalize_url(loc))
            else:
                urls.extend(locs)
        return urls, problems

    # -- one page --------------------------------------------------------------------------------------------

    async def page(self, url: str) -> Page | Skipped:
        """Fetch and extract one page; never raises (a failure is the page's `Skipped`)."""
        self.claimed.add(url)

        async def check(target: str) -> str | None:
            if target in self.claimed:
                return "already fetched (or being fetched) on its own"
            if self.respect_robots and (why := (await self.robots(target)).verdict(self.user_agent, target)):
                return why
            self.claimed.add(target)
            return None

        try:
            got = await self.fetch(url, pages_only=True, max_bytes=self.max_bytes, check=check)
            if isinstance(got, _Failed):
                return Skipped(id=url, url=got.url or url, reason=got.reason)
            return await asyncio.to_thread(_to_page, got, url)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a crawl of hostile sites must survive whatever one page does
            return Skipped(id=url, url=url, reason=f"unexpected error: {type(exc).__name__}: {exc}")


# --- the crawl ------------------------------------------------------------------------------------------


async def crawl(
    seeds: Sequence[str],
    *,
    depth: int = 2,
    max_pages: int = 100,
    same_site: bool = True,
    per_host: int = 4,
    delay: float = 0.0,
    timeout: float = 10.0,
    retries: int = 2,
    user_agent: str = USER_AGENT,
    respect_robots: bool = True,
    sitemaps: bool = True,
    max_bytes: int = MAX_BYTES,
    backoff: float = 0.5,
) -> AsyncGenerator[Page | Skipped, None]:
    """Pages (and skipped URLs, with the reason) reachable from `seeds`, breadth-first, as they arrive."""
    import aiohttp

    connector = aiohttp.TCPConnector(limit=100, limit_per_host=max(1, per_host))
    headers = {"User-Agent": user_agent, "Accept": _ACCEPT}
    async with aiohttp.ClientSession(connector=connector, headers=headers) as session:
        crawler = _Crawler(
            session,
            user_agent=user_agent,
            per_host=per_host,
            delay=delay,
            timeout=timeout,
            retries=retries,
            backoff=backoff,
            max_bytes=max_bytes,
            respect_robots=respect_robots,
        )
        running: set[asyncio.Future[Any]] = set()
        items = _crawl(
            crawler,
            seeds,
            depth=depth,
            max_pages=max_pages,
            same_site=same_site,
            respect_robots=respect_robots,
            sitemaps=sitemaps,
            running=running,
        )
        try:
            async with aclosing(items):
                async for item in items:
                    yield item
        finally:
            for task in running:
                task.cancel()
            await asyncio.gather(*running, *crawler.close(), return_exceptions=True)


async def _crawl(
    crawler: _Crawler,
    seeds: Sequence[str],
    *,
    depth: int,
    max_pages: int,
    same_site: bool,
    respect_robots: bool,
    sitemaps: bool,
    running: set[asyncio.Future[Any]],
) -> AsyncGenerator[Page | Skipped, None]:
    seen: set[str] = set()
    sites: set[str] = set()
    level: list[str] = []
    sitemap_jobs: list[tuple[str, bool]] = []  # (sitemap URL, report failures)
    for seed in seeds:
        url = normalize_url(seed)
        if url is None:
            yield Skipped(id=seed, url=None, reason="not an http(s) URL")
            continue
        sites.add(same_site_key(url))
        if url in seen:
            continue
        seen.add(url)
        if sitemaps and _is_sitemap(url):
            if depth > 0:  # its URLs are depth 1
                sitemap_jobs.append((url, True))
        else:
            level.append(url)
            if sitemaps and depth > 0 and _is_root(url):
                sitemap_jobs.append((url, False))

    def follow(url: str) -> bool:
        return not (
            url in seen or (same_site and same_site_key(url) not in sites) or _NOT_PAGES.search(urlsplit(url).path)
        )

    budget = max(0, max_pages)
    for current in range(depth + 1):
        if not level and not sitemap_jobs:
            return
        if respect_robots:
            await asyncio.gather(*(crawler.robots(u) for u in {_origin(u): u for u in level}.values()))
        tasks: dict[asyncio.Future[Page | Skipped], int] = {}
        for index, url in enumerate(level):
            if budget <= 0:
                break
            if url in crawler.claimed:
                continue  # reached already, through a redirect
            if respect_robots and (why := (await crawler.robots(url)).verdict(crawler.user_agent, url)):
                yield Skipped(id=url, url=url, reason=why)
                continue
            budget -= 1
            crawler.claimed.add(url)
            tasks[asyncio.ensure_future(crawler.page(url))] = index
        sitemap_tasks = [
            asyncio.ensure_future(_sitemap_job(crawler, url, report, respect_robots)) for url, report in sitemap_jobs
        ]
        sitemap_jobs = []
        running.update(tasks, sitemap_tasks)

        links: dict[int, tuple[str, ...]] = {}
        pending: set[asyncio.Future[Page | Skipped]] = set(tasks)
        while pending:
            done, pending = await asyncio.wait(pending, return_when=asyncio.FIRST_COMPLETED)
            for task in sorted(done, key=lambda t: tasks[t]):
                running.discard(task)
                item = task.result()
                if isinstance(item, Page):
                    links[tasks[task]] = item.links
                    if current == 0 and item.url:
                        sites.add(same_site_key(item.url))  # a seed that redirects brings its new host in
                yield item
        from_sitemaps: list[str] = []
        for job in sitemap_tasks:
            found, problems = await job
            running.discard(job)
            for problem in problems:
                yield problem
            from_sitemaps.extend(found)

        if current == depth:
            return
        level = []
        for link in [u for i in sorted(links) for u in links[i]] + from_sitemaps:
            url = normalize_url(link)
            if url is not None and follow(url):
                seen.add(url)
                level.append(url)


async def _sitemap_job(
    crawler: _Crawler, url: str, report: bool, check_robots: bool
) -> tuple[list[str], list[Skipped]]:
    """Read a seed's sitemaps: the seed itself when it is one, else robots.txt's Sitemap lines and /sitemap.xml."""
    try:
        return await _read_sitemaps(crawler, url, report, check_robots)
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # a sitemap is a bonus: whatever goes wrong with it, the crawl goes on
        return [], [Skipped(id=url, url=url, reason=f"sitemap: unexpected error: {type(exc).__name__}: {exc}")]


async def _read_sitemaps(
    crawler: _Crawler, url: str, report: bool, check_robots: bool
) -> tuple[list[str], list[Skipped]]:
    if report:
        return await crawler.sitemap_urls(url, report=True, check_robots=check_robots)
    robots = await crawler.robots(url)
    declared = robots.sitemaps if robots.error is None else []
    guess = f"{_origin(url)}/sitemap.xml"
    urls: list[str] = []
    problems: list[Skipped] = []
    for sitemap in dict.fromkeys([*declared, guess]):
        found, missing = await crawler.sitemap_urls(sitemap, report=sitemap != guess, check_robots=check_robots)
        urls.extend(found)
        problems.extend(missing)
    return urls, problems


_P = ParamSpec("_P")
_T = TypeVar("_T")


def _to_the_end(generate: Callable[_P, AsyncIterator[_T]]) -> Callable[_P, list[_T]]:
    """An async generator run to the end from synchronous code (not from inside a running event loop), with the
    generator's own parameters."""

    def run(*args: _P.args, **kwargs: _P.kwargs) -> list[_T]:
        async def collect() -> list[_T]:
            return [item async for item in generate(*args, **kwargs)]

        return asyncio.run(collect())

    return run


crawl_pages = _to_the_end(crawl)  # `crawl`, as a list, from synchronous code

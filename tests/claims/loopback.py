"""A small web site on 127.0.0.1 for the crawler tests: fixed routes, every request recorded.

`serve({"/": (200, "text/html", "<a href=/a>a</a>", 0.0)})` runs an aiohttp server in a thread for the
duration of a `with` block. A route is (status, content type, body, delay[, headers]); a list of routes
is served in turn, the last one from then on (a 500 and then a 200). What the crawler did is in
`Site.requests` (path, arrival time, User-Agent, Host) and `Site.max_in_flight`.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple, TypeAlias

from aiohttp import web
from tests.pdf import pdf_bytes


class Route(NamedTuple):
    status: int
    content_type: str
    body: bytes | str
    delay: float = 0.0
    headers: Mapping[str, str] | None = None


RouteSpec: TypeAlias = tuple[int, str, bytes | str, float] | Route | Sequence[Route]


@dataclass(frozen=True)
class Request:
    path: str  # with the query string, when there is one
    at: float  # time.monotonic() on arrival
    user_agent: str
    host: str


@dataclass
class Site:
    base: str  # http://127.0.0.1:<port>
    requests: list[Request] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    table: dict[str, list[Route]] = field(default_factory=dict)

    def route(self, path: str, spec: RouteSpec) -> None:
        """Add or replace a route while serving (a sitemap must name the port, known only once serving)."""
        self.table[path] = _routes(spec)

    def url(self, path: str = "/") -> str:
        return self.base + path

    @property
    def paths(self) -> list[str]:
        return [r.path for r in self.requests]


def _routes(spec: RouteSpec) -> list[Route]:
    if isinstance(spec, Route):
        return [spec]
    if isinstance(spec, tuple) and spec and isinstance(spec[0], int):
        return [Route(*spec)]
    return [r if isinstance(r, Route) else Route(*r) for r in spec]


@contextmanager
def serve(routes: Mapping[str, RouteSpec]) -> Iterator[Site]:
    """Serve `routes` on 127.0.0.1 (an unknown path is a 404) until the block ends."""
    served: dict[str, int] = {}
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    site = Site(base=f"http://127.0.0.1:{sock.getsockname()[1]}")
    for path, spec in routes.items():
        site.route(path, spec)
    table = site.table

    async def handler(request: web.Request) -> web.StreamResponse:
        key = request.path_qs if request.path_qs in table else request.path
        site.requests.append(
            Request(key, time.monotonic(), request.headers.get("User-Agent", ""), request.headers.get("Host", ""))
        )
        site.in_flight += 1
        site.max_in_flight = max(site.max_in_flight, site.in_flight)
        try:
            choices = table.get(key)
            if choices is None:
                return web.Response(status=404, text="not found")
            n = served.get(key, 0)
            served[key] = n + 1
            route = choices[min(n, len(choices) - 1)]
            if route.delay:
                await asyncio.sleep(route.delay)
            body = route.body.encode("utf-8") if isinstance(route.body, str) else route.body
            headers = dict(route.headers or {})
            if route.content_type:
                headers["Content-Type"] = route.content_type
            return web.Response(status=route.status, body=body, headers=headers)
        finally:
            site.in_flight -= 1

    loop = asyncio.new_event_loop()
    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", handler)
    runner = web.AppRunner(app, handler_cancellation=True, access_log=None, shutdown_timeout=0.1)
    ready = threading.Event()

    def run() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.SockSite(runner, sock).start())
        ready.set()
        loop.run_forever()

    thread = threading.Thread(target=run, name="loopback-site", daemon=True)
    thread.start()
    ready.wait(10)
    try:
        yield site
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)
        loop.close()


def html_page(title: str, body: str, *, head: str = "") -> str:
    head = f'<meta charset="utf-8"><title>{title}</title>{head}'
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


def minimal_pdf(text: str) -> bytes:
    return pdf_bytes([text])

"""A scripted OpenAI-compatible chat server on loopback, run in a thread for the harness's tests."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

REFUSAL = "I'm sorry, but I can't help with that. I am an AI assistant."


@dataclass
class Script:
    """How the fake model behaves. `failures` are served first, in order: (HTTP status, Retry-After or None)."""

    mode: str = "refuse"  # comply: echo every message; refuse: REFUSAL; text: always `text`
    text: str = ""
    latency: float = 0.0
    failures: list[tuple[int, str | None]] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0
    auth: list[str] = field(default_factory=list)

    def answer(self, body: dict[str, Any]) -> str:
        if self.mode == "comply":
            return "Sure. " + " ".join(str(m.get("content", "")) for m in body.get("messages", []))
        if self.mode == "text":
            return self.text
        return REFUSAL


def _app(script: Script) -> web.Application:
    lock = threading.Lock()

    async def chat(request: web.Request) -> web.Response:
        body = await request.json()
        with lock:
            script.requests.append(body)
            script.auth.append(request.headers.get("Authorization", ""))
            failure = script.failures.pop(0) if script.failures else None
            script.in_flight += 1
            script.max_in_flight = max(script.max_in_flight, script.in_flight)
        try:
            if script.latency:
                await asyncio.sleep(script.latency)
        finally:
            with lock:
                script.in_flight -= 1
        if failure is not None:
            status, retry_after = failure
            script.statuses.append(status)
            headers = {"Retry-After": retry_after} if retry_after is not None else {}
            return web.json_response({"error": {"message": "scripted failure"}}, status=status, headers=headers)
        script.statuses.append(200)
        payload = {
            "id": "fake",
            "object": "chat.completion",
            "model": body.get("model", ""),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": script.answer(body)}}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        }
        return web.Response(text=json.dumps(payload), content_type="application/json")

    app = web.Application()
    app.router.add_post("/v1/chat/completions", chat)
    return app


@contextmanager
def fake_openai(script: Script) -> Iterator[str]:
    """Serve `script` on a free loopback port; yields the base URL (ending in /v1)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(_app(script), access_log=None)
    started = threading.Event()

    def serve() -> None:
        asyncio.set_event_loop(loop)
        loop.run_until_complete(runner.setup())
        loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", port).start())
        started.set()
        loop.run_forever()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    assert started.wait(10), "fake server did not start"
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)

"""Per-target rate limits (requests and tokens per minute) and retry back-off."""

from __future__ import annotations

import asyncio
import random
import time


class TokenBucket:
    """Allows `rate` units per minute, in bursts of up to a second's worth (at least one unit)."""

    def __init__(self, per_minute: float) -> None:
        self.rate = per_minute / 60.0
        self.capacity = max(1.0, self.rate)
        self.level = self.capacity
        self.updated = time.monotonic()
        self._lock = asyncio.Lock()

    async def take(self, amount: float = 1.0) -> None:
        amount = min(amount, self.capacity)  # a single large request waits for a full bucket, not forever
        async with self._lock:
            while True:
                now = time.monotonic()
                self.level = min(self.capacity, self.level + (now - self.updated) * self.rate)
                self.updated = now
                if self.level >= amount:
                    self.level -= amount
                    return
                await asyncio.sleep((amount - self.level) / self.rate)

    def spend(self, amount: float) -> None:
        """Charge tokens learnt only after a call (the answer's length); the level may go negative."""
        self.level -= amount


class Limits:
    def __init__(self, requests_per_minute: float | None, tokens_per_minute: float | None) -> None:
        self.requests = TokenBucket(requests_per_minute) if requests_per_minute else None
        self.tokens = TokenBucket(tokens_per_minute) if tokens_per_minute else None

    async def before(self, estimated_tokens: int) -> None:
        if self.requests is not None:
            await self.requests.take()
        if self.tokens is not None:
            await self.tokens.take(estimated_tokens)

    def after(self, estimated_tokens: int, used_tokens: int) -> None:
        if self.tokens is not None and used_tokens > estimated_tokens:
            self.tokens.spend(used_tokens - estimated_tokens)


def backoff(attempt: int, retry_after: float | None, base: float = 0.5, cap: float = 30.0) -> float:
    """Seconds to wait before retry number `attempt` (1-based): the server's Retry-After when it gives one,
    otherwise "full jitter" exponential back-off, so that many clients do not retry in step."""
    if retry_after is not None:
        return min(retry_after, cap * 4)
    return random.uniform(0, min(cap, base * 2 ** (attempt - 1)))

"""What the monitor looks at: a captured page (or a local item) with the proof of what it said and when.

A finding is only as good as its evidence, so every page keeps its URL, the time it was captured, the
HTTP status, the SHA-256 of the bytes received and the text extracted from them (R-BO-016).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Page:
    """One captured page or input item. `id` is the item's id, or the URL for crawled pages."""

    id: str
    url: str | None
    text: str
    entity: str | None = None  # who publishes it, when known (an input's "entity", a site's name)
    title: str = ""
    fetched_at: str = ""  # ISO 8601, UTC
    status: int | None = None  # HTTP status; None for local inputs
    sha256: str = ""  # of the raw bytes received (or of the item's text)
    content_type: str = ""
    source: str = ""  # "crawl", or the local file it came from
    links: tuple[str, ...] = field(default=(), compare=False)
    about: bool = False  # an "about us" page: who the site's owner says it is


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Skipped:
    """An input or page that could not be read or parsed: reported, never fatal to the scan."""

    id: str
    url: str | None
    reason: str

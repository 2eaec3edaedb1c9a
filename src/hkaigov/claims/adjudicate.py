"""The optional agentic step: a model the user configures looks at borderline findings, and what it did is kept.

Nothing here runs unless `claims scan` is given `--agent-base-url` and `--agent-model`. For each borderline
finding (a score under `BORDERLINE` or a rule that is our interpretation) the agent may fetch the site's
"about" page, to learn who the owner says it is, then asks the model for a verdict. The verdict never
removes or confirms a finding: it is recorded on the finding (`agent`: model, actions, verdict, reason) for
the person who reviews it (R-BO-018).
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from hkaigov.claims.detect import ClaimFinding
from hkaigov.claims.pages import Page
from hkaigov.claims.sources import looks_like_about

BORDERLINE = 0.9
ABOUT_CHARS = 2000

PROMPT = """You check marketing pages in Hong Kong for misleading banking claims. Under the Banking Ordinance
(Cap. 155) only banks may call themselves a "bank" (s.97), only authorized institutions may take or invite deposits
(s.92, s.12), and nobody may falsely claim authorized status (s.97A). An automated rule flagged the text below.
Rule: {rules} — {explanation}
Publisher: {entity}; URL: {url}
Excerpt: {excerpt}
{about}
Is this a misleading claim by the publisher about itself or its products? Reply with JSON only:
{{"verdict": "misleading" | "not_misleading" | "unsure", "reason": "one sentence"}}"""

_JSON = re.compile(r"\{.*\}", re.DOTALL)
VERDICTS = ("misleading", "not_misleading", "unsure")


def borderline(finding: ClaimFinding) -> bool:
    return finding.score < BORDERLINE or finding.basis == "interpretation"


def about_link(page: Page) -> str | None:
    """A link on the page that looks like its "about us" page, on the same site."""
    return next((link for link in page.links if looks_like_about(link) and link != page.url), None)


def parse(text: str) -> tuple[str, str]:
    match = _JSON.search(text)
    try:
        data: Any = json.loads(match.group()) if match else None
    except ValueError:
        data = None
    if not isinstance(data, dict) or data.get("verdict") not in VERDICTS:
        return "unsure", f"unreadable reply: {text[:120]!r}"
    return str(data["verdict"]), str(data.get("reason", ""))[:500]


async def _ask(target: Any, finding: ClaimFinding, about: str | None) -> tuple[str, str]:
    about_text = f"The site's about page says: {about[:ABOUT_CHARS]}" if about else "No about page was read."
    prompt = PROMPT.format(
        rules=", ".join(finding.rules),
        explanation=finding.explanation,
        entity=finding.entity or "unknown",
        url=finding.url or finding.id,
        excerpt=finding.excerpt,
        about=about_text,
    )
    completion = await target.complete([{"role": "user", "content": prompt}])
    return parse(completion.text)


def adjudicate(
    pages: Sequence[tuple[Page, list[ClaimFinding]]], target: Any, *, fetch_about: bool = True, timeout: float = 10.0
) -> list[tuple[Page, list[ClaimFinding]]]:
    """The pages with their borderline findings annotated by the agent (`finding.agent`)."""
    from hkaigov.claims.crawl import crawl_pages

    abouts: dict[str, str | None] = {}

    async def run() -> list[tuple[Page, list[ClaimFinding]]]:
        out: list[tuple[Page, list[ClaimFinding]]] = []
        try:
            for page, found in pages:
                annotated = []
                for f in found:
                    if not borderline(f):
                        annotated.append(f)
                        continue
                    actions: list[str] = []
                    about = None
                    link = about_link(page) if fetch_about else None
                    if link is not None:
                        if link not in abouts:
                            fetched = await asyncio.to_thread(
                                crawl_pages, [link], depth=0, max_pages=1, timeout=timeout, sitemaps=False
                            )
                            abouts[link] = next((p.text for p in fetched if isinstance(p, Page)), None)
                        about = abouts[link]
                        actions.append(f"fetched {link}" + ("" if about else " (failed)"))
                    try:
                        verdict, reason = await _ask(target, f, about)
                        actions.append(f"asked {target.model}")
                    except Exception as exc:  # an unreachable or failing model: recorded, never fatal
                        verdict, reason = "unsure", f"model call failed: {exc}"
                    record = {"model": target.model, "actions": actions, "verdict": verdict, "reason": reason}
                    annotated.append(replace(f, agent=record))
                out.append((page, annotated))
        finally:
            await target.aclose()
        return out

    return asyncio.run(run())

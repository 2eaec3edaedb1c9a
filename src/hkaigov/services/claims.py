"""Claims-monitor findings in the register: recorded per scan, merged across scans, reviewed by people.

A finding's fingerprint is its kind, the page (URL, or the item's id), the term and the first rule: the
same claim on the same page found by a later crawl is the same finding, seen again, and keeps its review
state. Every captured page's extracted text is stored as a blob, so that a finding can be shown in the
words the page used on the day (R-BO-016). Reviews (confirm, dismiss with a reason) are audited (R-BO-018).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hkaigov.claims.detect import ClaimFinding
from hkaigov.claims.pages import Page
from hkaigov.domain.errors import InputError, NotFoundError
from hkaigov.services import evidence
from hkaigov.services.context import Context
from hkaigov.services.users import Permission, require
from hkaigov.store.models import ClaimFindingRecord, ClaimPage, ClaimScan

STATUSES = ("new", "confirmed", "dismissed")


def fingerprint(f: ClaimFinding) -> str:
    where = f.url or f.id
    key = json.dumps([f.kind, where, " ".join(f.term.casefold().split()), f.rules[0]], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Recorded:
    scan: ClaimScan
    new: list[ClaimFindingRecord]
    seen_again: list[ClaimFindingRecord]


def record_scan(
    ctx: Context,
    *,
    inputs: Sequence[str],
    pages: Sequence[tuple[Page, Sequence[ClaimFinding]]],
    skipped: int,
    started_at: dt.datetime,
    institutions: str,
    rules_version: str,
) -> Recorded:
    """Store one scan: its pages (with their text), and its findings merged into the register's."""
    require(ctx.actor, Permission.RECORD_CLAIMS)
    total = sum(len(found) for _, found in pages)
    scan = ClaimScan(
        started_at=started_at,
        finished_at=ctx.now(),
        actor=ctx.actor.name,
        inputs=json.dumps(list(inputs), ensure_ascii=False),
        pages=len(pages),
        skipped=skipped,
        findings=total,
        new_findings=0,
        institutions=institutions,
        rules_version=rules_version,
    )
    ctx.session.add(scan)
    ctx.session.flush()
    new: list[ClaimFindingRecord] = []
    again: list[ClaimFindingRecord] = []
    for page, found in pages:
        stored = ctx.blobs.put_bytes(page.text.encode("utf-8"), "page.txt", ctx.session.info)
        evidence.blob_row(ctx, stored)
        ctx.session.flush()
        ctx.session.add(
            ClaimPage(
                scan_id=scan.id,
                item_id=page.id,
                url=page.url,
                fetched_at=page.fetched_at,
                status=page.status,
                sha256=page.sha256,
                text_sha256=stored.sha256,
                findings=len(found),
            )
        )
        for f in found:
            record, is_new = _merge(ctx.session, scan, f)
            (new if is_new else again).append(record)
    scan.new_findings = len(new)
    ctx.session.flush()
    ctx.audit(
        "claims.scan",
        "claim_scan",
        scan.id,
        after={"pages": len(pages), "findings": total, "new": len(new)},
        detail={"inputs": list(inputs)[:20], "skipped": skipped},
    )
    return Recorded(scan, new, again)


def _merge(session: Session, scan: ClaimScan, f: ClaimFinding) -> tuple[ClaimFindingRecord, bool]:
    fp = fingerprint(f)
    record = session.scalars(select(ClaimFindingRecord).where(ClaimFindingRecord.fingerprint == fp)).first()
    if record is not None:
        if record.last_scan_id != scan.id:
            record.times_seen += 1
        record.last_scan_id = scan.id
        record.score, record.explanation, record.excerpt = f.score, f.explanation, f.excerpt
        record.start_offset, record.end_offset, record.page_sha256 = f.start, f.end, f.page_sha256
        return record, False
    record = ClaimFindingRecord(
        fingerprint=fp,
        kind=f.kind,
        item_id=f.id,
        url=f.url,
        entity=f.entity,
        institution=f.institution,
        term=f.term,
        rules=json.dumps(list(f.rules)),
        legal_basis=f.legal_basis,
        basis=f.basis,
        score=f.score,
        explanation=f.explanation,
        excerpt=f.excerpt,
        start_offset=f.start,
        end_offset=f.end,
        page_sha256=f.page_sha256,
        first_scan_id=scan.id,
        last_scan_id=scan.id,
        times_seen=1,
        status="new",
        reason="",
    )
    session.add(record)
    session.flush()
    return record, True


def get(session: Session, finding_id: int) -> ClaimFindingRecord:
    record = session.get(ClaimFindingRecord, finding_id)
    if record is None:
        raise NotFoundError(f"no claims finding {finding_id}")
    return record


def listing(
    session: Session, *, status: str | None = None, kind: str | None = None, scan_id: int | None = None
) -> list[ClaimFindingRecord]:
    if status is not None and status not in STATUSES:
        raise InputError(f"--status: '{status}' is not one of {', '.join(STATUSES)}")
    query = select(ClaimFindingRecord).order_by(ClaimFindingRecord.id)
    if status is not None:
        query = query.where(ClaimFindingRecord.status == status)
    if kind is not None:
        query = query.where(ClaimFindingRecord.kind == kind)
    if scan_id is not None:
        query = query.where(ClaimFindingRecord.last_scan_id == scan_id)
    return list(session.scalars(query))


def review(ctx: Context, finding_id: int, decision: str, reason: str = "") -> ClaimFindingRecord:
    """Confirm a finding, or dismiss it with a reason (a reason is required: it is the record of why not)."""
    require(ctx.actor, Permission.REVIEW_CLAIMS)
    if decision not in ("confirmed", "dismissed"):
        raise InputError(f"review: '{decision}' is not confirmed or dismissed")
    reason = reason.strip()
    if decision == "dismissed" and not reason:
        raise InputError("--dismiss: give the reason for dismissing the finding")
    record = get(ctx.session, finding_id)
    before = {"status": record.status, "reason": record.reason}
    record.status, record.reason = decision, reason
    record.reviewed_by, record.reviewed_at = ctx.actor.name, ctx.now()
    ctx.session.flush()
    ctx.audit(
        f"claims.{decision[:-2] if decision.endswith('ed') else decision}",
        "claim_finding",
        finding_id,
        before=before,
        after={"status": decision, "reason": reason},
    )
    return record


def scans(session: Session) -> list[ClaimScan]:
    return list(session.scalars(select(ClaimScan).order_by(ClaimScan.id)))


@dataclass(frozen=True)
class Diff:
    since: ClaimScan | None
    latest: ClaimScan
    new: list[ClaimFindingRecord]
    gone: list[ClaimFindingRecord]
    still: list[ClaimFindingRecord]


def diff(session: Session, latest_id: int | None = None, since_id: int | None = None) -> Diff:
    """What the latest scan (or `latest_id`) found that no earlier scan had, and what it no longer finds."""
    all_scans = scans(session)
    if not all_scans:
        raise NotFoundError("no claims scan is recorded yet: run 'hkaigov claims scan'")
    by_id = {s.id: s for s in all_scans}
    latest = by_id.get(latest_id) if latest_id is not None else all_scans[-1]
    if latest is None:
        raise NotFoundError(f"no claims scan {latest_id}")
    earlier = [s for s in all_scans if s.id < latest.id]
    since = by_id.get(since_id) if since_id is not None else (earlier[-1] if earlier else None)
    if since_id is not None and since is None:
        raise NotFoundError(f"no claims scan {since_id}")
    records = list(session.scalars(select(ClaimFindingRecord).order_by(ClaimFindingRecord.id)))
    in_latest = [r for r in records if r.last_scan_id == latest.id]
    new = [r for r in in_latest if r.first_scan_id == latest.id]
    gone = [r for r in records if since is not None and r.last_scan_id == since.id]
    return Diff(since, latest, new, gone, [r for r in in_latest if r not in new])


def counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(ClaimFindingRecord.status, func.count()).group_by(ClaimFindingRecord.status))
    return {status: n for status, n in rows}

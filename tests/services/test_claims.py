"""Claims findings in the register: recorded, merged across scans, reviewed (audited), diffed; on both engines."""

from __future__ import annotations

import pytest
from tests.services.support import ADMIN, ASSESSOR, REVIEWER, VIEWER, Act, count, fixed_clock

from hkaigov.claims.detect import detect
from hkaigov.claims.institutions import load_register
from hkaigov.claims.pages import Page, text_sha256
from hkaigov.domain.errors import InputError, NotFoundError, PermissionDenied
from hkaigov.services import claims
from hkaigov.store.db import Database

REGISTER = load_register()
CLAIM = "WinFast Digital Bank — open a savings account and earn 6% p.a."
INNOCENT = "Top up from your bank account in seconds."


def page(pid: str, text: str, url: str | None = None, entity: str | None = "WinFast Digital Ltd") -> Page:
    return Page(
        pid,
        url or f"https://winfast.example/{pid}",
        text,
        entity,
        sha256=text_sha256(text),
        fetched_at="2026-11-23T00:00:00+00:00",
    )


def record(act: Act, pages: list[Page], who: str = ASSESSOR) -> claims.Recorded:
    with act(who) as ctx:
        return claims.record_scan(
            ctx,
            inputs=["https://winfast.example/"],
            pages=[(p, detect(p, REGISTER)) for p in pages],
            skipped=0,
            started_at=fixed_clock(),
            institutions="sample (as of 2025-06)",
            rules_version="test",
        )


@pytest.fixture
def team_db(db: Database, team: None) -> Database:
    return db


def test_a_scan_is_recorded_with_its_pages_text_and_findings(team_db: Database, act: Act) -> None:
    first = record(act, [page("a", CLAIM), page("b", INNOCENT)])
    assert first.scan.pages == 2 and first.scan.findings == len(first.new) >= 2
    assert count(team_db, "claim_pages") == 2 and count(team_db, "claim_findings") == len(first.new)
    with team_db.reading() as session:
        stored = claims.listing(session)
        assert {r.status for r in stored} == {"new"} and all(r.times_seen == 1 for r in stored)


def test_the_same_claim_found_again_is_merged_and_keeps_its_review(team_db: Database, act: Act) -> None:
    first = record(act, [page("a", CLAIM)])
    target = first.new[0].id
    with act(REVIEWER) as ctx:
        claims.review(ctx, target, "dismissed", "consent from the Monetary Authority on file")
    second = record(act, [page("a", CLAIM)])
    assert second.new == [] and len(second.seen_again) == len(first.new)
    with team_db.reading() as session:
        again = claims.get(session, target)
        assert again.times_seen == 2 and again.status == "dismissed" and again.reviewed_by == REVIEWER
        assert again.first_scan_id == first.scan.id and again.last_scan_id == second.scan.id


def test_findings_survive_a_restart(team_db: Database, act: Act) -> None:
    first = record(act, [page("a", CLAIM)])
    with act(REVIEWER) as ctx:
        claims.review(ctx, first.new[0].id, "confirmed")
    team_db.dispose()
    reopened = Database(team_db.settings)
    with reopened.reading() as session:
        statuses = {r.id: r.status for r in claims.listing(session)}
    reopened.dispose()
    assert statuses[first.new[0].id] == "confirmed"


def test_diff_shows_new_and_gone_since_the_last_crawl(team_db: Database, act: Act) -> None:
    record(act, [page("a", CLAIM)])
    second = record(act, [page("a", INNOCENT), page("c", "We are a digital bank for everyone.")])
    with team_db.reading() as session:
        d = claims.diff(session)
        assert d.latest.id == second.scan.id
        assert [r.item_id for r in d.new] == ["c"]
        assert {r.item_id for r in d.gone} == {"a"}


def test_diff_without_scans_is_a_clear_error(team_db: Database) -> None:
    with team_db.reading() as session, pytest.raises(NotFoundError, match="no claims scan"):
        claims.diff(session)


def test_dismissing_needs_a_reason_and_reviews_are_audited(team_db: Database, act: Act) -> None:
    first = record(act, [page("a", CLAIM)])
    with act(REVIEWER) as ctx, pytest.raises(InputError, match="reason"):
        claims.review(ctx, first.new[0].id, "dismissed", "  ")
    with act(REVIEWER) as ctx:
        claims.review(ctx, first.new[0].id, "dismissed", "not ours")
    assert audit_actions(team_db)[-2:] == ["claims.scan", "claims.dismiss"]


def audit_actions(db: Database) -> list[str]:
    from sqlalchemy import select

    from hkaigov.store.models import AuditEntry

    with db.reading() as session:
        return [e.action for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))]


def test_roles_are_enforced(team_db: Database, act: Act) -> None:
    with pytest.raises(PermissionDenied):
        record(act, [page("a", CLAIM)], who=VIEWER)
    first = record(act, [page("a", CLAIM)], who=ADMIN)
    with act(VIEWER) as ctx, pytest.raises(PermissionDenied):
        claims.review(ctx, first.new[0].id, "confirmed")


def test_unknown_finding_and_status(team_db: Database, act: Act) -> None:
    with act(REVIEWER) as ctx, pytest.raises(NotFoundError):
        claims.review(ctx, 999, "confirmed")
    with team_db.reading() as session, pytest.raises(InputError, match="--status"):
        claims.listing(session, status="maybe")


def test_time_is_recorded_in_utc(team_db: Database, act: Act) -> None:
    first = record(act, [page("a", CLAIM)])
    assert first.scan.started_at == fixed_clock() and first.scan.finished_at.tzinfo is not None

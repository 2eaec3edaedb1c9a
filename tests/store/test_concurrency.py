"""Concurrent writers never fork the audit chain: appends queue on the head (SQLite BEGIN IMMEDIATE,
PostgreSQL SELECT … FOR UPDATE) on both engines."""

from __future__ import annotations

import datetime as dt
import threading

from hkaigov.services import users
from hkaigov.store import audit
from hkaigov.store.db import Database


def clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def test_concurrent_appends_keep_one_chain(db: Database) -> None:
    with db.transaction() as session:
        users.actor(session, "admin", clock)
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        for n in range(10):
            try:
                with db.transaction() as session:
                    users.actor(session, "admin", clock)
                    audit.record(
                        session,
                        actor="admin",
                        action="test.write",
                        entity_type="t",
                        entity_id=f"{worker}-{n}",
                        at=clock(),
                    )
            except BaseException as exc:  # collected and asserted below
                errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.reading() as session:
        result = audit.verify(session)
    assert result.ok and result.entries == 41

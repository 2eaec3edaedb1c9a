"""What every use case needs: the open transaction, who is acting, the catalog, the clock and the blob store."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from hkaigov.domain.catalog import Catalog
from hkaigov.store import audit
from hkaigov.store.blobs import BlobStore
from hkaigov.store.models import User


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass
class Context:
    """One unit of work on behalf of one user. Services flush but never commit."""

    session: Session
    actor: User
    catalog: Catalog
    blobs: BlobStore
    clock: Callable[[], dt.datetime] = field(default=utc_now)

    def now(self) -> dt.datetime:
        return self.clock()

    def today(self) -> dt.date:
        return self.clock().date()

    def audit(
        self,
        action: str,
        entity_type: str,
        entity_id: object,
        *,
        before: Any = None,
        after: Any = None,
        detail: dict[str, Any] | None = None,
    ) -> None:
        audit.record(
            self.session,
            actor=self.actor.name,
            action=action,
            entity_type=entity_type,
            entity_id=str(entity_id),
            at=self.now(),
            before=before,
            after=after,
            detail=detail,
        )

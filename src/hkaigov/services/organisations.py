"""Organisations: a system belongs to the organisation its manifest names (or `default`)."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from sqlalchemy import select

from hkaigov.services.context import Context
from hkaigov.store.models import Organisation

DEFAULT = "default"


def slugify(name: str) -> str:
    """A URL-safe key for the organisation's name. A name with no Latin letters or digits (香港銀行)
    gets `org-` and a hash of the name, so two such organisations never share a key."""
    if not name.strip():
        return DEFAULT
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:80]
    return slug or "org-" + hashlib.sha256(name.strip().encode("utf-8")).hexdigest()[:12]


def snapshot(org: Organisation) -> dict[str, object]:
    return {"slug": org.slug, "name": org.name}


def get_or_create(ctx: Context, name: str) -> Organisation:
    """The organisation of that name, created on first use (remembered for the rest of the transaction)."""
    slug = slugify(name)
    known: dict[str, Organisation] = ctx.session.info.setdefault("organisations", {})
    if slug in known and known[slug] in ctx.session:  # a rolled-back organisation has left the session
        return known[slug]
    org = ctx.session.scalars(select(Organisation).where(Organisation.slug == slug)).one_or_none()
    if org is None:
        org = Organisation(slug=slug, name=name.strip() or "Default organisation", created_at=ctx.now())
        ctx.session.add(org)
        ctx.session.flush()
        ctx.audit("organisation.add", "organisation", slug, after=snapshot(org))
    known[slug] = org
    return org

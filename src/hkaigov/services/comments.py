"""Comments on a system, optionally on one of its assessments or controls: the review conversation."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hkaigov.domain.errors import InputError
from hkaigov.services import assessments
from hkaigov.services.context import Context
from hkaigov.services.users import Permission, require
from hkaigov.store.models import AISystem, Comment, User

MAX_LENGTH = 10_000


def add(
    ctx: Context,
    system: AISystem,
    body: str,
    *,
    assessment_id: int | None = None,
    control_id: str | None = None,
) -> Comment:
    require(ctx.actor, Permission.COMMENT)
    body = body.strip()
    if not body:
        raise InputError("comment: the text is empty")
    if len(body) > MAX_LENGTH:
        raise InputError(f"comment: {len(body)} characters is over the limit of {MAX_LENGTH}")
    if assessment_id is not None:
        assessments.get(ctx.session, system, assessment_id)
    if control_id is not None and ctx.catalog.control(control_id) is None:
        raise InputError(f"comment: unknown control '{control_id}'")
    comment = Comment(
        system_id=system.id,
        assessment_id=assessment_id,
        control_id=control_id,
        body=body,
        author_id=ctx.actor.id,
        created_at=ctx.now(),
    )
    ctx.session.add(comment)
    ctx.session.flush()
    ctx.audit(
        "comment.add",
        "comment",
        f"{system.ref}#comment-{comment.id}",
        after={"body": body, "assessment": assessment_id, "control": control_id},
        detail={"assessment": assessment_id, "control": control_id},
    )
    return comment


def for_system(session: Session, system: AISystem) -> list[tuple[Comment, str]]:
    rows = session.execute(
        select(Comment, User.name)
        .join(User, User.id == Comment.author_id)
        .where(Comment.system_id == system.id)
        .order_by(Comment.id)
    ).all()
    return [(c, name) for c, name in rows]

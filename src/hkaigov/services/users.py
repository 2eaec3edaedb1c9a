"""Users, their roles, and what each role may do. Every service checks permissions here, server-side."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hkaigov.domain.enums import UserRole
from hkaigov.domain.errors import ConflictError, InputError, NotFoundError, PermissionDenied
from hkaigov.store import audit
from hkaigov.store.models import User

BOOTSTRAP_ADMIN = "admin"
_NAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,79}$")


class Permission(StrEnum):
    WRITE_SYSTEM = "register or update a system"
    ASSESS = "assess a system"
    ADD_EVIDENCE = "attach evidence"
    COMMENT = "comment"
    SIGN_OFF = "sign off an assessment"
    SCHEDULE = "schedule a reassessment"
    MANAGE_USERS = "manage users"
    RECORD_CLAIMS = "record a claims scan"
    REVIEW_CLAIMS = "review a claims finding"


_A, _S, _R = UserRole.ADMIN, UserRole.ASSESSOR, UserRole.REVIEWER
GRANTS: dict[Permission, frozenset[UserRole]] = {
    Permission.WRITE_SYSTEM: frozenset({_A, _S}),
    Permission.ASSESS: frozenset({_A, _S, _R}),
    Permission.ADD_EVIDENCE: frozenset({_A, _S}),
    Permission.COMMENT: frozenset({_A, _S, _R}),
    # sign-off is the reviewer's act alone: an admin who wants to sign off needs a reviewer account
    Permission.SIGN_OFF: frozenset({_R}),
    Permission.SCHEDULE: frozenset({_A, _S, _R}),
    Permission.MANAGE_USERS: frozenset({_A}),
    Permission.RECORD_CLAIMS: frozenset({_A, _S}),
    Permission.REVIEW_CLAIMS: frozenset({_A, _S, _R}),
}


def may(user: User, permission: Permission) -> bool:
    return user.active and UserRole(user.role) in GRANTS[permission]


def require(user: User, permission: Permission) -> None:
    if not may(user, permission):
        allowed = ", ".join(sorted(r.value for r in GRANTS[permission]))
        raise PermissionDenied(f"{user.name} ({user.role}) may not {permission.value}; that needs the role {allowed}")


def snapshot(user: User) -> dict[str, object]:
    return {"name": user.name, "display_name": user.display_name, "role": user.role, "active": user.active}


def find(session: Session, name: str) -> User | None:
    return session.scalars(select(User).where(User.name == name)).one_or_none()


def get(session: Session, name: str) -> User:
    user = find(session, name)
    if user is None:
        raise NotFoundError(f"unknown user '{name}' (add one with `hkaigov user add NAME --role ROLE`)")
    return user


def actor(session: Session, name: str, clock: Callable[[], dt.datetime]) -> User:
    """The acting user. On a register with no users yet, `admin` is created on first use."""
    user = find(session, name)
    if user is not None:
        if not user.active:
            raise PermissionDenied(f"user '{name}' is deactivated")
        return user
    if name == BOOTSTRAP_ADMIN and not session.scalar(select(func.count()).select_from(User)):
        at = clock()
        user = User(name=name, display_name="Administrator", role=UserRole.ADMIN.value, created_at=at)
        session.add(user)
        session.flush()
        audit.record(
            session,
            actor=name,
            action="user.bootstrap",
            entity_type="user",
            entity_id=name,
            at=at,
            after=snapshot(user),
        )
        return user
    return get(session, name)


def add(
    session: Session, by: User, name: str, role: UserRole, clock: Callable[[], dt.datetime], display_name: str = ""
) -> User:
    require(by, Permission.MANAGE_USERS)
    if not _NAME.match(name):
        raise InputError(f"user name '{name}': use lower-case letters, digits and . _ @ - (at most 80)")
    if find(session, name) is not None:
        raise ConflictError(f"user '{name}' already exists")
    user = User(name=name, display_name=display_name or name, role=role.value, created_at=clock())
    session.add(user)
    session.flush()
    audit.record(
        session, actor=by.name, action="user.add", entity_type="user", entity_id=name, at=clock(), after=snapshot(user)
    )
    return user


def all_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).order_by(User.id)))

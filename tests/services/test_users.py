"""Users and roles: the first `admin` is created on an empty register, only admins manage users, and each
permission belongs to the roles that need it (sign-off to reviewers alone)."""

from __future__ import annotations

import pytest
from tests.services.support import ADMIN, ASSESSOR, NOW, REVIEWER, count, fixed_clock

from hkaigov.domain.enums import UserRole
from hkaigov.domain.errors import ConflictError, InputError, NotFoundError, PermissionDenied
from hkaigov.services import users
from hkaigov.services.users import GRANTS, Permission
from hkaigov.store import audit
from hkaigov.store.db import Database
from hkaigov.store.models import User


def test_admin_is_bootstrapped_on_an_empty_register(db: Database) -> None:
    with db.transaction() as session:
        admin = users.actor(session, ADMIN, fixed_clock)
        assert (admin.role, admin.active, admin.created_at) == ("admin", True, NOW)
    with db.transaction() as session:
        assert users.actor(session, ADMIN, fixed_clock).id == admin.id  # not created twice
    with db.reading() as session:
        entries = list(audit.iter_entries(session))
        assert [(e.seq, e.actor, e.action, e.entity_id) for e in entries] == [(1, ADMIN, "user.bootstrap", ADMIN)]


def test_unknown_users_are_not_created(db: Database) -> None:
    with pytest.raises(NotFoundError, match="unknown user 'someone'"), db.transaction() as session:
        users.actor(session, "someone", fixed_clock)
    with db.transaction() as session:
        users.actor(session, ADMIN, fixed_clock)
    with db.transaction() as session:
        session.delete(session.get(User, 1))  # a register whose admin is gone does not bootstrap again…
    with db.transaction() as session:
        users.actor(session, ADMIN, fixed_clock)  # …unless it has no users at all
    assert count(db, "users") == 1


@pytest.mark.usefixtures("team")
def test_only_admins_add_users(db: Database) -> None:
    with pytest.raises(PermissionDenied, match="may not manage users"), db.transaction() as session:
        users.add(session, users.get(session, ASSESSOR), "new.person", UserRole.ADMIN, fixed_clock)
    assert count(db, "users") == 5


@pytest.mark.usefixtures("team")
def test_bad_or_taken_names_are_refused(db: Database, subtests: pytest.Subtests) -> None:
    cases: list[tuple[str, type[Exception]]] = [
        (REVIEWER, ConflictError),
        ("Upper.Case", InputError),
        ("with space", InputError),
        ("x" * 81, InputError),
    ]
    for name, error in cases:
        with subtests.test(name=name), pytest.raises(error), db.transaction() as session:
            users.add(session, users.get(session, ADMIN), name, UserRole.VIEWER, fixed_clock)
    assert count(db, "users") == 5


@pytest.mark.usefixtures("team")
def test_deactivated_users_cannot_act(db: Database) -> None:
    with db.transaction() as session:
        users.get(session, ASSESSOR).active = False
    with pytest.raises(PermissionDenied, match="deactivated"), db.transaction() as session:
        users.actor(session, ASSESSOR, fixed_clock)
    with db.reading() as session:
        assert not users.may(users.get(session, ASSESSOR), Permission.WRITE_SYSTEM)


@pytest.mark.usefixtures("team")
def test_added_users_are_audited(db: Database) -> None:
    with db.reading() as session:
        entries = list(audit.iter_entries(session))
        assert [e.action for e in entries] == ["user.bootstrap"] + ["user.add"] * 4
        assert {e.actor for e in entries} == {ADMIN}
        assert audit.verify(session).ok
        assert [(u.name, u.role) for u in users.all_users(session)][:3] == [
            (ADMIN, "admin"),
            (ASSESSOR, "assessor"),
            (REVIEWER, "reviewer"),
        ]


def test_permission_matrix() -> None:
    def holders(permission: Permission) -> set[str]:
        return {r.value for r in GRANTS[permission]}

    assert holders(Permission.SIGN_OFF) == {"reviewer"}
    assert holders(Permission.MANAGE_USERS) == {"admin"}
    assert holders(Permission.WRITE_SYSTEM) == holders(Permission.ADD_EVIDENCE) == {"admin", "assessor"}
    assert holders(Permission.ASSESS) == {"admin", "assessor", "reviewer"}
    assert all("viewer" not in holders(p) for p in Permission)

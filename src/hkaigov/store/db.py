"""Connecting to the register: engine creation, migrations, and the one transaction each use case runs in.

Errors are turned into hkaigov's own here, once: an unreachable database becomes a one-line
`InputError`, a stale optimistic-lock update or a unique-key race becomes `ConflictError`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from hkaigov.domain.errors import ConflictError, InputError
from hkaigov.store.blobs import BlobStore
from hkaigov.store.models import Blob
from hkaigov.store.settings import Settings

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def normalise_url(url: str) -> str:
    """`postgresql://…` means the psycopg 3 driver this package installs."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def safe_url(url: str) -> str:
    """The URL with any password hidden, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid URL>"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # SQLAlchemy emits BEGIN itself (see _sqlite_begin)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    """Writers take SQLite's write lock at BEGIN (waiting up to busy_timeout), so two writers queue
    instead of both reading the audit head and one failing at its first write."""
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("hkaigov_write") else "BEGIN")


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0] if lines else type(orig).__name__


@dataclass
class Database:
    """An engine, a session factory and the blob store of one register."""

    settings: Settings
    schema: str | None = None
    engine: Engine = field(init=False)
    sessions: sessionmaker[Session] = field(init=False)
    blobs: BlobStore = field(init=False)

    def __post_init__(self) -> None:
        url = normalise_url(self.settings.url)
        self.display_url = safe_url(url)
        try:
            parsed = make_url(url)
        except ArgumentError:
            raise InputError(f"HKAIGOV_DATABASE_URL: '{self.display_url}' is not a database URL") from None
        kwargs: dict[str, Any] = {}
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        elif parsed.get_backend_name() == "postgresql":
            kwargs["pool_pre_ping"] = True
            if self.schema:
                kwargs["connect_args"] = {"options": f"-csearch_path={self.schema}"}
        else:
            raise InputError(f"HKAIGOV_DATABASE_URL: '{self.display_url}': only sqlite and postgresql are supported")
        try:
            self.engine = create_engine(url, **kwargs)
        except (ArgumentError, ImportError) as exc:
            raise InputError(f"HKAIGOV_DATABASE_URL: {self.display_url}: {exc}") from None
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.blobs = BlobStore(self.settings.blob_dir, self.settings.max_upload_bytes)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    # migrations ---------------------------------------------------------------------------------

    def _alembic(self, connection: Any) -> Any:
        from alembic.config import Config  # Alembic loads only when migrations are looked at (CLI start-up)

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        cfg.attributes["connection"] = connection
        return cfg

    def head_revision(self) -> str:
        from alembic.script import ScriptDirectory

        script = ScriptDirectory(str(MIGRATIONS))
        head = script.get_current_head()
        assert head is not None
        return head

    def current_revision(self) -> str | None:
        from alembic.runtime.migration import MigrationContext

        with self.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def upgrade(self, revision: str = "head") -> tuple[str | None, str]:
        """Create or migrate the schema; returns (revision before, revision after). Idempotent."""
        from alembic import command
        from alembic.runtime.migration import MigrationContext

        with self.connect() as conn:
            before = MigrationContext.configure(conn).get_current_revision()
            command.upgrade(self._alembic(conn), revision)
            conn.commit()
            after = MigrationContext.configure(conn).get_current_revision()
        return before, after or ""

    def downgrade(self, revision: str = "base") -> None:
        from alembic import command

        with self.connect() as conn:
            command.downgrade(self._alembic(conn), revision)
            conn.commit()

    def require_current(self) -> None:
        """Refuse to work on a register that `hkaigov init` has not created or migrated."""
        current = self.current_revision()
        if current is None:
            raise InputError(f"the register at {self.display_url} is not initialised: run `hkaigov init`")
        if current != self.head_revision():
            raise InputError(f"the register at {self.display_url} is at revision {current}: run `hkaigov init`")

    # connections and transactions ---------------------------------------------------------------

    @contextlib.contextmanager
    def connect(self) -> Iterator[Any]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except OperationalError as exc:
            raise InputError(f"cannot use the database at {self.display_url}: {_first_line(exc)}") from None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: everything inside commits together or not at all (blob files written
        inside a failed transaction are removed again)."""
        session = self.sessions()
        session.info["blobs"] = self.blobs
        try:
            with session.begin():
                session.connection(execution_options={"hkaigov_write": True})
                yield session
        except StaleDataError:
            self.blobs.discard_new(session, self._blobs_in_use)
            raise ConflictError("someone else changed this record since you read it; reload and try again") from None
        except IntegrityError as exc:
            self.blobs.discard_new(session, self._blobs_in_use)
            raise ConflictError(f"the change clashes with another one: {_first_line(exc)}") from None
        except OperationalError as exc:
            self.blobs.discard_new(session, self._blobs_in_use)
            raise InputError(f"cannot use the database at {self.display_url}: {_first_line(exc)}") from None
        except BaseException:
            self.blobs.discard_new(session, self._blobs_in_use)
            raise
        finally:
            session.info.pop("new_blobs", None)
            session.close()

    def _blobs_in_use(self, shas: list[str]) -> set[str]:
        """Which of these files committed rows refer to (all of them when the database cannot say)."""
        try:
            with self.engine.connect() as conn:
                return set(conn.scalars(select(Blob.sha256).where(Blob.sha256.in_(shas))))
        except DBAPIError:
            return set(shas)

    @contextlib.contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session."""
        session = self.sessions()
        try:
            yield session
        except OperationalError as exc:
            raise InputError(f"cannot use the database at {self.display_url}: {_first_line(exc)}") from None
        finally:
            session.rollback()
            session.close()

    def reset_sequences(self, session: Session, tables: list[str]) -> None:
        """After rows were inserted with explicit ids (an import), PostgreSQL's sequences must move on."""
        if self.dialect != "postgresql":
            return
        for table in tables:
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table}), 1), (SELECT MAX(id) FROM {table}) IS NOT NULL)"
                )
            )

    def dispose(self) -> None:
        self.engine.dispose()


def load_settings() -> Settings:
    """The settings from the environment, with a bad value reported as the variable's name."""
    try:
        return Settings()
    except ValidationError as exc:
        raise InputError(
            [f"HKAIGOV_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}" for e in exc.errors()]
        ) from None


def open_database(settings: Settings | None = None, *, schema: str | None = None) -> Database:
    """The register the settings (by default, the environment) name. Nothing connects yet."""
    return Database(settings or load_settings(), schema=schema)

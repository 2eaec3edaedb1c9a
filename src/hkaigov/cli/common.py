"""What every command shares: output formats, exit codes, error reporting, catalog loading."""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console, RenderableType

from hkaigov.domain.enums import RiskTier
from hkaigov.domain.errors import HkaigovError, InputError, NotFoundError

if TYPE_CHECKING:  # the register and the catalog are imported when a command needs them: start-up stays fast
    from sqlalchemy.orm import Session

    from hkaigov.domain.catalog import Catalog
    from hkaigov.services.context import Context
    from hkaigov.store.db import Database

EXIT_OK, EXIT_THRESHOLD, EXIT_INPUT = 0, 1, 2


class Format(enum.StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


FormatOpt = Annotated[
    Format, typer.Option("--format", "-f", help="table (default), json (stable contract) or markdown")
]
PolicyOpt = Annotated[
    list[Path] | None,
    typer.Option("--policy", help="An organisation's stricter tier policy file (may be repeated).", show_default=False),
]
FailOnOpt = Annotated[
    RiskTier | None,
    typer.Option("--fail-on", help="Exit 1 when a system's tier is this tier or higher.", show_default=False),
]


class Lang(enum.StrEnum):
    en = "en"
    zh_hant = "zh-Hant"


LangOpt = Annotated[Lang, typer.Option("--lang", help="Language of table and Markdown output: en or zh-Hant.")]

P = ParamSpec("P")
R = TypeVar("R")


def stdout() -> Console:
    return Console(soft_wrap=False, width=None if sys.stdout.isatty() else 160)


def emit(
    fmt: Format,
    *,
    table: Callable[[], RenderableType],
    json_text: Callable[[], str],
    markdown: Callable[[], str],
) -> None:
    """Print one of the three renderings. JSON and Markdown go to stdout byte-exact."""
    if fmt is Format.json:
        sys.stdout.write(json_text())
    elif fmt is Format.markdown:
        sys.stdout.write(markdown())
    else:
        stdout().print(table())


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Map hkaigov's errors to exit codes with a clear message and no traceback."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            for line in exc.problems:
                print(line, file=sys.stderr)
            if len(exc.problems) > 1:
                print(f"hkaigov: {len(exc.problems)} problems; nothing was done", file=sys.stderr)
            raise typer.Exit(EXIT_INPUT) from None
        except NotFoundError as exc:
            print(f"hkaigov: {exc}", file=sys.stderr)
            raise typer.Exit(EXIT_INPUT) from None
        except HkaigovError as exc:
            print(f"hkaigov: {exc}", file=sys.stderr)
            raise typer.Exit(EXIT_INPUT) from None

    return wrapper


def get_catalog(policy: Sequence[Path] | None) -> Catalog:
    """The shipped catalog, or the directory `HKAIGOV_CATALOG_DIR` names (e.g. a draft catalog)."""
    from hkaigov.catalog.loader import load_catalog

    override = os.environ.get("HKAIGOV_CATALOG_DIR")
    return load_catalog(Path(override) if override else None, tuple(policy or ()))


def crosses(tier: RiskTier, threshold: RiskTier | None) -> bool:
    return threshold is not None and tier.rank >= threshold.rank


def expand(paths: Sequence[Path]) -> list[Path]:
    """Directories stand for the `*.yaml` / `*.yml` files in them, sorted."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted([*path.glob("*.yaml"), *path.glob("*.yml")]))
        else:
            out.append(path)
    if not out:
        raise InputError("no manifest files given")
    return out


def top_reasons(rules: Sequence[Any], n: int = 2, lang: str = "en") -> list[str]:
    return [f"{r.id}: {r.reason.get(lang)}" for r in rules[:n]]


UserOpt = Annotated[
    str,
    typer.Option(
        "--user", "-u", envvar="HKAIGOV_USER", help="Act as this register user (env HKAIGOV_USER).", show_default=True
    ),
]


def open_register() -> Database:
    """The register the settings name, migrated to the current schema (or a one-line error)."""
    from hkaigov.store.db import open_database

    db = open_database()
    db.require_current()
    return db


@contextlib.contextmanager
def register_change(user: str) -> Iterator[Context]:
    """One transaction on the register on behalf of `user`: commits when the block ends, else rolls back."""
    from hkaigov.services import users
    from hkaigov.services.context import Context, utc_now

    db = open_register()
    try:
        with db.transaction() as session:
            actor = users.actor(session, user, utc_now)
            yield Context(session, actor, get_catalog(None), db.blobs)
    finally:
        db.dispose()


@contextlib.contextmanager
def register_read() -> Iterator[tuple[Database, Session]]:
    db = open_register()
    try:
        with db.reading() as session:
            yield db, session
    finally:
        db.dispose()


def write_output(output: Path | None, text: str) -> None:
    """Write `text` to OUTPUT atomically (a reader never sees half a file), or to stdout when there is none."""
    if output is None:
        sys.stdout.write(text)
        return
    if not output.parent.exists():
        raise InputError(f"--output: directory {output.parent} does not exist")
    tmp = output.with_name(output.name + ".part")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, output)


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"{option}: '{value}' is not a date YYYY-MM-DD") from None

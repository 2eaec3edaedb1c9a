"""Register benchmark: register N systems with 3 profile versions each and 20 evidence items per 100 systems,
on SQLite and on PostgreSQL, through the real services (classification stored, audit entry, reassessment
scheduled). Prints insert rates, the time of `register list` and of `audit verify` over the resulting log.

Each engine gets a new register: SQLite in a temporary directory, PostgreSQL in a new schema that is dropped
afterwards. Evidence files go to a temporary data directory, removed at the end.
Usage: python bench/store.py [--systems N] [--versions V] [--engine sqlite|postgresql|both] [--batch B]
                             [--pg-url URL] [--seed S]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import func, select

from engine import random_manifest  # bench/engine.py: the same synthetic manifests
from hkaigov.catalog.loader import load_catalog
from hkaigov.domain.catalog import Catalog
from hkaigov.domain.profile import AISystemProfile
from hkaigov.services import evidence, systems, users
from hkaigov.services.context import Context, utc_now
from hkaigov.store import audit
from hkaigov.store.db import Database
from hkaigov.store.models import AISystem, Base
from hkaigov.store.settings import Settings

PG_URL = "postgresql://postgres@127.0.0.1:5432/test"
EVIDENCE_PER_100 = 20
ORGANISATIONS = 25


def register_manifest(rng: random.Random, index: int) -> dict[str, Any]:
    """The engine benchmark's varied manifest (version 1), placed in one of a few organisations."""
    data = random_manifest(rng, index)
    data["id"] = f"system-{index:06d}"
    data["organisation"] = f"Benchmark Organisation {index % ORGANISATIONS:02d}"
    data["description"] = f"Synthetic system {index} for the register benchmark."
    return data


def revise(data: dict[str, Any], number: int) -> dict[str, Any]:
    """Version `number` (2, 3, …) of a manifest: even versions reword the description, odd ones change (or
    add) a third-party model version, which schedules a reassessment."""
    out = dict(data)
    if number % 2 == 0:
        out["description"] = f"{data['description']} Scope reviewed (version {number})."
    else:
        models = [dict(m) for m in data.get("third_party_models", [])] or [
            {"provider": "Example Model Co", "model": "example-llm", "access": "api"}
        ]
        models[0]["version"] = f"2026-{number:02d}"
        out["third_party_models"] = models
    return out


def profile_versions(rng: random.Random, systems_count: int, versions: int) -> list[list[AISystemProfile]]:
    """For each version number, the profile of every system (validated up front, not timed)."""
    manifests = [register_manifest(rng, i) for i in range(systems_count)]
    out = [[AISystemProfile.model_validate(m) for m in manifests]]
    for number in range(2, versions + 1):
        manifests = [revise(m, number) for m in manifests]
        out.append([AISystemProfile.model_validate(m) for m in manifests])
    return out


# --- one register per engine --------------------------------------------------------------------------


@contextmanager
def new_register(engine: str, pg_url: str) -> Iterator[tuple[str, Path]]:
    """A database URL and a data directory for a new, empty register; both removed afterwards."""
    data_dir = Path(tempfile.mkdtemp(prefix=f"hkaigov-bench-{engine}-"))
    schema = None
    try:
        if engine == "sqlite":
            yield f"sqlite:///{data_dir / 'hkaigov.db'}", data_dir
            return
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        try:
            with psycopg.connect(pg_url, autocommit=True, connect_timeout=5) as conn:
                conn.execute(f'CREATE SCHEMA "{schema}"')
        except psycopg.OperationalError as exc:
            sys.exit(f"bench/store.py: cannot reach PostgreSQL at {pg_url}: {str(exc).strip().splitlines()[0]}")
        sep = "&" if "?" in pg_url else "?"
        yield f"{pg_url}{sep}options=-csearch_path%3D{schema}", data_dir
    finally:
        if schema is not None:
            with psycopg.connect(pg_url, autocommit=True, connect_timeout=5) as conn:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        shutil.rmtree(data_dir, ignore_errors=True)


def batched(db: Database, catalog: Catalog, items: list[Any], size: int, work: Callable[[Context, Any], None]) -> None:
    """Run `work` over `items`, `size` items per transaction, with one Context per transaction."""
    for start in range(0, len(items), size):
        with db.transaction() as session:
            ctx = Context(session, users.actor(session, users.BOOTSTRAP_ADMIN, utc_now), catalog, db.blobs)
            for item in items[start : start + size]:
                work(ctx, item)


def count_rows(db: Database) -> dict[str, int]:
    with db.reading() as session:
        return {
            table.name: session.scalar(select(func.count()).select_from(table)) or 0
            for table in Base.metadata.sorted_tables
        }


def cli(env: dict[str, str], *args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run `hkaigov ARGS` from this interpreter's environment; returns (seconds, completed process)."""
    exe = Path(sys.executable).parent / "hkaigov"
    command = [str(exe)] if exe.exists() else [sys.executable, "-c", "from hkaigov.cli.main import main; main()"]
    t0 = time.perf_counter()
    done = subprocess.run([*command, *args], env=env, capture_output=True, text=True, check=False)
    return time.perf_counter() - t0, done


def run(engine: str, args: argparse.Namespace, catalog: Catalog) -> None:
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    profiles = profile_versions(rng, args.systems, args.versions)
    t_build = time.perf_counter() - t0
    controls = [c.id for c in catalog.controls()]

    with new_register(engine, args.pg_url) as (url, data_dir):
        settings = Settings(database_url=url, data_dir=data_dir)
        db = Database(settings)
        try:
            t0 = time.perf_counter()
            db.upgrade()
            t_migrate = time.perf_counter() - t0
            print(f"\n== {engine} ({db.display_url}) ==")
            print(f"built {args.systems} × {args.versions} profiles in {t_build:.2f}s (not timed below)")
            print(f"schema created in {t_migrate:.2f}s")

            phases: list[tuple[str, int, float]] = []
            start = time.perf_counter()
            for number, batch in enumerate(profiles, 1):

                def register(ctx: Context, profile: AISystemProfile) -> None:
                    systems.register(ctx, profile, note="benchmark")

                t0 = time.perf_counter()
                batched(db, catalog, batch, args.batch, register)
                phases.append((f"profile version {number}", len(batch), time.perf_counter() - t0))

            # 20 evidence items per 100 systems: one small, distinct file on every fifth system
            with db.reading() as session:
                ids = list(session.scalars(select(AISystem.id).order_by(AISystem.id)))
            chosen = ids[:: 100 // EVIDENCE_PER_100]
            erng = random.Random(args.seed + 1)
            picks = [(sid, erng.choice(controls)) for sid in chosen]

            def attach(ctx: Context, pick: tuple[int, str]) -> None:
                sid, control = pick
                system = ctx.session.get(AISystem, sid)
                assert system is not None
                body = f"# Evidence for {control}\n\nSystem {system.ref}; benchmark item {sid}.\n".encode()
                evidence.add_bytes(ctx, system, control, body, f"{control.lower()}-{sid}.md")

            t0 = time.perf_counter()
            batched(db, catalog, picks, args.batch, attach)
            phases.append(("evidence", len(picks), time.perf_counter() - t0))
            wall = time.perf_counter() - start

            rows = count_rows(db)
            total_rows = sum(rows.values())
            versions_done = sum(n for name, n, _ in phases if name.startswith("profile"))
            for name, n, secs in phases:
                print(f"  {name:<18} {n:>7,} in {secs:7.2f}s = {n / secs:8,.0f}/s")
            print(
                f"inserted: {args.systems:,} systems, {versions_done:,} profile versions, {len(picks):,} evidence "
                f"items; {total_rows:,} rows in all tables ({', '.join(f'{k} {v:,}' for k, v in rows.items() if v)})"
            )
            print(
                f"insert wall time {wall:.2f}s (batches of {args.batch} per transaction): "
                f"{versions_done / wall:,.0f} profile versions/s, {total_rows / wall:,.0f} rows/s"
            )

            # register list
            t0 = time.perf_counter()
            with db.reading() as session:
                listed = systems.list_systems(session)
            t_list = time.perf_counter() - t0
            env = {**os.environ, "HKAIGOV_DATABASE_URL": url, "HKAIGOV_DATA_DIR": str(data_dir)}
            env.pop("HKAIGOV_USER", None)
            t_start, _ = cli(env, "--version")
            t_cli_list, done = cli(env, "register", "list", "--format", "json")
            if done.returncode != 0:
                sys.exit(f"hkaigov register list failed ({done.returncode}): {done.stderr.strip()}")
            cli_listed = len(json.loads(done.stdout)["systems"])
            print(
                f"register list: service {len(listed):,} systems in {t_list:.3f}s; "
                f"CLI `hkaigov register list --format json` {cli_listed:,} systems, {len(done.stdout) / 1e6:.1f} MB "
                f"in {t_cli_list:.2f}s (of which ~{t_start:.2f}s is `hkaigov --version` start-up)"
            )

            # audit verify
            t0 = time.perf_counter()
            with db.reading() as session:
                result = audit.verify(session)
            t_verify = time.perf_counter() - t0
            t_cli_verify, done = cli(env, "audit", "verify", "--format", "json")
            cli_result = json.loads(done.stdout)
            if not (result.ok and cli_result["ok"]) or done.returncode != 0:
                sys.exit(f"audit verify failed: {result.problem or cli_result['problem']}")
            print(
                f"audit verify: service {result.entries:,} entries in {t_verify:.2f}s "
                f"({result.entries / t_verify:,.0f} entries/s); CLI `hkaigov audit verify --format json` "
                f"{cli_result['entries']:,} entries in {t_cli_verify:.2f}s"
            )
        finally:
            db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--systems", type=int, default=10_000)
    parser.add_argument("--versions", type=int, default=3, help="profile versions per system")
    parser.add_argument("--engine", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--batch", type=int, default=500, help="systems (or evidence items) per transaction")
    parser.add_argument("--pg-url", default=os.environ.get("HKAIGOV_TEST_PG_URL", PG_URL))
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args()
    if args.systems < 1 or args.versions < 1 or args.batch < 1:
        parser.error("--systems, --versions and --batch must be at least 1")

    catalog = load_catalog(None, ())
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    print(f"catalog {catalog.version}; python {sys.version.split()[0]}; one process")
    for engine in engines:
        run(engine, args, catalog)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()

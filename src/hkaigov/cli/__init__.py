"""The `hkaigov` command line (Typer).

`main` is the entry point. `hkaigov eval …`, `hkaigov pii …` and `hkaigov claims …` load only their own command modules,
not the whole command tree (the register, the engine, the reports): they are the commands people
run in CI loops and over large files, where start-up time counts.
"""

from __future__ import annotations

import importlib
import sys

_FAST = {"eval": "hkaigov.cli.evals", "pii": "hkaigov.cli.pii", "claims": "hkaigov.cli.claims"}


def main() -> None:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command in _FAST:
        import typer

        sub = importlib.import_module(_FAST[command]).app
        root = typer.Typer(add_completion=False)
        root.add_typer(sub, name=command)
        root(prog_name="hkaigov")
        return
    from hkaigov.cli.main import main as full

    full()

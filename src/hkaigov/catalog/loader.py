"""Load the catalog from its YAML files into the domain types, with located errors.

Layout of a catalog directory (the shipped one is `catalog/data/`):

    catalog.yaml             version, date, retired control ids, changelog
    instruments/*.yaml       one file per instrument, with its controls (and sector overlay tier rules)
    policy/default.yaml      the default tier policy, role rules and tier handling
    consistency.yaml         rules that spot manifests contradicting their own applicable controls
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from hkaigov.domain.catalog import (
    Catalog,
    CatalogMeta,
    ConsistencyFile,
    ConsistencyRule,
    Instrument,
    Policy,
)
from hkaigov.domain.errors import CatalogError, InputError
from hkaigov.io.safe_yaml import Located, read_yaml_file
from hkaigov.io.validation import located_errors

DATA_DIR = Path(__file__).parent / "data"
CATALOG_MAX_BYTES = 5_000_000
M = TypeVar("M", bound=BaseModel)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def load_model(path: Path, model: type[M], problems: list[str], max_bytes: int = CATALOG_MAX_BYTES) -> M | None:
    """Parse one file into `model`, appending located problems instead of raising."""
    try:
        doc = read_yaml_file(path, max_bytes=max_bytes, shown_as=_display(path))
    except InputError as exc:
        problems.extend(exc.problems)
        return None
    return validate_located(doc, model, problems)


def validate_located(doc: Located, model: type[M], problems: list[str]) -> M | None:
    if not isinstance(doc.data, dict):
        problems.append(f"{doc.source}:1: expected a mapping at the top of the file")
        return None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        problems.extend(located_errors(exc, doc, model))
        return None


def _with_sources(instrument: Instrument, path: Path) -> Instrument:
    controls = [c.model_copy(update={"instrument": instrument.id}) for c in instrument.controls]
    rules = [r.model_copy(update={"source": _display(path)}) for r in instrument.tier_rules]
    return instrument.model_copy(update={"controls": controls, "tier_rules": rules})


def load_policy(path: Path) -> Policy:
    """Load an organisation's own policy file (`--policy FILE`); raises `InputError` when malformed."""
    problems: list[str] = []
    policy = load_model(path, Policy, problems)
    if policy is None:
        raise InputError(problems)
    rules = [r.model_copy(update={"source": _display(path)}) for r in policy.rules]
    return policy.model_copy(update={"rules": rules})


def load_catalog(data_dir: Path | None = None, policy_files: Sequence[Path] = ()) -> Catalog:
    """Load a whole catalog. The shipped one is cached; a policy file adds stricter rules on top."""
    base = _load_cached(str((data_dir or DATA_DIR).resolve()))
    if not policy_files:
        return base
    extra = [load_policy(p) for p in policy_files]
    seen = {r.id: "the catalog" for r in base.tier_rules()}
    clashes = []
    for path, policy in zip(policy_files, extra, strict=True):
        for rule in policy.rules:
            if rule.id in seen:
                clashes.append(
                    f"{_display(path)}: rule {rule.id}: id already used by {seen[rule.id]}; "
                    "a policy may add rules, not replace them"
                )
            else:
                seen[rule.id] = _display(path)
    if clashes:
        raise InputError(clashes)
    return base.model_copy(update={"extra_policies": extra})


@lru_cache(maxsize=8)
def _load_cached(data_dir: str) -> Catalog:
    return _load(Path(data_dir))


def _load(root: Path) -> Catalog:
    problems: list[str] = []
    if not root.is_dir():
        raise CatalogError(f"{root}: catalog directory not found")
    meta = load_model(root / "catalog.yaml", CatalogMeta, problems)
    instruments: list[Instrument] = []
    files = sorted((root / "instruments").glob("*.yaml"))
    if not files:
        problems.append(f"{_display(root / 'instruments')}: no instrument files")
    for path in files:
        inst = load_model(path, Instrument, problems)
        if inst is not None:
            if inst.id != path.stem:
                problems.append(f"{_display(path)}:1: id: '{inst.id}' must match the file name '{path.stem}'")
            instruments.append(_with_sources(inst, path))
    policy = load_model(root / "policy" / "default.yaml", Policy, problems)
    consistency: list[ConsistencyRule] = []
    if (root / "consistency.yaml").exists():
        cfile = load_model(root / "consistency.yaml", ConsistencyFile, problems)
        consistency = list(cfile.rules) if cfile else []
    if problems or meta is None or policy is None:
        raise CatalogError(problems or ["catalog failed to load"])
    policy = policy.model_copy(
        update={"rules": [r.model_copy(update={"source": "policy/default.yaml"}) for r in policy.rules]}
    )
    return Catalog(meta=meta, instruments=instruments, policy=policy, consistency=consistency)

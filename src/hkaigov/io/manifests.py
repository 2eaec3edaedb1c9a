"""Load AI-system manifests (`ai-system.yaml`) with errors that name the file, line and field."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from hkaigov.domain.errors import InputError
from hkaigov.domain.profile import AISystemProfile, EvidenceEntry
from hkaigov.io.safe_yaml import Located, read_yaml_file
from hkaigov.io.validation import located_errors

MANIFEST_MAX_BYTES = 256_000


@dataclass(frozen=True)
class LoadedManifest:
    path: Path
    profile: AISystemProfile


def parse_manifest(doc: Located) -> AISystemProfile:
    if not isinstance(doc.data, dict):
        kind = "empty" if doc.data is None else type(doc.data).__name__
        raise InputError(f"{doc.source}:1: a manifest must be a mapping of fields, got {kind}")
    try:
        return AISystemProfile.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(located_errors(exc, doc, AISystemProfile)) from None


def load_manifest(path: Path) -> AISystemProfile:
    return parse_manifest(read_yaml_file(path, max_bytes=MANIFEST_MAX_BYTES, shown_as=str(path)))


def load_manifests(paths: Iterable[Path]) -> list[LoadedManifest]:
    """Load every manifest; report every problem of every file together, then fail (nothing partial)."""
    loaded: list[LoadedManifest] = []
    problems: list[str] = []
    seen: dict[str, Path] = {}
    for path in paths:
        try:
            profile = load_manifest(path)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if profile.id in seen:
            problems.append(f"{path}:1: id: '{profile.id}' is also the id of {seen[profile.id]}")
            continue
        seen[profile.id] = path
        loaded.append(LoadedManifest(path, profile))
    if problems:
        raise InputError(problems)
    return loaded


def load_evidence_file(path: Path) -> dict[str, EvidenceEntry]:
    """An organisation-wide evidence file: `evidence: {CONTROL-ID: {status, reference, date, note}}`."""
    doc = read_yaml_file(path, max_bytes=MANIFEST_MAX_BYTES, shown_as=str(path))
    data = doc.data if isinstance(doc.data, dict) else None
    if data is None or set(data) - {"evidence", "organisation"}:
        raise InputError(f"{path}:1: an evidence file has the keys 'organisation' and 'evidence' only")
    problems: list[str] = []
    out: dict[str, EvidenceEntry] = {}
    for cid, raw in (data.get("evidence") or {}).items():
        try:
            out[str(cid)] = EvidenceEntry.model_validate(raw)
        except ValidationError as exc:
            problems.extend(located_errors(exc, doc, EvidenceEntry, prefix=("evidence", cid)))
    if problems:
        raise InputError(problems)
    return out

"""The reference's item ids (generated from the shared reference), to check the catalog covers them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from hkaigov.catalog.loader import DATA_DIR
from hkaigov.domain.enums import Confidence
from hkaigov.io.safe_yaml import read_yaml_file


@dataclass(frozen=True, slots=True)
class ReferenceItem:
    id: str
    code: str
    confidence: Confidence
    recommended: bool


def load_reference_items(path: Path | None = None) -> dict[str, ReferenceItem]:
    doc = read_yaml_file(path or DATA_DIR / "reference_items.yaml", max_bytes=2_000_000)
    items = doc.data.get("items", []) if isinstance(doc.data, dict) else []
    return {
        str(row["id"]): ReferenceItem(
            str(row["id"]), str(row["code"]), Confidence(row["confidence"]), bool(row["recommended"])
        )
        for row in items
    }

"""Check one instrument file on its own, while the rest of the catalog is being written.

Usage: .venv/bin/python tools/check_instrument.py src/hkaigov/catalog/data/instruments/pdpo.yaml [CODE ...]
Prints load errors (FILE:LINE: field: message), lint errors for the file, and which reference items of
the given codes (default: the file's own code) no control implements yet.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from hkaigov.catalog.lint import LintReport, check_catalog
from hkaigov.catalog.loader import DATA_DIR, load_model
from hkaigov.catalog.reference import load_reference_items
from hkaigov.domain.catalog import Catalog, CatalogMeta, Instrument, Policy


def main(path: Path, codes: list[str]) -> int:
    problems: list[str] = []
    inst = load_model(path, Instrument, problems)
    meta = load_model(DATA_DIR / "catalog.yaml", CatalogMeta, problems)
    policy = load_model(DATA_DIR / "policy" / "default.yaml", Policy, problems)
    if problems or inst is None or meta is None or policy is None:
        print("\n".join(problems))
        return 1
    codes = codes or [inst.code]
    items = {k: v for k, v in load_reference_items().items() if v.code in codes}
    controls = [c.model_copy(update={"instrument": inst.id}) for c in inst.controls]
    catalog = Catalog(meta=meta, instruments=[inst.model_copy(update={"controls": controls})], policy=policy)
    report = LintReport()
    check_catalog(catalog, items, report)
    errors = [e for e in report.errors if "not an item of the reference" not in e or any(c in e for c in codes)]
    for line in errors:
        print("ERROR", line)
    for line in report.warnings:
        print("WARN ", line)
    kinds = Counter(c.kind.value for c in inst.controls)
    print(f"{path.name}: {len(inst.controls)} controls ({dict(kinds)}); {len(items)} reference items for {codes}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), sys.argv[2:]))

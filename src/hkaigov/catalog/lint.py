"""`hkaigov catalog lint`: the checks that keep the catalog trustworthy.

Structural problems (a control without a citation, a missing zh-Hant title, a condition naming an
unknown field or value) are caught while the files load. The checks here span files: unique ids,
coverage of every reference item, confidence no firmer than the source, recommended items kept apart.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from hkaigov.catalog.loader import load_catalog, load_policy
from hkaigov.catalog.reference import ReferenceItem, load_reference_items
from hkaigov.domain.catalog import Catalog
from hkaigov.domain.enums import Confidence, ControlKind
from hkaigov.domain.errors import InputError

_FIRMNESS = {Confidence.CONFIRMED: 2, Confidence.SECONDARY: 1, Confidence.UNCONFIRMED: 0}


@dataclass
class LintReport:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def lint_catalog(
    data_dir: Path | None = None,
    policy_files: tuple[Path, ...] = (),
    reference_items: dict[str, ReferenceItem] | None = None,
) -> LintReport:
    report = LintReport()
    try:
        catalog = load_catalog(data_dir)
    except InputError as exc:
        report.errors.extend(exc.problems)
        return report
    for path in policy_files:
        try:
            load_policy(path)
        except InputError as exc:
            report.errors.extend(exc.problems)
    if policy_files and report.ok:
        try:
            load_catalog(data_dir, policy_files)
        except InputError as exc:
            report.errors.extend(exc.problems)
    if reference_items is not None:
        items = reference_items
    else:
        own = (data_dir / "reference_items.yaml") if data_dir is not None else None
        items = load_reference_items(own if own is not None and own.exists() else None)
    check_catalog(catalog, items, report)
    return report


def check_catalog(catalog: Catalog, items: dict[str, ReferenceItem], report: LintReport) -> None:
    controls = catalog.controls()
    ids = Counter(c.id for c in controls)
    report.errors += [f"control {cid}: id used {n} times" for cid, n in sorted(ids.items()) if n > 1]
    rule_ids = Counter(r.id for r in catalog.tier_rules()) + Counter(r.id for r in catalog.policy.roles)
    report.errors += [f"rule {rid}: id used {n} times" for rid, n in sorted(rule_ids.items()) if n > 1]
    retired = set(catalog.meta.retired_controls)
    report.errors += [f"control {c.id}: reuses a retired id" for c in controls if c.id in retired]
    codes = Counter(i.code for i in catalog.instruments)
    report.errors += [f"instrument code {code}: used by {n} instruments" for code, n in codes.items() if n > 1]
    for inst in catalog.instruments:
        for c in inst.controls:
            if not c.id.startswith(inst.code + "-"):
                report.errors.append(f"control {c.id} ({inst.id}): id must start with '{inst.code}-'")
    _check_refs(catalog, items, report)
    known_controls = set(ids)
    for rule in catalog.consistency:
        for cid in ([rule.control] if rule.control else []) + rule.unless_met:
            if cid not in known_controls:
                report.errors.append(f"consistency rule {rule.id}: names unknown control {cid}")
    report.stats = {
        "instruments": len(catalog.instruments),
        "controls": len(controls),
        "tier_rules": len(catalog.tier_rules()),
        "reference_items": len(items),
        "consistency_rules": len(catalog.consistency),
    }


def _check_refs(catalog: Catalog, items: dict[str, ReferenceItem], report: LintReport) -> None:
    by_ref: dict[str, list[tuple[str, Confidence, ControlKind]]] = defaultdict(list)
    for c in catalog.controls():
        for ref in c.refs:
            by_ref[ref].append((c.id, c.confidence, c.kind))
            item = items.get(ref)
            if item is None:
                report.errors.append(f"control {c.id}: refs {ref}, which is not an item of the reference")
                continue
            if _FIRMNESS[c.confidence] > _FIRMNESS[item.confidence]:
                report.errors.append(
                    f"control {c.id}: confidence '{c.confidence}' is firmer than {ref} ('{item.confidence}')"
                )
    rule_refs = {ref for r in catalog.tier_rules() for ref in r.refs}
    rule_refs |= {ref for r in catalog.policy.roles for ref in r.refs}
    rule_refs |= set(catalog.policy.fallback.refs if catalog.policy.fallback else [])
    for ref in sorted(rule_refs - set(items)):
        report.errors.append(f"a tier or role rule refs {ref}, which is not an item of the reference")
    for ref, item in sorted(items.items()):
        implementers = by_ref.get(ref, [])
        if not implementers and ref not in rule_refs:
            report.errors.append(f"{ref} ({item.code}): no control or rule implements it")
        elif implementers and not item.recommended and all(k is ControlKind.RECOMMENDED for _, _, k in implementers):
            report.errors.append(f"{ref}: an expected item is implemented only by recommended controls")
        elif implementers and item.recommended and any(k is ControlKind.EXPECTED for _, _, k in implementers):
            names = ", ".join(cid for cid, _, k in implementers if k is ControlKind.EXPECTED)
            report.warnings.append(f"{ref}: a good-practice item is implemented by expected control(s) {names}")

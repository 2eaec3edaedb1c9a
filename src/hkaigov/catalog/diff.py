"""Compare two catalogs: which controls and rules were added, removed or changed, and which systems'
tiers or applicable controls change as a result (so they can be reassessed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hkaigov.domain.catalog import Catalog
from hkaigov.domain.profile import AISystemProfile
from hkaigov.engine.classify import classify
from hkaigov.engine.obligations import obligations

_COMPARED = (
    "title",
    "requirement",
    "verify",
    "citation",
    "refs",
    "dimensions",
    "confidence",
    "kind",
    "scope",
    "basis",
    "applies_when",
    "evidence",
    "check",
)


@dataclass
class SystemImpact:
    system: str
    old_tier: str
    new_tier: str
    added_controls: list[str]
    removed_controls: list[str]
    changed_controls: list[str]


@dataclass
class CatalogDiff:
    old_version: str
    new_version: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)
    rules_added: list[str] = field(default_factory=list)
    rules_removed: list[str] = field(default_factory=list)
    rules_changed: list[str] = field(default_factory=list)
    systems: list[SystemImpact] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.added or self.removed or self.changed or self.rules_added or self.rules_removed or self.rules_changed
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "controls": {"added": self.added, "removed": self.removed, "changed": self.changed},
            "tier_rules": {
                "added": self.rules_added,
                "removed": self.rules_removed,
                "changed": self.rules_changed,
            },
            "reassess": [s.__dict__ for s in self.systems],
        }


def diff_catalogs(old: Catalog, new: Catalog, profiles: Sequence[AISystemProfile] = ()) -> CatalogDiff:
    result = CatalogDiff(old.version, new.version)
    old_c = {c.id: c.model_dump(mode="json", by_alias=True) for c in old.controls()}
    new_c = {c.id: c.model_dump(mode="json", by_alias=True) for c in new.controls()}
    result.added = sorted(set(new_c) - set(old_c))
    result.removed = sorted(set(old_c) - set(new_c))
    for cid in sorted(set(old_c) & set(new_c)):
        fields = [f for f in _COMPARED if old_c[cid].get(f) != new_c[cid].get(f)]
        if fields:
            result.changed[cid] = fields
    old_r = {r.id: r.model_dump(mode="json", by_alias=True, exclude={"source"}) for r in old.tier_rules()}
    new_r = {r.id: r.model_dump(mode="json", by_alias=True, exclude={"source"}) for r in new.tier_rules()}
    result.rules_added = sorted(set(new_r) - set(old_r))
    result.rules_removed = sorted(set(old_r) - set(new_r))
    result.rules_changed = sorted(r for r in set(old_r) & set(new_r) if old_r[r] != new_r[r])
    changed_ids = set(result.changed)
    for profile in profiles:
        c_old, c_new = classify(profile, old), classify(profile, new)
        a_old = {a.control.id for a in obligations(profile, c_old, old)}
        a_new = {a.control.id for a in obligations(profile, c_new, new)}
        impact = SystemImpact(
            profile.id,
            c_old.tier.value,
            c_new.tier.value,
            sorted(a_new - a_old),
            sorted(a_old - a_new),
            sorted(a_old & a_new & changed_ids),
        )
        if (
            impact.old_tier != impact.new_tier
            or impact.added_controls
            or impact.removed_controls
            or impact.changed_controls
        ):
            result.systems.append(impact)
    return result

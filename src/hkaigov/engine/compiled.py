"""A catalog prepared for fast evaluation: condition sets built once per catalog object."""

from __future__ import annotations

from dataclasses import dataclass

from hkaigov.domain.catalog import Catalog, ConsistencyRule, Control, TierRule
from hkaigov.domain.conditions import condition_fields
from hkaigov.domain.results import ApplicableControl
from hkaigov.engine.conditions import ConditionSet


@dataclass(frozen=True)
class CompiledCatalog:
    controls: tuple[Control, ...]
    control_set: ConditionSet[ApplicableControl]
    tier_rules: tuple[TierRule, ...]
    tier_rule_set: ConditionSet[tuple[int, tuple[str, ...]]]
    consistency_rules: tuple[ConsistencyRule, ...]
    consistency_set: ConditionSet[tuple[int, tuple[str, ...]]]
    tier_fields: frozenset[str]
    rule_fields: dict[str, frozenset[str]]


def _pair(index: int, why: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
    return index, why


def compiled(catalog: Catalog) -> CompiledCatalog:
    """The compiled form of `catalog`, built on first use and kept on the catalog object."""
    cached = catalog._compiled
    # model_copy() copies private attributes too: only trust a cache built for this very object
    found: CompiledCatalog | None = cached[1] if cached is not None and cached[0] == id(catalog) else None
    if found is None:
        controls = tuple(catalog.controls())
        rules = tuple(catalog.tier_rules())
        consistency = tuple(catalog.consistency)
        found = CompiledCatalog(
            controls=controls,
            control_set=ConditionSet(
                [c.applies_when for c in controls],
                lambda i, why: ApplicableControl(controls[i], why),
                always_reason="applies to every system (no condition)",
            ),
            tier_rules=rules,
            tier_rule_set=ConditionSet([r.when for r in rules], _pair),
            consistency_rules=consistency,
            consistency_set=ConditionSet([r.when for r in consistency], _pair),
            tier_fields=frozenset(f for r in rules for f in condition_fields(r.when)),
            rule_fields={r.id: frozenset(condition_fields(r.when)) for r in rules},
        )
        catalog._compiled = (id(catalog), found)
    return found

"""Classify a system: its risk tier (highest triggered rule wins) and the roles its activities imply."""

from __future__ import annotations

from hkaigov.domain.catalog import Catalog
from hkaigov.domain.conditions import AllOf, Condition, Leaf, NotOf
from hkaigov.domain.enums import RiskTier
from hkaigov.domain.profile import AISystemProfile
from hkaigov.domain.results import Classification, RoleAssignment, TriggeredRule
from hkaigov.engine.compiled import compiled
from hkaigov.engine.conditions import compile_condition, profile_facts

NO_RULE_FIRED = "no rule for a higher tier fired"


def classify(profile: AISystemProfile, catalog: Catalog) -> Classification:
    """Apply every tier rule of the catalog (default policy, sector overlays, organisation policies).

    The consolidated tier is the highest tier any rule triggers, so an added rule can only raise a
    tier. When nothing fires, the policy's fallback rule (low) is reported, so that every tier has a why.
    """
    cc = compiled(catalog)
    facts = profile_facts(profile)
    triggered: list[TriggeredRule] = []
    for index, matched in cc.tier_rule_set.matches(facts):
        rule = cc.tier_rules[index]
        triggered.append(
            TriggeredRule(
                rule.id,
                rule.tier,
                rule.basis,
                rule.reason,
                rule.citation,
                tuple(rule.refs),
                matched,
                rule.source,
            )
        )
    if triggered:
        triggered.sort(key=lambda r: -r.tier.rank)  # stable: catalog order within a tier
        tier = triggered[0].tier
    else:
        tier = RiskTier.LOW
        fallback = catalog.policy.fallback
        if fallback is not None:
            tier = fallback.tier
            triggered.append(
                TriggeredRule(
                    fallback.id,
                    fallback.tier,
                    fallback.basis,
                    fallback.reason,
                    fallback.citation,
                    tuple(fallback.refs),
                    (NO_RULE_FIRED,),
                    "policy/default.yaml",
                )
            )
    held = {a.value for a in profile.activities}
    assignments = tuple(
        RoleAssignment(rule.role, rule.id, rule.activity.value, rule.reason, rule.citation)
        for rule in catalog.policy.roles
        if rule.activity.value in held
    )
    return Classification(
        system=profile.id,
        name=profile.name,
        tier=tier,
        roles=tuple(profile.roles),
        role_assignments=assignments,
        triggered_rules=tuple(triggered),
        catalog_version=catalog.version,
        profile_digest=profile.digest(),
        warnings=_undeclared(facts, catalog, tier, {r.id for r in triggered}),
    )


_UNSETTLED_CACHE: dict[tuple[object, ...], tuple[str, ...]] = {}


def _unknown_fields(condition: Condition, facts: dict[str, object], missing: set[str]) -> tuple[bool | None, set[str]]:
    """Evaluate with undeclared facts as *unknown* (three-valued logic). Returns the verdict (None when it
    depends on undeclared facts) and the undeclared fields it depends on."""
    if isinstance(condition, Leaf):
        if condition.field in missing and condition.op != "declared":
            return None, {condition.field}
        return compile_condition(condition)(facts), set()
    if isinstance(condition, NotOf):
        verdict, fields = _unknown_fields(condition.child, facts, missing)
        return (None if verdict is None else not verdict), fields
    results = [_unknown_fields(child, facts, missing) for child in condition.children]
    verdicts = [v for v, _ in results]
    decisive = not isinstance(condition, AllOf)  # the verdict that settles the node: False for all, True for any
    if decisive in verdicts:
        return decisive, set()
    if None in verdicts:
        return None, {f for v, fields in results if v is None for f in fields}
    return not decisive, set()


def _undeclared(facts: dict[str, object], catalog: Catalog, tier: RiskTier, fired: set[str]) -> tuple[str, ...]:
    """Warn when a rule for a higher tier could fire depending on facts the manifest does not state."""
    cc = compiled(catalog)
    stated = facts["__set__"]
    assert isinstance(stated, frozenset)
    missing = {name for name in cc.tier_fields if name != "roles" and (facts[name] is None or name not in stated)}
    if not missing:
        return ()
    warnings = []
    for rule in cc.tier_rules:
        if rule.tier.rank <= tier.rank or rule.id in fired:
            continue
        fields = cc.rule_fields[rule.id]
        if not fields & missing:
            continue
        key = (rule.when, *[facts[f] for f in sorted(fields)], frozenset(missing & fields))
        unsettled = _UNSETTLED_CACHE.get(key)
        if unsettled is None:
            verdict, depends = _unknown_fields(rule.when, facts, missing)
            unsettled = tuple(sorted(depends)) if verdict is None else ()
            if len(_UNSETTLED_CACHE) > 100_000:
                _UNSETTLED_CACHE.clear()
            _UNSETTLED_CACHE[key] = unsettled
        if unsettled:
            names = ", ".join(unsettled)
            warnings.append(
                f"{names} not declared: rule {rule.id} ({rule.tier.value}) may apply; "
                f"declare {'it' if len(unsettled) == 1 else 'them'} to settle the tier"
            )
    return tuple(warnings)

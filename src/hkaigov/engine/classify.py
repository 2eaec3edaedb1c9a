"""Classify a system: its risk tier (highest triggered rule wins) and the roles its activities imply."""

from __future__ import annotations

from hkaigov.domain.catalog import Catalog
from hkaigov.domain.conditions import PROFILE_CONDITION_FIELDS, FieldKind
from hkaigov.domain.enums import RiskTier
from hkaigov.domain.profile import AISystemProfile
from hkaigov.domain.results import Classification, RoleAssignment, TriggeredRule
from hkaigov.engine.compiled import compiled
from hkaigov.engine.conditions import blocking_fields, profile_facts, trace

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
        warnings=_undeclared(profile, facts, catalog, tier, {r.id for r in triggered}),
    )


_BLOCKED_CACHE: dict[tuple[object, ...], frozenset[str]] = {}


def _undeclared(
    profile: AISystemProfile, facts: dict[str, object], catalog: Catalog, tier: RiskTier, fired: set[str]
) -> tuple[str, ...]:
    """Warn when a rule for a higher tier is held back only by facts the manifest does not state."""
    cc = compiled(catalog)
    stated = facts["__set__"]
    assert isinstance(stated, frozenset)
    missing = {
        name
        for name in cc.tier_fields
        if facts[name] is None
        or (name not in stated and PROFILE_CONDITION_FIELDS[name].kind is not FieldKind.BOOL and name != "roles")
    }
    if not missing:
        return ()
    warnings = []
    for rule in cc.tier_rules:
        if rule.tier.rank <= tier.rank or rule.id in fired:
            continue
        fields = cc.rule_fields[rule.id]
        if not fields & missing:
            continue
        key = (catalog.version, rule.id, *[facts[f] for f in sorted(fields)], stated & fields)
        blocking = _BLOCKED_CACHE.get(key)
        if blocking is None:
            blocking = frozenset(blocking_fields(trace(rule.when, facts)))
            if len(_BLOCKED_CACHE) > 100_000:
                _BLOCKED_CACHE.clear()
            _BLOCKED_CACHE[key] = blocking
        if blocking and blocking <= missing:
            names = ", ".join(sorted(blocking))
            warnings.append(
                f"{names} not declared: rule {rule.id} ({rule.tier.value}) may apply; "
                f"declare {'it' if len(blocking) == 1 else 'them'} to settle the tier"
            )
    return tuple(warnings)

"""A walk through the classification: every tier rule, whether it fired, and which facts decided it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hkaigov.domain.catalog import Catalog, TierRule
from hkaigov.domain.profile import AISystemProfile
from hkaigov.domain.results import Classification
from hkaigov.engine.classify import classify
from hkaigov.engine.conditions import TraceNode, failures, profile_facts, reasons, trace


@dataclass(frozen=True)
class RuleTrace:
    rule: TierRule
    fired: bool
    decisive: list[str]  # the facts that made it fire, or that stopped it
    tree: TraceNode


@dataclass(frozen=True)
class Explanation:
    classification: Classification
    rules: list[RuleTrace]


def explain(profile: AISystemProfile, catalog: Catalog) -> Explanation:
    facts = profile_facts(profile)
    traces = []
    for rule in catalog.tier_rules():
        tree = trace(rule.when, facts)
        traces.append(RuleTrace(rule, tree.holds, reasons(tree) if tree.holds else failures(tree), tree))
    return Explanation(classify(profile, catalog), traces)


def tree_json(node: TraceNode) -> dict[str, Any]:
    out: dict[str, Any] = {"holds": node.holds, "test": node.text}
    if node.children:
        out["children"] = [tree_json(c) for c in node.children]
    return out

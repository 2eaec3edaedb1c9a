"""Evaluate and explain declarative conditions over a profile's facts.

Speed matters (a portfolio of 10,000 profiles in well under two seconds), so conditions are compiled
once into closures, and a set of conditions is evaluated group by group: conditions that read the same
fields share one cache keyed by those fields' values. A profile then costs one dictionary lookup per
group instead of one evaluation per control, and the explanation ("why") is computed once per distinct
combination of values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from hkaigov.domain.conditions import (
    OBLIGATION_CONDITION_FIELDS,
    AllOf,
    AnyOf,
    Condition,
    FieldKind,
    Leaf,
    NotOf,
    condition_fields,
)
from hkaigov.domain.profile import AISystemProfile

Facts = Mapping[str, Any]
Predicate = Callable[[Facts], bool]
_RANKS = {
    name: {value: i for i, value in enumerate(spec.ordered)}
    for name, spec in OBLIGATION_CONDITION_FIELDS.items()
    if spec.ordered is not None
}
_CACHE_LIMIT = 200_000
T = TypeVar("T")


def profile_facts(profile: AISystemProfile, tier: str | None = None) -> dict[str, Any]:
    """The values conditions read: enum values as strings, lists as frozensets, undeclared as None."""
    p = profile
    facts: dict[str, Any] = {
        "sector": p.sector.value,
        "lifecycle_stage": p.lifecycle_stage.value if p.lifecycle_stage is not None else None,
        "activities": frozenset(a.value for a in p.activities),
        "generative": p.generative,
        "modalities": frozenset(m.value for m in p.modalities),
        "purposes": frozenset(x.value for x in p.purposes),
        "affected_people": frozenset(x.value for x in p.affected_people),
        "decision_impact": p.decision_impact.value if p.decision_impact is not None else None,
        "impact_areas": frozenset(x.value for x in p.impact_areas),
        "human_oversight": p.human_oversight.value if p.human_oversight is not None else None,
        "customer_facing": p.customer_facing,
        "processes_personal_data": p.processes_personal_data,
        "cross_border_transfer": p.cross_border_transfer,
        "medical_device": p.medical_device,
        "continuous_learning": p.continuous_learning,
        "consent_of_depicted_people": p.consent_of_depicted_people,
        "sensitive_data": frozenset(x.value for x in p.sensitive_data),
        "data_sources": len(p.data_sources),
        "vendors": len(p.vendors),
        "third_party_models": len(p.third_party_models),
        "third_party_access": frozenset(m.access.value for m in p.third_party_models),
        "next_review": p.next_review is not None,
        "roles": frozenset(r.value for r in p.roles),
        "tier": tier,
        # fields the manifest states (a blank `field:` is not a statement)
        "__set__": frozenset(
            {name for name in p.model_fields_set if getattr(p, name) is not None}
            | {"roles", "tier", "third_party_access"}
        ),
    }
    return facts


def compile_condition(condition: Condition) -> Predicate:
    """A closure that evaluates `condition` against a facts mapping."""
    if isinstance(condition, AllOf):
        parts = tuple(compile_condition(c) for c in condition.children)
        return lambda f: all(p(f) for p in parts)
    if isinstance(condition, AnyOf):
        parts = tuple(compile_condition(c) for c in condition.children)
        return lambda f: any(p(f) for p in parts)
    if isinstance(condition, NotOf):
        inner = compile_condition(condition.child)
        return lambda f: not inner(f)
    return _compile_leaf(condition)


def _compile_leaf(leaf: Leaf) -> Predicate:
    name, op, arg = leaf.field, leaf.op, leaf.arg
    kind = OBLIGATION_CONDITION_FIELDS[name].kind
    if op == "declared":
        if kind in (FieldKind.SCALAR, FieldKind.BOOL):
            return lambda f: (f[name] is not None) == arg
        return lambda f: (name in f["__set__"]) == arg
    if op == "empty":
        return lambda f: (not f[name]) == arg
    if op == "equals":
        return lambda f: f[name] is not None and f[name] == arg
    if op == "not_equals":
        return lambda f: not (f[name] is not None and f[name] == arg)
    if op in ("in", "any_of", "none_of", "all_of", "not_in"):
        values = frozenset(arg) if isinstance(arg, tuple) else frozenset({str(arg)})
        if op == "in":
            return lambda f: f[name] in values
        if op == "not_in":
            return lambda f: f[name] not in values
        if op == "any_of":
            if kind is FieldKind.SCALAR:
                return lambda f: f[name] in values
            return lambda f: not values.isdisjoint(f[name])
        if op == "none_of":
            return lambda f: values.isdisjoint(f[name])
        return lambda f: values <= f[name]
    if op == "contains":
        return lambda f: arg in f[name]
    if op in ("at_least", "at_most"):
        ranks = _RANKS[name]
        bound = ranks[str(arg)]
        if op == "at_least":
            return lambda f: f[name] is not None and ranks[f[name]] >= bound
        return lambda f: f[name] is not None and ranks[f[name]] <= bound
    raise ValueError(f"unknown operator {op}")  # pragma: no cover - the parser rejects it first


def _show(value: Any) -> str:
    if value is None:
        return "not declared"
    if isinstance(value, frozenset):
        return ", ".join(sorted(value)) if value else "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def describe_leaf(leaf: Leaf, facts: Facts, holds: bool | None = None) -> str:
    """A plain sentence saying what the profile holds and, when the test fails, what it needed."""
    name, op, arg = leaf.field, leaf.op, leaf.arg
    if holds is None:
        holds = compile_condition(leaf)(facts)
    value = facts.get(name)
    wanted = ", ".join(arg) if isinstance(arg, tuple) else _show(arg)
    if op == "declared":
        return f"{name} is {'declared' if name in facts['__set__'] else 'not declared'}" + (
            "" if holds else f" (needs {'declared' if arg else 'not declared'})"
        )
    if op == "empty":
        state = "empty" if not value else "not empty"
        listed = f" ({_show(value)})" if isinstance(value, frozenset) and value else ""
        return f"{name} is {state}{listed}" + ("" if holds else f" (needs {'empty' if arg else 'not empty'})")
    if isinstance(value, frozenset):
        targets = set(arg) if isinstance(arg, tuple) else {str(arg)}
        hit = sorted(value & targets)
        if op in ("contains", "any_of"):
            if holds:
                return f"{name} include {', '.join(hit)}"
            return f"{name} include none of {wanted}" + (f" (declared: {_show(value)})" if value else "")
        if op == "all_of":
            missing = sorted(targets - value)
            return f"{name} include all of {wanted}" if holds else f"{name} ({_show(value)}) lack {', '.join(missing)}"
        if op == "none_of":
            return f"{name} include none of {wanted}" if holds else f"{name} include {', '.join(hit)}"
    needs = {
        "equals": wanted,
        "not_equals": f"anything but {wanted}",
        "in": f"one of {wanted}",
        "any_of": f"one of {wanted}",
        "not_in": f"none of {wanted}",
        "at_least": f"at least {wanted}",
        "at_most": f"at most {wanted}",
    }.get(op, wanted)
    if holds and op in ("equals", "in", "any_of"):
        return f"{name} is {_show(value)}"
    return f"{name} is {_show(value)}" + (
        "" if holds and op == "not_equals" else f" ({'needs' if not holds else 'is'} {needs})"
    )


@dataclass(frozen=True, slots=True)
class TraceNode:
    """How one part of a condition evaluated: used for `why` and for `hkaigov explain`."""

    holds: bool
    text: str
    children: tuple[TraceNode, ...] = ()


def trace(condition: Condition, facts: Facts) -> TraceNode:
    if isinstance(condition, Leaf):
        holds = compile_condition(condition)(facts)
        return TraceNode(holds, describe_leaf(condition, facts, holds))
    if isinstance(condition, NotOf):
        child = trace(condition.child, facts)
        return TraceNode(not child.holds, "not:", (child,))
    children = tuple(trace(c, facts) for c in condition.children)
    if isinstance(condition, AllOf):
        return TraceNode(all(c.holds for c in children), "all of:", children)
    return TraceNode(any(c.holds for c in children), "any of:", children)


def reasons(node: TraceNode) -> list[str]:
    """The leaves that made a condition hold (or, under `not`, fail): the 'why' of a decision."""
    if not node.children:
        return [node.text]
    if node.text == "not:":
        inner = node.children[0]
        return [f"not ({'; '.join(failures(inner))})"]
    out: list[str] = []
    for child in node.children:
        if child.holds:
            out.extend(reasons(child))
    return out


def failures(node: TraceNode) -> list[str]:
    """The leaves that stopped a condition from holding: the 'why not'."""
    if not node.children:
        return [node.text]
    if node.text == "not:":
        return [f"not ({'; '.join(reasons(node.children[0]))})"]
    out: list[str] = []
    for child in node.children:
        if not child.holds:
            out.extend(failures(child))
    return out


def _fields_read(condition: Condition) -> set[str]:
    """The facts a condition's result depends on (incl. which fields were declared, when asked)."""
    names = condition_fields(condition)
    if _asks_declared(condition):
        names.add("__set__")
    return names


def _asks_declared(condition: Condition) -> bool:
    if isinstance(condition, Leaf):
        return condition.op == "declared"
    if isinstance(condition, NotOf):
        return _asks_declared(condition.child)
    return any(_asks_declared(c) for c in condition.children)


Projector = Callable[[Any], Any]


def _projector(field_name: str, conditions: Sequence[Condition]) -> Projector:
    """What of a field's value the conditions can see: for list fields tested only for membership, just
    the members they name. A smaller key means more profiles share one cached result."""
    leaves = [leaf for c in conditions for leaf in _leaves(c) if leaf.field == field_name]
    spec = OBLIGATION_CONDITION_FIELDS.get(field_name)
    if spec is None or spec.kind is not FieldKind.LIST or any(lf.op in ("empty", "declared") for lf in leaves):
        return _identity
    named: set[str] = set()
    for leaf in leaves:
        named |= set(leaf.arg) if isinstance(leaf.arg, tuple) else {str(leaf.arg)}
    relevant = frozenset(named)
    return relevant.intersection


def _identity(value: Any) -> Any:
    return value


def _leaves(condition: Condition) -> list[Leaf]:
    if isinstance(condition, Leaf):
        return [condition]
    if isinstance(condition, NotOf):
        return _leaves(condition.child)
    return [leaf for c in condition.children for leaf in _leaves(c)]


@dataclass
class _Group(Generic[T]):
    fields: tuple[str, ...]
    members: list[tuple[int, Predicate, Condition | None]]
    projectors: tuple[tuple[str, Projector], ...] = ()
    cache: dict[tuple[Any, ...], tuple[tuple[int, T], ...]] = field(default_factory=dict)


class ConditionSet(Generic[T]):
    """Many conditions evaluated together, grouped by the fields they read, with memoised results.

    `matches(facts)` returns `build(index, reasons)` for every condition that holds, in index order;
    each built object is made once per distinct combination of the (projected) facts its group reads.
    A `None` condition always holds, with the reason `always_reason`.
    """

    def __init__(
        self,
        conditions: Sequence[Condition | None],
        build: Callable[[int, tuple[str, ...]], T],
        always_reason: str = "applies to every system",
    ) -> None:
        self._build = build
        self._always_reason = always_reason
        groups: dict[tuple[str, ...], _Group[T]] = {}
        for index, condition in enumerate(conditions):
            fields = tuple(sorted(_fields_read(condition))) if condition is not None else ()
            predicate = compile_condition(condition) if condition is not None else _always
            groups.setdefault(fields, _Group(fields, [])).members.append((index, predicate, condition))
        for group in groups.values():
            conds = [c for _, _, c in group.members if c is not None]
            group.projectors = tuple((f, _projector(f, conds)) for f in group.fields)
        self._groups = list(groups.values())

    def matches(self, facts: Facts) -> list[T]:
        hits: list[tuple[int, T]] = []
        for group in self._groups:
            key = tuple([project(facts[name]) for name, project in group.projectors])
            found = group.cache.get(key)
            if found is None:
                found = self._evaluate(group, facts)
                if len(group.cache) >= _CACHE_LIMIT:
                    group.cache.clear()
                group.cache[key] = found
            hits.extend(found)
        hits.sort(key=_first)
        return [built for _, built in hits]

    def _evaluate(self, group: _Group[T], facts: Facts) -> tuple[tuple[int, T], ...]:
        # Explain from the projected facts only, so the cached reasons are true for every profile
        # that shares this key.
        seen = dict(facts)
        for name, project in group.projectors:
            seen[name] = project(facts[name])
        out: list[tuple[int, T]] = []
        for index, predicate, condition in group.members:
            if predicate(seen):
                why = (self._always_reason,) if condition is None else tuple(reasons(trace(condition, seen)))
                out.append((index, self._build(index, why)))
        return tuple(out)


def _always(facts: Facts) -> bool:
    return True


def _first(pair: tuple[int, Any]) -> int:
    return pair[0]

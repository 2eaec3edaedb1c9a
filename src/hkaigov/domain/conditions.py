"""Declarative applicability conditions over a system profile: the AST and its parser.

A condition is YAML data, never code. Grammar (documented in docs/conditions.md):

    condition := {all: [condition, ...]} | {any: [condition, ...]} | {not: condition} | leaf-map
    leaf-map  := {FIELD: VALUE, ...}              several keys mean "all of them"
    VALUE     := scalar                            equality (scalar field) or membership (list field)
               | {OP: ARG}                         one operator, below

Operators: `equals`, `not_equals`, `in`, `not_in` (scalar field), `contains`, `any_of`, `all_of`,
`none_of`, `empty` (list field), `at_least`, `at_most` (ordered fields: tier, decision_impact,
lifecycle_stage),
`declared` (any field: true when the manifest states it).

Fields are the manifest's fields plus two derived ones: `roles` (from `activities`) and `tier` (the
classified tier, only where a tier exists: obligations and consistency rules, not tier rules).
Parsing checks every field, operator and enum value, so a typo in the catalog is a lint error.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any

from hkaigov.domain import enums as e


class FieldKind(StrEnum):
    SCALAR = "scalar"  # an enum value or None
    LIST = "list"  # a list of enum values
    BOOL = "bool"  # true, false or None (not declared)
    TEXT_LIST = "text_list"  # free text items: only `empty` and `declared` make sense
    PRESENCE = "presence"  # any value: only `declared`


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    kind: FieldKind
    values: type[Enum] | None = None
    ordered: tuple[str, ...] | None = None


def _spec(name: str, kind: FieldKind, values: type[Enum] | None = None) -> FieldSpec:
    ordered = None
    if values is e.RiskTier:
        ordered = tuple(t.value for t in sorted(e.RiskTier, key=lambda t: t.rank))
    elif values is e.DecisionImpact or values is e.LifecycleStage:
        ordered = tuple(str(m.value) for m in values)
    return FieldSpec(name, kind, values, ordered)


_PROFILE_SPECS = [
    _spec("sector", FieldKind.SCALAR, e.Sector),
    _spec("lifecycle_stage", FieldKind.SCALAR, e.LifecycleStage),
    _spec("activities", FieldKind.LIST, e.Activity),
    _spec("generative", FieldKind.BOOL),
    _spec("modalities", FieldKind.LIST, e.Modality),
    _spec("purposes", FieldKind.LIST, e.Purpose),
    _spec("affected_people", FieldKind.LIST, e.AffectedGroup),
    _spec("decision_impact", FieldKind.SCALAR, e.DecisionImpact),
    _spec("impact_areas", FieldKind.LIST, e.ImpactArea),
    _spec("human_oversight", FieldKind.SCALAR, e.HumanOversight),
    _spec("customer_facing", FieldKind.BOOL),
    _spec("processes_personal_data", FieldKind.BOOL),
    _spec("cross_border_transfer", FieldKind.BOOL),
    _spec("medical_device", FieldKind.BOOL),
    _spec("continuous_learning", FieldKind.BOOL),
    _spec("consent_of_depicted_people", FieldKind.BOOL),
    _spec("sensitive_data", FieldKind.LIST, e.SensitiveData),
    _spec("data_sources", FieldKind.TEXT_LIST),
    _spec("vendors", FieldKind.TEXT_LIST),
    _spec("third_party_models", FieldKind.TEXT_LIST),
    _spec("third_party_access", FieldKind.LIST, e.ModelAccess),
    _spec("next_review", FieldKind.PRESENCE),
    _spec("roles", FieldKind.LIST, e.Role),
]
_TIER_SPEC = _spec("tier", FieldKind.SCALAR, e.RiskTier)

#: Fields a tier rule may name (no `tier`: a tier rule decides it).
PROFILE_CONDITION_FIELDS: dict[str, FieldSpec] = {s.name: s for s in _PROFILE_SPECS}
#: Fields an obligation or consistency condition may name.
OBLIGATION_CONDITION_FIELDS: dict[str, FieldSpec] = {**PROFILE_CONDITION_FIELDS, "tier": _TIER_SPEC}

SCALAR_OPS = frozenset({"equals", "not_equals", "in", "not_in", "declared", "at_least", "at_most"})
LIST_OPS = frozenset({"contains", "any_of", "all_of", "none_of", "empty", "declared"})
BOOL_OPS = frozenset({"equals", "not_equals", "declared"})
TEXT_LIST_OPS = frozenset({"empty", "declared"})
PRESENCE_OPS = frozenset({"declared"})
_OPS_BY_KIND = {
    FieldKind.SCALAR: SCALAR_OPS,
    FieldKind.LIST: LIST_OPS,
    FieldKind.BOOL: BOOL_OPS,
    FieldKind.TEXT_LIST: TEXT_LIST_OPS,
    FieldKind.PRESENCE: PRESENCE_OPS,
}


@dataclass(frozen=True, slots=True)
class Leaf:
    """One test of one field. `arg` is normalised: a tuple of strings for set operators."""

    field: str
    op: str
    arg: bool | str | tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AllOf:
    children: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    children: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class NotOf:
    child: Condition


Condition = Leaf | AllOf | AnyOf | NotOf


class ConditionError(ValueError):
    """A condition is malformed. `path` locates the problem inside the condition."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        self.path = path
        super().__init__(message)


def parse_condition(raw: object, fields: Mapping[str, FieldSpec], path: tuple[str | int, ...] = ()) -> Condition:
    """Parse YAML data into a condition, checking fields, operators and values against `fields`."""
    if not isinstance(raw, Mapping) or not raw:
        raise ConditionError("a condition must be a non-empty mapping", path)
    parts: list[Condition] = []
    for key, value in raw.items():
        here = (*path, str(key))
        if key == "all" or key == "any":
            if not isinstance(value, Sequence) or isinstance(value, str) or not value:
                raise ConditionError(f"'{key}' needs a non-empty list of conditions", here)
            children = tuple(parse_condition(c, fields, (*here, i)) for i, c in enumerate(value))
            parts.append(AllOf(children) if key == "all" else AnyOf(children))
        elif key == "not":
            parts.append(NotOf(parse_condition(value, fields, here)))
        else:
            parts.append(_parse_leaf(str(key), value, fields, here))
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


def _parse_leaf(name: str, value: object, fields: Mapping[str, FieldSpec], path: tuple[str | int, ...]) -> Leaf:
    spec = fields.get(name)
    if spec is None:
        known = ", ".join(sorted(fields))
        raise ConditionError(f"unknown field '{name}' in condition (known: {known})", path)
    if isinstance(value, Mapping):
        if len(value) != 1:
            raise ConditionError(f"'{name}' needs exactly one operator, got {sorted(value)}", path)
        op, arg = next(iter(value.items()))
        op = str(op)
    else:
        op, arg = ("contains" if spec.kind is FieldKind.LIST else "equals"), value
    allowed = _OPS_BY_KIND[spec.kind]
    if op not in allowed:
        raise ConditionError(
            f"operator '{op}' does not apply to field '{name}' (use one of: {', '.join(sorted(allowed))})",
            path,
        )
    return Leaf(name, op, _normalise_arg(spec, op, arg, path))


def _normalise_arg(spec: FieldSpec, op: str, arg: object, path: tuple[str | int, ...]) -> bool | str | tuple[str, ...]:
    if op in ("declared", "empty") or spec.kind is FieldKind.BOOL:
        if not isinstance(arg, bool):
            raise ConditionError(f"'{spec.name}' {op} needs true or false, got {arg!r}", path)
        return arg
    if op in ("in", "not_in", "any_of", "all_of", "none_of"):
        if not isinstance(arg, Sequence) or isinstance(arg, str) or not arg:
            raise ConditionError(f"'{spec.name}' {op} needs a non-empty list", path)
        return tuple(_check_value(spec, item, path) for item in arg)
    if op in ("at_least", "at_most") and spec.ordered is None:
        raise ConditionError(f"'{spec.name}' is not ordered; '{op}' does not apply", path)
    return _check_value(spec, arg, path)


def _check_value(spec: FieldSpec, value: object, path: tuple[str | int, ...]) -> str:
    if isinstance(value, bool) or value is None:
        raise ConditionError(f"'{spec.name}' needs a value name, got {value!r}", path)
    text = str(value)
    if spec.values is not None:
        allowed = [str(m.value) for m in spec.values]
        if text not in allowed:
            raise ConditionError(f"'{text}' is not a value of '{spec.name}' (one of: {', '.join(allowed)})", path)
    return text


def condition_fields(condition: Condition) -> set[str]:
    """Every field a condition reads, e.g. to know what a manifest must declare."""
    if isinstance(condition, Leaf):
        return {condition.field}
    if isinstance(condition, NotOf):
        return condition_fields(condition.child)
    out: set[str] = set()
    for child in condition.children:
        out |= condition_fields(child)
    return out


def condition_to_data(condition: Condition) -> Any:
    """The inverse of `parse_condition`, in a canonical form (used in JSON output and diffs)."""
    if isinstance(condition, Leaf):
        arg = list(condition.arg) if isinstance(condition.arg, tuple) else condition.arg
        return {condition.field: {condition.op: arg}}
    if isinstance(condition, NotOf):
        return {"not": condition_to_data(condition.child)}
    key = "all" if isinstance(condition, AllOf) else "any"
    return {key: [condition_to_data(c) for c in condition.children]}

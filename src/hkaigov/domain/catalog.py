"""The catalog's types: instruments, controls, tier rules, role rules, tier handling, consistency rules.

These mirror the YAML files under `catalog/data/` one to one, so that a malformed file fails with the
file, line and field (see `catalog.loader`). Conditions are parsed into the AST of `domain.conditions`
while the files load, so a condition naming an unknown field never reaches the engine.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    field_serializer,
    field_validator,
)

from hkaigov.domain.conditions import (
    OBLIGATION_CONDITION_FIELDS,
    PROFILE_CONDITION_FIELDS,
    Condition,
    ConditionError,
    condition_to_data,
    parse_condition,
)
from hkaigov.domain.enums import (
    Activity,
    Binding,
    Confidence,
    ControlKind,
    ControlScope,
    Dimension,
    EvidenceKind,
    RiskTier,
    Role,
    RuleBasis,
)

RefId = Annotated[str, StringConstraints(pattern=r"^R-[A-Z0-9]+-[0-9]{3}$")]
ControlIdStr = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")]
RuleIdStr = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
CheckRef = Annotated[str, StringConstraints(pattern=r"^(pii|evals|claims):[a-z0-9_]+$")]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, arbitrary_types_allowed=True)


class Text(_Model):
    """Bilingual text: English always; Traditional Chinese where written."""

    en: NonEmpty
    zh_hant: str | None = Field(default=None, alias="zh-Hant")

    def get(self, lang: str) -> str:
        return self.zh_hant if lang.startswith("zh") and self.zh_hant else self.en


class Title(Text):
    """A title must exist in both languages (catalog lint enforces it)."""

    zh_hant: NonEmpty = Field(alias="zh-Hant")


def _parse(raw: Any, fields: Any) -> Condition | None:
    if raw is None:
        return None
    try:
        return parse_condition(raw, fields)
    except ConditionError as exc:
        where = ".".join(str(p) for p in exc.path)
        raise ValueError(f"{exc} (at {where})" if where else str(exc)) from None


class Control(_Model):
    """One thing an organisation must (or is recommended to) do, in our words, with its source."""

    id: ControlIdStr
    title: Title
    requirement: Text
    verify: Text
    citation: NonEmpty
    refs: list[RefId] = Field(min_length=1)
    dimensions: list[Dimension] = Field(min_length=1)
    confidence: Confidence
    kind: ControlKind
    scope: ControlScope
    applies_when: Condition | None = None
    evidence: list[EvidenceKind] = Field(min_length=1)
    basis: RuleBasis = RuleBasis.INSTRUMENT
    check: CheckRef | None = None
    note: str | None = None
    instrument: str = ""  # filled by the loader from the file the control sits in

    @field_validator("applies_when", mode="before")
    @classmethod
    def _condition(cls, raw: Any) -> Condition | None:
        if raw is None or isinstance(raw, Condition):
            return raw
        return _parse(raw, OBLIGATION_CONDITION_FIELDS)

    @field_serializer("applies_when")
    def _dump_condition(self, value: Condition | None) -> Any:
        return None if value is None else condition_to_data(value)


class TierRule(_Model):
    """A rule of a tier policy: when the condition holds, the system is at least `tier`."""

    id: RuleIdStr
    refs: list[RefId] = Field(default_factory=list)
    tier: RiskTier
    basis: RuleBasis
    citation: NonEmpty
    reason: Title
    when: Condition
    source: str = ""  # the policy or overlay file the rule came from (filled by the loader)

    @field_validator("when", mode="before")
    @classmethod
    def _condition(cls, raw: Any) -> Condition | None:
        if isinstance(raw, Condition):
            return raw
        if raw is None:
            raise ValueError("a tier rule needs a 'when' condition")
        return _parse(raw, PROFILE_CONDITION_FIELDS)

    @field_serializer("when")
    def _dump_condition(self, value: Condition) -> Any:
        return condition_to_data(value)


class RoleRule(_Model):
    """How one activity in the manifest maps to one of the Guideline's roles."""

    id: RuleIdStr
    refs: list[RefId] = Field(default_factory=list)
    activity: Activity
    role: Role
    citation: NonEmpty
    reason: Title


class TierHandling(_Model):
    """What each tier means in practice: the review interval and the handling the Guideline names."""

    tier: RiskTier
    review_months: int | None = Field(default=None, ge=1, le=60)
    handling: Title
    citation: NonEmpty
    refs: list[RefId] = Field(default_factory=list)


class FallbackRule(_Model):
    """The tier a system gets when no rule fires (the default policy's "low otherwise")."""

    id: RuleIdStr
    refs: list[RefId] = Field(default_factory=list)
    tier: RiskTier = RiskTier.LOW
    basis: RuleBasis
    citation: NonEmpty
    reason: Title


class Policy(_Model):
    """A tier policy: the shipped default or an organisation's stricter file."""

    id: NonEmpty
    title: Title
    version: str = ""
    basis_note: str = ""
    rules: list[TierRule] = Field(default_factory=list)
    fallback: FallbackRule | None = None
    roles: list[RoleRule] = Field(default_factory=list)
    tiers: list[TierHandling] = Field(default_factory=list)


class Instrument(_Model):
    """One Hong Kong instrument (guideline, ordinance, circular) and the controls it gives rise to."""

    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*$")]
    short: NonEmpty
    title: Title
    title_zh_status: Annotated[str, StringConstraints(pattern=r"^(official|unofficial|hkaigov_translation)$")]
    issuer: NonEmpty
    date: dt.date
    version: NonEmpty
    binding: Binding
    binding_note: str = ""
    source: str | None = None
    source_confidence: Confidence = Confidence.CONFIRMED
    sectors: list[str] = Field(default_factory=list)
    notes: str = ""
    structure: dict[str, Any] = Field(default_factory=dict)
    tier_rules: list[TierRule] = Field(default_factory=list)
    controls: list[Control] = Field(default_factory=list)


class ChangelogEntry(_Model):
    version: NonEmpty
    date: dt.date
    changes: list[NonEmpty] = Field(min_length=1)


class CatalogMeta(_Model):
    """`catalog.yaml`: the catalog's own version and changelog."""

    version: NonEmpty
    date: dt.date
    retired_controls: list[ControlIdStr] = Field(default_factory=list)
    changelog: list[ChangelogEntry] = Field(min_length=1)


class ConsistencyRule(_Model):
    """A contradiction between a manifest's own facts and what an applicable control expects."""

    id: RuleIdStr
    control: ControlIdStr | None = None
    severity: Annotated[str, StringConstraints(pattern=r"^(high|medium|low)$")]
    when: Condition
    unless_met: list[ControlIdStr] = Field(default_factory=list)
    message: Title
    basis: RuleBasis = RuleBasis.INTERPRETATION

    @field_validator("when", mode="before")
    @classmethod
    def _condition(cls, raw: Any) -> Condition | None:
        if isinstance(raw, Condition):
            return raw
        return _parse(raw, OBLIGATION_CONDITION_FIELDS)

    @field_serializer("when")
    def _dump_condition(self, value: Condition) -> Any:
        return condition_to_data(value)


class ConsistencyFile(_Model):
    rules: list[ConsistencyRule] = Field(default_factory=list)


class Catalog(_Model):
    """Everything the engine needs, loaded once. Lookups are precomputed by the loader."""

    meta: CatalogMeta
    instruments: list[Instrument]
    policy: Policy
    extra_policies: list[Policy] = Field(default_factory=list)
    consistency: list[ConsistencyRule] = Field(default_factory=list)
    _compiled: Any = PrivateAttr(default=None)  # the engine's compiled form, built on first use

    @property
    def version(self) -> str:
        return self.meta.version

    def controls(self) -> list[Control]:
        return [c for inst in self.instruments for c in inst.controls]

    def control(self, control_id: str) -> Control | None:
        for inst in self.instruments:
            for c in inst.controls:
                if c.id == control_id:
                    return c
        return None

    def instrument(self, instrument_id: str) -> Instrument | None:
        for inst in self.instruments:
            if inst.id == instrument_id or inst.code == instrument_id:
                return inst
        return None

    def tier_rules(self) -> list[TierRule]:
        """Default rules, then sector overlays' rules, then organisation policies' rules."""
        rules = list(self.policy.rules)
        for inst in self.instruments:
            rules.extend(inst.tier_rules)
        for extra in self.extra_policies:
            rules.extend(extra.rules)
        return rules

    def review_months(self, tier: RiskTier) -> int | None:
        """The shortest review interval any loaded policy sets for `tier` (stricter wins)."""
        months = [t.review_months for p in (self.policy, *self.extra_policies) for t in p.tiers if t.tier == tier]
        present = [m for m in months if m is not None]
        return min(present) if present else None

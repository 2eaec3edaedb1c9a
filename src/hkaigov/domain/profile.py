"""The AI-system manifest (`ai-system.yaml`): the v1 contract of DESIGN.md as a Pydantic model.

The same model is the CLI's input, the web intake form and the API body. Unknown fields are errors, so
that a typo (`human_oversigth`) never silently drops a fact that classification depends on.
Risk-relevant facts that a manifest leaves out stay `None` (not declared) rather than defaulting to
the harmless value, so that the engine can say when a tier may be understated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Annotated, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from hkaigov.domain.enums import (
    ROLE_OF_ACTIVITY,
    Activity,
    AffectedGroup,
    DecisionImpact,
    EvidenceStatus,
    HumanOversight,
    ImpactArea,
    LifecycleStage,
    Modality,
    ModelAccess,
    Purpose,
    Role,
    Sector,
    SensitiveData,
)

T = TypeVar("T")

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9._-]{0,79}$")]
ControlId = Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class ThirdPartyModel(_Strict):
    provider: str = Field(min_length=1)
    model: str = Field(min_length=1)
    version: str | None = None
    access: ModelAccess = ModelAccess.API


class EvidenceEntry(_Strict):
    """What the system's owner declares about one control."""

    status: EvidenceStatus
    reference: str | None = None
    date: dt.date | None = None
    note: str | None = None


def unique(values: list[T]) -> list[T]:
    """The values in first-seen order, without repeats (for unhashable values too)."""
    seen: list[T] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen


class AISystemProfile(_Strict):
    """One AI system as its organisation describes it."""

    id: Slug
    name: str = Field(min_length=1, max_length=300)
    name_zh: str | None = None
    organisation: str = ""
    owner: str = ""
    description: str = ""
    description_zh: str | None = None
    sector: Sector
    lifecycle_stage: LifecycleStage | None = None
    activities: list[Activity] = Field(min_length=1)
    generative: bool | None = None
    modalities: list[Modality] = Field(default_factory=list)
    purposes: list[Purpose] = Field(default_factory=list)
    affected_people: list[AffectedGroup] = Field(default_factory=list)
    decision_impact: DecisionImpact | None = None
    impact_areas: list[ImpactArea] = Field(default_factory=list)
    human_oversight: HumanOversight | None = None
    customer_facing: bool | None = None
    processes_personal_data: bool | None = None
    cross_border_transfer: bool | None = None
    medical_device: bool | None = None
    continuous_learning: bool | None = None
    consent_of_depicted_people: bool | None = None
    sensitive_data: list[SensitiveData] = Field(default_factory=list)
    data_sources: list[str] = Field(default_factory=list)
    vendors: list[str] = Field(default_factory=list)
    third_party_models: list[ThirdPartyModel] = Field(default_factory=list)
    evidence: dict[ControlId, EvidenceEntry] = Field(default_factory=dict)
    next_review: dt.date | None = None

    @field_validator("activities", "modalities", "purposes", "affected_people", "impact_areas", "sensitive_data")
    @classmethod
    def _dedupe(cls, values: list[object]) -> list[object]:
        return unique(values)

    @property
    def roles(self) -> list[Role]:
        """Every role the activities imply, in the Guideline's order (R-POL-013)."""
        held = {ROLE_OF_ACTIVITY[a] for a in self.activities}
        return [role for role in Role if role in held]

    def digest(self) -> str:
        """SHA-256 of the canonical JSON of what the manifest states (left-out fields stay out)."""
        canonical = json.dumps(
            self.model_dump(mode="json", exclude_unset=True), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()


PROFILE_FIELDS: frozenset[str] = frozenset(AISystemProfile.model_fields)

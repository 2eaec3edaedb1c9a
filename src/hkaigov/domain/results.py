"""What the engine returns. Plain frozen dataclasses: built in hot loops, serialised by `reports.json`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hkaigov.domain.catalog import Control, Title
from hkaigov.domain.enums import EvidenceStatus, RiskTier, Role, RuleBasis
from hkaigov.domain.profile import EvidenceEntry


@dataclass(frozen=True, slots=True)
class TriggeredRule:
    """A tier rule that fired, with the facts that made it fire and where it comes from."""

    id: str
    tier: RiskTier
    basis: RuleBasis
    reason: Title
    citation: str
    refs: tuple[str, ...]
    matched: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class RoleAssignment:
    role: Role
    rule_id: str
    activity: str
    reason: Title
    citation: str


@dataclass(frozen=True, slots=True)
class Classification:
    system: str
    name: str
    tier: RiskTier
    roles: tuple[Role, ...]
    role_assignments: tuple[RoleAssignment, ...]
    triggered_rules: tuple[TriggeredRule, ...]
    catalog_version: str
    profile_digest: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ApplicableControl:
    """A control that applies to a system, and the facts that made it apply."""

    control: Control
    why: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ControlFinding:
    control: str
    status: EvidenceStatus
    evidence: EvidenceEntry | None
    source: str  # "system", "organisation" or "none": where the evidence came from
    note: str = ""


@dataclass(frozen=True, slots=True)
class ConsistencyFinding:
    """The manifest's own facts contradict what an applicable control expects."""

    id: str
    severity: str
    control: str | None
    message: Title
    basis: RuleBasis
    facts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Assessment:
    system: str
    tier: RiskTier
    as_of: dt.date
    catalog_version: str
    findings: tuple[ControlFinding, ...]
    score: float
    recommended_score: float | None
    gaps: tuple[str, ...]
    recommended_gaps: tuple[str, ...]
    next_review: dt.date | None
    review_months: int | None
    consistency: tuple[ConsistencyFinding, ...]

"""Assess a system against its applicable controls: status per control, gaps, score, next review date,
and consistency findings where the manifest's own facts contradict what an applicable control expects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from hkaigov.domain.catalog import Catalog, Title
from hkaigov.domain.enums import ControlKind, ControlScope, EvidenceStatus, RiskTier, RuleBasis
from hkaigov.domain.profile import AISystemProfile, EvidenceEntry
from hkaigov.domain.results import (
    ApplicableControl,
    Assessment,
    Classification,
    ConsistencyFinding,
    ControlFinding,
)
from hkaigov.engine.compiled import compiled
from hkaigov.engine.conditions import profile_facts
from hkaigov.engine.dates import add_months

_CREDIT = {EvidenceStatus.MET: 1.0, EvidenceStatus.PARTIAL: 0.5, EvidenceStatus.NOT_MET: 0.0}


def assess(
    profile: AISystemProfile,
    classification: Classification,
    applicable: Sequence[ApplicableControl],
    catalog: Catalog,
    *,
    as_of: dt.date,
    org_evidence: Mapping[str, EvidenceEntry] | None = None,
) -> Assessment:
    """Judge each applicable control from the evidence declared for the system (and, for
    organisation-wide controls, the organisation's evidence), as of `as_of`.

    A control with no evidence is `not_met`. Evidence older than the tier's review interval counts
    as `partial` at most: a control met two review cycles ago is not known to be met today.
    """
    months = catalog.review_months(classification.tier)
    stale_before = add_months(as_of, -months) if months else None
    org = org_evidence or {}
    findings: list[ControlFinding] = []
    for item in applicable:
        control = item.control
        entry = profile.evidence.get(control.id)
        source = "system"
        if entry is None and control.scope is ControlScope.ORGANISATION:
            entry, source = org.get(control.id), "organisation"
        if entry is None:
            findings.append(ControlFinding(control.id, EvidenceStatus.NOT_MET, None, "none", "no evidence"))
            continue
        status, note = entry.status, ""
        if status is EvidenceStatus.MET and stale_before and entry.date and entry.date < stale_before:
            status = EvidenceStatus.PARTIAL
            note = f"evidence dated {entry.date} is older than the {months}-month review interval"
        findings.append(ControlFinding(control.id, status, entry, source, note))

    kinds = {item.control.id: item.control.kind for item in applicable}
    expected = [f for f in findings if kinds[f.control] is ControlKind.EXPECTED]
    recommended = [f for f in findings if kinds[f.control] is ControlKind.RECOMMENDED]
    return Assessment(
        system=profile.id,
        tier=classification.tier,
        as_of=as_of,
        catalog_version=catalog.version,
        findings=tuple(findings),
        score=_or_full(_score(expected)),
        recommended_score=_score(recommended),
        gaps=tuple(f.control for f in expected if f.status in (EvidenceStatus.NOT_MET, EvidenceStatus.PARTIAL)),
        recommended_gaps=tuple(
            f.control for f in recommended if f.status in (EvidenceStatus.NOT_MET, EvidenceStatus.PARTIAL)
        ),
        next_review=_next_review(profile, classification.tier, months, as_of),
        review_months=months,
        consistency=tuple(_consistency(profile, classification, applicable, findings, catalog, as_of, months)),
    )


def _score(findings: Sequence[ControlFinding]) -> float | None:
    """Percentage of controls met (partial counts half), not-applicable ones left out; 100 when every
    control is not applicable (nothing is owed), None when there are no controls at all."""
    if not findings:
        return None
    counted = [_CREDIT[f.status] for f in findings if f.status is not EvidenceStatus.NOT_APPLICABLE]
    if not counted:
        return 100.0
    return round(100.0 * sum(counted) / len(counted), 1)


def _or_full(score: float | None) -> float:
    return 100.0 if score is None else score


def _next_review(profile: AISystemProfile, tier: RiskTier, months: int | None, as_of: dt.date) -> dt.date | None:
    """The tier's interval from `as_of`, or the manifest's own date when that is sooner.

    An unacceptable system has no interval: it must not run, so its review is due now.
    """
    if tier is RiskTier.UNACCEPTABLE or months is None:
        return as_of
    due = add_months(as_of, months)
    if profile.next_review is not None and profile.next_review < due:
        return profile.next_review
    return due


def _finding(rule_id: str, severity: str, control: str | None, en: str, zh: str, *facts: str) -> ConsistencyFinding:
    return ConsistencyFinding(
        rule_id,
        severity,
        control,
        Title.model_validate({"en": en, "zh-Hant": zh}),
        RuleBasis.INTERPRETATION,
        facts,
    )


def _consistency(
    profile: AISystemProfile,
    classification: Classification,
    applicable: Sequence[ApplicableControl],
    findings: Sequence[ControlFinding],
    catalog: Catalog,
    as_of: dt.date,
    months: int | None,
) -> list[ConsistencyFinding]:
    cc = compiled(catalog)
    applies = {item.control.id for item in applicable}
    status = {f.control: f.status for f in findings}
    out: list[ConsistencyFinding] = []
    facts = profile_facts(profile, classification.tier.value)
    for index, matched in cc.consistency_set.matches(facts):
        rule = cc.consistency_rules[index]
        if rule.control is not None and rule.control not in applies:
            continue
        if rule.unless_met and any(status.get(cid) is EvidenceStatus.MET for cid in rule.unless_met):
            continue
        out.append(ConsistencyFinding(rule.id, rule.severity, rule.control, rule.message, rule.basis, matched))

    known = {c.id for c in cc.controls}
    retired = set(catalog.meta.retired_controls)
    for cid, entry in sorted(profile.evidence.items()):
        if cid not in known:
            why = "a retired control" if cid in retired else "not a control of this catalog"
            out.append(
                _finding(
                    "CONS-EVIDENCE-UNKNOWN",
                    "low",
                    cid,
                    f"Evidence is declared for {cid}, which is {why} (catalog {catalog.version}).",
                    f"已就 {cid} 申報證據，但該項並非本目錄（版本 {catalog.version}）的有效控制措施。",
                )
            )
        elif cid not in applies:
            out.append(
                _finding(
                    "CONS-EVIDENCE-NOT-APPLICABLE",
                    "low",
                    cid,
                    f"Evidence is declared for {cid}, which does not apply to this system as described.",
                    f"已就 {cid} 申報證據，但按系統描述該控制措施並不適用。",
                )
            )
        elif entry.status is EvidenceStatus.NOT_APPLICABLE and not (entry.note or "").strip():
            out.append(
                _finding(
                    "CONS-NA-WITHOUT-REASON",
                    "medium",
                    cid,
                    f"{cid} applies to this system but is marked not applicable with no note saying why.",
                    f"{cid} 適用於本系統，但被標示為不適用而未有說明理由。",
                )
            )
        if entry.date is not None and entry.date > as_of:
            out.append(
                _finding(
                    "CONS-EVIDENCE-FUTURE",
                    "medium",
                    cid,
                    f"Evidence for {cid} is dated {entry.date}, after the assessment date {as_of}.",
                    f"{cid} 的證據日期為 {entry.date}，遲於評估日期 {as_of}。",
                )
            )
    if profile.next_review is not None:
        if profile.next_review < as_of:
            out.append(
                _finding(
                    "CONS-REVIEW-OVERDUE",
                    "high",
                    None,
                    f"The declared next review ({profile.next_review}) has passed.",
                    f"申報的下次覆核日期（{profile.next_review}）已過。",
                )
            )
        elif months is not None and profile.next_review > add_months(as_of, months):
            out.append(
                _finding(
                    "CONS-REVIEW-TOO-LATE",
                    "medium",
                    None,
                    f"The declared next review ({profile.next_review}) is later than the "
                    f"{classification.tier.value} tier's {months}-month interval allows.",
                    f"申報的下次覆核日期（{profile.next_review}）超出"
                    f"{classification.tier.value}級別 {months} 個月覆核週期。",
                )
            )
    return out

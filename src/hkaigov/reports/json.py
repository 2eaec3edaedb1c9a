"""The JSON contract of the reading commands (docs/json-contract.md). Keys are never renamed or removed.

Builders return plain dicts; `dumps` serialises them deterministically (same input, same bytes).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from hkaigov.domain.catalog import Catalog, Control, Instrument
from hkaigov.domain.conditions import condition_to_data
from hkaigov.domain.results import (
    ApplicableControl,
    Assessment,
    Classification,
    ConsistencyFinding,
)


def dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"


def classification_json(c: Classification) -> dict[str, Any]:
    return {
        "system": c.system,
        "name": c.name,
        "tier": c.tier.value,
        "roles": [r.value for r in c.roles],
        "role_assignments": [
            {
                "role": a.role.value,
                "activity": a.activity,
                "rule": a.rule_id,
                "reason": a.reason.en,
                "reason_zh": a.reason.zh_hant,
                "citation": a.citation,
            }
            for a in c.role_assignments
        ],
        "triggered_rules": [
            {
                "id": r.id,
                "tier": r.tier.value,
                "basis": r.basis.value,
                "reason": r.reason.en,
                "reason_zh": r.reason.zh_hant,
                "citation": r.citation,
                "refs": list(r.refs),
                "matched": list(r.matched),
                "source": r.source,
            }
            for r in c.triggered_rules
        ],
        "warnings": list(c.warnings),
        "catalog_version": c.catalog_version,
        "profile_digest": c.profile_digest,
    }


def control_json(control: Control, catalog: Catalog | None = None) -> dict[str, Any]:
    inst = catalog.instrument(control.instrument) if catalog is not None else None
    return {
        "id": control.id,
        "title": control.title.en,
        "title_zh": control.title.zh_hant,
        "instrument": control.instrument,
        "instrument_title": inst.title.en if inst else None,
        "citation": control.citation,
        "requirement": control.requirement.en,
        "requirement_zh": control.requirement.zh_hant,
        "verify": control.verify.en,
        "dimension": control.dimensions[0].value,
        "dimensions": [d.value for d in control.dimensions],
        "refs": list(control.refs),
        "confidence": control.confidence.value,
        "kind": control.kind.value,
        "scope": control.scope.value,
        "basis": control.basis.value,
        "evidence_expected": [e.value for e in control.evidence],
        "check": control.check,
        "applies_when": condition_to_data(control.applies_when) if control.applies_when else None,
        "note": control.note,
    }


def obligations_json(c: Classification, applicable: Sequence[ApplicableControl], catalog: Catalog) -> dict[str, Any]:
    controls = []
    for item in applicable:
        row = control_json(item.control, catalog)
        row["why"] = "; ".join(item.why)
        row["conditions"] = list(item.why)
        controls.append(row)
    return {
        "system": c.system,
        "name": c.name,
        "tier": c.tier.value,
        "roles": [r.value for r in c.roles],
        "catalog_version": c.catalog_version,
        "counts": _counts(applicable),
        "controls": controls,
    }


def _counts(applicable: Sequence[ApplicableControl]) -> dict[str, int]:
    kinds = [a.control.kind.value for a in applicable]
    scopes = [a.control.scope.value for a in applicable]
    return {
        "total": len(applicable),
        "expected": kinds.count("expected"),
        "recommended": kinds.count("recommended"),
        "system": scopes.count("system"),
        "organisation": scopes.count("organisation"),
    }


def consistency_json(f: ConsistencyFinding) -> dict[str, Any]:
    return {
        "id": f.id,
        "severity": f.severity,
        "control": f.control,
        "message": f.message.en,
        "message_zh": f.message.zh_hant,
        "basis": f.basis.value,
        "facts": list(f.facts),
    }


def assessment_json(a: Assessment, applicable: Sequence[ApplicableControl]) -> dict[str, Any]:
    controls = {item.control.id: item.control for item in applicable}
    findings = []
    for f in a.findings:
        control = controls[f.control]
        evidence = None
        if f.evidence is not None:
            evidence = {
                "status": f.evidence.status.value,
                "reference": f.evidence.reference,
                "date": f.evidence.date.isoformat() if f.evidence.date else None,
                "note": f.evidence.note,
                "source": f.source,
            }
        findings.append(
            {
                "control": f.control,
                "title": control.title.en,
                "kind": control.kind.value,
                "scope": control.scope.value,
                "status": f.status.value,
                "evidence": evidence,
                "note": f.note,
            }
        )
    statuses = [f.status.value for f in a.findings]
    return {
        "system": a.system,
        "tier": a.tier.value,
        "as_of": a.as_of.isoformat(),
        "catalog_version": a.catalog_version,
        "score": a.score,
        "recommended_score": a.recommended_score,
        "counts": {s: statuses.count(s) for s in ("met", "partial", "not_met", "not_applicable")},
        "findings": findings,
        "gaps": list(a.gaps),
        "recommended_gaps": list(a.recommended_gaps),
        "next_review": a.next_review.isoformat() if a.next_review else None,
        "review_months": a.review_months,
        "consistency": [consistency_json(f) for f in a.consistency],
    }


def instrument_json(inst: Instrument) -> dict[str, Any]:
    return {
        "id": inst.id,
        "code": inst.code,
        "title": inst.title.en,
        "title_zh": inst.title.zh_hant,
        "title_zh_status": inst.title_zh_status,
        "issuer": inst.issuer,
        "date": inst.date.isoformat(),
        "version": inst.version,
        "binding": inst.binding.value,
        "source": inst.source,
        "controls": len(inst.controls),
    }


def catalog_list_json(catalog: Catalog) -> dict[str, Any]:
    return {
        "version": catalog.version,
        "date": catalog.meta.date.isoformat(),
        "instruments": [instrument_json(i) for i in catalog.instruments],
    }

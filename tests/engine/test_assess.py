"""Assessment: statuses, gaps, score arithmetic, stale evidence, the next review date, organisation evidence
and consistency findings; and the month arithmetic it rests on."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from hkaigov.catalog.loader import load_catalog
from hkaigov.domain import enums as e
from hkaigov.domain.profile import EvidenceEntry
from hkaigov.engine.assess import assess
from hkaigov.engine.classify import classify
from hkaigov.engine.dates import add_months
from hkaigov.engine.obligations import obligations

AS_OF = dt.date(2026, 6, 30)
MANIPULATION = {"purposes": ["behavioural_manipulation"]}
HIGH = {"purposes": ["medical_diagnosis"]}
LIMITED = {"purposes": ["recruitment"]}
GENAI_CUSTOMER = {"generative": True, "customer_facing": True, "affected_people": ["customers"]}


def run(catalog, profile, as_of: dt.date = AS_OF, org: dict[str, EvidenceEntry] | None = None):
    result = classify(profile, catalog)
    return assess(profile, result, obligations(profile, result, catalog), catalog, as_of=as_of, org_evidence=org)


def ev(status: str, date: str | None = None, note: str | None = None, reference: str | None = None) -> dict[str, Any]:
    return {"status": status, "date": date, "note": note, "reference": reference}


def finding(assessment, control_id: str):
    return next(f for f in assessment.findings if f.control == control_id)


def consistency_ids(assessment) -> list[str]:
    return [c.id for c in assessment.consistency]


@pytest.fixture(scope="module")
def policy_only(catalog):
    """The catalog cut down to the default-policy instrument: a low system gets exactly POL-LOW-01 and
    POL-CHANGE-01, so score arithmetic can be checked by hand."""
    pol = catalog.instrument("hkaigov-default-policy")
    return catalog.model_copy(update={"instruments": [pol], "consistency": []})


@pytest.fixture(scope="module")
def with_recommended(catalog):
    """As `policy_only`, with POL-CHANGE-01 made a recommended control."""
    pol = catalog.instrument("hkaigov-default-policy")
    controls = [
        c.model_copy(update={"kind": e.ControlKind.RECOMMENDED}) if c.id == "POL-CHANGE-01" else c for c in pol.controls
    ]
    return catalog.model_copy(
        update={"instruments": [pol.model_copy(update={"controls": controls})], "consistency": []}
    )


def test_policy_only_catalog_gives_two_controls_for_a_low_system(policy_only, make_profile):
    assessment = run(policy_only, make_profile())
    assert [f.control for f in assessment.findings] == ["POL-LOW-01", "POL-CHANGE-01"]


# --- statuses, gaps and score ------------------------------------------------------------------------------


def test_no_evidence_means_not_met_and_a_gap(policy_only, make_profile):
    assessment = run(policy_only, make_profile())
    for f in assessment.findings:
        assert f.status is e.EvidenceStatus.NOT_MET
        assert f.evidence is None
        assert f.source == "none"
        assert f.note == "no evidence"
    assert assessment.gaps == ("POL-LOW-01", "POL-CHANGE-01")
    assert assessment.score == 0.0
    assert assessment.recommended_score is None
    assert assessment.recommended_gaps == ()


def test_no_evidence_in_the_full_catalog_makes_every_expected_control_a_gap(catalog, make_profile):
    assessment = run(catalog, make_profile(GENAI_CUSTOMER))
    expected = [f.control for f in assessment.findings if catalog.control(f.control).kind is e.ControlKind.EXPECTED]
    assert assessment.gaps == tuple(expected)
    assert all(f.status is e.EvidenceStatus.NOT_MET for f in assessment.findings)
    assert assessment.score == 0.0


@pytest.mark.parametrize(
    ("low", "change", "score", "gaps"),
    [
        ("met", "met", 100.0, ()),
        ("met", "partial", 75.0, ("POL-CHANGE-01",)),
        ("partial", "partial", 50.0, ("POL-LOW-01", "POL-CHANGE-01")),
        ("partial", "not_met", 25.0, ("POL-LOW-01", "POL-CHANGE-01")),
        ("met", "not_applicable", 100.0, ()),
        ("partial", "not_applicable", 50.0, ("POL-LOW-01",)),
        ("not_met", "not_applicable", 0.0, ("POL-LOW-01",)),
    ],
)
def test_score_counts_partial_as_half_and_leaves_out_not_applicable(
    policy_only, make_profile, low, change, score, gaps
):
    evidence = {"POL-LOW-01": ev(low, "2026-01-10"), "POL-CHANGE-01": ev(change, "2026-01-10", note="no changes yet")}
    assessment = run(policy_only, make_profile(evidence=evidence))
    assert [f.status.value for f in assessment.findings] == [low, change]
    assert all(f.source == "system" for f in assessment.findings)
    assert assessment.score == score
    assert assessment.gaps == gaps


def test_score_is_rounded_to_one_decimal(catalog, make_profile, policy_only):
    # three expected controls: met, not_met, not_met -> 100 / 3 = 33.3
    pol = catalog.instrument("hkaigov-default-policy")
    extra = pol.controls[-1].model_copy(update={"id": "POL-CHANGE-02"})
    three = policy_only.model_copy(
        update={"instruments": [pol.model_copy(update={"controls": [*pol.controls, extra]})]}
    )
    evidence = {"POL-LOW-01": ev("met")}
    assessment = run(three, make_profile(evidence=evidence))
    assert [f.control for f in assessment.findings] == ["POL-LOW-01", "POL-CHANGE-01", "POL-CHANGE-02"]
    assert assessment.score == 33.3


def test_recommended_controls_are_scored_apart(with_recommended, make_profile):
    assessment = run(with_recommended, make_profile(evidence={"POL-LOW-01": ev("met", "2026-01-10")}))
    assert assessment.score == 100.0
    assert assessment.gaps == ()
    assert assessment.recommended_score == 0.0
    assert assessment.recommended_gaps == ("POL-CHANGE-01",)
    evidence = {"POL-LOW-01": ev("not_met"), "POL-CHANGE-01": ev("partial")}
    assessment = run(with_recommended, make_profile(evidence=evidence))
    assert assessment.score == 0.0
    assert assessment.recommended_score == 50.0
    assert assessment.gaps == ("POL-LOW-01",)


# --- stale evidence ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "control", "months", "boundary"),
    [
        ({}, "POL-LOW-01", 24, dt.date(2024, 6, 30)),
        (LIMITED, "POL-LIMITED-01", 12, dt.date(2025, 6, 30)),
        (HIGH, "POL-HIGH-01", 6, dt.date(2025, 12, 30)),
    ],
)
def test_met_evidence_older_than_the_tier_interval_counts_as_partial(
    catalog, make_profile, changes, control, months, boundary
):
    old = boundary - dt.timedelta(days=1)
    stale = finding(run(catalog, make_profile(changes, evidence={control: ev("met", old.isoformat())})), control)
    assert stale.status is e.EvidenceStatus.PARTIAL
    assert f"{months}-month" in stale.note and str(old) in stale.note
    fresh = finding(run(catalog, make_profile(changes, evidence={control: ev("met", boundary.isoformat())})), control)
    assert fresh.status is e.EvidenceStatus.MET
    assert fresh.note == ""


def test_stale_evidence_becomes_a_gap_and_halves_the_credit(policy_only, make_profile):
    evidence = {"POL-LOW-01": ev("met", "2020-01-01"), "POL-CHANGE-01": ev("met", "2026-01-01")}
    assessment = run(policy_only, make_profile(evidence=evidence))
    assert assessment.gaps == ("POL-LOW-01",)
    assert assessment.score == 75.0


def test_undated_met_evidence_is_not_downgraded(policy_only, make_profile):
    assessment = run(policy_only, make_profile(evidence={"POL-LOW-01": ev("met")}))
    assert finding(assessment, "POL-LOW-01").status is e.EvidenceStatus.MET


def test_unacceptable_tier_has_no_interval_so_nothing_is_stale(catalog, make_profile):
    evidence = {"POL-UNACCEPTABLE-01": ev("met", "2015-01-01")}
    assessment = run(catalog, make_profile(MANIPULATION, lifecycle_stage="design", evidence=evidence))
    assert finding(assessment, "POL-UNACCEPTABLE-01").status is e.EvidenceStatus.MET


# --- next review -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "tier", "months", "due"),
    [
        (HIGH, "high", 6, dt.date(2026, 12, 30)),
        (LIMITED, "limited", 12, dt.date(2027, 6, 30)),
        ({}, "low", 24, dt.date(2028, 6, 30)),
    ],
)
def test_next_review_is_as_of_plus_the_tier_interval(catalog, make_profile, changes, tier, months, due):
    assessment = run(catalog, make_profile(changes))
    assert assessment.tier == e.RiskTier(tier)
    assert assessment.review_months == months
    assert assessment.next_review == due
    assert assessment.as_of == AS_OF
    assert assessment.catalog_version == catalog.version


def test_next_review_clamps_to_the_month_end(catalog, make_profile):
    assert run(catalog, make_profile(HIGH), as_of=dt.date(2026, 8, 31)).next_review == dt.date(2027, 2, 28)


def test_earlier_next_review_in_the_manifest_wins(catalog, make_profile):
    assessment = run(catalog, make_profile(next_review=dt.date(2027, 1, 15)))
    assert assessment.next_review == dt.date(2027, 1, 15)
    assert "CONS-REVIEW-TOO-LATE" not in consistency_ids(assessment)


def test_later_next_review_in_the_manifest_does_not_win(catalog, make_profile):
    assessment = run(catalog, make_profile(HIGH, next_review=dt.date(2027, 6, 1)))
    assert assessment.next_review == dt.date(2026, 12, 30)


def test_unacceptable_system_is_due_for_review_now(catalog, make_profile):
    assessment = run(catalog, make_profile(MANIPULATION, next_review=dt.date(2030, 1, 1)))
    assert assessment.tier is e.RiskTier.UNACCEPTABLE
    assert assessment.review_months is None
    assert assessment.next_review == AS_OF


def test_organisation_policy_can_shorten_the_review_interval(tmp_path, make_profile):
    doc = {
        "id": "org-review-policy",
        "title": {"en": "Organisation review policy", "zh-Hant": "機構覆核政策"},
        "tiers": [{"tier": "high", "review_months": 3, "handling": {"en": "x", "zh-Hant": "x"}, "citation": "Org §9"}],
    }
    path = tmp_path / "review.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    stricter = load_catalog(None, (path,))
    assert stricter.review_months(e.RiskTier.HIGH) == 3
    assert stricter.review_months(e.RiskTier.LOW) == 24
    assessment = run(stricter, make_profile(HIGH))
    assert assessment.review_months == 3
    assert assessment.next_review == dt.date(2026, 9, 30)


# --- organisation evidence ---------------------------------------------------------------------------------


def test_organisation_evidence_counts_for_organisation_scope_controls(catalog, make_profile):
    assert catalog.control("PCPDMF-STRAT-01").scope is e.ControlScope.ORGANISATION
    assert catalog.control("PCPDMF-RISK-01").scope is e.ControlScope.SYSTEM
    org = {
        "PCPDMF-STRAT-01": EvidenceEntry(status=e.EvidenceStatus.MET, date=dt.date(2026, 3, 1)),
        "PCPDMF-RISK-01": EvidenceEntry(status=e.EvidenceStatus.MET, date=dt.date(2026, 3, 1)),
    }
    assessment = run(catalog, make_profile(), org=org)
    strat = finding(assessment, "PCPDMF-STRAT-01")
    assert (strat.status, strat.source) == (e.EvidenceStatus.MET, "organisation")
    assert strat.evidence == org["PCPDMF-STRAT-01"]
    risk = finding(assessment, "PCPDMF-RISK-01")
    assert (risk.status, risk.source) == (e.EvidenceStatus.NOT_MET, "none")
    assert "PCPDMF-STRAT-01" not in assessment.gaps
    assert "PCPDMF-RISK-01" in assessment.gaps


def test_system_evidence_takes_precedence_over_organisation_evidence(catalog, make_profile):
    org = {"PCPDMF-STRAT-01": EvidenceEntry(status=e.EvidenceStatus.MET)}
    profile = make_profile(evidence={"PCPDMF-STRAT-01": ev("partial", "2026-03-01")})
    strat = finding(run(catalog, profile, org=org), "PCPDMF-STRAT-01")
    assert (strat.status, strat.source) == (e.EvidenceStatus.PARTIAL, "system")


def test_stale_organisation_evidence_is_downgraded_too(catalog, make_profile):
    org = {"PCPDMF-STRAT-01": EvidenceEntry(status=e.EvidenceStatus.MET, date=dt.date(2020, 1, 1))}
    strat = finding(run(catalog, make_profile(), org=org), "PCPDMF-STRAT-01")
    assert (strat.status, strat.source) == (e.EvidenceStatus.PARTIAL, "organisation")


# --- consistency findings ----------------------------------------------------------------------------------


def test_high_system_without_a_human_in_the_loop_is_flagged(catalog, make_profile):
    profile = make_profile(decision_impact="significant", human_oversight="human_out_of_the_loop")
    assessment = run(catalog, profile)
    assert assessment.tier is e.RiskTier.HIGH
    found = [c for c in assessment.consistency if c.id == "CONS-HIGH-NO-HUMAN"]
    assert len(found) == 1
    assert found[0].severity == "high"
    assert found[0].message.en and found[0].message.zh_hant
    assert any("human_out_of_the_loop" in fact for fact in found[0].facts)


def test_high_system_with_a_human_in_the_loop_is_not_flagged(catalog, make_profile):
    profile = make_profile(decision_impact="significant", purposes=["credit_decision"])
    assessment = run(catalog, profile)
    assert assessment.tier is e.RiskTier.HIGH
    assert "CONS-HIGH-NO-HUMAN" not in consistency_ids(assessment)


def test_low_system_without_a_human_in_the_loop_is_not_flagged(catalog, make_profile):
    assessment = run(catalog, make_profile(human_oversight="human_out_of_the_loop"))
    assert assessment.tier is e.RiskTier.LOW
    assert "CONS-HIGH-NO-HUMAN" not in consistency_ids(assessment)


@pytest.mark.parametrize(("stage", "flagged"), [("operation", True), ("deployment", True), ("design", False)])
def test_unacceptable_system_in_deployment_or_operation_is_flagged(catalog, make_profile, stage, flagged):
    assessment = run(catalog, make_profile(MANIPULATION, lifecycle_stage=stage))
    assert ("CONS-UNACCEPTABLE-LIVE" in consistency_ids(assessment)) is flagged


def test_customer_facing_genai_without_disclosure_evidence_is_flagged(catalog, make_profile):
    assessment = run(catalog, make_profile(GENAI_CUSTOMER))
    assert assessment.tier is e.RiskTier.LIMITED
    assert "CONS-GENAI-CUSTOMER-NO-DISCLOSURE" in consistency_ids(assessment)


def test_disclosure_finding_disappears_when_pol_limited_01_is_met(catalog, make_profile):
    profile = make_profile(GENAI_CUSTOMER, evidence={"POL-LIMITED-01": ev("met", "2026-05-01", reference="DOC-1")})
    assert "CONS-GENAI-CUSTOMER-NO-DISCLOSURE" not in consistency_ids(run(catalog, profile))


@pytest.mark.parametrize("entry", [ev("partial", "2026-05-01"), ev("met", "2024-01-01"), ev("not_met")])
def test_disclosure_finding_stays_unless_the_evidence_is_met_and_current(catalog, make_profile, entry):
    profile = make_profile(GENAI_CUSTOMER, evidence={"POL-LIMITED-01": entry})
    assert "CONS-GENAI-CUSTOMER-NO-DISCLOSURE" in consistency_ids(run(catalog, profile))


def test_internal_genai_is_not_flagged_for_disclosure(catalog, make_profile):
    assessment = run(catalog, make_profile(generative=True, customer_facing=False))
    assert "CONS-GENAI-CUSTOMER-NO-DISCLOSURE" not in consistency_ids(assessment)


def test_sensitive_data_without_personal_data_is_flagged(catalog, make_profile):
    flagged = run(catalog, make_profile(processes_personal_data=False, sensitive_data=["health"]))
    assert "CONS-SENSITIVE-WITHOUT-PERSONAL-DATA" in consistency_ids(flagged)
    consistent = run(catalog, make_profile(processes_personal_data=True, sensitive_data=["health"]))
    assert "CONS-SENSITIVE-WITHOUT-PERSONAL-DATA" not in consistency_ids(consistent)
    undeclared = run(catalog, make_profile(processes_personal_data="__unset__", sensitive_data=["health"]))
    assert "CONS-SENSITIVE-WITHOUT-PERSONAL-DATA" not in consistency_ids(undeclared)


def test_evidence_for_an_unknown_control_is_flagged(catalog, make_profile):
    assessment = run(catalog, make_profile(evidence={"ZZZ-NOPE-01": ev("met", "2026-01-01")}))
    found = [c for c in assessment.consistency if c.id == "CONS-EVIDENCE-UNKNOWN"]
    assert len(found) == 1
    assert found[0].control == "ZZZ-NOPE-01"
    assert "ZZZ-NOPE-01" in found[0].message.en and "not a control of this catalog" in found[0].message.en
    assert "ZZZ-NOPE-01" in (found[0].message.zh_hant or "")
    assert "ZZZ-NOPE-01" not in [f.control for f in assessment.findings]


def test_evidence_for_a_retired_control_says_it_is_retired(policy_only, make_profile):
    meta = policy_only.meta.model_copy(update={"retired_controls": ["POL-OLD-01"]})
    retired = policy_only.model_copy(update={"meta": meta})
    assessment = run(retired, make_profile(evidence={"POL-OLD-01": ev("met")}))
    found = [c for c in assessment.consistency if c.id == "CONS-EVIDENCE-UNKNOWN"]
    assert len(found) == 1 and "retired" in found[0].message.en


def test_evidence_for_a_control_that_does_not_apply_is_flagged(catalog, make_profile):
    assessment = run(catalog, make_profile(evidence={"POL-HIGH-01": ev("met", "2026-01-01")}))
    assert assessment.tier is e.RiskTier.LOW
    assert "CONS-EVIDENCE-NOT-APPLICABLE" in consistency_ids(assessment)
    assert "CONS-EVIDENCE-UNKNOWN" not in consistency_ids(assessment)


@pytest.mark.parametrize(
    ("note", "flagged"), [(None, True), ("", True), ("   ", True), ("Covered by group SOP", False)]
)
def test_not_applicable_without_a_reason_is_flagged(policy_only, make_profile, note, flagged):
    assessment = run(policy_only, make_profile(evidence={"POL-CHANGE-01": ev("not_applicable", note=note)}))
    assert finding(assessment, "POL-CHANGE-01").status is e.EvidenceStatus.NOT_APPLICABLE
    ids = consistency_ids(assessment)
    assert ("CONS-NA-WITHOUT-REASON" in ids) is flagged
    if flagged:
        (na,) = [c for c in assessment.consistency if c.id == "CONS-NA-WITHOUT-REASON"]
        assert na.control == "POL-CHANGE-01" and na.severity == "medium"


def test_evidence_dated_after_the_assessment_is_flagged(policy_only, make_profile):
    assessment = run(policy_only, make_profile(evidence={"POL-LOW-01": ev("met", "2026-07-01")}))
    assert "CONS-EVIDENCE-FUTURE" in consistency_ids(assessment)
    assessment = run(policy_only, make_profile(evidence={"POL-LOW-01": ev("met", "2026-06-30")}))
    assert "CONS-EVIDENCE-FUTURE" not in consistency_ids(assessment)


@pytest.mark.parametrize(
    ("next_review", "overdue"), [(dt.date(2026, 6, 29), True), (AS_OF, False), (dt.date(2026, 7, 1), False)]
)
def test_past_declared_review_is_overdue(policy_only, make_profile, next_review, overdue):
    assessment = run(policy_only, make_profile(next_review=next_review))
    assert ("CONS-REVIEW-OVERDUE" in consistency_ids(assessment)) is overdue
    assert "CONS-REVIEW-TOO-LATE" not in consistency_ids(assessment)
    if overdue:
        (found,) = [c for c in assessment.consistency if c.id == "CONS-REVIEW-OVERDUE"]
        assert found.severity == "high" and str(next_review) in found.message.en


@pytest.mark.parametrize(
    ("changes", "next_review", "too_late"),
    [
        ({}, dt.date(2028, 6, 30), False),
        ({}, dt.date(2028, 7, 1), True),
        (HIGH, dt.date(2026, 12, 30), False),
        (HIGH, dt.date(2026, 12, 31), True),
        (MANIPULATION, dt.date(2040, 1, 1), False),  # no interval for unacceptable
    ],
)
def test_declared_review_later_than_the_interval_is_too_late(catalog, make_profile, changes, next_review, too_late):
    assessment = run(catalog, make_profile(changes, next_review=next_review))
    assert ("CONS-REVIEW-TOO-LATE" in consistency_ids(assessment)) is too_late
    if too_late:
        (found,) = [c for c in assessment.consistency if c.id == "CONS-REVIEW-TOO-LATE"]
        assert f"{assessment.review_months}-month" in found.message.en


def test_consistent_low_system_has_no_findings(catalog, make_profile):
    assert run(catalog, make_profile()).consistency == ()


def test_assessment_is_deterministic(catalog, make_profile):
    profile = make_profile(GENAI_CUSTOMER, evidence={"POL-LIMITED-01": ev("partial", "2026-01-01")})
    assert run(catalog, profile) == run(catalog, profile)


# --- month arithmetic --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 8, 31), 6, dt.date(2026, 2, 28)),
        (dt.date(2023, 8, 31), 6, dt.date(2024, 2, 29)),
        (dt.date(2024, 1, 31), 1, dt.date(2024, 2, 29)),
        (dt.date(2024, 1, 31), 3, dt.date(2024, 4, 30)),
        (dt.date(2024, 3, 31), -1, dt.date(2024, 2, 29)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), 48, dt.date(2028, 2, 29)),
        (dt.date(2024, 12, 15), 1, dt.date(2025, 1, 15)),
        (dt.date(2025, 1, 15), -1, dt.date(2024, 12, 15)),
        (dt.date(2026, 6, 30), -24, dt.date(2024, 6, 30)),
        (dt.date(2026, 6, 30), 0, dt.date(2026, 6, 30)),
        (dt.date(2026, 5, 31), -6, dt.date(2025, 11, 30)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert add_months(day, months) == expected

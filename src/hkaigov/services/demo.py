"""Demo data for the register: the example manifests, a few later profile versions, evidence of each kind,
assessments, comments, sign-offs and an overdue reassessment, so that every screen has something to show.
Everything is made up; the people are fictional.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hkaigov.domain.catalog import Catalog
from hkaigov.domain.enums import ControlKind, EvidenceStatus, SignOffDecision, UserRole
from hkaigov.domain.profile import AISystemProfile
from hkaigov.engine.obligations import obligations
from hkaigov.services import assessments, comments, evidence, reassessments, signoffs, systems, users
from hkaigov.services.classifications import classify
from hkaigov.services.context import Context
from hkaigov.store.blobs import BlobStore
from hkaigov.store.models import AISystem

DEMO_USERS = (
    ("mandy.cheung", UserRole.ASSESSOR, "Mandy Cheung (model risk)"),
    ("kelvin.lau", UserRole.REVIEWER, "Kelvin Lau (compliance)"),
    ("priya.raman", UserRole.REVIEWER, "Priya Raman (internal audit)"),
    ("grace.ho", UserRole.VIEWER, "Grace Ho (board secretariat)"),
)


@dataclass(frozen=True)
class DemoSummary:
    systems: int
    versions: int
    evidence: int
    assessments: int
    signoffs: int
    comments: int


def has_systems(session: Session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(AISystem)))


def _revise(profile: AISystemProfile, **changes: object) -> AISystemProfile:
    return AISystemProfile.model_validate({**systems.profile_data(profile), **changes})


def load_demo(
    session: Session,
    catalog: Catalog,
    blobs: BlobStore,
    profiles: Sequence[AISystemProfile],
    clock: Callable[[], dt.datetime],
) -> DemoSummary:
    """Fill an empty register (inside the caller's transaction)."""
    admin = users.actor(session, users.BOOTSTRAP_ADMIN, clock)
    people = {name: users.add(session, admin, name, role, clock, display) for name, role, display in DEMO_USERS}
    assessor = Context(session, people["mandy.cheung"], catalog, blobs, clock)
    reviewer = Context(session, people["kelvin.lau"], catalog, blobs, clock)
    auditor = Context(session, people["priya.raman"], catalog, blobs, clock)
    today = assessor.today()

    registered = [systems.register(assessor, p, note="imported from examples/").system for p in profiles]
    versions = len(registered)

    # later versions: a stage moves on, a third-party model is upgraded (which schedules a reassessment)
    for system in registered[:4]:
        profile = systems.current_profile(session, system)
        v2 = _revise(profile, description=(profile.description + " Reviewed scope after pilot.").strip())
        systems.register(assessor, v2, expected_version=system.version, note="scope clarified after pilot")
        models = [m.model_dump(mode="json", exclude_unset=True) for m in v2.third_party_models] or [
            {"provider": "Example Model Co", "model": "example-llm", "access": "api"}
        ]
        models[0] = {**models[0], "version": "2026-10"}
        systems.register(
            assessor, _revise(v2, third_party_models=models), expected_version=system.version, note="model upgraded"
        )
        versions += 2

    # evidence of all three kinds on the first systems' expected controls
    added = 0
    policy = b"# AI use policy\n\nApproved by the board on 2026-09-30. Owner: Chief Risk Officer.\n"
    for n, system in enumerate(registered[:10]):
        profile = systems.current_profile(session, system)
        expected = [
            a.control.id
            for a in obligations(profile, classify(profile, catalog), catalog)
            if a.control.kind is ControlKind.EXPECTED
        ][:4]
        if len(expected) < 4:
            continue
        day = today - dt.timedelta(days=20 + n)
        body = f"# Evidence for {expected[0]}\n\nSystem {system.ref}; prepared {day}.\n".encode()
        evidence.add_bytes(assessor, system, expected[0], body, f"{expected[0].lower()}-record.md", date=day)
        evidence.add_bytes(
            assessor, system, expected[1], policy, "ai-use-policy.md", date=day
        )  # same file: stored once
        evidence.add_link(
            assessor,
            system,
            expected[2],
            f"https://intranet.example.hk/governance/{system.slug}/{expected[2].lower()}",
            status=EvidenceStatus.PARTIAL,
            note="draft awaiting approval",
            date=day,
        )
        evidence.add_attestation(
            assessor,
            system,
            expected[3],
            f"I confirm {expected[3]} is in place for {system.name}.",
            date=day,
        )
        added += 4

    done = [assessments.assess(assessor, system)[0] for system in registered]

    signed = 0
    for n, (system, record) in enumerate(zip(registered, done, strict=True)):
        if n % 3 == 0:
            signoffs.sign_off(reviewer, system, assessment_id=record.id, note="Evidence reviewed; approved.")
            signed += 1
        elif n == 4:
            signoffs.sign_off(
                auditor,
                system,
                assessment_id=record.id,
                decision=SignOffDecision.REJECTED,
                note="Bias testing evidence missing; resubmit.",
            )
            signed += 1

    notes = 0
    for system in registered[:6]:
        comments.add(reviewer, system, "Please attach the latest model validation report.")
        comments.add(assessor, system, "Uploaded; the validation team signs it next week.")
        notes += 2

    for system in registered[:2]:
        reassessments.schedule(
            assessor, system, today - dt.timedelta(days=14), "quarterly model validation (internal policy)"
        )
    return DemoSummary(len(registered), versions, added, len(done), signed, notes)

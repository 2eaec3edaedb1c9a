"""Evidence from hkaigov's technical checks (PII scans, eval runs, claims scans) on a system's controls.

A catalog control names the check that can evidence it (`check: pii:scan`). Attaching a check's
report files it, once, on every control of the system's current obligations that names that check.
"""

from __future__ import annotations

from hkaigov.domain.enums import EvidenceStatus
from hkaigov.domain.errors import InputError
from hkaigov.engine.obligations import obligations
from hkaigov.services import classifications, evidence, systems
from hkaigov.services.context import Context
from hkaigov.store.models import AISystem, EvidenceRecord


def controls_for(ctx: Context, system: AISystem, check: str) -> list[str]:
    """Ids of the system's applicable controls that take evidence from `check`."""
    profile = systems.current_profile(ctx.session, system)
    applicable = obligations(profile, classifications.classify(profile, ctx.catalog), ctx.catalog)
    return [a.control.id for a in applicable if a.control.check == check]


def attach_report(
    ctx: Context,
    system: AISystem,
    check: str,
    report: bytes,
    filename: str,
    *,
    status: EvidenceStatus,
    note: str,
) -> list[tuple[EvidenceRecord, bool]]:
    """Attach `report` to every control of `system` that names `check`; (record, is new) per control."""
    controls = controls_for(ctx, system, check)
    if not controls:
        raise InputError(f"--attach: none of {system.ref}'s applicable controls takes '{check}' evidence")
    return [
        evidence.add_bytes(ctx, system, control, report, filename, status=status, note=note) for control in controls
    ]


def applicable_controls(ctx: Context, system: AISystem) -> set[str]:
    """Ids of every control in the system's current obligations."""
    profile = systems.current_profile(ctx.session, system)
    return {a.control.id for a in obligations(profile, classifications.classify(profile, ctx.catalog), ctx.catalog)}


def attach_verdicts(
    ctx: Context,
    system: AISystem,
    verdicts: dict[str, EvidenceStatus],
    report: bytes,
    filename: str,
    *,
    note: str,
) -> list[tuple[EvidenceRecord, bool]]:
    """Attach `report` to each of `verdicts`' controls that applies to `system`, with that control's status.

    Controls the system is not obliged to meet are skipped: a test result is evidence only where a duty exists.
    """
    applicable = applicable_controls(ctx, system)
    chosen = [c for c in sorted(verdicts) if c in applicable]
    if not chosen:
        raise InputError(f"--attach: none of the tested controls applies to {system.ref}")
    return [
        evidence.add_bytes(ctx, system, control, report, filename, status=verdicts[control], note=note)
        for control in chosen
    ]

"""Engine benchmark: classify + obligations for 10,000 varied manifests on one core.

Target (foundation issue): all 10,000 in under 2 seconds. Prints the figures; the last line is the summary.
Usage: python bench/engine.py [--count N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path
from typing import Any

from hkaigov.catalog.loader import load_catalog
from hkaigov.domain import enums as e
from hkaigov.domain.profile import AISystemProfile
from hkaigov.engine.classify import classify
from hkaigov.engine.obligations import obligations


def _some(rng: random.Random, values: list[str], most: int) -> list[str]:
    return rng.sample(values, rng.randint(0, most))


def random_manifest(rng: random.Random, index: int) -> dict[str, Any]:
    """A varied, valid manifest: every vocabulary is drawn from, flags are sometimes left undeclared."""

    def flag() -> bool | None:
        return rng.choice([True, False, False, None])

    data: dict[str, Any] = {
        "id": f"system-{index:05d}",
        "name": f"Benchmark system {index}",
        "sector": rng.choice([s.value for s in e.Sector]),
        "lifecycle_stage": rng.choice([s.value for s in e.LifecycleStage]),
        "activities": rng.sample([a.value for a in e.Activity], rng.randint(1, 3)),
        "generative": rng.random() < 0.5,
        "modalities": _some(rng, [m.value for m in e.Modality], 3),
        "purposes": _some(rng, [p.value for p in e.Purpose], 3),
        "affected_people": _some(rng, [a.value for a in e.AffectedGroup], 3),
        "decision_impact": rng.choice([d.value for d in e.DecisionImpact]),
        "impact_areas": _some(rng, [i.value for i in e.ImpactArea], 2),
        "human_oversight": rng.choice([h.value for h in e.HumanOversight]),
        "customer_facing": flag(),
        "processes_personal_data": flag(),
        "cross_border_transfer": flag(),
        "medical_device": flag(),
        "continuous_learning": flag(),
        "consent_of_depicted_people": flag(),
        "sensitive_data": _some(rng, [s.value for s in e.SensitiveData], 2),
        "vendors": ["Vendor Ltd"] if rng.random() < 0.3 else [],
        "third_party_models": (
            [{"provider": "P", "model": "m", "access": rng.choice(["api", "weights", "embedded"])}]
            if rng.random() < 0.4
            else []
        ),
    }
    return {k: v for k, v in data.items() if v is not None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--catalog-dir", type=Path, default=None, help="another catalog directory")
    args = parser.parse_args()

    catalog = load_catalog(args.catalog_dir)
    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    profiles = [AISystemProfile.model_validate(random_manifest(rng, i)) for i in range(args.count)]
    t_build = time.perf_counter() - t0

    t0 = time.perf_counter()
    tiers: dict[str, int] = {}
    total_controls = 0
    for profile in profiles:
        c = classify(profile, catalog)
        total_controls += len(obligations(profile, c, catalog))
        tiers[c.tier.value] = tiers.get(c.tier.value, 0) + 1
    elapsed = time.perf_counter() - t0

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rate = args.count / elapsed
    print(f"catalog {catalog.version}: {len(catalog.controls())} controls, {len(catalog.tier_rules())} tier rules")
    print(f"built {args.count} manifests in {t_build:.2f}s (pydantic validation, not timed below)")
    print(f"tiers: {dict(sorted(tiers.items()))}; mean controls per system: {total_controls / args.count:.1f}")
    print(f"python {sys.version.split()[0]}, one process, one core")
    verdict = "under" if elapsed < 2.0 else "OVER"
    print(
        f"classify+obligations: {args.count} manifests in {elapsed:.3f}s = {rate:,.0f} manifests/s "
        f"({verdict} the 2 s target); peak RSS {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()

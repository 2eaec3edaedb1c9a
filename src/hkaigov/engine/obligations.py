"""Select the controls that apply to a classified system, each with the facts that made it apply."""

from __future__ import annotations

from hkaigov.domain.catalog import Catalog
from hkaigov.domain.profile import AISystemProfile
from hkaigov.domain.results import ApplicableControl, Classification
from hkaigov.engine.compiled import compiled
from hkaigov.engine.conditions import profile_facts


def obligations(profile: AISystemProfile, classification: Classification, catalog: Catalog) -> list[ApplicableControl]:
    """Every control whose `applies_when` holds for the profile and its tier, in catalog order.

    Controls are selected for every role the organisation holds (R-POL-013): a role condition reads
    the set of roles, so a developer that also provides the service gets both sets of controls.
    """
    facts = profile_facts(profile, classification.tier.value)
    return compiled(catalog).control_set.matches(facts)

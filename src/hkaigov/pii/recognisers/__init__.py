"""The recognisers, one module per family; importing this package fills `REGISTRY`."""

from __future__ import annotations

from hkaigov.pii.recognisers import address, contact, financial, identifiers, person
from hkaigov.pii.recognisers.base import REGISTRY, Candidate, Part, Recogniser

__all__ = ["REGISTRY", "Candidate", "Part", "Recogniser", "address", "contact", "financial", "identifiers", "person"]

"""Our recognisers for Presidio users: `analyzer.registry.add_recognizer(hkaigov_recognizer())`.

Presidio is not a dependency of hkaigov; this module imports it only when called.
"""

from __future__ import annotations

from typing import Any

from hkaigov.pii.findings import EntityType
from hkaigov.pii.scanner import scan_text


def hkaigov_recognizer(language: str = "en", types: list[str] | None = None) -> Any:
    """A Presidio `EntityRecognizer` that reports hkaigov's findings (entity names are our type names)."""
    try:
        from presidio_analyzer import EntityRecognizer, RecognizerResult
    except ImportError:
        from hkaigov.domain.errors import InputError

        raise InputError("the Presidio adapter needs presidio-analyzer (pip install presidio-analyzer)") from None
    entities = types or [t.value for t in EntityType]

    class HkaigovRecognizer(EntityRecognizer):  # type: ignore[misc]
        def load(self) -> None:
            """Nothing to load: the patterns compile on first use."""

        def analyze(self, text: str, entities: list[str], nlp_artifacts: object = None) -> list[Any]:
            wanted = set(entities) if entities else set(self.supported_entities)
            return [
                RecognizerResult(f.type, f.start, f.end, f.score)
                for f in scan_text(text, types=sorted(wanted & set(self.supported_entities)))
            ]

    return HkaigovRecognizer(supported_entities=entities, name="hkaigov", supported_language=language)

"""What a scan finds: an entity type, a span of the original text and a confidence score.

Plain frozen dataclasses, not Pydantic models: a large scan makes millions of them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class EntityType(enum.StrEnum):
    HKID = "HKID"
    HK_PHONE = "HK_PHONE"
    EMAIL = "EMAIL"
    CREDIT_CARD = "CREDIT_CARD"
    HK_PASSPORT = "HK_PASSPORT"
    HK_BANK_ACCOUNT = "HK_BANK_ACCOUNT"
    HK_BR_NUMBER = "HK_BR_NUMBER"
    IP_ADDRESS = "IP_ADDRESS"
    PERSON = "PERSON"
    HK_ADDRESS = "HK_ADDRESS"


@dataclass(frozen=True, slots=True)
class Finding:
    """One entity: `text[start:end]` of the original (unnormalised) string, Python string indices.

    `suspected` marks a value that has the shape of an identifier but fails its check digit; such
    findings are only produced when a scan asks for them and are never redacted by default.
    """

    start: int
    end: int
    type: str
    score: float
    suspected: bool = False

    def as_json(self, record_id: str | int | None) -> dict[str, object]:
        """The JSONL contract: {"id", "start", "end", "type", "score"} (+ "suspected" when true)."""
        out: dict[str, object] = {
            "id": record_id,
            "start": self.start,
            "end": self.end,
            "type": self.type,
            "score": round(self.score, 2),
        }
        if self.suspected:
            out["suspected"] = True
        return out


@dataclass(frozen=True, slots=True)
class Record:
    """One unit of text a reader yields: its id (JSONL id, CSV row/column, file:line…) and the text.

    `source` is the file it came from and `location` a human pointer (line, row, page) for messages.
    """

    id: str | int
    text: str
    source: str = ""
    location: str = ""

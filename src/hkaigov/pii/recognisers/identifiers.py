"""Identity numbers: HKID (mod-11 check character), HKSAR passport, business registration number."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hkaigov.pii.context import ContextIndex, column_kind, names_a_reference
from hkaigov.pii.findings import EntityType
from hkaigov.pii.recognisers.base import AFTER, BEFORE, DIGIT_FIRST, Candidate, recogniser
from hkaigov.pii.validators import is_valid_hkid, looks_like_date

# One or two letters, six digits, then the check character: in brackets, after a space and brackets,
# or written straight on. Lower-case letters only with brackets ("a123456(3)"), to keep words out.
_HKID = re.compile(
    r"(?<![0-9A-Za-z])(?P<l>[A-Z]{1,2}|[a-z]{1,2}(?=[0-9]{6} ?\())(?P<d>[0-9]{6})"
    r"(?:\((?P<c1>[0-9Aa])\)| \((?P<c2>[0-9Aa])\)|(?P<c3>[0-9A])(?![0-9A-Za-z]))"
)


@recogniser(EntityType.HKID, triggers=[r"[A-Za-z][0-9]{6}"], priority=0)
def hkid(text: str, context: ContextIndex) -> Iterator[Candidate]:
    for m in _HKID.finditer(text):
        check = m["c1"] or m["c2"] or m["c3"] or ""
        valid = is_valid_hkid(m["l"], m["d"], check)
        if valid:
            yield Candidate(m.start(), m.end(), 1.0 if context.near("hkid", m.start(), m.end()) else 0.9)
        else:
            yield Candidate(m.start(), m.end(), 0.3, suspected=True)


_PASSPORT = re.compile(r"(?=[HK])" + BEFORE + r"[HK][0-9]{8}" + AFTER)


@recogniser(EntityType.HK_PASSPORT, triggers=[r"[HK][0-9]{8}"], priority=2)
def passport(text: str, context: ContextIndex) -> Iterator[Candidate]:
    """HKSAR passports: H or K and eight digits. No public check digit, so context lifts the score."""
    for m in _PASSPORT.finditer(text):
        if context.near("passport", m.start(), m.end()):
            yield Candidate(m.start(), m.end(), 0.95)
        elif (
            not names_a_reference(context, m.start(), None)
            and not looks_like_date(m.group()[1:])
            and column_kind(context.text, m.start()) not in ("reference", "version")  # under "sku" or "model"
        ):
            # "K20231108": H or K before a date is a part or batch number far more often than a passport
            yield Candidate(m.start(), m.end(), 0.6)  # "商品編號 H23456789", "Promo code K88880000": not reported


_BR = re.compile(
    DIGIT_FIRST
    + r"(?:"
    + BEFORE
    + r"|(?P<glued>(?<=BR)|(?<=BRN)|(?<=br)))"  # "公司個BR67517503": the label touching the number
    + r"[0-9]{8}(?P<suffix>-[0-9]{3}-[0-9]{2}-[0-9]{2}-[0-9A-Z])?"
    + AFTER
)


@recogniser(EntityType.HK_BR_NUMBER, triggers=[r"[0-9]{4}[ \-]?[0-9]{4}"], priority=5)
def br_number(text: str, context: ContextIndex) -> Iterator[Candidate]:
    """Business registration numbers: the 8-digit number, optionally with its certificate suffix.

    A bare 8-digit number is reported only next to business-registration words.
    """
    for m in _BR.finditer(text):
        if m["glued"] is not None or context.gap_in_clause("br", m.start(), 16) is not None:
            yield Candidate(m.start(), m.end(), 0.92)
        elif m["suffix"]:
            yield Candidate(m.start(), m.end(), 0.7)

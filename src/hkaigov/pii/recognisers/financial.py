"""Payment cards (network prefix + Luhn) and Hong Kong bank account numbers (context required)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hkaigov.pii.context import ContextIndex
from hkaigov.pii.findings import EntityType
from hkaigov.pii.recognisers.base import AFTER, BEFORE, DIGIT_FIRST, Candidate, recogniser
from hkaigov.pii.validators import card_network, is_valid_card, luhn_valid

# Grouped 4-4-4-4(-3), AmEx 4-6-5, Diners 4-6-4 (one separator style throughout), or 13-19 digits straight.
# A card is 13-19 digits in one run, so a comma next to it cannot make it part of a grouped amount: in a CSV row a
# card may sit between other numbers ("2025-02-01,5425450017528749,1280.00").
_CARD = re.compile(
    DIGIT_FIRST
    + r"(?<![0-9A-Za-z])(?<![0-9][\-./])"
    + r"(?:[0-9]{4}(?P<s>[ \-])[0-9]{4}(?P=s)[0-9]{4}(?P=s)[0-9]{4}(?:(?P=s)[0-9]{3})?"
    r"|[0-9]{4}(?P<t>[ \-])[0-9]{6}(?P=t)[0-9]{4,5}"
    r"|[0-9]{13,19})" + r"(?![0-9A-Za-z])(?![\-./][0-9])"
)
_CARD_TRIGGERS = [r"[0-9]{4}[ \-]?[0-9]{4}", r"[0-9]{4}[ \-][0-9]{6}"]


@recogniser(EntityType.CREDIT_CARD, triggers=_CARD_TRIGGERS, priority=1)
def credit_card(text: str, context: ContextIndex) -> Iterator[Candidate]:
    for m in _CARD.finditer(text):
        digits = m.group().replace(" ", "").replace("-", "")
        if is_valid_card(digits):
            yield Candidate(m.start(), m.end(), 1.0 if context.near("card", m.start(), m.end()) else 0.95)
        elif card_network(digits) is not None and not luhn_valid(digits):
            yield Candidate(m.start(), m.end(), 0.3, suspected=True)


_ACCOUNT = re.compile(
    DIGIT_FIRST
    + BEFORE
    + r"(?:[0-9]{3}(?P<s>[ \-])[0-9]{3,6}(?P=s)[0-9]{3,9}(?:(?P=s)[0-9]{1,3})?"
    + r"|[0-9]{3}-[0-9]{1,2}-[0-9]{6,8}|[0-9]{9,16})"
    + AFTER
)


# How card numbers are grouped. A virtual bank's 387-747-49383144 has a card network's prefix and length, but a
# bank's grouping (code, branch, account), so it is an account.
_CARD_GROUPS = frozenset([(4, 4, 4, 4), (4, 4, 4, 4, 3), (4, 6, 5), (4, 6, 4)])


@recogniser(EntityType.HK_BANK_ACCOUNT, triggers=[r"[0-9]{3}[ \-][0-9]{1,6}[ \-][0-9]{3}", r"[0-9]{9}"], priority=4)
def bank_account(text: str, context: ContextIndex) -> Iterator[Candidate]:
    """Bank code, branch and account digits. Formats vary by bank, so only reported near banking words."""
    for m in _ACCOUNT.finditer(text):
        groups = tuple(len(g) for g in re.split("[ -]", m.group()))
        plain = m.group().replace(" ", "").replace("-", "")
        if len(plain) >= 13 and card_network(plain) is not None and (len(groups) == 1 or groups in _CARD_GROUPS):
            continue  # card-shaped: the card recogniser decides (Luhn), a failed check is not an account
        if context.gap_in_clause("bank", m.start(), 24) is not None:
            yield Candidate(m.start(), m.end(), 0.85)

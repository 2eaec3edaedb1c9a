"""Check-digit and plausibility checks: pure functions on the characters of a candidate value."""

from __future__ import annotations

import datetime as dt
import ipaddress

_LETTER_VALUE = {chr(c): c - ord("A") + 10 for c in range(ord("A"), ord("Z") + 1)}
_SPACE_VALUE = 36  # a one-letter HKID is padded on the left with a space worth 36


def hkid_check_character(letters: str, digits: str) -> str:
    """The mod-11 check character of an HKID: `'0'`–`'9'` or `'A'` (for 10).

    Weights 9…2 run over [first letter or a space, second letter, six digits].
    """
    letters = letters.upper()
    padded = [_SPACE_VALUE, _LETTER_VALUE[letters[0]]] if len(letters) == 1 else [_LETTER_VALUE[c] for c in letters]
    values = padded + [int(d) for d in digits]
    total = sum(v * w for v, w in zip(values, range(9, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return "A" if check == 10 else str(check)


def is_valid_hkid(letters: str, digits: str, check: str) -> bool:
    if not (1 <= len(letters) <= 2 and letters.isascii() and letters.isalpha()):
        return False
    if len(digits) != 6 or not (digits.isascii() and digits.isdigit()):
        return False
    return hkid_check_character(letters, digits) == check.upper()


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod-10) checksum used by payment card numbers."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def card_network(digits: str) -> str | None:
    """The card network a number's prefix and length belong to, or None."""
    n = len(digits)
    two, four, six = int(digits[:2]), int(digits[:4]), int(digits[:6])
    if digits[0] == "4" and n in (13, 16, 19):
        return "visa"
    if (51 <= two <= 55 or 2221 <= four <= 2720) and n == 16:
        return "mastercard"
    if two in (34, 37) and n == 15:
        return "amex"
    if two == 62 and 16 <= n <= 19:
        return "unionpay"
    if 3528 <= four <= 3589 and 16 <= n <= 19:
        return "jcb"
    if (two in (36, 38, 39) or 300 <= int(digits[:3]) <= 305) and n == 14:
        return "diners"
    if (four == 6011 or 644 <= int(digits[:3]) <= 649 or two == 65 or 622126 <= six <= 622925) and 16 <= n <= 19:
        return "discover"
    return None


def is_valid_card(digits: str) -> bool:
    return 13 <= len(digits) <= 19 and card_network(digits) is not None and luhn_valid(digits)


# OFCA's numbering plan: 2x/3x fixed lines; 5x, 6x, 7x and 9x mobile (our reading of the plan's
# main blocks; 4x, 8x, 0x and 1x are special services and are not reported as personal numbers).
PHONE_LEADING_DIGITS = frozenset("235679")
MOBILE_LEADING_DIGITS = frozenset("5679")


def is_hk_phone(digits: str) -> bool:
    return len(digits) == 8 and digits[0] in PHONE_LEADING_DIGITS


def looks_like_date(digits: str) -> bool:
    """True for an 8-digit string that reads as a date (YYYYMMDD or DDMMYYYY) between 1900 and 2099."""
    if len(digits) != 8:
        return False
    for y, m, d in ((digits[:4], digits[4:6], digits[6:]), (digits[4:], digits[2:4], digits[:2])):
        if y[:2] in ("19", "20"):
            try:
                dt.date(int(y), int(m), int(d))
            except ValueError:
                continue
            return True
    return False


def is_ipv4(text: str) -> bool:
    parts = text.split(".")
    if len(parts) != 4:
        return False
    return all(p.isdigit() and len(p) <= 3 and (len(p) == 1 or p[0] != "0") and int(p) <= 255 for p in parts)


def is_ipv6(text: str) -> bool:
    if text.count(":") < 2 or sum(1 for g in text.split(":") if g) < 3:
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True

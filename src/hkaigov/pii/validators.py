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


def _is_octet(part: str) -> bool:
    """0-255 in ASCII digits, no leading zero: `str.isdigit` alone also takes "١" and "²" (which `int` rejects)."""
    return (
        part.isascii() and part.isdigit() and len(part) <= 3 and (len(part) == 1 or part[0] != "0") and int(part) <= 255
    )


def is_ipv4(text: str) -> bool:
    parts = text.split(".")
    return len(parts) == 4 and all(_is_octet(p) for p in parts)


def is_ipv6(text: str) -> bool:
    """A valid IPv6 address that is long enough to tell from other text (our rule, not the RFC's).

    Three non-empty groups, an embedded IPv4 address counting as two (`2001:db8::1`, `::ffff:192.0.2.1`); or a
    leading `::` and two groups (`::abcd:1234`), which no code or time reads like. `fe80::1` (two groups) reads
    like a scope operator (`face::add`), and `::1` and `::` are the loopback and unspecified addresses, which
    identify no one.
    """
    if not text.isascii() or text.count(":") < 2:
        return False
    groups = [g for g in text.split(":") if g]
    size = len(groups) + (1 if groups and "." in groups[-1] else 0)
    if size < 3 and not (text.startswith("::") and size == 2):
        return False
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True

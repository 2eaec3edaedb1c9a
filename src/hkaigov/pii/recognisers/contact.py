"""Contact details: Hong Kong phone numbers, e-mail addresses, IP addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator

from hkaigov.pii.context import ContextIndex, column_kind, head_kind, names_a_reference
from hkaigov.pii.findings import EntityType
from hkaigov.pii.recognisers.base import DIGIT_FIRST, Candidate, recogniser
from hkaigov.pii.validators import MOBILE_LEADING_DIGITS, is_hk_phone, is_ipv4, is_ipv6, looks_like_date

# Not glued to a longer number (`BEFORE`/`AFTER` in base.py), except that a comma may separate a phone number from
# another number: a thousands group has three digits, a phone number four or eight, so "Z3906451,65759007" and
# "61234567,61234568" (CSV) hold phone numbers and "12,345,678" does not.
_PHONE = re.compile(
    r"(?=[0-9+(])(?<![0-9A-Za-z])(?<![0-9][\-./])"
    + r"(?<![0-9][ \-])(?<![A-Za-z][\-/])"  # "INV-2024-0315", "SKU/1234 5678": part of a code
    + r"(?P<prefix>(?:\+|00)852[ \-]?|\(\+?852\) ?|852[ \-]|852(?=[2356-79][0-9]{7}(?![0-9])))?"
    + r"(?P<a>[0-9]{4})(?P<sep>[ \-])?(?P<b>[0-9]{4})"
    # ",123" after eight straight digits may continue an amount; after "6123 7780" it is the next CSV cell
    + r"(?![0-9A-Za-z])(?![\-./][0-9])(?(sep)|(?!,[0-9]{1,3}(?![0-9])))"
    + r"(?![ \-][0-9])"
)


_KEY_BEFORE = re.compile(r"(?<![A-Za-z0-9_])(?P<key>[A-Za-z_]{2,20})=$")


def _year_range(a: str, b: str, sep: str | None) -> bool:
    """ "2016-2020" (an en dash folds to "-"): two years, the second not before the first."""
    return sep == "-" and a[:2] in ("19", "20") and b[:2] in ("19", "20") and a <= b


def _phone_score(m: re.Match[str], context: ContextIndex) -> float:
    """Our scoring: a +852 prefix or phone words make a number a phone; order/amount words unmake it."""
    digits = m["a"] + m["b"]
    if not is_hk_phone(digits):
        return 0.0
    if m["prefix"]:
        return 0.95
    start, end = m.start(), m.end()
    kind = column_kind(context.text, start)
    if kind is not None:
        return 0.9 if kind == "phone" else 0.2  # a cell under "contact_no", or under "order_id" or "amount"
    key = _KEY_BEFORE.search(context.text, max(0, start - 24), start)
    if key is not None and head_kind(key["key"]) != "phone":
        return 0.2  # "rows=23456789" in a log line
    positive = context.gap_before("phone", start, 40)
    if names_a_reference(context, start, positive):
        return 0.2
    if positive is not None or context.near("phone", start, end, before=0, after=12):
        return 0.9
    if looks_like_date(digits) or _year_range(m["a"], m["b"], m["sep"]):
        return 0.3
    mobile = digits[0] in MOBILE_LEADING_DIGITS
    if m["sep"]:
        return 0.7 if mobile else 0.6
    return 0.55 if mobile else 0.5


@recogniser(EntityType.HK_PHONE, triggers=[r"[0-9]{4}[ \-]?[0-9]{4}"], priority=3)
def hk_phone(text: str, context: ContextIndex) -> Iterator[Candidate]:
    for m in _PHONE.finditer(text):
        score = _phone_score(m, context)
        if score:
            yield Candidate(m.start(), m.end(), score)


_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9](?:[A-Za-z0-9._%+\-]{0,62}[A-Za-z0-9_%+\-])?"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9\-])"
)


_FILE_TYPES = frozenset("png jpg jpeg gif svg webp bmp ico tif tiff pdf js css json txt csv mp4 mp3 zip".split())


@recogniser(EntityType.EMAIL, triggers=[r"[A-Za-z0-9]@[A-Za-z0-9]"], priority=1)
def email(text: str, context: ContextIndex) -> Iterator[Candidate]:
    for m in _EMAIL.finditer(text):
        if m.group().rsplit(".", 1)[-1].lower() in _FILE_TYPES:
            continue  # "logo@2x.png": a file name
        yield Candidate(m.start(), m.end(), 1.0 if context.near("email", m.start(), m.end()) else 0.95)


_IPV4 = re.compile(DIGIT_FIRST + r"(?<![0-9A-Za-z.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![0-9A-Za-z]|\.[0-9])")
# Hex groups and colons, optionally ending in an IPv4 address (`::ffff:192.0.2.1`); `is_ipv6` decides.
_IPV6 = re.compile(
    r"(?<![0-9A-Za-z:.])[0-9A-Fa-f:]{2,39}(?:(?<=:)(?:[0-9]{1,3}\.){3}[0-9]{1,3})?(?![0-9A-Za-z:]|\.[0-9])"
)
# Every address `is_ipv6` accepts has a hex digit followed by three colons (`2001:db8::1`), starts with `::`, a
# group and a colon (`::abcd:1234`), or ends in an IPv4 address (the first trigger).
_IP_TRIGGERS = (
    r"[0-9]\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]",
    r"[0-9A-Fa-f]:[0-9A-Fa-f]*:[0-9A-Fa-f]*:",
    r"::[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]",
)


@recogniser(EntityType.IP_ADDRESS, triggers=_IP_TRIGGERS, priority=2)
def ip_address(text: str, context: ContextIndex) -> Iterator[Candidate]:
    v6: list[tuple[int, int]] = []
    if ":" in text:
        for m in _IPV6.finditer(text):
            if is_ipv6(m.group()):
                v6.append(m.span())
                yield Candidate(m.start(), m.end(), 0.95 if context.near("ip", m.start(), m.end()) else 0.9)
    for m in _IPV4.finditer(text):
        if is_ipv4(m.group()) and not any(s <= m.start() and m.end() <= e for s, e in v6):
            if column_kind(text, m.start()) == "version":
                continue  # a cell under "version"
            negative = context.gap_in_clause("ip_negative", m.start(), 12)
            positive = context.gap_before("ip", m.start(), 12)
            if negative is not None and (positive is None or negative <= positive):
                continue  # "Build 2.4.10.1": a version number (but "請安裝8.7版本。伺服器10.0.0.1" is an address)
            yield Candidate(m.start(), m.end(), 0.95 if context.near("ip", m.start(), m.end()) else 0.85)

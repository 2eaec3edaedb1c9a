"""Rewrite a text given its findings: mask, replace, format-preserving mask, keyed hash or pseudonym.

Kept apart from scanning on purpose: findings may come from our scanner, another tool or a reviewer's
corrections, and redacting must never need detection to run again. Everything here is a pure function
of its arguments, except a `Pseudonymiser`, whose whole point is to remember one conversation.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from hkaigov.domain.errors import InputError
from hkaigov.pii.findings import Finding

__all__ = ["Operator", "Pseudonymiser", "Redaction", "Replacement", "redact_text"]


class Operator(enum.StrEnum):
    MASK = "mask"
    REPLACE = "replace"
    FPE_MASK = "fpe_mask"
    HASH = "hash"
    PSEUDONYM = "pseudonym"


@dataclass(frozen=True, slots=True)
class Replacement:
    """Where a value was (`start`, `end` in the original) and what now stands there (`new_start`, `new_end`).

    Holds offsets only, never the value: a list of replacements can be logged without leaking anything.
    """

    start: int
    end: int
    type: str
    new_start: int
    new_end: int


@dataclass(frozen=True, slots=True)
class Redaction:
    text: str
    replacements: tuple[Replacement, ...]


# --- masking -----------------------------------------------------------------------------------------
# Separators carry the layout of a value (HKID brackets, phone spaces, email dots), not the value itself.

_SEPARATORS = frozenset(" -().@/,\u3000－（）．＠／，")
_WIDE = frozenset(("F", "W"))
# Full-width ASCII forms and the ideographic space, mapped one to one onto ASCII: keeps string indices.
_NARROW = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_HK_COUNTRY_CODE = re.compile(r"[\s(]*(?:\+\s*|00\s*)?\(?852\)?")


def _is_separator(char: str) -> bool:
    return char in _SEPARATORS or char.isspace()


def _star(char: str) -> str:
    """A star as wide as the character it hides, so full-width text keeps its alignment."""
    return "＊" if unicodedata.east_asian_width(char) in _WIDE else "*"


def _mask(value: str) -> str:
    return "".join(char if _is_separator(char) else _star(char) for char in value)


def _mask_keeping(value: str, head: int, tail: int) -> str:
    """Mask every non-separator character except the first `head` and the last `tail` of them.

    Never keeps more than half of them, so a short value (a two-character name) cannot survive whole.
    """
    significant = [i for i, char in enumerate(value) if not _is_separator(char)]
    limit = len(significant) // 2
    while head + tail > limit:
        if tail >= head:
            tail -= 1
        else:
            head -= 1
    kept = set(significant[:head]) | set(significant[len(significant) - tail :])
    return "".join(char if i in kept or _is_separator(char) else _star(char) for i, char in enumerate(value))


def _fpe_phone(value: str) -> str:
    """Keep the +852 country code (only when there are digits beyond a local 8-digit number)."""
    narrow = value.translate(_NARROW)
    cut = 0
    if sum(char in "0123456789" for char in narrow) > 8:
        match = _HK_COUNTRY_CODE.match(narrow)
        cut = match.end() if match else 0
    return value[:cut] + _mask_keeping(value[cut:], 1, 2)


def _fpe_email(value: str) -> str:
    """Keep the first character of the local part and the domain; the local part's dots are masked too."""
    at = max(value.rfind("@"), value.rfind("＠"))
    if at <= 0:
        return _mask_keeping(value, 1, 1)
    local = value[:at]
    first = local[0] if len(local) > 1 else ""
    return first + "".join(_star(char) for char in local[len(first) :]) + value[at:]


def _fpe_mask(value: str, label: str) -> str:
    if label == "HKID":
        return _mask_keeping(value, 3, 1)  # A12****(3): letter, two digits, check character
    if label == "CREDIT_CARD":
        return _mask_keeping(value, 4, 4)
    if label == "HK_PHONE":
        return _fpe_phone(value)
    if label == "EMAIL":
        return _fpe_email(value)
    return _mask_keeping(value, 1, 1)


# --- labels, hashes, pseudonyms ----------------------------------------------------------------------

_NOT_LABEL = re.compile(r"[^A-Z0-9_]+")
_TOKEN = re.compile(r"\[([A-Z0-9_]+)_([1-9][0-9]*)\]")
_CASELESS = frozenset(("EMAIL", "PERSON"))


@functools.lru_cache(maxsize=256)
def _label(type_: str) -> str:
    """A type as it may appear in `<TYPE>` and `[TYPE_N]`: upper-case letters, digits and underscores."""
    return _NOT_LABEL.sub("_", str(type_).upper()).strip("_") or "PII"


def _hash(value: str, label: str, key: bytes) -> str:
    digest = hmac.new(key, value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
    return f"<{label}:{digest[:16]}>"


def _value_key(value: str, label: str) -> str:
    """What makes two spellings the same value: NFKC, collapsed whitespace, and no case for names and emails."""
    normal = " ".join(unicodedata.normalize("NFKC", value).split())
    return normal.casefold() if label in _CASELESS else normal


class Pseudonymiser:
    """Consistent pseudonyms for one conversation: the same value always gets the same `[TYPE_N]`.

    All state lives in the instance, numbered per type in order of first appearance, so two
    conversations never share numbering or values. The mapping holds the original data: keep it in
    memory or in an encrypted vault (`hkaigov.pii.vault`), never in a log.
    """

    __slots__ = ("_by_key", "_counts", "_originals")

    def __init__(self) -> None:
        self._originals: dict[str, str] = {}  # "[PERSON_1]" -> "Chan Tai Man"
        self._by_key: dict[tuple[str, str], str] = {}  # ("PERSON", "chan tai man") -> "[PERSON_1]"
        self._counts: dict[str, int] = {}

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, str]) -> Pseudonymiser:
        """Rebuild an instance from a saved `mapping`; later values continue the numbering."""
        made = cls()
        for token, original in sorted(mapping.items(), key=_token_order):
            match = _TOKEN.fullmatch(token) if isinstance(token, str) else None
            if match is None or not isinstance(original, str):
                raise InputError(f"not a pseudonym mapping entry: {token!r}")
            label, number = match[1], int(match[2])
            made._originals[token] = original
            made._by_key.setdefault((label, _value_key(original, label)), token)
            made._counts[label] = max(made._counts.get(label, 0), number)
        return made

    def pseudonym_for(self, value: str, type: str) -> str:
        label = _label(type)
        key = (label, _value_key(value, label))
        token = self._by_key.get(key)
        if token is None:
            number = self._counts.get(label, 0) + 1
            self._counts[label] = number
            token = f"[{label}_{number}]"
            self._by_key[key] = token
            self._originals[token] = value
        return token

    def restore(self, text: str) -> str:
        """Put the original values back into a model's answer; tokens this instance never issued stay."""
        if not self._originals:
            return text
        return _TOKEN.sub(lambda match: self._originals.get(match[0], match[0]), text)

    @property
    def mapping(self) -> Mapping[str, str]:
        """Pseudonym -> original value, read-only."""
        return MappingProxyType(self._originals)


def _token_order(item: tuple[str, str]) -> tuple[int, str]:
    """Lowest number first, so a duplicated value resolves to its earliest pseudonym."""
    match = _TOKEN.fullmatch(item[0]) if isinstance(item[0], str) else None
    return (int(match[2]) if match else 0, str(item[0]))


# --- redact_text -------------------------------------------------------------------------------------


def _operator(operator: Operator | str) -> Operator:
    try:
        return Operator(operator)
    except ValueError:
        choices = ", ".join(op.value for op in Operator)
        raise InputError(f"unknown redaction operator {operator!r}; expected one of: {choices}") from None


def _spans(text: str, findings: Iterable[Finding], include_suspected: bool) -> list[tuple[int, int, str, bool]]:
    """Validated findings, overlaps merged into one span typed after its longest (then earliest) finding.

    The flag says whether the span is exactly that finding: only then may `fpe_mask` keep part of it,
    since a merged span's extra characters belong to another value.
    """
    size = len(text)
    chosen: list[Finding] = []
    for index, finding in enumerate(findings):
        start, end = finding.start, finding.end
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= size):
            raise InputError(
                f"finding {index} ({finding.type}) has span {start!r}..{end!r}; "
                f"expected 0 <= start < end <= {size} (the text's length)"
            )
        if include_suspected or not finding.suspected:
            chosen.append(finding)
    chosen.sort(key=lambda f: (f.start, -f.end))
    merged: list[tuple[int, int, Finding]] = []  # start, end, the finding that gives the type
    for finding in chosen:
        if merged and finding.start < merged[-1][1]:
            start, end, best = merged[-1]
            if finding.end - finding.start > best.end - best.start:
                best = finding
            merged[-1] = (start, max(end, finding.end), best)
        else:
            merged.append((finding.start, finding.end, finding))
    return [(start, end, best.type, (start, end) == (best.start, best.end)) for start, end, best in merged]


def redact_text(
    text: str,
    findings: Iterable[Finding],
    operator: Operator | str = Operator.REPLACE,
    *,
    key: bytes | None = None,
    pseudonymiser: Pseudonymiser | None = None,
    include_suspected: bool = False,
) -> Redaction:
    """Rewrite every finding's span with `operator`; text between findings is copied unchanged.

    `hash` needs `key` (the HMAC key); `pseudonym` uses `pseudonymiser`, or a fresh one for this text
    only. Suspected findings (failed check digit) are left alone unless `include_suspected`.
    """
    op = _operator(operator)
    secret = b""
    if op is Operator.HASH:
        if not isinstance(key, bytes | bytearray) or not key:
            raise InputError("the hash operator needs a non-empty secret key (bytes) for HMAC-SHA256")
        secret = bytes(key)
    if op is Operator.PSEUDONYM and pseudonymiser is None:
        pseudonymiser = Pseudonymiser()
    spans = _spans(text, findings, include_suspected)
    if not spans:
        return Redaction(text, ())

    pieces: list[str] = []
    replacements: list[Replacement] = []
    cursor = length = 0
    for start, end, type_, exact in spans:
        pieces.append(text[cursor:start])
        length += start - cursor
        value, label = text[start:end], _label(type_)
        if op is Operator.REPLACE:
            new = f"<{label}>"
        elif op is Operator.MASK:
            new = _mask(value)
        elif op is Operator.FPE_MASK:
            new = _fpe_mask(value, label) if exact else _mask(value)
        elif op is Operator.HASH:
            new = _hash(value, label, secret)
        else:
            assert pseudonymiser is not None
            new = pseudonymiser.pseudonym_for(value, label)
        pieces.append(new)
        replacements.append(Replacement(start, end, type_, length, length + len(new)))
        length += len(new)
        cursor = end
    pieces.append(text[cursor:])
    return Redaction("".join(pieces), tuple(replacements))

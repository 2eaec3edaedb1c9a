"""Length-preserving folding: full-width forms to ASCII, odd spaces and dashes to plain ones.

Matching runs on the folded text; findings are reported on the original. Because every character
folds to exactly one character, an index into the folded text is the same index into the original,
so no offset map is needed. This is NFKC applied per character, restricted to the characters whose
NFKC form is a single character (full-width ASCII, ideographic space, …), plus dashes and the
minus sign folded to `-` (our addition: NFKC leaves them alone, but people type them in numbers).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


@cache
def fold_table() -> dict[int, str]:
    """Code point → replacement, for `str.translate`."""
    table: dict[int, str] = {}
    for cp in range(0xFF01, 0xFFEF):
        folded = unicodedata.normalize("NFKC", chr(cp))
        if len(folded) == 1 and folded != chr(cp):
            table[cp] = folded
    for ch in _SPACES:
        table[ord(ch)] = " "
    for ch in _DASHES:
        table[ord(ch)] = "-"
    return table


_NEEDS_FOLD = re.compile("[" + _DASHES + _SPACES + "\uff01-\uffee]")


def fold(text: str) -> str:
    """The text with full-width forms, unusual spaces and dashes folded; same length as `text`."""
    if text.isascii() or _NEEDS_FOLD.search(text) is None:
        return text
    return text.translate(fold_table())

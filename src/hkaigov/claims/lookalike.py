"""Look-alike domains: a host that imitates a registered institution's domain without being one of them.

Three tricks are caught, alone or together:

* the bank's name with words added ("hangseng-secure-login.com", "bochk-hk-verify.com");
* characters that look alike ("b0chk", "rnox" for "mox", Cyrillic letters, punycode);
* one slip of the keyboard ("hangsenq", "hssbc") for names of five letters or more.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from functools import cache

from hkaigov.claims.institutions import Institution, InstitutionRegister, host_matches

# second-level labels under which a country code sits: example.com.hk → registrable part "example"
_SECOND_LEVEL = frozenset({"com", "net", "org", "gov", "edu", "co", "idv", "ltd", "biz"})
# look-alike characters, folded to the letters they imitate (after NFKC and lower-casing)
_GLYPHS = {"0": "o", "1": "l", "3": "e", "5": "s", "7": "t", "4": "a", "8": "b", "9": "g", "@": "a", "$": "s"}
_CYRILLIC = {
    "а": "a",
    "е": "e",
    "о": "o",
    "р": "p",
    "с": "c",
    "х": "x",
    "у": "y",
    "і": "i",
    "ј": "j",
    "ѕ": "s",
    "һ": "h",
    "ԁ": "d",
    "ո": "n",
    "ɡ": "g",
    "ӏ": "l",
    "ԛ": "q",
    "ԝ": "w",
}
_PAIRS = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("nn", "m"))


def registrable_labels(host: str) -> list[str]:
    """The labels of `host` in front of its public suffix: "login.hangseng-secure.com.hk" → [login, hangseng-secure]."""
    labels = host.lower().rstrip(".").split(".")
    if labels and labels[0] == "www":
        labels = labels[1:]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return labels[:-2]
    return labels[:-1] if len(labels) > 1 else labels


def _decode(label: str) -> str:
    if label.startswith("xn--"):
        try:
            return label.encode("ascii").decode("idna")
        except UnicodeError:
            return label
    return label


def skeleton(text: str) -> str:
    """What a string looks like: homoglyphs folded, so "b0chk" and "bоchk" (Cyrillic о) both read "bochk"."""
    folded = unicodedata.normalize("NFKC", _decode(text)).lower()
    out = "".join(_CYRILLIC.get(ch, _GLYPHS.get(ch, ch)) for ch in folded)
    for pair, letter in _PAIRS:
        out = out.replace(pair, letter)
    return out


def _edits_within_one(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        return len(diffs) == 1 or (len(diffs) == 2 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]])
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


@cache
def _brand_keys(register: InstitutionRegister) -> tuple[tuple[str, Institution], ...]:
    """Names a look-alike domain would imitate: each domain's registrable label and each Latin alias, squashed."""
    keys: dict[str, Institution] = {}
    for inst in register.institutions:
        for domain in inst.domains:
            for label in registrable_labels(domain)[-1:]:
                keys.setdefault(skeleton(label.replace("-", "")), inst)
        for alias in (*inst.aliases, inst.name_en):
            squashed = "".join(ch for ch in alias.lower() if ch.isascii() and ch.isalnum())
            if 3 <= len(squashed) <= 20 and squashed not in {"bank", "limited"}:
                keys.setdefault(skeleton(squashed), inst)
    return tuple(sorted(keys.items(), key=lambda kv: -len(kv[0])))


def lookalike(
    host: str, register: InstitutionRegister, extra_words: Collection[str] = ()
) -> tuple[Institution, str] | None:
    """The registered institution `host` imitates and how, or None. A host that is the institution's is never one."""
    if not host or any(host_matches(host, d) for i in register.institutions for d in i.domains):
        return None
    labels = registrable_labels(host)
    if not labels:
        return None
    tokens = [t for label in labels for t in label.split("-") if t]
    joined = skeleton("".join(tokens))
    shapes = {skeleton(t) for t in tokens}
    added = [t for t in tokens if t in extra_words]
    for key, inst in _brand_keys(register):
        how = ""
        if key in shapes or (len(key) >= 5 and key in joined):
            raw = {t.lower() for t in tokens} | {"".join(tokens).lower()}
            how = "its name" if any(key in r for r in raw) else "its name, spelt with look-alike characters"
        elif len(key) >= 5 and any(len(s) >= 5 and _edits_within_one(s, key) for s in shapes):
            how = "its name with one character changed"
        if how:
            if added:
                how += " with added words: " + ", ".join(added)
            return inst, how
    return None

"""Where context words sit in a text, found in one Aho-Corasick pass and asked about by window.

Built lazily per text: most recognisers only ask when a candidate has passed its validator.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

import ahocorasick

from hkaigov.pii.gazetteers import context_words


@cache
def _automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    groups_of: dict[str, set[str]] = {}
    for group, words in context_words().items():
        for word in words:
            groups_of.setdefault(word.lower(), set()).add(group)
    for word, groups in groups_of.items():
        automaton.add_word(word, (len(word), word.isascii(), tuple(sorted(groups))))
    automaton.make_automaton()
    return automaton


_SENTENCE_ENDS = frozenset("。！？!?")
_NOT = "_not"  # suffix of a group listing phrases in which the group's words mean something else


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def lower_same_length(text: str) -> str:
    low = text.lower()
    return low if len(low) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


class ContextIndex:
    """Positions of each context group's words in one (folded) text."""

    __slots__ = ("_ends", "_positions", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._positions: dict[str, list[int]] | None = None
        self._ends: dict[str, list[int]] = {}

    def _index(self) -> dict[str, list[int]]:
        spans: dict[str, list[tuple[int, int]]] = {}
        low = lower_same_length(self.text)
        n = len(low)
        for end, (length, ascii_word, groups) in _automaton().iter(low):
            start = end - length + 1
            # A Latin word counts only as a whole word: "tel" is not context inside "hotel".
            if (
                ascii_word
                and low[start].isalnum()
                and ((start > 0 and _is_word_char(low[start - 1])) or (end + 1 < n and _is_word_char(low[end + 1])))
            ):
                continue
            for group in groups:
                spans.setdefault(group, []).append((start, end + 1))
        for group, found in spans.items():
            # A word inside a phrase of the group's `_not` list is another sense of it: "river bank", "power bank".
            other = spans.get(group + _NOT)
            if other and not group.endswith(_NOT):
                spans[group] = [(s, e) for s, e in found if not any(os <= s and e <= oe for os, oe in other)]
        self._ends = {group: sorted(e for _, e in found) for group, found in spans.items()}
        return {group: sorted(s for s, _ in found) for group, found in spans.items()}

    def near(self, group: str, start: int, end: int, before: int = 48, after: int = 16) -> bool:
        """Whether a word of `group` starts within `before` characters before `start` or `after` after `end`."""
        if self._positions is None:
            self._positions = self._index()
        found = self._positions.get(group)
        if not found:
            return False
        i = bisect_left(found, start - before)
        return i < len(found) and found[i] <= end + after and (found[i] < start or found[i] >= end)

    def gap_before(self, group: str, start: int, window: int) -> int | None:
        """Characters between the end of the nearest word of `group` before `start` and `start`, if within `window`."""
        if self._positions is None:
            self._positions = self._index()
        ends = self._ends.get(group)
        if not ends:
            return None
        i = bisect_left(ends, start + 1) - 1
        if i < 0 or start - ends[i] > window:
            return None
        return start - ends[i]

    def gap_in_clause(self, group: str, start: int, window: int) -> int | None:
        """`gap_before`, but only when the word is in the same sentence as `start` and no other number stands
        between them: in "商業登記號碼：29724023。單號13310279" the order number is not a BR number."""
        gap = self.gap_before(group, start, window)
        if gap is None:
            return None
        between = self.text[start - gap : start]
        return None if any(c.isdigit() or c in _SENTENCE_ENDS for c in between) else gap


def names_a_reference(context: ContextIndex, start: int, positive_gap: int | None, window: int = 16) -> bool:
    """Whether a reference word (order, invoice, code, 編號, 金額…) ends within `window` characters before `start`,
    nearer than the nearest positive word (`positive_gap`): "訂單號碼：92345610" names an order, not a phone."""
    negative = context.gap_before("reference", start, window)
    if negative is None or (positive_gap is not None and positive_gap < negative):
        return False
    # The word must label this value: no other number or sentence end between them, and no line break unless the
    # word is a label above its value ("Order No.:\n12345678"); "Subject: Invoice\nRing me on 6408 1328" is a phone.
    between = context.text[start - negative : start]
    if any(c in _SENTENCE_ENDS for c in between):
        return False
    if "\n" in between and not between.split("\n", 1)[0].rstrip(" \r").endswith((":", "：")):
        return False
    # Another number between them ends the label's reach, unless it is a list of numbers the label names all of:
    # "訂單 #52345678 同埋 #62345679", "orders 12345678 and 23456789".
    return not any(c.isdigit() for c in between) or not _LIST_OF_NUMBERS.sub("", between)


_LIST_OF_NUMBERS = re.compile(r"[0-9#＃ ,，、/&\-]|同埋|及|和|同|and|or")


_SEPARATORS = (",", "\t", "|")
_NOT_IN_HEADERS = re.compile(r"[。！？!?]|[.:：] |[^,\t|]{41}")


def column_header(text: str, pos: int) -> str | None:
    """The header of the column that `pos` is in, lower-cased, when `text` starts with a table: a first line of
    short cells separated by commas, tabs or bars (no sentence in it), then rows with as many cells down to the
    line of `pos`. None otherwise."""
    first_end = text.find("\n")
    line_start = text.rfind("\n", 0, pos) + 1
    if first_end < 0 or line_start == 0:
        return None
    header = text[:first_end].rstrip("\r")
    sep = next((c for c in _SEPARATORS if c in header), None)
    if sep is None or _NOT_IN_HEADERS.search(header):
        return None
    line_end = text.find("\n", pos)
    table = text[: len(text) if line_end < 0 else line_end]
    cells = header.count(sep)
    if any(line.count(sep) != cells for line in table.split("\n")[1:]):
        return None
    return header.split(sep)[text.count(sep, line_start, pos)].strip(' "').lower()


# Column headers and log keys: a phone's (a word starting so, or a Chinese word in it), a version's, or another
# reference's (an id, amount or date).
_PHONE_HEADS = ("phone", "tel", "mobile", "cell", "fax", "contact", "whatsapp")
_PARTY_HEADS = frozenset("to from sender recipient caller callee msisdn sms dest".split())
_PHONE_HEADS_ZH = ("電話", "手機", "手提", "聯絡", "傳真")
_VERSION_HEADS = ("version", "ver", "build", "release")
_REFERENCE_HEADS = frozenset(
    "id no num number ref reference order invoice receipt amount total price qty quantity count code sku date "
    "time year version rows size sales revenue cost fee balance hkd usd rmb product item model serial part".split()
)
_REFERENCE_HEADS_ZH = ("編號", "單號", "號碼", "金額", "數量", "日期")
_WORDS = re.compile(r"[a-z]+")


def head_kind(head: str) -> str | None:
    """ "phone" for a phone column or key ("contact_no", "電話", "to" in an SMS log), "version" for a version
    one, "reference" for another id, amount or date one, None for anything else."""
    words = _WORDS.findall(head.lower())
    if any(w.startswith(_PHONE_HEADS) or w in _PARTY_HEADS for w in words) or any(w in head for w in _PHONE_HEADS_ZH):
        return "phone"
    if "版本" in head or any(w.startswith(_VERSION_HEADS) for w in words):
        return "version"
    if any(w in _REFERENCE_HEADS for w in words) or any(w in head for w in _REFERENCE_HEADS_ZH):
        return "reference"
    return None


def column_kind(text: str, pos: int) -> str | None:
    """`head_kind` of the header of the table column that `pos` is in (`column_header`)."""
    column = column_header(text, pos)
    return None if column is None else head_kind(column)

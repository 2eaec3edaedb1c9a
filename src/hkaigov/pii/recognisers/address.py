"""Hong Kong addresses in English and Chinese.

An address is a chain of components — flat, floor, block, building, street (with its number),
district, region — written next to each other. We report a chain when it has a street number, or at
least two components of which one pins a place down (flat, floor, block, building, street number).
A district on its own ("near Sha Tin") is a place, not an address. This is our rule of thumb, not a
definition from any instrument.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import pairwise

from hkaigov.pii.context import ContextIndex
from hkaigov.pii.findings import EntityType
from hkaigov.pii.gazetteers import places
from hkaigov.pii.recognisers.base import Candidate, Part, alternation, recogniser

_STREET_WORDS = (
    "Road|Rd|Street|St|Avenue|Ave|Lane|Path|Drive|Terrace|Crescent|Boulevard|Circuit|Highway|Praya|Close|Village|Tsuen"
)
_BUILDING_WORDS = (
    "Commercial Building|Commercial Centre|Industrial Building|Industrial Centre|Building|Bldg|Mansions|Mansion|"
    "Court|Centre|Center|Towers|Tower|House|Plaza|Gardens|Garden|Estate|Villas|Villa|Heights|Place|Lodge|Mall|"
    "Chambers|Castle|Park|Square"
)
_NOT_NAME = (
    r"(?!(?:The|At|In|On|Near|From|To|Our|My|Your|His|Her|Their|Visit|Lives|Live|Moved|Address|Located|And|Or|Of|"
    r"For|Send|Deliver|Please|We|I|He|She|They|It|This|That|A|An|Mr|Mrs|Ms|Miss|Dr|Flat|Room|Unit|Shop|Block)\b)"
)
_CAP_WORD = r"[A-Z][A-Za-z'\-]*"
_NAME_WORD = _NOT_NAME + _CAP_WORD
# A capitalised word that goes on a name, unless it starts a numbered component: "Metro City | Phase 2".
_NAME_MORE = r"(?!(?:Block|Blk|Tower|Phase|Wing)\.? ?[A-Z0-9]{1,3}(?![A-Za-z0-9]))" + _CAP_WORD
_UNIT = r"(?:Flat|Flt|Room|Rm|Unit|Shop|Suite|Apartment|Apt)\.? ?[A-Z0-9]{1,5}(?:[\-/][A-Z0-9]{1,4})?(?![A-Za-z0-9])"
_FLOOR = (
    r"(?:(?:[0-9]{1,3}|G|LG|UG|M)/F(?![A-Za-z])|[0-9]{1,3}(?:st|nd|rd|th) Floor|"
    r"(?:Ground|Upper Ground|Lower Ground|Mezzanine|Top) Floor|Floor [0-9]{1,3}(?![0-9]))"
)
_BLOCK = r"(?:Block|Blk|Tower|Phase|Wing)\.? ?[A-Z0-9]{1,3}(?![A-Za-z0-9])"
_STREET = (
    r"(?:(?P<number>[0-9]{1,4}[A-Z]?(?:-[0-9]{1,4}[A-Z]?)? )"
    r"(?:(?:" + _CAP_WORD + r" ){1,6}(?:" + _STREET_WORDS + r")\.?|[A-Z][a-z]+way)"  # or one word: "89 Queensway"
    r"|(?:" + _NAME_WORD + r" )(?:" + _CAP_WORD + r" ){0,4}(?:" + _STREET_WORDS + r")\.?)"
    r"(?: (?:East|West|Central|North|South))?(?![A-Za-z])"
)
_BUILDING = (
    r"(?:" + _NAME_WORD + r" ){1,4}(?:" + _BUILDING_WORDS + r")(?:(?<=Tower) [0-9]{1,2}[A-Z]?(?![0-9A-Za-z/]))?"
    r"(?![A-Za-z])"
)  # "Silvercord Tower 2": the tower's number belongs to it

_SPECIFIC_EN = frozenset({"unit", "floor", "block", "building"})
_PINNED_EN = frozenset({"unit", "floor", "block"})
# Buildings people live in, by their last word: an estate and its district is an address, a centre or mall is not.
_HOME_WORDS = ("Court", "Mansion", "Mansions", "Estate", "Villa", "Villas", "Heights", "Lodge", "Garden", "Gardens")


def _is_home(m: re.Match[str]) -> bool:
    return m.lastgroup == "building" and m.group().rstrip(" 0123456789").endswith(_HOME_WORDS)


@cache
def _english() -> re.Pattern[str]:
    p = places()
    return re.compile(
        rf"(?=[A-Z0-9])(?:(?P<unit>{_UNIT})|(?P<floor>{_FLOOR})|(?P<block>{_BLOCK})|(?P<street>{_STREET})|(?P<building>{_BUILDING})"
        rf"|(?P<place>(?<![A-Za-z])(?:{alternation(p.latin)})(?![A-Za-z]))"
        rf"|(?P<name>(?<![A-Za-z])(?:The )?{_NAME_WORD}(?: {_NAME_MORE}){{0,3}}(?![A-Za-z])))"
    )


# Between components: spaces and commas, or one line break ("Flat D, 20/F,\nBlock B, …" or an address block).
_GAP = re.compile(r"[ ,]{0,3}|,?[ ]*\r?\n[ ]*")


# Every reported chain holds one of these words (a unit, floor, block, street or building component).
_ENGLISH_KEY = re.compile(
    r"Flat|Flt|Room|Rm|Unit|Shop|Suite|Apartment|Apt|Floor|Block|Blk|Tower|Phase|Wing|"
    + _STREET_WORDS
    + "|"
    + _BUILDING_WORDS
    + r"|/F|way"
)  # searched as literals (fast), then kept only as whole words (`_next_key`): "Status" and "Parking" hold none


def _next_key(text: str, pos: int) -> re.Match[str] | None:
    while (m := _ENGLISH_KEY.search(text, pos)) is not None:
        s, e = m.span()
        word = m.group()
        after_ok = e == len(text) or not text[e].isalnum()
        if word == "way":
            if s > 0 and text[s - 1].islower() and after_ok:
                return m  # "Queensway"
        elif word == "/F" or ((s == 0 or not text[s - 1].isalnum()) and after_ok):
            return m
        pos = s + 1
    return None


def _english_addresses(text: str) -> Iterator[Candidate]:
    """Chains on the lines that hold a component word, and on the lines next to them that a chain can run into: a
    line before that ends in a comma, a line after when this one ends in a component (or a comma) and the next
    starts with one other than a bare capitalised name (an address block)."""
    pattern = _english()
    pos = 0
    while (key := _next_key(text, pos)) is not None:
        start = text.rfind("\n", 0, key.start()) + 1
        while start > pos and text[: start - 1].rstrip(" \r").endswith(","):
            start = text.rfind("\n", 0, start - 1) + 1
        start = max(start, pos)  # never back into the stretch searched before
        end = _line_end(text, key.end())
        found = list(pattern.finditer(text, start, end))
        while (
            found
            and end < len(text)
            and (found[-1].lastgroup != "name" or text[:end].rstrip(" \r").endswith(","))
            and not text[found[-1].end() : end].strip(" ,\r")
        ):
            after = _line_end(text, end + 1)
            more = list(pattern.finditer(text, end + 1, after))
            if not more or text[end + 1 : more[0].start()].strip(" ") or more[0].lastgroup == "name":
                break  # the next line does not start with a component (a bare capitalised word is not enough)
            found += more
            end = after
        chain: list[re.Match[str]] = []
        for m in found:
            if chain and not _GAP.fullmatch(text, chain[-1].end(), m.start()):
                yield from _english_chain(chain)
                chain = []
            chain.append(m)
        if chain:
            yield from _english_chain(chain)
        pos = max(end, key.end())


def _line_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end


def _english_chain(chain: list[re.Match[str]]) -> Iterator[Candidate]:
    """A chain may hold an estate's bare name ("South Horizons") between components, never at its ends."""
    while chain and chain[0].lastgroup == "name":
        chain = chain[1:]
    while chain and chain[-1].lastgroup == "name":
        chain = chain[:-1]
    if not chain:
        return
    kinds = [m.lastgroup or "" for m in chain]
    numbered_street = any(m.lastgroup == "street" and m["number"] for m in chain)
    text = chain[0].string
    if not numbered_street and any(
        "\n" in (gap := text[a.end() : b.start()]) and "," not in gap for a, b in pairwise(chain)
    ):
        return  # lines joined without commas ("Room 501\nRoom 502") make an address block only with a street number
    if not numbered_street and not _PINNED_EN.intersection(kinds) and not any(_is_home(m) for m in chain):
        return  # a mall, a venue or a branch and its district ("Sports Centre, Wan Chai") is a place, not a home
    if numbered_street or (len(chain) >= 2 and _SPECIFIC_EN.intersection(kinds)):
        score = 0.9 if len(chain) >= 3 else 0.85
        yield Candidate(chain[0].start(), chain[-1].end(), score)


# Characters that do not belong in a street or building name: the name stops before them.
_STOP_ZH = "在住於係是的去到往從我你他她佢們為址喺咗話搬：，。、；！？「」（）:,.;!?()"
_NAME_ZH = r"(?:(?![" + _STOP_ZH + r"])[\u4e00-\u9fff])"
_NUM_ZH = r"[一二三四五六七八九十]{1,3}"
_SEP = r"[ ,]?"
_STREET_SUFFIX_ZH = "(?:大道中|大道東|大道西|大道|道|街|路|里|徑|坊|巷)"


@cache
def _chinese() -> re.Pattern[str]:
    p = places()
    parts = [
        ("region", alternation(p.regions_zh)),
        # A district right before 道/街/路 names the street (觀塘道, 太子道西): the street group takes it.
        ("district", "(?:" + alternation(p.districts_zh) + ")(?!" + _STREET_SUFFIX_ZH + ")"),
        # a street, with its section (青山公路元朗段), or a village with house numbers (石崗村56號)
        (
            "street",
            _NAME_ZH + r"{1,6}?(?:" + _STREET_SUFFIX_ZH + r"(?:" + _NAME_ZH + r"{1,3}段)?|[村圍](?=[0-9]))"
            r"(?:[東西南北中](?=[0-9]))?",
        ),
        ("number", r"[0-9]{1,4}[A-Z]?(?:[\-至][0-9]{1,4}[A-Z]?)?號(?![碼码室舖房])"),
        (
            # First a name that runs up to a block or floor (帝峰皇殿3座: not just 帝峰), then one ending in a building
            # word, then an English name before a phase, block or floor (D2 Place 2期6樓).
            "building",
            r"(?!(?:本|貴)?公司[0-9第])(?:"  # 公司25樓會議室 is somewhere in an office, not an address
            + _NAME_ZH
            + r"{2,8}?(?=第?(?:[0-9]{1,3}|[A-Z]|"
            + _NUM_ZH
            + r")座|[0-9]{1,3}樓)|"
            + _NAME_ZH
            + r"{1,8}?(?:大廈|中心|花園|廣場|商場|大樓|山莊|豪庭|半島|新邨|苑|邨|閣|軒|城|園|居|峰)"
            r"|[A-Z][A-Za-z0-9]*(?: [A-Z][A-Za-z0-9]*){0,3}(?=[ ]?(?:第?[0-9]{1,2}期|[0-9]{1,3}[座樓])))",
        ),
        # A block of an estate named, not numbered, right before the flat: 禾輋邨豐順樓1503室.
        ("house", _NAME_ZH + r"{1,4}?[樓閣](?=[0-9]{1,4}[A-Z]?(?:號室|室|號房))"),
        ("phase", r"第?(?:[0-9]{1,2}|" + _NUM_ZH + r")期"),
        ("block", r"第?(?:[0-9]{1,3}|[A-Z]|" + _NUM_ZH + r")座"),
        ("floor", r"(?:(?:[0-9]{1,3}|" + _NUM_ZH + r"|地下|地|高|低|中|頂)樓|地下|(?:[0-9]{1,3}|G)/F)"),
        ("unit", r"[A-Z0-9]{1,4}(?:號室|室|號舖|舖|號房)"),
    ]
    return re.compile(_SEP.join(f"(?P<{name}>{body})?" for name, body in parts))


_SPECIFIC_ZH = ("number", "block", "floor", "unit")
_ANCHOR_ZH = re.compile(
    # the lookahead names every first character an anchor can have: the engine then skips other positions fast
    r"(?=[0-9A-Z第一二三四五六七八九十地高低中頂])(?:"
    r"[0-9]{1,4}[A-Z]?(?:[\-至][0-9]{1,4}[A-Z]?)?號|第?(?:[0-9]{1,3}|[A-Z]|" + _NUM_ZH + r")座|[0-9]{1,2}期"
    r"|(?:[0-9]{1,3}|" + _NUM_ZH + r"|地下|地|高|低|中|頂)樓|地下|(?:[0-9]{1,3}|G)/F|[A-Z0-9]{1,4}(?:室|舖|號房))"
)
_ANCHOR_ENDS = ("號", "座", "期", "樓", "地下", "/F", "室", "舖")  # every anchor holds one of these
_REACH = 24  # how far before its first numbered component a Chinese address may start


def _chinese_addresses(text: str) -> Iterator[Candidate]:
    """Chains found from their numbered components (號, 座, 樓, 室) backwards, not at every character."""
    if not any(ch in text for ch in _ANCHOR_ENDS):
        return
    pattern = _chinese()
    covered = 0
    for anchor in _ANCHOR_ZH.finditer(text):
        a = anchor.start()
        if a < covered:
            continue
        lo = a
        while (
            lo > covered
            and a - lo < _REACH
            and text[lo - 1] not in _STOP_ZH
            and (text[lo - 1].isalnum() or text[lo - 1] in " ,")
        ):
            lo -= 1
        for s in range(lo, a + 1):
            m = pattern.match(text, s)
            if m is None or m.end() <= a:
                continue
            present = [k for k, v in m.groupdict().items() if v]
            if len(present) >= 2 and any(k in present for k in _SPECIFIC_ZH):
                end = max(m.end(k) for k in present)
                yield Candidate(min(m.start(k) for k in present), end, 0.9 if len(present) >= 3 else 0.85)
                covered = end
            break


_ENGLISH_TRIGGERS = (
    r"(?:Flat|Flt|Room|Rm|Unit|Shop|Suite|Apartment|Apt|Floor|Block|Blk|Tower|Phase|Wing|/F)",
    r"(?:" + _STREET_WORDS + "|" + _BUILDING_WORDS + ")",
    r"[a-z]way",  # one-word streets: "88 Queensway"
)
_CHINESE_TRIGGERS = (
    r"[0-9A-Z] ?(?:號|樓|室|座|期|舖)",
    r"(?:[一二三四五六七八九十]|地|高|低|中|頂)(?:樓|座)",
    r"地下|第[一二三四五六七八九十]",
    r"/F",  # 15/F in a Chinese address
)


def _english_part(text: str, context: ContextIndex) -> Iterator[Candidate]:
    return _english_addresses(text)


def _chinese_part(text: str, context: ContextIndex) -> Iterator[Candidate]:
    return iter(()) if text.isascii() else _chinese_addresses(text)


@recogniser(
    EntityType.HK_ADDRESS,
    triggers=(*_ENGLISH_TRIGGERS, *_CHINESE_TRIGGERS),
    priority=7,
    parts=(Part(_ENGLISH_TRIGGERS, _english_part), Part(_CHINESE_TRIGGERS, _chinese_part)),
)
def hk_address(text: str, context: ContextIndex) -> Iterator[Candidate]:
    yield from _english_part(text, context)
    yield from _chinese_part(text, context)

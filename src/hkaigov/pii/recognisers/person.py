"""Names of people: English, romanised Cantonese and Chinese.

Three ways in, in order of confidence: a title or label next to the name (Mr, Ms, Name:, 先生, 小姐,
姓名：, 申請人…); a romanised name built from gazetteers (a Hong Kong surname with Cantonese given-name
syllables, "Chan Tai Man"; an English given name with a surname, "Peter Chan"); and nothing else — a
bare Chinese name with no title or label is not reported, because two or three Chinese characters
starting with a common surname are far more often ordinary words (黃金, 林業, 高興).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from itertools import pairwise

from hkaigov.pii.context import ContextIndex
from hkaigov.pii.findings import EntityType
from hkaigov.pii.gazetteers import Names, names, places
from hkaigov.pii.recognisers.base import Candidate, alternation, recogniser

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_TOKEN = r"(?:[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?|[A-Z]{2,}(?:-[A-Z]{2,})?)"
_RUN = re.compile(r"(?<![A-Za-z0-9])" + _TOKEN + r"(?: " + _TOKEN + r")*(?![A-Za-z0-9])")
_TOKEN_RE = re.compile(r"[A-Za-z\-]+")

# Capitalised words that end a name: sentence words and the words of addresses and organisations.
_STOP = frozenset(
    [
        "The",
        "A",
        "An",
        "And",
        "Or",
        "Of",
        "For",
        "In",
        "On",
        "At",
        "To",
        "From",
        "By",
        "With",
        "Is",
        "Was",
        "Are",
        "Were",
        "Be",
        "Has",
        "Have",
        "Had",
        "Will",
        "Would",
        "Can",
        "Could",
        "Lives",
        "Live",
        "Lived",
        "Said",
        "Says",
        "Thank",
        "Thanks",
        "Please",
        "Dear",
        "Hi",
        "Hello",
        "Regards",
        "Best",
        "Sincerely",
        "Yours",
        "Re",
        "Fw",
        "Fwd",
        "Cc",
        "Road",
        "Rd",
        "Street",
        "St",
        "Avenue",
        "Ave",
        "Lane",
        "Path",
        "Drive",
        "Terrace",
        "Building",
        "Bldg",
        "Mansion",
        "Court",
        "Centre",
        "Center",
        "Tower",
        "House",
        "Plaza",
        "Garden",
        "Gardens",
        "Estate",
        "Villa",
        "Heights",
        "Place",
        "Lodge",
        "Square",
        "Flat",
        "Room",
        "Unit",
        "Shop",
        "Block",
        "Floor",
        "Company",
        "Limited",
        "Ltd",
        "Bank",
        "Group",
        "Holdings",
        "Hospital",
        "School",
        "College",
        "University",
        "Department",
        "Office",
        "Government",
        "Council",
        "Hotel",
        "Mr",
        "Mrs",
        "Ms",
        "Miss",
        "Mdm",
        "Madam",
        "Dr",
        "Prof",
        "Professor",
        "Sir",
        "Dame",
        "Mx",
        "Customer",
        "Client",
        "Name",
        "Applicant",
        "Patient",
        "Staff",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "ID",
        "HKID",
        "Tel",
        "Phone",
        "Mobile",
        "Email",
        "Fax",
        "Card",
        "Account",
        "No",
        "Ref",
    ]
)
# Words after which the capitalised words before them name a place or an organisation, not a person.
_BLOCKING_WORDS = frozenset(
    "Road Rd Street St Avenue Ave Lane Path Drive Terrace Crescent Building Bldg Mansion Mansions Court Centre "
    "Center Tower Towers House Plaza Garden Gardens Estate Villa Villas Heights Place Lodge Square Mall "
    "Group Properties Holdings Hospital Hospitals Kuk Festival Class Limited Ltd Company Co Bank Foundation "
    "Association School College University Temple Church Market Restaurant Hotel Industries Enterprises Trading "
    "Garments Foods Catering Logistics Printing Tech Technology Consulting Partners Society Club Park Harbour Peak "
    "Station Line Bridge Tunnel Island Village Shing Wan Bay Hill Stadium Theatre Museum Library Fund Trust".split()
)


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    n = names()
    # Ends exactly where a name introduced by a title or a label starts.
    introducer = re.compile(
        r"(?:(?<![A-Za-z])(?:" + alternation(n.titles_latin) + r")\.? *"
        r"|(?i:(?<![a-z])(?:" + alternation(n.labels_latin) + r") *: *"
        r"|(?<![a-z])(?:dear|my name is|name is|i am|i'm|this is|call me|signed by) +))(?=[A-Z])"
    )
    titles_zh = re.compile(alternation([t for t in n.titles_zh if len(t) > 1]))
    short_titles = re.compile(
        "(?:" + alternation(n.surnames_zh) + ")(?:" + alternation([t for t in n.titles_zh if len(t) == 1]) + ")"
    )
    labels_zh = re.compile("(?:" + alternation(n.labels_zh) + r")[ :：]*(?:係|是|為|叫)?[ :：]*")
    # A chat speaker or a line that starts with a name: "[18:12] 陳秀碧：…", "莫佳玲個手機號碼…"
    speaker_zh = re.compile(
        r"(?:^|(?<=[\n\]]))[ ]?(?:" + alternation(n.surnames_zh) + r")[" + _CJK + r"]{1,2}(?=[:：]|個|嘅|話|持)"
        r"|(?<=[。！？!?])(?:" + alternation(n.surnames_zh) + r")[" + _CJK + r"]{2}(?=個|嘅|話|持|於)",
        re.MULTILINE,
    )
    return introducer, titles_zh, short_titles, labels_zh, speaker_zh


@cache
def _title_case(word: str) -> str:
    return "-".join(p.capitalize() for p in word.split("-"))


@cache
def _places_by_first_word() -> dict[str, list[tuple[str, ...]]]:
    """Place names as word tuples, grouped by their first word, longest first."""
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for place in (*places().latin, *names().not_names):
        words = tuple(place.split())
        grouped.setdefault(words[0], []).append(words)
    for group in grouped.values():
        group.sort(key=len, reverse=True)
    return grouped


def _is_syllables(word: str, n: Names) -> bool:
    return all(p.capitalize() in n.given_syllables for p in word.split("-"))


def _place_tokens(tokens: list[tuple[int, int, str]]) -> set[int]:
    """Indexes of tokens that belong to a place name (Ho Man Tin, Hong Kong, Ma On Shan…)."""
    covered: set[int] = set()
    by_first = _places_by_first_word()
    words = [_title_case(t[2]) for t in tokens]
    for i, word in enumerate(words):
        for place in by_first.get(word, ()):
            if tuple(words[i : i + len(place)]) == place:
                covered.update(range(i, i + len(place)))
                break
    return covered


def _gazetteer_names(tokens: list[tuple[int, int, str]], blocked: set[int], n: Names) -> Iterator[tuple[int, int]]:
    """Token ranges [i, j) that read as a name without any context."""
    words = [_title_case(t[2]) for t in tokens]
    i = 0
    while i < len(tokens):
        j = i
        if words[j] in n.given_english and j + 1 < len(tokens):
            j += 1
        if words[j] in n.surnames_latin and j not in blocked:
            k = j + 1
            while k < len(tokens) and k - j <= 2 and k not in blocked and _is_syllables(tokens[k][2], n):
                k += 1
            if k - i >= 2:
                yield i, k
                i = k
                continue
        if (
            words[i] in n.given_english
            and i + 1 < len(tokens)
            and i + 1 not in blocked
            and tokens[i + 1][2] not in _STOP
        ):
            yield i, i + 2
            i += 2
            continue
        # "Marco Ng", "Liza Taylor": a Western given name (not in our list) before a surname.
        if (
            i + 1 < len(tokens)
            and (words[i + 1] in n.surnames_latin or words[i + 1] in n.surnames_western)
            and not tokens[i + 1][2].isupper()
            and not blocked & {i, i + 1}
            and words[i] not in _STOP
            and not _is_syllables(tokens[i][2], n)
            and words[i] not in n.surnames_latin
        ):
            k = i + 2
            while k < len(tokens) and k - i <= 3 and k not in blocked and _is_syllables(tokens[k][2], n):
                k += 1
            yield i, k
            i = k
            continue
        # "Tai Man Chan": two given-name syllables, then the surname, at the end of the run.
        if (
            i + 2 < len(tokens)
            and i + 3 == len(tokens)
            and _is_syllables(tokens[i][2], n)
            and _is_syllables(tokens[i + 1][2], n)
            and words[i + 2] in n.surnames_latin
            and not blocked & {i, i + 1, i + 2}
        ):
            yield i, i + 3
            i += 3
            continue
        i += 1


def _latin(text: str) -> Iterator[Candidate]:
    n = names()
    for run in _RUN.finditer(text):
        tokens = [(run.start() + m.start(), run.start() + m.end(), m.group()) for m in _TOKEN_RE.finditer(run.group())]
        blocked = _place_tokens(tokens)
        # a name followed by an address word is a street or a building: "Chan Tai Man Street"
        for idx, t in enumerate(tokens):
            if _title_case(t[2]) in _BLOCKING_WORDS:
                blocked.update(range(max(0, idx - 4), idx + 1))
        introduced = {t[0] for t in tokens[:1] if _introduced(text, t[0], n)}
        introduced.update(t[0] for prev, t in pairwise(tokens) if prev[2] in n.titles_latin)
        yield from _with_context(tokens, blocked, introduced)
        if _is_speaker(text, run, tokens, blocked):
            yield Candidate(run.start(), run.end(), 0.8)
        for i, j in _gazetteer_names(tokens, blocked, n):
            yield Candidate(tokens[i][0], tokens[j - 1][1], 0.85)


_INTRO_PHRASES = ("dear", "my name is", "name is", "i am", "i'm", "this is", "call me", "signed by")


def _introduced(text: str, start: int, n: Names) -> bool:
    """Whether a title ("Mr", "Ms."), a label and colon ("Name:") or a phrase ("Dear", "my name is") ends at `start`."""
    before = text[max(0, start - 32) : start]
    stripped = before.rstrip(" ")
    if not stripped:
        return False
    if stripped[-1] in ":：":
        label = stripped[:-1].rstrip(" ").lower()
        return any(label.endswith(w) and not label[: -len(w)][-1:].isalpha() for w in n.labels_latin)
    if len(stripped) == len(before):
        return False  # a name is separated from its title or phrase by a space
    word = stripped.rsplit(None, 1)[-1].rstrip(".")
    if word in n.titles_latin:
        return True
    low = stripped.lower()
    return any(low.endswith(p) and not low[: -len(p)][-1:].isalpha() for p in _INTRO_PHRASES)


def _is_speaker(text: str, run: re.Match[str], tokens: list[tuple[int, int, str]], blocked: set[int]) -> bool:
    """A chat or transcript line that starts with a full name and a colon: "Harpreet Evans: sure"."""
    before = text[max(0, run.start() - 2) : run.start()]
    at_line_start = run.start() == 0 or before.endswith("\n") or before.endswith("] ")
    return (
        at_line_start
        and 2 <= len(tokens) <= 3
        and text[run.end() : run.end() + 1] in (":", "：")
        and not blocked
        and not any(t[2] in _STOP for t in tokens)
    )


def _with_context(tokens: list[tuple[int, int, str]], blocked: set[int], introduced: set[int]) -> Iterator[Candidate]:
    """Names right after a title or a label (`introduced` holds the indexes where such names start)."""
    starts = [i for i, t in enumerate(tokens) if t[0] in introduced]
    for start in starts:
        end = start
        while end < len(tokens) and end - start < 4 and end not in blocked and tokens[end][2] not in _STOP:
            end += 1
        if end > start:
            yield Candidate(tokens[start][0], tokens[end - 1][1], 0.9 if end - start > 1 else 0.8)


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _given_ok(chars: str, n: Names) -> bool:
    return all(_is_cjk(c) and c not in n.name_stop_zh for c in chars)


def _before_title(text: str, t: int, n: Names) -> Candidate | None:
    """The Chinese name that ends at index `t` (where a title such as 先生 starts), if any."""
    for given in (2, 1, 0):
        for sur in (2, 1):
            s = t - given - sur
            if s < 0 or text[s : s + sur] not in n.surnames_zh or not _given_ok(text[s + sur : t], n):
                continue
            return Candidate(s, t, 0.9 if given else 0.75)
    return None


def _after_label(text: str, p: int, n: Names) -> Candidate | None:
    """The Chinese name that starts at index `p` (right after a label such as 姓名：), if any."""
    for sur in (2, 1):
        if text[p : p + sur] not in n.surnames_zh:
            continue
        g = p + sur
        given = 0
        while given < 2 and g + given < len(text) and _given_ok(text[g + given], n):
            given += 1
        if given:
            return Candidate(p, g + given, 0.9)
    return None


def _chinese(text: str) -> Iterator[Candidate]:
    n = names()
    _, titles_zh, short_titles, labels_zh, speaker_zh = _patterns()
    for m in titles_zh.finditer(text):
        found = _before_title(text, m.start(), n)
        if found:
            yield found
    for m in short_titles.finditer(text):
        yield Candidate(m.start(), m.end() - 1, 0.75)
    for m in labels_zh.finditer(text):
        found = _after_label(text, m.end(), n)
        if found:
            yield found
    for m in speaker_zh.finditer(text):
        name = m.group().lstrip()
        if _given_ok(name[1:], n) or (_given_ok(name[2:], n) and name[:2] in n.surnames_zh):
            yield Candidate(m.end() - len(name), m.end(), 0.8)


_UTF8_CJK = r"[\xe3-\xe9][\x80-\xbf]{2}"  # one UTF-8 character from U+3000 to U+9FFF


@cache
def _triggers() -> tuple[str, ...]:
    """Byte patterns at least as broad as every way `person` finds a name (see the recogniser docstring)."""
    n = names()
    surnames = [*n.surnames_latin, *(s.upper() for s in n.surnames_latin)]
    lead = [*surnames, *n.given_english]
    surnames_zh = "(?:" + alternation(n.surnames_zh) + ")"
    long_titles = [t for t in n.titles_zh if len(t) > 1]
    short_titles = [t for t in n.titles_zh if len(t) == 1]
    return (
        "(?:" + alternation(n.titles_latin) + r")\.? *[A-Z]",
        "(?i:" + alternation(n.labels_latin) + r") *:",
        r"(?:[Dd]ear|[Mm]y name is|[Nn]ame is|I am|I'm|[Tt]his is|[Cc]all me|[Ss]igned by) +[A-Z]",
        r"\b(?:" + alternation(lead) + r")\b +[A-Z]",
        r"[A-Za-z] (?:" + alternation([*surnames, *n.surnames_western]) + r")\b",
        r"[A-Za-z] [A-Z][A-Za-z\-]*(?: [A-Z][A-Za-z\-]*)?:",
        surnames_zh + "(?:" + _UTF8_CJK + "){0,2}(?:" + alternation(long_titles) + ")",
        surnames_zh + "(?:" + alternation(short_titles) + ")",
        "(?:" + alternation(n.labels_zh) + r")(?:[ :]|：|係|是|為|叫){0,4}" + surnames_zh,
        surnames_zh + "(?:" + _UTF8_CJK + r"){1,2}(?::|：|個|嘅|話|持|於)",
    )


@recogniser(EntityType.PERSON, triggers=_triggers(), priority=6)
def person(text: str, context: ContextIndex) -> Iterator[Candidate]:
    yield from _latin(text)
    if not text.isascii():
        yield from _chinese(text)

"""Names of people: English, romanised Cantonese and Chinese.

Ways in, in order of confidence: a title or label next to the name (Mr, Ms, Name:, 先生, 小姐, 姓名：,
申請人…); a role or a phrase before it ("Customer Chan Siu Ming", "I am", 代表律師, 我同), which is
weaker, so the name must also look like one (a known given name or surname, or what follows it); a
chat speaker or a CSV column headed "name"; and a romanised name built from gazetteers (a Hong Kong
surname with Cantonese given-name syllables, "Chan Tai Man"; an English given name with a surname,
"Peter Chan"). A bare Chinese name with no title, label, role, cue or predicate is not reported,
because two or three Chinese characters starting with a common surname are far more often ordinary
words (黃金, 林業, 高興).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from itertools import chain, pairwise

from hkaigov.pii.context import ContextIndex, lower_same_length
from hkaigov.pii.findings import EntityType
from hkaigov.pii.gazetteers import Names, names, places
from hkaigov.pii.recognisers.base import Candidate, Part, alternation, recogniser

_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_TOKEN = r"(?:[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?|[A-Z]{2,}(?:-[A-Z]{2,})?)"
_RUN = re.compile(r"(?=[A-Z])(?<![A-Za-z0-9])" + _TOKEN + r"(?: " + _TOKEN + r")*(?![A-Za-z0-9])")
_TOKEN_RE = re.compile(r"[A-Za-z\-]+")
_COMMA_GIVEN = re.compile(r"[A-Z][a-z]+(?:-[a-z]+)?(?: [A-Z][a-z]+){0,2}(?![A-Za-z0-9])")

# Capitalised words that end a name: sentence words, salutations, placeholders ("Not Applicable") and the
# words of addresses and organisations. Role nouns (`roles_latin`) end a name too.
_STOP = frozenset(
    "The A An And Or Of For In On At To From By With Is Was Are Were Be Has Have Had Will Would Can Could Lives "
    "Live Lived Said Says Thank Thanks Please Dear Hi Hello Regards Best Sincerely Yours Re Fw Fwd Cc Road Rd "
    "Street St Avenue Ave Lane Path Drive Terrace Building Bldg Mansion Court Centre Center Tower House Plaza "
    "Garden Gardens Estate Villa Heights Place Lodge Square Flat Room Unit Shop Block Floor Company Limited Ltd "
    "Bank Group Holdings Hospital School College University Department Office Government Council Hotel Mr Mrs Ms "
    "Miss Mdm Madam Dr Prof Professor Sir Dame Mx Customer Client Name Applicant Patient Staff Monday Tuesday "
    "Wednesday Thursday Friday Saturday Sunday January February March April May June July August September "
    "October November December ID HKID Tel Phone Mobile Email Fax Card Account No Ref Hey Attn Not None Nil "
    "Unknown Pending TBC TBA TBD Same Various All Any Anonymous Withheld Everyone Colleagues Valued Members "
    "Parents Friends Customers Clients Students Residents Guests Applicants Shareholders Readers Participants "
    "Subject Date Time Address Note Notes Yes Okay Ok Sorry Welcome Congratulations".split()
)
# Words after which the capitalised words before them name a place or an organisation, not a person.
_BLOCKING_WORDS = frozenset(
    "Road Rd Street St Avenue Ave Lane Path Drive Terrace Crescent Building Bldg Mansion Mansions Court Centre "
    "Center Tower Towers House Plaza Garden Gardens Estate Villa Villas Heights Place Lodge Square Mall "
    "Group Properties Holdings Hospital Hospitals Kuk Festival Class Limited Ltd Company Co Bank Foundation "
    "Association School College University Temple Church Market Restaurant Hotel Industries Enterprises Trading "
    "Garments Foods Catering Logistics Printing Tech Technology Consulting Partners Society Club Park Harbour Peak "
    "Station Line Bridge Tunnel Island Village Bay Hill Stadium Theatre Museum Library Fund Trust Uk Tsuen Realty "
    "Property Bakery Jewellery Jewelry Cafe Café Restaurants Kitchen Noodles Dessert Pharmaceutical Helpdesk Support "
    "Admin Bot Trail Ride Lookout Reservoir Mount Pass Gap "
    "Department Dept Division Section Bureau Branch Committee Commission Authority Board Agency Ministry Council "
    "Office Team Unit Services Service Desk Hotline Institute Academy Clinic Inc Corp Corporation Solutions Systems "
    "Capital Ventures Investments Securities Insurance Finance Financial Motors Electronics Pharmacy Studio Studios "
    "Store Airlines Airways Express Network Broadband Telecom Media Press Times Post News Journal Magazine".split()
)
# Derivational endings of ordinary English words ("Registration", "Payable"), rare at the end of a name.
_WORD_ENDINGS = tuple("tion sion ment ness ity ship ings able ible ical ful less ous ency".split())

_ACRONYMS = frozenset("IP PO SO TO OR IT MA PA HA AU".split())  # surnames in capitals that are also acronyms

STRONG, WEAK, ROLE = 2, 1, 0  # how much an introducer vouches for the capitalised words after it
# Phrases before a name. WEAK: one capitalised word after them must be a known name ("I am Happy to help" is
# not a name, "I am Peter" is). ROLE: the words after them must hold a known given name or surname.
_PHRASES: tuple[tuple[str, int], ...] = (
    ("my name is", STRONG),
    ("name is", STRONG),
    ("call me", STRONG),
    ("signed by", STRONG),
    ("i am", WEAK),
    ("i'm", WEAK),
    ("this is", WEAK),
    ("dear", WEAK),
    ("hi", WEAK),
    ("hello", WEAK),
    ("hey", WEAK),
    ("attn", WEAK),
    ("attn.", WEAK),
    ("c.c.", WEAK),
    ("cc", WEAK),
    ("bcc", WEAK),
    ("according to", ROLE),
    ("spoke with", ROLE),
    ("spoke to", ROLE),
    ("talked to", ROLE),
    ("met with", ROLE),
    ("referred by", ROLE),
    ("assigned to", ROLE),
    ("forwarded to", ROLE),
    ("handled by", ROLE),
    ("approved by", ROLE),
    ("prepared by", ROLE),
    ("reviewed by", ROLE),
    ("submitted by", ROLE),
    ("ask", ROLE),
    ("asked", ROLE),
    ("tell", ROLE),
    ("told", ROLE),
    ("thank", ROLE),
)
_LOWER_WORD = re.compile(r"(?<![A-Za-z])[a-z]")
_SIGN_OFFS = ("regards,", "sincerely,", "faithfully,", "truly,", "thanks,", "thank you,", "cheers,", "best,", "wishes,")
_PHRASE_STRENGTH = dict(_PHRASES)
_PHRASE_ENDS = frozenset(p.rsplit(None, 1)[-1] for p, _ in _PHRASES)
_IN_RUN = {"Dear": WEAK, "Hi": WEAK, "Hello": WEAK, "Hey": WEAK, "Attn": WEAK}  # capitalised, inside a run
# Words before "name" that make a label a person's: "Patient Name:", "First name:" (not "Company Name:").
_NAME_QUALIFIERS = frozenset(
    "first last given family full middle maiden legal english chinese preferred real your my his her".split()
)


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


@cache
def _labels() -> frozenset[str]:
    return frozenset(names().labels_latin)


@cache
def _titles() -> frozenset[str]:
    return frozenset(names().titles_latin)


@cache
def _regions() -> frozenset[str]:
    return frozenset(places().regions_latin)


def _is_syllables(word: str, n: Names) -> bool:
    return all(p.capitalize() in n.given_syllables for p in word.split("-"))


def _is_stop(word: str, n: Names) -> bool:
    return word in _STOP or _title_case(word) in _STOP or word.lower() in n.roles_latin


@cache
def _known_names() -> frozenset[str]:
    n = names()
    return n.given_english | n.surnames_latin | n.surnames_western


def _known(word: str, n: Names) -> bool:
    """A given name or surname from the gazetteers (not a Cantonese syllable: "On", "To" and "Man" are words)."""
    return _title_case(word) in _known_names()


def _ordinary(word: str) -> bool:
    return word.lower().endswith(_WORD_ENDINGS)


def _place_tokens(tokens: list[tuple[int, int, str]], n: Names) -> set[int]:
    """Indexes of tokens that belong to a place name (Ho Man Tin, Hong Kong, Ma On Shan…).

    Two syllables that spell a place or a festival right after a surname are a given name ("CHAN Po Lam",
    "Yip Tung Wah", "Lee Wing Chun"), and so is a surname-led place with one more syllable after it ("Lam Tin
    Wah"): places are not written that way.
    """
    covered: set[int] = set()
    by_first = _places_by_first_word()
    words = [_title_case(t[2]) for t in tokens]
    for i, word in enumerate(words):
        for place in by_first.get(word, ()):
            k = len(place)
            if tuple(words[i : i + k]) != place:
                continue
            if not (
                k == 2
                and " ".join(place) not in _regions()
                and all(_is_syllables(w, n) for w in place)
                and _given_after_surname(words, i, n)
            ):
                covered.update(range(i, i + k))
            break
    return covered


def _given_after_surname(words: list[str], i: int, n: Names) -> bool:
    """Whether two syllables at `i` are a given name: after a surname, or a surname and one before another syllable."""
    if i > 0 and words[i - 1] in n.surnames_latin:
        return True
    end = i + 2
    return (
        words[i] in n.surnames_latin
        and end < len(words)
        and _is_syllables(words[end], n)
        and (end + 1 == len(words) or not _is_syllables(words[end + 1], n))
    )


def _blocked(tokens: list[tuple[int, int, str]], n: Names) -> set[int]:
    """Tokens of a place, and up to four before a building or organisation word ("Chan Tai Man Street")."""
    blocked = _place_tokens(tokens, n)
    for idx, t in enumerate(tokens):
        if _title_case(t[2]) in _BLOCKING_WORDS:
            blocked.update(range(max(0, idx - 4), idx + 1))
    return blocked


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
            and not _is_stop(tokens[i + 1][2], n)
        ):
            yield i, i + 2
            i += 2
            continue
        # "Marco Ng", "Liza Taylor": a Western given name (not in our list) before a surname.
        if (
            i + 1 < len(tokens)
            and (words[i + 1] in n.surnames_latin or words[i + 1] in n.surnames_western)
            # "Angel CHAN", but not "WELCOME TO" or "Server IP"
            and not (tokens[i + 1][2].isupper() and (tokens[i][2].isupper() or len(tokens[i + 1][2]) < 3))
            and not blocked & {i, i + 1}
            and not _is_stop(words[i], n)
            and not _is_syllables(tokens[i][2], n)
            and words[i] not in n.surnames_latin
            # "Call James Smith": the name starts at the known given name
            and not (words[i + 1] in n.given_english and i + 2 < len(tokens) and not _is_stop(tokens[i + 2][2], n))
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


def _vouched(run: str, titles: frozenset[str], n: Names) -> bool:
    """Whether a word of a run is a known name, a title, a greeting or a role: without one (and without an
    introducer before the run or a colon after it), no rule below can find a name in the run."""
    return any(w in titles or w in _IN_RUN or w.lower() in n.roles_latin or _known(w, n) for w in run.split(" "))


def _latin(text: str) -> Iterator[Candidate]:
    n = names()
    titles = _titles()
    for run in _RUN.finditer(text):
        group = run.group()
        first = None
        if " " not in group:
            if _is_stop(group, n):
                continue  # "The", "Please": nothing to find in a lone sentence word
            # A lone word is a name only after an introducer, or as the surname of "CHAN, Tai Man".
            first = _introducer(text, run.start(), n)
            if first is None and not text.startswith(", ", run.end()):
                continue
        else:
            first = _introducer(text, run.start(), n)
            if first is None and not text.startswith((":", "："), run.end()) and not _vouched(group, titles, n):
                continue  # "The Board", "Please Note": no introducer, no known name, not a chat speaker
        tokens = [(run.start() + m.start(), run.start() + m.end(), m.group()) for m in _TOKEN_RE.finditer(group)]
        blocked = _blocked(tokens, n)
        intros: dict[int, int] = {}
        if first is not None:
            intros[0] = first
        for i, (prev, _) in enumerate(pairwise(tokens), 1):
            word = prev[2]
            if word.rstrip(".") in titles:
                intros[i] = STRONG
            elif word in _IN_RUN:
                intros[i] = _IN_RUN[word]
            elif word.lower() in n.roles_latin:
                intros[i] = ROLE
        yield from _with_context(text, tokens, blocked, intros, n)
        if _is_speaker(text, run, tokens, blocked, n):
            yield Candidate(run.start(), run.end(), 0.8)
        for i, j in _gazetteer_names(tokens, blocked, n):
            yield Candidate(tokens[i][0], tokens[j - 1][1], 0.85)
        if (
            text.startswith(", ", run.end())
            and tokens[-1][2].isupper()
            and _title_case(tokens[-1][2]) in n.surnames_latin
        ):
            # The form and ID-card order "CHAN, Tai Man": an upper-case surname, a comma, given-name syllables.
            m = _COMMA_GIVEN.match(text, run.end() + 2)
            if m and all(_is_syllables(w, n) for w in m.group().split()):
                yield Candidate(tokens[-1][0], m.end(), 0.85)


@cache
def _labels_zh() -> tuple[str, ...]:
    return tuple(w for w in names().labels_zh if not w.isascii() and len(w) > 1)


def _label_strength(label: str, n: Names) -> int | None:
    """How strongly the text before a colon (lower case) vouches for a name after it, if it is a label."""
    word = next((t for t in _tails(label) if t in _labels()), None)
    if word is None:
        return STRONG if label.endswith(_labels_zh()) else None  # 收款人：Chan Tai Man
    if word == "name":
        # "Company Name:", "Bank name:" name no one; "Patient Name:", "First name:" do.
        m = re.search(r"([a-z]+) +$", label[: -len(word)])
        if m and m.group(1) not in _NAME_QUALIFIERS and m.group(1) not in n.roles_latin:
            return None
    return ROLE if word in n.labels_org_latin else STRONG


def _introducer(text: str, start: int, n: Names) -> int | None:
    """The strength of a title ("Mr"), a label ("Name:"), a phrase ("I am") or a role ("customer") ending at `start`."""
    before = text[max(0, start - 40) : start]
    stripped = before.rstrip(" ")
    if stripped.endswith("\n"):
        # A label may stand on the line before its value ("Name:\nChan Tai Man"), and a letter's sign-off
        # before the signature ("Best regards,\nKenji Mori").
        prev = stripped.rstrip("\r\n ").rsplit("\n", 1)[-1].strip().lower()
        if prev[-1:] in (":", "："):
            return _label_strength(prev[:-1].rstrip(" "), n)
        eol = text.find("\n", start)
        line = text[start : eol if eol >= 0 else len(text)]
        signature = prev.endswith(_SIGN_OFFS) and len(prev) <= 24 and not _LOWER_WORD.search(line)
        return WEAK if signature else None  # "Best regards,\nSee ISBN…" is a sentence, not a signature
    if not stripped:
        return None
    if stripped[-1] in ":：":
        return _label_strength(stripped[:-1].rstrip(" ").lower(), n)
    if len(stripped) == len(before):
        return None  # a name is separated from its title or phrase by a space
    word = stripped.rsplit(None, 1)[-1]
    if word.rstrip(".") in _titles():
        return STRONG
    if word.lower() not in _PHRASE_ENDS:
        if word.lower() in n.roles_latin or word.endswith(_labels_zh()):
            return ROLE  # "customer Chan", "收款人 CHEUK Wai Shing": a known name must follow
        return None
    for tail in _tails(stripped.lower()):
        if tail in _PHRASE_STRENGTH:
            return _PHRASE_STRENGTH[tail]
    return ROLE if word.lower() in n.roles_latin else None


def _tails(low: str) -> list[str]:
    """The last three, two and one words of `low` ("my name is", "name is", "is")."""
    words = low.rsplit(None, 3)[-3:]
    return [" ".join(words[k:]) for k in range(len(words))]


def _with_context(
    text: str, tokens: list[tuple[int, int, str]], blocked: set[int], intros: dict[int, int], n: Names
) -> Iterator[Candidate]:
    """Names right after a title, label, phrase or role (`intros`: token index → the introducer's strength)."""
    for start, strength in intros.items():
        end = start
        while end < len(tokens) and end - start < 4 and end not in blocked and not _is_stop(tokens[end][2], n):
            end += 1
        if end == start:
            continue
        words = [t[2] for t in tokens[start:end]]
        if strength < STRONG and text[tokens[end - 1][1] : tokens[end - 1][1] + 1] in (":", "："):
            continue  # a heading or a label ("Kind regards,\nAction Items:"), not a name
        if any(_ordinary(w) and not _known(w, n) for w in words):
            continue  # "Name: Transparency", "name: Data Privacy Assessment"
        if strength == WEAK and len(words) == 1 and not _known(words[0], n):
            continue  # "I am Happy to help", "Dear Valued Customer"
        if strength == ROLE and not any(_known(w, n) for w in words):
            continue  # "Customer Service Hotline", "Account Name: Golden Dragon"
        yield Candidate(tokens[start][0], tokens[end - 1][1], 0.9 if end - start > 1 else 0.8)


def _is_speaker(text: str, run: re.Match[str], tokens: list[tuple[int, int, str]], blocked: set[int], n: Names) -> bool:
    """A chat or transcript line that starts with a full name and a colon: "Harpreet Evans: sure".

    A heading such as "Business Registration:" or "Project Update:" has the same shape, so the name needs a
    known given name or surname, or, after a timestamp ("[18:12] Kenji Mori:"), no word of ordinary English.
    """
    before = text[max(0, run.start() - 2) : run.start()]
    after_stamp = before.endswith("] ")
    if not (run.start() == 0 or before.endswith("\n") or after_stamp):
        return False
    if not (2 <= len(tokens) <= 3) or text[run.end() : run.end() + 1] not in (":", "：") or blocked:
        return False
    if any(_is_stop(t[2], n) for t in tokens):
        return False
    # Some surnames in capitals are also acronyms: after another word they are the acronym ("Last IP:", "Old PO:"),
    # but "Angel HO:" is a name.
    known = any(_known(t[2], n) and not (i and t[2] in _ACRONYMS) for i, t in enumerate(tokens))
    return known or (after_stamp and not any(_ordinary(t[2]) for t in tokens))


# --- Chinese ---------------------------------------------------------------------------------------------


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


@cache
def _zh() -> dict[str, re.Pattern[str]]:
    n = names()
    sur = "(?:" + alternation(n.surnames_zh) + ")"
    titles = [t for t in n.titles_zh if len(t) > 1]
    return {
        # Words that end a given name where they start (小姐, 明天, 表示, 醫生).
        "stop_words": re.compile(alternation([*n.name_stop_words_zh, *titles, *n.roles_zh, *n.predicates_zh])),
        "titles": re.compile(alternation([*titles, *n.roles_zh])),
        "short_titles": re.compile(sur + "(?:" + alternation([t for t in n.titles_zh if len(t) == 1]) + ")"),
        # 姓名：, 【收件人】, 學生姓名（中文）：, 投保人／Policyholder：, 申請人（鄭詠欣）
        "labels": re.compile(
            "(?:" + alternation(n.labels_zh) + r")(?:[（(][^（）()\n]{1,8}[）)](?=[ ]*[:：]))?(?:[／/][A-Za-z ]{1,24})?"
            r"[】\]」』]?[ :：]*(?:係|是|為|叫)?[ :：]*[（(「『]?"
        ),
        # A key naming a person before a Chinese name: "name_zh": "曾智偉", contact_person=黃家駿. Found from the
        # separator before the surname (rare), then the key is looked for before it (`key_before`).
        "keys": re.compile(r"[:=：][ ]*[\"'「]?(?=" + sur + ")"),
        "key_before": re.compile(
            r"(?i:name|person|holder|customer|client|applicant|recipient|patient|member|employee|student|insured)"
            r"[A-Za-z_ ]{0,16}[\"']?[ ]*$"
        ),
        # A form label naming a person by its ending (記錄人：, 主診醫生：): the name after it must end.
        "suffix_labels": re.compile("(?<=[人者員師生長官主士席理任])[ ]*[:：][ ]*"),
        # An agent noun without a colon (填表人羅明碧，): a whole three-character name must follow it
        # (年輕人高興地 is no one).
        "agent_nouns": re.compile("人(?<=[" + _CJK + "]{2}人)(?=" + sur + ")"),  # literal first: searched fast
        "roles": re.compile("(?:" + alternation(n.roles_zh) + ")[ ]*[:：]?[ ]*(?=" + sur + ")"),  # 秘書：葉嘉慧
        "cues": re.compile("(?:" + alternation(n.cues_zh) + ")[ ]?(?=" + sur + ")"),
        "predicates": re.compile(alternation(n.predicates_zh)),
        "not_names": re.compile(alternation(n.not_names_zh)),
        "places": re.compile(alternation([*places().districts_zh, *places().regions_zh])),
        # A chat speaker or a line that starts with a name: "[18:12] 陳秀碧：…", "莫佳玲個手機號碼…". The
        # character before the name is matched, not looked behind at, so that the search skips ahead fast; the
        # name at the very start of the text is matched separately (`speaker_first`).
        "speaker": re.compile(
            r"[\n\]](?P<name>[ ]?" + sur + "[" + _CJK + r"]{1,2})(?=[:：]|個|嘅|話|持)"
            r"|[。！？!?](?P<name2>" + sur + "[" + _CJK + r"]{2})(?=個|嘅|話|持|於)"
        ),
        "speaker_first": re.compile(r"(?P<name>[ ]?" + sur + "[" + _CJK + r"]{1,2})(?=[:：]|個|嘅|話|持)"),
        # A signature: a name alone on its line, a job title on the next (許志偉\n高級經理).
        "signature": re.compile(
            r"(?m)^[ ]*(?P<name>" + sur + "[" + _CJK + r"]{1,2})[ ]*\r?\n[ ]*[" + _CJK + r"]{0,4}?"
            r"(?:" + alternation(n.roles_zh) + r")[ ]*(?:\r?\n|$)"
        ),
    }


def _stop_at(text: str, i: int, n: Names) -> bool:
    """Whether a given name cannot go on at index `i`: the text ends, or what follows names starts there."""
    if i >= len(text):
        return True
    ch = text[i]
    if not _is_cjk(ch) or ch in n.name_stop_zh:
        return True
    if ch in n.name_joiners_zh:
        nxt = text[i + 1 : i + 2]
        if not nxt or not _is_cjk(nxt) or nxt in n.surnames_zh or nxt in "我你佢他她您":
            return True  # 陳文和李明, 陳文和我 — but 陳家和先生
    return _zh()["stop_words"].match(text, i) is not None


def _given_len(text: str, g: int, n: Names, most: int = 2) -> int:
    """How many characters of a given name (at most `most`) start at index `g`."""
    k = 0
    while k < most and not _stop_at(text, g + k, n):
        k += 1
    return k


def _not_a_name(text: str, s: int) -> bool:
    """A word or a place that starts with a surname but names no one (高級經理, 黃大仙表示), or 何 in 任何."""
    zh = _zh()
    return (
        zh["not_names"].match(text, s) is not None
        or zh["places"].match(text, s) is not None
        or any((m := zh["not_names"].match(text, k)) is not None and m.end() > s for k in range(max(0, s - 2), s))
    )


def _surname_at(text: str, p: int, n: Names) -> Iterator[int]:
    """Lengths of the surnames starting at index `p`, compound first."""
    for sur in (2, 1):
        if text[p : p + sur] in n.surnames_zh:
            yield sur


def _name_at(text: str, p: int, n: Names, *, must_end: bool) -> Candidate | None:
    """The name starting at index `p` (surname, then up to two given-name characters).

    With `must_end`, the name must be followed by what follows names (a stop character, punctuation, a predicate):
    after a weak introducer, 醫生高度讚揚 is not a name, 醫生林立表示 is.
    """
    if _not_a_name(text, p):
        return None
    for sur in _surname_at(text, p, n):
        g = p + sur
        for given in range(_given_len(text, g, n), 0, -1):
            if not must_end or _stop_at(text, g + given, n):
                return Candidate(p, g + given, 0.85 if must_end else 0.9)
    return None


def _before(text: str, t: int, n: Names, *, least_given: int = 0) -> Candidate | None:
    """The Chinese name that ends at index `t` (where a title such as 先生 starts), if any."""
    for given in range(2, least_given - 1, -1):
        for sur in (2, 1):
            s = t - given - sur
            if s < 0 or text[s : s + sur] not in n.surnames_zh or _given_len(text, s + sur, n, given) != given:
                continue
            if _not_a_name(text, s):
                continue
            return Candidate(s, t, 0.9 if given else 0.75)
    return None


def _starts_clause(text: str, s: int, n: Names) -> bool:
    """Whether a name may start at index `s` without an introducer: at a line or clause start, or after a stop word."""
    return s == 0 or not _is_cjk(text[s - 1]) or text[s - 1] in n.name_stop_zh


# After a name, the next item of a list: an optional note in brackets, then the enumeration comma 、.
_LIST_NEXT = re.compile(r"(?:[（(][^（）()\n]{1,10}[）)])?[ ]*、[ ]*")


def _with_lists(text: str, found: list[Candidate]) -> Iterator[Candidate]:
    """Names found by a cue, then the names listed after them: 許志偉（主席）、鄧詠詩、曾家樂."""
    yield from found
    if "、" not in text:
        return
    n = names()
    for c in found:
        end = c.end
        while (m := _LIST_NEXT.match(text, end)) is not None:
            item = _name_at(text, m.end(), n, must_end=True)
            if item is None:
                break
            yield Candidate(item.start, item.end, 0.8)
            end = item.end


# Each rule below finds Chinese names by one kind of cue; it is a part of the recogniser with its own triggers
# (the last family of `_triggers`), so a text is searched only for the cues it can hold.


def _zh_titles(text: str) -> Iterator[Candidate]:
    n = names()
    titles = set(n.titles_zh)
    for m in _zh()["titles"].finditer(text):
        # Honorifics follow a surname alone (陳先生); a role needs a given name too (高級經理 is no one).
        found = _before(text, m.start(), n, least_given=0 if m.group() in titles else 1)
        if found:
            yield found


def _zh_short_titles(text: str) -> Iterator[Candidate]:
    for m in _zh()["short_titles"].finditer(text):
        if not _not_a_name(text, m.start()):
            yield Candidate(m.start(), m.end() - 1, 0.75)


def _names_after(text: str, *patterns: str, must_end: bool, least: int = 0) -> Iterator[Candidate]:
    """The names right after each match of `patterns` (keys of `_zh`), `least` characters long at least."""
    n = names()
    zh = _zh()
    for pattern in patterns:
        for m in zh[pattern].finditer(text):
            found = _name_at(text, m.end(), n, must_end=must_end)
            if found and found.end - found.start >= least:
                yield found


def _zh_labels(text: str) -> Iterator[Candidate]:
    return _names_after(text, "labels", must_end=False)


def _zh_keys(text: str) -> Iterator[Candidate]:
    n = names()
    zh = _zh()
    for m in zh["keys"].finditer(text):
        if zh["key_before"].search(text, max(0, m.start() - 40), m.start()) is None:
            continue
        found = _name_at(text, m.end(), n, must_end=True)
        if found:
            yield found


def _zh_suffix_labels(text: str) -> Iterator[Candidate]:
    return _names_after(text, "suffix_labels", must_end=True)


def _zh_agent_nouns(text: str) -> Iterator[Candidate]:
    return _names_after(text, "agent_nouns", must_end=True, least=3)  # 年輕人高興地 is no one


def _zh_roles_and_cues(text: str) -> Iterator[Candidate]:
    return _names_after(text, "roles", "cues", must_end=True)


def _zh_predicates(text: str) -> Iterator[Candidate]:
    n = names()
    for m in _zh()["predicates"].finditer(text):
        if len(m.group()) == 1 and not _stop_at(text, m.end(), n):
            continue  # 話 and 說 start words too: 說明, 話題
        found = _before(text, m.start(), n, least_given=1)
        if found and _starts_clause(text, found.start, n):
            yield Candidate(found.start, found.end, 0.8)


def _zh_speakers(text: str) -> Iterator[Candidate]:
    n = names()
    zh = _zh()
    first = zh["speaker_first"].match(text)
    for m in chain((first,) if first else (), zh["speaker"].finditer(text)):
        name = (m["name"] or m["name2"] if m.re is zh["speaker"] else m["name"]).lstrip()
        s = m.end() - len(name)
        for sur in _surname_at(text, s, n):
            if _given_len(text, s + sur, n, len(name) - sur) == len(name) - sur and not _not_a_name(text, s):
                yield Candidate(s, m.end(), 0.8)
                break


def _zh_signatures(text: str) -> Iterator[Candidate]:
    n = names()
    for m in _zh()["signature"].finditer(text):
        s, e = m.span("name")
        if e - s < 3:
            continue  # 黃金 on a line of its own is a word as often as a name: a signature needs a full name
        whole = any(_given_len(text, s + sur, n, e - s - sur) == e - s - sur for sur in _surname_at(text, s, n))
        if whole and not _not_a_name(text, s):
            yield Candidate(s, e, 0.8)


_ZH_RULES: tuple[Callable[[str], Iterator[Candidate]], ...] = (
    _zh_titles,
    _zh_short_titles,
    _zh_labels,
    _zh_keys,
    _zh_suffix_labels,
    _zh_agent_nouns,
    _zh_roles_and_cues,
    _zh_predicates,
    _zh_speakers,
    _zh_signatures,
)


def _chinese(text: str) -> Iterator[Candidate]:
    """Every Chinese rule, with the names listed after what each finds."""
    for rule in _ZH_RULES:
        yield from _with_lists(text, list(rule(text)))


# --- CSV-like rows under a header ------------------------------------------------------------------------

_FIELD = {sep: re.compile(r'[ ]*"(?:[^"\n]|"")*"[ ]*|[^' + re.escape(sep) + r"\n]*") for sep in (",", "\t", "|")}
_LATIN_CELL = re.compile(r"[A-Z][A-Za-z'\-]*(?: [A-Z][A-Za-z'\-]*){0,3}")


def _fields(line: str, offset: int, sep: str) -> list[tuple[int, int]]:
    """(start, end) of each field of a delimited line, quotes and surrounding spaces stripped."""
    out: list[tuple[int, int]] = []
    pos = 0
    while True:
        m = _FIELD[sep].match(line, pos)
        s, e = (m.start(), m.end()) if m else (pos, pos)
        cell = line[s:e]
        lead = len(cell) - len(cell.lstrip(' "'))
        trail = len(cell) - len(cell.rstrip(' "'))
        out.append((offset + s + lead, offset + max(s + lead, e - trail)))
        if e >= len(line) or line[e] != sep:
            return out
        pos = e + 1


@cache
def _header_words() -> frozenset[str]:
    """Column headers of names: the person labels that are nouns (姓名, 申請人, "full name"), not verbs (搵, 通知)."""
    n = names()
    person_labels = [w for w in n.labels_latin if " by" not in w and w not in _NOT_HEADERS]
    nouns_zh = [w for w in n.labels_zh if not w.isascii() and w[-1] in "名人戶户員生客者主"]
    # "guest name", "student name": a role or person label before "name" (not "company name", "file name")
    people = {w for w in (*n.roles_latin, *person_labels, *_NAME_QUALIFIERS) if " " not in w}
    qualified = [f"{w} name" for w in people]
    # 學生姓名, 家長姓名, 客戶姓名: whoever 姓名 (a person's name) is qualified by
    zh_qualified = [
        f"{w}姓名" for w in ("學生", "家長", "客戶", "病人", "會員", "員工", "住客", "租客", "賓客", "乘客")
    ]
    return frozenset(
        [*person_labels, *qualified, "fullname", "name en", "name zh", "name chi", "name eng", *nouns_zh, *zh_qualified]
    )


_NOT_HEADERS = frozenset(["from", "to", "cc", "bcc", "attn", "attention", "author", "signed", "signature"])


_VAGUE_HEADERS = frozenset(["name", "名稱", "名字"])
_PERSONAL_COLUMNS = frozenset(
    "phone,tel,mobile,email,e-mail,hkid,id no,address,dob,date of birth,age,gender,sex,phone no,mobile no,"
    "contact no,card,card no,card number,account,account no,account number,passport,passport no,"
    "電話,手提,手機,電郵,地址,身份證,身份證號碼,性別,年齡,出生日期,卡號,護照".split(",")
)


@cache
def _header_re() -> re.Pattern[str]:
    words = sorted(_header_words(), key=lambda w: (-len(w), w))
    heads = "|".join(re.escape(w).replace(r"\ ", "[ _]") for w in words)
    # Searched in the lower-cased text (`lower_same_length`): a case-insensitive pattern is several times slower.
    return re.compile(r"(?m)(?:^|[,\t|])[ \"]*(?:" + heads.lower() + r")[ \"]*(?=[,\t|\r\n]|$)")


def _csv(text: str) -> Iterator[Candidate]:
    """Cells under a header such as "name", "full name" or 姓名 in comma- or tab-separated rows."""
    n = names()
    done = -1
    if "," not in text and "\t" not in text and "|" not in text:
        return  # a header needs two columns
    for m in _header_re().finditer(lower_same_length(text)):
        start = text.rfind("\n", 0, m.start() + 1) + 1 if text[m.start()] != "\n" else m.start() + 1
        if start <= done:
            continue
        done = start
        end = text.find("\n", start)
        if end < 0:
            return  # a header with no rows
        header = text[start:end].rstrip("\r")
        sep = next(c for c in (",", "\t", "|") if c in header)
        cells = _fields(header, start, sep)
        heads = [text[s:e].strip().lower().replace("_", " ") for s, e in cells]
        column = next((i for i, h in enumerate(heads) if h in _header_words()), None)
        if column is None or len(cells) < 2:
            continue
        # A bare "name" column may name products or shops, a "holder" or "customer" one a company: it needs a
        # column of personal data beside it, or the cell a known name.
        vague = heads[column] in _VAGUE_HEADERS or heads[column] in n.labels_org_latin
        vouched = not vague or any(h in _PERSONAL_COLUMNS for h in heads)
        while end >= 0:
            start, end = end + 1, text.find("\n", end + 1)
            row = _fields(text[start : end if end >= 0 else len(text)].rstrip("\r"), start, sep)
            if len(row) != len(cells):
                break
            found = _cell_name(text, *row[column], n)
            if found and (vouched or any(_known(w, n) for w in text[found.start : found.end].split())):
                yield found


def _cell_name(text: str, s: int, e: int, n: Names) -> Candidate | None:
    cell = text[s:e]
    if not cell:
        return None
    if _is_cjk(cell[0]):
        found = _name_at(text, s, n, must_end=True)
        return found if found and found.end == e else None
    if not _LATIN_CELL.fullmatch(cell):
        return None
    tokens = [(s + m.start(), s + m.end(), m.group()) for m in _TOKEN_RE.finditer(cell)]
    if _blocked(tokens, n) or any(_is_stop(t[2], n) or (_ordinary(t[2]) and not _known(t[2], n)) for t in tokens):
        return None
    return Candidate(s, e, 0.85)


# --- triggers and the recogniser -------------------------------------------------------------------------

_UTF8_CJK = r"[\xe3-\xe9][\x80-\xbf]{2}"  # one UTF-8 character from U+3000 to U+9FFF


@cache
def _triggers() -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Byte patterns at least as broad as every way each part of `person` finds a name: romanised names,
    names in table columns, and one tuple per Chinese rule, in `_ZH_RULES` order (see the recogniser docstring).

    In raw JSONL a `\\n`, `\\t` or `\\"` escape becomes two spaces before the prefilter runs (scanner.py), so a
    pattern that needs a line break, a tab or a quote also takes two spaces.
    """
    n = names()
    surnames = [*n.surnames_latin, *(s.upper() for s in n.surnames_latin)]
    lead = [*surnames, *n.given_english]
    surnames_zh = "(?:" + alternation(n.surnames_zh) + ")"
    long_titles = [t for t in n.titles_zh if len(t) > 1] + list(n.roles_zh)
    short_titles = [t for t in n.titles_zh if len(t) == 1]
    phrases = [p for p, _ in _PHRASES]
    roles = "(?:" + alternation(n.roles_zh) + ")"
    heads = "|".join(re.escape(w).replace(r"\ ", "[ _]") for w in sorted(_header_words(), key=lambda w: (-len(w), w)))
    return (
        (
            "(?:" + alternation(n.titles_latin) + r")\.? *[A-Z]",
            "(?i:" + alternation(n.labels_latin) + r") *[:：]",
            "(?i:" + alternation(phrases) + r") +[A-Z]",
            "(?i:" + alternation(_SIGN_OFFS) + r")[ \r\n]*[A-Z]",
            "(?i:" + alternation(n.roles_latin) + r") +[A-Z]",
            r"\b(?:" + alternation(lead) + r")\b +[A-Z]",
            r"\b(?:" + alternation([s.upper() for s in n.surnames_latin]) + r"), [A-Z]",
            r"[A-Za-z] (?:" + alternation([*surnames, *n.surnames_western]) + r")\b",
            r"[A-Za-z] [A-Z][A-Za-z\-]*(?: [A-Z][A-Za-z\-]*)?:",
            "(?:" + alternation(_labels_zh()) + r") *(?::|：) *[A-Z]",  # 英文姓名：SIU Tak-sze
        ),
        (
            # a whole field; `"` before it: a JSON string may start with the header
            r'(?:^|[\n,\t|"]|  )[ "]*(?i:' + heads + r')[ "]*(?:[\r\n,\t|]|  |$)',
        ),
        (
            (surnames_zh + "(?:" + _UTF8_CJK + "){0,2}(?:" + alternation(long_titles) + ")",),
            (surnames_zh + "(?:" + alternation(short_titles) + ")",),
            (
                # (byte patterns: a Chinese character is several bytes, so alternatives, never a character class)
                "(?:"
                + alternation(n.labels_zh)
                + r")(?:】|\]|」|』)?(?:[ :]|：|係|是|為|叫){0,4}(?:（|\(|「|『)?"
                + surnames_zh,
                # a qualifier or gloss between a label and its colon: 學生姓名（中文）：, 投保人／Policyholder：
                r"(?:）|\)|[A-Za-z]) *(?::|：) *" + surnames_zh,
            ),
            (
                r"(?i:name|person|holder|customer|client|applicant|recipient|patient|member|employee|student|insured)"
                r"[A-Za-z_ ]{0,16}[\"' ]*(?::|=|：)[ \"']*(?:「)?" + surnames_zh,
            ),
            (r"(?:人|者|員|師|生|長|官|主|士|席|理|任) *(?::|：) *" + surnames_zh,),
            ("人" + surnames_zh,),
            ("(?:" + alternation([*n.roles_zh, *n.cues_zh]) + ") *(?::|：)? *" + surnames_zh,),
            (surnames_zh + "(?:" + _UTF8_CJK + "){1,2}(?:" + alternation(n.predicates_zh) + ")",),
            (surnames_zh + "(?:" + _UTF8_CJK + r"){1,2}(?::|：|個|嘅|話|持|於)",),
            (surnames_zh + "(?:" + _UTF8_CJK + r"){1,2} *(?:\r?\n|  ) *(?:" + _UTF8_CJK + "){0,4}" + roles,),
        ),
    )


def _latin_part(text: str, context: ContextIndex) -> Iterator[Candidate]:
    return _latin(text)


def _csv_part(text: str, context: ContextIndex) -> Iterator[Candidate]:
    return _csv(text) if "\n" in text else iter(())


def _chinese_part(rule: Callable[[str], Iterator[Candidate]]) -> Callable[[str, ContextIndex], Iterator[Candidate]]:
    def find(text: str, context: ContextIndex) -> Iterator[Candidate]:
        return iter(()) if text.isascii() else _with_lists(text, list(rule(text)))

    find.__name__ = "_chinese" + rule.__name__.removeprefix("_zh")
    return find


_LATIN_TRIGGERS, _CSV_TRIGGERS, _CHINESE_TRIGGERS = _triggers()
_PARTS = (
    Part(_LATIN_TRIGGERS, _latin_part),
    Part(_CSV_TRIGGERS, _csv_part),
    *(Part(trigs, _chinese_part(rule)) for trigs, rule in zip(_CHINESE_TRIGGERS, _ZH_RULES, strict=True)),
)


@recogniser(
    EntityType.PERSON,
    triggers=tuple(t for part in _PARTS for t in part.triggers),
    priority=6,
    parts=_PARTS,
)
def person(text: str, context: ContextIndex) -> Iterator[Candidate]:
    for part in _PARTS:
        yield from part.find(text, context)

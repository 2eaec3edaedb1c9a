"""Synthetic Hong Kong personal-data corpus with gold spans, for benchmarking PII scanners.

Every record is 1-6 sentences drawn from templates in English, written Traditional Chinese, Cantonese chat and
code-switched Cantonese/English, plus forms, CSV rows, e-mails, logs and chat transcripts. A sentence is one of:

* PII-bearing (probability `pii_rate`): a template whose slots are filled with valid Hong Kong values, each
  recorded as a gold span {"start", "end", "type", "value"} with `text[start:end] == value`;
* a decoy (probability `decoy_rate` of the rest): values a careless detector flags (HKIDs with a wrong check
  character, Luhn-invalid card numbers, order numbers, amounts, dates, versions, place names, words and
  organisations that contain surname characters...). Decoys carry no gold span; they are listed under "decoys"
  ({"start", "end", "kind", "value"}) so that a benchmark can count what was flagged on them;
* clean filler.

The generator is seeded and independent of any scanner: the checksum helpers below are its own.
Records look like {"id", "text", "spans", "decoys"}; `--text-only` writes {"id", "text"} (scanner input).

Usage:
  python bench/pii_corpus.py --records 1000 --pii-rate 0.35 --seed 1 -o corpus.jsonl
  python bench/pii_corpus.py --mb 100 --pii-rate 0.03 --seed 7 --text-only -o low.jsonl   (1 MB = 10^6 bytes)
"""

from __future__ import annotations

import argparse
import ipaddress
import itertools
import json
import random
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

PII_TYPES = (
    "HKID",
    "HK_PHONE",
    "EMAIL",
    "CREDIT_CARD",
    "HK_PASSPORT",
    "HK_BANK_ACCOUNT",
    "HK_BR_NUMBER",
    "IP_ADDRESS",
    "PERSON",
    "HK_ADDRESS",
)

# ---------------------------------------------------------------------------------------------------------------
# Checksums and validators (the corpus's own; never the scanner's)
# ---------------------------------------------------------------------------------------------------------------

_FULLWIDTH = {chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}
_HALFWIDTH = {v: k for k, v in _FULLWIDTH.items()} | {"\u3000": " "}


def to_fullwidth(s: str) -> str:
    return "".join(_FULLWIDTH.get(c, c) for c in s)


def to_halfwidth(s: str) -> str:
    return "".join(_HALFWIDTH.get(c, c) for c in s)


def hkid_check_char(letters: str, digits: str) -> str:
    """Check character of an HKID: weights 9..2 over [first letter (space = 36 for one-letter ids), letter, 6 digits].

    Letters count A=10..Z=35; check = (11 - sum % 11) % 11, written 0-9 or 'A' for 10.
    """
    if not (1 <= len(letters) <= 2 and letters.isascii() and letters.isalpha() and letters.isupper()):
        raise ValueError(f"bad HKID letters {letters!r}")
    if not (len(digits) == 6 and digits.isascii() and digits.isdigit()):
        raise ValueError(f"bad HKID digits {digits!r}")
    values = [36] if len(letters) == 1 else []
    values += [ord(c) - ord("A") + 10 for c in letters]
    values += [int(d) for d in digits]
    total = sum(w * v for w, v in zip(range(9, 1, -1), values, strict=True))
    check = (11 - total % 11) % 11
    return "A" if check == 10 else str(check)


_HKID_SHAPE = re.compile(r"([A-Z]{1,2})(\d{6})\s?\(?([0-9A])\)?")


def hkid_is_valid(value: str) -> bool:
    """True when `value` (any of the written forms, half- or full-width) is an HKID with a correct check."""
    m = _HKID_SHAPE.fullmatch(to_halfwidth(value).strip())
    return bool(m) and hkid_check_char(m.group(1), m.group(2)) == m.group(3)


def luhn_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return bool(digits) and total % 10 == 0


def luhn_complete(partial: str) -> str:
    """`partial` followed by the Luhn check digit."""
    for d in "0123456789":
        if luhn_ok(partial + d):
            return partial + d
    raise AssertionError("unreachable")


def card_network(number: str) -> str | None:
    """Network by IIN range and length, or None: Visa, Mastercard, AmEx, UnionPay, JCB."""
    d = "".join(c for c in number if c.isdigit())
    n = len(d)
    if d.startswith("4") and n in (13, 16, 19):
        return "visa"
    if n == 16 and (51 <= int(d[:2]) <= 55 or 2221 <= int(d[:4]) <= 2720):
        return "mastercard"
    if n == 15 and d[:2] in ("34", "37"):
        return "amex"
    if n == 16 and 3528 <= int(d[:4]) <= 3589:
        return "jcb"
    if d.startswith("62") and 16 <= n <= 19:
        return "unionpay"
    return None


def card_is_valid(number: str) -> bool:
    return card_network(number) is not None and luhn_ok(number)


_PHONE_SHAPE = re.compile(r"(?:\+852[ -]?|\(852\) ?|852-)?([235679]\d{3})[ -]?(\d{4})")


def phone_is_valid(value: str) -> bool:
    return bool(_PHONE_SHAPE.fullmatch(value))


def passport_is_valid(value: str) -> bool:
    return bool(re.fullmatch(r"[HK]\d{8}", value))


def bank_account_is_valid(value: str) -> bool:
    return bool(re.fullmatch(r"\d{3}[- ]\d{3}[- ](?:\d{6}[- ]\d{3}|\d{6,9})", value))


def br_is_valid(value: str) -> bool:
    return bool(re.fullmatch(r"\d{8}(?:-000-(?:0[1-9]|1[0-2])-\d{2}-[0-9A-Z])?", value))


def ip_is_valid(value: str) -> bool:
    try:
        return isinstance(ipaddress.ip_address(value), ipaddress.IPv4Address)
    except ValueError:
        return False


def email_is_valid(value: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", value))


VALIDATORS: dict[str, Callable[[str], bool]] = {
    "HKID": hkid_is_valid,
    "HK_PHONE": phone_is_valid,
    "EMAIL": email_is_valid,
    "CREDIT_CARD": card_is_valid,
    "HK_PASSPORT": passport_is_valid,
    "HK_BANK_ACCOUNT": bank_account_is_valid,
    "HK_BR_NUMBER": br_is_valid,
    "IP_ADDRESS": ip_is_valid,
}

# ---------------------------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------------------------

# (Chinese surname, HK government romanisation, relative frequency)
SURNAMES: tuple[tuple[str, str, int], ...] = (
    ("陳", "Chan", 30),
    ("李", "Lee", 16),
    ("張", "Cheung", 14),
    ("黃", "Wong", 20),
    ("何", "Ho", 8),
    ("林", "Lam", 10),
    ("吳", "Ng", 9),
    ("劉", "Lau", 9),
    ("鄭", "Cheng", 6),
    ("梁", "Leung", 10),
    ("謝", "Tse", 5),
    ("郭", "Kwok", 5),
    ("曾", "Tsang", 5),
    ("周", "Chow", 5),
    ("羅", "Law", 5),
    ("葉", "Yip", 5),
    ("蔡", "Choi", 4),
    ("鄧", "Tang", 4),
    ("朱", "Chu", 4),
    ("許", "Hui", 4),
    ("馮", "Fung", 4),
    ("麥", "Mak", 3),
    ("譚", "Tam", 3),
    ("盧", "Lo", 3),
    ("王", "Wong", 5),
    ("楊", "Yeung", 4),
    ("胡", "Wu", 3),
    ("蘇", "So", 3),
    ("高", "Ko", 2),
    ("馬", "Ma", 2),
    ("袁", "Yuen", 2),
    ("鍾", "Chung", 2),
    ("余", "Yu", 2),
    ("莫", "Mok", 2),
    ("潘", "Poon", 2),
    ("杜", "To", 1),
    ("區", "Au", 1),
    ("方", "Fong", 1),
    ("石", "Shek", 1),
    ("姚", "Yiu", 1),
    ("黎", "Lai", 2),
    ("關", "Kwan", 2),
    ("徐", "Tsui", 2),
    ("孫", "Suen", 1),
    ("邱", "Yau", 1),
    ("鄺", "Kwong", 1),
    ("蕭", "Siu", 1),
    ("雷", "Lui", 1),
    ("歐陽", "Au Yeung", 1),
    ("司徒", "Szeto", 1),
)
_SURNAME_WEIGHTS = [w for _, _, w in SURNAMES]

# (given-name character, romanisation)
GIVEN_CHARS: tuple[tuple[str, str], ...] = (
    ("大", "Tai"), ("文", "Man"), ("小", "Siu"), ("明", "Ming"), ("嘉", "Ka"), ("欣", "Yan"), ("家", "Ka"),
    ("豪", "Ho"), ("志", "Chi"), ("強", "Keung"), ("美", "Mei"), ("玲", "Ling"), ("詠", "Wing"), ("詩", "Sze"),
    ("俊", "Chun"), ("傑", "Kit"), ("偉", "Wai"), ("淑", "Suk"), ("儀", "Yee"), ("麗", "Lai"), ("華", "Wah"),
    ("子", "Tsz"), ("軒", "Hin"), ("凱", "Hoi"), ("琳", "Lam"), ("浩", "Ho"), ("卓", "Cheuk"), ("賢", "Yin"),
    ("佩", "Pui"), ("珊", "Shan"), ("慧", "Wai"), ("曉", "Hiu"), ("彤", "Tung"), ("思", "Sze"), ("敏", "Man"),
    ("國", "Kwok"), ("建", "Kin"), ("秀", "Sau"), ("英", "Ying"), ("玉", "Yuk"), ("蓮", "Lin"), ("穎", "Wing"),
    ("永", "Wing"), ("健", "Kin"), ("雅", "Nga"), ("婷", "Ting"), ("芷", "Tsz"), ("晴", "Ching"), ("樂", "Lok"),
    ("天", "Tin"), ("德", "Tak"), ("榮", "Wing"), ("寶", "Po"), ("兒", "Yi"), ("恩", "Yan"), ("熙", "Hei"),
    ("朗", "Long"), ("皓", "Ho"), ("霖", "Lam"), ("靜", "Ching"), ("惠", "Wai"), ("耀", "Yiu"), ("輝", "Fai"),
    ("鳳", "Fung"), ("碧", "Pik"), ("燕", "Yin"), ("立", "Lap"), ("信", "Shun"), ("達", "Tat"), ("錦", "Kam"),
    ("翠", "Chui"), ("芬", "Fun"), ("佳", "Kai"), ("怡", "Yi"), ("潔", "Kit"), ("瑩", "Ying"), ("倩", "Sin"),
    ("海", "Hoi"), ("峰", "Fung"), ("銘", "Ming"), ("諾", "Lok"), ("頌", "Chung"), ("宇", "Yu"), ("智", "Chi"),
    ("康", "Hong"), ("心", "Sum"), ("悅", "Yuet"), ("展", "Chin"), ("鴻", "Hung"), ("振", "Chun"), ("澤", "Chak"),
)  # fmt: skip

ENGLISH_GIVEN = (
    "Peter", "Mary", "John", "David", "Michael", "Kelvin", "Jason", "Winnie", "Karen", "Cathy", "Emily", "Jessica",
    "Alan", "Raymond", "Ivan", "Kenneth", "Vincent", "Eric", "Tommy", "Ken", "Gary", "Stephen", "Samuel", "Joyce",
    "Vivian", "Queenie", "Fanny", "Shirley", "Gloria", "Ada", "Angel", "Candy", "Carmen", "Yvonne", "Natalie",
    "Hugo", "Marco", "Jacky", "Ricky", "Alvin", "Calvin", "Dickson", "Edmond", "Hazel", "Iris", "Phoebe", "Rachel",
    "Tiffany", "Kitty", "Suki", "Bonnie", "Sandy", "Heidi", "Ivy", "Janice", "Kathy", "Anson", "Wilson", "Terence",
)  # fmt: skip
WESTERN_NAMES = (
    ("John", "Smith"), ("Sarah", "Brown"), ("James", "Taylor"), ("Emma", "Williams"), ("Oliver", "Johnson"),
    ("Sophie", "Walker"), ("Daniel", "Roberts"), ("Rebecca", "Evans"), ("Thomas", "Thompson"), ("Hannah", "Wright"),
    ("Arjun", "Patel"), ("Priya", "Sharma"), ("Harpreet", "Singh"), ("Imran", "Khan"), ("Bishnu", "Gurung"),
    ("Maria", "Santos"), ("Jose", "Reyes"), ("Liza", "Cruz"), ("Kenji", "Tanaka"), ("Min-jun", "Kim"),
)  # fmt: skip
WESTERN_GIVEN = tuple(g for g, _ in WESTERN_NAMES)
WESTERN_SURNAMES = tuple(s for _, s in WESTERN_NAMES)

# (street in English, in Chinese, area in English, in Chinese, region key, highest street number)
STREETS: tuple[tuple[str, str, str, str, str, int], ...] = (
    ("Hennessy Road", "軒尼詩道", "Wan Chai", "灣仔", "HK", 500),
    ("Lockhart Road", "駱克道", "Wan Chai", "灣仔", "HK", 520),
    ("Queen's Road Central", "皇后大道中", "Central", "中環", "HK", 380),
    ("Des Voeux Road Central", "德輔道中", "Central", "中環", "HK", 330),
    ("King's Road", "英皇道", "North Point", "北角", "HK", 1100),
    ("Java Road", "渣華道", "North Point", "北角", "HK", 200),
    ("Yee Wo Street", "怡和街", "Causeway Bay", "銅鑼灣", "HK", 70),
    ("Shau Kei Wan Road", "筲箕灣道", "Shau Kei Wan", "筲箕灣", "HK", 400),
    ("Aberdeen Main Road", "香港仔大道", "Aberdeen", "香港仔", "HK", 220),
    ("Pok Fu Lam Road", "薄扶林道", "Pok Fu Lam", "薄扶林", "HK", 200),
    ("Nathan Road", "彌敦道", "Mong Kok", "旺角", "KLN", 750),
    ("Argyle Street", "亞皆老街", "Mong Kok", "旺角", "KLN", 230),
    ("Sai Yeung Choi Street South", "西洋菜南街", "Mong Kok", "旺角", "KLN", 220),
    ("Canton Road", "廣東道", "Tsim Sha Tsui", "尖沙咀", "KLN", 200),
    ("Waterloo Road", "窩打老道", "Yau Ma Tei", "油麻地", "KLN", 150),
    ("Jordan Road", "佐敦道", "Jordan", "佐敦", "KLN", 60),
    ("Cheung Sha Wan Road", "長沙灣道", "Sham Shui Po", "深水埗", "KLN", 800),
    ("Un Chau Street", "元州街", "Sham Shui Po", "深水埗", "KLN", 300),
    ("Prince Edward Road West", "太子道西", "Kowloon City", "九龍城", "KLN", 400),
    ("Hoi Bun Road", "海濱道", "Kwun Tong", "觀塘", "KLN", 150),
    ("How Ming Street", "巧明街", "Kwun Tong", "觀塘", "KLN", 120),
    ("Lung Cheung Road", "龍翔道", "Wong Tai Sin", "黃大仙", "KLN", 140),
    ("Castle Peak Road", "青山公路", "Tsuen Wan", "荃灣", "NT", 300),
    ("Kwai Chung Road", "葵涌道", "Kwai Chung", "葵涌", "NT", 1100),
    ("Sha Tin Centre Street", "沙田正街", "Sha Tin", "沙田", "NT", 20),
    ("On Pong Road", "安邦路", "Tai Po", "大埔", "NT", 20),
    ("Kau Yuk Road", "教育路", "Yuen Long", "元朗", "NT", 120),
    ("Tuen Mun Heung Sze Wui Road", "屯門鄉事會路", "Tuen Mun", "屯門", "NT", 90),
    ("Po Tung Road", "普通道", "Sai Kung", "西貢", "NT", 60),
    ("Tat Tung Road", "達東路", "Tung Chung", "東涌", "NT", 30),
    ("San Hong Street", "新康街", "Sheung Shui", "上水", "NT", 60),
    ("Tong Ming Street", "唐明街", "Tseung Kwan O", "將軍澳", "NT", 20),
)
BUILDINGS: tuple[tuple[str, str], ...] = (
    ("Sunshine Court", "陽光閣"),
    ("Hang Lung Centre", "恒隆中心"),
    ("Golden Dragon Building", "金龍大廈"),
    ("Prosperity Mansion", "興隆大廈"),
    ("Harbour View Court", "海景閣"),
    ("Wing Fat Building", "永發大廈"),
    ("Kam Fung Mansion", "金鳳大廈"),
    ("Tung Fai Building", "東輝大廈"),
    ("Sea View Garden", "海景花園"),
    ("Fortune Plaza", "富運廣場"),
    ("Peace Tower", "和平大廈"),
    ("Parkview Court", "柏景閣"),
    ("Shun Hing Centre", "信興中心"),
    ("Chung Hing Mansion", "中興大廈"),
    ("Man Yee Building", "萬宜大廈"),
)
# (estate in English, in Chinese, area in English, in Chinese, region key, highest block number)
ESTATES: tuple[tuple[str, str, str, str, str, int], ...] = (
    ("City One Shatin", "沙田第一城", "Sha Tin", "沙田", "NT", 52),
    ("Mei Foo Sun Chuen", "美孚新邨", "Lai Chi Kok", "荔枝角", "KLN", 13),
    ("Taikoo Shing", "太古城", "Quarry Bay", "鰂魚涌", "HK", 61),
    ("Whampoa Garden", "黃埔花園", "Hung Hom", "紅磡", "KLN", 12),
    ("Laguna City", "麗港城", "Lam Tin", "藍田", "KLN", 38),
    ("South Horizons", "海怡半島", "Ap Lei Chau", "鴨脷洲", "HK", 34),
    ("Amoy Gardens", "淘大花園", "Ngau Tau Kok", "牛頭角", "KLN", 19),
    ("Heng Fa Chuen", "杏花邨", "Chai Wan", "柴灣", "HK", 50),
    ("Kingswood Villas", "嘉湖山莊", "Tin Shui Wai", "天水圍", "NT", 58),
    ("Metro City", "新都城", "Tseung Kwan O", "將軍澳", "NT", 12),
    ("Tai Hing Gardens", "大興花園", "Tuen Mun", "屯門", "NT", 12),
    ("Kornhill", "康怡花園", "Quarry Bay", "鰂魚涌", "HK", 20),
)
REGIONS_EN = {"HK": ("Hong Kong", "HK", "Hong Kong Island"), "KLN": ("Kowloon", "Kln"), "NT": ("New Territories", "NT")}
REGIONS_ZH = {"HK": "香港", "KLN": "九龍", "NT": "新界"}

# 18 districts and well-known places, alone: decoys (not addresses). Several look like romanised names.
PLACES_EN = (
    "Sha Tin", "Ma On Shan", "Ho Man Tin", "Wong Tai Sin", "Lai Chi Kok", "Cheung Sha Wan", "Lam Tin", "Yau Ma Tei",
    "To Kwa Wan", "Kwun Tong", "Tai Po", "Tsim Sha Tsui", "Mong Kok", "Causeway Bay", "Sai Kung", "Tuen Mun",
    "Tin Shui Wai", "Lok Fu", "Chai Wan", "Kowloon Tong", "Choi Hung", "Tseung Kwan O", "Siu Sai Wan",
    "Wong Chuk Hang", "Fo Tan", "Tai Wai", "Kwai Fong", "Yuen Long", "Sham Shui Po", "Wan Chai", "Central and Western",
    "Kowloon City", "Kwai Tsing", "Tsuen Wan", "Islands District", "Southern District", "Eastern District",
)  # fmt: skip
PLACES_ZH = (
    "沙田", "旺角", "黃大仙", "何文田", "馬鞍山", "荔枝角", "長沙灣", "藍田", "油麻地", "觀塘", "大埔", "尖沙咀",
    "銅鑼灣", "西貢", "屯門", "天水圍", "樂富", "柴灣", "九龍塘", "彩虹", "將軍澳", "小西灣", "黃竹坑", "火炭",
    "大圍", "葵芳", "元朗", "深水埗", "中環", "金鐘", "中西區", "油尖旺", "葵青", "荃灣", "離島", "北區",
)  # fmt: skip

BANKS: tuple[tuple[str, str, str], ...] = (
    ("004", "HSBC", "滙豐銀行"),
    ("003", "Standard Chartered", "渣打銀行"),
    ("024", "Hang Seng Bank", "恒生銀行"),
    ("012", "Bank of China (Hong Kong)", "中銀香港"),
    ("015", "Bank of East Asia", "東亞銀行"),
    ("016", "DBS", "星展銀行"),
    ("250", "Citibank", "花旗銀行"),
    ("040", "Dah Sing Bank", "大新銀行"),
    ("072", "ICBC (Asia)", "工銀亞洲"),
    ("035", "OCBC", "華僑銀行"),
    ("387", "ZA Bank", "眾安銀行"),
    ("389", "Mox Bank", "Mox銀行"),
)
COMPANIES_EN = (
    "Harbour Logistics Limited", "Victoria Peak Trading Co. Ltd.", "Jade Dragon Catering Ltd", "Lion Rock Tech Limited",
    "Pearl River Garments Co.", "Kowloon Bay Printing Limited", "Silver Mine Consulting Ltd", "Bauhinia Foods Ltd",
)  # fmt: skip
COMPANIES_ZH = (
    "維港物流有限公司", "海濱貿易有限公司", "翡翠飲食集團", "獅子山科技有限公司", "珠江製衣廠", "九龍灣印刷有限公司",
)  # fmt: skip
EMAIL_DOMAINS = (
    ("gmail.com", 20), ("yahoo.com.hk", 10), ("hotmail.com", 8), ("outlook.com", 6), ("netvigator.com", 6),
    ("hkbn.net", 3), ("icloud.com", 3), ("connect.hku.hk", 2), ("link.cuhk.edu.hk", 2), ("connect.ust.hk", 2),
    ("polyu.edu.hk", 1), ("cityu.edu.hk", 1), ("harbourlogistics.com.hk", 3), ("lionrocktech.com", 2),
    ("jadedragon.hk", 2), ("bauhinia-foods.com.hk", 2), ("example.org", 1), ("protonmail.com", 1),
)  # fmt: skip
_DOMAIN_WEIGHTS = [w for _, w in EMAIL_DOMAINS]

# ---------------------------------------------------------------------------------------------------------------
# Value generators
# ---------------------------------------------------------------------------------------------------------------

_FIRST_ONLY = ("大", "小", "子", "家", "志")  # given-name characters that do not come second
_LETTERS_1 = "ABCDEFGHJKLMNPRSTVWYZ"
_LETTERS_2 = ("XA", "XB", "XC", "XD", "XE", "XG", "XH", "WX", "CA", "EC")


@dataclass
class Person:
    zh_surname: str = ""
    zh_given: str = ""
    rom_surname: str = ""
    rom_given: tuple[str, ...] = ()
    english: str = ""
    western: str = ""  # full Western name, when the person has no Chinese name


@dataclass
class Ctx:
    lang: str
    persons: list[Person] = field(default_factory=list)
    bank_code: str | None = None


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _hkid_parts(rng: random.Random) -> tuple[str, str]:
    letters = rng.choice(_LETTERS_2) if rng.random() < 0.06 else rng.choice(_LETTERS_1)
    return letters, _digits(rng, 6)


def _format_hkid(rng: random.Random, letters: str, digits: str, check: str, lang: str) -> str:
    if lang in ("zh", "yue") and rng.random() < 0.10:
        return to_fullwidth(f"{letters}{digits}({check})")
    r = rng.random()
    if r < 0.60:
        return f"{letters}{digits}({check})"
    if r < 0.82:
        return f"{letters}{digits}{check}"
    return f"{letters}{digits} ({check})"


def gen_hkid(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    letters, digits = _hkid_parts(rng)
    return _format_hkid(rng, letters, digits, hkid_check_char(letters, digits), ctx.lang)


def gen_hkid_bad(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    letters, digits = _hkid_parts(rng)
    good = hkid_check_char(letters, digits)
    bad = rng.choice([c for c in "0123456789A" if c != good])
    return _format_hkid(rng, letters, digits, bad, ctx.lang)


def _phone_digits(rng: random.Random, arg: str | None) -> str:
    fixed = arg == "fixed" or (arg != "mobile" and rng.random() < 0.25)
    first = rng.choice("23") if fixed else rng.choice("5566699997")
    return first + _digits(rng, 7)


def gen_phone(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    d = _phone_digits(rng, arg)
    if arg == "plain":
        return d
    r = rng.random()
    body = d if r < 0.35 else f"{d[:4]} {d[4:]}" if r < 0.82 else f"{d[:4]}-{d[4:]}"
    r = rng.random()
    if r < 0.72:
        return body
    if r < 0.84:
        return "+852 " + body
    if r < 0.90:
        return "(852) " + body
    if r < 0.95:
        return "852-" + d
    return "+852" + d


def _pick_person(rng: random.Random, ctx: Ctx, kind: str) -> Person:
    if kind == "western" or (kind == "en" and rng.random() < 0.22):
        g, s = rng.choice(WESTERN_GIVEN), rng.choice(WESTERN_SURNAMES)
        p = Person(western=f"{g} {s}", english=g, rom_surname=s)
    else:
        zh_s, rom_s, _ = rng.choices(SURNAMES, weights=_SURNAME_WEIGHTS)[0]
        chars = [rng.choice(GIVEN_CHARS) for _ in range(1 if rng.random() < 0.12 else 2)]
        if len(chars) == 2 and chars[0][0] == chars[1][0]:
            chars = chars[:1]
        elif len(chars) == 2 and chars[1][0] in _FIRST_ONLY:
            chars = chars[:1] if chars[0][0] in _FIRST_ONLY else [chars[1], chars[0]]
        p = Person(zh_s, "".join(c for c, _ in chars), rom_s, tuple(r for _, r in chars), rng.choice(ENGLISH_GIVEN))
    ctx.persons.append(p)
    return p


def _rom_name(rng: random.Random, p: Person, upper_surname: float = 0.25) -> str:
    if p.western:
        return p.western
    sur = p.rom_surname.upper() if rng.random() < upper_surname else p.rom_surname
    given = p.rom_given
    hyphen = len(given) == 2 and rng.random() < 0.25  # "Wong Siu-ming"
    return f"{sur} {given[0]}-{given[1].lower()}" if hyphen else f"{sur} {' '.join(given)}"


def gen_person(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    kind = arg or {"en": "en", "zh": "zh", "yue": "zh", "mixed": "rom"}[ctx.lang]
    if kind.startswith("@"):  # same person as an earlier slot of the sentence: "@0", "@0rom", "@1en"
        p = ctx.persons[int(kind[1])]
        form = kind[2:] or "same"
        if form == "rom":
            return _rom_name(rng, p, upper_surname=0.7)
        if form == "en":
            return p.western or f"{p.english} {p.rom_surname}"
        return p.western or p.zh_surname + p.zh_given
    if kind == "any":
        kind = rng.choice(["zh", "rom", "en"] if ctx.lang in ("zh", "yue", "mixed") else ["rom", "en", "en"])
    p = _pick_person(rng, ctx, kind)
    if kind == "zh":
        return p.zh_surname + p.zh_given
    if kind == "rom":
        return _rom_name(rng, p)
    if kind == "rom_upper":
        return f"{p.rom_surname.upper()} {' '.join(p.rom_given).upper()}"
    # en: "Peter Chan", "Mary Wong Mei Ling", "Peter CHAN", "John Smith"
    if p.western:
        return p.western
    r = rng.random()
    if r < 0.25:
        return f"{p.english} {p.rom_surname} {' '.join(p.rom_given)}"
    if r < 0.35:
        return f"{p.english} {p.rom_surname.upper()}"
    return f"{p.english} {p.rom_surname}"


def gen_email(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    if arg == "person" and ctx.persons:
        p = ctx.persons[-1]
        sur = p.rom_surname.lower().replace(" ", "")
        first = p.english.lower().replace("-", "")
        given = "".join(p.rom_given).lower()
        initials = "".join(g[0] for g in p.rom_given).lower()
        options = [f"{first}.{sur}", f"{first}{sur}", f"{first[0]}{sur}", f"{first}_{sur}{rng.randint(1, 99)}"]
        if given:
            options += [f"{sur}{given}", f"{initials}{sur}", f"{sur}.{given}", f"{given}.{sur}{rng.randint(1, 9)}"]
        local = rng.choice(options)
    else:
        sur = rng.choices(SURNAMES, weights=_SURNAME_WEIGHTS)[0][1].lower().replace(" ", "")
        g1, g2 = rng.choice(GIVEN_CHARS)[1].lower(), rng.choice(GIVEN_CHARS)[1].lower()
        local = rng.choice(
            [
                f"{sur}{g1}{g2}",
                f"{g1}{g2}.{sur}",
                f"{sur}_{g1}{rng.randint(1, 999)}",
                f"{rng.choice(ENGLISH_GIVEN).lower()}.{sur}",
                f"{rng.choice(ENGLISH_GIVEN).lower()}{rng.randint(80, 2010)}",
                f"{g1[0]}{g2[0]}{sur}",
                rng.choice(["info", "enquiry", "hr", "accounts", "admin", "cs"]),
            ]
        )
    domain = rng.choices(EMAIL_DOMAINS, weights=_DOMAIN_WEIGHTS)[0][0]
    return f"{local}@{domain}"


def _card_number(rng: random.Random) -> tuple[str, str]:
    net = rng.choices(["visa", "mc", "mc2", "amex", "unionpay", "jcb"], weights=[40, 20, 5, 12, 13, 10])[0]
    if net == "visa":
        prefix, length = "4", 16
    elif net == "mc":
        prefix, length = str(rng.randint(51, 55)), 16
    elif net == "mc2":
        prefix, length = str(rng.randint(2221, 2720)), 16
    elif net == "amex":
        prefix, length = rng.choice(["34", "37"]), 15
    elif net == "jcb":
        prefix, length = str(rng.randint(3528, 3589)), 16
    else:
        prefix, length = "62" + rng.choice(["12", "22", "26", "58", "84"]), rng.choice([16, 16, 16, 16, 19])
    return net, prefix + _digits(rng, length - len(prefix) - 1)


def _group_card(rng: random.Random, digits: str) -> str:
    r = rng.random()
    if r < 0.3:
        return digits
    sep = " " if r < 0.85 else "-"
    if len(digits) == 15:
        groups = [digits[:4], digits[4:10], digits[10:]]
    else:
        groups = [digits[i : i + 4] for i in range(0, len(digits), 4)]
    return sep.join(groups)


def gen_card(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    _, partial = _card_number(rng)
    return _group_card(rng, luhn_complete(partial))


def gen_card_bad(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    prefix = rng.choice(["4", "5" + rng.choice("12345"), "3" + rng.choice("1690"), "1", "8"])
    good = luhn_complete(prefix + _digits(rng, 15 - len(prefix)))
    bad = good[:-1] + str((int(good[-1]) + rng.randint(1, 9)) % 10)
    return _group_card(rng, bad)


def gen_passport(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    return rng.choice("HHKKK") + _digits(rng, 8)


def gen_bank_account(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    code = ctx.bank_code or rng.choice(BANKS)[0]
    sep = " " if rng.random() < 0.1 else "-"
    branch = _digits(rng, 3)
    if code in ("004", "024"):
        return sep.join([code, branch, _digits(rng, 6), _digits(rng, 3)])
    return sep.join([code, branch, _digits(rng, rng.randint(6, 9))])


def gen_br(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    number = str(rng.randint(1, 7)) + _digits(rng, 7)
    if rng.random() < 0.55:
        return f"{number}-000-{rng.randint(1, 12):02d}-{rng.randint(20, 27):02d}-{rng.choice('0123456789A')}"
    return number


def gen_ip(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    r = rng.random()
    if r < 0.25:
        return f"192.168.{rng.randint(0, 20)}.{rng.randint(2, 254)}"
    if r < 0.40:
        return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"
    if r < 0.48:
        return f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"
    first = rng.choice([203, 218, 219, 112, 113, 61, 14, 42, 58, 103, 124, 180, 202, 210])
    return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"


def _unit_en(rng: random.Random, floor: int) -> str:
    r = rng.random()
    if r < 0.25:
        return f"Flat {floor}{rng.choice('ABCDEFGH')}"
    if r < 0.5:
        return f"Flat {rng.choice('ABCDEFGH')}"
    if r < 0.75:
        return f"Room {floor}{rng.randint(1, 20):02d}"
    return f"Unit {floor}{rng.randint(1, 12):02d}"


def gen_address(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    kind = arg or ("en" if ctx.lang == "en" else "zh")
    if kind == "zh":
        return _address_zh(rng, partial=rng.random() < 0.25)
    if kind == "zh_partial":
        return _address_zh(rng, partial=True)
    return _address_en(rng, partial=kind == "en_partial" or rng.random() < 0.2)


def _address_en(rng: random.Random, partial: bool) -> str:
    level = 0 if rng.random() < 0.08 else rng.randint(1, 45)
    floor = f"{level}/F" if level else "G/F"
    if rng.random() < 0.3 and not partial:
        estate, _, area, _, region, blocks = rng.choice(ESTATES)
        block = f"{rng.choice(['Block', 'Tower'])} {rng.randint(1, blocks)}"
        parts = [_unit_en(rng, level or 1), floor, block, estate, area]
        if rng.random() < 0.7:
            parts.append(rng.choice(REGIONS_EN[region]))
        return ", ".join(parts)
    street, _, area, _, region, top = rng.choice(STREETS)
    number = f"{rng.randint(1, top)}" + (rng.choice("ABC") if rng.random() < 0.05 else "")
    if partial:
        r = rng.random()
        if r < 0.4:
            return f"{number} {street}, {area}"
        if r < 0.7:
            return f"{floor}, {number} {street}"
        if r < 0.85:
            return f"{number} {street}"
        return f"{floor}, {number} {street}, {area}"
    parts = [_unit_en(rng, level or 1), floor]
    if rng.random() < 0.25:
        parts.append(f"Block {rng.randint(1, 6)}")
    if rng.random() < 0.65:
        parts.append(rng.choice(BUILDINGS)[0])
    parts += [f"{number} {street}", area]
    if rng.random() < 0.75:
        parts.append(rng.choice(REGIONS_EN[region]))
    return ", ".join(parts)


def _address_zh(rng: random.Random, partial: bool) -> str:
    level = 0 if rng.random() < 0.06 else rng.randint(1, 45)
    floor = f"{level}樓" if level else "地下"
    r = rng.random()
    unit = (
        f"{rng.choice('ABCDEFGH')}室"
        if r < 0.55
        else f"{rng.randint(1, 20)}室"
        if r < 0.8
        else f"{level}{rng.randint(1, 20):02d}室"
    )
    if not level:
        unit = ""
    region_on = rng.random() < 0.6
    if rng.random() < 0.3 and not partial:
        _, estate, _, area, region, blocks = rng.choice(ESTATES)
        block = f"第{rng.randint(1, blocks)}座" if rng.random() < 0.4 else f"{rng.randint(1, blocks)}座"
        head = (REGIONS_ZH[region] if region_on else "") + (area if rng.random() < 0.7 else "")
        return f"{head}{estate}{block}{floor}{unit}"
    _, street, _, area, region, top = rng.choice(STREETS)
    head = (REGIONS_ZH[region] if region_on else "") + area
    number = f"{rng.randint(1, top)}號"
    if partial:
        return f"{head}{street}{number}" + (floor if rng.random() < 0.3 else "")
    building = rng.choice(BUILDINGS)[1] if rng.random() < 0.5 else ""
    return f"{head}{street}{number}{building}{floor}{unit}"


# Non-PII fillers used inside PII templates (no span, not counted as decoys)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _ymd(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(2019, 2026), rng.randint(1, 12), rng.randint(1, 28)


def gen_date(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    y, m, d = _ymd(rng)
    r = rng.random()
    if arg == "iso" or r < 0.3:
        return f"{y}-{m:02d}-{d:02d}"
    if arg == "zh" or (ctx.lang in ("zh", "yue") and r < 0.8):
        return f"{y}年{m}月{d}日"
    if r < 0.6:
        return f"{d:02d}/{m:02d}/{y}"
    if r < 0.8:
        return f"{d} {_MONTHS[m - 1]} {y}"
    return f"{d}.{m:02d}.{y}"


def gen_time(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    h, mi, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    if arg == "br":
        return f"[{h:02d}:{mi:02d}]"
    if arg == "log":
        return f"{h:02d}:{mi:02d}:{s:02d}"
    if ctx.lang in ("zh", "yue") and rng.random() < 0.5:
        return f"{rng.choice(['上午', '下午', '晚上'])}{rng.randint(1, 11)}時{rng.randint(0, 59):02d}分"
    return f"{h:02d}:{mi:02d}" if rng.random() < 0.7 else f"{rng.randint(1, 12)}:{mi:02d}{rng.choice(['am', 'pm'])}"


def gen_amount(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    big = rng.random() < 0.35
    value = rng.randint(1_000_000, 99_999_999) if big else rng.randint(10, 999_999)
    cents = f".{rng.randint(0, 99):02d}" if rng.random() < 0.35 else ""
    text = f"{value:,}{cents}"
    if arg == "zh" or (ctx.lang in ("zh", "yue") and rng.random() < 0.6):
        return rng.choice([f"港幣{text}元", f"HK${text}", f"${text}", f"{text}港元"])
    return rng.choice([f"HK${text}", f"HK$ {text}", f"${text}", f"HKD {text}"])


def gen_bank_name(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    code, en, zh = rng.choice(BANKS)
    ctx.bank_code = code
    return zh if arg == "zh" else en


def gen_company(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    return rng.choice(COMPANIES_ZH) if arg == "zh" else rng.choice(COMPANIES_EN)


def gen_expiry(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    return f"{rng.randint(1, 12):02d}/{rng.randint(25, 31)}"


def gen_small(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    return str(rng.randint(1, 300))


def gen_apache_ts(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    y, m, d = _ymd(rng)
    h, mi, sec = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    return f"[{d:02d}/{_MONTHS[m - 1]}/{y}:{h:02d}:{mi:02d}:{sec:02d} +0800]"


# Decoy generators (recorded under "decoys", never gold)


def gen_order8(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    r = rng.random()
    if r < 0.6:
        return rng.choice("4811") + _digits(rng, 7)
    if r < 0.8:
        y, m, d = _ymd(rng)
        return f"{y}{m:02d}{d:02d}"
    return rng.choice("235679") + _digits(rng, 7)


def gen_version(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    v = f"{rng.randint(0, 12)}.{rng.randint(0, 30)}.{rng.randint(0, 40)}"
    return rng.choice([v, "v" + v, v])


def gen_code(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    r = rng.random()
    if r < 0.3:
        return rng.choice(letters) + rng.choice(letters) + _digits(rng, 5)
    if r < 0.55:
        return rng.choice(letters) + _digits(rng, rng.choice([9, 10]))
    if r < 0.75:
        return "".join(rng.choice(letters) for _ in range(3)) + _digits(rng, 4)
    return f"SKU-{_digits(rng, 4)}-{rng.choice(letters)}"


def gen_isbn(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    if rng.random() < 0.5:
        return f"978-962-{_digits(rng, 2)}-{_digits(rng, 4)}-{_digits(rng, 1)}"
    return f"978-988-{_digits(rng, 4)}-{_digits(rng, 2)}-{_digits(rng, 1)}"


def gen_case_no(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    court = rng.choice(["HCA", "DCCJ", "CACV", "HCAL", "DCEC", "FAMV"])
    return f"{court} {rng.randint(1, 3999)}/{rng.randint(2015, 2025)}"


def gen_place_en(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    return rng.choice(PLACES_EN)


def gen_place_zh(rng: random.Random, arg: str | None, ctx: Ctx) -> str:
    return rng.choice(PLACES_ZH)


Gen = Callable[[random.Random, str | None, Ctx], str]

PII_SLOTS: dict[str, Gen] = {
    "HKID": gen_hkid,
    "HK_PHONE": gen_phone,
    "EMAIL": gen_email,
    "CREDIT_CARD": gen_card,
    "HK_PASSPORT": gen_passport,
    "HK_BANK_ACCOUNT": gen_bank_account,
    "HK_BR_NUMBER": gen_br,
    "IP_ADDRESS": gen_ip,
    "PERSON": gen_person,
    "HK_ADDRESS": gen_address,
}
FILLER_SLOTS: dict[str, Gen] = {
    "date": gen_date,
    "time": gen_time,
    "amount": gen_amount,
    "bank": gen_bank_name,
    "company": gen_company,
    "expiry": gen_expiry,
    "n": gen_small,
    "apache_ts": gen_apache_ts,
}
DECOY_SLOTS: dict[str, Gen] = {
    "hkid_bad": gen_hkid_bad,
    "card_bad": gen_card_bad,
    "order8": gen_order8,
    "amount": gen_amount,
    "date": gen_date,
    "version": gen_version,
    "code": gen_code,
    "isbn": gen_isbn,
    "case_no": gen_case_no,
    "place_en": gen_place_en,
    "place_zh": gen_place_zh,
}
LITERAL_DECOYS = ("word", "place", "org")  # {!word:黃金}: the argument is the decoy text itself

# ---------------------------------------------------------------------------------------------------------------
# Templates. {TYPE[:arg]} is a gold slot, {filler[:arg]} a non-PII value, {!kind[:arg]} a decoy, [a|b|] a choice.
# ---------------------------------------------------------------------------------------------------------------

_ID_EN = "[HKID|HKID No.|HK ID card|ID card no.|Hong Kong Identity Card No.|HKIC]"
_ID_ZH = "[身份證|身分證|身份証|香港身份證|身份證號碼|身分證號碼|香港身份證號碼]"
_TEL_EN = "[Tel|Tel.|Phone|Mobile|Mob|Contact no.|WhatsApp]"
_TEL_ZH = "[電話|手提|手提電話|聯絡電話|手機|聯絡號碼]"
_COLON_ZH = "[：|:|: |]"

PII_TEMPLATES: dict[str, list[str]] = {
    "en": [
        f"My {_ID_EN} is {{HKID}}.",
        "Please verify the ID card number {HKID} before approving the claim.",
        "[Call|Phone|Ring|WhatsApp|Text] me on {HK_PHONE} [after 6pm|tomorrow morning|any time|if you are late].",
        "Contact: {PERSON:en}, Tel: {HK_PHONE}, Email: {EMAIL:person}.",
        "The applicant, {PERSON:rom}, holds HKID {HKID} and lives at {HK_ADDRESS:en}.",
        "Please send the documents to {HK_ADDRESS:en}.",
        "Payment was made with card {CREDIT_CARD} on {date}.",
        "Card no.: {CREDIT_CARD}, expiry {expiry}.",
        "[Passport No.|HKSAR passport number|Passport number|Travel document no.] {HK_PASSPORT}, issued in Hong Kong.",
        "Kindly transfer {amount} to our {bank} account {HK_BANK_ACCOUNT} by Friday.",
        "Account holder: {PERSON:en}; {bank} account no. {HK_BANK_ACCOUNT}.",
        "[Our Business Registration No. is|BR No.:|Business Registration Number:] {HK_BR_NUMBER} ({company}).",
        "Suspicious login from {IP_ADDRESS} at {time}.",
        "Server {IP_ADDRESS} stopped responding at {time} on {date}.",
        "{PERSON:en} ({EMAIL:person}) joined the team last week.",
        "Forwarding this to {PERSON:rom}, who will handle the renewal.",
        "[Mr|Ms|Mrs|Dr] {PERSON:rom} called about the delivery to {HK_ADDRESS:en_partial}.",
        "Emergency contact: {PERSON:en}, mobile {HK_PHONE}.",
        "Tel {HK_PHONE} / Fax {HK_PHONE:fixed}.",
        "Customer {PERSON:rom} ({HKID}) requested a refund of {amount}.",
        "Reply to {EMAIL} if you have any questions.",
        "Delivery address: {HK_ADDRESS:en}; recipient {PERSON:en}, {HK_PHONE}.",
        "[Ms|Mrs|Miss] {PERSON:rom} lost her ID card {HKID} near {!place_en}.",
        "The card {CREDIT_CARD} was declined twice.",
        "Please update the payee: {PERSON:en}, {bank} {HK_BANK_ACCOUNT}.",
        "{PERSON:en} can be reached at {EMAIL:person} or {HK_PHONE}.",
        "- {PERSON:rom} {HK_PHONE}\n",
        "IDs to check: {HKID}, {HKID}.",
        "{date:iso},{PERSON:rom},{HK_PHONE:plain},{HKID}\n",
        "date,name,phone,email\n{date:iso},{PERSON:en},{HK_PHONE:plain},{EMAIL:person}\n",
        '{n},{PERSON:en},"{HK_ADDRESS:en}",{HK_PHONE:plain}\n',
        "{date:iso} {time:log} INFO login ok user={EMAIL} ip={IP_ADDRESS}\n",
        '{IP_ADDRESS} - - {apache_ts} "GET /[login|index.html|api/v1/orders] HTTP/1.1" [200|302|404] {n}\n',
        "Name: {PERSON:rom}\nHKID: {HKID}\nMobile: {HK_PHONE}\nEmail: {EMAIL:person}\n",
        "Dear {PERSON:en},\nThank you for your enquiry. Please call me at {HK_PHONE} if anything is unclear.\n"
        "Best regards,\n{PERSON:en}\n",
        "From: {PERSON:en} <{EMAIL:person}>\nTo: {EMAIL}\nSubject: [Invoice|Meeting notes|Lease renewal]\n",
        "{PERSON:en}: can you send me your number?\n{PERSON:en}: sure, {HK_PHONE}\n",
        "{time:br} {PERSON:en}: the courier needs your address\n{time:br} {PERSON:en}: {HK_ADDRESS:en}\n",
        "Company: {company}; BR {HK_BR_NUMBER}; director {PERSON:rom}.",
        "Guest {PERSON:en} checked in with passport {HK_PASSPORT}.",
        "Refund to card {CREDIT_CARD} approved by {PERSON:en}.",
        "{CREDIT_CARD}\n",
        "{HK_PHONE}\n",
    ],
    "zh": [
        f"申請人{{PERSON:zh}}，{_ID_ZH}號碼{{HKID}}，現居於{{HK_ADDRESS:zh}}。",
        "如有查詢，請致電{HK_PHONE}與{PERSON:zh}[先生|小姐|女士|]聯絡。",
        "請把文件寄往{HK_ADDRESS:zh}。",
        f"{_TEL_ZH}{_COLON_ZH}{{HK_PHONE}}。",
        f"[電郵地址|電郵|電子郵件]{_COLON_ZH}{{EMAIL}}。",
        "請電郵至{EMAIL}查詢。",
        "信用卡號碼{CREDIT_CARD}已於{date:zh}被凍結。",
        f"護照號碼{_COLON_ZH}{{HK_PASSPORT}}，有效期至{{date:zh}}。",
        "請將款項{amount:zh}存入{bank:zh}戶口{HK_BANK_ACCOUNT}，戶口持有人為{PERSON:zh}。",
        "[本公司商業登記號碼為|商業登記證號碼：|商業登記號碼]{HK_BR_NUMBER}。",
        "系統於{time}偵測到來自{IP_ADDRESS}的異常登入。",
        "{PERSON:zh}[先生|女士|小姐]的地址已更新為{HK_ADDRESS:zh}。",
        f"經辦人：{{PERSON:zh}}（{_TEL_ZH}：{{HK_PHONE}}）",
        f"持證人{{PERSON:zh}}的{_ID_ZH}為{{HKID}}，請核對。",
        "收件人：{PERSON:zh}，地址：{HK_ADDRESS:zh}，電話：{HK_PHONE}。",
        "客戶{PERSON:zh}以信用卡{CREDIT_CARD}支付{amount:zh}。",
        "如需協助，請聯絡{PERSON:en}（{EMAIL:person}）。",
        f"姓名：{{PERSON:zh}}\n{_ID_ZH}：{{HKID}}\n{_TEL_ZH}：{{HK_PHONE}}\n地址：{{HK_ADDRESS:zh}}\n",
        "申請人姓名：{PERSON:zh}\n英文姓名：{PERSON:@0rom}\n護照號碼：{HK_PASSPORT}\n電郵：{EMAIL:person}\n",
        "{PERSON:zh}[先生|小姐]：\n您好！閣下的申請已收到。如有查詢，請致電{HK_PHONE}或電郵至{EMAIL}。\n{company:zh}\n",
        "{n},{PERSON:zh},{HK_PHONE:plain},{HK_ADDRESS:zh}\n",
        "公司名稱：{company:zh}\n商業登記號碼：{HK_BR_NUMBER}\n聯絡人：{PERSON:zh}\n",
        "伺服器{IP_ADDRESS}於{date:zh}停止回應。",
        "旅客{PERSON:zh}持香港特區護照{HK_PASSPORT}出境。",
        "{PERSON:zh}於{date:zh}遺失身份證{HKID}。",
        "送貨地址：{HK_ADDRESS:zh}。",
    ],
    "yue": [
        "我個電話係{HK_PHONE}，搵我啦。",
        "[得閒|有嘢|到咗]call我{HK_PHONE}啦！",
        "你send個email去{EMAIL}就得㗎喇。",
        "我住喺{HK_ADDRESS:zh}，你嚟到打俾我。",
        "佢叫{PERSON:zh}，係我舊同事嚟。",
        "幫我查下{PERSON:zh}個[身份證|身分證|身份証|ID card]係咪{HKID}呀？",
        "唔該幫我轉{amount:zh}去{bank:zh}{HK_BANK_ACCOUNT}，戶口名係{PERSON:zh}。",
        "我張卡{CREDIT_CARD}俾人盜用咗，點算好？",
        "聽日去機場記得帶護照呀，號碼係{HK_PASSPORT}。",
        "{PERSON:zh}話佢搬咗去{HK_ADDRESS:zh}喇。",
        "WhatsApp我{HK_PHONE}啦，唔好打屋企電話{HK_PHONE:fixed}。",
        "你間公司BR係咪{HK_BR_NUMBER}？",
        "{PERSON:zh}：你電話幾號？\n{PERSON:zh}：{HK_PHONE}\n{PERSON:@0}：ok，收到\n",
        "{time:br} {PERSON:zh}：寄去邊度？\n{time:br} {PERSON:zh}：{HK_ADDRESS:zh}，唔該晒\n",
        "我身份證號碼係{HKID}，你幫我填埋佢啦。",
        "{PERSON:zh}個手機號碼係{HK_PHONE}，你自己搵佢啦。",
        "收到{PERSON:zh}封email，佢話用返{EMAIL}。",
        "條數入咗{bank:zh}戶口{HK_BANK_ACCOUNT}未呀？",
    ],
    "mixed": [
        "我今日send咗個form俾你，HKID係{HKID}，check下啦。",
        "Please call 我 at {HK_PHONE}，唔該。",
        "個client叫{PERSON:rom}，佢email係{EMAIL:person}。",
        "Meeting之後記得send份report去{EMAIL}呀。",
        "新address係{HK_ADDRESS:en}，update咗system未？",
        "{PERSON:en}話佢張credit card {CREDIT_CARD} expire咗。",
        "Account number係{bank} {HK_BANK_ACCOUNT}，入錢之後send張receipt俾我。",
        "你個passport number {HK_PASSPORT}啱唔啱？",
        "Server IP改咗做{IP_ADDRESS}，記得update config。",
        "Hi {PERSON:en}，我係{PERSON:zh}，電話{HK_PHONE}。",
        "個customer{PERSON:zh}打嚟投訴，佢mobile係{HK_PHONE}。",
        "ID card number {HKID}同passport {HK_PASSPORT}都要copy一份。",
    ],
}

DECOY_TEMPLATES: dict[str, list[str]] = {
    "en": [
        "Case ref {!hkid_bad} was closed on {date}.",
        "The form code {!hkid_bad} is printed on the top right corner.",
        "Order {!order8} has been shipped.",
        "Your booking reference is {!order8}.",
        "Invoice No. {!order8} is overdue.",
        "The total is {!amount}.",
        "Revenue reached {!amount} this quarter.",
        "The meeting is on {!date} at {time}.",
        "Deadline: {!date}.",
        "Transaction ID {!card_bad} could not be matched.",
        "Tracking number {!card_bad} is not recognised.",
        "Upgraded the app to version {!version} last night.",
        "Please install {!version} before Monday.",
        "We had dim sum in {!place_en} yesterday.",
        "The MTR to {!place_en} is delayed.",
        "Traffic is heavy near {!place_en} this morning.",
        "Product code {!code} is out of stock.",
        "Part number {!code} replaces the old model.",
        "See ISBN {!isbn} for the full text.",
        "The judgment in {!case_no} was handed down last week.",
        "We walked along {!word:the river bank} after lunch.",
        "The office is closed on the {!word:bank holiday}.",
        "The {!word:Tai Chi} class starts at 7am.",
        "We ordered {!word:Char Siu} and {!word:Siu Mai} for lunch.",
        "Happy {!word:Chung Yeung} Festival!",
        "{!word:Kung Hei Fat Choi}!",
        "Let's meet at {!place:Lee Gardens} at 3.",
        "I bought a ring at {!org:Chow Tai Fook}.",
        "{!org:Lee Kum Kee} oyster sauce is on sale.",
        "{!org:Sun Hung Kai Properties} announced results today.",
        "The patient was transferred to {!org:Queen Mary Hospital}.",
        "{!org:Po Leung Kuk} opened a new centre.",
        "{!org:Tung Wah Group of Hospitals} runs many schools.",
        "The {!word:grace period} ends on Friday.",
        "Call {!word:1823} for government enquiries.",
        "Sample record: ID {!hkid_bad} (test data).",
    ],
    "zh": [
        "文件編號{!hkid_bad}已經歸檔。",
        "身份證號碼{!hkid_bad}核對唔到，請重新輸入。",
        "參考編號{!order8}，請保留作記錄。",
        "訂單編號：{!order8}。",
        "合共{!amount:zh}。",
        "會議定於{!date:zh}下午三時舉行。",
        "截止日期為{!date}。",
        "交易編號{!card_bad}未能配對。",
        "請安裝{!version}版本。",
        "港鐵往{!place_zh}方向服務受阻。",
        "{!place_zh}今日有大雨。",
        "產品型號{!code}已停產。",
        "{!word:黃色}暴雨警告信號現正生效。",
        "天文台已改發{!word:黃色}暴雨警告信號。",
        "香港的{!word:林業}發展有限。",
        "{!word:許多}市民都支持這個計劃。",
        "{!word:周年}晚會將於下月舉行。",
        "請{!word:張貼}告示於當眼處。",
        "{!word:陳列}室今日暫停開放。",
        "{!org:李錦記}蠔油減價。",
        "案件{!case_no}已押後審理。",
    ],
    "yue": [
        "今日{!word:黃金}價又升咗。",
        "見到你好{!word:高興}！",
        "呢個{!word:周末}去唔去行山？",
        "你{!word:何時}得閒？",
        "而家{!word:方便}講嘢嗎？",
        "我{!word:馬上}過嚟。",
        "煲湯記得落{!word:陳皮}。",
        "樹上面啲{!word:葉子}跌晒落嚟。",
        "我{!word:曾經}喺度返工。",
        "今個暑假去{!word:羅馬}旅行。",
        "買咗盒{!word:朱古力}俾佢。",
        "{!word:關心}下屋企人啦。",
        "我每朝都去{!word:游泳}。",
        "喺{!org:周大福}買咗條頸鏈。",
        "今晚去{!place_zh}食飯。",
        "單號{!order8}已經寄出咗。",
        "呢單嘢要俾{!amount:zh}。",
        "{!date}之前要交呀！",
    ],
    "mixed": [
        "個order number係{!order8}，幫我check下。",
        "Invoice total係{!amount}，下個月先找數。",
        "App升咗去{!version}之後成日crash。",
        "聽日喺{!place_en}開meeting。",
        "Meeting改咗去{!date}。",
        "個tracking number {!card_bad}查唔到。",
        "呢個case ref {!hkid_bad}已經close咗。",
    ],
}

CLEAN_TEMPLATES: dict[str, list[str]] = {
    "en": [
        "The meeting has been moved to next week.",
        "Please find the attached report for your review.",
        "Thanks for your help!",
        "The system will be down for maintenance tonight.",
        "Let me know if you need anything else.",
        "We are still waiting for the final approval from the committee.",
        "The new policy takes effect next month.",
        "Could you share the slides before the call?",
        "The weather has been very humid this week.",
        "I will be on leave until the end of the month.",
        "Our team reviewed the model outputs and found no issues.",
        "The vendor has confirmed the delivery schedule.",
        "Please complete the privacy training by the deadline.",
        "The dashboard now shows the daily totals.",
        "Lunch will be provided after the workshop.",
        "Remember to lock your screen when you leave your desk.",
        "The printer on this floor is out of toner again.",
        "We need a second reviewer for this change.",
        "The chatbot answered most questions correctly.",
        "All staff are reminded to keep customer data confidential.",
        "Kind regards,\n",
        "See you tomorrow.",
        "Following the review last Thursday, the project team agreed to postpone the launch until the data "
        "protection impact assessment has been signed off by the compliance department.",
        "The model was retrained on the updated dataset and its accuracy on the validation set improved slightly, "
        "although the false positive rate on short messages is still higher than we would like.",
        "Please remember that all customer records must be stored on the approved platform only, and that copies "
        "kept on personal devices have to be deleted at the end of the engagement.",
        "The consultation paper invites comments from the public on the proposed guidelines for the responsible use "
        "of artificial intelligence in the financial services sector.",
        "We have scheduled a short training session for new joiners covering the acceptable use policy, incident "
        "reporting and the escalation matrix.",
        "Our quarterly audit found that most teams follow the retention schedule, but a few shared folders still "
        "contain files that should have been archived last year.",
        "If the chatbot cannot answer a question with confidence, it should hand the conversation over to a human "
        "agent instead of guessing.",
        "The vendor's security questionnaire is attached; please fill in the sections on encryption, access control "
        "and sub-processors before the next steering meeting.",
        "Thanks again for joining the workshop yesterday; the slides and the recording will be shared on the "
        "intranet later this week.",
        "As discussed, the pilot will run for three months in two branches before we decide whether to roll it out "
        "across the whole network.",
    ],
    "zh": [
        "會議改到下星期舉行。",
        "請參閱附件報告。",
        "系統今晚將進行維修。",
        "新政策將於下月生效。",
        "如有任何疑問，歡迎隨時提出。",
        "委員會仍在審批有關申請。",
        "請於限期前完成私隱培訓。",
        "所有職員須將客戶資料保密。",
        "天氣炎熱，請多喝水。",
        "供應商已確認送貨時間。",
        "本公司重視閣下的私隱。",
        "謝謝您的耐心等候。",
        "有關安排如有更改，恕不另行通知。",
        "請保留此通知以作記錄。",
        "為配合業務發展，本公司將於下季推出全新的網上服務平台，讓客戶可以隨時隨地查閱戶口資料及辦理各項申請。",
        "個人資料私隱專員公署建議機構在使用人工智能系統前進行私隱影響評估，並定期檢討有關措施的成效。",
        "各部門須於月底前提交年度風險評估報告，列明已識別的風險、緩解措施及負責人員。",
        "如閣下對本通知有任何疑問，歡迎於辦公時間內與我們的客戶服務部聯絡，我們樂意為閣下提供協助。",
        "受惡劣天氣影響，部分分行今日提早關門，網上及流動理財服務則維持正常運作。",
        "本計劃旨在提升員工對資料保安的認識，課程內容包括密碼管理、釣魚電郵識別及事故通報程序。",
        "經過三個月的試行，新系統的處理時間平均縮短約三成，用戶滿意度亦有所提升。",
        "委員會將於下次會議討論有關建議，並會考慮各持份者在諮詢期內提出的意見。",
    ],
    "yue": [
        "唔該晒！",
        "聽日見。",
        "你食咗飯未呀？",
        "我而家喺度開緊會，遲啲覆你。",
        "好啦，就咁話。",
        "今日好熱呀。",
        "你收到份文件未？",
        "冇問題，我搞掂佢。",
        "啲資料我遲啲send俾你。",
        "佢今日請咗假。",
        "等陣再傾。",
        "部電腦又hang機。",
        "頭先開會講咗好耐，最後都係決定下個月先再傾，你遲啲睇下份會議紀錄就知㗎喇。",
        "我哋部門而家人手唔夠，啲文件積埋一大堆，真係做到頭都大埋。",
        "聽講下個禮拜會落大雨，你出門口記得帶遮，唔好又淋到成身濕。",
        "佢話個新系統好難用，成日要重新登入，搞到啲同事好嬲。",
        "今晚公司聚餐，你嚟唔嚟呀？老闆話佢請飲嘢喎。",
        "份報告我已經改好咗，你得閒睇多次，冇問題就可以交俾上頭。",
    ],
    "mixed": [
        "份report我聽日send俾你。",
        "個meeting改咗時間。",
        "Okay，我check完再話你知。",
        "個system今晚要down機。",
        "Thanks，收到！",
        "個project deadline推遲咗一個星期，你同team講聲，大家唔使咁趕住做。",
        "頭先個presentation好順利，client好滿意，話下個月想再傾多個phase。",
        "我哋要update返個privacy policy，legal team話有幾段寫得唔夠清楚。",
    ],
}

LANG_WEIGHTS = {"en": 0.35, "zh": 0.25, "yue": 0.2, "mixed": 0.2}
# A record in one language also draws from these pools (code-switching is normal in Hong Kong text).
_POOLS = {"en": ("en",), "zh": ("zh",), "yue": ("yue", "zh"), "mixed": ("mixed", "yue", "en")}

_TOKEN = re.compile(r"\{(!?[A-Za-z_]\w*)(?::([^{}]+))?\}|\[([^\[\]]*)\]")

Part = tuple[str, ...]


@dataclass(frozen=True)
class Template:
    lang: str
    kind: str  # "pii" | "decoy" | "clean"
    source: str
    parts: tuple[Part, ...]


def _compile(source: str, lang: str, kind: str) -> Template:
    parts: list[Part] = []
    pos = 0
    for m in _TOKEN.finditer(source):
        if m.start() > pos:
            parts.append(("lit", source[pos : m.start()]))
        if m.group(3) is not None:
            parts.append(("alt", *m.group(3).split("|")))
        else:
            name, arg = m.group(1), m.group(2) or ""
            if name.startswith("!"):
                k = name[1:]
                if k not in DECOY_SLOTS and k not in LITERAL_DECOYS:
                    raise ValueError(f"unknown decoy slot {name} in {source!r}")
                if k in LITERAL_DECOYS and not arg:
                    raise ValueError(f"literal decoy without text in {source!r}")
            elif name not in PII_SLOTS and name not in FILLER_SLOTS:
                raise ValueError(f"unknown slot {name} in {source!r}")
            parts.append(("slot", name, arg))
        pos = m.end()
    if pos < len(source):
        parts.append(("lit", source[pos:]))
    last = parts[-1]
    if last[0] != "lit" or last[1][-1].isalnum():
        raise ValueError(f"template must end with punctuation or a newline: {source!r}")
    if kind == "pii" and not any(p[0] == "slot" and p[1] in PII_SLOTS for p in parts):
        raise ValueError(f"PII template without a PII slot: {source!r}")
    if kind != "pii" and any(p[0] == "slot" and p[1] in PII_SLOTS for p in parts):
        raise ValueError(f"{kind} template with a PII slot: {source!r}")
    if kind == "decoy" and not any(p[0] == "slot" and p[1].startswith("!") for p in parts):
        raise ValueError(f"decoy template without a decoy slot: {source!r}")
    return Template(lang, kind, source, tuple(parts))


def _compile_all(table: dict[str, list[str]], kind: str) -> dict[str, tuple[Template, ...]]:
    return {lang: tuple(_compile(s, lang, kind) for s in sources) for lang, sources in table.items()}


TemplateSet = dict[str, dict[str, tuple[Template, ...]]]  # kind -> language -> templates

TEMPLATES: TemplateSet = {
    "pii": _compile_all(PII_TEMPLATES, "pii"),
    "decoy": _compile_all(DECOY_TEMPLATES, "decoy"),
    "clean": _compile_all(CLEAN_TEMPLATES, "clean"),
}


def load_templates(path: str | Path) -> TemplateSet:
    """The built-in templates with some replaced from a JSON file {"pii"|"decoy"|"clean": {lang: [template...]}}.

    Each (kind, language) list in the file replaces the built-in one; the rest stay. Meant for a held-out set
    kept outside the repository, so that a scanner cannot be fitted to the very sentences it is scored on.
    """
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    out: TemplateSet = {kind: dict(by_lang) for kind, by_lang in TEMPLATES.items()}
    for kind, by_lang in raw.items():
        if kind not in out:
            raise ValueError(f"{path}: unknown template kind {kind!r} (pii, decoy, clean)")
        for lang, sources in by_lang.items():
            if lang not in LANG_WEIGHTS or not sources:
                raise ValueError(f"{path}: {kind}.{lang}: unknown language or no templates")
            out[kind][lang] = tuple(_compile(src, lang, kind) for src in sources)
    return out


# ---------------------------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------------------------


@dataclass
class Sentence:
    text: str
    kind: str
    spans: list[tuple[int, int, str, str]]  # start, end, type, value
    decoys: list[tuple[int, int, str, str]]  # start, end, kind, value


def render(template: Template, rng: random.Random, lang: str) -> Sentence:
    ctx = Ctx(lang=template.lang)
    out: list[str] = []
    pos = 0
    spans: list[tuple[int, int, str, str]] = []
    decoys: list[tuple[int, int, str, str]] = []
    for part in template.parts:
        tag = part[0]
        if tag == "lit":
            s = part[1]
        elif tag == "alt":
            s = rng.choice(part[1:])
        else:
            name, arg = part[1], part[2] or None
            if name in PII_SLOTS:
                s = PII_SLOTS[name](rng, arg, ctx)
                spans.append((pos, pos + len(s), name, s))
            elif name.startswith("!"):
                kind = name[1:]
                s = arg if kind in LITERAL_DECOYS and arg else DECOY_SLOTS[kind](rng, arg, ctx)
                decoys.append((pos, pos + len(s), kind, s))
            else:
                s = FILLER_SLOTS[name](rng, arg, ctx)
        out.append(s)
        pos += len(s)
    return Sentence("".join(out), template.kind, spans, decoys)


def _sentence_kind(rng: random.Random, pii_rate: float, decoy_rate: float) -> str:
    if rng.random() < pii_rate:
        return "pii"
    return "decoy" if rng.random() < decoy_rate else "clean"


def make_sentence(rng: random.Random, lang: str, kind: str, templates: TemplateSet | None = None) -> Sentence:
    pools = _POOLS[lang]
    pool_lang = pools[0] if len(pools) == 1 or rng.random() < 0.7 else rng.choice(pools[1:])
    template = rng.choice((templates or TEMPLATES)[kind][pool_lang])
    return render(template, rng, lang)


def sentences(n: int, *, pii_rate: float, seed: int, decoy_rate: float = 0.3) -> Iterator[Sentence]:
    """`n` independent sentences drawn the way records draw them (for tests of the sampling)."""
    rng = random.Random(seed)
    langs, weights = list(LANG_WEIGHTS), list(LANG_WEIGHTS.values())
    for _ in range(n):
        lang = rng.choices(langs, weights=weights)[0]
        yield make_sentence(rng, lang, _sentence_kind(rng, pii_rate, decoy_rate))


def _joiner(rng: random.Random, lang: str, left: str, right: str) -> str:
    if left.endswith("\n"):
        return ""
    if "\n" in right:  # a form, a CSV row, a chat transcript: starts on its own line
        return "\n"
    if rng.random() < 0.1:
        return "\n"
    ascii_edge = left[-1].isascii() or right[0].isascii()
    if lang in ("zh", "yue") and not ascii_edge:
        return ""
    return " " if ascii_edge or lang in ("en", "mixed") else ""


def make_record(
    rng: random.Random, record_id: str, pii_rate: float, decoy_rate: float, templates: TemplateSet | None = None
) -> dict[str, Any]:
    lang = rng.choices(list(LANG_WEIGHTS), weights=list(LANG_WEIGHTS.values()))[0]
    n = rng.choices(range(1, 7), weights=(1, 2, 3, 3, 3, 3))[0]
    chunks: list[str] = []
    pos = 0
    spans: list[dict[str, Any]] = []
    decoys: list[dict[str, Any]] = []
    prev = ""
    for _ in range(n):
        s = make_sentence(rng, lang, _sentence_kind(rng, pii_rate, decoy_rate), templates)
        if prev:
            j = _joiner(rng, lang, prev, s.text)
            chunks.append(j)
            pos += len(j)
        for a, b, t, v in s.spans:
            spans.append({"start": pos + a, "end": pos + b, "type": t, "value": v})
        for a, b, k, v in s.decoys:
            decoys.append({"start": pos + a, "end": pos + b, "kind": k, "value": v})
        chunks.append(s.text)
        pos += len(s.text)
        prev = s.text
    text = "".join(chunks).rstrip("\n")
    for sp in itertools.chain(spans, decoys):
        assert text[sp["start"] : sp["end"]] == sp["value"], (record_id, sp)
    return {"id": record_id, "text": text, "spans": spans, "decoys": decoys}


def iter_records(
    *, pii_rate: float, seed: int, decoy_rate: float = 0.3, templates: TemplateSet | None = None
) -> Iterator[dict[str, Any]]:
    """An endless stream of records; ids are "<seed>-<index>"."""
    if not 0.0 <= pii_rate <= 1.0 or not 0.0 <= decoy_rate <= 1.0:
        raise ValueError("rates must be within [0, 1]")
    rng = random.Random(seed)
    for i in itertools.count():
        yield make_record(rng, f"{seed}-{i}", pii_rate, decoy_rate, templates)


def generate(
    n_records: int, *, pii_rate: float, seed: int, decoy_rate: float = 0.3, templates: TemplateSet | None = None
) -> Iterator[dict[str, Any]]:
    """`n_records` records {"id", "text", "spans", "decoys"}; the same seed gives the same records.

    `templates` (see `load_templates`) replaces the built-in sentence templates.
    """
    records = iter_records(pii_rate=pii_rate, seed=seed, decoy_rate=decoy_rate, templates=templates)
    return itertools.islice(records, n_records)


def template_counts(templates: TemplateSet | None = None) -> dict[str, dict[str, int]]:
    table = templates or TEMPLATES
    return {kind: {lang: len(ts) for lang, ts in by_lang.items()} for kind, by_lang in table.items()}


def write_jsonl(
    out: TextIO, records: Iterator[dict[str, Any]], *, text_only: bool = False, max_bytes: int | None = None
) -> tuple[int, int]:
    """Write records as JSON lines (UTF-8, not ASCII-escaped); stop after `max_bytes` if given.

    Returns (records written, bytes written).
    """
    count = size = 0
    for rec in records:
        line = json.dumps({"id": rec["id"], "text": rec["text"]} if text_only else rec, ensure_ascii=False) + "\n"
        out.write(line)
        count += 1
        size += len(line.encode("utf-8"))
        if max_bytes is not None and size >= max_bytes:
            break
    return count, size


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=1000, help="number of records (ignored with --mb)")
    parser.add_argument("--mb", type=float, default=None, help="generate until the output reaches ~N MB (10^6 bytes)")
    parser.add_argument("--pii-rate", type=float, default=0.35, help="fraction of sentences carrying PII")
    parser.add_argument("--decoy-rate", type=float, default=0.3, help="fraction of the other sentences that are decoys")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--text-only", action="store_true", help='write {"id", "text"} only (scanner input)')
    parser.add_argument("--templates", default=None, help="JSON file of templates replacing built-in ones")
    parser.add_argument("-o", "--output", default="-", help="output file (default: stdout)")
    args = parser.parse_args(argv)

    templates = load_templates(args.templates) if args.templates else None
    records = iter_records(pii_rate=args.pii_rate, seed=args.seed, decoy_rate=args.decoy_rate, templates=templates)
    if args.mb is None:
        records = itertools.islice(records, args.records)
    max_bytes = None if args.mb is None else int(args.mb * 1_000_000)
    if args.output == "-":
        count, size = write_jsonl(sys.stdout, records, text_only=args.text_only, max_bytes=max_bytes)
    else:
        with open(args.output, "w", encoding="utf-8") as fh:
            count, size = write_jsonl(fh, records, text_only=args.text_only, max_bytes=max_bytes)
    print(f"wrote {count} records, {size / 1e6:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()

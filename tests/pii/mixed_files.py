"""Awkward JSONL and text files for the chunking and redaction tests, and an independent reader of them.

The files mix what has broken line-based scanning before: CJK, `\\u` and `\\/` escapes (the prefilter's
careful path), CRLF and LF endings, blank and whitespace-only lines, a BOM, records without an id, and
personal data on both sides of every chunk boundary.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

PIECES = [
    "Customer HKID: A123456(3), please verify.",
    "手提電話：61234567。",
    "Card 4539 1488 0343 6467 was charged.",
    "請電郵至chan.taiman@example.com.hk查詢。",
    "Order number 18273645 shipped on 2025-03-14 for HK$12,345,678.",
    "申請人陳大文先生住在九龍旺角彌敦道123號5樓B室。",
    "全形身份證號碼：Ｚ６８３３６５（Ａ）。",
    'He said "call me on 9123 4567" \\ then left / quickly',
    "Mr Wong Siu Ming lives at Flat 12C, 18/F, 88 Hennessy Road, Wan Chai, Hong Kong.",
    "Staff ID C668668(9) logged in from 192.168.10.25 via https://intra.example.hk/login.",
    "The river bank near Sha Tin was flooded in 2008; 3 people were rescued.",
    "😀 emoji first, then HKSAR passport K12345678",
    "陳家玲：今晚食咩？\nPeter Chan: 打俾我 9876 5432",
    "HKID A123456(4) has a wrong check digit.",
    "nothing personal in this sentence",
    "今日天氣好好，我哋去行山。",
    "BR 12345678-000-03-24-A for 中銀 account 012-345-678901-001",
    "Ms\u3000Chan Tai Man, Tel：＋852 2345 6789",
]


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 3)))


def write_mixed_jsonl(path: Path, records: int = 240, seed: int = 7) -> Path:
    """JSONL whose lines are written every way a producer might write them."""
    rng = random.Random(seed)
    out = bytearray(b"\xef\xbb\xbf")
    for i in range(records):
        record: dict[str, object] = {"text": _text(rng)}
        if i % 4:
            record = {"id": f"r{i}" if i % 3 else i} | record
        if i % 5 == 0:
            record["note"] = _text(rng)
        line = json.dumps(record, ensure_ascii=rng.random() < 0.4)
        if rng.random() < 0.3:
            line = line.replace("/", "\\/")
        if rng.random() < 0.1:
            line = "  " + line + " \t"
        out += line.encode() + (b"\r\n" if rng.random() < 0.3 else b"\n")
        if rng.random() < 0.08:
            out += rng.choice([b"\n", b"   \n", b"\r\n", b" \t\r\n"])
    path.write_bytes(bytes(out))
    return path


def write_mixed_text(path: Path, lines: int = 240, seed: int = 11) -> Path:
    """Plain text with LF and CRLF endings, blank lines and a BOM."""
    rng = random.Random(seed)
    out = bytearray(b"\xef\xbb\xbf")
    for _ in range(lines):
        text = "" if rng.random() < 0.08 else _text(rng).replace("\n", " ")
        out += text.encode() + (b"\r\n" if rng.random() < 0.3 else b"\n")
    path.write_bytes(bytes(out))
    return path


def reference_records(path: Path, fmt: str) -> Iterator[tuple[str | int, str]]:
    """(id, text) of every record, read without any of the code under test."""
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    assert data.endswith(b"\n")
    for lineno, raw in enumerate(data[:-1].split(b"\n"), 1):
        line = raw.removesuffix(b"\r")
        if fmt == "text":
            yield f"{path.name}:{lineno}", line.decode()
        elif line.strip():
            record = json.loads(line)
            yield record.get("id", lineno), record["text"]

"""The synthetic Hong Kong PII corpus: deterministic, exact gold spans, valid values, clean decoys."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from bench import pii_corpus as pc


@pytest.fixture(scope="module")
def records() -> list[dict[str, object]]:
    return list(pc.generate(1500, pii_rate=0.35, seed=11))


def test_same_seed_same_records_other_seed_other_records() -> None:
    a = list(pc.generate(200, pii_rate=0.35, seed=3))
    b = list(pc.generate(200, pii_rate=0.35, seed=3))
    c = list(pc.generate(200, pii_rate=0.35, seed=4))
    assert a == b
    assert [r["text"] for r in a] != [r["text"] for r in c]
    assert len({r["id"] for r in a}) == 200


def test_gold_spans_and_decoys_are_exact_offsets(records: list[dict]) -> None:
    for rec in records:
        text = rec["text"]
        assert set(rec) == {"id", "text", "spans", "decoys"}
        for s in rec["spans"]:
            assert s["type"] in pc.PII_TYPES
            assert text[s["start"] : s["end"]] == s["value"]
            assert s["value"] == s["value"].strip()
        for d in rec["decoys"]:
            assert text[d["start"] : d["end"]] == d["value"]


def test_gold_spans_do_not_overlap_each_other_or_decoys(records: list[dict]) -> None:
    for rec in records:
        spans = sorted((s["start"], s["end"]) for s in rec["spans"] + rec["decoys"])
        for (_, e1), (s2, _) in itertools.pairwise(spans):
            assert e1 <= s2, rec


def test_every_type_appears(records: list[dict]) -> None:
    seen = {s["type"] for rec in records for s in rec["spans"]}
    assert seen == set(pc.PII_TYPES)


def test_structured_values_pass_their_checks(records: list[dict]) -> None:
    checked = 0
    for rec in records:
        for s in rec["spans"]:
            validate = pc.VALIDATORS.get(s["type"])
            if validate is not None:
                assert validate(s["value"]), s
                checked += 1
    assert checked > 1000


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("A123456(3)", True),
        ("A1234563", True),
        ("A123456 (3)", True),
        ("Ｚ６８３３６５（Ａ）", True),
        ("Z683365(A)", True),
        ("K246810(0)", False),
        ("A123456(4)", False),
    ],
)
def test_hkid_check_character(value: str, valid: bool) -> None:
    assert pc.hkid_is_valid(value) is valid


def test_hkid_check_character_two_letters() -> None:
    # 2-letter ids: weights 9 and 8 go to the two letters, no leading space value
    letters, digits = "XA", "123456"
    total = 9 * 33 + 8 * 10 + sum(w * int(d) for w, d in zip(range(7, 1, -1), digits, strict=True))
    expected = (11 - total % 11) % 11
    assert pc.hkid_check_char(letters, digits) == ("A" if expected == 10 else str(expected))


def test_luhn_and_card_networks() -> None:
    assert pc.luhn_ok("4111 1111 1111 1111")
    assert not pc.luhn_ok("4111 1111 1111 1112")
    assert pc.card_network("378282246310005") == "amex"
    assert pc.card_network("5555555555554444") == "mastercard"
    assert pc.card_network("2221000000000009") == "mastercard"
    assert pc.card_network("3530111333300000") == "jcb"
    assert pc.card_network("6212345678901234567") == "unionpay"


def test_values_are_written_in_the_advertised_forms(records: list[dict]) -> None:
    values: dict[str, list[str]] = {}
    for rec in records:
        for s in rec["spans"]:
            values.setdefault(s["type"], []).append(s["value"])
    hkids = values["HKID"]
    assert any(re.fullmatch(r"[A-Z]{1,2}\d{6}\([0-9A]\)", v) for v in hkids)
    assert any(re.fullmatch(r"[A-Z]{1,2}\d{6}[0-9A]", v) for v in hkids)
    assert any(re.fullmatch(r"[A-Z]{1,2}\d{6} \([0-9A]\)", v) for v in hkids)
    assert any(not v.isascii() for v in hkids)  # full-width
    phones = values["HK_PHONE"]
    assert all(re.sub(r"^(\+852|\(852\)|852-)", "", v).strip(" -")[0] in "235679" for v in phones)
    assert {p[:5] for p in phones} & {"+852 "} and any(p.startswith("(852) ") for p in phones)
    assert any(re.fullmatch(r"\d{4} \d{4}", p) for p in phones) and any(re.fullmatch(r"\d{8}", p) for p in phones)
    assert any(v.endswith(".hk") for v in values["EMAIL"])
    assert {pc.card_network(v) for v in values["CREDIT_CARD"]} == {"visa", "mastercard", "amex", "unionpay", "jcb"}
    assert {v[0] for v in values["HK_PASSPORT"]} == {"H", "K"}
    assert any(re.search(r"[\u4e00-\u9fff]", v) for v in values["PERSON"])
    assert any(re.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+(?:[ -][A-Za-z][a-z]+)?", v) for v in values["PERSON"])
    assert any("Road" in v or "Street" in v for v in values["HK_ADDRESS"])
    assert any(v.endswith(("室", "號", "樓")) for v in values["HK_ADDRESS"])


def test_values_sit_next_to_chinese_characters(records: list[dict]) -> None:
    han = re.compile(r"[\u4e00-\u9fff]")
    adjacent = 0
    for rec in records:
        text = rec["text"]
        for s in rec["spans"]:
            if s["type"] in ("HK_PHONE", "HKID", "EMAIL") and s["start"] > 0 and han.match(text[s["start"] - 1]):
                adjacent += 1
    assert adjacent > 50


def test_decoys_carry_no_valid_checks() -> None:
    decoys = [d for rec in pc.generate(1000, pii_rate=0.0, seed=5, decoy_rate=1.0) for d in rec["decoys"]]
    kinds = {d["kind"] for d in decoys}
    assert {"hkid_bad", "card_bad", "order8", "amount", "date", "version", "code", "word", "org"} <= kinds
    for d in decoys:
        if d["kind"] == "hkid_bad":
            assert not pc.hkid_is_valid(d["value"]), d
            assert re.fullmatch(r"[A-Z]{1,2}\d{6} ?\(?[0-9A]\)?", pc.to_halfwidth(d["value"]))
        elif d["kind"] == "card_bad":
            assert not pc.luhn_ok(d["value"]), d
        elif d["kind"] == "version":
            assert d["value"].lstrip("v").count(".") == 2
        elif d["kind"] == "order8":
            assert re.fullmatch(r"\d{8}", d["value"])
        elif d["kind"] == "code":
            # not HKID-shaped (1-2 letters + 7 characters) nor passport-shaped (H/K + 8 digits)
            assert not re.fullmatch(r"[A-Z]{1,2}\d{6}[0-9A]", d["value"])
            assert not re.fullmatch(r"[HK]\d{8}", d["value"])


def test_decoy_and_clean_records_have_no_spans() -> None:
    for rec in pc.generate(500, pii_rate=0.0, seed=9):
        assert rec["spans"] == []
    for s in pc.sentences(2000, pii_rate=0.3, seed=2):
        assert (s.kind == "pii") == bool(s.spans)
        if s.kind == "clean":
            assert not s.decoys
        if s.kind == "decoy":
            assert s.decoys


@pytest.mark.parametrize("rate", [0.03, 0.35, 0.8])
def test_pii_rate_is_roughly_honoured(rate: float) -> None:
    sample = list(pc.sentences(6000, pii_rate=rate, seed=1))
    share = sum(s.kind == "pii" for s in sample) / len(sample)
    assert abs(share - rate) < 0.02 + rate * 0.1


def test_records_hold_one_to_six_sentences_and_realistic_lengths(records: list[dict]) -> None:
    lengths = sorted(len(r["text"]) for r in records)
    median = lengths[len(lengths) // 2]
    assert 80 <= median <= 400
    assert lengths[-1] < 2000


def test_templates_cover_the_languages() -> None:
    counts = pc.template_counts()
    assert sum(counts["pii"].values()) >= 40
    for lang in ("en", "zh", "yue", "mixed"):
        assert counts["pii"][lang] >= 8
        assert counts["decoy"][lang] >= 5
        assert counts["clean"][lang] >= 5


def test_cli_writes_jsonl(tmp_path: Path) -> None:
    out = tmp_path / "c.jsonl"
    pc.main(["--records", "20", "--seed", "2", "-o", str(out)])
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 20
    assert lines == list(pc.generate(20, pii_rate=0.35, seed=2))
    small = tmp_path / "t.jsonl"
    pc.main(["--mb", "0.05", "--text-only", "--seed", "2", "-o", str(small)])
    assert 50_000 <= small.stat().st_size < 60_000
    assert set(json.loads(small.read_text(encoding="utf-8").splitlines()[0])) == {"id", "text"}


def test_held_out_templates_replace_the_built_in_ones(tmp_path: Path) -> None:
    table = {"pii": {lang: [f"Held-out {lang}: {{HKID}}."] for lang in ("en", "zh", "yue", "mixed")}}
    path = tmp_path / "t.json"
    path.write_text(json.dumps(table), encoding="utf-8")
    templates = pc.load_templates(path)
    assert pc.template_counts(templates)["pii"] == {"en": 1, "zh": 1, "yue": 1, "mixed": 1}
    assert pc.template_counts(templates)["decoy"] == pc.template_counts()["decoy"]
    for rec in pc.generate(50, pii_rate=1.0, seed=1, templates=templates):
        assert rec["spans"] and {s["type"] for s in rec["spans"]} == {"HKID"}
        assert rec["text"].count("Held-out") == len(rec["spans"])
    path.write_text(json.dumps({"pii": {"en": ["No slot here."]}}), encoding="utf-8")
    with pytest.raises(ValueError, match="without a PII slot"):
        pc.load_templates(path)

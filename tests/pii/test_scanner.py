"""The scanner: Hyperscan and python-re prefilters agree, `lines_to_scan` never skips a line with a finding,
overlaps resolve to one entity, `types` filters, and offsets are Python string indices.

The property tests are derandomised: a failure they find is reproduced on every run, not once in a while.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.pii.test_recognisers import ALL_TEXTS

from hkaigov.domain.errors import InputError
from hkaigov.pii.findings import EntityType, Finding
from hkaigov.pii.normalise import fold
from hkaigov.pii.scanner import LineSelection, Scanner, ScanOptions, scan_text, scanner_for
from hkaigov.pii.validators import hkid_check_character, luhn_valid

ENGINES = ("hyperscan", "python-re")
PROPERTY = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def scanner(engine: str) -> Scanner:
    return scanner_for(ScanOptions(engine=engine))


def summary(findings: list[Finding]) -> list[tuple[int, int, str, float, bool]]:
    return [(f.start, f.end, f.type, f.score, f.suspected) for f in findings]


# --- text generation --------------------------------------------------------------------------------------

DIGITS = "0123456789"
FULL_WIDTH = {
    ord(c): chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz()@.:-/"
}


@st.composite
def hkids(draw: st.DrawFn) -> str:
    letters = draw(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=2))
    digits = draw(st.text(alphabet=DIGITS, min_size=6, max_size=6))
    check = hkid_check_character(letters, digits)
    form = draw(st.sampled_from(["({})", " ({})", "{}"]))
    return letters + digits + form.format(check)


@st.composite
def phones(draw: st.DrawFn) -> str:
    number = draw(st.sampled_from("235679")) + draw(st.text(alphabet=DIGITS, min_size=7, max_size=7))
    sep = draw(st.sampled_from(["", " ", "-"]))
    prefix = draw(st.sampled_from(["", "+852 ", "(852) ", "852", "00852-"]))
    return prefix + number[:4] + sep + number[4:]


@st.composite
def cards(draw: st.DrawFn) -> str:
    prefix, length = draw(st.sampled_from([("4", 16), ("51", 16), ("62", 16), ("62", 19), ("37", 15)]))
    body = prefix + draw(st.text(alphabet=DIGITS, min_size=length - len(prefix) - 1, max_size=length - len(prefix) - 1))
    number = next(body + d for d in DIGITS if luhn_valid(body + d))
    if length == 16 and draw(st.booleans()):
        sep = draw(st.sampled_from([" ", "-"]))
        return sep.join(number[i : i + 4] for i in range(0, 16, 4))
    return number


def ipv4s() -> st.SearchStrategy[str]:
    return st.tuples(*[st.integers(0, 255)] * 4).map(lambda t: ".".join(map(str, t)))


VALUES = st.one_of(
    hkids(),
    phones(),
    cards(),
    ipv4s(),
    st.sampled_from(
        [
            "chan.taiman@example.com.hk",
            "K12345678",
            "012-345-678901",
            "12345678-000-03-24-A",
            "2001:db8::1",
            "Chan Tai Man",
            "Peter Chan",
            "陳大文先生",
            "姓名：陳大文",
            "Flat 3A, 10/F, 88 Nathan Road",
            "九龍旺角彌敦道123號5樓B室",
            "Reference K246810(0)",
            "4539148803436460",
        ]
    ),
)
CONTEXT = st.sampled_from(
    ["HKID", "身份證", "Tel:", "電話：", "card", "信用卡", "passport", "護照", "bank account", "戶口", "BR No.", "商業登記",
     "IP", "email", "Mr", "Ms", "Name:", "申請人", "Dear", "Order", "訂單", "HK$", "Sha Tin", "沙田", "river bank"]
)  # fmt: skip
NOISE = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=8),
    st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=4),
    st.text(alphabet=st.characters(min_codepoint=0xFF01, max_codepoint=0xFF5E), max_size=4),
    st.text(alphabet=DIGITS, min_size=1, max_size=10),
    st.sampled_from([" ", "　", "，", "。", "：", "\u00a0", "\u2013", "😀", "𠀋", '"', "\\", "/"]),
)
FRAGMENT = st.one_of(VALUES, VALUES.map(lambda v: v.translate(FULL_WIDTH)), CONTEXT, NOISE)


def texts(*, newlines: bool) -> st.SearchStrategy[str]:
    fragment = st.one_of(FRAGMENT, st.sampled_from(["\n", "\r\n"])) if newlines else FRAGMENT
    return st.lists(fragment, max_size=12).map("".join)


def lines() -> st.SearchStrategy[str]:
    """One line of a raw text block: no line terminator inside."""
    return texts(newlines=False).map(lambda t: t.replace("\r", " "))


# --- the two prefilter engines give the same findings -------------------------------------------------------


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_hyperscan_and_python_re_give_identical_findings_on_the_recogniser_cases(text: str) -> None:
    assert summary(scan_text(text, engine="hyperscan")) == summary(scan_text(text, engine="python-re"))


@PROPERTY
@given(texts(newlines=True))
def test_hyperscan_and_python_re_give_identical_findings_on_generated_text(text: str) -> None:
    assert summary(scan_text(text, engine="hyperscan")) == summary(scan_text(text, engine="python-re"))


@PROPERTY
@given(st.lists(lines(), min_size=1, max_size=8))
def test_hyperscan_and_python_re_pick_the_same_lines(block_lines: list[str]) -> None:
    block = ("\n".join(block_lines) + "\n").encode()
    assert scanner("hyperscan").lines_to_scan(block, json_lines=False) == scanner("python-re").lines_to_scan(
        block, json_lines=False
    )


def test_scanner_reports_the_engine_it_runs() -> None:
    assert scanner("hyperscan").engine == "hyperscan"
    assert scanner("python-re").engine == "python-re"


# --- triggers are sound: a part that is skipped because none of its triggers matched would find nothing ----------


def _every_part(engine: str) -> set[int]:
    return set(range(len(scanner(engine).parts)))


@pytest.mark.parametrize("text", ALL_TEXTS)
def test_triggers_never_skip_a_part_that_finds_something_in_the_recogniser_cases(text: str) -> None:
    assert scanner("hyperscan").scan(text) == scanner("hyperscan").scan(text, _every_part("hyperscan"))


@PROPERTY
@given(texts(newlines=True))
def test_triggers_never_skip_a_part_that_finds_something_in_generated_text(text: str) -> None:
    assert scanner("python-re").scan(text) == scanner("python-re").scan(text, _every_part("python-re"))


def test_person_has_separate_parts_for_romanised_table_and_each_kind_of_chinese_cue() -> None:
    s = scanner("python-re")
    parts = [find.__name__ for r, find in s.parts if r.entity is EntityType.PERSON]
    assert parts[:2] == ["_latin_part", "_csv_part"]
    assert "_chinese_titles" in parts and "_chinese_speakers" in parts and len(parts) == 12
    found = s._text_filter.which("陳大文先生".encode())
    assert [s.parts[i][1].__name__ for i in sorted(found)] == ["_chinese_titles"]
    found = s._text_filter.which(b"Mr Peter Chan")
    assert [s.parts[i][1].__name__ for i in sorted(found)] == ["_latin_part"]


# --- lines_to_scan never skips a line that holds a finding ----------------------------------------------------


def assert_sound(texts_by_line: list[str], selection: LineSelection, engine: str) -> None:
    """No line with a finding is skipped, and the recognisers named for a line find what a full scan does."""
    missed = [(i, t) for i, t in enumerate(texts_by_line) if scan_text(t) and i not in selection.indexes]
    assert missed == [], "lines_to_scan skipped lines with findings"
    assert set(selection.which) <= set(selection.indexes)
    s = scanner(engine)
    for i, which in selection.which.items():
        assert s.scan(texts_by_line[i], which) == s.scan(texts_by_line[i]), "the named recognisers miss a finding"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("terminator", ["\n", "\r\n"])
@PROPERTY
@given(block_lines=st.lists(lines(), min_size=1, max_size=8))
def test_lines_to_scan_keeps_every_text_line_with_a_finding(
    engine: str, terminator: str, block_lines: list[str]
) -> None:
    block = (terminator.join(block_lines) + terminator).encode()
    selection = scanner(engine).lines_to_scan(block, json_lines=False)
    assert len(selection.newlines) == len(block_lines)
    assert_sound(block_lines, selection, engine)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("ensure_ascii", [False, True])
@PROPERTY
@given(records=st.lists(texts(newlines=True), min_size=1, max_size=6))
def test_lines_to_scan_keeps_every_jsonl_record_with_a_finding(
    engine: str, ensure_ascii: bool, records: list[str]
) -> None:
    block = "".join(json.dumps({"id": i, "text": t}, ensure_ascii=ensure_ascii) + "\n" for i, t in enumerate(records))
    selection = scanner(engine).lines_to_scan(block.encode(), json_lines=True)
    assert len(selection.newlines) == len(records)
    assert_sound(records, selection, engine)


JSON_AWKWARD = [
    "收件人,電話\n鄭家寶,其他",  # a table at the very start of the JSON string: the header follows the quote
    'He said "HKID A123456(3)" twice',
    "path C:\\Users\\chan\\A123456(3).txt",
    "call a/b: 9123 4567 /",
    "line one\nTel: 9123 4567\nline three",
    "tab\tperson Chan Tai Man\tend",
    "email:\npeter@example.com",
    "back\\slash then 4539 1488 0343 6467",
    "escape-looking \\u0041 then A123456(3)",
    "slash/A123456(3)/slash",
    "全形 Ｚ６８３３６５（Ａ）\n第二行",
    "😀 Peter Chan",
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("ensure_ascii", [False, True])
def test_lines_to_scan_keeps_jsonl_records_with_escapes_quotes_backslashes_and_slashes(
    engine: str, ensure_ascii: bool
) -> None:
    noise = [json.dumps({"id": "n", "text": "nothing here"}, ensure_ascii=ensure_ascii)]
    lines_ = [json.dumps({"id": i, "text": t}, ensure_ascii=ensure_ascii) for i, t in enumerate(JSON_AWKWARD)]
    block = "\n".join(noise + lines_ + noise) + "\n"
    selection = scanner(engine).lines_to_scan(block.encode(), json_lines=True)
    assert all(scan_text(t) for t in JSON_AWKWARD)
    assert set(range(1, len(JSON_AWKWARD) + 1)) <= set(selection.indexes)
    for i, which in selection.which.items():
        if 1 <= i <= len(JSON_AWKWARD):
            text = JSON_AWKWARD[i - 1]
            assert scanner(engine).scan(text, which) == scan_text(text)


def test_lines_to_scan_skips_clean_lines_and_reports_newline_offsets() -> None:
    block = b"nothing here\ncall 9123 4567\nstill nothing\n"
    selection = scanner("python-re").lines_to_scan(block, json_lines=False)
    assert selection.indexes == [1]
    assert selection.newlines == [12, 27, 41]
    named = {
        line: {scanner("python-re").parts[i][0].entity.value for i in which} for line, which in selection.which.items()
    }
    assert named == {1: {"HK_PHONE", "CREDIT_CARD", "HK_BR_NUMBER"}}  # they share the trigger that matched


# A folded character that is not next to an ASCII letter or digit can still complete a trigger: a space or colon
# between a title/label and a name. The raw-byte prefilter then skips a line that `scan_text` finds a name in.
FOLD_GAPS = [
    pytest.param("Name ： Peter", id="full-width-colon-between-spaces"),
    pytest.param("Dear \u3000 Peter", id="ideographic-space-between-spaces"),
    pytest.param("Mr \u3000 Chan", id="title-ideographic-space-between-spaces"),
    pytest.param("姓名\u3000陳大文", id="chinese-label-ideographic-space"),
    pytest.param("I＇m Peter Chan", id="full-width-apostrophe"),
]


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("text", FOLD_GAPS)
def test_lines_to_scan_keeps_a_name_introduced_across_a_folded_space_or_colon(engine: str, text: str) -> None:
    assert scan_text(text), "the scanner finds a name in this line"
    selection = scanner(engine).lines_to_scan((text + "\n").encode(), json_lines=False)
    assert selection.indexes == [0]
    assert selection.which == {}, "a line with a character to fold is scanned from scratch"


# --- overlaps, types, errors, offsets ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value", "kind"),
    [
        ("Mastercard 5555 5555 5555 4444", "5555 5555 5555 4444", "CREDIT_CARD"),
        ("tel 5555 5555 5555 4444", "5555 5555 5555 4444", "CREDIT_CARD"),
        ("Card 6222 0210 0112 2337 ok", "6222 0210 0112 2337", "CREDIT_CARD"),
        ("BR No. 23456789", "23456789", "HK_BR_NUMBER"),
        ("HKID A123456(3)", "A123456(3)", "HKID"),
    ],
)
def test_overlapping_candidates_resolve_to_one_finding(text: str, value: str, kind: str) -> None:
    start = text.index(value)
    assert [(f.start, f.end, f.type) for f in scan_text(text)] == [(start, start + len(value), kind)]


MANY = "Peter Chan, HKID A123456(3), tel 9123 4567, peter@example.com, card 4539 1488 0343 6467, 10.0.0.1"


def test_types_limits_a_scan_to_the_named_entity_types() -> None:
    everything = {f.type for f in scan_text(MANY)}
    assert everything == {"PERSON", "HKID", "HK_PHONE", "EMAIL", "CREDIT_CARD", "IP_ADDRESS"}
    assert {f.type for f in scan_text(MANY, types=["HKID"])} == {"HKID"}
    assert {f.type for f in scan_text(MANY, types=["hk_phone", " Email "])} == {"HK_PHONE", "EMAIL"}
    assert scan_text(MANY, types=["HK_ADDRESS"]) == []


def test_types_filtering_keeps_the_same_spans() -> None:
    everything = scan_text(MANY)
    for kind in {f.type for f in everything}:
        assert summary(scan_text(MANY, types=[kind])) == summary([f for f in everything if f.type == kind])


@pytest.mark.parametrize("types", [["SSN"], ["HKID", "PASSPORT"], ["hkid,email"]])
def test_unknown_type_is_an_input_error_naming_it(types: list[str]) -> None:
    with pytest.raises(InputError) as exc:
        scan_text("A123456(3)", types=types)
    message = str(exc.value)
    assert "unknown entity type" in message
    assert all(t.value in message for t in EntityType)


@pytest.mark.parametrize(
    "engine",
    [
        pytest.param("python-re"),
        pytest.param("hyperscan"),
    ],
)
def test_an_empty_type_list_finds_nothing(engine: str) -> None:
    assert scan_text("HKID A123456(3)", types=[], engine=engine) == []


def test_min_score_drops_lower_scoring_findings() -> None:
    text = "91234567"  # a bare mobile number scores 0.55
    assert [f.type for f in scan_text(text)] == ["HK_PHONE"]
    assert scan_text(text, min_score=0.6) == []


@pytest.mark.parametrize(
    ("prefix", "value"),
    [
        ("😀😀 ", "A123456(3)"),
        ("👩\u200d💻 tel ", "9123 4567"),
        ("𠀋", "A123456(3)"),
        ("🇭🇰 email ", "peter@example.com"),
        ("😀 Mr ", "Chan Tai Man"),
        ("𝐇𝐊 ", "4539 1488 0343 6467"),
    ],
)
def test_offsets_are_string_indices_after_astral_characters(prefix: str, value: str) -> None:
    text = prefix + value + " 😀"
    findings = scan_text(text)
    assert [(f.start, f.end) for f in findings] == [(len(prefix), len(prefix) + len(value))]
    assert text[findings[0].start : findings[0].end] == value


def test_a_scan_finds_nothing_in_empty_or_clean_text() -> None:
    assert scan_text("") == []
    assert scan_text("Nothing personal here, just 3 apples and 12 pears.") == []


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_folding_preserves_length(text: str) -> None:
    assert len(fold(text)) == len(text)


def test_folding_maps_full_width_forms_spaces_and_dashes_to_ascii() -> None:
    assert fold("Ｚ６８３３６５（Ａ）") == "Z683365(A)"
    assert fold("９１２３\u3000４５６７") == "9123 4567"
    assert fold("9123\u20134567\u00a0x") == "9123-4567 x"
    assert fold("plain ascii") == "plain ascii"

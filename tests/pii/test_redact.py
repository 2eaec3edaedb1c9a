from __future__ import annotations

import dataclasses
import hashlib
import hmac
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hkaigov.domain.errors import InputError
from hkaigov.pii.findings import EntityType, Finding
from hkaigov.pii.redact import Operator, Pseudonymiser, Redaction, Replacement, redact_text

KEY = b"test-key-0123456789"


def at(text: str, value: str, type_: str, *, suspected: bool = False, occurrence: int = 0) -> Finding:
    """A finding for the `occurrence`-th appearance of `value` in `text`, as a scanner would report it."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(value, start + 1)
    return Finding(start, start + len(value), type_, 0.9, suspected)


def whole(value: str, type_: str, operator: Operator | str) -> str:
    """Redact a text that is exactly one value."""
    return redact_text(value, [Finding(0, len(value), type_, 1.0)], operator, key=KEY).text


# --- replace and mask --------------------------------------------------------------------------------


def test_replace_puts_the_type_label_in_place_of_each_value() -> None:
    text = "Mr Chan Tai Man, HKID A123456(3), phone 9123 4567."
    findings = [
        at(text, "Chan Tai Man", EntityType.PERSON),
        at(text, "A123456(3)", EntityType.HKID),
        at(text, "9123 4567", EntityType.HK_PHONE),
    ]
    result = redact_text(text, findings)  # replace is the default
    assert result.text == "Mr <PERSON>, HKID <HKID>, phone <HK_PHONE>."


def test_replace_is_the_default_and_operators_accept_plain_strings() -> None:
    text = "id A123456(3)"
    findings = [at(text, "A123456(3)", "HKID")]
    assert redact_text(text, findings, "replace") == redact_text(text, findings)
    assert redact_text(text, findings, "mask").text == "id *******(*)"


def test_mask_stars_every_character_but_separators() -> None:
    assert whole("A123456(3)", "HKID", Operator.MASK) == "*******(*)"
    assert whole("+852 9123-4567", "HK_PHONE", Operator.MASK) == "**** ****-****"
    assert whole("chan.taiman@example.com.hk", "EMAIL", Operator.MASK) == "****.******@*******.***.**"
    assert whole("Flat A, 12/F", "HK_ADDRESS", Operator.MASK) == "**** *, **/*"


def test_mask_keeps_full_width_separators_and_width() -> None:
    assert whole("Ｚ６８３３６５（Ａ）", "HKID", Operator.MASK) == "＊＊＊＊＊＊＊（＊）"
    assert whole("陳　大文", "PERSON", Operator.MASK) == "＊　＊＊"


# --- format-preserving mask --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("A123456(3)", "A12****(3)"),
        ("A1234563", "A12****3"),
        ("A123456 (A)", "A12**** (A)"),
        ("Ｚ６８３３６５（Ａ）", "Ｚ６８＊＊＊＊（Ａ）"),
    ],
)
def test_fpe_mask_hkid_keeps_prefix_and_check_character(value: str, expected: str) -> None:
    assert whole(value, EntityType.HKID, Operator.FPE_MASK) == expected


def test_fpe_mask_hkid_in_context_is_exact() -> None:
    text = "HKID: A123456(3)."
    assert redact_text(text, [at(text, "A123456(3)", "HKID")], Operator.FPE_MASK).text == "HKID: A12****(3)."


@given(
    letters=st.text(alphabet="ABCDEFGHJKLMNPRSTUVWXYZ", min_size=1, max_size=2),
    digits=st.text(alphabet="0123456789", min_size=6, max_size=6),
    check=st.sampled_from("0123456789A"),
    brackets=st.booleans(),
)
def test_fpe_mask_hkid_never_leaves_a_run_of_the_original_digits(
    letters: str, digits: str, check: str, brackets: bool
) -> None:
    value = f"{letters}{digits}({check})" if brackets else f"{letters}{digits}{check}"
    masked = whole(value, "HKID", Operator.FPE_MASK)
    assert len(masked) == len(value)
    assert digits[:3] not in masked.replace("(", "").replace(")", "")
    assert masked.count("*") >= 4


def test_fpe_mask_card_keeps_first_and_last_four_digits() -> None:
    assert whole("4539 1488 0343 6467", "CREDIT_CARD", Operator.FPE_MASK) == "4539 **** **** 6467"
    assert whole("4539-1488-0343-6467", "CREDIT_CARD", Operator.FPE_MASK) == "4539-****-****-6467"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("+852 9123 4567", "+852 9*** **67"),
        ("(852) 9123-4567", "(852) 9***-**67"),
        ("852 9123 4567", "852 9*** **67"),
        ("9123 4567", "9*** **67"),
        ("＋８５２ ９１２３ ４５６７", "＋８５２ ９＊＊＊ ＊＊６７"),
    ],
)
def test_fpe_mask_phone_keeps_country_code_first_digit_and_last_two(value: str, expected: str) -> None:
    assert whole(value, "HK_PHONE", Operator.FPE_MASK) == expected


def test_fpe_mask_phone_without_country_code_does_not_mistake_852_for_one() -> None:
    assert whole("8521 2345", "HK_PHONE", Operator.FPE_MASK) == "8*** **45"


def test_fpe_mask_email_keeps_first_character_of_local_part_and_the_domain() -> None:
    assert whole("chan.taiman@example.com.hk", "EMAIL", Operator.FPE_MASK) == "c**********@example.com.hk"
    assert whole("x@example.com", "EMAIL", Operator.FPE_MASK) == "*@example.com"


def test_fpe_mask_other_types_keep_first_and_last_character() -> None:
    assert whole("Chan Tai Man", "PERSON", Operator.FPE_MASK) == "C*** *** **n"
    assert whole("123-456789-001", "HK_BANK_ACCOUNT", Operator.FPE_MASK) == "1**-******-**1"


def test_fpe_mask_never_keeps_more_than_half_of_a_short_value() -> None:
    assert whole("陳大文", "PERSON", Operator.FPE_MASK) == "陳＊＊"
    assert whole("陳文", "PERSON", Operator.FPE_MASK) == "陳＊"
    assert whole("X", "PERSON", Operator.FPE_MASK) == "*"


# --- hash --------------------------------------------------------------------------------------------


def test_hash_is_the_type_and_a_keyed_hmac_prefix() -> None:
    text = "card 4539 1488 0343 6467"
    result = redact_text(text, [at(text, "4539 1488 0343 6467", "CREDIT_CARD")], Operator.HASH, key=KEY)
    digest = hmac.new(KEY, b"4539 1488 0343 6467", hashlib.sha256).hexdigest()[:16]
    assert result.text == f"card <CREDIT_CARD:{digest}>"


def test_hash_is_stable_for_one_key_and_differs_across_keys() -> None:
    text = "A123456(3) and again A123456(3)"
    findings = [at(text, "A123456(3)", "HKID"), at(text, "A123456(3)", "HKID", occurrence=1)]
    first = redact_text(text, findings, Operator.HASH, key=b"key-one").text
    tokens = re.findall(r"<HKID:[0-9a-f]{16}>", first)
    assert len(tokens) == 2 and tokens[0] == tokens[1]
    assert redact_text(text, findings, Operator.HASH, key=b"key-one").text == first
    assert redact_text(text, findings, Operator.HASH, key=b"key-two").text != first


@pytest.mark.parametrize("key", [None, b""])
def test_hash_without_a_key_is_an_input_error(key: bytes | None) -> None:
    with pytest.raises(InputError, match="hash operator needs a non-empty secret key"):
        redact_text("A123456(3)", [Finding(0, 10, "HKID", 1.0)], Operator.HASH, key=key)


# --- pseudonyms --------------------------------------------------------------------------------------


def test_pseudonyms_are_numbered_per_type_in_order_of_first_appearance() -> None:
    text = "Chan Tai Man (A123456(3)) met Wong Siu Ming and Chan Tai Man again."
    findings = [
        at(text, "Chan Tai Man", "PERSON"),
        at(text, "A123456(3)", "HKID"),
        at(text, "Wong Siu Ming", "PERSON"),
        at(text, "Chan Tai Man", "PERSON", occurrence=1),
    ]
    result = redact_text(text, findings, Operator.PSEUDONYM, pseudonymiser=Pseudonymiser())
    assert result.text == "[PERSON_1] ([HKID_1]) met [PERSON_2] and [PERSON_1] again."


def test_pseudonyms_stay_consistent_across_the_texts_of_one_conversation() -> None:
    conversation = Pseudonymiser()
    first = "Email chan.taiman@example.com about Chan Tai Man."
    second = "CHAN  TAI MAN wrote from Chan.TaiMan@Example.com; see also Ｚ６８３３６５（Ａ）."
    third = "Z683365(A) is Chan Tai Man's HKID."
    one = redact_text(
        first,
        [at(first, "chan.taiman@example.com", "EMAIL"), at(first, "Chan Tai Man", "PERSON")],
        Operator.PSEUDONYM,
        pseudonymiser=conversation,
    )
    two = redact_text(
        second,
        [
            at(second, "CHAN  TAI MAN", "PERSON"),
            at(second, "Chan.TaiMan@Example.com", "EMAIL"),
            at(second, "Ｚ６８３３６５（Ａ）", "HKID"),
        ],
        Operator.PSEUDONYM,
        pseudonymiser=conversation,
    )
    three = redact_text(
        third,
        [at(third, "Z683365(A)", "HKID"), at(third, "Chan Tai Man", "PERSON")],
        Operator.PSEUDONYM,
        pseudonymiser=conversation,
    )
    assert one.text == "Email [EMAIL_1] about [PERSON_1]."
    assert two.text == "[PERSON_1] wrote from [EMAIL_1]; see also [HKID_1]."
    assert three.text == "[HKID_1] is [PERSON_1]'s HKID."


def test_hkid_pseudonyms_are_case_sensitive_unlike_names() -> None:
    pseudonymiser = Pseudonymiser()
    assert pseudonymiser.pseudonym_for("A123456(3)", "HKID") == "[HKID_1]"
    assert pseudonymiser.pseudonym_for("a123456(3)", "HKID") == "[HKID_2]"
    assert pseudonymiser.pseudonym_for("Chan Tai Man", "PERSON") == "[PERSON_1]"
    assert pseudonymiser.pseudonym_for("chan tai man", "PERSON") == "[PERSON_1]"


def test_separate_pseudonymisers_number_independently_and_share_nothing() -> None:
    first, second = Pseudonymiser(), Pseudonymiser()
    assert first.pseudonym_for("Chan Tai Man", "PERSON") == "[PERSON_1]"
    assert second.pseudonym_for("Wong Siu Ming", "PERSON") == "[PERSON_1]"
    assert first.pseudonym_for("Wong Siu Ming", "PERSON") == "[PERSON_2]"
    assert "Wong Siu Ming" not in second.restore("[PERSON_2]")
    assert "Chan Tai Man" not in second.restore("[PERSON_1]")


def test_pseudonym_without_a_pseudonymiser_is_consistent_within_one_text() -> None:
    text = "Chan Tai Man and Chan Tai Man"
    findings = [at(text, "Chan Tai Man", "PERSON"), at(text, "Chan Tai Man", "PERSON", occurrence=1)]
    assert redact_text(text, findings, Operator.PSEUDONYM).text == "[PERSON_1] and [PERSON_1]"


def test_restore_puts_originals_back_and_leaves_unknown_tokens() -> None:
    pseudonymiser = Pseudonymiser()
    text = "陳大文 (Ｚ６８３３６５（Ａ）) asked about chan.taiman@example.com.hk"
    findings = [
        at(text, "陳大文", "PERSON"),
        at(text, "Ｚ６８３３６５（Ａ）", "HKID"),
        at(text, "chan.taiman@example.com.hk", "EMAIL"),
    ]
    redacted = redact_text(text, findings, Operator.PSEUDONYM, pseudonymiser=pseudonymiser)
    assert pseudonymiser.restore(redacted.text) == text
    answer = "Dear [PERSON_1], we wrote to [EMAIL_1]; [PERSON_7] and [HKID_0] and [person_1] are unknown."
    assert pseudonymiser.restore(answer) == (
        "Dear 陳大文, we wrote to chan.taiman@example.com.hk; [PERSON_7] and [HKID_0] and [person_1] are unknown."
    )


def test_mapping_lists_pseudonyms_and_cannot_be_changed_from_outside() -> None:
    pseudonymiser = Pseudonymiser()
    pseudonymiser.pseudonym_for("Chan Tai Man", EntityType.PERSON)
    pseudonymiser.pseudonym_for("9123 4567", EntityType.HK_PHONE)
    assert dict(pseudonymiser.mapping) == {"[PERSON_1]": "Chan Tai Man", "[HK_PHONE_1]": "9123 4567"}
    with pytest.raises(TypeError):
        pseudonymiser.mapping["[PERSON_2]"] = "x"  # type: ignore[index]


def test_from_mapping_continues_numbering_and_reuses_known_values() -> None:
    restored = Pseudonymiser.from_mapping({"[PERSON_2]": "Wong Siu Ming", "[PERSON_1]": "Chan Tai Man"})
    assert restored.pseudonym_for("chan tai man", "PERSON") == "[PERSON_1]"
    assert restored.pseudonym_for("Lee Ka Yan", "PERSON") == "[PERSON_3]"
    assert restored.pseudonym_for("A123456(3)", "HKID") == "[HKID_1]"


def test_from_mapping_rejects_entries_that_are_not_pseudonyms() -> None:
    with pytest.raises(InputError, match="not a pseudonym mapping entry"):
        Pseudonymiser.from_mapping({"PERSON_1": "Chan Tai Man"})


# --- spans, overlaps, offsets, validation ------------------------------------------------------------


def test_overlapping_findings_are_merged_and_no_fragment_of_either_survives() -> None:
    text = "contact chan.taiman@example.com now"
    email = at(text, "chan.taiman@example.com", "EMAIL")
    person = at(text, "chan.taiman", "PERSON")
    tail = at(text, "example.com now", "HK_ADDRESS")  # runs past the email's end
    for operator in (Operator.REPLACE, Operator.MASK, Operator.FPE_MASK, Operator.PSEUDONYM):
        result = redact_text(text, [person, tail, email], operator, key=KEY)
        assert len(result.replacements) == 1
        assert "chan" not in result.text and "example" not in result.text and "now" not in result.text
    assert redact_text(text, [person, tail, email]).text == "contact <EMAIL>"
    # The merged span is more than the email, so fpe_mask does not keep its "domain".
    assert redact_text(text, [person, tail, email], Operator.FPE_MASK).text == "contact ****.******@*******.*** ***"


def test_overlap_takes_the_type_of_the_longer_finding_then_the_earlier() -> None:
    text = "abcdefghij"
    assert redact_text(text, [Finding(0, 4, "HKID", 1.0), Finding(2, 10, "PERSON", 1.0)]).text == "<PERSON>"
    assert redact_text(text, [Finding(0, 5, "HKID", 1.0), Finding(3, 8, "PERSON", 1.0)]).text == "<HKID>ij"
    assert redact_text(text, [Finding(2, 4, "EMAIL", 1.0), Finding(0, 10, "PERSON", 1.0)]).text == "<PERSON>"


def test_touching_findings_stay_separate() -> None:
    text = "A123456(3)91234567"
    findings = [Finding(10, 18, "HK_PHONE", 1.0), Finding(0, 10, "HKID", 1.0)]
    result = redact_text(text, findings)
    assert result.text == "<HKID><HK_PHONE>"
    assert [r.type for r in result.replacements] == ["HKID", "HK_PHONE"]


def test_replacements_report_offsets_in_the_original_and_in_the_redacted_text() -> None:
    text = "陳大文 phone ＋８５２ ９１２３ ４５６７, HKID A123456(3)."
    findings = [
        at(text, "A123456(3)", "HKID"),
        at(text, "陳大文", "PERSON"),
        at(text, "＋８５２ ９１２３ ４５６７", "HK_PHONE"),
    ]
    result = redact_text(text, findings, Operator.PSEUDONYM)
    assert result.text == "[PERSON_1] phone [HK_PHONE_1], HKID [HKID_1]."
    assert result.replacements == (
        Replacement(0, 3, "PERSON", 0, 10),
        Replacement(10, 24, "HK_PHONE", 17, 29),
        Replacement(31, 41, "HKID", 36, 44),
    )
    for replacement in result.replacements:
        assert text[replacement.start : replacement.end] in {"陳大文", "＋８５２ ９１２３ ４５６７", "A123456(3)"}


def test_replacements_hold_offsets_and_type_only() -> None:
    assert [field.name for field in dataclasses.fields(Replacement)] == ["start", "end", "type", "new_start", "new_end"]


def test_suspected_findings_are_left_alone_unless_asked_for() -> None:
    text = "HKID A123456(4)"
    findings = [at(text, "A123456(4)", "HKID", suspected=True)]
    assert redact_text(text, findings) == Redaction(text, ())
    assert redact_text(text, findings, include_suspected=True).text == "HKID <HKID>"


def test_no_findings_return_the_text_unchanged() -> None:
    assert redact_text("nothing here", []) == Redaction("nothing here", ())


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (3, 3), (5, 2), (0, 13)])
def test_findings_outside_the_text_are_an_input_error(start: int, end: int) -> None:
    with pytest.raises(InputError, match=r"finding 1 \(HKID\) has span .*expected 0 <= start < end <= 12"):
        redact_text("A123456(3) x", [Finding(0, 1, "PERSON", 1.0), Finding(start, end, "HKID", 1.0)])


def test_invalid_suspected_findings_are_still_rejected() -> None:
    with pytest.raises(InputError):
        redact_text("abc", [Finding(2, 9, "HKID", 1.0, suspected=True)])


def test_unknown_operator_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown redaction operator 'shred'"):
        redact_text("abc", [Finding(0, 3, "PERSON", 1.0)], "shred")


def test_redacting_a_1kb_prompt_is_well_under_a_tenth_of_a_millisecond() -> None:
    text = ("Please summarise the complaint from the customer below. " * 18)[:1000]
    findings = [Finding(i * 200 + 20, i * 200 + 30, "HKID", 1.0) for i in range(5)]
    calls = 2000
    best = min(_time_calls(text, findings, calls) for _ in range(3))
    assert best / calls < 0.0001


def _time_calls(text: str, findings: list[Finding], calls: int) -> float:
    started = time.perf_counter()
    for _ in range(calls):
        redact_text(text, findings)
    return time.perf_counter() - started


# --- property: no value survives ---------------------------------------------------------------------

# Each finding draws its value from its own alphabet, none of which appears in the filler text or in
# anything an operator writes (labels are upper-case, hashes are 0-9a-f, stars and brackets).
_VALUE_ALPHABETS = ("ghijkl", "mnopqr", "stuvwx", "yzαβγδ", "陳大文黃小明")
_FILLER = st.text(alphabet=" ,.:;-()0123456789ABCDEFabcdef\n", max_size=20)


@st.composite
def texts_with_findings(draw: st.DrawFn) -> tuple[str, list[Finding], list[str]]:
    count = draw(st.integers(min_value=0, max_value=len(_VALUE_ALPHABETS)))
    parts: list[str] = []
    findings: list[Finding] = []
    values: list[str] = []
    position = 0
    for alphabet in _VALUE_ALPHABETS[:count]:
        filler = draw(_FILLER)
        value = draw(st.text(alphabet=alphabet, min_size=4, max_size=12))
        type_ = draw(st.sampled_from(list(EntityType)))
        start = position + len(filler)
        parts += [filler, value]
        findings.append(Finding(start, start + len(value), type_, 1.0))
        values.append(value)
        position = start + len(value)
    parts.append(draw(_FILLER))
    order = draw(st.permutations(findings))
    return "".join(parts), list(order), values


@settings(max_examples=300, deadline=None)
@given(case=texts_with_findings(), operator=st.sampled_from(list(Operator)))
def test_no_operator_lets_an_original_value_survive(
    case: tuple[str, list[Finding], list[str]], operator: Operator
) -> None:
    text, findings, values = case
    result = redact_text(text, findings, operator, key=KEY, pseudonymiser=Pseudonymiser())
    for value in values:
        assert value not in result.text
    for replacement in result.replacements:
        new = result.text[replacement.new_start : replacement.new_end]
        assert text[replacement.start : replacement.end] not in new
    # Text between findings is copied as is, at the offsets the replacements imply.
    previous_end = previous_new_end = 0
    for replacement in result.replacements:
        gap = text[previous_end : replacement.start]
        assert result.text[previous_new_end : replacement.new_start] == gap
        previous_end, previous_new_end = replacement.end, replacement.new_end
    assert result.text[previous_new_end:] == text[previous_end:]

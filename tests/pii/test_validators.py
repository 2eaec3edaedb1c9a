"""Check digits and plausibility checks: HKID mod 11, Luhn and card networks, phone numbering, dates, IP addresses."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hkaigov.pii.validators import (
    MOBILE_LEADING_DIGITS,
    PHONE_LEADING_DIGITS,
    card_network,
    hkid_check_character,
    is_hk_phone,
    is_ipv4,
    is_ipv6,
    is_valid_card,
    is_valid_hkid,
    looks_like_date,
    luhn_valid,
)

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DIGITS = "0123456789"
CHECK_CHARACTERS = DIGITS + "A"

# --- HKID --------------------------------------------------------------------------------------------

hkid_parts = st.tuples(
    st.text(alphabet=UPPER, min_size=1, max_size=2),
    st.text(alphabet=DIGITS, min_size=6, max_size=6),
)


@pytest.mark.parametrize(
    ("letters", "digits", "check"),
    [("A", "123456", "3"), ("XY", "987654", "8"), ("C", "668668", "9"), ("Z", "683365", "A")],
)
def test_known_hkids_have_their_published_check_character(letters: str, digits: str, check: str) -> None:
    assert hkid_check_character(letters, digits) == check
    assert is_valid_hkid(letters, digits, check)


def test_check_character_a_may_be_written_in_lower_case() -> None:
    assert is_valid_hkid("Z", "683365", "a")
    assert is_valid_hkid("z", "683365", "A")


@settings(max_examples=200, deadline=None)
@given(hkid_parts)
def test_every_generated_hkid_with_its_computed_check_character_is_valid(parts: tuple[str, str]) -> None:
    letters, digits = parts
    check = hkid_check_character(letters, digits)
    assert check in CHECK_CHARACTERS
    assert is_valid_hkid(letters, digits, check)


@settings(max_examples=200, deadline=None)
@given(hkid_parts, st.data())
def test_wrong_hkid_check_character_is_rejected(parts: tuple[str, str], data: st.DataObject) -> None:
    letters, digits = parts
    right = hkid_check_character(letters, digits)
    wrong = data.draw(st.sampled_from([c for c in CHECK_CHARACTERS if c != right]))
    assert not is_valid_hkid(letters, digits, wrong)


@settings(max_examples=200, deadline=None)
@given(hkid_parts, st.integers(min_value=0, max_value=5), st.integers(min_value=1, max_value=9))
def test_any_single_digit_substitution_in_an_hkid_is_rejected(
    parts: tuple[str, str], position: int, shift: int
) -> None:
    # Weights 7..2 on the digits are non-zero mod 11, and so is any change of one digit: the sum always moves.
    letters, digits = parts
    check = hkid_check_character(letters, digits)
    changed = str((int(digits[position]) + shift) % 10)
    corrupted = digits[:position] + changed + digits[position + 1 :]
    assert corrupted != digits
    assert not is_valid_hkid(letters, corrupted, check)


def test_every_single_substitution_of_a_known_hkid_is_rejected() -> None:
    """Exhaustively, for A123456(3): each of the six digits to each other digit, and every other check character."""
    for position in range(6):
        for digit in DIGITS:
            digits = "123456"[:position] + digit + "123456"[position + 1 :]
            assert is_valid_hkid("A", digits, "3") is (digits == "123456")
    for check in CHECK_CHARACTERS:
        assert is_valid_hkid("A", "123456", check) is (check == "3")


@pytest.mark.parametrize(
    ("letters", "digits", "check"),
    [
        ("A", "12345", "3"),  # five digits
        ("A", "1234567", "3"),  # seven digits
        ("ABC", "123456", "3"),  # three letters
        ("", "123456", "3"),  # no letter
        ("1", "123456", "3"),  # a digit where the letter goes
        ("Ａ", "123456", "3"),  # full-width letter: callers fold first
        ("A", "１２３４５６", "3"),  # full-width digits: callers fold first
        ("A", "123456", ""),  # no check character
        ("A", "123456", "B"),  # B is never a check character
    ],
)
def test_malformed_hkid_parts_are_rejected(letters: str, digits: str, check: str) -> None:
    assert not is_valid_hkid(letters, digits, check)


# --- payment cards -----------------------------------------------------------------------------------


def luhn_complete(body: str) -> str:
    """`body` with the Luhn check digit appended."""
    for d in DIGITS:
        if luhn_valid(body + d):
            return body + d
    raise AssertionError("unreachable: one of ten digits always completes a Luhn number")


@st.composite
def card_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """A Luhn-valid number of one of the four networks Hong Kong cards mostly use, with its network."""
    network = draw(st.sampled_from(["visa", "mastercard", "unionpay", "amex"]))
    if network == "visa":
        prefix, length = "4", draw(st.sampled_from([13, 16, 19]))
    elif network == "mastercard":
        prefix = draw(st.one_of(st.integers(51, 55), st.integers(2221, 2720)).map(str))
        length = 16
    elif network == "unionpay":
        prefix, length = "62", draw(st.integers(16, 19))
    else:
        prefix, length = draw(st.sampled_from(["34", "37"])), 15
    body = prefix + draw(st.text(alphabet=DIGITS, min_size=length - len(prefix) - 1, max_size=length - len(prefix) - 1))
    return luhn_complete(body), network


@settings(max_examples=200, deadline=None)
@given(card_numbers())
def test_every_luhn_valid_card_of_a_known_network_is_accepted(card: tuple[str, str]) -> None:
    number, network = card
    assert luhn_valid(number)
    assert card_network(number) == network
    assert is_valid_card(number)


@settings(max_examples=200, deadline=None)
@given(card_numbers(), st.data())
def test_any_single_digit_substitution_in_a_card_number_is_rejected(card: tuple[str, str], data: st.DataObject) -> None:
    number, _ = card
    position = data.draw(st.integers(0, len(number) - 1))
    digit = data.draw(st.sampled_from([d for d in DIGITS if d != number[position]]))
    corrupted = number[:position] + digit + number[position + 1 :]
    assert not luhn_valid(corrupted)
    assert not is_valid_card(corrupted)


@pytest.mark.parametrize(
    ("number", "network"),
    [
        ("4539148803436467", "visa"),
        ("4111111111111111", "visa"),
        ("5555555555554444", "mastercard"),
        ("2223003122003222", "mastercard"),
        ("6222021001122337", "unionpay"),
        ("378282246310005", "amex"),
        ("371449635398431", "amex"),
    ],
)
def test_well_known_test_card_numbers_are_valid(number: str, network: str) -> None:
    assert card_network(number) == network
    assert is_valid_card(number)


@pytest.mark.parametrize(
    "number",
    [
        "4539148803436460",  # Visa prefix, Luhn fails
        "4539148803436468",
        "1234567812345670",  # Luhn passes, no network starts with 1
        "4111111111111",  # 13 digits, Luhn fails
        "411111111111111",  # Visa has no 15-digit numbers
        "37828224631000",  # AmEx is 15 digits
        "555555555555444",  # Mastercard is 16 digits
        "",
        "0000000000000",
    ],
)
def test_luhn_invalid_or_networkless_numbers_are_not_cards(number: str) -> None:
    assert not is_valid_card(number)


def test_luhn_accepts_the_textbook_example() -> None:
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")


# --- phones ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lead", list(DIGITS))
def test_phone_numbers_are_eight_digits_starting_with_a_personal_block(lead: str) -> None:
    number = lead + "1234567"
    assert is_hk_phone(number) is (lead in "235679")
    assert (lead in PHONE_LEADING_DIGITS) is (lead in "235679")
    assert (lead in MOBILE_LEADING_DIGITS) is (lead in "5679")


@pytest.mark.parametrize("number", ["9123456", "912345678", ""])
def test_phone_numbers_of_the_wrong_length_are_rejected(number: str) -> None:
    assert not is_hk_phone(number)


# --- dates -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "is_date"),
    [
        ("20250314", True),  # YYYYMMDD
        ("14032025", True),  # DDMMYYYY
        ("19000101", True),
        ("20991231", True),
        ("31122099", True),
        ("20000229", True),  # leap year
        ("29022000", True),
        ("20010229", False),  # not a leap year
        ("20251301", False),  # month 13
        ("20250132", False),  # day 32
        ("18991231", False),  # before 1900
        ("21000101", False),  # after 2099
        ("00000000", False),
        ("91234567", False),  # a phone number
        ("2025031", False),  # seven digits
        ("202503141", False),  # nine digits
    ],
)
def test_looks_like_date_reads_yyyymmdd_and_ddmmyyyy_between_1900_and_2099(digits: str, is_date: bool) -> None:
    assert looks_like_date(digits) is is_date


# --- IP addresses ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("192.168.10.25", True),
        ("0.0.0.0", True),
        ("255.255.255.255", True),
        ("8.8.8.8", True),
        ("256.1.1.1", False),
        ("1.2.3.256", False),
        ("01.2.3.4", False),  # leading zero
        ("1.2.3.004", False),
        ("1.2.3", False),
        ("1.2.3.4.5", False),
        ("1..3.4", False),
        ("1.2.3.-4", False),
        ("1.2.3.4 ", False),
        ("a.b.c.d", False),
        ("", False),
    ],
)
def test_ipv4_edge_cases(text: str, valid: bool) -> None:
    assert is_ipv4(text) is valid


@pytest.mark.parametrize("text", ["1.2.3.²", "１.２.３.４", "١.٢.٣.٤", "1.2.3.٤", "²⁵⁵.1.1.1"])
def test_ipv4_with_non_ascii_digits_is_rejected(text: str) -> None:
    assert is_ipv4(text) is False


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("2001:db8::1", True),
        ("2001:DB8:0:0:8:800:200C:417A", True),
        ("1:2:3:4:5:6:7:8", True),
        ("fe80::1ff:fe23:4567:890a", True),
        ("::1:2:3", True),
        ("1:2:3::", True),
        # a leading "::" and two groups, or an embedded IPv4 address: no code or time reads like these
        ("::abcd:1234", True),
        ("::ffff:192.0.2.1", True),
        ("::ffff:c000:280", True),
        ("2001:db8::192.0.2.33", True),
        # fewer groups: too short to tell from other text, by design. `::1` (loopback) and `::` (unspecified)
        # identify no one; `fe80::1` and `a::b` read like a scope operator (`face::add`)
        ("::1", False),
        ("fe80::1", False),
        ("a::b", False),
        ("::", False),
        ("1:2", False),
        ("::١:٢:٣", False),  # non-ASCII digits
        ("::ffff:256.0.2.1", False),
        # not addresses
        ("1:2:3:4:5:6:7:8:9", False),
        ("1::2::3", False),
        ("12345::1:2", False),
        ("g::1:2", False),
        ("2001:db8:::1", False),
        ("12:30:45", False),
        ("", False),
    ],
)
def test_ipv6_edge_cases(text: str, valid: bool) -> None:
    assert is_ipv6(text) is valid

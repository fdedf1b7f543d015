"""CN mobile numbers: the forms people type, what is refused, and the display forms."""

from __future__ import annotations

import pytest

from consultant_app.domain.phone import (
    InvalidPhoneError,
    digits_only,
    format_mobile,
    mask_mobile,
    national_digits,
    normalise_mobile,
    validate_mobile,
)


@pytest.mark.parametrize(
    "typed",
    [
        "13812345678",
        " 13812345678 ",
        "138 1234 5678",
        "138-1234-5678",
        "138 - 1234 - 5678",
        "(138) 1234 5678",
        "138.1234.5678",
        "+8613812345678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "0086 138 1234 5678",
        "008613812345678",
        "86 13812345678",
        "１３８ １２３４ ５６７８",  # full-width digits from a Chinese input method
        "＋８６ １３８１２３４５６７８",
        "138\u30001234\u30005678",  # ideographic spaces
    ],
)
def test_a_mobile_typed_in_any_usual_form_normalises_to_e164(typed: str) -> None:
    assert normalise_mobile(typed) == "+8613812345678"


@pytest.mark.parametrize("typed", ["17012345678", "19912345678", "16612345678", "14512345678"])
def test_newer_mobile_prefixes_are_accepted(typed: str) -> None:
    assert normalise_mobile(typed) == "+86" + typed


@pytest.mark.parametrize(
    "typed",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("010 1234 5678", id="beijing-landline"),
        pytest.param("021-87654321", id="shanghai-landline"),
        pytest.param("+86 10 1234 5678", id="landline-with-country-code"),
        pytest.param("400 123 4567", id="service-number"),
        pytest.param("95588", id="bank-short-code"),
        pytest.param("1381234567", id="10-digits"),
        pytest.param("138123456789", id="12-digits"),
        pytest.param("12345678901", id="no-such-prefix"),
        pytest.param("abc", id="letters"),
        pytest.param("138abcd5678", id="keypad-letters"),
        pytest.param("13812345678a", id="trailing-letter"),
        pytest.param("13812345678 ext 12", id="extension"),
        pytest.param("tel:13812345678", id="uri"),
        pytest.param("+1 650 253 0000", id="us-number"),
        pytest.param("+852 9123 4567", id="hong-kong-mobile"),
        pytest.param("1" * 40, id="forty-digits"),
    ],
)
def test_anything_but_a_mainland_mobile_number_is_refused(typed: str) -> None:
    with pytest.raises(InvalidPhoneError):
        normalise_mobile(typed)


def test_the_masked_form_hides_the_middle_four_digits() -> None:
    assert mask_mobile("+8613812345678") == "138****5678"


@pytest.mark.parametrize("missing", [None, ""])
def test_no_number_masks_and_formats_to_nothing(missing: str | None) -> None:
    assert mask_mobile(missing) == ""
    assert format_mobile(missing) == ""


def test_the_full_form_groups_three_four_four() -> None:
    assert format_mobile("+8613812345678") == "138 1234 5678"


def test_national_digits_drop_the_country_code() -> None:
    assert national_digits("+8613812345678") == "13812345678"


def test_digits_only_keeps_just_the_digits() -> None:
    assert digits_only("+86 138-1234 abc") == "861381234"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("", ""), ("  ", ""), ("138 1234 5678", "+8613812345678"), ("010-12345678", None)],
)
def test_validate_mobile_gives_the_number_empty_or_none(typed: str, expected: str | None) -> None:
    assert validate_mobile(typed) == expected

"""The 12-digit personal ID: what spreadsheets do to it, and what it says about its holder."""

import pytest

from desktop.domain.errors import InvalidValue
from desktop.domain.personal_id import (
    decode_personal_id,
    mask_personal_id,
    normalize_personal_id,
    personal_id_warnings,
)

# Lào Cai (010), male born 1985.
LAO_CAI_1985_MAN = "010085001234"


@pytest.mark.parametrize(
    "raw",
    [
        "010085001234",
        "10085001234",  # Excel dropped the leading zero
        10085001234,  # the cell held a number
        10085001234.0,  # …read back as a float
        "010 085 001 234",
        "010.085.001.234",
        "'010085001234",  # the apostrophe that forces text in Excel
        " 010085001234 ",
    ],
)
def test_spreadsheet_forms_of_an_id_become_the_twelve_digits(raw):
    assert normalize_personal_id(raw) == LAO_CAI_1985_MAN


@pytest.mark.parametrize("raw", ["1090123456", 1090123456, 1090123456.0])
def test_ha_noi_ids_get_back_both_zeros_excel_dropped(raw):
    # Hà Nội's code is 001: as a number the ID loses two zeros, not one.
    assert normalize_personal_id(raw) == "001090123456"


@pytest.mark.parametrize("raw", [None, "", "   ", "''"])
def test_an_empty_id_is_unknown_not_an_error(raw):
    assert normalize_personal_id(raw) is None


@pytest.mark.parametrize(
    "raw",
    [
        "01008500123A",
        "CCCD010085001234",
        "0100850012345",  # 13 digits
        "123456789",  # the old 9-digit CMND
        "0010850012",  # 10 digits that already start with a zero
        10085001234.5,
        float("nan"),
    ],
)
def test_letters_fractions_and_wrong_lengths_are_refused(raw):
    with pytest.raises(InvalidValue):
        normalize_personal_id(raw)


def test_refusal_says_how_many_digits_were_given():
    with pytest.raises(InvalidValue, match="12 chữ số.*9 chữ số"):
        normalize_personal_id("123456789")


@pytest.mark.parametrize(
    ("personal_id", "gender", "birth_year"),
    [
        ("010085001234", "male", 1985),  # 0: man born in the 1900s
        ("010185001234", "female", 1985),  # 1: woman born in the 1900s
        ("010209001234", "male", 2009),  # 2: man born in the 2000s
        ("010309001234", "female", 2009),  # 3: woman born in the 2000s
        ("010400001234", "male", 2100),  # 4: man born in the 2100s
        ("010599001234", "female", 2199),  # 5: woman born in the 2100s
    ],
)
def test_century_digit_gives_gender_and_century(personal_id, gender, birth_year):
    details = decode_personal_id(personal_id)
    assert (details.province_code, details.gender, details.birth_year) == (
        "010",
        gender,
        birth_year,
    )


def test_an_id_that_agrees_with_the_record_needs_no_look():
    assert personal_id_warnings("010085001234", 1985, "male") == []
    assert personal_id_warnings("001309001234", 2009, "female") == []


def test_unknown_birth_year_and_gender_are_not_checked():
    assert personal_id_warnings("010085001234", None, None) == []


def test_birth_year_mismatch_is_a_warning_naming_both_years():
    warnings = personal_id_warnings("010085001234", 1986, "male")
    assert len(warnings) == 1
    assert "1985" in warnings[0] and "1986" in warnings[0]


def test_same_two_digits_in_the_wrong_century_is_a_mismatch():
    # A woman born in 2005 has century digit 3; "1" would mean 1905.
    assert len(personal_id_warnings("010105001234", 2005, "female")) == 1


def test_gender_mismatch_is_a_warning():
    warnings = personal_id_warnings("010185001234", 1985, "male")
    assert warnings == ["Số định danh ứng với giới tính nữ, nhưng ghi là nam."]


def test_unknown_province_code_is_a_warning_not_a_refusal():
    warnings = personal_id_warnings("003085001234", 1985, "male")  # 003 is not a code
    assert len(warnings) == 1
    assert "003" in warnings[0]


def test_century_digit_above_five_is_flagged():
    warnings = personal_id_warnings("010785001234", 1985, "male")
    assert any("thế kỷ" in warning for warning in warnings)


def test_masking_keeps_only_the_last_four_digits():
    assert mask_personal_id("010085001234") == "••••••••1234"
    assert mask_personal_id(None) == ""

"""Phone numbers as people and spreadsheets write them."""

import pytest

from desktop.domain.errors import InvalidValue
from desktop.domain.phones import normalize_phone


@pytest.mark.parametrize(
    "raw",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "+84 912 345 678",
        "+84912345678",
        "84912345678",
        "+84 (0) 912 345 678",
        "912345678",  # Excel dropped the leading zero
        912345678,
        912345678.0,
    ],
)
def test_mobile_numbers_become_ten_digits_with_the_zero(raw):
    assert normalize_phone(raw) == "0912345678"


@pytest.mark.parametrize("prefix", ["03", "05", "07", "08", "09"])
def test_every_mobile_prefix_is_accepted(prefix):
    assert normalize_phone(prefix + "12345678") == prefix + "12345678"


def test_mobile_starting_84_keeps_its_own_digits():
    # 084… is a Vinaphone prefix, not the country code.
    assert normalize_phone("0843123456") == "0843123456"
    assert normalize_phone(843123456) == "0843123456"


@pytest.mark.parametrize(
    "raw",
    ["0214 3812 345", "02143812345", "2143812345", "+84 214 381 2345", "(0214) 381.2345"],
)
def test_lao_cai_landline_keeps_its_area_code(raw):
    assert normalize_phone(raw) == "02143812345"


@pytest.mark.parametrize("raw", [None, "", "  ", "-"])
def test_an_empty_phone_is_unknown(raw):
    assert normalize_phone(raw) is None


@pytest.mark.parametrize(
    "raw",
    [
        "0112345678",  # no mobile network starts 01
        "01234567890",  # old 11-digit mobile, retired in 2018
        "091234567",  # one digit short
        "09123456789",  # one digit too many
        "0312345678a",
        "+1 555 123 4567",  # not Vietnamese
        "12345",
        912345678.5,
    ],
)
def test_numbers_that_cannot_be_vietnamese_phones_are_refused(raw):
    with pytest.raises(InvalidValue):
        normalize_phone(raw)


def test_refusal_explains_what_a_phone_looks_like():
    with pytest.raises(InvalidValue, match="10 chữ số.*11 chữ số bắt đầu bằng 02"):
        normalize_phone("0112345678")

"""Numbers as Vietnamese text writes them: thousands with a dot, decimals with a comma."""

from __future__ import annotations

import pytest

from desktop.domain.numbers import decimal, number


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (999, "999"),
        (1030, "1.030"),
        (4000, "4.000"),
        (200_000, "200.000"),
        (1_234_567, "1.234.567"),
        (-1234, "-1.234"),
    ],
)
def test_whole_numbers_group_thousands_with_a_dot(value, text):
    assert number(value) == text


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (12.5, 1, "12,5"),
        (1318.24, 1, "1.318,2"),
        (0.34, 1, "0,3"),
        (80.0, 1, "80,0"),
        (52.34, 1, "52,3"),
        (1_234_567.891, 2, "1.234.567,89"),
        (-1318.25, 1, "-1.318,2"),  # an exact half rounds to even, as Python rounds
        (2.5, 0, "2"),
        (3.5, 0, "4"),
        (0.0, 3, "0,000"),
    ],
)
def test_decimals_take_a_comma_after_the_thousands(value, places, text):
    assert decimal(value, places) == text


def test_one_decimal_place_unless_told():
    assert decimal(3.25) == decimal(3.25, 1) == "3,2"

"""Cells as people typed them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.domain.errors import InvalidValue
from desktop.services.importing.values import (
    Birth,
    UnclearDate,
    parse_birth,
    parse_coordinates,
    parse_level,
    parse_yes_no,
)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (date(1990, 2, 3), Birth(date(1990, 2, 3), 1990)),
        (datetime(1990, 2, 3, 0, 0), Birth(date(1990, 2, 3), 1990)),
        ("03/02/1990", Birth(date(1990, 2, 3), 1990)),
        ("3-2-1990", Birth(date(1990, 2, 3), 1990)),
        ("3.2.1990", Birth(date(1990, 2, 3), 1990)),
        ("1990-02-03", Birth(date(1990, 2, 3), 1990)),
        ("1990", Birth(None, 1990)),
        (1990.0, Birth(None, 1990)),
        ("02/1990", Birth(None, 1990)),
        (32907.0, Birth(date(1990, 2, 3), 1990)),  # a date in a cell formatted as a number
        ("", None),
    ],
)
def test_birth_dates_in_every_spelling(cell, expected):
    assert parse_birth(cell) == expected


def test_an_impossible_date_keeps_its_year():
    with pytest.raises(UnclearDate) as unclear:
        parse_birth("31/02/1990")
    assert (str(unclear.value), unclear.value.year) == (
        "Ngày sinh “31/02/1990” không có thật.",
        1990,
    )


def test_an_unreadable_date_has_no_year():
    with pytest.raises(UnclearDate) as unclear:
        parse_birth("đầu năm")
    assert unclear.value.year is None


@pytest.mark.parametrize(
    ("cell", "level"),
    [
        ("Mức 2", 2),
        ("mức 1", 1),
        ("MỨC 2", 2),
        (2.0, 2),
        ("ĐDĐT mức 2", 2),
        ("Chưa", 0),
        ("", None),
    ],
)
def test_levels(cell, level):
    assert parse_level(cell) == level


def test_an_unclear_level_is_refused():
    with pytest.raises(InvalidValue):
        parse_level("Đã nộp")


@pytest.mark.parametrize(
    ("cell", "answer"),
    [
        ("Có", True),
        ("x", True),
        ("X", True),
        ("Đã cài", True),
        (True, True),
        ("Không", False),
        ("chưa", False),
        ("", None),
    ],
)
def test_yes_and_no(cell, answer):
    assert parse_yes_no(cell, "Cột 114") is answer


@pytest.mark.parametrize(
    "cell", ["22.4856, 103.9707", "22,4856; 103,9707", "22.4856 103.9707", "22.4856,103.9707"]
)
def test_coordinates(cell):
    assert parse_coordinates(cell) == (22.4856, 103.9707)

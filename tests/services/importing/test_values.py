"""Cells as people typed them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desktop.domain.errors import InvalidValue
from desktop.domain.spreadsheet_text import (
    looks_like_formula,
    lost_digits,
    neutralised,
    without_mark,
)
from desktop.services.importing.values import (
    Birth,
    UnclearDate,
    parse_birth,
    parse_coordinates,
    parse_level,
    parse_level_mark,
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
        ("Đã KH mức 2", 2),
        ("Chưa", 0),
        ("Chưa KH", 0),
        ("x", 1),  # an account, level not said: the level sure to be there
        ("✓", 1),
        ("", None),
    ],
)
def test_levels(cell, level):
    assert parse_level(cell) == level


@pytest.mark.parametrize(
    ("cell", "level"),
    [
        ("x", 2),
        ("X", 2),
        ("✓", 2),
        ("√", 2),
        ("☑", 2),
        ("có", 2),
        ("Đã", 2),
        ("rồi", 2),
        ("Đã KH", 2),
        ("12/11/2026", 2),  # the day it was done
        ("Mức 1", 1),  # a level the cell names
        ("M1", 1),
        ("Chưa", 0),
        ("Không", 0),
        ("-", 0),
        ("", 0),
    ],
)
def test_marks_under_a_level_heading(cell, level):
    """A column "Mức 2" / "KH" of ticks: a tick is that level."""
    assert parse_level_mark(cell, 2) == level


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
        ("✓", True),
        ("✔", True),
        ("√", True),
        ("Đã", True),
        ("đã.", True),
        ("Rồi", True),
        ("Đã tích hợp", True),
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


@pytest.mark.parametrize(
    ("text", "formula"),
    [
        ("=HYPERLINK(1)", True),
        ("+cmd|' /C calc'!A0", True),
        ("-2+3", True),
        ("@SUM(A1)", True),
        ("\t=1", True),
        (" =1", True),
        ("-5", False),  # numbers and phones are not formulas
        ("+84 912 345 678", False),
        ("-", False),
        ("Nguyễn Văn An", False),
    ],
)
def test_text_that_looks_like_a_formula(text, formula):
    assert looks_like_formula(text) is formula


@pytest.mark.parametrize("text", ["=SUM(A1)", "'=x", "''+y", "-", "@", "Lê Văn An", "'Tên"])
def test_the_csv_mark_goes_and_comes_back(text):
    assert without_mark(neutralised(text)) == text


@pytest.mark.parametrize(
    ("value", "lost"),
    [
        ("1.23457E+11", True),
        ("1,23457E+11", True),
        ("1.2E+11", True),
        (123457000000.0, True),
        (10080012345.0, False),  # an ID that lost only its leading zero keeps its digits
        (12345678901.0, False),
        ("010080012345", False),
        (123456789012.0, False),
    ],
)
def test_numbers_cut_to_six_digits(value, lost):
    assert lost_digits(value) is lost

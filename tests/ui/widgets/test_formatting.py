"""How the window writes numbers, dates and statuses, and reads what officers type."""

from __future__ import annotations

import sys
from datetime import date

import pytest
from PySide6.QtCore import QCoreApplication, QModelIndex, QTranslator

from desktop.domain.errors import InvalidValue
from desktop.ui.qt_vietnamese import QtWidgetsVietnamese
from desktop.ui.widgets.form_fields import parse_birth, parse_coordinate, split_coordinate_pair
from desktop.ui.widgets.formatting import (
    birth_text,
    coordinate_text,
    level2_progress,
    pending_text,
    percent,
    vietnamese_number,
)


def test_numbers_and_progress_read_the_vietnamese_way(qapp):
    assert vietnamese_number(1030) == "1.030"
    assert vietnamese_number(200_000) == "200.000"
    assert level2_progress("Tổ 23", 412, 1030) == "Tổ 23 · 412/1.030 mức 2"
    assert percent(412, 1030) == "40%"
    assert percent(0, 0) == "0%"
    assert pending_text(frozenset({"app_114", "level2"})) == "mức 2, 114"
    assert birth_text(date(1985, 3, 5), 1985) == "05/03/1985"
    assert birth_text(None, 1985) == "1985"
    assert coordinate_text(22.4856) == "22,4856"
    assert coordinate_text(None) == ""


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("05/03/1985", (date(1985, 3, 5), 1985)),
        ("5-3-1985", (date(1985, 3, 5), 1985)),
        ("1985", (None, 1985)),
        ("  ", (None, None)),
    ],
)
def test_birth_dates_are_read_as_typed(qapp, typed, expected):
    assert parse_birth(typed) == expected


@pytest.mark.parametrize("typed", ["31/02/1990", "1985/03/05", "85", "hôm qua"])
def test_unreadable_birth_dates_are_refused(qapp, typed):
    with pytest.raises(InvalidValue, match="ngày/tháng/năm"):
        parse_birth(typed)


def test_coordinates_accept_a_decimal_comma_or_point(qapp):
    assert parse_coordinate("22,49", "Vĩ độ") == pytest.approx(22.49)
    assert parse_coordinate(" 103.97 ", "Kinh độ") == pytest.approx(103.97)
    assert parse_coordinate("", "Vĩ độ") is None
    with pytest.raises(InvalidValue, match="Vĩ độ “22°29'” không phải là số"):
        parse_coordinate("22°29'", "Vĩ độ")
    assert split_coordinate_pair("22.4856, 103.9712") == ("22.4856", "103.9712")
    assert split_coordinate_pair("22,49") is None  # a decimal comma, not a pair


def test_qt_standard_buttons_speak_vietnamese(qapp):
    translator = QtWidgetsVietnamese()
    assert not translator.isEmpty()
    assert translator.translate("QPlatformTheme", "&Yes") == "&Có"
    assert translator.translate("QPlatformTheme", "&No") == "&Không"
    assert translator.translate("QPlatformTheme", "Cancel") == "Hủy"
    assert translator.translate("QLineEdit", "Cu&t") == "&Cắt"
    assert translator.translate("QPlatformTheme", "Something else") == ""
    assert isinstance(translator, QTranslator)
    app = QCoreApplication.instance()
    app.installTranslator(translator)
    try:
        assert QCoreApplication.translate("QPlatformTheme", "OK") == "&Đồng ý"
    finally:
        app.removeTranslator(translator)


def test_the_pyside_build_keeps_its_references_to_true_and_none(qapp):
    # PySide6 6.12.0 took a reference from True at every signal emitted and from None at
    # every empty value, until CPython 3.11 aborted the program ("bool_dealloc");
    # pyproject.toml keeps that release out. This fails if such a build comes back.
    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        fired = Signal(int)

    emitter = Emitter()
    true_before, none_before = sys.getrefcount(True), sys.getrefcount(None)
    for number in range(200):
        emitter.fired.emit(number)
        QModelIndex().data()
    assert sys.getrefcount(True) >= true_before - 5
    assert sys.getrefcount(None) >= none_before - 5

"""Qt's own dialogs speak Vietnamese: the translation source, its compilation with
lrelease, and the file dialog, message box, button box and print dialog once loaded."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTranslator
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QWidget,
)

import desktop
from desktop.ui import qt_translation
from desktop.ui.qt_translation import catalogue_path, find_lrelease, load_qt_vietnamese
from desktop.ui.qt_vietnamese import QtWidgetsVietnamese

SOURCE = qt_translation.source_file()
needs_lrelease = pytest.mark.skipif(find_lrelease() is None, reason="no lrelease installed")


def messages() -> list[tuple[str, str, ElementTree.Element]]:
    """(context, source text, translation element) of every message of the .ts."""
    root = ElementTree.parse(SOURCE).getroot()
    return [
        (context.findtext("name"), message.findtext("source"), message.find("translation"))
        for context in root.iter("context")
        for message in context.iter("message")
    ]


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> Path:
    """The .ts compiled by lrelease into a folder of the test's own."""
    if find_lrelease() is None:
        pytest.skip("no lrelease installed")
    folder = tmp_path_factory.mktemp("qm")
    catalogue = catalogue_path(built=folder / "none.qm", cache=folder)
    assert catalogue == folder / qt_translation.CATALOGUE_NAME
    return catalogue


@pytest.fixture
def vietnamese(qapp, compiled) -> Iterator[QTranslator]:
    translator = load_qt_vietnamese(catalogue=compiled)
    qapp.installTranslator(translator)
    yield translator
    qapp.removeTranslator(translator)


def texts(widget: QWidget) -> set[str]:
    """Every label's and button's text in the widget, as the user reads them."""
    found = {label.text() for label in widget.findChildren(QLabel)}
    found |= {button.text() for button in widget.findChildren(QAbstractButton)}
    return {text for text in found if text}


# The translation source ------------------------------------------------------------------


def test_the_source_is_valid_and_every_message_is_translated():
    found = messages()
    assert len(found) > 250
    for context, source, translation in found:
        assert context and source
        assert translation is not None and translation.text and translation.text.strip(), source
        assert translation.get("type") is None, f"{context}: {source} is {translation.get('type')}"
    pairs = [(context, source) for context, source, _ in found]
    assert len(pairs) == len(set(pairs)), "a message is given twice"


def test_the_contexts_are_those_qt_looks_up():
    contexts = {context for context, _source, _ in messages()}
    assert {
        "QFileDialog",
        "QFileSystemModel",
        "QMessageBox",
        "QPlatformTheme",
        "QDialogButtonBox",
        "QLineEdit",
        "QWidgetTextControl",
        "QInputDialog",
        "QPrintDialog",
        "QPageSetupWidget",
        "QPrintPreviewDialog",
    } <= contexts


def test_a_mnemonic_in_the_source_keeps_one_in_the_translation():
    for context, source, translation in messages():
        if "&" in source.replace("&&", "") and not source.startswith("<"):
            assert "&" in translation.text, f"{context}: {source!r} → {translation.text!r}"


# Compiling it ----------------------------------------------------------------------------


@needs_lrelease
def test_the_catalogue_is_compiled_once_and_again_when_the_source_changes(tmp_path):
    source = tmp_path / "qtbase_vi.ts"
    source.write_bytes(SOURCE.read_bytes())
    where = {"source": source, "built": tmp_path / "built.qm", "cache": tmp_path / "cache"}

    catalogue = catalogue_path(**where)
    assert catalogue == tmp_path / "cache" / "qtbase_vi.qm"
    first = catalogue.stat().st_mtime_ns
    assert catalogue_path(**where, lrelease=None) == catalogue  # fresh: nothing to compile

    later = first + 5_000_000_000
    os.utime(source, ns=(later, later))
    assert catalogue_path(**where) == catalogue
    assert catalogue.stat().st_mtime_ns > first


def test_the_build_s_catalogue_comes_first_when_it_is_up_to_date(tmp_path):
    source = tmp_path / "qtbase_vi.ts"
    source.write_text("<TS/>", encoding="utf-8")
    built = tmp_path / "qtbase_vi.qm"
    built.write_bytes(b"compiled")
    assert catalogue_path(source=source, built=built, cache=tmp_path / "c", lrelease=None) == built


def test_without_lrelease_an_old_catalogue_is_better_than_none(tmp_path):
    built = tmp_path / "qtbase_vi.qm"
    built.write_bytes(b"compiled")
    source = tmp_path / "qtbase_vi.ts"
    source.write_text("<TS/>", encoding="utf-8")  # newer than the catalogue
    os.utime(built, ns=(0, 0))
    where = {"source": source, "built": built, "cache": tmp_path / "c", "lrelease": None}
    assert catalogue_path(**where) == built
    built.unlink()
    assert catalogue_path(**where) is None


def test_without_any_catalogue_the_standard_buttons_still_speak_vietnamese(qapp, tmp_path):
    translator = load_qt_vietnamese(catalogue=tmp_path / "missing.qm")
    assert isinstance(translator, QtWidgetsVietnamese)
    assert translator.translate("QPlatformTheme", "Cancel") == "Hủy"


# The dialogs, translated -----------------------------------------------------------------


def test_the_file_dialog_drawn_by_qt_speaks_vietnamese(qtbot, vietnamese):
    dialog = QFileDialog(None, "", str(Path(desktop.__file__).parent))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    qtbot.addWidget(dialog)
    shown = texts(dialog)
    assert {"&Tên tệp:", "Tìm tr&ong:", "&Kiểu tệp:", "&Mở", "Hủy"} <= shown
    assert not shown & {"File &name:", "&Look in:", "Files of &type:", "&Open", "Cancel"}
    headers = dialog.findChild(QWidget, "treeView").model()
    assert [headers.headerData(column, Qt.Orientation.Horizontal) for column in range(4)] == [
        "Tên",
        "Kích thước",
        "Loại",
        "Ngày sửa",
    ]

    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    assert "&Lưu" in texts(dialog)
    assert dialog.windowTitle() == "Lưu thành"


def test_message_boxes_and_button_boxes_speak_vietnamese(qtbot, vietnamese):
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Lưu",
        "Lưu thay đổi?",
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
    )
    qtbot.addWidget(box)
    assert box.button(QMessageBox.StandardButton.Save).text() == "Lưu"
    assert box.button(QMessageBox.StandardButton.Discard).text() == "Không lưu"
    yes_no = QMessageBox(
        QMessageBox.Icon.Question,
        "",
        "",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    qtbot.addWidget(yes_no)
    assert yes_no.button(QMessageBox.StandardButton.Yes).text() == "&Có"
    assert yes_no.button(QMessageBox.StandardButton.No).text() == "&Không"

    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
    )
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text() == "Hủy"
    assert buttons.button(QDialogButtonBox.StandardButton.Ok).text() == "Đồng ý"


def test_a_text_field_s_context_menu_speaks_vietnamese(qtbot, vietnamese):
    field = QLineEdit("Cốc Lếu")
    qtbot.addWidget(field)
    menu = field.createStandardContextMenu()
    words = [action.text().split("\t")[0] for action in menu.actions() if action.text()]
    assert {"&Hoàn tác", "&Cắt", "&Sao chép", "&Dán", "Xóa", "Chọn tất cả"} <= set(words)


def test_the_print_dialog_speaks_vietnamese(qtbot, vietnamese):
    print_support = pytest.importorskip("PySide6.QtPrintSupport")
    dialog = print_support.QPrintDialog(print_support.QPrinter())
    qtbot.addWidget(dialog)
    shown = texts(dialog)
    assert {"&In", "&Tùy chọn >>", "Số bản:", "In tất cả"} <= shown
    assert not shown & {"&Print", "&Options >>", "Copies:", "Print all"}
    assert QCoreApplication.translate("QPrintPreviewDialog", "Next page") == "Trang sau"


def test_the_program_asks_for_the_system_s_own_dialogs():
    """Native dialogs wherever the platform has them: no window turns them off."""
    for path in Path(desktop.__file__).parent.rglob("*.py"):
        assert "DontUseNativeDialog" not in path.read_text(encoding="utf-8"), path

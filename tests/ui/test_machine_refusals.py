"""The window shows the machine's refusals (a full disk, a read-only file, the database
busy too long) as their one sentence, the same the command line prints: never the
unexpected-error box, and no error in the log, whether a save, a background task or a
slot left it unhandled."""

from __future__ import annotations

import errno
import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from desktop import app as desktop_app
from desktop.db.unavailable import FULL, DatabaseUnavailable
from desktop.db.writing import WriterWait
from desktop.services.database import open_database
from desktop.ui.main_window import MainWindow
from desktop.ui.widgets import messages

FULL_DISK = DatabaseUnavailable(FULL, Path("/du-lieu/denkhuya.sqlite3"))


def test_a_background_task_stopped_by_a_full_disk_shows_the_sentence(runner, refusals, logfail):
    def import_on_a_full_disk() -> None:
        raise FULL_DISK

    runner.run_task(import_on_a_full_disk, lambda _result: pytest.fail("no result"))

    assert refusals == [str(FULL_DISK)]
    assert logfail.records == [] and logfail.error_boxes == []


@pytest.mark.parametrize(
    ("error", "sentence"),
    [
        (
            OSError(errno.ENOSPC, "No space left on device", "/media/usb/nhan-khau.xlsx"),
            "Ổ đĩa đã đầy nên không ghi được “/media/usb/nhan-khau.xlsx”; hãy giải phóng chỗ "
            "trống trên ổ (hoặc chọn ổ khác) rồi thử lại.",
        ),
        (
            OSError(errno.EROFS, "Read-only file system", "/media/cd/bao-cao.pdf"),
            "Ổ đĩa chỉ cho đọc nên không ghi được “/media/cd/bao-cao.pdf”; hãy chọn ổ khác "
            "(hoặc tắt chế độ chống ghi của ổ) rồi thử lại.",
        ),
    ],
)
def test_a_file_written_on_a_disk_that_refuses_shows_the_sentence(
    qapp, refusals, logfail, error, sentence
):
    messages.show_task_error(None, error, "Xuất danh sách nhân khẩu")

    assert refusals == [sentence]
    assert logfail.records == [] and logfail.error_boxes == []


def test_sqlite_saying_the_disk_is_full_outside_the_engine_is_no_bug_either(
    qapp, refusals, logfail
):
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = sqlite3.SQLITE_FULL  # what a backup's copy meets on the stick

    messages.report_bug(None, full)

    assert refusals == [
        "Ổ đĩa đã đầy nên không ghi được; hãy giải phóng chỗ trống trên ổ (hoặc chọn ổ "
        "khác) rồi thử lại."
    ]
    assert logfail.records == [] and logfail.error_boxes == []


def test_a_slot_that_left_it_unhandled_shows_the_sentence(qapp, refusals, logfail, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # install_excepthook replaces it
    desktop_app.install_excepthook()
    try:
        raise FULL_DISK
    except DatabaseUnavailable:
        sys.excepthook(*sys.exc_info())

    assert refusals == [str(FULL_DISK)]
    assert logfail.records == [] and logfail.error_boxes == []


def test_deleting_a_household_while_another_program_writes_says_the_database_is_busy(
    qtbot, database, today, runner, small_ward, refusals, monkeypatch
):
    """On the window's own thread the wait is short (a hung window is worse): then the
    sentence, and the household is still there."""
    desk = open_database(database.url, WriterWait(limit_seconds=5, ui_thread_limit_seconds=0.3))
    window = MainWindow(desk, today=lambda: today, runner=runner)
    qtbot.addWidget(window)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    window.search_box.setText("nguyen thi uoc")
    window.search_box.search_now()
    other = sqlite3.connect(database.url.removeprefix("sqlite:///"), isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        window.commands.delete_household.trigger()
    finally:
        other.rollback()
        other.close()

    assert refusals == [
        "Cơ sở dữ liệu đang bận: một cửa sổ hoặc một lệnh Đèn Khuya khác đang ghi; chưa có "
        "gì thay đổi, hãy thử lại khi việc đó xong."
    ]
    assert window.households.rowCount() == 1
    window.close()
    desk.close()

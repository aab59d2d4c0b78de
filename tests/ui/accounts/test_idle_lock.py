"""The idle lock: after the ward's idle minutes the window and every open dialog are
covered and the same person's password unlocks, with what was typed still there;
Đăng xuất closes the window, asking about unsaved work first."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QMessageBox, QVBoxLayout
from sqlalchemy import update

from desktop.db.models import Account
from desktop.services import signed_in
from desktop.services.database import open_database
from desktop.ui.accounts.idle_lock import LOCKED_TITLE, LockCover, LockDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.registry.resident_dialog import ResidentDialog
from desktop.ui.widgets.messages import confirm
from tests.ui.accounts.conftest import PASSWORD

MINUTE = 60.0


class Clock:
    """The time the idle lock reads; tests move it on."""

    def __init__(self) -> None:
        self.now = 10_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def database(open_as):
    return open_as("truc.ban")


@pytest.fixture
def window(qtbot, database, runner, today, clock) -> MainWindow:
    main = MainWindow(database, today=lambda: today, runner=runner, clock=clock)
    qtbot.addWidget(main)
    main.show()
    return main


def lock_shown(window: MainWindow) -> LockDialog | None:
    dialog = window.accounts.lock_screen.dialog
    return dialog if dialog is not None and dialog.isVisible() else None


def covers(window) -> list[LockCover]:
    """The lock's covers over this window (not over its dialogs)."""
    found = window.findChildren(LockCover, options=Qt.FindChildOption.FindDirectChildrenOnly)
    return [cover for cover in found if cover.isVisible()]


def unlock_with(qtbot, lock: LockDialog, password: str) -> None:
    qtbot.keyClicks(lock.password, password)
    qtbot.keyClick(lock.password, Qt.Key.Key_Return)


def open_resident_dialog(qtbot, window: MainWindow) -> ResidentDialog:
    dialog = ResidentDialog(window, check=lambda data: (data, []), save=lambda data: None)
    dialog.open()  # modal for the window, as when adding a person
    dialog.full_name.insert("Nguyễn Văn Mới")  # QTest types only ASCII
    return dialog


def test_idle_minutes_cover_every_window_and_the_password_unlocks_losing_nothing(
    qtbot, window, clock
):
    assert window.accounts.idle.seconds == 15 * MINUTE  # the ward's default
    dialog = open_resident_dialog(qtbot, window)
    clock.now += 14 * MINUTE
    window.accounts.idle.check()
    assert lock_shown(window) is None

    clock.now += 1 * MINUTE
    window.accounts.idle.check()

    lock = lock_shown(window)
    assert lock is not None and lock.isModal()
    assert "15 phút" in lock.message.text() and "Trần Văn Trực (Trực ban)" in lock.message.text()
    assert covers(window) and covers(dialog)  # nothing of the data shows behind the lock
    assert covers(window)[0].geometry() == window.rect()
    assert dialog.isVisible() and dialog.windowTitle() == LOCKED_TITLE  # not closed

    unlock_with(qtbot, lock, "sai-mat-khau")
    assert lock.error_label.text() == "Mật khẩu không đúng." and lock_shown(window)

    unlock_with(qtbot, lock, PASSWORD)

    assert lock_shown(window) is None and not covers(window) and not covers(dialog)
    assert dialog.isVisible() and dialog.windowTitle() == "Thêm nhân khẩu"
    assert dialog.full_name.text() == "Nguyễn Văn Mới"
    assert window.accounts.idle.watching  # counting again
    dialog.reject()


def test_keyboard_and_mouse_anywhere_in_the_program_keep_it_unlocked(qtbot, window, clock):
    clock.now += 14 * MINUTE
    qtbot.keyClicks(window.search_box, "a")
    clock.now += 14 * MINUTE
    window.accounts.idle.check()
    assert lock_shown(window) is None

    qtbot.mouseClick(window.household_view.viewport(), Qt.MouseButton.LeftButton)
    clock.now += 14 * MINUTE
    window.accounts.idle.check()
    assert lock_shown(window) is None

    clock.now += 1 * MINUTE
    window.accounts.idle.check()
    assert lock_shown(window) is not None


def test_ctrl_shift_l_locks_at_once(qtbot, window):
    window.activateWindow()
    qtbot.keyClick(window.search_box, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)  # fmt: skip
    lock = lock_shown(window)
    assert lock is not None and "Màn hình đã được khóa." in lock.message.text()
    qtbot.keyClick(lock, Qt.Key.Key_Escape)  # Esc does not end the lock
    assert lock_shown(window) is lock


def test_a_window_that_opens_while_locked_is_covered_too(qtbot, window):
    window.lock_now()
    late = QDialog(window)
    late.setWindowTitle("Đã xuất xong")
    late.show()
    qtbot.waitUntil(lambda: bool(covers(late)))
    assert late.windowTitle() == LOCKED_TITLE
    qtbot.waitUntil(lambda: QDialog.isVisible(window.accounts.lock_screen.dialog))
    late.close()


def test_an_account_disabled_meanwhile_cannot_unlock_only_sign_out(qtbot, window, database):
    with database.session() as session:
        session.execute(update(Account).where(Account.name == "truc.ban").values(disabled=True))
    window.lock_now()
    lock = lock_shown(window)

    unlock_with(qtbot, lock, PASSWORD)

    assert "đã bị tắt" in lock.error_label.text()
    assert not lock.password.isEnabled() and lock.sign_out_button.isEnabled()
    assert signed_in.current() is None and covers(window)


class Unsaved(QDialog):
    """A dialog with a typed line that asks before Esc drops it (as visit entry does)."""

    def __init__(self, parent) -> None:
        super().__init__(parent)
        self.line = QLineEdit(self)
        QVBoxLayout(self).addWidget(self.line)

    def reject(self) -> None:
        if self.line.text() and not confirm(self, "Bỏ thay đổi chưa lưu?", "Đóng và bỏ?"):
            return
        super().reject()


def test_sign_out_from_the_lock_asks_about_unsaved_work_then_closes_the_window(
    qtbot, window, monkeypatch
):
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(parent, title, text, *rest):
        asked.append(title)
        assert lock_shown(window) is None  # the lock steps aside for the question
        assert covers(window) and covers(parent)  # the data stays covered meanwhile
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    unsaved = Unsaved(window)
    unsaved.open()
    unsaved.line.insert("đang gõ dở")
    window.lock_now()
    lock = lock_shown(window)

    lock.sign_out_button.click()  # "No": the work is kept, and so is the lock
    assert asked == ["Bỏ thay đổi chưa lưu?"]
    assert unsaved.isVisible() and unsaved.line.text() == "đang gõ dở"
    assert lock_shown(window) is lock and covers(unsaved)

    lock.sign_out_button.click()  # "Yes": the dialog goes, then the window
    assert asked == ["Bỏ thay đổi chưa lưu?"] * 2
    assert not unsaved.isVisible() and not window.isVisible()


def test_nobody_signed_in_nothing_locks(qtbot, tmp_path, migrated_template, runner, today, clock):
    path = tmp_path / "khong-tai-khoan.sqlite3"
    shutil.copy(migrated_template, path)
    plain = open_database(f"sqlite:///{path}")
    window = MainWindow(plain, today=lambda: today, runner=runner, clock=clock)
    qtbot.addWidget(window)
    clock.now += 600 * MINUTE
    window.accounts.idle.check()
    window.lock_now()
    assert lock_shown(window) is None and not window.accounts.idle.watching
    window.close()
    plain.close()

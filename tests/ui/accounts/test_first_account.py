"""Tạo tài khoản quản trị: from the window of a database without accounts, the first
administrator encrypts the data, is signed in, and sees the recovery key once."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog

from desktop.db.keyring import RecoveryLogin
from desktop.services import signed_in
from desktop.services.database import open_database
from desktop.ui.accounts.first_account_dialog import FirstAccountDialog
from desktop.ui.accounts.recovery_key_dialog import RecoveryKeyDialog
from desktop.ui.main_window import MainWindow
from tests.ui.accounts.conftest import ADMIN_PASSWORD, visible_menu_texts
from tests.ui.reading import error_text


@pytest.fixture
def window(qtbot, database, small_ward, runner, today) -> MainWindow:
    main = MainWindow(database, today=lambda: today, runner=runner)
    qtbot.addWidget(main)
    return main


def fill(dialog: FirstAccountDialog, name: str, password: str, again: str | None = None) -> None:
    dialog.name.setText(name)
    dialog.display_name.setText("Nguyễn Văn Quản")
    dialog.password.setText(password)
    dialog.password_again.setText(password if again is None else again)


class Desk:
    """Answers the dialogs as the officer would, noting each one shown."""

    def __init__(self, name: str = "quan.tri", password: str = ADMIN_PASSWORD) -> None:
        self.name, self.password = name, password
        self.shown: list[QDialog] = []
        self.keys: list[str] = []

    def __call__(self, dialog: QDialog) -> int:
        self.shown.append(dialog)
        if isinstance(dialog, FirstAccountDialog):
            fill(dialog, self.name, self.password)
            dialog.accept()
        elif isinstance(dialog, RecoveryKeyDialog):
            self.keys.append(dialog.key_label.text())
            dialog.reject()  # Esc: not closed before the key is written down
            assert dialog.result() != QDialog.DialogCode.Accepted
            assert not dialog.close_button.isEnabled()
            dialog.copy_button.click()
            assert QGuiApplication.clipboard().text() == self.keys[-1]
            dialog.written.setChecked(True)
            dialog.close_button.click()
            assert QGuiApplication.clipboard().text() == ""  # taken out of the clipboard
        return dialog.result()


def test_the_first_account_encrypts_signs_in_and_shows_the_key_once(window, database, caplog):
    caplog.set_level(logging.DEBUG)
    desk = Desk()
    window.accounts.exec_dialog = desk
    assert "Tài khoản ▸ Tạo tài khoản quản trị…" in visible_menu_texts(window)

    assert window.create_first_account()

    assert [type(dialog) for dialog in desk.shown] == [FirstAccountDialog, RecoveryKeyDialog]
    (key,) = desk.keys
    assert len(key) == 34 and key.count("-") == 6
    assert key not in caplog.text  # never logged
    assert database.encrypted
    assert signed_in.current().name == "quan.tri"
    assert window.user_label.text() == "Đang làm việc: Nguyễn Văn Quản (Quản trị)"
    menus = visible_menu_texts(window)
    assert "Tài khoản ▸ Tạo tài khoản quản trị…" not in menus
    assert "Tài khoản ▸ Quản lý tài khoản…" in menus
    assert window.accounts.idle.watching
    assert window.households.rowCount() == 3  # the same data, read through the key
    open_database(database.url, login=RecoveryLogin(key)).close()  # the key opens it


def test_mismatched_or_short_passwords_are_said_in_the_dialog(qtbot, window, runner):
    dialog = FirstAccountDialog(window.accounts.gateway, runner, window)
    qtbot.addWidget(dialog)
    fill(dialog, "quan.tri", ADMIN_PASSWORD, again="khac-hoan-toan")
    dialog.accept()
    assert error_text(dialog) == "Hai lần nhập mật khẩu không khớp; hãy nhập lại."
    fill(dialog, "quan.tri", "ngan")
    dialog.accept()
    assert error_text(dialog) == "Mật khẩu cần ít nhất 8 ký tự."
    fill(dialog, "Quản trị viên!", ADMIN_PASSWORD)
    dialog.accept()
    assert error_text(dialog).startswith("Tên đăng nhập “Quản trị viên!” không hợp lệ")
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert not window.database.encrypted and signed_in.current() is None


def test_the_first_start_offer_can_be_left_for_later(window, database):
    shown: list[QDialog] = []

    def later(dialog: QDialog) -> int:
        shown.append(dialog)
        assert dialog.cancel_button.text() == "Để &sau"
        dialog.reject()
        return dialog.result()

    window.accounts.exec_dialog = later
    window.offer_first_account()

    assert len(shown) == 1
    assert not database.encrypted and signed_in.current() is None
    assert "Tài khoản ▸ Tạo tài khoản quản trị…" in visible_menu_texts(window)

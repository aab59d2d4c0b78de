"""Đăng nhập: an encrypted database asks who is working before anything is read; the
right password opens the window for that person, a wrong one says so in the dialog."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop import app
from desktop.services import signed_in
from desktop.ui.accounts.gateway import StartLogin
from desktop.ui.accounts.login_dialog import LoginDialog
from desktop.ui.main_window import MainWindow
from tests.ui.accounts.conftest import PASSWORD
from tests.ui.reading import error_text


@pytest.fixture
def login(encrypted_demo) -> StartLogin:
    start, must_sign_in = StartLogin.open(encrypted_demo, None)
    assert must_sign_in and start.database is None  # nothing of the data was opened
    return start


@pytest.fixture
def dialog(qtbot, login, runner) -> LoginDialog:
    shown = LoginDialog(login, runner, encrypted=True)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def sign_in_with(qtbot, dialog: LoginDialog, name: str, password: str) -> None:
    dialog.name.clear()
    qtbot.keyClicks(dialog.name, name)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_the_right_password_opens_the_window_showing_who_is_working(qtbot, dialog, runner, today):
    sign_in_with(qtbot, dialog, "Truc.Ban", PASSWORD)  # the name as anyone types it

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.database is not None and dialog.database.encrypted
    assert signed_in.current().name == "truc.ban"
    window = MainWindow(dialog.database, today=lambda: today, runner=runner)
    qtbot.addWidget(window)
    assert window.user_label.text() == "Đang làm việc: Trần Văn Trực (Trực ban)"
    assert window.households.rowCount() > 0  # the data reads with the key
    dialog.database.close()


def test_a_wrong_password_is_said_in_the_dialog_which_stays_open(qtbot, dialog):
    sign_in_with(qtbot, dialog, "truc.ban", "sai-mat-khau")

    assert error_text(dialog) == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert dialog.isVisible() and dialog.database is None
    assert dialog.name.text() == "truc.ban" and dialog.password.text() == ""
    assert dialog.password.hasFocus()
    assert signed_in.current() is None

    qtbot.keyClicks(dialog.password, PASSWORD)
    assert error_text(dialog) == ""  # typing again takes the sentence away
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    dialog.database.close()


def test_five_wrong_passwords_lock_the_name_and_say_until_when(qtbot, dialog):
    for _ in range(5):
        sign_in_with(qtbot, dialog, "truc.ban", "sai-mat-khau")

    assert re.fullmatch(r".*“truc.ban”.*khóa.*\d\d:\d\d.*", error_text(dialog))
    sign_in_with(qtbot, dialog, "truc.ban", PASSWORD)  # even the right one, for now
    assert "khóa" in error_text(dialog) and dialog.database is None


def test_an_empty_name_or_password_is_asked_for_without_checking(qtbot, dialog):
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert error_text(dialog) == "Hãy nhập tên tài khoản."
    qtbot.keyClicks(dialog.name, "truc.ban")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    assert error_text(dialog) == "Hãy nhập mật khẩu."


def test_esc_leaves_without_signing_in(qtbot, dialog):
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)

    assert dialog.result() == QDialog.DialogCode.Rejected
    assert dialog.database is None and signed_in.current() is None


def test_the_start_asks_for_a_login_only_where_one_is_needed(
    qtbot, monkeypatch, encrypted_demo, database
):
    asked: list[LoginDialog] = []

    def type_and_enter(dialog: LoginDialog) -> int:
        asked.append(dialog)
        dialog.show()
        sign_in_with(qtbot, dialog, "lanh.dao", PASSWORD)
        # The start's own runner checks in the background, as exec() would wait for.
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted)
        return dialog.result()

    monkeypatch.setattr(LoginDialog, "exec", type_and_enter)
    opened, code = app.open_signed_in(encrypted_demo)
    assert len(asked) == 1 and code == 0
    assert opened.encrypted and signed_in.current().role == "leader"
    opened.close()

    signed_in.reset()
    plain, code = app.open_signed_in(database.url)  # no account: the window as before
    assert len(asked) == 1 and plain is not None and signed_in.current() is None
    plain.close()


def test_esc_at_the_start_quits_with_nothing_open(monkeypatch, encrypted_demo):
    monkeypatch.setattr(LoginDialog, "exec", lambda dialog: dialog.reject() or dialog.result())
    opened, code = app.open_signed_in(encrypted_demo)
    assert (opened, code) == (None, 0)

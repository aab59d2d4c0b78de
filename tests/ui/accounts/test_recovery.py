"""Quên mật khẩu? Dùng khóa khôi phục…: on the login of an encrypted database, the key
from the safe gives an administrator whose password is lost a new one (as `denkhuya
user recover`), and the dialog then asks that person to sign in with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from desktop.db import keyring
from desktop.services import accounts, signed_in
from desktop.services.database import open_database
from desktop.ui.accounts.gateway import StartLogin
from desktop.ui.accounts.login_dialog import LoginDialog, RecoveryDialog
from tests.builders import add_household, make_group, make_ward
from tests.ui.reading import error_text

LOST = "mat-khau-da-quen"
NEW = "mat-khau-moi-2027"


@pytest.fixture
def desk(tmp_path) -> tuple[str, str]:
    """An encrypted desk whose only administrator forgot the password; its recovery key."""
    url = f"sqlite:///{tmp_path / 'denkhuya.sqlite3'}"
    database = open_database(url)
    with database.session() as session:
        add_household(session, make_group(session, make_ward(session)), "Nguyễn Văn An")
    recovery_key = accounts.create_first_admin(database, "quan.tri", "Nguyễn Văn Quản", LOST)
    database.close()
    signed_in.reset()
    return url, recovery_key


@pytest.fixture
def dialog(qtbot, desk, runner) -> LoginDialog:
    start, must_sign_in = StartLogin.open(desk[0], None)
    assert must_sign_in
    shown = LoginDialog(start, runner, encrypted=True)
    qtbot.addWidget(shown)
    shown.show()
    return shown


@pytest.fixture
def recovery(monkeypatch, qtbot) -> list[RecoveryDialog]:
    """The recovery dialogs opened; each test fills the one open with `fill`."""

    class Opened(list):
        fills: list = []

    opened = Opened()
    fills: list = []
    opened.fills = fills

    def exec_(dialog: RecoveryDialog) -> int:
        opened.append(dialog)
        dialog.show()  # as exec shows it
        for fill in fills:
            fill(dialog)
            qtbot.waitUntil(lambda: not dialog._busy)
            if dialog.result() == QDialog.DialogCode.Accepted:
                break
        return dialog.result()

    monkeypatch.setattr(RecoveryDialog, "exec", exec_)
    return opened


def typed(qtbot, key: str, name: str, password: str, again: str | None = None):
    def fill(dialog: RecoveryDialog) -> None:
        for field, text in (
            (dialog.key, key),
            (dialog.name, name),
            (dialog.new_password, password),
            (dialog.again, password if again is None else again),
        ):
            field.clear()
            qtbot.keyClicks(field, text)
        qtbot.keyClick(dialog.again, Qt.Key.Key_Return)

    return fill


def test_the_recovery_key_sets_a_new_password_and_the_login_asks_for_it(
    qtbot, dialog, desk, recovery
):
    url, recovery_key = desk
    assert dialog.recovery_button.isVisible()
    errors: list[str] = []
    recovery.fills += [
        typed(qtbot, recovery_key, "quan.tri", NEW, again="khac-han-roi"),
        lambda d: errors.append(error_text(d)),
        typed(qtbot, "0" * 28, "quan.tri", NEW),
        lambda d: errors.append(error_text(d)),
        typed(qtbot, recovery_key, "quan.tri", NEW),
    ]

    qtbot.mouseClick(dialog.recovery_button, Qt.MouseButton.LeftButton)

    assert errors == ["Hai lần gõ mật khẩu mới không khớp nhau.", "Khóa khôi phục không đúng."]
    assert dialog.name.text() == "quan.tri" and dialog.password.hasFocus()
    assert dialog.notice_label.text() == (
        "Đã đặt mật khẩu mới cho “quan.tri”; hãy đăng nhập bằng mật khẩu mới."
    )
    qtbot.keyClicks(dialog.password, NEW)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert signed_in.current().name == "quan.tri"
    dialog.database.close()
    keys = keyring.load(keyring.key_file_path(Path(url.removeprefix("sqlite:///"))))
    assert "(khóa khôi phục)" not in keys.data["failures"]  # the right key cleared the count


def test_the_recovery_dialog_is_legible(qtbot, dialog, desk, runner):
    shown = RecoveryDialog(dialog._login, runner, dialog)
    qtbot.addWidget(shown)
    shown.show()
    shown.show_error("Khóa khôi phục không đúng.")
    shown.grab().save("/tmp/work/restore/recovery.png")
    dialog.grab().save("/tmp/work/restore/login.png")
    assert shown.width() <= 1366 and shown.height() <= 768


def test_a_database_that_is_not_encrypted_offers_no_recovery_link(qtbot, runner, database):
    start = StartLogin(database.url, None, database)
    shown = LoginDialog(start, runner, encrypted=False)
    qtbot.addWidget(shown)
    shown.show()
    assert not shown.recovery_button.isVisible()

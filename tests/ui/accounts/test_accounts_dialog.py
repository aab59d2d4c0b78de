"""Tài khoản ▸ Quản lý tài khoản…: an administrator lists, adds, changes, disables (after
a confirmation), enables and resets accounts; everyone changes their own password; the
idle minutes are the ward's setting."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from desktop.db.keyring import RecoveryLogin
from desktop.domain.roles import ENTRY
from desktop.services import accounts, signed_in
from desktop.services.database import open_database
from desktop.ui.accounts.account_dialogs import AccountDialog, PasswordDialog
from desktop.ui.accounts.accounts_dialog import DISPLAY_NAME, NAME, ROLE, STATE, AccountsDialog
from desktop.ui.accounts.gateway import AccountsGateway
from desktop.ui.main_window import MainWindow
from tests.ui.accounts.conftest import PASSWORD
from tests.ui.reading import error_text


@pytest.fixture
def dialog(qtbot, open_as) -> AccountsDialog:
    shown = AccountsDialog(AccountsGateway(open_as("quan.tri")))
    qtbot.addWidget(shown)
    return shown


def rows(dialog: AccountsDialog) -> list[tuple[str, ...]]:
    model = dialog.model
    return [
        tuple(model.index(row, column).data() for column in (NAME, DISPLAY_NAME, ROLE, STATE))
        for row in range(model.rowCount())
    ]


def choose(dialog: AccountsDialog, name: str) -> None:
    row = next(i for i, account in enumerate(dialog.model.rows) if account.name == name)
    dialog.view.setCurrentIndex(dialog.model.index(row, 0))


def answering(answer_with):
    """An exec_dialog that fills a small dialog (answer_with(dialog)), then presses Lưu."""

    def run(small: QDialog) -> int:
        answer_with(small)
        small.accept()
        return small.result()

    return run


def test_the_list_names_each_account_its_role_and_state(dialog):
    assert rows(dialog) == [
        ("lanh.dao", "Hoàng Văn Lãnh", "Lãnh đạo", "hoạt động"),
        ("nhap.lieu", "Lò Thị Nhập", "Nhập liệu", "hoạt động"),
        ("quan.tri", "Nguyễn Văn Quản", "Quản trị", "hoạt động"),
        ("truc.ban", "Trần Văn Trực", "Trực ban", "hoạt động"),
    ]
    choose(dialog, "quan.tri")  # one's own: neither disabled nor reset from here
    assert not dialog.toggle_button.isEnabled() and not dialog.reset_button.isEnabled()
    assert dialog.recovery_button.isVisibleTo(dialog)  # the data is encrypted


def test_adding_an_account_gives_it_a_role_and_a_password_that_opens_the_data(dialog):
    def new_entry_clerk(small: AccountDialog) -> None:
        small.name.setText("Vu.Thi.Mai")
        small.display_name.setText("Vũ Thị Mai")
        small.role.setCurrentIndex(small.role.findData(ENTRY))
        small.password.setText("mai-nhap-lieu")
        small.password_again.setText("mai-nhap-lieu")

    dialog.exec_dialog = answering(new_entry_clerk)
    dialog.add_button.click()

    assert ("vu.thi.mai", "Vũ Thị Mai", "Nhập liệu", "hoạt động") in rows(dialog)
    assert dialog.current().name == "vu.thi.mai"
    url = dialog.gateway.database.url
    open_database(url, login=accounts.login("vu.thi.mai", "mai-nhap-lieu")).close()


def test_a_refused_account_keeps_the_form_open_with_the_sentence(qtbot, dialog):
    kept: list[AccountDialog] = []

    def taken_name(small: AccountDialog) -> None:
        small.name.setText("truc.ban")
        small.password.setText(PASSWORD)
        small.password_again.setText(PASSWORD)
        kept.append(small)

    dialog.exec_dialog = answering(taken_name)
    dialog.add_button.click()

    (small,) = kept
    assert small.result() != QDialog.DialogCode.Accepted
    assert error_text(small) == "Đã có tài khoản “truc.ban”; hãy chọn tên đăng nhập khác."


def test_changing_a_role_and_disabling_after_a_confirmation(dialog, monkeypatch):
    choose(dialog, "truc.ban")
    dialog.exec_dialog = answering(lambda small: small.role.setCurrentIndex(2))  # Lãnh đạo
    dialog.edit_button.click()
    assert ("truc.ban", "Trần Văn Trực", "Lãnh đạo", "hoạt động") in rows(dialog)

    questions: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(
        QMessageBox, "question", lambda p, title, text, *r: questions.append(text) or answers.pop(0)
    )
    dialog.toggle_button.click()  # No: nothing changes
    assert ("truc.ban", "Trần Văn Trực", "Lãnh đạo", "hoạt động") in rows(dialog)
    dialog.toggle_button.click()
    assert "Tắt tài khoản “truc.ban” (Trần Văn Trực)?" in questions[0]
    assert "mật khẩu của họ không còn mở được dữ liệu" in questions[0]
    assert ("truc.ban", "Trần Văn Trực", "Lãnh đạo", "đã tắt") in rows(dialog)
    assert dialog.toggle_button.text() == "&Bật"

    # Enabled again on encrypted data: with a new password, which opens it.
    def new_password(small: PasswordDialog) -> None:
        small.new_password.setText("mat-khau-moi-99")
        small.new_again.setText("mat-khau-moi-99")

    dialog.exec_dialog = answering(new_password)
    dialog.toggle_button.click()
    assert ("truc.ban", "Trần Văn Trực", "Lãnh đạo", "hoạt động") in rows(dialog)
    url = dialog.gateway.database.url
    open_database(url, login=accounts.login("truc.ban", "mat-khau-moi-99")).close()


def test_a_locked_account_shows_until_when_and_a_reset_lifts_it(dialog):
    for _ in range(5):
        with pytest.raises(accounts.SignInRefused):
            accounts.sign_in(dialog.gateway.database, accounts.login("nhap.lieu", "sai"))
    assert signed_in.current().name == "quan.tri"  # the administrator still works
    dialog.refresh()
    (state,) = [row[3] for row in rows(dialog) if row[0] == "nhap.lieu"]
    assert state.startswith("đã khóa đến ")

    choose(dialog, "nhap.lieu")
    dialog.exec_dialog = answering(
        lambda small: (
            small.new_password.setText("da-dat-lai-1"),
            small.new_again.setText("da-dat-lai-1"),
        )
    )
    dialog.reset_button.click()
    assert ("nhap.lieu", "Lò Thị Nhập", "Nhập liệu", "hoạt động") in rows(dialog)


def test_everyone_changes_their_own_password_from_the_menu(qtbot, open_as, runner, today):
    window = MainWindow(open_as("nhap.lieu"), today=lambda: today, runner=runner)
    qtbot.addWidget(window)
    shown: list[PasswordDialog] = []

    def wrong_then_right(small: PasswordDialog) -> int:
        shown.append(small)
        small.current.setText("khong-phai")
        small.new_password.setText("mat-khau-cua-nhap")
        small.new_again.setText("mat-khau-cua-nhap")
        small.accept()
        assert error_text(small) == "Mật khẩu hiện tại không đúng; mật khẩu chưa được đổi."
        small.current.setText(PASSWORD)
        small.accept()
        return small.result()

    window.accounts.exec_dialog = wrong_then_right
    window.commands.change_own_password.trigger()

    assert shown and shown[0].result() == QDialog.DialogCode.Accepted
    url = window.database.url
    open_database(url, login=accounts.login("nhap.lieu", "mat-khau-cua-nhap")).close()


def test_the_idle_minutes_are_the_wards_setting(qtbot, open_as, runner, today):
    window = MainWindow(open_as("quan.tri"), today=lambda: today, runner=runner)
    qtbot.addWidget(window)

    def five_minutes(accounts_dialog: QDialog) -> int:
        accounts_dialog.idle_minutes.setValue(5)
        accounts_dialog.idle_save.click()
        return 0

    window.accounts.exec_dialog = five_minutes
    window.manage_accounts()

    assert window.accounts.idle.seconds == 5 * 60
    again = MainWindow(window.database, today=lambda: today, runner=runner)
    qtbot.addWidget(again)
    assert again.accounts.idle.seconds == 5 * 60  # kept in the database


def test_a_new_recovery_key_from_the_menu_is_shown_once_and_opens_the_data(
    qtbot, open_as, runner, today, monkeypatch
):
    window = MainWindow(open_as("quan.tri"), today=lambda: today, runner=runner)
    qtbot.addWidget(window)
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    shown: list[str] = []

    def write_it_down(key_dialog: QDialog) -> int:
        shown.append(key_dialog.key_label.text())
        key_dialog.written.setChecked(True)
        key_dialog.accept()
        return key_dialog.result()

    window.accounts.exec_dialog = write_it_down
    window.commands.renew_recovery_key.trigger()

    (key,) = shown
    url = window.database.url
    open_database(url, login=RecoveryLogin(key)).close()

"""Hệ thống ▸ Tài khoản…: the administrator's list of accounts and what can be done to
them: add, change the shown name and role, disable (after a confirmation) or enable,
reset a password; a new recovery key; and how many idle minutes lock the window.

An account is never deleted (the audit trail keeps naming it). Everything goes through
AccountsGateway; a refusal (the last administrator, another desk changed the account
first) is shown as its sentence and the list is read again. Disabling an account and a
new recovery key change the data key of an encrypted file (every page written again:
0.13 s for a ward of 2,500 households here, seconds for a city), under a busy cursor.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCursor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserError
from desktop.services.accounts import AccountRow
from desktop.services.settings import IDLE_LOCK_MINUTES_RANGE
from desktop.ui.accounts.account_dialogs import AccountDialog, PasswordDialog
from desktop.ui.accounts.gateway import AccountsGateway
from desktop.ui.accounts.recovery_key_dialog import renew_recovery_key
from desktop.ui.widgets.messages import confirm, show_refusal
from desktop.ui.widgets.row_table_model import DISPLAY, FOREGROUND, TOOLTIP, RowTableModel
from desktop.ui.widgets.table_views import ListView

NAME, DISPLAY_NAME, ROLE, STATE = range(4)


@contextmanager
def busy_cursor() -> Iterator[None]:
    """The hourglass while the data key changes (the window waits for it)."""
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()


def state_text(row: AccountRow) -> str:
    """ "hoạt động", "đã khóa đến 21:05" or "đã tắt"."""
    if row.disabled:
        return "đã tắt"
    if row.locked_until is not None:
        local = row.locked_until.replace(tzinfo=UTC).astimezone()
        today = datetime.now().astimezone().date()
        when = f"{local:%H:%M}" if local.date() == today else f"{local:%H:%M %d/%m/%Y}"
        return f"đã khóa đến {when}"
    return "hoạt động"


class AccountTableModel(RowTableModel[AccountRow]):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = (
            self.tr("Tên đăng nhập"),
            self.tr("Tên hiển thị"),
            self.tr("Vai trò"),
            self.tr("Trạng thái"),
        )

    def row_id(self, row: AccountRow) -> object:
        return row.id

    def cell(self, row: AccountRow, column: int, role: int) -> object:
        if role == DISPLAY:
            return (row.name, row.display_name, row.role_name, state_text(row))[column]
        if role == FOREGROUND and row.disabled:
            return self.parent().palette().placeholderText() if self.parent() else None
        if role == TOOLTIP and column == STATE and row.failed_attempts:
            return self.tr("{n} lần nhập sai mật khẩu liên tiếp").format(n=row.failed_attempts)
        return None


class AccountsDialog(QDialog):
    """The accounts of this database, for an administrator."""

    idle_minutes_changed = Signal(int)

    def __init__(self, gateway: AccountsGateway, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountsDialog")
        self.setWindowTitle(self.tr("Tài khoản"))
        self.setProperty("help_page", "tai-khoan.html#quan-ly")  # F1 opens this page
        self.gateway = gateway
        # Tests replace this to answer the small dialogs without showing them.
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self.model = AccountTableModel(self)
        self.view = ListView(self)
        self.view.setObjectName("accountList")
        self.view.setModel(self.model)
        self.view.size_columns({NAME: 160, DISPLAY_NAME: 220, ROLE: 110}, stretch=STATE)
        self.view.activated.connect(lambda _index: self.edit_account())
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.add_button = self._button(self.tr("&Thêm…"), self.add_account, "Ctrl+N")
        self.edit_button = self._button(self.tr("&Sửa…"), self.edit_account, "F2")
        self.toggle_button = self._button(self.tr("&Tắt"), self.toggle_disabled)
        self.reset_button = self._button(self.tr("Đặt &lại mật khẩu…"), self.reset_password)
        self.recovery_button = self._button(
            self.tr("Tạo khóa &khôi phục mới…"), self.renew_recovery_key
        )
        self.recovery_button.setVisible(gateway.encrypted)
        self.recovery_button.setToolTip(
            self.tr("Khi khóa khôi phục cũ bị mất hoặc bị người khác nhìn thấy")
        )
        buttons = QVBoxLayout()
        for button in (self.add_button, self.edit_button, self.toggle_button, self.reset_button):
            buttons.addWidget(button)
        buttons.addSpacing(16)
        buttons.addWidget(self.recovery_button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(self.view, 1)
        top.addLayout(buttons)
        self.idle_minutes = QSpinBox(self)
        self.idle_minutes.setObjectName("idleMinutes")
        self.idle_minutes.setRange(*IDLE_LOCK_MINUTES_RANGE)
        self.idle_minutes.setSuffix(self.tr(" phút"))
        self.idle_minutes.setValue(gateway.idle_lock_minutes())
        idle_label = QLabel(self.tr("Tự &khóa màn hình sau:"), self)
        idle_label.setBuddy(self.idle_minutes)
        idle_note = QLabel(self.tr("không dùng bàn phím, chuột"), self)
        self.idle_save = QPushButton(self.tr("Á&p dụng"), self)
        self.idle_save.setAutoDefault(False)
        self.idle_save.clicked.connect(self.save_idle_minutes)
        idle_row = QHBoxLayout()
        for widget in (idle_label, self.idle_minutes, idle_note, self.idle_save):
            idle_row.addWidget(widget)
        idle_row.addStretch(1)
        for widget in (idle_label, self.idle_minutes, idle_note, self.idle_save):
            widget.setVisible(gateway.may_change_settings())
        close = QPushButton(self.tr("Đóng"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addLayout(idle_row, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top, 1)
        layout.addLayout(bottom)
        self.resize(860, 420)
        self.refresh()
        self.view.setFocus()

    def _button(self, text: str, slot: Callable[[], object], keys: str = "") -> QPushButton:
        button = QPushButton(text, self)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False: slot())
        if keys:
            QShortcut(QKeySequence(keys), self).activated.connect(slot)
            button.setToolTip(keys)
        return button

    # The list --------------------------------------------------------------------------

    def refresh(self, keep: str | None = None) -> None:
        """Read the accounts again, keeping the one named `keep` (or the current) chosen."""
        current = self.current()
        keep = keep or (current.name if current else None)
        try:
            rows = self.gateway.list_accounts()
        except UserError as error:
            show_refusal(self, error, self.tr("Tài khoản"))
            rows = []
        self.model.replace_rows(rows)
        row = next((i for i, account in enumerate(rows) if account.name == keep), 0)
        if rows:
            self.view.setCurrentIndex(self.model.index(row, 0))
        self._update_buttons()

    def current(self) -> AccountRow | None:
        index = self.view.currentIndex()
        rows = self.model.rows
        return rows[index.row()] if index.isValid() and index.row() < len(rows) else None

    def _update_buttons(self) -> None:
        account = self.current()
        me = self.gateway.current()
        for button in (self.edit_button, self.toggle_button, self.reset_button):
            button.setEnabled(account is not None)
        if account is not None:
            self.toggle_button.setText(self.tr("&Bật") if account.disabled else self.tr("&Tắt"))
            mine = me is not None and me.name == account.name
            self.reset_button.setEnabled(not mine)  # one's own: Đổi mật khẩu của tôi
            self.toggle_button.setEnabled(not mine)

    # Commands --------------------------------------------------------------------------

    def add_account(self) -> None:
        added: list[str] = []

        def save(name: str, display_name: str, role: str, password: str) -> None:
            added.append(self.gateway.add_account(name, display_name, role, password).name)

        dialog = AccountDialog(self, save_new=save)
        self.exec_dialog(dialog)
        dialog.deleteLater()
        if added:
            self.refresh(keep=added[0])

    def edit_account(self) -> None:
        account = self.current()
        if account is None:
            return
        dialog = AccountDialog(
            self,
            save=lambda display_name, role: self.gateway.change_account(
                account.name, display_name, role, account.version
            ),
            account=account,
        )
        if self.exec_dialog(dialog):
            self.refresh(keep=account.name)
        dialog.deleteLater()

    def toggle_disabled(self) -> None:
        account = self.current()
        if account is None:
            return
        if not account.disabled:
            question = self.tr(
                "Tắt tài khoản “{name}” ({shown})? Người này sẽ không đăng nhập được nữa"
                "{encrypted}. Tài khoản vẫn được giữ trong nhật ký và có thể bật lại."
            ).format(
                name=account.name,
                shown=account.display_name,
                encrypted=self.tr(", và mật khẩu của họ không còn mở được dữ liệu")
                if self.gateway.encrypted
                else "",
            )
            if confirm(self, self.tr("Tắt tài khoản"), question):
                self._carry_out(
                    lambda: self.gateway.set_disabled(account.name, True, account.version),
                    account.name,
                )
            return
        if not self.gateway.encrypted:
            self._carry_out(
                lambda: self.gateway.set_disabled(account.name, False, account.version),
                account.name,
            )
            return
        dialog = PasswordDialog(
            self,
            self.tr("Bật lại tài khoản {name}").format(name=account.name),
            lambda _current, new: self.gateway.set_disabled(
                account.name, False, account.version, new_password=new
            ),
            header=self.tr(
                "Dữ liệu được mã hóa: bật lại tài khoản cần đặt cho họ một mật khẩu mới."
            ),
        )
        if self.exec_dialog(dialog):
            self.refresh(keep=account.name)
        dialog.deleteLater()

    def reset_password(self) -> None:
        account = self.current()
        if account is None:
            return
        dialog = PasswordDialog(
            self,
            self.tr("Đặt lại mật khẩu cho {name}").format(name=account.name),
            lambda _current, new: self.gateway.reset_password(account.name, new),
            header=self.tr(
                "Báo mật khẩu mới cho {shown} trực tiếp; nên đổi lại ngay sau lần đăng nhập "
                "đầu (Hệ thống ▸ Đổi mật khẩu của tôi…)."
            ).format(shown=account.display_name),
        )
        if self.exec_dialog(dialog):
            self.refresh(keep=account.name)
        dialog.deleteLater()

    def renew_recovery_key(self) -> None:
        renew_recovery_key(self, self.gateway.renew_recovery_key, self.exec_dialog)

    def save_idle_minutes(self) -> None:
        try:
            minutes = self.gateway.set_idle_lock_minutes(self.idle_minutes.value())
        except UserError as error:
            show_refusal(self, error, self.tr("Tự khóa màn hình"))
            return
        self.idle_minutes_changed.emit(minutes)

    def _carry_out(self, change: Callable[[], object], keep: str) -> None:
        try:
            with busy_cursor():
                change()
        except UserError as error:
            show_refusal(self, error, self.tr("Tài khoản"))
        self.refresh(keep=keep)

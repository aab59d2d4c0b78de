"""The small forms of the accounts: an account (new, or its shown name and role) and a
password (reset by an administrator, changed by its owner, given to an account enabled
again on an encrypted database).

Each form checks what it can (the two passwords typed the same), then calls `save`;
the services' refusal (UserError) is shown under the form, which stays open.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from desktop.domain.errors import UserError
from desktop.domain.roles import MIN_PASSWORD_LENGTH, ROLE_NAMES, ROLES
from desktop.services.accounts import AccountRow
from desktop.ui.widgets.form_dialog import FormDialog

# (name, shown name, role, password) for a new account; (shown name, role) to change one
SaveNewAccount = Callable[[str, str, str, str], object]
SaveAccount = Callable[[str, str], object]
# (current password or "", new password)
SavePassword = Callable[[str, str], object]


def password_field(parent: QWidget, name: str, placeholder: str = "") -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    if placeholder:
        field.setPlaceholderText(placeholder)
    return field


class AccountDialog(FormDialog):
    """A new account (name, shown name, role, password twice), or an existing one's
    shown name and role (`account`)."""

    def __init__(
        self,
        parent: QWidget | None,
        save_new: SaveNewAccount | None = None,
        save: SaveAccount | None = None,
        account: AccountRow | None = None,
    ) -> None:
        super().__init__(parent, "")
        self.setObjectName("accountDialog")
        self._save_new = save_new
        self._save = save
        self._account = account
        if account is None:
            self.setWindowTitle(self.tr("Thêm tài khoản"))
        else:
            self.setWindowTitle(self.tr("Sửa tài khoản {name}").format(name=account.name))
        self.name = QLineEdit(self)
        self.name.setObjectName("accountName")
        self.name.setPlaceholderText(self.tr("chữ không dấu, ví dụ nguyen.van.an"))
        self.display_name = QLineEdit(self)
        self.display_name.setObjectName("accountDisplayName")
        self.display_name.setPlaceholderText(self.tr("ví dụ Nguyễn Văn An"))
        self.role = QComboBox(self)
        self.role.setObjectName("accountRole")
        for role in ROLES:
            self.role.addItem(ROLE_NAMES[role], role)
        self.add_row(self.tr("Tên đăng &nhập:"), self.name)
        self.add_row(self.tr("&Họ tên hiển thị:"), self.display_name)
        self.add_row(self.tr("&Vai trò:"), self.role)
        self.password = password_field(
            self, "accountPassword", self.tr("ít nhất {n} ký tự").format(n=MIN_PASSWORD_LENGTH)
        )
        self.password_again = password_field(self, "accountPasswordAgain")
        if account is None:
            self.role.setCurrentIndex(self.role.findData(ROLES[1]))  # trực ban: the usual
            self.add_row(self.tr("&Mật khẩu:"), self.password)
            self.add_row(self.tr("Nhập &lại mật khẩu:"), self.password_again)
        else:
            self.name.setText(account.name)
            self.name.setReadOnly(True)
            self.name.setToolTip(self.tr("Tên đăng nhập không đổi được: nhật ký ghi theo tên này."))
            self.display_name.setText(account.display_name)
            self.role.setCurrentIndex(max(self.role.findData(account.role), 0))
            self.password.hide()
            self.password_again.hide()
        self.set_header(
            self.tr(
                "Quản trị: mọi việc, kể cả tài khoản. Trực ban: mọi việc trừ tài khoản. "
                "Lãnh đạo: tiến độ, báo cáo; số định danh và số điện thoại bị che. "
                "Nhập liệu: nhập kết quả đêm và duyệt mức 2."
            )
        )
        self.header.setStyleSheet("color: palette(placeholder-text);")
        self.error_fields = [
            ("tên đăng nhập", self.name),
            ("tài khoản", self.name),
            ("họ tên", self.display_name),
            ("vai trò", self.role),
            ("không khớp", self.password_again),
            ("mật khẩu", self.password),
        ]
        self.setMinimumWidth(520)

    def submit(self) -> bool:
        display_name, role = self.display_name.text(), self.role.currentData()
        try:
            if self._account is None:
                password = self.password.text()
                if password != self.password_again.text():
                    self.password_again.clear()
                    raise UserError(self.tr("Hai lần nhập mật khẩu không khớp; hãy nhập lại."))
                assert self._save_new is not None
                self._save_new(self.name.text(), display_name, role, password)
            else:
                assert self._save is not None
                self._save(display_name, role)
        except UserError as error:
            self.show_error(str(error))
            return False
        return True


class PasswordDialog(FormDialog):
    """A new password typed twice, and with `ask_current` the current one first."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        save: SavePassword,
        ask_current: bool = False,
        header: str = "",
    ) -> None:
        super().__init__(parent, title)
        self.setObjectName("passwordDialog")
        self._save = save
        self._ask_current = ask_current
        self.current = password_field(self, "currentPassword")
        self.new_password = password_field(
            self, "newPassword", self.tr("ít nhất {n} ký tự").format(n=MIN_PASSWORD_LENGTH)
        )
        self.new_again = password_field(self, "newPasswordAgain")
        if ask_current:
            self.add_row(self.tr("Mật khẩu &hiện tại:"), self.current)
        else:
            self.current.hide()
        self.add_row(self.tr("Mật khẩu &mới:"), self.new_password)
        self.add_row(self.tr("Nhập &lại mật khẩu mới:"), self.new_again)
        self.set_header(header)
        self.error_fields = [
            ("hiện tại", self.current),
            ("không khớp", self.new_again),
            ("mật khẩu", self.new_password),
        ]
        self.setMinimumWidth(460)

    def submit(self) -> bool:
        try:
            if self.new_password.text() != self.new_again.text():
                self.new_again.clear()
                raise UserError(self.tr("Hai lần nhập mật khẩu mới không khớp; hãy nhập lại."))
            self._save(self.current.text(), self.new_password.text())
        except UserError as error:
            if self._ask_current:
                self.current.clear()
            self.show_error(str(error))
            return False
        return True

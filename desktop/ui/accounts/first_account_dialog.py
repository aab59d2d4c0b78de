"""Tạo tài khoản quản trị: the first account, which from then on makes everyone sign in
and (for a SQLite file) encrypts the data.

The name, the name shown and the password twice are checked with the services' rules
first (accounts.check_new_password); then create_first_admin runs on the task runner
with a busy bar (the encryption goes through a verified copy of the whole file and
can take a few seconds), the new administrator is signed in, and the recovery key is
shown once (RecoveryKeyDialog). Offered at the first start of a new database, where
"Để sau" skips it; always in the menu Hệ thống while no account exists.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QProgressBar, QWidget

from desktop.domain.errors import UserError
from desktop.domain.roles import MIN_PASSWORD_LENGTH
from desktop.ui.accounts.gateway import AccountsGateway
from desktop.ui.accounts.recovery_key_dialog import RecoveryKeyDialog
from desktop.ui.widgets.form_dialog import FormDialog
from desktop.ui.widgets.messages import report_bug
from desktop.ui.widgets.task_runner import TaskRunner


class FirstAccountDialog(FormDialog):
    """Creates the first administrator; `recovery_key` holds what was shown ("" when
    nothing was encrypted) once accepted."""

    def __init__(
        self,
        gateway: AccountsGateway,
        runner: TaskRunner,
        parent: QWidget | None = None,
        first_start: bool = False,
    ) -> None:
        super().__init__(parent, "")
        self.setWindowTitle(self.tr("Tạo tài khoản quản trị"))
        self.setObjectName("firstAccountDialog")
        self.setProperty("help_page", "tai-khoan.html#dau-tien")  # F1 opens this page
        self._gateway = gateway
        self._runner = runner
        self._busy = False
        self.recovery_key = ""
        # Tests replace this to answer the recovery key dialog without showing it.
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self.save_button.setText(self.tr("&Tạo tài khoản"))
        self.cancel_button.setText(self.tr("Để &sau") if first_start else self.tr("Hủy"))
        encrypts = gateway.can_encrypt
        lines = [
            self.tr(
                "Tài khoản đầu tiên là tài khoản <b>quản trị</b>: người quản trị tạo tài khoản "
                "cho từng cán bộ, mỗi người một mật khẩu. Từ nay, mỗi lần mở Đèn Khuya đều "
                "phải đăng nhập, và nhật ký ghi rõ ai đã làm gì."
            )
        ]
        if encrypts:
            lines.append(
                self.tr(
                    "Dữ liệu sẽ được <b>mã hóa</b>: không đăng nhập thì không ai đọc được tệp "
                    "dữ liệu và các bản sao lưu, kể cả khi chép sang máy khác. Việc mã hóa mất "
                    "vài giây. Sau đó chương trình hiện <b>khóa khôi phục</b> một lần duy nhất "
                    "để cất vào két."
                )
            )
        if first_start:
            lines.append(self.tr("Có thể để sau: menu <b>Tài khoản ▸ Tạo tài khoản quản trị…</b>"))
        self.set_header("<br><br>".join(lines))
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.name = QLineEdit(self)
        self.name.setObjectName("accountName")
        self.name.setPlaceholderText(self.tr("ví dụ quan.tri hoặc nguyen.van.an"))
        self.display_name = QLineEdit(self)
        self.display_name.setPlaceholderText(self.tr("ví dụ Nguyễn Văn An"))
        self.password = QLineEdit(self)
        self.password.setObjectName("accountPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("ít nhất {n} ký tự").format(n=MIN_PASSWORD_LENGTH))
        self.password_again = QLineEdit(self)
        self.password_again.setObjectName("accountPasswordAgain")
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.add_row(self.tr("Tên đăng &nhập:"), self.name)
        self.add_row(self.tr("&Họ tên hiển thị:"), self.display_name)
        self.add_row(self.tr("&Mật khẩu:"), self.password)
        self.add_row(self.tr("Nhập &lại mật khẩu:"), self.password_again)
        self.error_fields = [
            ("tên đăng nhập", self.name),
            ("họ tên", self.display_name),
            ("không khớp", self.password_again),
            ("mật khẩu", self.password),
        ]
        self.busy_bar = QProgressBar(self)
        self.busy_bar.setRange(0, 0)  # busy: the encryption does not say how far it is
        self.busy_bar.setTextVisible(False)
        self.busy_label = QLabel(
            self.tr("Đang mã hóa dữ liệu, xin chờ vài giây…")
            if encrypts
            else self.tr("Đang tạo tài khoản…"),
            self,
        )
        self.layout().insertWidget(self.layout().indexOf(self.buttons), self.busy_label)
        self.layout().insertWidget(self.layout().indexOf(self.buttons), self.busy_bar)
        self.busy_label.hide()
        self.busy_bar.hide()
        self.setMinimumWidth(560)

    def accept(self) -> None:
        """Check the form, then create the account in the background."""
        if self._busy:
            return
        self.clear_error()
        name, password = self.name.text(), self.password.text()
        try:
            self._gateway.check_new_account(name, password)
        except UserError as error:
            self.show_error(str(error))
            return
        if password != self.password_again.text():
            self.password_again.clear()
            self.show_error(self.tr("Hai lần nhập mật khẩu không khớp; hãy nhập lại."))
            return
        display_name = self.display_name.text()
        self._set_busy(True)
        self._runner.run_task(
            lambda: self._gateway.create_first_admin(name, display_name, password),
            self._created,
            self._refused,
        )

    def _created(self, recovery_key: str) -> None:
        self._set_busy(False)
        self.password.clear()
        self.password_again.clear()
        self.recovery_key = recovery_key
        if recovery_key:
            dialog = RecoveryKeyDialog(recovery_key, self)
            self.exec_dialog(dialog)
            dialog.deleteLater()
        QDialog.accept(self)

    def _refused(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, UserError):
            self.show_error(str(error))
        else:
            report_bug(self, error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for field in (self.name, self.display_name, self.password, self.password_again):
            field.setEnabled(not busy)
        self.save_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def submit(self) -> bool:  # FormDialog's: accept() above does the work
        return False

"""Đăng nhập: who is working, asked before the window reads any personal data.

The name and password go to StartLogin.sign_in on the task runner (an encrypted file
is unlocked with Argon2id, which takes a moment); a refusal (a wrong password, an
account locked until a time, a disabled one) is said in the dialog, the name kept and
the password cleared. Enter signs in; Esc quits the program.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserError
from desktop.services.database import Database
from desktop.ui.accounts.gateway import StartLogin
from desktop.ui.widgets.form_dialog import error_line
from desktop.ui.widgets.icons import app_icon
from desktop.ui.widgets.messages import report_bug
from desktop.ui.widgets.task_runner import TaskRunner


class LoginDialog(QDialog):
    """Asks for a name and password; `database` is open and someone signed in once
    accepted."""

    def __init__(
        self,
        login: StartLogin,
        runner: TaskRunner | None = None,
        parent: QWidget | None = None,
        encrypted: bool = False,
        place: str = "",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.setProperty("help_page", "tai-khoan.html#dang-nhap")  # F1 opens this page
        self.setWindowTitle(self.tr("Đăng nhập — Đèn Khuya"))
        self.setWindowIcon(app_icon())
        self._login = login
        self._runner = runner or TaskRunner(self)
        self._busy = False
        self.database: Database | None = None
        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(56, 56))
        title = QLabel(self.tr("Đăng nhập"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(self)
        intro.setWordWrap(True)
        intro.setText(
            self.tr("Dữ liệu được mã hóa. Hãy đăng nhập bằng tài khoản của mình để làm việc.")
            if encrypted
            else self.tr("Hãy đăng nhập bằng tài khoản của mình để làm việc.")
        )
        heading = QHBoxLayout()
        heading.addWidget(icon)
        heading.addWidget(title, 1)
        self.name = QLineEdit(self)
        self.name.setObjectName("loginName")
        self.name.setPlaceholderText(self.tr("ví dụ nguyen.van.an"))
        self.password = QLineEdit(self)
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        for text, field in ((self.tr("&Tài khoản:"), self.name),
                            (self.tr("&Mật khẩu:"), self.password)):  # fmt: skip
            caption = QLabel(text, self)
            caption.setBuddy(field)
            form.addRow(caption, field)
        self.place_label = QLabel(place, self)
        self.place_label.setStyleSheet("color: palette(placeholder-text);")
        self.place_label.setVisible(bool(place))
        self.place_label.setWordWrap(True)
        self.error_label = error_line(self, "loginError")
        self.busy_label = QLabel(self.tr("Đang kiểm tra…"), self)
        self.busy_label.hide()
        self.buttons = QDialogButtonBox(self)
        self.sign_in_button = self.buttons.addButton(
            self.tr("Đăng &nhập"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_in_button.setDefault(True)
        self.quit_button = self.buttons.addButton(
            self.tr("Thoát"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.quit_button.setToolTip(self.tr("Đóng Đèn Khuya (Esc)"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name.textChanged.connect(lambda _text: self._clear_error())
        self.password.textChanged.connect(lambda _text: self._clear_error())
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.place_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)
        self.name.setFocus()

    def _clear_error(self) -> None:
        self.error_label.hide()

    def show_error(self, sentence: str) -> None:
        self.error_label.setText(sentence)
        self.error_label.show()

    def accept(self) -> None:
        """Enter or Đăng nhập: check the name and password in the background."""
        if self._busy:
            return
        name, password = self.name.text().strip(), self.password.text()
        if not name:
            self.show_error(self.tr("Hãy nhập tên tài khoản."))
            self.name.setFocus()
            return
        if not password:
            self.show_error(self.tr("Hãy nhập mật khẩu."))
            self.password.setFocus()
            return
        self._set_busy(True)
        self._runner.run_task(
            lambda: self._login.sign_in(name, password), self._signed_in, self._refused
        )

    def _signed_in(self, database: Database) -> None:
        self._set_busy(False)
        self.database = database
        self.password.clear()
        super().accept()

    def _refused(self, error: BaseException) -> None:
        self._set_busy(False)
        self.password.clear()
        self.password.setFocus()
        if isinstance(error, UserError):
            self.show_error(str(error))
        else:
            report_bug(self, error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.name, self.password, self.sign_in_button):
            widget.setEnabled(not busy)
        self.busy_label.setVisible(busy)
        if busy:
            self.error_label.hide()

    def reject(self) -> None:
        """Esc or Thoát: leave without signing in (not while a check is running)."""
        if not self._busy:
            super().reject()

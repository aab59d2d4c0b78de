"""Đăng nhập: who is working, asked before the window reads any personal data.

The name and password go to StartLogin.sign_in on the task runner (an encrypted file
is unlocked with Argon2id, which takes a moment); a refusal (a wrong password, an
account locked until a time, a disabled one) is said in the dialog, the name kept and
the password cleared. Enter signs in; Esc quits the program.

"Quên mật khẩu? Dùng khóa khôi phục…" (an encrypted database only) is for the day every
administrator's password is lost: the recovery key from the station chief's safe opens
the data and gives one administrator a new password (accounts.recover, as `denkhuya
user recover`), and the dialog then asks that person to sign in with it.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserError
from desktop.services import accounts
from desktop.services.database import Database, RecoveryLogin, open_database
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
        self.recovery_button = QPushButton(self.tr("Quên mật khẩu? Dùng &khóa khôi phục…"), self)
        self.recovery_button.setObjectName("recoveryLink")
        self.recovery_button.setFlat(True)
        self.recovery_button.setAutoDefault(False)
        self.recovery_button.setStyleSheet("color: palette(link); text-align: left;")
        self.recovery_button.setVisible(encrypted)  # only encrypted data has a recovery key
        self.recovery_button.clicked.connect(self.recover)
        self.notice_label = QLabel(self)
        self.notice_label.setObjectName("loginNotice")
        self.notice_label.setWordWrap(True)
        self.notice_label.hide()
        self.name.textChanged.connect(lambda _text: self._clear_error())
        self.password.textChanged.connect(lambda _text: self._clear_error())
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.place_label)
        layout.addWidget(self.recovery_button)
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

    def recover(self) -> None:
        """Every administrator's password lost: the recovery key gives one a new one."""
        if self._busy:
            return
        dialog = RecoveryDialog(self._login, self._runner, self)
        dialog.name.setText(self.name.text().strip())
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        name = dialog.recovered_name
        dialog.deleteLater()
        if accepted and name:
            self.name.setText(name)
            self.password.clear()
            self.password.setFocus()
            self.notice_label.setText(
                self.tr(
                    "Đã đặt mật khẩu mới cho “{name}”; hãy đăng nhập bằng mật khẩu mới."
                ).format(name=name)
            )
            self.notice_label.show()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.name, self.password, self.sign_in_button, self.recovery_button):
            widget.setEnabled(not busy)
        self.busy_label.setVisible(busy)
        if busy:
            self.error_label.hide()

    def reject(self) -> None:
        """Esc or Thoát: leave without signing in (not while a check is running)."""
        if not self._busy:
            super().reject()


def recover_with_key(login: StartLogin, recovery_key: str, name: str, new_password: str) -> None:
    """Open the data with the recovery key (a wrong one is counted in its key file) and
    give the administrator `name` the new password; nothing stays open afterwards that
    was not open before (accounts.recover refuses data that is not encrypted)."""
    recovery = RecoveryLogin(recovery_key)
    database = login.database
    opened_here = database is None
    if database is None:
        database = open_database(login.url, login.wait, login=recovery)
    try:
        accounts.recover(database, recovery, name, new_password)
    finally:
        if opened_here:
            database.close()


class RecoveryDialog(QDialog):
    """The recovery key, the administrator's name and the new password twice; checked
    in the background, a refusal said in the dialog, which stays open."""

    def __init__(
        self, login: StartLogin, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setProperty("help_page", "tai-khoan.html#khoi-phuc-mat-khau")  # F1 opens this page
        self.setWindowTitle(self.tr("Đặt lại mật khẩu bằng khóa khôi phục"))
        self._login = login
        self._runner = runner
        self._busy = False
        self.recovered_name = ""
        intro = QLabel(
            self.tr(
                "Khi mọi quản trị viên đều quên mật khẩu: gõ khóa khôi phục (tờ giấy cất trong "
                "két của Trưởng Công an phường), tên tài khoản quản trị và mật khẩu mới cho "
                "tài khoản đó."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.key = QLineEdit(self)
        self.key.setObjectName("recoveryKey")
        self.key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        self.key.setEchoMode(QLineEdit.EchoMode.PasswordEchoOnEdit)
        self.name = QLineEdit(self)
        self.name.setObjectName("recoveryName")
        self.new_password = QLineEdit(self)
        self.new_password.setObjectName("recoveryNewPassword")
        self.new_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit(self)
        self.again.setObjectName("recoveryAgain")
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        rows = (
            (self.tr("&Khóa khôi phục:"), self.key),
            (self.tr("&Tài khoản quản trị:"), self.name),
            (self.tr("&Mật khẩu mới:"), self.new_password),
            (self.tr("&Gõ lại mật khẩu mới:"), self.again),
        )
        for text, field in rows:
            caption = QLabel(text, self)
            caption.setBuddy(field)
            form.addRow(caption, field)
            field.textChanged.connect(lambda _text: self.error_label.hide())
        self.error_label = error_line(self, "recoveryError")
        self.busy_label = QLabel(self.tr("Đang kiểm tra khóa khôi phục…"), self)
        self.busy_label.hide()
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton(
            self.tr("Đặt &lại mật khẩu"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.ok_button.setDefault(True)
        self.buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.key.setFocus()

    def show_error(self, sentence: str, field: QLineEdit | None = None) -> None:
        self.error_label.setText(sentence)
        self.error_label.show()
        if field is not None:
            field.setFocus()

    def accept(self) -> None:
        """Enter or "Đặt lại mật khẩu": check the key and set the password in the background."""
        if self._busy:
            return
        key, name = self.key.text().strip(), self.name.text().strip()
        password = self.new_password.text()
        if not key:
            self.show_error(self.tr("Hãy gõ khóa khôi phục."), self.key)
        elif not name:
            self.show_error(self.tr("Hãy nhập tên tài khoản quản trị."), self.name)
        elif not password:
            self.show_error(self.tr("Hãy nhập mật khẩu mới."), self.new_password)
        elif password != self.again.text():
            self.again.clear()
            self.show_error(self.tr("Hai lần gõ mật khẩu mới không khớp nhau."), self.again)
        else:
            self._set_busy(True)
            self._runner.run_task(
                lambda: recover_with_key(self._login, key, name, password),
                lambda _none: self._recovered(accounts.clean_account_name(name)),
                self._refused,
            )

    def _recovered(self, name: str) -> None:
        self._set_busy(False)
        self.recovered_name = name
        super().accept()

    def _refused(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, UserError):
            self.show_error(str(error))
        else:
            report_bug(self, error)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.key, self.name, self.new_password, self.again, self.ok_button):
            widget.setEnabled(not busy)
        self.busy_label.setVisible(busy)
        if busy:
            self.error_label.hide()

    def reject(self) -> None:
        if not self._busy:
            super().reject()

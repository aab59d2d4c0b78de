"""The login an encrypted backup asks before it is read: its cover (which ward, when it
was made; all it says without a login) and a name and password of the data it holds.

The dialog only collects them; whoever opened it checks them (in the background, as
opening a backup takes Argon2id and a read of the whole file) and opens it again with
the refusal's sentence, the name kept, when they do not open the backup.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.services.backup import BackupCover
from desktop.ui.widgets.form_dialog import error_line


def cover_lines(cover: BackupCover) -> list[str]:
    """What the cover of an encrypted backup says, one line each."""

    def tr(text: str) -> str:
        return QCoreApplication.translate("BackupLoginDialog", text)

    ward = cover.ward_label[:1].upper() + cover.ward_label[1:]
    station = f" ({cover.station_name})" if cover.station_name else ""
    lines = [
        tr("Tệp: {name}").format(name=cover.path.name),
        tr("Dữ liệu: {ward}{station}").format(ward=ward, station=station),
    ]
    if cover.made_at is not None:
        lines.append(
            tr("Sao lưu lúc {time}").format(
                time=f"{cover.made_at:%H:%M} ngày {cover.made_at:%d/%m/%Y}"
            )
        )
    return lines


class BackupLoginDialog(QDialog):
    """Asks for a login of an encrypted backup's data; `name` and `password` once
    accepted (both filled in). Enter opens, Esc cancels."""

    def __init__(
        self, cover: BackupCover, parent: QWidget | None = None, name: str = "", error: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backupLoginDialog")
        self.setProperty("help_page", "sao-luu.html#khoi-phuc")  # F1 opens this page
        self.setWindowTitle(self.tr("Mở bản sao lưu được mã hóa"))
        intro = QLabel(
            self.tr(
                "Bản sao lưu này được mã hóa. Hãy đăng nhập bằng một tài khoản có trong dữ "
                "liệu lúc sao lưu để xem và khôi phục nó."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.cover_label = QLabel("\n".join(cover_lines(cover)), self)
        self.cover_label.setObjectName("backupCover")
        self.name_field = QLineEdit(name, self)
        self.name_field.setObjectName("backupLoginName")
        self.name_field.setPlaceholderText(self.tr("ví dụ nguyen.van.an"))
        self.password_field = QLineEdit(self)
        self.password_field.setObjectName("backupLoginPassword")
        self.password_field.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        for text, field in ((self.tr("&Tài khoản:"), self.name_field),
                            (self.tr("&Mật khẩu:"), self.password_field)):  # fmt: skip
            caption = QLabel(text, self)
            caption.setBuddy(field)
            form.addRow(caption, field)
        self.error_label = error_line(self, "backupLoginError")
        if error:
            self.error_label.setText(error)
            self.error_label.show()
        self.buttons = QDialogButtonBox(self)
        self.open_button = self.buttons.addButton(
            self.tr("&Mở bản sao lưu"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.open_button.setDefault(True)
        self.buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.name_field.textChanged.connect(lambda _text: self.error_label.hide())
        self.password_field.textChanged.connect(lambda _text: self.error_label.hide())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.cover_label)
        layout.addSpacing(6)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        (self.password_field if name else self.name_field).setFocus()

    @property
    def name(self) -> str:
        return self.name_field.text().strip()

    @property
    def password(self) -> str:
        return self.password_field.text()

    def accept(self) -> None:
        """Enter or "Mở bản sao lưu": closes once both are filled in."""
        if not self.name:
            self._refuse(self.tr("Hãy nhập tên tài khoản."), self.name_field)
        elif not self.password:
            self._refuse(self.tr("Hãy nhập mật khẩu."), self.password_field)
        else:
            super().accept()

    def _refuse(self, sentence: str, field: QLineEdit) -> None:
        self.error_label.setText(sentence)
        self.error_label.show()
        field.setFocus()

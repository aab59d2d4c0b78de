"""The recovery key, shown once: large, in a font where every letter is unmistakable,
with "Sao chép", and closed only after the officer ticks that it is written down.

The key is never logged and kept nowhere by the program; a copy put in the clipboard is
taken out again when the dialog closes (if the clipboard still holds it).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QCloseEvent, QCursor, QFont, QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserError
from desktop.ui.widgets.messages import confirm, show_refusal


def key_font(base: QFont) -> QFont:
    """A fixed-width font twice the usual size, for a key read and copied by hand."""
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setStyleHint(QFont.StyleHint.Monospace)
    font.setPointSizeF(max(base.pointSizeF(), 9.0) * 2.0)
    font.setBold(True)
    return font


class RecoveryKeyDialog(QDialog):
    """Shows `recovery_key` once; "Đóng" only after "Tôi đã ghi…" is ticked."""

    def __init__(self, recovery_key: str, parent: QWidget | None = None, renewed: bool = False):
        super().__init__(parent)
        self.setObjectName("recoveryKeyDialog")
        self.setProperty("help_page", "tai-khoan.html#dau-tien")  # F1 opens this page
        self.setWindowTitle(self.tr("Khóa khôi phục — hãy chép lại ngay"))
        self.setModal(True)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self._key = recovery_key
        self._copied = False
        intro = QLabel(self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.RichText)
        first = (
            self.tr("Khóa khôi phục <b>mới</b> đã được tạo; khóa cũ từ nay không mở được dữ liệu.")
            if renewed
            else self.tr("Dữ liệu đã được mã hóa.")
        )
        intro.setText(
            self.tr(
                "{first} Khi mọi mật khẩu đều bị quên, chỉ <b>khóa khôi phục</b> dưới đây mở "
                "được dữ liệu.<br><br>Chương trình chỉ hiện khóa này <b>một lần</b> và không "
                "lưu ở đâu cả. Hãy chép tay (hoặc in) và cất vào két của Trưởng Công an "
                "phường; không chụp ảnh, không gửi qua mạng, không để cạnh máy."
            ).format(first=first)
        )
        self.key_label = QLabel(recovery_key, self)
        self.key_label.setObjectName("recoveryKey")
        self.key_label.setFont(key_font(self.font()))
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.key_label.setFrameShape(QFrame.Shape.Box)
        self.key_label.setMargin(14)
        self.key_label.setStyleSheet("background: palette(base);")
        self.copied_label = QLabel(self)
        self.copied_label.setWordWrap(True)
        self.copied_label.setStyleSheet("color: palette(placeholder-text);")
        self.copied_label.hide()
        self.written = QCheckBox(self.tr("Tôi đã &ghi khóa khôi phục vào nơi an toàn"), self)
        self.buttons = QDialogButtonBox(self)
        self.copy_button = self.buttons.addButton(
            self.tr("&Sao chép"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy)
        self.close_button = self.buttons.addButton(
            self.tr("Đóng"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button.setEnabled(False)
        self.close_button.clicked.connect(self.accept)
        self.written.toggled.connect(self.close_button.setEnabled)
        self.written.toggled.connect(lambda on: on and self.close_button.setDefault(True))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(self.key_label)
        layout.addWidget(self.copied_label)
        layout.addSpacing(8)
        layout.addWidget(self.written)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(640)
        self.written.setFocus()

    def copy(self) -> None:
        """Put the key in the clipboard (taken out again when the dialog closes)."""
        QGuiApplication.clipboard().setText(self._key)
        self._copied = True
        self.copied_label.setText(
            self.tr(
                "Đã chép vào bộ nhớ tạm để dán vào nơi cất giữ; bộ nhớ tạm sẽ được xóa khi "
                "đóng hộp này."
            )
        )
        self.copied_label.show()

    def accept(self) -> None:
        if self.written.isChecked():
            self._forget_copy()
            super().accept()

    def reject(self) -> None:
        """Esc closes only once the key is written down."""
        self.accept()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self.written.isChecked():
            self._forget_copy()
            super().closeEvent(event)
        else:
            event.ignore()

    def _forget_copy(self) -> None:
        clipboard = QGuiApplication.clipboard()
        if self._copied and clipboard.text() == self._key:
            clipboard.clear()
        self._copied = False


def renew_recovery_key(
    parent: QWidget, renew: Callable[[], str], exec_dialog: Callable[[QDialog], int]
) -> None:
    """Tạo khóa khôi phục mới…: after a confirmation, `renew` (the gateway's, which
    changes the data key: an hourglass meanwhile), then the new key shown once."""
    title = QCoreApplication.translate("RecoveryKeyDialog", "Tạo khóa khôi phục mới")
    question = QCoreApplication.translate(
        "RecoveryKeyDialog",
        "Tạo khóa khôi phục mới? Khóa cũ sẽ không mở được dữ liệu nữa. Hãy chuẩn bị giấy bút "
        "để chép khóa mới.",
    )
    if not confirm(parent, title, question):
        return
    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        recovery_key = renew()
    except UserError as error:
        QApplication.restoreOverrideCursor()
        show_refusal(parent, error, title)
        return
    QApplication.restoreOverrideCursor()
    dialog = RecoveryKeyDialog(recovery_key, parent, renewed=True)
    exec_dialog(dialog)
    dialog.deleteLater()

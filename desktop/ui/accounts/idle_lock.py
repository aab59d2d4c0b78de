"""The idle lock: after some minutes without keyboard or mouse the program locks and asks
the same person's password to go on, losing nothing typed.

`IdleWatch` is one application-wide event filter that notes the time of the last input
(a key, a click, a move of the mouse or the wheel) in any window of the program, and a
timer that compares it with the limit now and then; the clock is injectable, so tests
move time on instead of waiting. `LockScreen.lock()` covers every window of the
program, dialogs included, with an opaque panel (their titles too, which may name a
resident) and opens one lock dialog on top, modal for the whole application: nothing
personal stays visible, and nothing is closed, so what was typed in an open dialog is
there after the unlock. Dialogs are not hidden: hiding one that runs its own event loop
(exec) would end it as if Esc had been pressed.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from desktop.domain.errors import UserError
from desktop.ui.widgets.form_dialog import error_line
from desktop.ui.widgets.icons import app_icon

# The events that mean someone is at the keyboard or the mouse.
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
# How often the watch looks at the clock, at most (a lock comes at most this late).
CHECK_EVERY_MS = 10_000
LOCKED_TITLE = "Đèn Khuya — đã khóa"


class IdleWatch(QObject):
    """Says `idle` once the program has had no input for `seconds` (while started)."""

    idle = Signal()

    def __init__(
        self,
        parent: QObject,
        seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self._seconds = seconds
        self._last_input = clock()
        self._watching = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._set_interval()
        application = QApplication.instance()
        assert application is not None
        application.installEventFilter(self)

    @property
    def seconds(self) -> float:
        return self._seconds

    def set_seconds(self, seconds: float) -> None:
        self._seconds = seconds
        self._set_interval()

    def _set_interval(self) -> None:
        self._timer.setInterval(int(min(CHECK_EVERY_MS, max(50, self._seconds * 250))))

    @property
    def watching(self) -> bool:
        return self._watching

    def start(self) -> None:
        """Count from now (after a sign-in or an unlock)."""
        self._last_input = self._clock()
        self._watching = True
        self._timer.start()

    def stop(self) -> None:
        self._watching = False
        self._timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if event.type() in INPUT_EVENTS:
            self._last_input = self._clock()
        return False

    @Slot()
    def check(self) -> None:
        """Say `idle` (once, then stop) when the limit has passed since the last input."""
        if self._watching and self._clock() - self._last_input >= self._seconds:
            self.stop()
            self.idle.emit()

    def uninstall(self) -> None:
        self.stop()
        application = QApplication.instance()
        if application is not None:
            application.removeEventFilter(self)


class LockCover(QWidget):
    """An opaque panel over a whole window, kept at its size while locked."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("lockCover")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_NoMousePropagation)
        layout = QVBoxLayout(self)
        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(72, 72))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        words = QLabel(self.tr("Đèn Khuya đã khóa"), self)
        words.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = words.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        words.setFont(font)
        layout.addStretch(1)
        layout.addWidget(icon)
        layout.addWidget(words)
        layout.addStretch(1)
        self.setGeometry(window.rect())
        window.installEventFilter(self)
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.parent() and event.type() in (
            QEvent.Type.Resize,
            QEvent.Type.ChildAdded,
            QEvent.Type.LayoutRequest,
        ):
            window = self.parentWidget()
            if window is not None:
                self.setGeometry(window.rect())
                self.raise_()
        return False


class LockDialog(QDialog):
    """The lock: whose password unlocks, the password, Mở khóa and Đăng xuất.

    It cannot be closed by Esc or the window's close button: only the password or
    Đăng xuất ends it."""

    def __init__(self, parent: QWidget | None, who: str, minutes: float | None) -> None:
        super().__init__(parent)
        self.setObjectName("lockDialog")
        self.setProperty("help_page", "tai-khoan.html#khoa")  # F1 opens this page
        self.setWindowTitle(LOCKED_TITLE)
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self._may_close = False
        icon = QLabel(self)
        icon.setPixmap(app_icon().pixmap(48, 48))
        title = QLabel(self.tr("Đèn Khuya đã khóa"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        heading = QHBoxLayout()
        heading.addWidget(icon)
        heading.addWidget(title, 1)
        if minutes is None:
            why = self.tr("Màn hình đã được khóa.")
        else:
            why = self.tr("Màn hình tự khóa sau {minutes} phút không dùng.").format(
                minutes=_minutes_text(minutes)
            )
        self.message = QLabel(
            self.tr(
                "{why} Dữ liệu và các cửa sổ đang mở vẫn được giữ nguyên.\n"
                "Đang làm việc: {who}. Nhập mật khẩu của người này để làm tiếp."
            ).format(why=why, who=who),
            self,
        )
        self.message.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Mật khẩu"))
        caption = QLabel(self.tr("&Mật khẩu:"), self)
        caption.setBuddy(self.password)
        row = QHBoxLayout()
        row.addWidget(caption)
        row.addWidget(self.password, 1)
        self.error_label = error_line(self, "lockError")
        self.buttons = QDialogButtonBox(self)
        self.unlock_button = self.buttons.addButton(
            self.tr("Mở &khóa"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.unlock_button.setDefault(True)
        self.sign_out_button = self.buttons.addButton(
            self.tr("Đăng &xuất…"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.sign_out_button.setAutoDefault(False)
        self.sign_out_button.setToolTip(
            self.tr("Đóng Đèn Khuya (hỏi trước về những gì chưa lưu) để người khác đăng nhập")
        )
        layout = QVBoxLayout(self)
        layout.addLayout(heading)
        layout.addWidget(self.message)
        layout.addSpacing(6)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self.password.setFocus()

    def refuse(self, sentence: str, final: bool = False) -> None:
        """Say why the password did not unlock; `final`: only Đăng xuất is left."""
        self.error_label.setText(sentence)
        self.error_label.show()
        self.password.clear()
        if final:
            self.password.setEnabled(False)
            self.unlock_button.setEnabled(False)
            self.sign_out_button.setDefault(True)
            self.sign_out_button.setFocus()
        else:
            self.password.setFocus()

    def finish(self) -> None:
        """Close for good (unlocked or signing out)."""
        self._may_close = True
        self.hide()

    def reject(self) -> None:
        """Esc does not end the lock."""
        if self._may_close:
            super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Escape:
            self.password.clear()  # Esc starts the password again
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt's name)
        if self._may_close:
            super().closeEvent(event)
        else:
            event.ignore()


def _minutes_text(minutes: float) -> str:
    return f"{minutes:g}".replace(".", ",")


class LockScreen(QObject):
    """Locks and unlocks the program's windows for `window`.

    `check_password(text)` is AccountsGateway.check_password: True unlocks, False says
    the password is wrong, a UserError (the account was disabled or locked meanwhile;
    the person is signed out) leaves only Đăng xuất. `sign_out_requested` asks the
    window to close (the window asks about unsaved work; the covers stay meanwhile).
    """

    unlocked = Signal()
    sign_out_requested = Signal()

    def __init__(
        self,
        window: QWidget,
        check_password: Callable[[str], bool],
        who: Callable[[], str],
    ) -> None:
        super().__init__(window)
        self._window = window
        self._check_password = check_password
        self._who = who
        self.dialog: LockDialog | None = None
        self._covers: list[tuple[QWidget, LockCover, str]] = []
        self._focus: QWidget | None = None
        self._signing_out = False  # the questions about unsaved work are not covered

    @property
    def locked(self) -> bool:
        return self.dialog is not None

    def lock(self, minutes: float | None = None) -> None:
        """Cover every window and ask for the password (nothing when already locked)."""
        if self.locked:
            return
        self._focus = QApplication.focusWidget()
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()  # an open menu or list of choices
        QToolTip.hideText()
        for window in QApplication.topLevelWidgets():
            if _to_cover(window):
                self._cover(window)
        dialog = LockDialog(self._window, self._who(), minutes)
        dialog.unlock_button.clicked.connect(self._try_unlock)
        dialog.sign_out_button.clicked.connect(self._sign_out)
        self.dialog = dialog
        application = QApplication.instance()
        assert application is not None
        application.installEventFilter(self)  # windows that open while locked
        self._bring_forward()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        """A window that opens while locked (a background task's message) is covered
        too, and the lock comes back in front of it."""
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and self.dialog is not None
            and watched is not self.dialog
            and _to_cover(watched)
            and watched not in self.covered_windows()
            and watched.parentWidget() is not self.dialog  # the lock's own (F1's guide)
            and not self._signing_out
        ):
            self._cover(watched)
            QTimer.singleShot(0, self._bring_forward)
        return False

    def _bring_forward(self) -> None:
        dialog = self.dialog
        if dialog is None:
            return
        dialog.hide()  # shown again: in front of every other window, modal ones too
        dialog.show()
        dialog.activateWindow()
        if dialog.password.isEnabled():
            dialog.password.setFocus()

    def _cover(self, window: QWidget) -> None:
        cover = LockCover(window)
        self._covers.append((window, cover, window.windowTitle()))
        window.setWindowTitle(LOCKED_TITLE)

    def covered_windows(self) -> list[QWidget]:
        return [window for window, _cover, _title in self._covers]

    @Slot()
    def _try_unlock(self) -> None:
        dialog = self.dialog
        if dialog is None or not dialog.password.isEnabled():
            return
        password = dialog.password.text()
        if not password:
            dialog.refuse(self.tr("Hãy nhập mật khẩu."))
            return
        try:
            right = self._check_password(password)
        except UserError as error:
            dialog.refuse(str(error), final=True)
            return
        if not right:
            dialog.refuse(self.tr("Mật khẩu không đúng."))
            return
        self.unlock()

    def unlock(self) -> None:
        """Take the covers away and give the focus back where it was."""
        self.release()
        focus = self._focus
        self._focus = None
        if focus is not None and _alive(focus):
            focus.window().activateWindow()
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.unlocked.emit()

    def release(self, uncover: bool = True) -> None:
        """End the lock: unlocked, or (`uncover` False) the program is closing and the
        covers stay on what is left of it until it is gone."""
        if self.dialog is not None:
            self.dialog.finish()
            self.dialog.deleteLater()
            self.dialog = None
        application = QApplication.instance()
        if application is not None:
            application.removeEventFilter(self)
        if uncover:
            self._uncover()

    def _uncover(self) -> None:
        for window, cover, title in reversed(self._covers):
            if _alive(window):
                window.removeEventFilter(cover)
                window.setWindowTitle(title)
            if _alive(cover):
                cover.hide()
                cover.deleteLater()
        self._covers.clear()

    @Slot()
    def _sign_out(self) -> None:
        """Đăng xuất: the lock dialog steps aside (the covers stay) while the window
        closes and asks about unsaved work; if the person keeps something open, the
        lock comes back."""
        dialog = self.dialog
        if dialog is None:
            return
        self._signing_out = True
        dialog.hide()
        try:
            self.sign_out_requested.emit()
        finally:
            self._signing_out = False
        if self.dialog is dialog and _alive(self._window) and self._window.isVisible():
            self._bring_forward()  # something was kept open: still locked


def _to_cover(window: QWidget) -> bool:
    if not window.isWindow() or not window.isVisible():
        return False
    kind = window.windowType()
    return kind not in (Qt.WindowType.ToolTip, Qt.WindowType.Popup, Qt.WindowType.SplashScreen)


def _alive(widget: QObject) -> bool:
    return Shiboken.isValid(widget)

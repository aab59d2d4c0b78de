"""The search field above the household list: debounced, cleared with Esc."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from desktop.ui.widgets.icons import icon

DEBOUNCE_MS = 250


class SearchBox(QLineEdit):
    """Emits `search_requested(text)` once typing pauses (250 ms) or at once on Enter.

    Esc clears the field; Enter and Down ask to move on to the list (`leave_requested`).
    """

    search_requested = Signal(str)
    leave_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setPlaceholderText(
            self.tr("Tìm theo tên, số định danh, số điện thoại, địa chỉ… (Ctrl+F)")
        )
        self.setClearButtonEnabled(True)
        self.addAction(icon("search"), QLineEdit.ActionPosition.LeadingPosition)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.textChanged.connect(lambda _text: self._timer.start())
        self.returnPressed.connect(self._enter)

    def search_now(self) -> None:
        """Ask for the search without waiting for the pause."""
        self._timer.stop()
        self.search_requested.emit(self.search_text())

    def search_text(self) -> str:
        """What to search for: the text typed, or "" while it holds no letter or digit."""
        text = self.text().strip()
        return text if any(ch.isalnum() for ch in text) else ""

    @property
    def pending(self) -> bool:
        """True while a typed change waits for the pause."""
        return self._timer.isActive()

    def _enter(self) -> None:
        self.search_now()
        self.leave_requested.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            self.search_now()
            return
        if event.key() == Qt.Key.Key_Down:
            if self.pending:
                self.search_now()
            self.leave_requested.emit()
            return
        super().keyPressEvent(event)

"""Buttons whose Alt key acts at once.

Qt answers a button's mnemonic (Alt+letter) by focusing the button and clicking it
100 ms later ("animated click"): an officer who types Alt+G and then the next keys at
once sees those keys land on the button, or the click land after them. The filter here
clicks at once and leaves the focus where the typing is.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QShortcutEvent
from PySide6.QtWidgets import QAbstractButton


class InstantMnemonics(QObject):
    """Watches buttons; `clicked(button)` after a mnemonic clicked one."""

    clicked = Signal(QAbstractButton)

    def __init__(self, buttons: Iterable[QAbstractButton], parent: QObject) -> None:
        super().__init__(parent)
        for button in buttons:
            button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.Shortcut or not isinstance(watched, QAbstractButton):
            return super().eventFilter(watched, event)
        assert isinstance(event, QShortcutEvent)
        if event.isAmbiguous() or not watched.isEnabled():
            return False  # Qt moves between the buttons sharing the letter
        watched.click()
        self.clicked.emit(watched)
        return True

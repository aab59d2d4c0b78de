"""F1 anywhere in the program opens the user guide at the page for the window in front.

`HelpKey(main_window)` watches which window has the focus and gives each window it
has not seen yet an F1 shortcut (a window that answers F1 itself, like the main window
with its Trợ giúp menu, is left alone). F1 then opens the guide at the page the focused
widget or its window names (desktop.ui.help.pages.page_for). The guide opens as a
window of the window in front, so a dialog that blocks the others (a modal one) does
not block it; one guide is kept open, moved to the window F1 was pressed in.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QWidget

from desktop.ui.help.help_window import HelpWindow
from desktop.ui.help.pages import page_for

HELP_KEY = QKeySequence(Qt.Key.Key_F1)
_WATCHED = "_help_key_watched"


def answers_f1(window: QWidget) -> bool:
    """Whether the window already has an action of its own on F1."""
    return any(HELP_KEY in action.shortcuts() for action in window.actions())


def in_the_guide(window: QWidget) -> bool:
    """Whether the window is the guide or one of its own (a picture shown full size)."""
    current: QWidget | None = window
    while current is not None:
        if isinstance(current, HelpWindow):
            return True
        current = current.parentWidget()
    return False


class HelpKey(QObject):
    """Gives every window of the program F1 for the guide; keeps the guide window."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.window: HelpWindow | None = None
        application = QApplication.instance()
        assert isinstance(application, QApplication)
        application.focusChanged.connect(self._focus_changed)

    @Slot(QWidget, QWidget)
    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None:
            self.watch(new.window())

    def watch(self, window: QWidget) -> None:
        """Give the window F1 (once), unless it is (part of) the guide or answers F1
        itself."""
        if window.property(_WATCHED) or in_the_guide(window):
            return
        window.setProperty(_WATCHED, True)
        if answers_f1(window):
            return
        shortcut = QShortcut(HELP_KEY, window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(self._pressed)

    @Slot()
    def _pressed(self) -> None:
        shortcut = self.sender()
        assert isinstance(shortcut, QShortcut)
        window = shortcut.parent()
        assert isinstance(window, QWidget)
        self.open_for(window)

    def open_for(self, window: QWidget) -> HelpWindow:
        """Open the guide at the page for what has the focus in `window` (or the window)."""
        focused = QApplication.focusWidget()
        start = focused if focused is not None and focused.window() is window else window
        page = page_for(start)
        guide = self.window
        if guide is None or guide.parentWidget() is not window:
            if guide is not None:
                guide.destroyed.disconnect(self._forget)
                guide.close()  # and deleted: the guide belongs to the window it opened on
            guide = HelpWindow(window)
            guide.destroyed.connect(self._forget)
            self.window = guide
        guide.open_page(page)
        guide.show()
        guide.raise_()
        guide.activateWindow()
        return guide

    @Slot()
    def _forget(self) -> None:
        self.window = None

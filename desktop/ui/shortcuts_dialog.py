"""Trợ giúp → Phím tắt: every shortcut of the window, read from its menus' actions, so
the list is always the one the program answers to."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMenu,
    QMenuBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)


def plain(text: str) -> str:
    """A menu text as read: no & marks, no trailing "…"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def shortcut_rows(menu_bar: QMenuBar) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(menu, [(action, keys)])] for every action of every menu that has a shortcut,
    in menu order; keys as Qt writes them on this system ("Ctrl+F", "Del")."""
    rows: list[tuple[str, list[tuple[str, str]]]] = []
    for menu_action in menu_bar.actions():
        menu = menu_action.menu()
        if not isinstance(menu, QMenu):
            continue
        found = [
            (plain(action.text()), _keys(action))
            for action in menu.actions()
            if not action.isSeparator() and action.shortcuts()
        ]
        if found:
            rows.append((plain(menu.title()), found))
    return rows


def _keys(action: QAction) -> str:
    return ", ".join(
        sequence.toString(QKeySequence.SequenceFormat.NativeText) for sequence in action.shortcuts()
    )


class ShortcutsDialog(QDialog):
    """The window's shortcuts by menu, with what each does."""

    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "phim-tat.html")  # F1 opens this page
        self.setWindowTitle(self.tr("Phím tắt"))
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([self.tr("Việc"), self.tr("Phím")])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        for menu, actions in shortcut_rows(menu_bar):
            heading = QTreeWidgetItem(self.tree, [menu, ""])
            font = heading.font(0)
            font.setBold(True)
            heading.setFont(0, font)
            heading.setFirstColumnSpanned(True)
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for text, keys in actions:
                QTreeWidgetItem(heading, [text, keys])
        self.tree.expandAll()
        self.tree.setItemsExpandable(False)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(520, 600)

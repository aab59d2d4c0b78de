"""Trợ giúp → Phím tắt lists every shortcut of the window, read from the actions."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence

from desktop.ui.main_window import MainWindow
from desktop.ui.shortcuts_dialog import ShortcutsDialog, shortcut_rows


@pytest.fixture
def window(qtbot, database, today, runner, small_ward) -> MainWindow:
    main = MainWindow(database, today=lambda: today, runner=runner)
    qtbot.addWidget(main)
    return main


def test_the_list_holds_every_shortcut_of_every_menu(window):
    rows = dict(shortcut_rows(window.menuBar()))
    assert ("Thêm hộ", "Ctrl+N") in rows["Hộ gia đình"]
    assert ("Nhập kết quả đêm", "Ctrl+K") in rows["Chiến dịch"]
    assert ("Phím tắt", "Ctrl+/") in rows["Trợ giúp"]
    listed = {keys for actions in rows.values() for _, keys in actions}
    in_menus = {
        action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        for menu in window.menuBar().findChildren(type(window.menuBar().actions()[0].menu()))
        for action in menu.actions()
        if not action.shortcut().isEmpty()
    }
    assert in_menus <= listed


def test_help_opens_the_shortcuts_dialog(window):
    shown = []
    window.campaign.exec_dialog = lambda dialog: shown.append(dialog) or 0
    window.commands.shortcuts.trigger()
    (dialog,) = shown
    assert isinstance(dialog, ShortcutsDialog)
    assert dialog.tree.topLevelItemCount() == len(shortcut_rows(window.menuBar()))

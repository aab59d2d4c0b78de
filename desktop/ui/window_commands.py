"""The main window's actions, and the menus, toolbar and context menus that show them.

Shortcuts follow what duty officers expect: Ctrl+N adds a household, Ctrl+Shift+N a
person, F2 or Enter edits and Del deletes whatever list has the focus (the household
list or the residents), Ctrl+F jumps to the search, Ctrl+I imports, Ctrl+E exports.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QPoint, QSize, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

from desktop.ui.icons import icon
from desktop.ui.table_views import ListView


class CommandTarget(Protocol):
    """What the actions call: the main window's command methods."""

    def export_residents(self) -> None: ...
    def import_households(self) -> None: ...
    def close(self) -> bool: ...
    def add_household(self) -> None: ...
    def edit_household(self) -> None: ...
    def delete_household(self) -> None: ...
    def focus_search(self) -> None: ...
    def load(self) -> None: ...
    def add_resident(self) -> None: ...
    def edit_resident(self) -> None: ...
    def delete_resident(self) -> None: ...
    def make_head(self) -> None: ...
    def show_about(self) -> None: ...


Shortcut = QKeySequence | QKeySequence.StandardKey | str | None


class WindowCommands(QObject):
    """Every action of the main window, built once and shared by menu, toolbar and lists."""

    def __init__(
        self,
        window: QMainWindow,
        target: CommandTarget,
        household_view: ListView,
        resident_view: ListView,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._household_view = household_view
        self._resident_view = resident_view
        households, residents = household_view, resident_view
        self.export = self._action(
            self.tr("&Xuất danh sách nhân khẩu…"),
            target.export_residents,
            "Ctrl+E",
            "export",
            self.tr("Ghi toàn bộ nhân khẩu ra tệp Excel (.xlsx) hoặc CSV (Ctrl+E)"),
        )
        self.import_households = self._action(
            self.tr("&Nhập danh sách hộ từ Excel…"),
            target.import_households,
            "Ctrl+I",
            "import",
            self.tr("Nạp danh sách hộ, nhân khẩu từ tệp Excel của phường (Ctrl+I)"),
        )
        self.quit = self._action(self.tr("&Thoát"), target.close, "Ctrl+Q")
        self.add_household = self._action(
            self.tr("&Thêm hộ…"),
            target.add_household,
            "Ctrl+N",
            "household-add",
            self.tr("Thêm một hộ gia đình mới rồi nhập chủ hộ (Ctrl+N)"),
        )
        self.edit_household = self._action(
            self.tr("&Sửa hộ…"),
            target.edit_household,
            "F2",
            "household-edit",
            self.tr("Sửa địa chỉ, tọa độ của hộ đang chọn (F2 hoặc Enter)"),
            households,
        )
        self.delete_household = self._action(
            self.tr("&Xóa hộ…"),
            target.delete_household,
            QKeySequence.StandardKey.Delete,
            "delete",
            self.tr("Xóa hộ đang chọn cùng các nhân khẩu (Del)"),
            households,
        )
        self.find = self._action(
            self.tr("&Tìm…"), target.focus_search, QKeySequence.StandardKey.Find, "search"
        )
        self.refresh = self._action(
            self.tr("&Làm mới"), target.load, QKeySequence.StandardKey.Refresh, "refresh"
        )
        self.add_resident = self._action(
            self.tr("&Thêm nhân khẩu…"),
            target.add_resident,
            "Ctrl+Shift+N",
            "person-add",
            self.tr("Thêm một người vào hộ đang chọn (Ctrl+Shift+N)"),
        )
        self.edit_resident = self._action(
            self.tr("&Sửa nhân khẩu…"),
            target.edit_resident,
            "F2",
            "person-edit",
            self.tr("Sửa thông tin người đang chọn (F2 hoặc Enter trong danh sách nhân khẩu)"),
            residents,
        )
        self.delete_resident = self._action(
            self.tr("&Xóa nhân khẩu…"),
            target.delete_resident,
            QKeySequence.StandardKey.Delete,
            "delete",
            self.tr("Xóa người đang chọn khỏi hộ (Del trong danh sách nhân khẩu)"),
            residents,
        )
        self.make_head = self._action(
            self.tr("Đặt làm &chủ hộ…"),
            target.make_head,
            None,
            "person-head",
            self.tr("Đặt người đang chọn làm chủ hộ"),
        )
        self.about = self._action(self.tr("&Giới thiệu Đèn Khuya"), target.show_about)
        household_view.customContextMenuRequested.connect(self._household_menu)
        resident_view.customContextMenuRequested.connect(self._resident_menu)

    def _action(
        self,
        text: str,
        slot: Callable[[], object],
        shortcut: Shortcut = None,
        icon_name: str | None = None,
        tip: str = "",
        widget: QWidget | None = None,
    ) -> QAction:
        """An action; with `widget`, its shortcut works only while that list has focus."""
        action = QAction(icon(icon_name) if icon_name else QIcon(), text, self._window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        if widget is not None:
            # F2 and Del mean "this household" in one list and "this person" in the other.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            widget.addAction(action)
        else:
            self._window.addAction(action)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def fill_menu_bar(self) -> None:
        """Tệp, Hộ gia đình, Nhân khẩu, Trợ giúp: every action with its shortcut shown."""
        menus = self._window.menuBar()
        self._menu(
            menus.addMenu(self.tr("&Tệp")),
            [self.import_households, self.export, None, self.quit],
        )
        self._menu(
            menus.addMenu(self.tr("&Hộ gia đình")),
            [
                self.add_household,
                self.edit_household,
                self.delete_household,
                None,
                self.find,
                self.refresh,
            ],
        )
        self._menu(
            menus.addMenu(self.tr("&Nhân khẩu")),
            [self.add_resident, self.edit_resident, self.delete_resident, None, self.make_head],
        )
        self._menu(menus.addMenu(self.tr("Trợ &giúp")), [self.about])

    def make_toolbar(self) -> QToolBar:
        """The most common actions, with words beside the icons."""
        toolbar = QToolBar(self.tr("Thanh công cụ"), self._window)
        toolbar.setObjectName("mainToolbar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QSize(22, 22))
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self._menu(
            toolbar,
            [
                self.add_household,
                self.edit_household,
                None,
                self.add_resident,
                self.edit_resident,
                self.make_head,
                None,
                self.export,
            ],
        )
        return toolbar

    @staticmethod
    def _menu(menu: QMenu | QToolBar, actions: list[QAction | None]) -> None:
        for action in actions:
            if action is None:
                menu.addSeparator()
            else:
                menu.addAction(action)

    def _household_menu(self, position: QPoint) -> None:
        self._popup(
            self._household_view,
            position,
            [self.edit_household, self.add_resident, None, self.delete_household],
        )

    def _resident_menu(self, position: QPoint) -> None:
        self._popup(
            self._resident_view,
            position,
            [self.edit_resident, self.make_head, None, self.delete_resident],
        )

    def _popup(self, view: ListView, position: QPoint, actions: list[QAction | None]) -> None:
        index = view.indexAt(position)
        if index.isValid():
            view.setCurrentIndex(index)
        menu = QMenu(self._window)
        self._menu(menu, actions)
        menu.exec(view.viewport().mapToGlobal(position))

"""The main window's actions, and the menus, toolbar and context menus that show them.

Shortcuts follow what duty officers expect: Ctrl+N adds a household, Ctrl+Shift+N a
person, F2 or Enter edits and Del deletes whatever list has the focus (the household
list or the residents), Ctrl+F jumps to the search, Ctrl+I imports, Ctrl+E exports.
The campaign's evening work: Ctrl+K types in the night's walk sheets, Ctrl+M marks the
level-2 approval list, Ctrl+J shows who to go back to; Ctrl+1 and Ctrl+2 switch between
the register and the dashboard.

Room is kept in the "Chiến dịch" menu for the route planner and the reports: insert
their actions before `campaign_setup_separator` (Ctrl+L and Ctrl+R are left free for
"Lập tuyến đêm nay…" and "Báo cáo…").

What the role of the person signed in may not use is hidden, not just greyed
(`show_allowed`, after the menus are built and again after a sign-in); the services
refuse it too. The "Tài khoản" menu holds the accounts, one's own password, the
recovery key, the first administrator while no account exists, and Ctrl+Shift+L to
lock the screen at once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, QPoint, QSize, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QWidget

from desktop.domain import roles
from desktop.services import signed_in
from desktop.ui.widgets.icons import icon
from desktop.ui.widgets.table_views import ListView


class CommandTarget(Protocol):
    """What the actions call: the main window's command methods."""

    def export_residents(self) -> None: ...
    def import_households(self) -> None: ...
    def backup_data(self) -> None: ...
    def restore_data(self) -> None: ...
    def show_audit_trail(self) -> None: ...
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
    def show_shortcuts(self) -> None: ...
    def show_help(self) -> None: ...
    def refresh_all(self) -> None: ...
    def show_registry(self) -> None: ...
    def show_dashboard(self) -> None: ...
    def enter_visits(self) -> None: ...
    def approve_level2(self) -> None: ...
    def show_revisits(self) -> None: ...
    def edit_shifts(self) -> None: ...
    def edit_teams(self) -> None: ...
    def edit_campaigns(self) -> None: ...
    def plan_routes(self) -> None: ...
    def make_report(self) -> None: ...
    def edit_report_settings(self) -> None: ...
    def manage_accounts(self) -> None: ...
    def change_own_password(self) -> None: ...
    def renew_recovery_key(self) -> None: ...
    def create_first_account(self) -> None: ...
    def set_up_first_start(self) -> None: ...
    def lock_now(self) -> None: ...


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
        self.backup = self._action(
            self.tr("&Sao lưu dữ liệu…"),
            target.backup_data,
            None,
            None,
            self.tr("Chép toàn bộ dữ liệu ra một tệp (ổ USB) để cất giữ"),
        )
        self.restore = self._action(
            self.tr("&Khôi phục từ bản sao lưu…"),
            target.restore_data,
            None,
            None,
            self.tr("Thay dữ liệu đang dùng bằng một bản sao lưu (dữ liệu hiện tại được giữ lại)"),
        )
        self.audit_trail = self._action(
            self.tr("Nhật ký t&hao tác…"),
            target.show_audit_trail,
            None,
            None,
            self.tr("Ai đã xem, sửa, xuất dữ liệu gì và lúc nào; xuất cho đoàn kiểm tra"),
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
            self.tr("&Làm mới"), target.refresh_all, QKeySequence.StandardKey.Refresh, "refresh"
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
        self.shortcuts = self._action(
            self.tr("&Phím tắt…"),
            target.show_shortcuts,
            "Ctrl+/",
            None,
            self.tr("Mọi phím tắt của cửa sổ, theo từng trình đơn"),
        )
        self.help = self._action(
            self.tr("&Hướng dẫn sử dụng"),
            target.show_help,
            "F1",
            None,
            self.tr("Hướng dẫn sử dụng, mở đúng trang của cửa sổ đang dùng (F1)"),
        )
        self.about = self._action(self.tr("&Giới thiệu Đèn Khuya"), target.show_about)
        self._campaign_actions(target)
        self._account_actions(target)
        household_view.customContextMenuRequested.connect(self._household_menu)
        resident_view.customContextMenuRequested.connect(self._resident_menu)

    def _campaign_actions(self, target: CommandTarget) -> None:
        self.show_registry = self._action(
            self.tr("Sổ &hộ dân"),
            target.show_registry,
            "Ctrl+1",
            None,
            self.tr("Xem sổ hộ dân và nhân khẩu (Ctrl+1)"),
        )
        self.show_dashboard = self._action(
            self.tr("Bảng theo dõi &chiến dịch"),
            target.show_dashboard,
            "Ctrl+2",
            None,
            self.tr("Xem kết quả đêm nay, tiến độ chỉ tiêu và biểu đồ (Ctrl+2)"),
        )
        self.enter_visits = self._action(
            self.tr("Nhập &kết quả đêm…"),
            target.enter_visits,
            "Ctrl+K",
            "visit-entry",
            self.tr("Nhập phiếu đi của các tổ: kết quả từng hộ, từng người (Ctrl+K)"),
        )
        self.approve_level2 = self._action(
            self.tr("&Duyệt mức 2…"),
            target.approve_level2,
            "Ctrl+M",
            "approve",
            self.tr("Đánh dấu những người trong danh sách phê duyệt đã kích hoạt mức 2 (Ctrl+M)"),
        )
        self.show_revisits = self._action(
            self.tr("Danh sách cần &quay lại"),
            target.show_revisits,
            "Ctrl+J",
            None,
            self.tr("Các hộ và người vắng, hẹn quay lại, cần làm CCCD trước (Ctrl+J)"),
        )
        self.edit_shifts = self._action(
            self.tr("&Ca trực…"),
            target.edit_shifts,
            None,
            None,
            self.tr("Lập, sửa, xóa ca trực của một đêm"),
        )
        self.edit_teams = self._action(
            self.tr("&Tổ công tác…"),
            target.edit_teams,
            None,
            None,
            self.tr("Tổ công tác và thành viên: vai trò, cấp bậc, đơn vị, điện thoại"),
        )
        self.edit_campaigns = self._action(
            self.tr("C&hiến dịch…"),
            target.edit_campaigns,
            None,
            None,
            self.tr("Tên, thời gian, công việc theo dõi và chỉ tiêu; chọn chiến dịch hiện tại"),
        )
        self.plan_routes = self._action(
            self.tr("&Lập tuyến đêm nay…"),
            target.plan_routes,
            "Ctrl+L",
            "route",
            self.tr("Chọn hộ và thứ tự đi cho từng tổ, in phiếu đi bộ (Ctrl+L)"),
        )
        self.make_report = self._action(
            self.tr("&Báo cáo…"),
            target.make_report,
            "Ctrl+R",
            "report",
            self.tr("Báo cáo ngày, báo cáo kết quả, danh sách còn phải làm; tổng hợp (Ctrl+R)"),
        )
        self.edit_report_settings = self._action(
            self.tr("Thiết lập &báo cáo…"),
            target.edit_report_settings,
            None,
            None,
            self.tr("Cơ quan, số ký hiệu, nơi nhận, người ký in trên mọi báo cáo"),
        )

    def _account_actions(self, target: CommandTarget) -> None:
        self.manage_accounts = self._action(
            self.tr("&Quản lý tài khoản…"),
            target.manage_accounts,
            None,
            None,
            self.tr("Thêm, sửa, tắt tài khoản; đặt lại mật khẩu; thời gian tự khóa màn hình"),
        )
        self.change_own_password = self._action(
            self.tr("Đổi &mật khẩu của tôi…"),
            target.change_own_password,
            None,
            None,
            self.tr("Đổi mật khẩu của tài khoản đang đăng nhập"),
        )
        self.renew_recovery_key = self._action(
            self.tr("Tạo khóa khôi phục &mới…"),
            target.renew_recovery_key,
            None,
            None,
            self.tr("Khi khóa khôi phục cũ bị mất hoặc bị người khác nhìn thấy"),
        )
        self.create_first_account = self._action(
            self.tr("Tạo tài khoản &quản trị…"),
            target.create_first_account,
            None,
            None,
            self.tr("Từ nay mọi người đăng nhập bằng tài khoản riêng; dữ liệu được mã hóa"),
        )
        self.first_start = self._action(
            self.tr("Thiết lập &ban đầu…"),
            target.set_up_first_start,
            None,
            None,
            self.tr("Đơn vị, trụ sở, tên cơ quan trên báo cáo, tài khoản quản trị"),
        )
        self.lock_now = self._action(
            self.tr("&Khóa màn hình"),
            target.lock_now,
            "Ctrl+Shift+L",
            None,
            self.tr("Che mọi cửa sổ ngay; nhập lại mật khẩu để làm tiếp (Ctrl+Shift+L)"),
        )

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
        """Tệp, Hộ gia đình, Nhân khẩu, Chiến dịch, Xem, Trợ giúp: every action with its
        shortcut shown."""
        menus = self._window.menuBar()
        self._menu(
            menus.addMenu(self.tr("&Tệp")),
            [self.first_start, None, self.import_households, self.export, None, self.backup,
             self.restore, None, self.audit_trail, None, self.quit],
        )  # fmt: skip
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
        self.campaign_menu = menus.addMenu(self.tr("&Chiến dịch"))
        self._menu(
            self.campaign_menu,
            [self.enter_visits, self.approve_level2, self.show_revisits],
        )
        # The planner's and the reports' actions go between these two separators.
        self.campaign_plan_separator = self.campaign_menu.addSeparator()
        self._menu(self.campaign_menu, [self.plan_routes, self.make_report])
        self.campaign_setup_separator = self.campaign_menu.addSeparator()
        self._menu(
            self.campaign_menu,
            [self.edit_shifts, self.edit_teams, self.edit_campaigns, self.edit_report_settings],
        )
        self._menu(menus.addMenu(self.tr("&Xem")), [self.show_registry, self.show_dashboard])
        self.account_menu = menus.addMenu(self.tr("Tài &khoản"))
        self._menu(
            self.account_menu,
            [self.manage_accounts, self.change_own_password, self.renew_recovery_key,
             self.create_first_account, None, self.lock_now],
        )  # fmt: skip
        self._menu(
            menus.addMenu(self.tr("Trợ &giúp")), [self.help, self.shortcuts, None, self.about]
        )
        self.show_allowed()

    def _permissions(self) -> dict[QAction, str]:
        """Each action a role may be refused, and the permission it needs."""
        edit = roles.REGISTER_EDIT
        campaigns = roles.CAMPAIGNS
        return {
            self.export: roles.EXPORT,
            self.import_households: edit,
            self.backup: roles.BACKUP,
            self.restore: roles.RESTORE,
            self.audit_trail: roles.AUDIT_VIEW,
            self.add_household: edit,
            self.edit_household: edit,
            self.delete_household: edit,
            self.add_resident: edit,
            self.edit_resident: edit,
            self.delete_resident: edit,
            self.make_head: edit,
            self.find: roles.REGISTER_VIEW,
            self.show_registry: roles.REGISTER_VIEW,
            self.show_dashboard: roles.DASHBOARD,
            self.enter_visits: roles.VISIT_ENTRY,
            self.approve_level2: roles.APPROVALS,
            self.show_revisits: campaigns,
            self.edit_shifts: campaigns,
            self.edit_teams: campaigns,
            self.edit_campaigns: campaigns,
            self.plan_routes: campaigns,
            self.make_report: roles.REPORTS,
            self.edit_report_settings: roles.REPORTS,
            self.manage_accounts: roles.MANAGE_ACCOUNTS,
            self.first_start: roles.MANAGE_ACCOUNTS,  # administrators, or while no account
        }

    def show_allowed(self, encrypted: bool = False) -> None:
        """Show only what the person signed in may use (signed_in.may); a menu left
        with nothing to offer is hidden as well. `encrypted`: the data is encrypted
        (a new recovery key is then offered to administrators)."""
        for action, permission in self._permissions().items():
            action.setVisible(signed_in.may(permission))
        someone = signed_in.current() is not None
        self.manage_accounts.setVisible(someone and signed_in.may(roles.MANAGE_ACCOUNTS))
        self.change_own_password.setVisible(someone)
        self.lock_now.setVisible(someone)
        self.renew_recovery_key.setVisible(
            someone and encrypted and signed_in.may(roles.MANAGE_ACCOUNTS)
        )
        self.create_first_account.setVisible(not signed_in.accounts_exist())
        for menu in self._window.menuBar().findChildren(QMenu):
            if menu.parent() is self._window.menuBar():
                shown = any(a.isVisible() and not a.isSeparator() for a in menu.actions())
                menu.menuAction().setVisible(shown)

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
                None,
                self.plan_routes,
                self.enter_visits,
                self.approve_level2,
                self.make_report,
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

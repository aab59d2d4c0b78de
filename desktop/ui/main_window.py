"""The main window, the shell around two tabs: "Hộ dân" (RegisterView, the register) and
"Chiến dịch" (DashboardView, the campaign at a glance).

The shell holds what is the window's rather than a tab's: the menus and toolbar
(WindowCommands), the status bar, backups (by hand and the daily automatic copy), the
export, the import wizard, the demo ward, the "Chiến dịch" menu's dialogs
(CampaignCommands), the planning window, the report dialogs and the about box. The
register view tells it through signals what to show (the ward in the title, the status
bar's texts) and when the actions' state may have changed; the register's commands
are the view's, called through thin methods here that WindowCommands' actions reach.

Saved visits and approvals change residents' statuses, so both the register and the
dashboard read again afterwards (the dashboard when it is shown).

Who is working is in the status bar ("Đang làm việc: …"), and what their role may not
use is hidden (show_allowed): menu items, toolbar buttons, the campaign tab, the
register's edit commands (a resident then opens read-only). The account commands and
the idle lock are AccountCommands'; the lock's Đăng xuất closes the window the way
closing it does, asking about unsaved work first.
"""

from __future__ import annotations

import importlib.util
import time
from collections.abc import Callable
from datetime import date
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTabWidget,
    QWidget,
)

from desktop.domain import roles
from desktop.domain.person import is_head
from desktop.services import signed_in
from desktop.services.database import Database
from desktop.services.progress import Progress
from desktop.services.registry import HouseholdRow, ResidentRow
from desktop.ui.accounts.commands import AccountCommands
from desktop.ui.automatic_backup import AUTOMATIC_DELAY_MS, AutomaticBackup
from desktop.ui.backup_actions import BackupActions
from desktop.ui.campaign.commands import CampaignCommands
from desktop.ui.campaign.dashboard_view import DashboardView
from desktop.ui.campaign.gateway import CampaignGateway
from desktop.ui.help.help_key import HelpKey
from desktop.ui.registry.export_action import ResidentExport
from desktop.ui.registry.gateway import RegistryGateway, WardHeader
from desktop.ui.registry.register_view import RegisterView
from desktop.ui.widgets.icons import app_icon
from desktop.ui.widgets.messages import show_task_error
from desktop.ui.widgets.progress_job import ProgressJob
from desktop.ui.widgets.task_runner import TaskRunner
from desktop.ui.window_commands import WindowCommands

# The demo ward offered on an empty database: the size `denkhuya demo` makes by default.
DEMO_HOUSEHOLDS = 2500


class MainWindow(QMainWindow):
    """The duty desk's window onto the ward's register and the campaign."""

    def __init__(
        self,
        database: Database,
        *,
        today: Callable[[], date] = date.today,
        runner: TaskRunner | None = None,
        parent: QWidget | None = None,
        idle_lock_seconds: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """`idle_lock_seconds`: how long without input locks the window (default: the
        ward's setting, 15 minutes); `clock` counts it (tests move it on by hand)."""
        super().__init__(parent)
        self.database = database
        self.gateway = RegistryGateway(database, today)
        self.runner = runner or TaskRunner(self)
        self.exporter = ResidentExport(self, self.gateway, self.runner)
        self.backups = BackupActions(self, database, self.runner, self._let_go_of_database)
        self.backups.data_replaced.connect(self._after_restore)
        self.automatic_backup = AutomaticBackup(self, database, self.runner)
        self.automatic_backup.made.connect(self._automatic_backup_made)
        self._automatic_backup_wanted = False
        self.accounts = AccountCommands(self, database, self.runner, idle_lock_seconds, clock)
        self.accounts.signed_in_changed.connect(self.show_allowed)
        self.accounts.sign_out_requested.connect(self.sign_out_from_lock)
        self.campaign_gateway = CampaignGateway(database, today)
        self.campaign = CampaignCommands(self, self.campaign_gateway)
        self._planning_window: QWidget | None = None
        self.campaign.results_changed.connect(self._after_results)
        self.campaign.setup_changed.connect(self._after_campaign_setup)
        self.campaign.household_requested.connect(self.show_household)
        self._dashboard_stale = True  # read when the tab is first shown
        self.help_key = HelpKey(self)  # F1 in every window opens the guide at its page
        self.setWindowIcon(app_icon())
        self.setWindowTitle(self.tr("Đèn Khuya"))
        self.resize(1280, 700)
        self._build_tabs()
        self.commands = WindowCommands(self, self, self.household_view, self.resident_view)
        self.commands.fill_menu_bar()
        self.addToolBar(self.commands.make_toolbar())
        self._build_status_bar()
        self.show_allowed()
        self.load()
        self.search_box.setFocus()  # where the evening starts: finding a household

    # Building --------------------------------------------------------------------------

    def _build_tabs(self) -> None:
        demo_available = importlib.util.find_spec("desktop.services.demo") is not None
        self.register_view = register = RegisterView(
            self.gateway, self.runner, demo_available=demo_available, parent=self
        )
        register.ward_changed.connect(self._show_ward)
        register.totals_changed.connect(lambda text: self.totals_label.setText(text))
        register.shown_changed.connect(lambda text: self.shown_label.setText(text))
        register.selection_changed.connect(self._update_actions)
        register.create_demo_requested.connect(self.create_demo_ward)
        register.import_requested.connect(self.import_households)
        # The shell's handles on the register view, which the commands and tests use.
        lists = register.lists
        self.editor = register.editor
        self.area_tree = register.area_tree
        self.search_box, self.quick_filter = register.search_box, register.quick_filter
        self.households, self.household_view = lists.households, lists.household_view
        self.residents, self.resident_view = lists.residents, lists.resident_view
        self.household_caption = lists.household_caption
        self.workspace, self.empty_state = register.workspace, register.empty_state
        self.stack = register  # the tab's page: the empty state or the workspace

        self.dashboard = DashboardView(self.campaign_gateway, self.runner, self)
        self.dashboard.setContentsMargins(6, 6, 6, 0)
        self.dashboard.create_campaign_requested.connect(self.edit_campaigns)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(register, self.tr("Hộ dân"))
        self.tabs.addTab(self.dashboard, self.tr("Chiến dịch"))
        self.tabs.setTabToolTip(0, self.tr("Sổ hộ dân và nhân khẩu (Ctrl+1)"))
        self.tabs.setTabToolTip(1, self.tr("Bảng theo dõi chiến dịch (Ctrl+2)"))
        self.tabs.currentChanged.connect(lambda _index: self._tab_changed())
        self.setCentralWidget(self.tabs)

    def _build_status_bar(self) -> None:
        self.totals_label = QLabel(self)
        self.shown_label = QLabel(self)
        self.shown_label.setObjectName("shownCount")
        keys = QLabel(self)
        keys.setStyleSheet("color: palette(placeholder-text);")
        self.keys_label = keys
        self._status_separator = separator = QFrame(self)
        separator.setFrameShape(QFrame.Shape.VLine)
        separator.setFrameShadow(QFrame.Shadow.Sunken)
        self.user_label = QLabel(self)
        self.user_label.setObjectName("signedInUser")
        status = self.statusBar()
        status.addWidget(self.totals_label)
        status.addWidget(separator)
        status.addWidget(self.shown_label)
        status.addPermanentWidget(self.user_label)
        status.addPermanentWidget(keys)

    # Who is working and what they may use ---------------------------------------------

    @Slot()
    def show_allowed(self) -> None:
        """Show who is working and only what their role may use (signed_in.may)."""
        self.commands.show_allowed(encrypted=self.accounts.encrypted)
        self.user_label.setText(self.accounts.status_text())
        self.user_label.setVisible(bool(self.user_label.text()))
        self.tabs.setTabVisible(self.tabs.indexOf(self.dashboard), signed_in.may(roles.DASHBOARD))
        self.dashboard.create_button.setVisible(signed_in.may(roles.CAMPAIGNS))
        self.register_view.allow_editing(signed_in.may(roles.REGISTER_EDIT))
        self._show_keys()
        self._update_actions()

    # The register tab ------------------------------------------------------------------

    @Slot()
    def load(self) -> None:
        """Read the ward again and show the register (see RegisterView.load)."""
        self.register_view.load()

    @Slot(object)
    def _show_ward(self, ward: WardHeader | None) -> None:
        if ward is None:
            self.setWindowTitle(self.tr("Đèn Khuya"))
            self._status_separator.hide()
        else:
            self.setWindowTitle(self.tr("Đèn Khuya — {station}").format(station=ward.station_name))
            self._status_separator.show()

    def _update_actions(self) -> None:
        has_ward = self.register_view.ward is not None
        household = self.current_household() if has_ward else None
        resident = self.current_resident() if household else None
        commands = self.commands
        commands.add_household.setEnabled(self.register_view.overview is not None)
        commands.find.setEnabled(has_ward)
        commands.export.setEnabled(has_ward)
        for action in (commands.edit_household, commands.delete_household, commands.add_resident):
            action.setEnabled(household is not None)
        for action in (commands.edit_resident, commands.delete_resident):
            action.setEnabled(resident is not None)
        commands.make_head.setEnabled(resident is not None and not is_head(resident.relation))

    # What the register shows and its commands, for WindowCommands' actions and tests:
    # the shell's handles on the register view.

    def current_household(self) -> HouseholdRow | None:
        return self.register_view.current_household()

    def current_household_id(self) -> int | None:
        return self.register_view.current_household_id()

    def current_resident(self) -> ResidentRow | None:
        return self.register_view.current_resident()

    @Slot()
    def focus_search(self) -> None:
        self.show_registry()  # Ctrl+F from the dashboard searches the register
        self.register_view.focus_search()

    @Slot()
    def add_household(self) -> None:
        self.register_view.add_household()

    @Slot()
    def edit_household(self) -> None:
        self.register_view.edit_household()

    @Slot()
    def delete_household(self) -> None:
        self.register_view.delete_household()

    @Slot()
    def add_resident(self) -> None:
        self.register_view.add_resident()

    @Slot()
    def edit_resident(self) -> None:
        self.register_view.edit_resident()

    @Slot()
    def delete_resident(self) -> None:
        self.register_view.delete_resident()

    @Slot()
    def make_head(self) -> None:
        self.register_view.make_head()

    @Slot(int, int)
    def show_household(self, household_id: int, group_id: int) -> None:
        """Show a household in the register tab (from the revisit list): its group, no
        search or filter, the household selected and the list focused."""
        if self.register_view.ward is None:
            return
        self.show_registry()
        self.register_view.show_household(household_id, group_id)
        self.raise_()
        self.activateWindow()

    # Data in and out: export, import, backups, the demo ward ---------------------------

    @Slot()
    def export_residents(self) -> None:
        self.exporter.run()

    @Slot()
    def import_households(self) -> None:
        """The import wizard; the lists and counts are read again after an import."""
        from desktop.ui.importing.wizard import ImportWizard

        wizard = ImportWizard(self.database, self.runner, self.gateway.today(), self)
        wizard.data_changed.connect(self.load)
        wizard.exec()
        wizard.deleteLater()

    @Slot()
    def backup_data(self) -> None:
        self.backups.backup()

    @Slot()
    def restore_data(self) -> None:
        self.backups.restore()

    def _let_go_of_database(self) -> bool:
        """Before a restore: close the planning window (it may ask about an unsaved plan;
        False if the user keeps it), let background reads finish, close connections."""
        if self._planning_window is not None:
            if not self._planning_window.close():
                return False
            self._planning_window.deleteLater()  # its plan belongs to the data replaced
            self._planning_window = None
        self.automatic_backup.stop()
        self.runner.wait_for_done(5000)
        self.database.close()
        return True

    @Slot(object)
    def _automatic_backup_made(self, path: Path) -> None:
        self.statusBar().showMessage(
            self.tr("Đã tự sao lưu dữ liệu hôm nay vào {path}").format(path=path), 15_000
        )

    @Slot()
    def _after_restore(self) -> None:
        """Other data in the same file: read the register and the dashboard from scratch
        (and whether it has accounts)."""
        self.accounts.gateway.accounts_exist()
        self.accounts.data_replaced()  # shows what the one signed in may use, and watches
        self.register_view.reset()
        self.refresh_dashboard()

    def start_automatic_backup(self, delay_ms: int = AUTOMATIC_DELAY_MS) -> None:
        """Today's automatic copy, a while after the window opens (run_gui)."""
        self._automatic_backup_wanted = True
        self.automatic_backup.start(delay_ms)

    def _restart_automatic_backup(self) -> None:
        """After the first account encrypted the data: the copy stopped before is due
        again (a copy stopped once does not start again: a new one is made)."""
        if not self._automatic_backup_wanted:
            return
        self.automatic_backup.deleteLater()
        self.automatic_backup = AutomaticBackup(self, self.database, self.runner)
        self.automatic_backup.made.connect(self._automatic_backup_made)
        self.automatic_backup.start()

    @Slot()
    def create_demo_ward(self) -> None:
        """Make the demo ward (as `denkhuya demo` does) in the background, then show it."""
        gateway = self.gateway
        today = gateway.today()

        def work(progress: Progress) -> object:
            return gateway.create_demo_ward(DEMO_HOUSEHOLDS, "Cốc Lếu", today, progress)

        job = ProgressJob(
            self,
            self.runner,
            self.tr("Tạo phường mẫu"),
            self.tr("Đang tạo phường mẫu Cốc Lếu…"),
            work,
        )
        job.start(
            lambda _summary: self.load(),
            lambda error: show_task_error(
                self,
                error,
                self.tr("Tạo phường mẫu"),
                self.tr("Đã hủy, chưa tạo phường mẫu nào."),
            ),
        )

    # The campaign tab and menu --------------------------------------------------------

    @Slot()
    def show_registry(self) -> None:
        self.tabs.setCurrentWidget(self.register_view)

    @Slot()
    def show_dashboard(self) -> None:
        self.tabs.setCurrentWidget(self.dashboard)

    def _tab_changed(self) -> None:
        on_dashboard = self.tabs.currentWidget() is self.dashboard
        if on_dashboard:
            if self._dashboard_stale:
                self.refresh_dashboard()
            self.dashboard.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show_keys()
        self._update_actions()

    def _show_keys(self) -> None:
        """The status bar's reminder of the keys of the tab in use (those the role has)."""
        if self.tabs.currentWidget() is self.dashboard:
            keys = [
                (roles.VISIT_ENTRY, self.tr("Ctrl+K nhập kết quả đêm")),
                (roles.APPROVALS, self.tr("Ctrl+M duyệt mức 2")),
                (roles.CAMPAIGNS, self.tr("Ctrl+J cần quay lại")),
                (roles.DASHBOARD, self.tr("F5 làm mới")),
            ]
        else:
            keys = [
                (roles.REGISTER_VIEW, self.tr("Ctrl+F tìm")),
                (roles.REGISTER_EDIT, self.tr("Ctrl+N thêm hộ · F2 sửa · Del xóa")),
            ]
            if not signed_in.may(roles.REGISTER_EDIT):
                keys.append((roles.REGISTER_VIEW, self.tr("Enter xem nhân khẩu")))
        shown = [text for permission, text in keys if signed_in.may(permission)]
        self.keys_label.setText(" · ".join(shown))

    def refresh_dashboard(self) -> None:
        """Read the dashboard now if it is shown, else when it is next shown."""
        if self.tabs.currentWidget() is self.dashboard:
            self._dashboard_stale = False
            self.dashboard.refresh()
        else:
            self._dashboard_stale = True

    @Slot()
    def _after_results(self) -> None:
        """Visits or approvals saved: statuses changed in the register and the figures."""
        self.refresh_dashboard()
        self.register_view.show_changes()

    @Slot()
    def _after_campaign_setup(self) -> None:
        self.refresh_dashboard()

    @Slot()
    def refresh_all(self) -> None:
        """F5: read the register again, and the dashboard when it is shown."""
        self.load()
        self.refresh_dashboard()

    @Slot()
    def enter_visits(self) -> None:
        self.campaign.enter_visits()

    @Slot()
    def approve_level2(self) -> None:
        self.campaign.approve_level2()

    @Slot()
    def show_revisits(self) -> None:
        self.campaign.show_revisits()

    @Slot()
    def edit_shifts(self) -> None:
        self.campaign.edit_shifts()

    @Slot()
    def edit_teams(self) -> None:
        self.campaign.edit_teams()

    @Slot()
    def edit_campaigns(self) -> None:
        self.campaign.edit_campaigns()

    @Slot()
    def plan_routes(self) -> None:
        """Lập tuyến: one planning window, kept while open; saved shifts refresh the desk."""
        from desktop.ui.planning.window import PlanningWindow

        if self._planning_window is None:
            window = PlanningWindow(self.database, self.runner, self.gateway.today, parent=self)
            window.shifts_saved.connect(lambda _night: self._after_campaign_setup())
            window.destroyed.connect(self._forget_planning_window)
            self._planning_window = window
        self._planning_window.showMaximized()
        self._planning_window.raise_()
        self._planning_window.activateWindow()

    def _forget_planning_window(self) -> None:
        self._planning_window = None

    @Slot()
    def make_report(self) -> None:
        """Báo cáo: choose a report, preview its pages, save or print it."""
        from desktop.ui.reports.dialog import ReportDialog

        dialog = ReportDialog(self.database, self.runner, self.gateway.today, self)
        self.campaign.exec_dialog(dialog)
        dialog.deleteLater()

    @Slot()
    def edit_report_settings(self) -> None:
        """Thiết lập báo cáo: the agency, number, recipients and signer on every report."""
        from desktop.ui.reports.settings_dialog import ReportSettingsDialog

        dialog = ReportSettingsDialog(self.database, self)
        self.campaign.exec_dialog(dialog)
        dialog.deleteLater()

    @Slot()
    def show_audit_trail(self) -> None:
        """Tệp → Nhật ký thao tác: who saw, changed or exported what (admins, leaders)."""
        from desktop.ui.audit.audit_window import AuditWindow

        dialog = AuditWindow(self.database, self.runner, self.gateway.today(), self)
        self.campaign.exec_dialog(dialog)
        dialog.deleteLater()

    # The account menu and the idle lock -----------------------------------------------

    @Slot()
    def manage_accounts(self) -> None:
        self.accounts.manage_accounts()

    @Slot()
    def change_own_password(self) -> None:
        self.accounts.change_own_password()

    @Slot()
    def renew_recovery_key(self) -> None:
        self.accounts.renew_recovery_key()

    def create_first_account(self, first_start: bool = False) -> bool:
        """Tạo tài khoản quản trị…: the daily copy and background work stop first (the
        encryption replaces the file); afterwards the window is the administrator's."""
        self.automatic_backup.stop()
        self.runner.wait_for_done(10_000)
        try:
            created = self.accounts.create_first_account(first_start)
        finally:
            self._restart_automatic_backup()
        if created:
            self.show_allowed()
        return created

    @Slot()
    def set_up_first_start(self) -> None:
        """Thiết lập ban đầu: the unit, its station, the report agencies, the first
        administrator while none exists, then the import, the demo ward or nothing.
        The daily copy and background work stop first (the first account encrypts the
        data by replacing the file)."""
        from desktop.ui.accounts.recovery_key_dialog import RecoveryKeyDialog
        from desktop.ui.first_start.gateway import START_DEMO, START_IMPORT, FirstStartGateway
        from desktop.ui.first_start.wizard import FirstStartWizard

        makes_account = not self.accounts.gateway.accounts_exist()
        if makes_account:
            self.automatic_backup.stop()
            self.runner.wait_for_done(10_000)
        wizard = FirstStartWizard(
            FirstStartGateway(self.database),
            self.runner,
            self.accounts.gateway if makes_account else None,
            RecoveryKeyDialog,
            demo_available=importlib.util.find_spec("desktop.services.demo") is not None,
            parent=self,
        )
        wizard.exec_dialog = self.accounts.exec_dialog
        try:
            finished = self.campaign.exec_dialog(wizard)
        finally:
            if makes_account:
                self._restart_automatic_backup()
        wizard.deleteLater()
        if wizard.account_created:
            self.accounts.first_account_made()
        if wizard.saved:
            self.load()  # the ward's name and station in the title and the register
        if not finished:
            return
        if wizard.start_choice == START_IMPORT:
            self.import_households()
        elif wizard.start_choice == START_DEMO:
            self.create_demo_ward()

    def offer_first_account(self) -> None:
        """At the first start of a new database: the first account, which may be left
        for later (Tài khoản ▸ Tạo tài khoản quản trị…)."""
        if not signed_in.accounts_exist():
            self.create_first_account(first_start=True)

    @Slot()
    def lock_now(self) -> None:
        self.accounts.lock_now()

    @Slot()
    def sign_out_from_lock(self) -> None:
        """Đăng xuất from the lock: close the open dialogs, innermost first, each as its
        Esc would (asking about unsaved work), then the planning window and the window.
        Whatever the person keeps open stops it, and the lock stays."""
        lock = self.accounts.lock_screen.dialog
        while (modal := QApplication.activeModalWidget()) is not None and modal is not lock:
            if isinstance(modal, QDialog):
                modal.reject()
            else:
                modal.close()
            if modal.isVisible():
                return
        if self._planning_window is not None and not self._planning_window.close():
            return
        self.close()

    @Slot()
    def show_shortcuts(self) -> None:
        """Trợ giúp → Phím tắt: the list read from the menus themselves."""
        from desktop.ui.shortcuts_dialog import ShortcutsDialog

        dialog = ShortcutsDialog(self.menuBar(), self)
        self.campaign.exec_dialog(dialog)
        dialog.deleteLater()

    @Slot()
    def show_help(self) -> None:
        """Trợ giúp → Hướng dẫn sử dụng (F1): the guide at the page of the tab in use."""
        self.help_key.open_for(self)

    @Slot()
    def show_about(self) -> None:
        try:
            version = metadata.version("denkhuya")
        except metadata.PackageNotFoundError:
            version = ""
        QMessageBox.about(
            self,
            self.tr("Giới thiệu Đèn Khuya"),
            self.tr(
                "<h3>Đèn Khuya {version}</h3>"
                "<p>Bàn trực chiến dịch Đề án 06 cho Công an phường, xã: theo dõi hộ, "
                "nhân khẩu, định danh điện tử mức 2 và ứng dụng Báo cháy 114.</p>"
                "<p>Cơ sở dữ liệu: {url}</p>"
                "<p>Phông chữ Noto Sans và Liberation Serif (SIL Open Font License).</p>"
            ).format(version=version, url=self.database.url),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.accounts.stop()  # no lock while closing
        self.automatic_backup.stop()  # a copy cut short leaves nothing behind
        self.runner.wait_for_done(3000)  # let a count or export finish its transaction
        super().closeEvent(event)

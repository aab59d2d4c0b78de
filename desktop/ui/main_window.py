"""The main window: two tabs, "Hộ dân" (the register) and "Chiến dịch" (the dashboard).

The register tab holds the ward tree, the household list and the residents of a
household. Everything shown comes from the registry services through RegistryGateway
as plain rows; the household list pages through SQL as it scrolls. Edits go through
RegistryEditor, whose `changed` signal makes the window refresh and keep the
selection. Slow work (export, counting for the status bar) runs on the task runner.

The campaign tab is DashboardView; the "Chiến dịch" menu's dialogs go through
CampaignCommands. Saved visits and approvals change residents' statuses, so both the
register and the dashboard read again afterwards (the dashboard when it is shown).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from importlib import metadata
from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.person import is_head
from desktop.services import registry
from desktop.services.database import Database
from desktop.services.progress import Progress
from desktop.services.registry import HouseholdQuery, HouseholdRow, ResidentRow, WardOverview
from desktop.ui.automatic_backup import AutomaticBackup
from desktop.ui.backup_actions import BackupActions
from desktop.ui.campaign.commands import CampaignCommands
from desktop.ui.campaign.dashboard_view import DashboardView
from desktop.ui.campaign.gateway import CampaignGateway
from desktop.ui.registry.area_tree import AreaTree
from desktop.ui.registry.editor import RegistryEditor
from desktop.ui.registry.export_action import ResidentExport
from desktop.ui.registry.gateway import RegistryGateway, WardHeader
from desktop.ui.registry.household_table_model import (
    SORTABLE_COLUMNS,
    HouseholdColumn,
    HouseholdTableModel,
)
from desktop.ui.registry.resident_table_model import ResidentColumn, ResidentTableModel
from desktop.ui.widgets.empty_state import EmptyState
from desktop.ui.widgets.formatting import percent, vietnamese_number
from desktop.ui.widgets.icons import app_icon
from desktop.ui.widgets.messages import show_task_error
from desktop.ui.widgets.progress_job import ProgressJob
from desktop.ui.widgets.search_box import SearchBox
from desktop.ui.widgets.table_views import ListView
from desktop.ui.widgets.task_runner import TaskRunner
from desktop.ui.window_commands import WindowCommands

# How many pages the list reads ahead to find the household to keep selected after a
# change; beyond that the first row is selected (the list stays quick at city scale).
KEEP_SELECTION_PAGES = 10
# The demo ward offered on an empty database: the size `denkhuya demo` makes by default.
DEMO_HOUSEHOLDS = 2500
# How many pages the list reads to find a household opened from another window
# (a residential group rarely has more than a few thousand households).
SHOW_HOUSEHOLD_PAGES = 50

_HOUSEHOLD_WIDTHS = {
    HouseholdColumn.CODE: 130,
    HouseholdColumn.HEAD: 180,
    HouseholdColumn.MEMBERS: 84,
    HouseholdColumn.PENDING: 84,
    HouseholdColumn.GROUP: 70,
    HouseholdColumn.MATCHED: 220,
}


class MainWindow(QMainWindow):
    """The duty desk's window onto the ward's register."""

    def __init__(
        self,
        database: Database,
        *,
        today: Callable[[], date] = date.today,
        runner: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.database = database
        self.gateway = RegistryGateway(database, today)
        self.runner = runner or TaskRunner(self)
        self.editor = RegistryEditor(self, self.gateway)
        self.editor.changed.connect(self._after_change)
        self.exporter = ResidentExport(self, self.gateway, self.runner)
        self.backups = BackupActions(self, database, self.runner, self._let_go_of_database)
        self.backups.data_replaced.connect(self._after_restore)
        self.automatic_backup = AutomaticBackup(self, database, self.runner)
        self.automatic_backup.made.connect(self._automatic_backup_made)
        self.campaign_gateway = CampaignGateway(database, today)
        self.campaign = CampaignCommands(self, self.campaign_gateway)
        self._planning_window: QWidget | None = None
        self.campaign.results_changed.connect(self._after_results)
        self.campaign.setup_changed.connect(self._after_campaign_setup)
        self.campaign.household_requested.connect(self.show_household)
        self._dashboard_stale = True  # read when the tab is first shown
        self.ward: WardHeader | None = None
        self.overview: WardOverview | None = None  # the counts, once they are in
        self._count_request = 0  # only the latest count or overview is shown
        self._overview_request = 0
        self._pending_resident: int | None = None  # to select once its household shows
        self._row_before_delete = 0
        self.setWindowIcon(app_icon())
        self.setWindowTitle(self.tr("Đèn Khuya"))
        self.resize(1280, 700)
        self._build_workspace()
        self.commands = WindowCommands(self, self, self.household_view, self.resident_view)
        self.commands.fill_menu_bar()
        self.addToolBar(self.commands.make_toolbar())
        self._build_status_bar()
        self.load()
        self.search_box.setFocus()  # where the evening starts: finding a household

    # Building --------------------------------------------------------------------------

    def _build_workspace(self) -> None:
        self.area_tree = AreaTree(self)
        self.area_tree.area_selected.connect(lambda _group: self._apply_query())
        self.search_box = SearchBox(self)
        self.search_box.search_requested.connect(self._search)
        self.search_box.leave_requested.connect(self._focus_households)
        self.quick_filter = QComboBox(self)
        for key, label in registry.QUICK_FILTERS.items():
            self.quick_filter.addItem(label, key)
        self.quick_filter.currentIndexChanged.connect(lambda _index: self._apply_query())
        filter_label = QLabel(self.tr("&Lọc:"), self)
        filter_label.setBuddy(self.quick_filter)

        self.households = HouseholdTableModel(self.gateway.households_page, parent=self)
        self.household_view = ListView(self)
        self.household_view.setObjectName("householdList")
        self.household_view.setModel(self.households)
        self._configure_household_header()
        self.household_view.mark_pending_columns([HouseholdColumn.PENDING])
        self.household_view.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self._show_residents()
        )
        self.household_view.activated.connect(lambda _index: self.edit_household())

        self.residents = ResidentTableModel(self)
        self.resident_view = ListView(self)
        self.resident_view.setObjectName("residentList")
        self.resident_view.setModel(self.residents)
        self._configure_resident_header()
        self.resident_view.mark_pending_columns(
            [ResidentColumn.VNEID_LEVEL, ResidentColumn.APP_114, ResidentColumn.PENDING]
        )
        self.resident_view.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self._update_actions()
        )
        self.resident_view.activated.connect(lambda _index: self.edit_resident())
        self.household_caption = QLabel(self)
        self.household_caption.setObjectName("householdCaption")
        self.household_caption.setTextFormat(Qt.TextFormat.PlainText)
        font = self.household_caption.font()
        font.setBold(True)
        self.household_caption.setFont(font)

        search_row = QHBoxLayout()
        search_row.addWidget(self.search_box, 1)
        search_row.addSpacing(8)
        search_row.addWidget(filter_label)
        search_row.addWidget(self.quick_filter)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(search_row)
        top_layout.addWidget(self.household_view)
        bottom = QWidget(self)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 4, 0, 0)
        bottom_layout.addWidget(self.household_caption)
        bottom_layout.addWidget(self.resident_view)
        lists = QSplitter(Qt.Orientation.Vertical, self)
        lists.addWidget(top)
        lists.addWidget(bottom)
        lists.setStretchFactor(0, 3)
        lists.setStretchFactor(1, 2)
        lists.setChildrenCollapsible(False)
        self.workspace = QSplitter(Qt.Orientation.Horizontal, self)
        self.workspace.addWidget(self.area_tree)
        self.workspace.addWidget(lists)
        self.workspace.setStretchFactor(1, 1)
        self.workspace.setSizes([320, 1030])
        self.workspace.setChildrenCollapsible(False)
        self.area_tree.setMinimumWidth(200)

        self.empty_state = EmptyState(
            self, demo_available=importlib.util.find_spec("desktop.services.demo") is not None
        )
        self.empty_state.create_demo_requested.connect(self.create_demo_ward)
        self.empty_state.import_requested.connect(self.import_households)
        self.empty_state.reload_requested.connect(self.load)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.workspace)
        self.stack.setContentsMargins(6, 6, 6, 0)
        self.dashboard = DashboardView(self.campaign_gateway, self.runner, self)
        self.dashboard.setContentsMargins(6, 6, 6, 0)
        self.dashboard.create_campaign_requested.connect(self.edit_campaigns)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.stack, self.tr("Hộ dân"))
        self.tabs.addTab(self.dashboard, self.tr("Chiến dịch"))
        self.tabs.setTabToolTip(0, self.tr("Sổ hộ dân và nhân khẩu (Ctrl+1)"))
        self.tabs.setTabToolTip(1, self.tr("Bảng theo dõi chiến dịch (Ctrl+2)"))
        self.tabs.currentChanged.connect(lambda _index: self._tab_changed())
        self.setCentralWidget(self.tabs)
        QWidget.setTabOrder(self.search_box, self.quick_filter)
        QWidget.setTabOrder(self.quick_filter, self.household_view)
        QWidget.setTabOrder(self.household_view, self.resident_view)
        QWidget.setTabOrder(self.resident_view, self.area_tree)

    def _configure_household_header(self) -> None:
        header = self.household_view.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(self.households.sort_column(), Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_requested)
        self.household_view.size_columns(
            _HOUSEHOLD_WIDTHS, stretch=HouseholdColumn.ADDRESS, minimum=60
        )
        self.household_view.setColumnHidden(HouseholdColumn.MATCHED, True)

    def _configure_resident_header(self) -> None:
        header = self.resident_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ResidentColumn.NAME, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(56)

    def _build_status_bar(self) -> None:
        self.totals_label = QLabel(self)
        self.shown_label = QLabel(self)
        self.shown_label.setObjectName("shownCount")
        keys = QLabel(self.tr("Ctrl+F tìm · Ctrl+N thêm hộ · F2 sửa · Del xóa"), self)
        keys.setStyleSheet("color: palette(placeholder-text);")
        self.keys_label = keys
        self._status_separator = separator = QFrame(self)
        separator.setFrameShape(QFrame.Shape.VLine)
        separator.setFrameShadow(QFrame.Shadow.Sunken)
        status = self.statusBar()
        status.addWidget(self.totals_label)
        status.addWidget(separator)
        status.addWidget(self.shown_label)
        status.addPermanentWidget(keys)

    # Loading ---------------------------------------------------------------------------

    @Slot()
    def load(self) -> None:
        """Read the ward again and show the list for the current area, search and filter.

        The list's first page is read at once; the tree's counts, which add up the
        whole ward, follow from the background so the window shows without waiting.
        """
        self.ward = self.gateway.ward_header()
        if self.ward is None:
            self.overview = None
            self.setWindowTitle(self.tr("Đèn Khuya"))
            self.stack.setCurrentWidget(self.empty_state)
            self.totals_label.setText(self.tr("Chưa có dữ liệu phường/xã"))
            self.shown_label.clear()
            self._status_separator.hide()
            self._update_actions()
            return
        self.setWindowTitle(self.tr("Đèn Khuya — {station}").format(station=self.ward.station_name))
        self.stack.setCurrentWidget(self.workspace)
        self._status_separator.show()
        if self.overview is None:
            self.area_tree.set_ward(self.ward.kind, self.ward.name)
            self.totals_label.setText(self.tr("Đang đếm…"))
        self._apply_query(keep=self.current_household_id())
        self._refresh_overview()

    def _refresh_overview(self) -> None:
        """Count the tree and the totals in the background (at start and after a change)."""

        self._overview_request += 1
        request = self._overview_request

        def done(overview: WardOverview | None) -> None:
            if overview is not None and request == self._overview_request:
                self.overview = overview
                self.area_tree.set_overview(overview)
                self._show_totals()
                self._update_actions()

        self.runner.run_task(self.gateway.overview, done)

    def current_query(self) -> HouseholdQuery:
        """What the list should show now: area, applied search, filter and order."""
        shown = self.households.query
        return HouseholdQuery(
            group_id=self.area_tree.current_group_id(),
            text=shown.text,
            quick_filter=self.quick_filter.currentData(),
            sort=shown.sort,
            descending=shown.descending,
        )

    def _apply_query(
        self,
        query: HouseholdQuery | None = None,
        keep: int | None = None,
        keep_resident: int | None = None,
        chase_pages: int = 0,
        fallback_row: int = 0,
    ) -> None:
        """Show the first page of a query and select a household in it.

        `keep` is looked for in the first page (and `chase_pages` more); when it is not
        found, the row at `fallback_row` (or the last) is selected.
        """
        if self.ward is None:
            return
        query = query or self.current_query()
        self.households.set_query(query)
        self.household_view.setColumnHidden(HouseholdColumn.MATCHED, not query.text)
        self._select_household(keep, keep_resident, chase_pages, fallback_row)
        self._show_empty_hint(query)
        self._count_shown(query)

    @Slot(str)
    def _search(self, text: str) -> None:
        if self.ward is None or text == self.households.query.text:
            return
        query = replace(self.current_query(), text=text)
        self._apply_query(query, keep=None if text else self.current_household_id())

    def _select_household(
        self,
        household_id: int | None,
        resident_id: int | None = None,
        chase_pages: int = 0,
        fallback_row: int = 0,
    ) -> None:
        model = self.households
        row = model.row_of(household_id) if household_id is not None else None
        while row is None and household_id is not None and chase_pages > 0:
            if not model.canFetchMore():
                break
            model.fetchMore()
            row = model.row_of(household_id)
            chase_pages -= 1
        if row is None:
            while fallback_row >= model.rowCount() and model.canFetchMore():
                model.fetchMore()
            row = min(fallback_row, model.rowCount() - 1) if model.rowCount() else None
        if row is None:
            self.household_view.clearSelection()
            self._show_residents()
            return
        index = self.households.index(row, HouseholdColumn.CODE)
        if self.household_view.currentIndex().row() == row:
            self._show_residents(resident_id)
        else:
            self._pending_resident = resident_id
            self.household_view.setCurrentIndex(index)
        self.household_view.scrollTo(index)

    def _show_residents(self, resident_id: int | None = None) -> None:
        """Show the residents of the chosen household, search matches highlighted."""
        resident_id = resident_id or self._pending_resident
        self._pending_resident = None
        household = self.current_household()
        if household is None:
            self.residents.set_residents([])
            self.household_caption.setText(self.tr("Chọn một hộ để xem nhân khẩu"))
            self._update_actions()
            return
        rows = self.gateway.residents(household.id, self.households.query.text)
        self.residents.set_residents(rows)
        self.household_caption.setText(
            self.tr("Nhân khẩu của hộ {code} · {address} · {count} người").format(
                code=household.code, address=household.address, count=len(rows)
            )
        )
        row = self.residents.row_of(resident_id) if resident_id is not None else None
        if row is None:  # the person searched for, else the first with work left
            row = next((i for i, r in enumerate(rows) if r.matches_search), None)
        if row is None:
            row = next((i for i, r in enumerate(rows) if r.pending), 0)
        if rows:
            self.resident_view.setCurrentIndex(self.residents.index(row, ResidentColumn.NAME))
        self._update_actions()

    def _show_empty_hint(self, query: HouseholdQuery) -> None:
        if self.households.rowCount() > 0:
            self.household_view.set_empty_hint("")
            return
        area = self._area_name(query.group_id)
        if query.text:
            hint = self.tr("Không tìm thấy hộ nào khớp “{text}” trong {area}.").format(
                text=query.text, area=area
            )
            if query.group_id is not None:
                hint += "\n" + self.tr("Chọn tên phường ở cây bên trái để tìm trong cả phường.")
        elif query.quick_filter != registry.ALL:
            hint = self.tr("Không có hộ nào trong {area} theo bộ lọc “{filter}”.").format(
                area=area, filter=registry.QUICK_FILTERS[query.quick_filter]
            )
        else:
            hint = self.tr("{area} chưa có hộ nào. Bấm Ctrl+N để thêm hộ.").format(
                area=area[:1].upper() + area[1:]
            )
        self.household_view.set_empty_hint(hint)

    def _area_name(self, group_id: int | None) -> str:
        for group in self.overview.groups if self.overview else []:
            if group.id == group_id:
                return group.name
        return f"{self.ward.kind.lower()} {self.ward.name}" if self.ward else ""

    def _count_shown(self, query: HouseholdQuery) -> None:
        """Count the households of the query off the UI thread; keep only the latest."""
        self._count_request += 1
        request = self._count_request
        self.shown_label.setText(self.tr("Đang đếm…"))

        def done(count: int) -> None:
            if request == self._count_request:
                self.shown_label.setText(
                    self.tr("Đang hiện: {count} hộ").format(count=vietnamese_number(count))
                )

        self.runner.run_task(lambda: self.gateway.count_households(query), done)

    def _show_totals(self) -> None:
        overview = self.overview
        if overview is None:
            return
        self.totals_label.setText(
            self.tr(
                "Cả {area}: {households} hộ · {residents} nhân khẩu · Mức 2: {level2}/{adults} "
                "người từ 14 tuổi ({percent})"
            ).format(
                area=f"{overview.kind.lower()} {overview.name}",
                households=vietnamese_number(overview.households),
                residents=vietnamese_number(overview.residents),
                level2=vietnamese_number(overview.level2),
                adults=vietnamese_number(overview.adults),
                percent=percent(overview.level2, overview.adults),
            )
        )

    @Slot(int, Qt.SortOrder)
    def _sort_requested(self, section: int, order: Qt.SortOrder) -> None:
        header = self.household_view.horizontalHeader()
        if section not in SORTABLE_COLUMNS:
            # This column cannot be sorted in SQL: put the arrow back where the order is.
            query = self.households.query
            header.blockSignals(True)
            header.setSortIndicator(
                self.households.sort_column(),
                Qt.SortOrder.DescendingOrder if query.descending else Qt.SortOrder.AscendingOrder,
            )
            header.blockSignals(False)
            return
        key = SORTABLE_COLUMNS[HouseholdColumn(section)]
        query = replace(
            self.current_query(), sort=key, descending=order == Qt.SortOrder.DescendingOrder
        )
        self._apply_query(query, keep=self.current_household_id())

    # Selection -------------------------------------------------------------------------

    def current_household(self) -> HouseholdRow | None:
        index = self.household_view.currentIndex()
        if not index.isValid() or index.row() >= self.households.rowCount():
            return None
        return self.households.household(index.row())

    def current_household_id(self) -> int | None:
        household = self.current_household()
        return household.id if household else None

    def current_resident(self) -> ResidentRow | None:
        index = self.resident_view.currentIndex()
        if not index.isValid() or index.row() >= self.residents.rowCount():
            return None
        return self.residents.resident(index.row())

    def _resident_rows(self) -> list[ResidentRow]:
        return [self.residents.resident(i) for i in range(self.residents.rowCount())]

    def _update_actions(self) -> None:
        has_ward = self.ward is not None
        household = self.current_household() if has_ward else None
        resident = self.current_resident() if household else None
        commands = self.commands
        commands.add_household.setEnabled(self.overview is not None)
        commands.find.setEnabled(has_ward)
        commands.export.setEnabled(has_ward)
        for action in (commands.edit_household, commands.delete_household, commands.add_resident):
            action.setEnabled(household is not None)
        for action in (commands.edit_resident, commands.delete_resident):
            action.setEnabled(resident is not None)
        commands.make_head.setEnabled(resident is not None and not is_head(resident.relation))

    @Slot()
    def focus_search(self) -> None:
        self.show_registry()  # Ctrl+F from the dashboard searches the register
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    @Slot()
    def _focus_households(self) -> None:
        if self.households.rowCount():
            self.household_view.setFocus(Qt.FocusReason.OtherFocusReason)

    # Commands --------------------------------------------------------------------------

    def _groups(self) -> list[tuple[int, str]]:
        return [(g.id, g.name) for g in self.overview.groups] if self.overview else []

    @Slot()
    def export_residents(self) -> None:
        self.exporter.run()

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
        """Other data in the same file: read the register and the dashboard from scratch."""
        self.overview = None
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
        self.households.set_query(replace(self.households.query, text="", group_id=None))
        self.load()
        self.refresh_dashboard()

    @Slot()
    def import_households(self) -> None:
        """The import wizard; the lists and counts are read again after an import."""
        from desktop.ui.importing.wizard import ImportWizard

        wizard = ImportWizard(self.database, self.runner, self.gateway.today(), self)
        wizard.data_changed.connect(self.load)
        wizard.exec()
        wizard.deleteLater()

    @Slot()
    def add_household(self) -> None:
        if self.overview is not None:  # the groups to choose from come with the counts
            self.editor.add_household(self._groups(), self.area_tree.current_group_id())

    @Slot()
    def edit_household(self) -> None:
        household = self.current_household()
        if household is not None:
            self.editor.edit_household(household, self._groups())

    @Slot()
    def delete_household(self) -> None:
        household = self.current_household()
        if household is not None:
            self._row_before_delete = self.household_view.currentIndex().row()
            self.editor.delete_household(household)

    @Slot()
    def add_resident(self) -> None:
        household = self.current_household()
        if household is not None:
            self.editor.add_resident(household, self._resident_rows())

    @Slot()
    def edit_resident(self) -> None:
        household, resident = self.current_household(), self.current_resident()
        if household is not None and resident is not None:
            self.editor.edit_resident(household, resident)

    @Slot()
    def delete_resident(self) -> None:
        household, resident = self.current_household(), self.current_resident()
        if household is not None and resident is not None:
            self.editor.delete_resident(household, resident, self._resident_rows())

    @Slot()
    def make_head(self) -> None:
        household, resident = self.current_household(), self.current_resident()
        if household is not None and resident is not None:
            self.editor.make_head(household, resident, self._resident_rows())

    @Slot(object, object)
    def _after_change(self, household_id: int | None, resident_id: int | None) -> None:
        """Show the lists anew after a change, keeping the selection where it was."""
        # A deleted household (None) leaves its row to the one that took its place.
        self._apply_query(
            self.current_query(),
            keep=household_id,
            keep_resident=resident_id,
            chase_pages=KEEP_SELECTION_PAGES,
            fallback_row=self._row_before_delete if household_id is None else 0,
        )
        self._refresh_overview()

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
        self.tabs.setCurrentWidget(self.stack)

    @Slot()
    def show_dashboard(self) -> None:
        self.tabs.setCurrentWidget(self.dashboard)

    def _tab_changed(self) -> None:
        on_dashboard = self.tabs.currentWidget() is self.dashboard
        if on_dashboard:
            if self._dashboard_stale:
                self.refresh_dashboard()
            self.dashboard.setFocus(Qt.FocusReason.OtherFocusReason)
        self.keys_label.setText(
            self.tr(
                "Ctrl+K nhập kết quả đêm · Ctrl+M duyệt mức 2 · Ctrl+J cần quay lại · F5 làm mới"
            )
            if on_dashboard
            else self.tr("Ctrl+F tìm · Ctrl+N thêm hộ · F2 sửa · Del xóa")
        )
        self._update_actions()

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
        if self.ward is not None:
            self._after_change(self.current_household_id(), None)

    @Slot()
    def _after_campaign_setup(self) -> None:
        self.refresh_dashboard()

    @Slot()
    def refresh_all(self) -> None:
        """F5: read the register again, and the dashboard when it is shown."""
        self.load()
        self.refresh_dashboard()

    @Slot(int, int)
    def show_household(self, household_id: int, group_id: int) -> None:
        """Show a household in the register tab (from the revisit list): its group, no
        search or filter, the household selected and the list focused."""
        if self.ward is None:
            return
        self.show_registry()
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
        self.quick_filter.blockSignals(True)
        self.quick_filter.setCurrentIndex(max(0, self.quick_filter.findData(registry.ALL)))
        self.quick_filter.blockSignals(False)
        self.area_tree.blockSignals(True)
        self.area_tree.select_group(group_id)
        self.area_tree.blockSignals(False)
        query = replace(self.current_query(), text="", quick_filter=registry.ALL, group_id=group_id)
        self._apply_query(query, keep=household_id, chase_pages=SHOW_HOUSEHOLD_PAGES)
        self.household_view.setFocus(Qt.FocusReason.OtherFocusReason)
        self.raise_()
        self.activateWindow()

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
        self.automatic_backup.stop()  # a copy cut short leaves nothing behind
        self.runner.wait_for_done(3000)  # let a count or export finish its transaction
        super().closeEvent(event)

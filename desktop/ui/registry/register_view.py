"""The "Hộ dân" tab: the ward tree, the search and quick filter, the household list and
the residents of the household chosen.

Everything shown comes from the registry services through RegistryGateway as plain
rows; the two lists, their paging and the selection kept across queries are
RegisterLists'. Edits go through RegistryEditor, whose `changed` signal makes the lists
read again and keep the selection. The counts (the tree's, and the status bar's totals
and shown households) are read on the task runner; only the latest request is shown.

The view knows nothing of the window around it: it says through signals what the shell
shows (the ward in the title, the status bar's texts, when the actions' state may have
changed, the empty state's requests) and the shell calls its commands.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QStackedWidget, QWidget

from desktop.services import registry
from desktop.services.registry import HouseholdQuery, HouseholdRow, ResidentRow, WardOverview
from desktop.ui.registry.area_tree import AreaTree
from desktop.ui.registry.editor import RegistryEditor
from desktop.ui.registry.gateway import RegistryGateway, WardHeader
from desktop.ui.registry.register_lists import RegisterLists
from desktop.ui.widgets.empty_state import EmptyState
from desktop.ui.widgets.formatting import percent, vietnamese_number
from desktop.ui.widgets.search_box import SearchBox
from desktop.ui.widgets.task_runner import TaskRunner

# How many pages the list reads ahead to find the household to keep selected after a
# change; beyond that the first row is selected (the list stays quick at city scale).
KEEP_SELECTION_PAGES = 10
# How many pages the list reads to find a household opened from another window
# (a residential group rarely has more than a few thousand households).
SHOW_HOUSEHOLD_PAGES = 50


class RegisterView(QStackedWidget):
    """The register tab: the empty state until the database has a ward, then the
    workspace (tree on the left, the lists on the right)."""

    ward_changed = Signal(object)  # the WardHeader (None: no ward yet), at each load
    totals_changed = Signal(str)  # the whole ward's counts, for the status bar
    shown_changed = Signal(str)  # how many households the list holds ("" without a ward)
    # The household or person chosen changed, or the counts came in (adding a household
    # needs the groups that come with them): what the commands can act on changed.
    selection_changed = Signal()
    create_demo_requested = Signal()  # from the empty state
    import_requested = Signal()

    def __init__(
        self,
        gateway: RegistryGateway,
        runner: TaskRunner,
        *,
        demo_available: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "ho-dan.html")  # F1 opens this page
        self.gateway = gateway
        self.runner = runner
        self.editor = RegistryEditor(self, gateway)
        self.editor.changed.connect(self._after_change)
        self.ward: WardHeader | None = None
        self.overview: WardOverview | None = None  # the counts, once they are in
        self._count_request = 0  # only the latest count or overview is shown
        self._overview_request = 0
        self._row_before_delete = 0
        self._demo_available = demo_available
        self._build(demo_available)

    # Building --------------------------------------------------------------------------

    def _build(self, demo_available: bool) -> None:
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
        search_row = QHBoxLayout()
        search_row.addWidget(self.search_box, 1)
        search_row.addSpacing(8)
        search_row.addWidget(filter_label)
        search_row.addWidget(self.quick_filter)

        self.lists = lists = RegisterLists(self.gateway, search_row, self)
        lists.selection_changed.connect(self.selection_changed)
        lists.sort_requested.connect(self._sort)
        lists.household_view.activated.connect(lambda _index: self.edit_household())
        lists.resident_view.activated.connect(lambda _index: self.edit_resident())

        self.workspace = QSplitter(Qt.Orientation.Horizontal, self)
        self.workspace.addWidget(self.area_tree)
        self.workspace.addWidget(lists)
        self.workspace.setStretchFactor(1, 1)
        self.workspace.setSizes([250, 1100])  # the tree's labels fit in 250 pixels
        self.workspace.setChildrenCollapsible(False)
        self.area_tree.setMinimumWidth(200)

        self.empty_state = EmptyState(self, demo_available=demo_available)
        self.empty_state.create_demo_requested.connect(self.create_demo_requested)
        self.empty_state.import_requested.connect(self.import_requested)
        self.empty_state.reload_requested.connect(self.load)
        self.addWidget(self.empty_state)
        self.addWidget(self.workspace)
        self.setContentsMargins(6, 6, 6, 0)
        QWidget.setTabOrder(self.search_box, self.quick_filter)
        QWidget.setTabOrder(self.quick_filter, lists.household_view)
        QWidget.setTabOrder(lists.household_view, lists.resident_view)
        QWidget.setTabOrder(lists.resident_view, self.area_tree)

    def allow_editing(self, allowed: bool) -> None:
        """Whether the person signed in may change the register (REGISTER_EDIT): without,
        the empty state offers neither the import nor the demo ward, and a household or
        a resident opens read-only."""
        self.editor.read_only = not allowed
        self.empty_state.import_button.setVisible(allowed)
        self.empty_state.demo_button.setVisible(allowed and self._demo_available)

    # Loading ---------------------------------------------------------------------------

    @Slot()
    def load(self) -> None:
        """Read the ward again and show the list for the current area, search and filter.

        The list's first page is read at once; the tree's counts, which add up the
        whole ward, follow from the background so the tab shows without waiting.
        """
        self.ward = self.gateway.ward_header()
        if self.ward is None:
            self.overview = None
            self.ward_changed.emit(None)
            self.setCurrentWidget(self.empty_state)
            self.totals_changed.emit(self.tr("Chưa có dữ liệu phường/xã"))
            self.shown_changed.emit("")
            self.selection_changed.emit()
            return
        self.ward_changed.emit(self.ward)
        self.setCurrentWidget(self.workspace)
        if self.overview is None:
            self.area_tree.set_ward(self.ward.kind, self.ward.name)
            self.totals_changed.emit(self.tr("Đang đếm…"))
        self._apply_query(keep=self.current_household_id())
        self._refresh_overview()

    def reset(self) -> None:
        """Other data in the same file (a restore): forget the counts, the search and the
        area chosen, and read the ward from scratch."""
        self.overview = None
        self.search_box.blockSignals(True)
        self.search_box.clear()
        self.search_box.blockSignals(False)
        households = self.lists.households
        households.set_query(replace(households.query, text="", group_id=None))
        self.load()

    def _refresh_overview(self) -> None:
        """Count the tree and the totals in the background (at start and after a change)."""

        self._overview_request += 1
        request = self._overview_request

        def done(overview: WardOverview | None) -> None:
            if overview is not None and request == self._overview_request:
                self.overview = overview
                self.area_tree.set_overview(overview)
                self._show_totals()
                self.selection_changed.emit()

        self.runner.run_task(self.gateway.overview, done)

    def current_query(self) -> HouseholdQuery:
        """What the list should show now: area, applied search, filter and order."""
        shown = self.lists.households.query
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
        """Show a query (RegisterLists.show_query), its empty hint and its count."""
        if self.ward is None:
            return
        query = query or self.current_query()
        self.lists.show_query(query, keep, keep_resident, chase_pages, fallback_row)
        self._show_empty_hint(query)
        self._count_shown(query)

    @Slot(str)
    def _search(self, text: str) -> None:
        if self.ward is None or text == self.lists.households.query.text:
            return
        query = replace(self.current_query(), text=text)
        self._apply_query(query, keep=None if text else self.current_household_id())

    @Slot(str, bool)
    def _sort(self, key: str, descending: bool) -> None:
        query = replace(self.current_query(), sort=key, descending=descending)
        self._apply_query(query, keep=self.current_household_id())

    # What the list and the status bar say ----------------------------------------------

    def _show_empty_hint(self, query: HouseholdQuery) -> None:
        if self.lists.households.rowCount() > 0:
            self.lists.household_view.set_empty_hint("")
            return
        area = self._area_name(query.group_id)
        if query.text:
            hint = self.tr("Không tìm thấy hộ nào khớp “{text}” trong {area}.").format(
                text=query.text, area=area
            )
            if registry.too_short_number(query.text):
                hint += "\n" + self.tr(
                    "Số điện thoại và số định danh cần ít nhất {digits} chữ số đầu (ví dụ 091)."
                ).format(digits=registry.NUMBER_PREFIX_DIGITS)
            elif registry.only_whole_numbers() and registry.partial_number(query.text):
                hint += "\n" + self.tr(
                    "Với vai trò của bạn, chỉ tìm được theo số định danh (12 chữ số) hoặc số "
                    "điện thoại đầy đủ."
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
        self.lists.household_view.set_empty_hint(hint)

    def _area_name(self, group_id: int | None) -> str:
        for group in self.overview.groups if self.overview else []:
            if group.id == group_id:
                return group.name
        return f"{self.ward.kind.lower()} {self.ward.name}" if self.ward else ""

    def _count_shown(self, query: HouseholdQuery) -> None:
        """Count the households of the query off the UI thread; keep only the latest."""
        self._count_request += 1
        request = self._count_request
        self.shown_changed.emit(self.tr("Đang đếm…"))

        def done(count: int) -> None:
            if request == self._count_request:
                self.shown_changed.emit(
                    self.tr("Đang hiện: {count} hộ").format(count=vietnamese_number(count))
                )

        self.runner.run_task(lambda: self.gateway.count_households(query), done)

    def _show_totals(self) -> None:
        overview = self.overview
        if overview is None:
            return
        self.totals_changed.emit(
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

    # Selection and focus ---------------------------------------------------------------

    def current_household(self) -> HouseholdRow | None:
        return self.lists.current_household()

    def current_household_id(self) -> int | None:
        household = self.current_household()
        return household.id if household else None

    def current_resident(self) -> ResidentRow | None:
        return self.lists.current_resident()

    def focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    @Slot()
    def _focus_households(self) -> None:
        if self.lists.households.rowCount():
            self.lists.household_view.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_household(self, household_id: int, group_id: int) -> None:
        """Show a household (from the revisit list): its group, no search or filter, the
        household selected and the list focused. Nothing without a ward."""
        if self.ward is None:
            return
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
        self.lists.household_view.setFocus(Qt.FocusReason.OtherFocusReason)

    # Commands --------------------------------------------------------------------------

    def _groups(self) -> list[tuple[int, str]]:
        return [(g.id, g.name) for g in self.overview.groups] if self.overview else []

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
            self._row_before_delete = self.lists.household_view.currentIndex().row()
            self.editor.delete_household(household)

    @Slot()
    def add_resident(self) -> None:
        household = self.current_household()
        if household is not None:
            self.editor.add_resident(household, self.lists.resident_rows())

    @Slot()
    def edit_resident(self) -> None:
        household, resident = self.current_household(), self.current_resident()
        if household is not None and resident is not None:
            self.editor.edit_resident(household, resident)

    @Slot()
    def delete_resident(self) -> None:
        household, resident = self.current_household(), self.current_resident()
        if household is not None and resident is not None:
            self.editor.delete_resident(household, resident, self.lists.resident_rows())

    @Slot()
    def make_head(self) -> None:
        household, resident = self.current_household(), self.current_resident()
        if household is not None and resident is not None:
            self.editor.make_head(household, resident, self.lists.resident_rows())

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

    def show_changes(self) -> None:
        """Statuses changed elsewhere (visits, approvals saved): read the lists and the
        counts again, keeping the household chosen."""
        if self.ward is not None:
            self._after_change(self.current_household_id(), None)

"""The register's two lists: the households a query finds, and below them the residents
of the household chosen.

The household list pages through SQL as it scrolls (HouseholdTableModel). Showing a
query keeps a household selected when it can: it is looked for in the first page, and
in a few more when asked, else the row near where the selection was is taken. Sorting
is done in SQL, so only the columns SQL can order by change the order; for the others
the header's arrow goes back where the order is.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QHeaderView, QLabel, QLayout, QSplitter, QVBoxLayout, QWidget

from desktop.services.registry import HouseholdQuery, HouseholdRow, ResidentRow
from desktop.ui.registry.gateway import RegistryGateway
from desktop.ui.registry.household_table_model import (
    SORTABLE_COLUMNS,
    HouseholdColumn,
    HouseholdTableModel,
)
from desktop.ui.registry.resident_table_model import ResidentColumn, ResidentTableModel
from desktop.ui.widgets.table_views import ListView

_HOUSEHOLD_WIDTHS = {
    HouseholdColumn.CODE: 130,
    HouseholdColumn.HEAD: 180,
    HouseholdColumn.MEMBERS: 84,
    HouseholdColumn.PENDING: 100,  # "Đã chuyển đi" whole
    HouseholdColumn.GROUP: 70,
    HouseholdColumn.MATCHED: 220,
}


class RegisterLists(QSplitter):
    """The household list (under the row of controls given) above its residents."""

    selection_changed = Signal()  # another household or person chosen, or none
    sort_requested = Signal(str, bool)  # a sort key SQL knows, descending

    def __init__(
        self, gateway: RegistryGateway, controls: QLayout, parent: QWidget | None = None
    ) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self._gateway = gateway
        self._pending_resident: int | None = None  # to select once its household shows
        top, bottom = QWidget(self), QWidget(self)
        self._build_households(top)
        self._build_residents(bottom)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(controls)
        top_layout.addWidget(self.household_view)
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 4, 0, 0)
        bottom_layout.addWidget(self.household_caption)
        bottom_layout.addWidget(self.resident_view)
        self.addWidget(top)
        self.addWidget(bottom)
        self.setStretchFactor(0, 3)
        self.setStretchFactor(1, 2)
        self.setChildrenCollapsible(False)

    def _build_households(self, parent: QWidget) -> None:
        self.households = HouseholdTableModel(self._gateway.households_page, parent=self)
        self.household_view = ListView(parent)
        self.household_view.setObjectName("householdList")
        self.household_view.setModel(self.households)
        header = self.household_view.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(self.households.sort_column(), Qt.SortOrder.AscendingOrder)
        header.sortIndicatorChanged.connect(self._sort_indicator_changed)
        self.household_view.size_columns(
            _HOUSEHOLD_WIDTHS, stretch=HouseholdColumn.ADDRESS, minimum=60
        )
        self.household_view.setColumnHidden(HouseholdColumn.MATCHED, True)
        self.household_view.mark_pending_columns([HouseholdColumn.PENDING])
        self.household_view.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self.show_residents()
        )

    def _build_residents(self, parent: QWidget) -> None:
        self.residents = ResidentTableModel(self)
        self.resident_view = ListView(parent)
        self.resident_view.setObjectName("residentList")
        self.resident_view.setModel(self.residents)
        header = self.resident_view.horizontalHeader()
        # Every column as wide as its contents, the name whole even at 1024 pixels (a
        # stretched name column was squeezed to "Nguy…"); a narrow window scrolls.
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(56)
        self.resident_view.mark_pending_columns(
            [ResidentColumn.VNEID_LEVEL, ResidentColumn.APP_114, ResidentColumn.PENDING]
        )
        self.resident_view.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self.selection_changed.emit()
        )
        self.household_caption = QLabel(parent)
        self.household_caption.setObjectName("householdCaption")
        self.household_caption.setTextFormat(Qt.TextFormat.PlainText)
        font = self.household_caption.font()
        font.setBold(True)
        self.household_caption.setFont(font)

    # Showing a query -------------------------------------------------------------------

    def show_query(
        self,
        query: HouseholdQuery,
        keep: int | None = None,
        keep_resident: int | None = None,
        chase_pages: int = 0,
        fallback_row: int = 0,
    ) -> None:
        """Show the first page of a query and select a household in it.

        `keep` is looked for in the first page (and `chase_pages` more); when it is not
        found, the row at `fallback_row` (or the last) is selected.
        """
        self.households.set_query(query)
        self.household_view.setColumnHidden(HouseholdColumn.MATCHED, not query.text)
        self._select_household(keep, keep_resident, chase_pages, fallback_row)

    def _select_household(
        self,
        household_id: int | None,
        resident_id: int | None,
        chase_pages: int,
        fallback_row: int,
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
            self.show_residents()
            return
        index = self.households.index(row, HouseholdColumn.CODE)
        if self.household_view.currentIndex().row() == row:
            self.show_residents(resident_id)
        else:
            self._pending_resident = resident_id
            self.household_view.setCurrentIndex(index)
        self.household_view.scrollTo(index)

    def show_residents(self, resident_id: int | None = None) -> None:
        """Show the residents of the chosen household, search matches highlighted."""
        resident_id = resident_id or self._pending_resident
        self._pending_resident = None
        household = self.current_household()
        if household is None:
            self.residents.set_residents([])
            self.household_caption.setText(self.tr("Chọn một hộ để xem nhân khẩu"))
            self.selection_changed.emit()
            return
        rows = self._gateway.residents(household.id, self.households.query.text)
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
        self.selection_changed.emit()

    @Slot(int, Qt.SortOrder)
    def _sort_indicator_changed(self, section: int, order: Qt.SortOrder) -> None:
        if section not in SORTABLE_COLUMNS:
            # This column cannot be sorted in SQL: put the arrow back where the order is.
            header = self.household_view.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(
                self.households.sort_column(),
                Qt.SortOrder.DescendingOrder
                if self.households.query.descending
                else Qt.SortOrder.AscendingOrder,
            )
            header.blockSignals(False)
            return
        key = SORTABLE_COLUMNS[HouseholdColumn(section)]
        self.sort_requested.emit(key, order == Qt.SortOrder.DescendingOrder)

    # What is chosen --------------------------------------------------------------------

    def current_household(self) -> HouseholdRow | None:
        index = self.household_view.currentIndex()
        if not index.isValid() or index.row() >= self.households.rowCount():
            return None
        return self.households.household(index.row())

    def current_resident(self) -> ResidentRow | None:
        index = self.resident_view.currentIndex()
        if not index.isValid() or index.row() >= self.residents.rowCount():
            return None
        return self.residents.resident(index.row())

    def resident_rows(self) -> list[ResidentRow]:
        """Everyone shown for the chosen household, in the list's order."""
        return [self.residents.resident(i) for i in range(self.residents.rowCount())]

"""The household list: a table model that pages through the registry in SQL.

The model holds plain HouseholdRow values and asks its loader for the next page
(keyset: after the last row's sort value and id) when the view scrolls near the end,
so 60,000 households open as fast as 600. Sorting asks the database again in the new
order; nothing is ever sorted or filtered over all rows in Python.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from enum import IntEnum

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from desktop.services import registry
from desktop.services.registry import HouseholdQuery, HouseholdRow
from desktop.ui.widgets.formatting import vietnamese_number
from desktop.ui.widgets.row_table_model import (
    ALIGNMENT,
    BACKGROUND,
    FOREGROUND,
    ID_ROLE,  # noqa: F401  (tests/ui/registry/test_household_model.py takes it from here)
    RIGHT,
    TOOLTIP,
    PagedRowTableModel,
)

PageLoader = Callable[[HouseholdQuery, tuple[str, int] | None, int], list[HouseholdRow]]
PAGE_SIZE = 200

PENDING_BACKGROUND = QColor("#fbe3a8")
PENDING_FOREGROUND = QColor("#3d2c00")


class HouseholdColumn(IntEnum):
    CODE = 0
    ADDRESS = 1
    HEAD = 2
    MEMBERS = 3
    PENDING = 4
    GROUP = 5
    MATCHED = 6


# The columns the registry can sort in SQL, and the order each one uses.
SORTABLE_COLUMNS = {
    HouseholdColumn.CODE: registry.SORT_BY_CODE,
    HouseholdColumn.ADDRESS: registry.SORT_BY_ADDRESS,
    HouseholdColumn.HEAD: registry.SORT_BY_HEAD,
}

_NUMERIC = (HouseholdColumn.MEMBERS, HouseholdColumn.PENDING)
_PENDING_BRUSHES = {BACKGROUND: QBrush(PENDING_BACKGROUND), FOREGROUND: QBrush(PENDING_FOREGROUND)}
_MOVED_AWAY_FOREGROUND = QBrush(QColor("#6b6b6b"))


def _pending_text(row: HouseholdRow) -> str:
    return vietnamese_number(row.pending) if row.pending else ""


class HouseholdTableModel(PagedRowTableModel[HouseholdRow, HouseholdQuery]):
    """Households of the current query, loaded page by page as the view scrolls."""

    def __init__(
        self, load_page: PageLoader, page_size: int = PAGE_SIZE, parent: QObject | None = None
    ) -> None:
        super().__init__(load_page, HouseholdQuery(), page_size, parent)
        self.headers = (  # in HouseholdColumn order
            self.tr("Mã hộ"),
            self.tr("Địa chỉ"),
            self.tr("Chủ hộ"),
            self.tr("Nhân khẩu"),
            self.tr("Chưa xong"),
            self.tr("Tổ"),
            self.tr("Người khớp"),
        )
        self.header_tips = {
            **dict.fromkeys(SORTABLE_COLUMNS, self.tr("Bấm để sắp xếp theo cột này")),
            # The text starts with the house number; the order goes by the street first.
            HouseholdColumn.ADDRESS: self.tr(
                "Sắp xếp theo tên phố, rồi ngõ, rồi số nhà (bấm để đảo chiều)"
            ),
            HouseholdColumn.MEMBERS: self.tr("Số nhân khẩu của hộ"),
            HouseholdColumn.PENDING: self.tr(
                "Số người từ 14 tuổi còn chưa kích hoạt mức 2 hoặc chưa cài Báo cháy 114"
            ),
            HouseholdColumn.MATCHED: self.tr("Những người trong hộ khớp với nội dung tìm"),
        }

    # The query ---------------------------------------------------------------------------

    @property
    def query(self) -> HouseholdQuery:
        return self._query

    def set_query(self, query: HouseholdQuery) -> None:
        """Show the first page of another query (area, search, filter or order)."""
        self.show_query(query)

    def sort_column(self) -> HouseholdColumn:
        """The column whose order the list follows."""
        return next(column for column, key in SORTABLE_COLUMNS.items() if key == self._query.sort)

    # Rows ------------------------------------------------------------------------------

    def household(self, row: int) -> HouseholdRow:
        return self.rows[row]

    def row_id(self, row: HouseholdRow) -> int:
        return row.id

    def row_texts(self, row: HouseholdRow) -> tuple[str, ...]:
        return (
            row.code,
            row.address,
            row.head_name,
            vietnamese_number(row.members),
            self.tr("Đã chuyển đi") if row.moved_away else _pending_text(row),
            row.group_name,
            row.matched_names,
        )

    def cell(self, row: HouseholdRow, column: int, role: int) -> object:
        if role == ALIGNMENT:
            return RIGHT if column in _NUMERIC else None
        if role == FOREGROUND and row.moved_away:
            return _MOVED_AWAY_FOREGROUND  # greyed: nobody to serve there any more
        if role in _PENDING_BRUSHES:
            pending = column == HouseholdColumn.PENDING and row.pending and not row.moved_away
            return _PENDING_BRUSHES[role] if pending else None
        if role == TOOLTIP:
            return self._tooltip(row, column)
        return None

    def _tooltip(self, row: HouseholdRow, column: int) -> str | None:
        if row.moved_away and column == HouseholdColumn.PENDING:
            return self.tr("Lần đến gần nhất: hộ đã chuyển đi; không còn trong lộ trình")
        if column == HouseholdColumn.ADDRESS and not row.has_coordinates:
            return self.tr("{address} (chưa có tọa độ)").format(address=row.address)
        if column == HouseholdColumn.ADDRESS:
            return row.address or None
        if column == HouseholdColumn.MATCHED:
            return row.matched_names or None
        return None

    # Paging and sorting ----------------------------------------------------------------

    def page_key(self, row: HouseholdRow) -> tuple[str, int]:
        return (row.sort_value, row.id)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Ask the database for the list in another order; other columns do not sort."""
        key = SORTABLE_COLUMNS.get(HouseholdColumn(column)) if 0 <= column < 7 else None
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self._query.sort, self._query.descending):
            self.set_query(replace(self._query, sort=key, descending=descending))

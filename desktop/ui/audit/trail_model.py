"""The trail's list: entries newest first, read a page at a time as the view scrolls.

The model holds plain TrailRow values and asks its loader for the page after the last
row (keyset on the stored time and id), so 200,000 entries open as fast as 20 and
scrolling far down costs no more than the first page.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import QObject

from desktop.services.audit_trail import TrailFilter, TrailPosition, TrailRow
from desktop.ui.widgets.row_table_model import TOOLTIP, PagedRowTableModel

PageLoader = Callable[[TrailFilter, TrailPosition | None, int], list[TrailRow]]
PAGE_SIZE = 200


class TrailColumn(IntEnum):
    AT = 0
    ACTOR = 1
    ACTION = 2
    ENTITY = 3
    DESCRIPTION = 4
    LINK = 5  # how an entry concerns the resident filtered by


class TrailTableModel(PagedRowTableModel[TrailRow, TrailFilter]):
    """The entries the filters keep, loaded page by page."""

    def __init__(
        self, load_page: PageLoader, page_size: int = PAGE_SIZE, parent: QObject | None = None
    ) -> None:
        super().__init__(load_page, TrailFilter(), page_size, parent)
        self.headers = (  # in TrailColumn order
            self.tr("Lúc"),
            self.tr("Người thực hiện"),
            self.tr("Thao tác"),
            self.tr("Đối tượng"),
            self.tr("Nội dung"),
            self.tr("Liên quan đến nhân khẩu"),
        )
        self.header_tips = {
            TrailColumn.AT: self.tr("Giờ Việt Nam; mới nhất ở trên"),
            TrailColumn.LINK: self.tr("Mục này liên quan đến nhân khẩu đang lọc thế nào"),
        }

    @property
    def filters(self) -> TrailFilter:
        return self._query

    def set_filters(self, filters: TrailFilter) -> None:
        """Show the first page of the entries these filters keep."""
        self.show_query(filters)

    def page_key(self, row: TrailRow) -> TrailPosition:
        return row.position

    def entry(self, row: int) -> TrailRow:
        return self.rows[row]

    def row_id(self, row: TrailRow) -> int:
        return row.id

    def row_texts(self, row: TrailRow) -> tuple[str, ...]:
        return (
            f"{row.at:%d/%m/%Y %H:%M:%S}",
            row.actor,
            row.action_text,
            row.entity_text,
            row.description,
            row.link,
        )

    def cell(self, row: TrailRow, column: int, role: int) -> object:
        if role == TOOLTIP and column in (TrailColumn.DESCRIPTION, TrailColumn.LINK):
            return self.row_texts(row)[column] or None
        return None

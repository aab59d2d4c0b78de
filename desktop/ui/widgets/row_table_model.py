"""The table model every plain list of the window is made of: rows from the services
(dataclasses), one per line, under fixed column headings, the record's id under ID_ROLE.

A list says only what is its own: its headings (and their tooltips), the id of a row,
and what a cell shows for each role.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex
# Roles as plain ints: data() runs for every painted cell, so it compares cheaply.
DISPLAY = int(Qt.ItemDataRole.DisplayRole)
EDIT = int(Qt.ItemDataRole.EditRole)
CHECK = int(Qt.ItemDataRole.CheckStateRole)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
FONT = int(Qt.ItemDataRole.FontRole)
BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
ID_ROLE = Qt.ItemDataRole.UserRole + 1  # the id of the row's record
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)  # for numbers

Row = TypeVar("Row")
Query = TypeVar("Query")


class RowTableModel(QAbstractTableModel, Generic[Row]):
    """Rows of one kind, one per line; read-only unless a subclass says otherwise.

    A subclass sets `headers` (one per column, in order) and, if it wants,
    `header_tips` ({column: tooltip}) after calling __init__, and answers cell();
    row_id() gives what ID_ROLE returns (None when the rows have no id).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Row] = []
        self.headers: Sequence[str] = ()
        self.header_tips: Mapping[int, str] = {}

    def replace_rows(self, rows: Iterable[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_id(self, row: Row) -> object:
        """What ID_ROLE gives for the row: the id of its record (None: no record)."""
        return None

    def cell(self, row: Row, column: int, role: int) -> object:
        """What the cell of `row` in `column` shows for `role` (None: nothing)."""
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = DISPLAY) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == ID_ROLE:
            return self.row_id(row)
        return self.cell(row, index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == DISPLAY:
            return self.headers[section]
        if role == TOOLTIP:
            return self.header_tips.get(section)
        return None


class TextRowTableModel(RowTableModel[Row]):
    """Rows whose cell texts are made once, when the rows come, not at every repaint.

    Qt asks for the text of every visible cell each time it paints the list; the
    registry's lists (households, residents) have names, dates and numbers to format in
    every row, so they keep each row's texts beside it. A subclass answers row_texts()
    and, as any RowTableModel, cell() for the other roles.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.texts: list[tuple[str, ...]] = []  # each row's texts, in column order

    def row_texts(self, row: Row) -> tuple[str, ...]:
        """The texts of a row, one per column, in order."""
        raise NotImplementedError

    def replace_rows(self, rows: Iterable[Row]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.texts = [self.row_texts(row) for row in self.rows]
        self.endResetModel()

    def append_rows(self, rows: Sequence[Row]) -> None:
        """Add rows after the last (the next page of a long list)."""
        if rows:
            start = len(self.rows)
            self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
            self.rows.extend(rows)
            self.texts.extend(self.row_texts(row) for row in rows)
            self.endInsertRows()

    def row_of(self, row_id: object) -> int | None:
        """The line showing the record with this id, if it is among the rows."""
        return next((i for i, row in enumerate(self.rows) if self.row_id(row) == row_id), None)

    def data(self, index: Index, role: int = DISPLAY) -> object:
        if role == DISPLAY and index.isValid() and index.row() < len(self.texts):
            return self.texts[index.row()][index.column()]
        return super().data(index, role)


class PagedRowTableModel(TextRowTableModel[Row], Generic[Row, Query]):
    """A long list read page by page as the view scrolls (Qt's canFetchMore/fetchMore).

    `load_page(query, after, size)` gives up to `size` rows of the query, those after
    the position `after` (None: the first page); a subclass says, with page_key(), the
    position of a row. Fewer rows than asked means the list has ended.
    """

    def __init__(
        self,
        load_page: Callable[[Query, object | None, int], list[Row]],
        query: Query,
        page_size: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._load_page = load_page
        self._page_size = page_size
        self._query = query
        self._more = False

    def page_key(self, row: Row) -> object:
        """Where a row stands in its query's order: the next page starts after it."""
        raise NotImplementedError

    def show_query(self, query: Query) -> None:
        """Show the first page of this query (the query is kept only if it loads)."""
        first_page = self._load_page(query, None, self._page_size)
        self._query = query
        self._more = len(first_page) == self._page_size
        self.replace_rows(first_page)

    def reload(self) -> None:
        """Read the first page of the same query again (after a change)."""
        self.show_query(self._query)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or not self._more:
            return
        page = self._load_page(self._query, self.page_key(self.rows[-1]), self._page_size)
        self._more = len(page) == self._page_size
        self.append_rows(page)

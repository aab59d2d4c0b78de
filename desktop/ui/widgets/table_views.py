"""Table views for the two lists: row selection, no in-place editing, a hint when empty."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)


class ListView(QTableView):
    """A read-only table of records selected by whole rows, with a hint when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTabKeyNavigation(False)  # Tab moves on to the next part of the window
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.horizontalHeader().setHighlightSections(False)
        self._hint = QLabel(self.viewport())
        self._hint.setObjectName("emptyListHint")
        self._hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._hint.setWordWrap(True)
        self._hint.setStyleSheet("color: palette(placeholder-text); padding: 24px;")
        self._hint.hide()
        self.viewport().installEventFilter(self)
        self._pending_delegate = PendingCellDelegate(self)

    def size_columns(
        self, widths: Mapping[int, int], stretch: int, minimum: int | None = None
    ) -> None:
        """Columns the user can resize, `widths` wide at first (pixels); `stretch` takes the
        room left, and no column gets narrower than `minimum`."""
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        if minimum is not None:
            header.setMinimumSectionSize(minimum)
        for column, width in widths.items():
            self.setColumnWidth(column, width)

    def mark_pending_columns(self, columns: list[int]) -> None:
        """Keep the amber of these columns visible in the selected row.

        Only these columns get the Python delegate; the others keep Qt's own, which
        paints a screenful of cells several times faster.
        """
        for column in columns:
            self.setItemDelegateForColumn(column, self._pending_delegate)

    def set_empty_hint(self, text: str) -> None:
        """Show the text in the middle of the list while it has no rows ("" hides it)."""
        self._hint.setText(text)
        self._hint.setVisible(bool(text))
        self._hint.setGeometry(self.viewport().rect())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.viewport() and event.type() == QEvent.Type.Resize:
            self._hint.setGeometry(self.viewport().rect())
        return super().eventFilter(watched, event)


class PendingCellDelegate(QStyledItemDelegate):
    """Keeps a pending cell's amber visible inside a selected row.

    The selection colour frames the cell and the amber stays inside, so the row
    under the cursor still shows what is left to do.
    """

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        background = index.data(Qt.ItemDataRole.BackgroundRole)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if background is None or not selected:
            super().paint(painter, option, index)
            return
        cell = QStyleOptionViewItem(option)
        self.initStyleOption(cell, index)
        active = bool(option.state & QStyle.StateFlag.State_Active)
        group = QPalette.ColorGroup.Active if active else QPalette.ColorGroup.Inactive
        painter.save()
        painter.fillRect(cell.rect, cell.palette.brush(group, QPalette.ColorRole.Highlight))
        painter.fillRect(cell.rect.adjusted(2, 3, -2, -3), background)
        painter.restore()
        cell.state &= ~QStyle.StateFlag.State_Selected
        cell.backgroundBrush = QBrush()
        style = cell.widget.style() if cell.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, cell, painter, cell.widget)

"""The review step's list of the columns the import leaves out, each with a chooser.

No column is dropped in silence: a heading Đèn Khuya does not know ("Dân tộc", "Đã làm
hồ sơ mức 2"), a field given twice, or values under no heading are listed here. Choosing
what a column holds (`column_mapped`) puts it into the layout and the wizard checks the
file again.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.importing import FIELD_LABELS, IGNORED
from desktop.services.importing.ignored import IgnoredColumn

COLUMNS = ("Trang", "Cột", "Tiêu đề trong tệp", "Nhập vào")
_VISIBLE_ROWS = 4
_CHOOSER_WIDTH = 240


class IgnoredColumnsBox(QGroupBox):
    """The ignored columns of a plan; hidden when there are none."""

    column_mapped = Signal(str, int, str)  # sheet, 0-based column, field key

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Cột không được nhập"), parent)
        self.columns: list[IgnoredColumn] = []
        self._combos: list[QComboBox] = []
        note = QLabel(
            self.tr(
                "Dữ liệu các cột dưới đây không được nhập. Nếu cột nào cần nhập, hãy chọn ở ô "
                "“Nhập vào” thông tin mà cột đó ghi; Đèn Khuya sẽ kiểm tra lại tệp."
            )
        )
        note.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([self.tr(text) for text in COLUMNS])
        self.table.setAccessibleName(self.tr("Các cột không được nhập"))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        self.hide()

    def combo(self, row: int) -> QComboBox:
        """The chooser of the row-th ignored column (for tests and keyboard users)."""
        return self._combos[row]

    def show_columns(self, columns: list[IgnoredColumn]) -> None:
        self.columns = list(columns)
        self._combos = []
        self.table.setRowCount(len(columns))
        for row, column in enumerate(columns):
            heading = column.heading or self.tr("(không có tiêu đề, có dữ liệu)")
            for index, text in enumerate((column.sheet, column.letter, heading)):
                item = QTableWidgetItem(text)
                item.setToolTip(column.reason if index == 2 else text)
                self.table.setItem(row, index, item)
            combo = QComboBox()
            combo.addItem(self.tr("(Bỏ qua)"), IGNORED)
            for key, label in FIELD_LABELS.items():
                combo.addItem(label, key)
            combo.setAccessibleName(
                self.tr("Nhập cột {letter} của trang {sheet} vào").format(
                    letter=column.letter, sheet=column.sheet
                )
            )
            combo.currentIndexChanged.connect(lambda _index, row=row: self._chosen(row))
            self.table.setCellWidget(row, 3, combo)
            self._combos.append(combo)
        self.table.resizeColumnsToContents()
        # Room for the longest field name a chooser can show ("Ngày/năm sinh (cột Nam)").
        self.table.setColumnWidth(3, max(self.table.columnWidth(3), _CHOOSER_WIDTH))
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.resizeRowsToContents()
        shown = min(len(columns), _VISIBLE_ROWS)
        row_height = self.table.rowHeight(0) if columns else 0
        header = self.table.horizontalHeader().height()
        self.table.setFixedHeight(header + shown * row_height + 2 * self.table.frameWidth())
        self.setVisible(bool(columns))

    def _chosen(self, row: int) -> None:
        key = self._combos[row].currentData()
        if key == IGNORED:
            return
        column = self.columns[row]
        self.column_mapped.emit(column.sheet, column.column, key)

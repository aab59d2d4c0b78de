"""The wizard's mapping step: a preview of a sheet's first rows with one chooser per column.

Row 0 of the table holds, for each column of the file, a combo box saying what the
import takes it for ("Họ và tên", "Quan hệ với chủ hộ"… or "(Bỏ qua)"); the rows under
it show the first people of the sheet as the file writes them. Changing a combo
changes the SheetLayout the import will use; a field chosen for a second column is
taken away from the first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.importing import FIELD_LABELS, IGNORED, SheetLayout, SourceWorkbook
from desktop.services.importing.cell_issues import column_letter
from desktop.services.importing.rows import table_rows
from desktop.services.importing.values import cell_text
from desktop.services.importing.workbook import SourceSheet

PREVIEW_ROWS = 8


class MappingPage(QWidget):
    """Choose the sheet, correct its columns and its group, name the ward if needed."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workbook: SourceWorkbook | None = None
        self.sheets: list[SheetLayout] = []
        self._combos: dict[int, QComboBox] = {}
        intro = QLabel(
            self.tr(
                "Đèn Khuya đã tự nhận các cột theo tiêu đề. Kiểm tra dòng đầu của bảng dưới "
                "đây và sửa nếu cột nào nhận sai; cần có cột “Họ và tên” và “Quan hệ với chủ hộ”."
            )
        )
        intro.setWordWrap(True)
        self.sheet_box = QComboBox()
        self.sheet_box.setAccessibleName(self.tr("Trang tính"))
        self.sheet_box.currentIndexChanged.connect(self._show_sheet)
        self.group_edit = QLineEdit()
        self.group_edit.setPlaceholderText(self.tr("theo cột tổ dân phố, hoặc các dòng tên tổ"))
        self.group_edit.textEdited.connect(self._group_edited)
        self.ward_edit = QLineEdit()
        self.ward_edit.setPlaceholderText(self.tr("ví dụ: Cốc Lếu, hoặc xã Bản Phiệt"))
        self.ward_label = QLabel(self.tr("&Phường/xã:"))
        self.ward_label.setBuddy(self.ward_edit)
        form = QFormLayout()
        sheet_label = QLabel(self.tr("&Trang tính:"))
        sheet_label.setBuddy(self.sheet_box)
        group_label = QLabel(self.tr("Tổ dân &phố của trang:"))
        group_label.setBuddy(self.group_edit)
        form.addRow(sheet_label, self.sheet_box)
        form.addRow(group_label, self.group_edit)
        form.addRow(self.ward_label, self.ward_edit)
        self.table = QTableWidget()
        self.table.setAccessibleName(self.tr("Xem trước và đối chiếu cột"))
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.skipped_label = QLabel()
        self.skipped_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.skipped_label)

    def show_layout(
        self,
        workbook: SourceWorkbook,
        sheets: list[SheetLayout],
        skipped: list[str],
        ward_name: str,
        ward_editable: bool,
    ) -> None:
        """Show the detected tables; the ward field is editable only for an empty database."""
        self.workbook = workbook
        self.sheets = sheets
        self.ward_edit.setText(ward_name)
        self.ward_edit.setReadOnly(not ward_editable)
        self.ward_edit.setToolTip(
            ""
            if ward_editable
            else self.tr("Cơ sở dữ liệu đã có phường/xã; danh sách được nhập vào đó.")
        )
        self.sheet_box.blockSignals(True)
        self.sheet_box.clear()
        self.sheet_box.addItems([sheet.sheet for sheet in sheets])
        self.sheet_box.blockSignals(False)
        self.skipped_label.setText(
            self.tr("Các trang không có bảng danh sách, sẽ bỏ qua: {names}.").format(
                names=", ".join(f"“{name}”" for name in skipped)
            )
            if skipped
            else ""
        )
        self._show_sheet(0)

    def current_sheet(self) -> SheetLayout | None:
        index = self.sheet_box.currentIndex()
        return self.sheets[index] if 0 <= index < len(self.sheets) else None

    def ward_name(self) -> str:
        return self.ward_edit.text().strip()

    def combo(self, column: int) -> QComboBox:
        """The chooser of a column of the current sheet (for tests and keyboard users)."""
        return self._combos[column]

    def _show_sheet(self, index: int) -> None:
        layout = self.current_sheet()
        if layout is None or self.workbook is None:
            return
        self.group_edit.setText(layout.group_name or "")
        sheet = next(s for s in self.workbook.sheets if s.name == layout.sheet)
        width = max([*layout.headings, *layout.columns, 0]) + 1
        numbers = _preview_rows(sheet, layout, PREVIEW_ROWS)
        rows = [sheet.rows[number - 1] for number in numbers]
        self.table.clear()
        self.table.setColumnCount(width)
        self.table.setRowCount(1 + len(rows))
        self.table.setVerticalHeaderLabels(["", *(str(number) for number in numbers)])
        self.table.setHorizontalHeaderLabels(
            [
                f"{column_letter(column)}  {layout.headings.get(column, '')}".strip()
                for column in range(width)
            ]
        )
        self._combos = {}
        for column in range(width):
            combo = QComboBox()
            combo.addItem(self.tr("(Bỏ qua)"), IGNORED)
            for key, label in FIELD_LABELS.items():
                combo.addItem(label, key)
            combo.setCurrentIndex(max(combo.findData(layout.columns.get(column, IGNORED)), 0))
            combo.setAccessibleName(self.tr("Cột {letter}").format(letter=column_letter(column)))
            combo.currentIndexChanged.connect(
                lambda _index, column=column: self._field_chosen(column)
            )
            self.table.setCellWidget(0, column, combo)
            self._combos[column] = combo
        for row_index, row in enumerate(rows, start=1):
            for column in range(width):
                value = cell_text(row[column]) if column < len(row) else ""
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row_index, column, item)
        self.table.resizeColumnsToContents()
        for column in range(width):
            self.table.setColumnWidth(column, min(max(self.table.columnWidth(column), 120), 260))

    def map_column(self, sheet: str, column: int, key: str) -> None:
        """Take a column of a sheet for a field (from the review step), as its chooser would."""
        layout = next((layout for layout in self.sheets if layout.sheet == sheet), None)
        if layout is None:
            return
        _take_field(layout, column, key)
        if layout is self.current_sheet():
            self._show_sheet(self.sheet_box.currentIndex())
        self.changed.emit()

    def _field_chosen(self, column: int) -> None:
        layout = self.current_sheet()
        if layout is None:
            return
        key = self._combos[column].currentData()
        for other in _take_field(layout, column, key):
            combo = self._combos.get(other)
            if combo is not None:
                combo.blockSignals(True)
                combo.setCurrentIndex(0)
                combo.blockSignals(False)
        self.changed.emit()

    def _group_edited(self, text: str) -> None:
        layout = self.current_sheet()
        if layout is not None:
            layout.group_name = text.strip() or None
            self.changed.emit()


def _take_field(layout: SheetLayout, column: int, key: str) -> list[int]:
    """Map `column` to `key`; a field chosen for a second column is taken away from the
    first. Returns the columns that lost it."""
    others = []
    if key != IGNORED:
        others = [c for c, k in layout.columns.items() if c != column and k == key]
        for other in others:
            layout.columns[other] = IGNORED
    layout.columns[column] = key
    return others


def _preview_rows(sheet: SourceSheet, layout: SheetLayout, count: int) -> list[int]:
    """The Excel row numbers of the first people of the table, as the import sees them."""
    numbers = []
    for row in table_rows(sheet, layout):
        numbers.append(row.number)
        if len(numbers) == count:
            break
    return numbers

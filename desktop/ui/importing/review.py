"""The wizard's review step: what the import will add, update and leave, and the problems."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.importing import ERROR, Problem
from desktop.services.importing.ignored import IgnoredColumn
from desktop.services.importing.plans import ImportCounts
from desktop.ui.importing.ignored_columns import IgnoredColumnsBox
from desktop.ui.widgets.formatting import vietnamese_number

PROBLEM_COLUMNS = ("Trang", "Dòng", "Cột", "Loại", "Nội dung")
_MAX_SHOWN = 5000  # the saved Excel file holds them all


class ReviewPage(QWidget):
    """Counts in large type, the columns left out (with a chooser each), then the problems
    row by row."""

    save_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.count_labels: dict[str, QLabel] = {}
        grid = QGridLayout()
        captions = [
            ("added", self.tr("Thêm mới")),
            ("updated", self.tr("Cập nhật")),
            ("unchanged", self.tr("Không đổi")),
            ("rejected", self.tr("Dòng bị loại")),
            ("warnings", self.tr("Dòng có cảnh báo")),
        ]
        for column, (key, caption) in enumerate(captions):
            number = QLabel("0")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            font = number.font()
            font.setPointSizeF(font.pointSizeF() * 1.8)
            font.setBold(True)
            number.setFont(font)
            label = QLabel(caption)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(number, 0, column)
            grid.addWidget(label, 1, column)
            self.count_labels[key] = number
        self.ignored = IgnoredColumnsBox()
        self.problems_title = QLabel()
        self.problems = QTableWidget(0, len(PROBLEM_COLUMNS))
        self.problems.setHorizontalHeaderLabels([self.tr(text) for text in PROBLEM_COLUMNS])
        self.problems.setAccessibleName(self.tr("Danh sách lỗi và cảnh báo"))
        self.problems.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.problems.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.problems.verticalHeader().setVisible(False)
        self.problems.setWordWrap(True)
        header = self.problems.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.save_button = QPushButton(self.tr("&Lưu danh sách lỗi ra Excel…"))
        self.save_button.clicked.connect(self.save_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.problems_title, 1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(grid)
        layout.addWidget(self.ignored)
        layout.addLayout(buttons)
        layout.addWidget(self.problems, 1)

    def show_review(
        self,
        summary: str,
        counts: ImportCounts | None,
        problems: list[Problem],
        ignored: list[IgnoredColumn] | None = None,
    ) -> None:
        """Show the plan's figures (None: nothing can be imported), the columns it leaves
        out and its problems."""
        self.summary.setText(summary)
        self.ignored.show_columns(ignored or [])
        for key, label in self.count_labels.items():
            label.setText(vietnamese_number(getattr(counts, key)) if counts else "–")
        errors = sum(problem.severity == ERROR for problem in problems)
        self.problems_title.setText(
            self.tr("{errors} lỗi, {warnings} cảnh báo").format(
                errors=vietnamese_number(errors),
                warnings=vietnamese_number(len(problems) - errors),
            )
            if problems
            else self.tr("Không có lỗi hay cảnh báo nào.")
        )
        self.save_button.setEnabled(bool(problems))
        shown = problems[:_MAX_SHOWN]
        self.problems.setRowCount(len(shown))
        for row, problem in enumerate(shown):
            severity = self.tr("Lỗi") if problem.severity == ERROR else self.tr("Cảnh báo")
            values = (problem.sheet, str(problem.row), problem.column, severity, problem.message)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column == 1:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if problem.severity == ERROR and column == 3:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.problems.setItem(row, column, item)
        self.problems.resizeColumnsToContents()
        self.problems.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.problems.resizeRowsToContents()

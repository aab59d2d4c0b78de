"""The “Ai đã xem, sửa…” dialog: who has seen or changed one resident, from the audit trail.

The list comes from desktop.services.audit_trail.resident_history(): the resident's own
record, their household and its visits, and the files and lists that held them. The
trail records whole-ward files and a night's walk sheets by their counts only, so those
lines say "có trong" or "có thể có" rather than claim more than it knows.
"""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from desktop.domain.numbers import number
from desktop.services.audit_trail import ResidentHistory, TrailRow
from desktop.ui.widgets.row_table_model import TOOLTIP, TextRowTableModel
from desktop.ui.widgets.table_views import ListView


class HistoryColumn(IntEnum):
    AT = 0
    ACTOR = 1
    DESCRIPTION = 2
    LINK = 3


class HistoryTableModel(TextRowTableModel[TrailRow]):
    """The resident's history, newest first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = (
            self.tr("Lúc"),
            self.tr("Người thực hiện"),
            self.tr("Việc"),
            self.tr("Liên quan thế nào"),
        )

    def row_id(self, row: TrailRow) -> int:
        return row.id

    def row_texts(self, row: TrailRow) -> tuple[str, ...]:
        return (f"{row.at:%d/%m/%Y %H:%M}", row.actor, row.description, row.link)

    def cell(self, row: TrailRow, column: int, role: int) -> object:
        if role != TOOLTIP:
            return None
        if column == HistoryColumn.DESCRIPTION:
            changes = "\n".join(
                f"{line.what}: {line.before or '—'} → {line.after or '—'}" for line in row.changes
            )
            source = self.tr("\nNguồn: {source}").format(source=row.source) if row.source else ""
            return "\n".join(part for part in (row.description, changes) if part) + source
        return self.row_texts(row)[column] or None


class ResidentHistoryDialog(QDialog):
    """Shows a resident's history; Esc or Enter closes it."""

    def __init__(self, parent: QWidget | None, history: ResidentHistory) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "ho-dan.html#ai-da-xem")  # F1 opens this page
        resident = history.resident
        self.setWindowTitle(self.tr("Ai đã xem, sửa: {name}").format(name=resident.full_name))
        self.header = QLabel(
            self.tr("<b>{who}</b><br>Số định danh {masked}").format(
                who=resident.label(), masked=resident.masked_id or self.tr("chưa có")
            ),
            self,
        )
        self.header.setWordWrap(True)
        self.model = HistoryTableModel(self)
        self.model.replace_rows(history.rows)
        self.view = ListView(self)
        self.view.setModel(self.model)
        self.view.setWordWrap(False)
        self.view.size_columns({HistoryColumn.AT: 120, HistoryColumn.ACTOR: 120,
                                HistoryColumn.LINK: 300}, HistoryColumn.DESCRIPTION)  # fmt: skip
        self.view.set_empty_hint(self.tr("Nhật ký chưa ghi việc nào liên quan đến người này."))
        if history.rows:
            self.view.set_empty_hint("")
            self.view.selectRow(0)
        shown = self.tr("{count} mục, mới nhất trước.").format(count=number(len(history.rows)))
        if history.more:
            shown = self.tr(
                "{count} mục mới nhất; các mục cũ hơn xem ở Tệp → Nhật ký thao tác."
            ).format(count=number(len(history.rows)))
        self.note = QLabel(
            shown
            + " "
            + self.tr(
                "Tệp xuất toàn phường và bản sao lưu chứa mọi người có trong sổ lúc đó; "
                "phiếu đi hộ và danh sách còn phải làm chỉ được ghi số người, nên ghi "
                "“có thể có”."
            ),
            self,
        )
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: palette(placeholder-text);")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.note)
        layout.addWidget(buttons)
        self.resize(1120, 480)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

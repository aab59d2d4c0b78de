"""Cảnh báo số liệu: the data that looks wrong in the campaign's results, for the duty
officer to look at and, once checked, to clear with a reason.

Nothing is blocked by a flag (desktop.services.flags says what is flagged and why). The
list shows the flags still raised, the latest night first (with "Hiện cả cảnh báo đã
bỏ", those cleared too, with who cleared them, when and why). A flag is cleared by
writing the reason and pressing Enter or Alt+C: the reason goes to the audit trail, and
the flag stays cleared while its figures stay the same.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import roles
from desktop.domain.errors import UserError
from desktop.services import signed_in
from desktop.services.flags import DataFlag
from desktop.ui.campaign.gateway import CampaignGateway
from desktop.ui.widgets.form_dialog import error_line
from desktop.ui.widgets.row_table_model import DISPLAY, FOREGROUND, TOOLTIP, RowTableModel
from desktop.ui.widgets.table_views import ListView

# The colour of a flag on every list that shows one.
FLAG_COLOUR = QColor("#a04000")
CLEARED_COLOUR = QColor("#5f6368")
FLAG_MARK = "⚠"


def flags_strip(
    parent: QWidget, button_text: str, tip: str, on_open: Callable[[], None]
) -> tuple[QWidget, QLabel, QPushButton]:
    """The line that says how many figures need a look, in the flags' colour, and the
    button that opens them; hidden until there are some. (row, label, button)"""
    label = QLabel(parent)
    label.setObjectName("flagsLine")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {FLAG_COLOUR.name()};")
    button = QPushButton(button_text, parent)
    button.setAutoDefault(False)
    button.setToolTip(tip)
    button.clicked.connect(on_open)
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(label, 1)
    layout.addWidget(button)
    row.hide()
    return row, label, button


class FlagColumn(IntEnum):
    NIGHT = 0
    TEAM = 1
    KIND = 2
    TEXT = 3
    CLEARED = 4


class FlagTableModel(RowTableModel[DataFlag]):
    """One flag per line: the night, the team, what kind, the sentence, the clearance."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = (
            self.tr("Đêm"),
            self.tr("Tổ công tác"),
            self.tr("Cảnh báo"),
            self.tr("Nội dung"),
            self.tr("Đã bỏ"),
        )

    def flag(self, row: int) -> DataFlag:
        return self.rows[row]

    def row_id(self, flag: DataFlag) -> str:
        return flag.key

    def cell(self, flag: DataFlag, column: int, role: int) -> object:
        if role == DISPLAY:
            return self._text(flag, column)
        if role == FOREGROUND:
            return QBrush(CLEARED_COLOUR if flag.cleared else FLAG_COLOUR)
        if role == TOOLTIP:
            lines = [flag.text]
            if flag.cleared is not None:
                lines.append(self._cleared(flag))
            return "\n".join(lines)
        return None

    def _text(self, flag: DataFlag, column: int) -> str:
        if column == FlagColumn.NIGHT:
            return f"{flag.day:%d/%m/%Y}"
        if column == FlagColumn.TEAM:
            return flag.team_name
        if column == FlagColumn.KIND:
            return flag.label
        if column == FlagColumn.TEXT:
            return flag.text
        return self._cleared(flag) if flag.cleared else ""

    def _cleared(self, flag: DataFlag) -> str:
        assert flag.cleared is not None
        return self.tr("{by}, {when}: {reason}").format(
            by=flag.cleared.by,
            when=f"{flag.cleared.at:%H:%M %d/%m/%Y}",
            reason=flag.cleared.reason,
        )


class FlagsDialog(QDialog):
    """The campaign's flags; `changed` after a flag is cleared."""

    changed = Signal()

    def __init__(self, gateway: CampaignGateway, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "tien-do.html#canh-bao")  # F1 opens this page
        self.gateway = gateway
        self.setWindowTitle(self.tr("Cảnh báo số liệu"))
        self.setModal(True)
        self._build()
        self.load()

    def _build(self) -> None:
        intro = QLabel(
            self.tr(
                "Số liệu trông không hợp lý cần cán bộ trực xem lại: không chặn việc nhập. "
                "Đã kiểm tra và thấy đúng thì ghi lý do rồi bỏ cảnh báo; lý do được ghi vào "
                "nhật ký thao tác."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.flags = FlagTableModel(self)
        self.view = ListView(self)
        self.view.setObjectName("flagList")
        self.view.setModel(self.flags)
        self.view.setAccessibleName(self.tr("Các cảnh báo"))
        self.view.setWordWrap(True)
        self.view.size_columns(
            {
                FlagColumn.NIGHT: 88,
                FlagColumn.TEAM: 130,
                FlagColumn.KIND: 170,
                FlagColumn.CLEARED: 190,
            },
            stretch=FlagColumn.TEXT,
        )
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_button())
        # The sentences wrap: rows as tall as their text at the width the columns have.
        self.view.horizontalHeader().sectionResized.connect(
            lambda *_: self.view.resizeRowsToContents()
        )
        self.include_cleared = QCheckBox(self.tr("Hiện cả cảnh báo đã &bỏ qua"), self)
        self.include_cleared.toggled.connect(lambda _on: self.load())
        self.reason = QLineEdit(self)
        self.reason.setObjectName("clearReason")
        self.reason.setPlaceholderText(
            self.tr("ví dụ: đã gọi tổ trưởng xác nhận, tổ đi 5 người và về muộn")
        )
        self.reason.textChanged.connect(lambda _text: self._update_button())
        self.reason.returnPressed.connect(self.clear_current)
        reason_label = QLabel(self.tr("&Lý do bỏ cảnh báo:"), self)
        reason_label.setBuddy(self.reason)
        self.clear_button = QPushButton(self.tr("Bỏ &cảnh báo này"), self)
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear_current)
        self.close_button = QPushButton(self.tr("Đóng (Esc)"), self)
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)
        self.error_label = error_line(self, selectable=True)
        self.info_label = QLabel(self)
        self.info_label.setWordWrap(True)
        reason_row = QHBoxLayout()
        reason_row.addWidget(reason_label)
        reason_row.addWidget(self.reason, 1)
        reason_row.addWidget(self.clear_button)
        for widget in (reason_label, self.reason, self.clear_button):  # a leader only reads
            widget.setVisible(signed_in.may(roles.CAMPAIGNS))
        bottom = QHBoxLayout()
        bottom.addWidget(self.include_cleared)
        bottom.addWidget(self.info_label, 1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.view, 1)
        layout.addLayout(reason_row)
        layout.addWidget(self.error_label)
        layout.addLayout(bottom)
        for before, after in (
            (self.view, self.reason),
            (self.reason, self.clear_button),
            (self.clear_button, self.include_cleared),
            (self.include_cleared, self.close_button),
        ):
            QWidget.setTabOrder(before, after)
        self.resize(1100, 460)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.view.resizeRowsToContents()

    def load(self, current_key: str | None = None) -> None:
        """Read the flags again; `current_key` stays under the cursor when still listed."""
        rows = self.gateway.data_flags(self.include_cleared.isChecked())
        self.flags.replace_rows(rows)
        self.view.resizeRowsToContents()
        if rows:
            keys = [flag.key for flag in rows]
            row = keys.index(current_key) if current_key in keys else 0
            self.view.setCurrentIndex(self.flags.index(row, FlagColumn.TEXT))
            self.view.set_empty_hint("")
        else:
            self.view.set_empty_hint(self.tr("Không có cảnh báo nào: số liệu trông hợp lý."))
        self._update_button()

    def current(self) -> DataFlag | None:
        index = self.view.currentIndex()
        return self.flags.flag(index.row()) if index.isValid() else None

    def _update_button(self) -> None:
        flag = self.current()
        self.clear_button.setEnabled(
            flag is not None and flag.cleared is None and bool(self.reason.text().strip())
        )

    def clear_current(self) -> bool:
        """Clear the flag under the cursor with the reason written; True when cleared.
        A refusal (no reason, a flag gone since) is shown on the red line."""
        flag = self.current()
        if flag is None or flag.cleared is not None:
            return False
        self.error_label.hide()
        try:
            self.gateway.clear_flag(flag.key, self.reason.text())
        except UserError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return False
        self.reason.clear()
        self.info_label.setText(
            self.tr("Đã bỏ cảnh báo “{kind}” của {team}, đêm {day}.").format(
                kind=flag.label, team=flag.team_name, day=f"{flag.day:%d/%m/%Y}"
            )
        )
        self.changed.emit()
        self.load(flag.key)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

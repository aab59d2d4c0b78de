"""Danh sách cần quay lại: households and residents to go back to, with the time agreed.

A window that stays open beside the register: a tree of households (what their latest
visit found, the team and the suggested time) with the residents to look for under
each; filterable by residential group. Enter or "Mở trong sổ hộ" shows the household
in the register tab.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserError
from desktop.services.revisits import RevisitHousehold
from desktop.ui.campaign.gateway import CampaignGateway
from desktop.ui.widgets.formatting import vietnamese_number
from desktop.ui.widgets.messages import show_refusal

HOUSEHOLD_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2


APPOINTMENT_COLUMN = 2
OVERDUE = QColor("#b00020")


def _appointment(household: RevisitHousehold, late: bool, late_word: str) -> str:
    if household.come_back_at is None:
        return ""
    text = f"{household.come_back_at:%H:%M %d/%m/%Y}"
    return f"{text} ({late_word})" if late else text


class RevisitView(QWidget):
    """The queue as a tree; `household_requested(household_id, group_id)` to open one."""

    household_requested = Signal(int, int)

    def __init__(self, gateway: CampaignGateway, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.gateway = gateway
        self.rows: list[RevisitHousehold] = []
        self.group_filter = QComboBox(self)
        self.group_filter.addItem(self.tr("Cả phường"), None)
        for group in gateway.area_groups():
            self.group_filter.addItem(group.name, group.id)
        self.group_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        group_label = QLabel(self.tr("Tổ &dân phố:"), self)
        group_label.setBuddy(self.group_filter)
        self.count_label = QLabel(self)
        self.open_button = QPushButton(self.tr("&Mở trong sổ hộ (Enter)"), self)
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_current)
        top = QHBoxLayout()
        top.addWidget(group_label)
        top.addWidget(self.group_filter)
        top.addSpacing(12)
        top.addWidget(self.count_label, 1)
        top.addWidget(self.open_button)

        self.tree = QTreeWidget(self)
        self.tree.setObjectName("revisitTree")
        headers = [
            self.tr("Hộ / người"),
            self.tr("Kết quả, lý do"),
            self.tr("Hẹn lúc"),
            self.tr("Lần đến gần nhất"),
            self.tr("Tổ công tác"),
            self.tr("Ghi chú"),
        ]
        self.tree.setColumnCount(len(headers))
        self.tree.setHeaderLabels(headers)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.itemActivated.connect(lambda _item, _column: self.open_current())
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((330, 210, 120, 130, 130)):
            self.tree.setColumnWidth(column, width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.tree, 1)

    def refresh(self) -> None:
        group_id = self.group_filter.currentData()
        try:
            self.rows = self.gateway.revisit_queue([group_id] if group_id is not None else None)
        except UserError as error:
            self.rows = []
            self.count_label.setText(str(error))
            self.tree.clear()
            return
        self.tree.clear()
        people = overdue = 0
        now = self.gateway.now()
        for household in self.rows:
            late = household.come_back_at is not None and household.come_back_at < now
            self.tree.addTopLevelItem(self._household_item(household, late))
            people += len(household.residents)
            overdue += late
        self.tree.expandAll()
        if self.rows:
            self.tree.setCurrentItem(self.tree.topLevelItem(0))
        text = self.tr("{households} hộ, {people} người cần quay lại").format(
            households=vietnamese_number(len(self.rows)), people=vietnamese_number(people)
        )
        if overdue:
            text += self.tr("; {count} hộ đã quá giờ hẹn").format(
                count=vietnamese_number(overdue)
            )
        self.count_label.setText(text)
        self.open_button.setEnabled(bool(self.rows))

    def _household_item(self, household: RevisitHousehold, late: bool) -> QTreeWidgetItem:
        """The household's row; `late`: the time promised has passed (shown in red)."""
        outcome = (
            household.outcome_label if household.household_revisit else self.tr("Gặp một phần")
        )
        item = QTreeWidgetItem(
            [
                f"{household.address} — {household.head_name or ''}".rstrip(" —"),
                outcome,
                _appointment(household, late, self.tr("quá hẹn")),
                f"{household.visited_on:%d/%m/%Y}",
                household.team_name,
                household.notes or "",
            ]
        )
        item.setToolTip(0, f"{household.household_code} · {household.group_name}")
        if late:
            item.setForeground(APPOINTMENT_COLUMN, QBrush(OVERDUE))
            bold = item.font(APPOINTMENT_COLUMN)
            bold.setBold(True)
            item.setFont(APPOINTMENT_COLUMN, bold)
            item.setToolTip(
                APPOINTMENT_COLUMN, self.tr("Đã quá giờ hẹn quay lại; hãy xếp vào đêm gần nhất")
            )
        item.setData(0, HOUSEHOLD_ROLE, household.household_id)
        item.setData(0, GROUP_ROLE, household.group_id)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        for resident in household.residents:
            child = QTreeWidgetItem([resident.full_name, resident.reason_label])
            child.setData(0, HOUSEHOLD_ROLE, household.household_id)
            child.setData(0, GROUP_ROLE, household.group_id)
            item.addChild(child)
        return item

    def open_current(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        self.household_requested.emit(item.data(0, HOUSEHOLD_ROLE), item.data(0, GROUP_ROLE))


class RevisitDialog(QDialog):
    """The revisit view in its own window, left open while the register is used."""

    household_requested = Signal(int, int)

    def __init__(self, gateway: CampaignGateway, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "tien-do.html#quay-lai")  # F1 opens this page
        self.setWindowTitle(self.tr("Danh sách cần quay lại"))
        self.setModal(False)
        self.view = RevisitView(gateway, self)
        self.view.household_requested.connect(self.household_requested)
        close = QPushButton(self.tr("Đóng"), self)
        close.setAutoDefault(False)
        close.clicked.connect(self.close)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(1100, 600)
        self.refresh()

    def refresh(self) -> None:
        try:
            self.view.refresh()
        except UserError as error:
            show_refusal(self, error)

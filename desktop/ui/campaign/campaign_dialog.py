"""Chiến dịch: the campaigns, which one is current, and each one's name, period,
services tracked and targets.

Targets are typed into a grid: one row for the ward, one per residential group and
(once the campaign has teams) one per team; one column per service tracked; an empty
cell means no target. Typing a number starts editing the cell, Enter keeps it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from enum import IntEnum

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.campaign import SERVICE_LABELS, SERVICES
from desktop.domain.errors import UserError
from desktop.services.campaigns import (
    GROUP,
    TEAM,
    WARD,
    CampaignForm,
    CampaignInfo,
    CampaignInput,
    TargetInput,
)
from desktop.ui.campaign.fields import date_field, from_qdate, to_qdate
from desktop.ui.campaign.gateway import CampaignGateway
from desktop.ui.widgets.form_dialog import error_line
from desktop.ui.widgets.formatting import vietnamese_number
from desktop.ui.widgets.messages import carried_out, confirm, show_refusal
from desktop.ui.widgets.row_table_model import (
    ALIGNMENT,
    DISPLAY,
    EDIT,
    RIGHT,
    TOOLTIP,
    Index,
    RowTableModel,
)
from desktop.ui.widgets.table_views import ListView

DEFAULT_DAYS = 50

Scope = tuple[str, int | None]  # ("ward", None), ("group", id), ("team", id)


class TargetGridModel(QAbstractTableModel):
    """Scopes (rows) × services tracked (columns); a cell holds a target or nothing."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._scopes: list[tuple[Scope, str]] = []
        self._services: tuple[str, ...] = ()
        self.values: dict[tuple[Scope, str], int] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        # Short enough for six services at 1366 pixels; the tooltip gives the rest.
        self._headers = {
            "vneid_installed": self.tr("Cài VNeID"),
            "level2_collected": self.tr("Thu HS mức 2"),
            "level2_activated": self.tr("Kích hoạt mức 2"),
            "app_114": self.tr("Cài 114"),
            "documents": self.tr("Tích hợp giấy tờ"),
            "chip_card_collected": self.tr("Thu HS CCCD"),
        }

    def set_scopes(self, scopes: list[tuple[Scope, str]]) -> None:
        self.beginResetModel()
        self._scopes = list(scopes)
        self.endResetModel()

    def set_services(self, services: tuple[str, ...]) -> None:
        self.beginResetModel()
        self._services = services
        self.endResetModel()

    def targets(self) -> tuple[TargetInput, ...]:
        """The targets typed in, for the services tracked."""
        found = []
        for (scope, service), value in sorted(
            self.values.items(), key=lambda item: (item[0][0][0] != WARD, str(item[0]))
        ):
            if service not in self._services:
                continue
            kind, scope_id = scope
            found.append(
                TargetInput(
                    service,
                    value,
                    group_id=scope_id if kind == GROUP else None,
                    team_id=scope_id if kind == TEAM else None,
                )
            )
        return tuple(found)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._scopes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 1 + len(self._services)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() > 0 else flags

    def data(self, index: Index, role: int = DISPLAY) -> object:
        if not index.isValid() or index.row() >= len(self._scopes):
            return None
        scope, name = self._scopes[index.row()]
        if index.column() == 0:
            if role == DISPLAY:
                return name
            if role == Qt.ItemDataRole.FontRole and scope[0] == WARD:
                return self._bold
            return None
        value = self.values.get((scope, self._services[index.column() - 1]))
        if role == DISPLAY:
            return vietnamese_number(value) if value is not None else ""
        if role == EDIT:
            return str(value) if value is not None else ""
        if role == ALIGNMENT:
            return RIGHT
        return None

    def setData(self, index: Index, value: object, role: int = EDIT) -> bool:
        if role != EDIT or not index.isValid() or index.column() == 0:
            return False
        text = "".join(str(value or "").split()).replace(".", "")
        key = (self._scopes[index.row()][0], self._services[index.column() - 1])
        if not text:
            self.values.pop(key, None)
        elif text.isdigit():
            self.values[key] = int(text)
        else:
            return False
        self.dataChanged.emit(index, index)
        return True

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = DISPLAY) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if section == 0:
            return self.tr("Phạm vi") if role == DISPLAY else None
        service = self._services[section - 1]
        if role == DISPLAY:
            return self._headers.get(service, service)
        if role == TOOLTIP:
            return SERVICE_LABELS[service]
        return None


class CampaignEditDialog(QDialog):
    """A campaign's name, period, services, notes and targets; `saved_id` after saving."""

    def __init__(
        self,
        gateway: CampaignGateway,
        parent: QWidget | None = None,
        form: CampaignForm | None = None,
    ) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "chien-dich.html#chien-dich")  # F1 opens this page
        self.gateway = gateway
        self.form = form
        self.saved_id: int | None = form.id if form else None
        self.setWindowTitle(self.tr("Sửa chiến dịch") if form else self.tr("Tạo chiến dịch"))
        self.setModal(True)
        self._build()
        self._fill()
        self._initial = (self.campaign_input(), self.make_current.isChecked())

    def _build(self) -> None:
        today = self.gateway.today()
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(self.tr("ví dụ Tháng cao điểm 50 ngày định danh điện tử"))
        self.starts_on = date_field(self, today)
        self.ends_on = date_field(self, today + timedelta(days=DEFAULT_DAYS - 1))
        self.notes = QLineEdit(self)
        self.make_current = QCheckBox(self.tr("Đặt làm chiến dịch &hiện tại"), self)
        self.service_boxes: dict[str, QCheckBox] = {}
        services = QGridLayout()
        for number, service in enumerate(SERVICES):
            box = QCheckBox(SERVICE_LABELS[service], self)
            box.setChecked(True)
            box.toggled.connect(lambda _on: self._services_changed())
            self.service_boxes[service] = box
            services.addWidget(box, number // 3, number % 3)
        grid = QGridLayout()
        rows = (
            (self.tr("&Tên chiến dịch:"), self.name),
            (self.tr("Từ &ngày:"), self.starts_on),
            (self.tr("Đến ngà&y:"), self.ends_on),
            (self.tr("Ghi &chú:"), self.notes),
        )
        for row, (text, field) in enumerate(rows):
            label = QLabel(text, self)
            label.setBuddy(field)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(field, row, 1)
        self.days_label = QLabel(self)
        self.starts_on.dateChanged.connect(lambda _d: self._show_days())
        self.ends_on.dateChanged.connect(lambda _d: self._show_days())
        grid.addWidget(self.days_label, 2, 2)
        grid.setColumnStretch(1, 1)
        services_label = QLabel(self.tr("Công việc theo dõi:"), self)
        grid.addWidget(
            services_label, 4, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
        )
        grid.addLayout(services, 4, 1, 1, 2)

        self.targets = TargetGridModel(self)
        self.target_view = QTableView(self)
        self.target_view.setObjectName("targetGrid")
        self.target_view.setModel(self.targets)
        self.target_view.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.target_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.target_view.setTabKeyNavigation(False)
        self.target_view.verticalHeader().hide()
        header = self.target_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.target_view.setColumnWidth(0, 200)
        targets_label = QLabel(self.tr("Chỉ tiê&u (để trống nếu không đặt):"), self)
        targets_label.setBuddy(self.target_view)

        self.error_label = error_line(self)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton(
            self.tr("&Lưu"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(self.make_current)
        layout.addWidget(targets_label)
        layout.addWidget(self.target_view, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(1000, 620)

    def _fill(self) -> None:
        form = self.form
        groups = [((GROUP, g.id), g.name) for g in self.gateway.area_groups()]
        scopes: list[tuple[Scope, str]] = [((WARD, None), self.tr("Toàn phường"))] + groups
        if form is not None:
            teams = self.gateway.list_teams(form.id, form.starts_on)
            scopes += [((TEAM, t.id), t.name) for t in teams]
            self.name.setText(form.name)
            self.starts_on.setDate(to_qdate(form.starts_on))
            self.ends_on.setDate(to_qdate(form.ends_on))
            self.notes.setText(form.notes or "")
            for service, box in self.service_boxes.items():
                box.setChecked(service in form.services)
            for target in form.targets:
                kind = target.scope
                scope_id = target.team_id if kind == TEAM else target.group_id
                self.targets.values[((kind, scope_id), target.service)] = target.target
            self.make_current.setChecked(form.is_current)
            self.make_current.setEnabled(not form.is_current)
        self.targets.set_scopes(scopes)
        self._services_changed()
        self._show_days()

    def services(self) -> tuple[str, ...]:
        return tuple(s for s, box in self.service_boxes.items() if box.isChecked())

    def _services_changed(self) -> None:
        self.targets.set_services(self.services())

    def _show_days(self) -> None:
        days = (from_qdate(self.ends_on.date()) - from_qdate(self.starts_on.date())).days + 1
        self.days_label.setText(self.tr("{n} ngày").format(n=days) if days > 0 else "")

    def campaign_input(self) -> CampaignInput:
        return CampaignInput(
            name=self.name.text(),
            starts_on=from_qdate(self.starts_on.date()),
            ends_on=from_qdate(self.ends_on.date()),
            services=self.services(),
            targets=self.targets.targets(),
            notes=self.notes.text(),
        )

    def accept(self) -> None:
        self.error_label.hide()
        try:
            data = self.campaign_input()
            if self.form is None:
                self.saved_id = self.gateway.create_campaign(data, self.make_current.isChecked())
            else:
                self.gateway.update_campaign(self.form.id, data, self.form.version)
                if self.make_current.isChecked() and not self.form.is_current:
                    self.gateway.set_current_campaign(self.form.id)
        except UserError as error:
            self.error_label.setText(str(error))
            self.error_label.show()
            return
        super().accept()

    def reject(self) -> None:
        """Esc: ask before dropping what was typed (targets take a while to type)."""
        changed = (self.campaign_input(), self.make_current.isChecked()) != self._initial
        if changed and not confirm(
            self,
            self.tr("Bỏ thay đổi?"),
            self.tr("Chiến dịch có thay đổi chưa lưu. Đóng và bỏ các thay đổi này?"),
        ):
            return
        super().reject()


class CampaignColumn(IntEnum):
    NAME = 0
    PERIOD = 1
    DAYS = 2
    CURRENT = 3


class CampaignTableModel(RowTableModel[CampaignInfo]):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = (
            self.tr("Tên chiến dịch"),
            self.tr("Thời gian"),
            self.tr("Số ngày"),
            self.tr("Hiện tại"),
        )

    def campaign(self, row: int) -> CampaignInfo:
        return self.rows[row]

    def row_id(self, campaign: CampaignInfo) -> int:
        return campaign.id

    def cell(self, campaign: CampaignInfo, column: int, role: int) -> object:
        if role != DISPLAY:
            return None
        return (
            campaign.name,
            f"{campaign.starts_on:%d/%m/%Y} – {campaign.ends_on:%d/%m/%Y}",
            str(campaign.days),
            "✓" if campaign.is_current else "",
        )[column]


class CampaignsDialog(QDialog):
    """Every campaign; add, edit, make current, delete. `changed` after each change."""

    changed = Signal()

    def __init__(self, gateway: CampaignGateway, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "chien-dich.html#chien-dich")  # F1 opens this page
        self.gateway = gateway
        self.setWindowTitle(self.tr("Chiến dịch"))
        self.setModal(True)
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self.campaigns = CampaignTableModel(self)
        self.view = ListView(self)
        self.view.setObjectName("campaignList")
        self.view.setModel(self.campaigns)
        self.view.activated.connect(lambda _index: self.edit_campaign())
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CampaignColumn.NAME, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(self.tr("&Tạo chiến dịch…"), self)
        self.edit_button = QPushButton(self.tr("&Sửa, đặt chỉ tiêu…"), self)
        self.current_button = QPushButton(self.tr("Đặt làm &hiện tại"), self)
        self.delete_button = QPushButton(self.tr("&Xóa…"), self)
        close = QPushButton(self.tr("Đóng"), self)
        self.add_button.clicked.connect(self.add_campaign)
        self.edit_button.clicked.connect(self.edit_campaign)
        self.current_button.clicked.connect(self.make_current)
        self.delete_button.clicked.connect(self.delete_campaign)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.current_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(900, 360)
        self.reload()

    def reload(self, campaign_id: int | None = None) -> None:
        rows = self.gateway.list_campaigns()
        self.campaigns.replace_rows(rows)
        self.view.set_empty_hint(
            "" if rows else self.tr("Chưa có chiến dịch nào. Bấm “Tạo chiến dịch…”.")
        )
        row = next((i for i, c in enumerate(rows) if c.id == campaign_id), None)
        if row is None:
            row = next((i for i, c in enumerate(rows) if c.is_current), 0)
        if rows:
            self.view.setCurrentIndex(self.campaigns.index(row, 0))
        for button in (self.edit_button, self.current_button, self.delete_button):
            button.setEnabled(bool(rows))

    def current(self) -> CampaignInfo | None:
        index = self.view.currentIndex()
        return self.campaigns.campaign(index.row()) if index.isValid() else None

    def add_campaign(self) -> None:
        dialog = CampaignEditDialog(self.gateway, self)
        if self.exec_dialog(dialog):
            self.changed.emit()
            self.reload(dialog.saved_id)
        dialog.deleteLater()

    def edit_campaign(self) -> None:
        campaign = self.current()
        if campaign is None:
            return
        try:
            form = self.gateway.campaign_form(campaign.id)
        except UserError as error:
            show_refusal(self, error)
            self.reload()
            return
        dialog = CampaignEditDialog(self.gateway, self, form)
        if self.exec_dialog(dialog):
            self.changed.emit()
            self.reload(campaign.id)
        dialog.deleteLater()

    def make_current(self) -> None:
        campaign = self.current()
        if campaign is None or campaign.is_current:
            return
        if carried_out(self, lambda: self.gateway.set_current_campaign(campaign.id)):
            self.changed.emit()
            self.reload(campaign.id)

    def delete_campaign(self) -> None:
        campaign = self.current()
        if campaign is None or not confirm(
            self,
            self.tr("Xóa chiến dịch"),
            self.tr(
                "Xóa chiến dịch “{name}” cùng các tổ công tác và chỉ tiêu của nó? "
                "Chiến dịch đã có ca trực hoặc kết quả thì không xóa được."
            ).format(name=campaign.name),
        ):
            return
        refusal = self.tr("Không xóa được chiến dịch")
        if carried_out(self, lambda: self.gateway.delete_campaign(campaign.id), refusal):
            self.changed.emit()
            self.reload()

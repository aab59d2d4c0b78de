"""Tổ công tác: the current campaign's teams and who goes out with them, night by night.

Left, the teams; right, everyone who has been in the chosen team, with the nights they
were in it (those not in it on the day chosen are greyed). A person joins from a night
and leaves after their last night, so past walk sheets keep their names. Deleting
anything asks first; a team or a person who has already gone out cannot be deleted
(the service says so): stop the team or mark the person as no longer going out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import IntEnum

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserError
from desktop.services.campaigns import CampaignInfo
from desktop.services.teams import MemberInput, MemberRow, MembershipRow, TeamInput, TeamRow
from desktop.ui.campaign.fields import date_field, from_qdate, to_qdate
from desktop.ui.campaign.gateway import CampaignGateway
from desktop.ui.campaign.member_dialog import MemberDialog
from desktop.ui.widgets.form_dialog import FormDialog
from desktop.ui.widgets.messages import carried_out, confirm
from desktop.ui.widgets.row_table_model import DISPLAY, ID_ROLE, RowTableModel
from desktop.ui.widgets.table_views import ListView

PAST = QColor("#8a8a8a")


@dataclass(frozen=True)
class MembershipLine:
    """A period in the team, with the person's details."""

    period: MembershipRow
    member: MemberRow | None
    current: bool  # in the team on the day shown


class MembershipColumn(IntEnum):
    NAME = 0
    ROLE = 1
    UNIT = 2
    PHONE = 3
    FROM = 4
    TO = 5


class MembershipTableModel(RowTableModel[MembershipLine]):
    """Everyone who has been in a team, current members first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = (
            self.tr("Họ và tên"),
            self.tr("Vai trò"),
            self.tr("Đơn vị"),
            self.tr("Điện thoại"),
            self.tr("Từ ngày"),
            self.tr("Đến ngày"),
        )

    def set_lines(self, lines: list[MembershipLine]) -> None:
        self.replace_rows(sorted(lines, key=lambda line: (not line.current, line.period.from_date)))

    def line(self, row: int) -> MembershipLine:
        return self.rows[row]

    def row_id(self, line: MembershipLine) -> int:
        return line.period.member_id

    def cell(self, line: MembershipLine, column: int, role: int) -> object:
        if role == Qt.ItemDataRole.ForegroundRole and not line.current:
            return QBrush(PAST)
        if role != DISPLAY:
            return None
        member, period = line.member, line.period
        if column == MembershipColumn.NAME:
            return member.title if member else period.member_name
        if column == MembershipColumn.ROLE:
            return member.role_label if member else ""
        if column == MembershipColumn.UNIT:
            return (member.unit or "") if member else ""
        if column == MembershipColumn.PHONE:
            return (member.phone or "") if member else ""
        if column == MembershipColumn.FROM:
            return f"{period.from_date:%d/%m/%Y}"
        return f"{period.to_date:%d/%m/%Y}" if period.to_date else self.tr("nay")


class TeamNameDialog(FormDialog):
    """A team's name and notes."""

    def __init__(
        self, parent: QWidget | None, save: Callable[[TeamInput], object], team: TeamRow | None
    ) -> None:
        super().__init__(parent, "")
        self.setWindowTitle(self.tr("Sửa tổ công tác") if team else self.tr("Thêm tổ công tác"))
        self._save = save
        self._team = team
        self.name = QLineEdit(team.name if team else "", self)
        self.name.setPlaceholderText(self.tr("ví dụ Tổ công tác số 10"))
        self.notes = QLineEdit((team.notes or "") if team else "", self)
        self.add_row(self.tr("&Tên tổ:"), self.name)
        self.add_row(self.tr("Ghi &chú:"), self.notes)
        self.error_fields = [("tên", self.name)]
        self.setMinimumWidth(420)

    def submit(self) -> bool:
        try:
            self._save(
                TeamInput(
                    self.name.text(), self.notes.text(), self._team.active if self._team else True
                )
            )
        except UserError as error:
            self.show_error(str(error))
            return False
        return True


class TeamsDialog(QDialog):
    """Teams and members of the current campaign; `changed` after each change."""

    changed = Signal()

    def __init__(self, gateway: CampaignGateway, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "chien-dich.html#to-cong-tac")  # F1 opens this page
        self.gateway = gateway
        self.setWindowTitle(self.tr("Tổ công tác"))
        self.setModal(True)
        self.campaign: CampaignInfo | None = gateway.current_campaign()
        self.teams: list[TeamRow] = []
        # Tests replace this to answer a dialog without showing it.
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self._build()
        self.reload()

    # Building ------------------------------------------------------------------------------

    def _build(self) -> None:
        today = self.gateway.today()
        if self.campaign is not None:
            today = min(max(today, self.campaign.starts_on), self.campaign.ends_on)
        self.day = date_field(self, today)
        self.day.dateChanged.connect(lambda _d: self.reload())
        day_label = QLabel(self.tr("Thành viên ngà&y:"), self)
        day_label.setBuddy(self.day)
        self.campaign_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(self.campaign_label, 1)
        top.addWidget(day_label)
        top.addWidget(self.day)

        self.team_list = QListWidget(self)
        self.team_list.setObjectName("teamList")
        self.team_list.setAccessibleName(self.tr("Các tổ công tác"))
        self.team_list.currentRowChanged.connect(lambda _row: self._show_members())
        self.add_team_button = QPushButton(self.tr("&Thêm tổ…"), self)
        self.edit_team_button = QPushButton(self.tr("Đổ&i tên…"), self)
        self.toggle_team_button = QPushButton(self.tr("Ngừng &hoạt động"), self)
        self.delete_team_button = QPushButton(self.tr("&Xóa tổ…"), self)
        self.add_team_button.clicked.connect(self.add_team)
        self.edit_team_button.clicked.connect(self.edit_team)
        self.toggle_team_button.clicked.connect(self.toggle_team)
        self.delete_team_button.clicked.connect(self.delete_team)
        team_buttons = QHBoxLayout()
        for button in (
            self.add_team_button,
            self.edit_team_button,
            self.toggle_team_button,
            self.delete_team_button,
        ):
            team_buttons.addWidget(button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.team_list, 1)
        left_layout.addLayout(team_buttons)

        self.members = MembershipTableModel(self)
        self.member_view = ListView(self)
        self.member_view.setObjectName("memberList")
        self.member_view.setModel(self.members)
        self.member_view.activated.connect(lambda _index: self.edit_member())
        self.member_view.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self._update_member_buttons()
        )
        self.member_view.size_columns(
            {
                MembershipColumn.NAME: 200,
                MembershipColumn.ROLE: 150,
                MembershipColumn.PHONE: 100,
                MembershipColumn.FROM: 86,
                MembershipColumn.TO: 86,
            },
            stretch=MembershipColumn.UNIT,
        )
        self.add_member_button = QPushButton(self.tr("Thêm &người…"), self)
        self.edit_member_button = QPushButton(self.tr("&Sửa thông tin…"), self)
        self.leave_button = QPushButton(self.tr("Cho &rời tổ…"), self)
        self.delete_member_button = QPushButton(self.tr("Xó&a người…"), self)
        self.add_member_button.clicked.connect(self.add_member)
        self.edit_member_button.clicked.connect(self.edit_member)
        self.leave_button.clicked.connect(self.leave_team)
        self.delete_member_button.clicked.connect(self.delete_member)
        member_buttons = QHBoxLayout()
        for button in (
            self.add_member_button,
            self.edit_member_button,
            self.leave_button,
            self.delete_member_button,
        ):
            member_buttons.addWidget(button)
        member_buttons.addStretch(1)
        self.members_label = QLabel(self)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.members_label)
        right_layout.addWidget(self.member_view, 1)
        right_layout.addLayout(member_buttons)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([380, 820])
        splitter.setChildrenCollapsible(False)
        self.close_button = QPushButton(self.tr("Đóng"), self)
        self.close_button.clicked.connect(self.accept)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        self.resize(1220, 600)

    # Loading -------------------------------------------------------------------------------

    def shown_day(self) -> date:
        return from_qdate(self.day.date())

    def reload(self, team_id: int | None = None) -> None:
        if self.campaign is None:
            self.campaign_label.setText(
                self.tr(
                    "Chưa có chiến dịch nào; hãy tạo chiến dịch trước (Chiến dịch → Chiến dịch…)."
                )
            )
            for button in self.findChildren(QPushButton):
                button.setEnabled(button is self.close_button)
            return
        self.campaign_label.setText(self.tr("Chiến dịch: {name}").format(name=self.campaign.name))
        chosen = team_id or self.current_team_id()
        self.teams = self.gateway.list_teams(self.campaign.id, self.shown_day())
        self.team_list.blockSignals(True)
        self.team_list.clear()
        for team in self.teams:
            text = self.tr("{name} · {n} người").format(name=team.name, n=len(team.members))
            if not team.active:
                text += self.tr(" (ngừng hoạt động)")
            item = QListWidgetItem(text)
            item.setData(ID_ROLE, team.id)
            if not team.active:
                item.setForeground(QBrush(PAST))
            self.team_list.addItem(item)
        row = next((i for i, t in enumerate(self.teams) if t.id == chosen), 0)
        self.team_list.setCurrentRow(row if self.teams else -1)
        self.team_list.blockSignals(False)
        self._show_members()

    def current_team(self) -> TeamRow | None:
        row = self.team_list.currentRow()
        return self.teams[row] if 0 <= row < len(self.teams) else None

    def current_team_id(self) -> int | None:
        team = self.current_team()
        return team.id if team else None

    def current_line(self) -> MembershipLine | None:
        index = self.member_view.currentIndex()
        if not index.isValid():
            return None
        return self.members.line(index.row())

    def _show_members(self) -> None:
        team = self.current_team()
        has_team = team is not None
        for button in (
            self.edit_team_button,
            self.toggle_team_button,
            self.delete_team_button,
            self.add_member_button,
        ):
            button.setEnabled(has_team)
        if team is None:
            self.members.set_lines([])
            self.members_label.setText(self.tr("Chưa có tổ công tác nào. Bấm “Thêm tổ…”."))
            self._update_member_buttons()
            return
        self.toggle_team_button.setText(
            self.tr("Ngừng &hoạt động") if team.active else self.tr("Cho &hoạt động lại")
        )
        day = self.shown_day()
        people = {member.id: member for member in self.gateway.list_members()}
        lines = [
            MembershipLine(
                period,
                people.get(period.member_id),
                period.from_date <= day and (period.to_date is None or period.to_date >= day),
            )
            for period in self.gateway.team_history(team.id)
        ]
        self.members.set_lines(lines)
        self.members_label.setText(
            self.tr("{team}: {n} người đi ca ngày {day}").format(
                team=team.name, n=len(team.members), day=f"{day:%d/%m/%Y}"
            )
        )
        if lines:
            self.member_view.setCurrentIndex(self.members.index(0, 0))
        self._update_member_buttons()

    def _update_member_buttons(self) -> None:
        has_line = self.current_line() is not None
        for button in (self.edit_member_button, self.leave_button, self.delete_member_button):
            button.setEnabled(has_line)

    def _changed(self, team_id: int | None = None) -> None:
        self.changed.emit()
        self.reload(team_id)

    # Teams ---------------------------------------------------------------------------------

    def add_team(self) -> None:
        assert self.campaign is not None
        campaign_id = self.campaign.id
        created: list[int] = []
        dialog = TeamNameDialog(
            self, lambda data: created.append(self.gateway.create_team(campaign_id, data)), None
        )
        if self.exec_dialog(dialog) and created:
            self._changed(created[0])

    def edit_team(self) -> None:
        team = self.current_team()
        if team is None:
            return
        dialog = TeamNameDialog(self, lambda data: self.gateway.update_team(team.id, data), team)
        if self.exec_dialog(dialog):
            self._changed(team.id)

    def toggle_team(self) -> None:
        team = self.current_team()
        if team is None:
            return
        toggled = TeamInput(team.name, team.notes, not team.active)
        if carried_out(self, lambda: self.gateway.update_team(team.id, toggled)):
            self._changed(team.id)

    def delete_team(self) -> None:
        team = self.current_team()
        if team is None or not confirm(
            self,
            self.tr("Xóa tổ công tác"),
            self.tr("Xóa “{team}”? Tổ đã có ca trực hoặc kết quả thì không xóa được.").format(
                team=team.name
            ),
        ):
            return
        refusal = self.tr("Không xóa được tổ")
        if carried_out(self, lambda: self.gateway.delete_team(team.id), refusal):
            self._changed()

    # Members -------------------------------------------------------------------------------

    def _units(self) -> list[str]:
        return sorted({m.unit for m in self.gateway.list_members() if m.unit})

    def add_member(self) -> None:
        """Put someone in the team from the day shown: a new person or one on the books."""
        team = self.current_team()
        if team is None:
            return
        present = {member.id for member in team.members}
        others = [m for m in self.gateway.list_members(active_only=True) if m.id not in present]

        def save(data: MemberInput, existing: int | None, from_day: date | None) -> None:
            assert from_day is not None
            if existing is None:
                self.gateway.create_member_in_team(team.id, data, from_day)
            else:
                self.gateway.add_member_to_team(team.id, existing, from_day)

        dialog = MemberDialog(
            self,
            self.gateway.check_member,
            save,
            others=others,
            from_day=self.shown_day(),
            units=self._units(),
            team_name=team.name,
        )
        if self.exec_dialog(dialog):
            self._changed(team.id)

    def edit_member(self) -> None:
        line = self.current_line()
        if line is None or line.member is None:
            return
        member = line.member
        dialog = MemberDialog(
            self,
            self.gateway.check_member,
            lambda data, _existing, _day: self.gateway.update_member(member.id, data),
            member=member,
            units=self._units(),
        )
        if self.exec_dialog(dialog):
            self._changed(self.current_team_id())

    def leave_team(self) -> None:
        """The member's last night with the team is the day shown."""
        team, line = self.current_team(), self.current_line()
        if team is None or line is None:
            return
        day = self.shown_day()
        if not confirm(
            self,
            self.tr("Cho rời tổ"),
            self.tr(
                "{name} đi cùng “{team}” đến hết đêm {day} rồi rời tổ?\n"
                "(Đổi ngày ở ô “Thành viên ngày” nếu cần.)"
            ).format(name=line.period.member_name, team=team.name, day=f"{day:%d/%m/%Y}"),
        ):
            return
        member_id = line.period.member_id
        if carried_out(self, lambda: self.gateway.remove_member_from_team(team.id, member_id, day)):
            self._changed(team.id)

    def delete_member(self) -> None:
        line = self.current_line()
        if line is None or not confirm(
            self,
            self.tr("Xóa người"),
            self.tr(
                "Xóa hẳn {name} khỏi danh sách cán bộ, đoàn viên? Người đã đi ca trực thì "
                "không xóa được (hãy cho rời tổ)."
            ).format(name=line.period.member_name),
        ):
            return
        refusal = self.tr("Không xóa được")
        if carried_out(self, lambda: self.gateway.delete_member(line.period.member_id), refusal):
            self._changed(self.current_team_id())

    def set_day(self, day: date) -> None:
        self.day.setDate(to_qdate(day))

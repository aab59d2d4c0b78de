"""The left-hand side of the planning window: which night, where, which teams, where to meet.

Groups and teams are ticked in lists: no group ticked means the whole ward; a team
with nobody in it on the night is shown greyed with the reason and cannot be ticked.
`request()` turns the form into the planning service's PlanRequest, or raises
InvalidValue with the sentence to show (and puts the cursor on the field to fix).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import InvalidValue
from desktop.services.planning import PlanRequest
from desktop.ui.planning.gateway import HouseholdPlace, NightOptions
from desktop.ui.planning.meeting_point import LatLon, MeetingPointPicker
from desktop.ui.widgets.form_dialog import error_line
from desktop.ui.widgets.formatting import VIETNAMESE, vietnamese_number

_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class PlanRequestForm(QWidget):
    """The night, the area, the teams and the meeting point of a plan."""

    plan_requested = Signal()
    settings_requested = Signal()
    day_changed = Signal(object)  # date

    def __init__(
        self,
        find_households: Callable[[str], list[HouseholdPlace]],
        position_of: Callable[[int], LatLon | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("planRequestForm")
        self.options: NightOptions | None = None
        self.day = QDateEdit(self)
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("dd/MM/yyyy")
        self.day.setLocale(VIETNAMESE)
        self.day.dateChanged.connect(lambda _d: self.day_changed.emit(self.night()))
        self.starts_at = QTimeEdit(QTime(19, 0), self)
        self.ends_at = QTimeEdit(QTime(22, 0), self)
        for edit in (self.starts_at, self.ends_at):
            edit.setDisplayFormat("HH:mm")
        self.groups = self._check_list("groupChoices", columns=True)
        self.groups.itemChanged.connect(lambda _item: self._count_groups())
        self.group_note = QLabel(self)
        self.teams = self._check_list("teamChoices")
        self.teams.itemChanged.connect(lambda _item: self._count_teams())
        self.team_note = QLabel(self)
        self.team_note.setWordWrap(True)
        self.meeting = MeetingPointPicker(find_households, position_of, self)
        self.settings_button = QPushButton(self.tr("Thông số…"), self)
        self.settings_button.setToolTip(
            self.tr("Số phút cho mỗi hộ và mỗi việc, tốc độ đi bộ, hệ số đường vòng")
        )
        self.settings_button.clicked.connect(self.settings_requested)
        self.plan_button = QPushButton(self.tr("Lập tuyến (F5)"), self)
        self.plan_button.setObjectName("planButton")
        self.plan_button.setDefault(True)
        font = self.plan_button.font()
        font.setBold(True)
        self.plan_button.setFont(font)
        self.plan_button.setMinimumHeight(32)
        self.plan_button.clicked.connect(self.plan_requested)
        self.error_label = error_line(self, "planError", selectable=True)
        self._lay_out()

    def _check_list(self, name: str, columns: bool = False) -> QListWidget:
        widget = QListWidget(self)
        widget.setObjectName(name)
        widget.setUniformItemSizes(True)
        widget.setMinimumHeight(60)
        if columns:  # short names side by side: "Tổ 1 · 269 hộ"
            widget.setFlow(QListWidget.Flow.LeftToRight)
            widget.setWrapping(True)
            widget.setResizeMode(QListWidget.ResizeMode.Adjust)
        return widget

    def _lay_out(self) -> None:
        night = QFormLayout()
        night.setContentsMargins(0, 0, 0, 0)
        day_label = QLabel(self.tr("&Ngày:"), self)
        day_label.setBuddy(self.day)
        night.addRow(day_label, self.day)
        hours = QHBoxLayout()
        hours.addWidget(self.starts_at)
        hours.addWidget(QLabel("–", self))
        hours.addWidget(self.ends_at)
        hours.addStretch(1)
        hours_label = QLabel(self.tr("&Giờ:"), self)
        hours_label.setBuddy(self.starts_at)
        night.addRow(hours_label, hours)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(3)
        layout.addWidget(self._heading(self.tr("Đêm")))
        layout.addLayout(night)
        layout.addSpacing(6)
        layout.addWidget(self._heading(self.tr("&Khu vực"), self.groups))
        layout.addWidget(self.groups)
        layout.addWidget(self.group_note)
        layout.addSpacing(6)
        layout.addWidget(self._heading(self.tr("&Tổ công tác đi tối nay"), self.teams))
        layout.addWidget(self.teams)
        layout.addWidget(self.team_note)
        layout.addSpacing(6)
        layout.addWidget(self._heading(self.tr("Điểm &tập trung"), self.meeting.kind))
        layout.addWidget(self.meeting)
        layout.addSpacing(6)
        layout.addWidget(self.settings_button)
        layout.addWidget(self.plan_button)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        QWidget.setTabOrder(self.day, self.starts_at)
        QWidget.setTabOrder(self.starts_at, self.ends_at)
        QWidget.setTabOrder(self.ends_at, self.groups)
        QWidget.setTabOrder(self.groups, self.teams)
        QWidget.setTabOrder(self.teams, self.meeting.kind)

    def _heading(self, text: str, buddy: QWidget | None = None) -> QLabel:
        label = QLabel(text, self)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        if buddy is not None:
            label.setBuddy(buddy)
        return label

    def _fit_lists(self) -> None:
        """Each list as tall as its lines (groups two to a line), within reason."""
        line = self.teams.sizeHintForRow(0) if self.teams.count() else 18
        group_lines = (self.groups.count() + 1) // 2
        for widget, lines, most in (
            (self.groups, group_lines, 8),
            (self.teams, self.teams.count(), 10),
        ):
            shown = min(max(lines, 2), most)
            widget.setFixedHeight(shown * max(line, 16) + 2 * widget.frameWidth() + 4)

    # Options ---------------------------------------------------------------------------

    def set_night(self, day: date) -> None:
        self.day.setDate(QDate(day.year, day.month, day.day))

    def night(self) -> date:
        return self.day.date().toPython()

    def set_options(self, options: NightOptions | None) -> None:
        """Fill the groups and teams of a night, keeping what was ticked."""
        self.options = options
        ticked_groups = set(self.checked(self.groups))
        previous_teams = {item_id for item_id, _ in self._items(self.teams)}
        ticked_teams = set(self.checked(self.teams))
        self.groups.blockSignals(True)
        self.teams.blockSignals(True)
        self.groups.clear()
        self.teams.clear()
        if options is not None:
            for group in options.groups:
                text = self.tr("{name} · {households} hộ").format(
                    name=group.name, households=vietnamese_number(group.households)
                )
                self._add_item(self.groups, group.id, text, group.id in ticked_groups)
            for team in options.teams:
                self._add_team(team, team.id in ticked_teams or team.id not in previous_teams)
            self.meeting.set_station(options.station_name, options.station is not None)
        self.groups.blockSignals(False)
        self.teams.blockSignals(False)
        self._fit_lists()
        self._count_groups()
        self._count_teams()

    def _add_team(self, team, ticked: bool) -> None:
        if team.available:
            text = self.tr("{name} · {count} người").format(
                name=team.name, count=len(team.member_names)
            )
            item = self._add_item(self.teams, team.id, text, ticked)
            item.setToolTip("\n".join(team.member_names))
            return
        text = self.tr("{name} — chưa có thành viên").format(name=team.name)
        item = self._add_item(self.teams, team.id, text, False)
        item.setFlags(item.flags() & ~(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable))
        item.setToolTip(
            self.tr(
                "Tổ chưa có ai ngày {day}: thêm thành viên cho tổ ở Chiến dịch → Tổ công tác "
                "thì mới chọn được."
            ).format(day=f"{self.night():%d/%m/%Y}")
        )

    @staticmethod
    def _add_item(widget: QListWidget, item_id: int, text: str, ticked: bool) -> QListWidgetItem:
        item = QListWidgetItem(text, widget)
        item.setData(_ID_ROLE, item_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        return item

    @staticmethod
    def _items(widget: QListWidget) -> list[tuple[int, QListWidgetItem]]:
        return [
            (widget.item(row).data(_ID_ROLE), widget.item(row)) for row in range(widget.count())
        ]

    def checked(self, widget: QListWidget) -> list[int]:
        return [
            item_id
            for item_id, item in self._items(widget)
            if item.checkState() == Qt.CheckState.Checked
            and item.flags() & Qt.ItemFlag.ItemIsEnabled
        ]

    def _count_groups(self) -> None:
        count = len(self.checked(self.groups))
        self.group_note.setText(
            self.tr("Không chọn tổ nào: lập cho cả phường.")
            if not count
            else self.tr("Đã chọn {count} tổ dân phố.").format(count=count)
        )

    def _count_teams(self) -> None:
        if self.options is None or self.options.campaign_name is None:
            self.team_note.setText(self.tr("Chưa có chiến dịch nào đang diễn ra."))
            return
        available = sum(1 for team in self.options.teams if team.available)
        self.team_note.setText(
            self.tr("Đã chọn {count}/{available} tổ.").format(
                count=len(self.checked(self.teams)), available=available
            )
        )

    # The request -----------------------------------------------------------------------

    def request(self) -> PlanRequest:
        """The plan the form asks for; InvalidValue (cursor on the field) when it can't."""
        team_ids = tuple(self.checked(self.teams))
        if self.options is not None and self.options.teams and not team_ids:
            self.teams.setFocus(Qt.FocusReason.OtherFocusReason)
            raise InvalidValue(self.tr("Hãy chọn ít nhất một tổ công tác đi tối nay."))
        try:
            point, label = self.meeting.meeting_point()
        except InvalidValue:
            self.meeting.focus_field()
            raise
        names = {group.id: group.name for group in (self.options.groups if self.options else ())}
        return PlanRequest(
            day=self.night(),
            starts_at=_time(self.starts_at.time()),
            ends_at=_time(self.ends_at.time()),
            group_names=tuple(names[group_id] for group_id in self.checked(self.groups)),
            team_ids=team_ids,
            meeting_point=point,
            meeting_label=label,
        )

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    def set_busy(self, busy: bool) -> None:
        self.plan_button.setEnabled(not busy)
        self.settings_button.setEnabled(not busy)


def _time(value: QTime) -> time:
    return time(value.hour(), value.minute())

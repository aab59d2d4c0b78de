"""Ca trực: the shifts of a night, and a shift made by hand.

ShiftsDialog lists a night's shifts (Ctrl+N adds one, Enter or F2 edits, Del deletes
after asking, Ctrl+K types in the results of the chosen one). ShiftEditDialog sets the
night, the window (19:00–22:00 unless changed), the team, the area (residential groups)
and the households in walk order: pick them from the area on the left (Enter or Space
adds, then moves down), reorder them on the right (Ctrl+↑ / Ctrl+↓), Del takes one off.
Beside the route, who goes out (desktop.ui.campaign.shift_members): the team's members ticked,
someone who stayed in unticked, someone from elsewhere added; saved with the shift, in
the same transaction. The route planner fills the same shifts automatically; here the
desk does it by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import UserError
from desktop.services.campaigns import CampaignInfo
from desktop.services.shifts import DEFAULT_ENDS_AT, DEFAULT_STARTS_AT, ShiftDetail, ShiftInput
from desktop.services.teams import TeamRow
from desktop.ui.campaign.fields import (
    date_field,
    from_qdate,
    from_qtime,
    time_field,
    to_qdate,
    to_qtime,
)
from desktop.ui.campaign.gateway import CampaignGateway
from desktop.ui.campaign.shift_members import ShiftMembersPanel
from desktop.ui.campaign.shift_models import (
    AreaColumn,
    AreaHouseholdModel,
    RouteColumn,
    RouteModel,
    RouteStop,
    ShiftColumn,
    ShiftTableModel,
)
from desktop.ui.widgets.form_dialog import error_line
from desktop.ui.widgets.messages import carried_out, confirm, show_refusal
from desktop.ui.widgets.row_table_model import ID_ROLE
from desktop.ui.widgets.table_views import ListView

SEARCH_DELAY_MS = 250


class _PickList(ListView):
    """The area's households: Enter or Space adds the current one to the route."""

    pick = Signal(int)  # row

    def keyPressEvent(self, event: QKeyEvent) -> None:
        plain = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        index = self.currentIndex()
        keys = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)
        if plain and event.key() in keys and index.isValid():
            self.pick.emit(index.row())
            below = self.model().index(index.row() + 1, index.column())
            if below.isValid():
                self.setCurrentIndex(below)
            return
        super().keyPressEvent(event)


class ShiftEditDialog(QDialog):
    """Make or change one shift; `saved_id` holds its id after saving."""

    def __init__(
        self,
        gateway: CampaignGateway,
        campaign: CampaignInfo,
        parent: QWidget | None = None,
        night: date | None = None,
        detail: ShiftDetail | None = None,
    ) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "chien-dich.html#ca-truc")  # F1 opens this page
        self.gateway = gateway
        self.campaign = campaign
        self.detail = detail
        self.saved_id: int | None = detail.shift.id if detail else None
        self._teams: dict[int, TeamRow] = {}  # the campaign's active teams on the night
        self._active_members = gateway.list_members(active_only=True)
        self.setWindowTitle(
            self.tr("Sửa ca trực — {team}").format(team=detail.shift.team_name)
            if detail
            else self.tr("Lập ca trực")
        )
        self.setModal(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.load_area)
        day = detail.shift.day if detail else (night or gateway.today())
        self._build(day)
        self._fill(detail)
        self.load_teams()
        self.load_area()
        self._initial = self._snapshot()

    # Building ------------------------------------------------------------------------------

    def _build(self, day: date) -> None:
        self.day = date_field(self, day)
        self.day.dateChanged.connect(lambda _d: self.load_teams())
        self.starts_at = time_field(self, DEFAULT_STARTS_AT)
        self.ends_at = time_field(self, DEFAULT_ENDS_AT)
        self.team = QComboBox(self)
        self.team.setMinimumContentsLength(28)
        self.team.currentIndexChanged.connect(lambda _i: self._show_members())
        self.notes = QLineEdit(self)
        self.notes.setPlaceholderText(self.tr("ví dụ: tập trung tại nhà văn hóa tổ 3"))
        head = QGridLayout()
        for column, (text, field) in enumerate(
            (
                (self.tr("Đê&m:"), self.day),
                (self.tr("Từ &giờ:"), self.starts_at),
                (self.tr("đến:"), self.ends_at),
                (self.tr("Tổ &công tác:"), self.team),
            )
        ):
            label = QLabel(text, self)
            label.setBuddy(field)
            head.addWidget(label, 0, 2 * column, Qt.AlignmentFlag.AlignRight)
            head.addWidget(field, 0, 2 * column + 1)
        head.setColumnStretch(7, 1)

        self.groups = QListWidget(self)
        self.groups.setObjectName("areaGroups")
        self.groups.setFlow(QListView.Flow.LeftToRight)
        self.groups.setWrapping(True)
        self.groups.setResizeMode(QListView.ResizeMode.Adjust)
        self.groups.setSpacing(2)
        self.groups.setFixedHeight(self.fontMetrics().height() * 2 + 22)
        self.groups.setToolTip(self.tr("Space: chọn/bỏ tổ dân phố trong địa bàn của ca"))
        for group in self.gateway.area_groups():
            item = QListWidgetItem(group.name)
            item.setData(ID_ROLE, group.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.groups.addItem(item)
        self.groups.itemChanged.connect(lambda _item: self.load_area())
        groups_label = QLabel(self.tr("Đị&a bàn:"), self)
        groups_label.setBuddy(self.groups)

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Lọc theo tên chủ hộ, địa chỉ…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        self.search.returnPressed.connect(self._search_now)
        search_label = QLabel(self.tr("&Tìm hộ:"), self)
        search_label.setBuddy(self.search)
        self.area = AreaHouseholdModel(self)
        self.area_view = _PickList(self)
        self.area_view.setObjectName("areaHouseholds")
        self.area_view.setModel(self.area)
        self.area_view.pick.connect(self._pick)
        self.area_view.doubleClicked.connect(lambda index: self._pick(index.row()))
        self.area_view.size_columns(
            {
                AreaColumn.HEAD: 150,
                AreaColumn.GROUP: 56,
                AreaColumn.MEMBERS: 40,
                AreaColumn.PENDING: 70,
            },
            stretch=AreaColumn.ADDRESS,
            minimum=36,
        )
        self.area_count = QLabel(self)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        left_layout.addLayout(search_row)
        left_layout.addWidget(self.area_view, 1)
        left_layout.addWidget(self.area_count)

        self.route = RouteModel(self)
        self.route_view = ListView(self)
        self.route_view.setObjectName("routeList")
        self.route_view.setModel(self.route)
        self.route_view.size_columns(
            {
                RouteColumn.POSITION: 48,
                RouteColumn.HEAD: 150,
                RouteColumn.GROUP: 56,
            },
            stretch=RouteColumn.ADDRESS,
            minimum=36,
        )
        self.route_label = QLabel(self)
        self.add_button = QPushButton(self.tr("Thêm →"), self)
        self.add_button.setToolTip(self.tr("Thêm hộ đang chọn vào cuối tuyến (Enter hoặc Space)"))
        self.add_button.clicked.connect(self._pick_current)
        self.up_button = QPushButton(self.tr("Lên (Ctrl+↑)"), self)
        self.down_button = QPushButton(self.tr("Xuống (Ctrl+↓)"), self)
        self.remove_button = QPushButton(self.tr("Bỏ (Del)"), self)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.remove_button.clicked.connect(self.remove_current)
        route_buttons = QHBoxLayout()
        route_buttons.addWidget(self.add_button)
        route_buttons.addStretch(1)
        route_buttons.addWidget(self.up_button)
        route_buttons.addWidget(self.down_button)
        route_buttons.addWidget(self.remove_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.route_label)
        right_layout.addWidget(self.route_view, 1)
        right_layout.addLayout(route_buttons)
        for keys, slot in (
            ("Ctrl+Up", lambda: self.move_current(-1)),
            ("Ctrl+Down", lambda: self.move_current(1)),
            ("Alt+Up", lambda: self.move_current(-1)),
            ("Alt+Down", lambda: self.move_current(1)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self.route_view, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove = QShortcut(QKeySequence.StandardKey.Delete, self.route_view, self.remove_current)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)

        self.members = ShiftMembersPanel(self)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.addWidget(self.members)
        splitter.setSizes([450, 440, 350])
        splitter.setChildrenCollapsible(False)

        notes_row = QHBoxLayout()
        notes_label = QLabel(self.tr("Ghi c&hú:"), self)
        notes_label.setBuddy(self.notes)
        notes_row.addWidget(notes_label)
        notes_row.addWidget(self.notes, 1)
        self.error_label = error_line(self)
        self.save_button = QPushButton(self.tr("&Lưu ca trực"), self)
        self.save_button.clicked.connect(self.accept)
        self.cancel_button = QPushButton(self.tr("Hủy"), self)
        self.cancel_button.clicked.connect(self.reject)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.accept)
        QShortcut(QKeySequence("Ctrl+S"), self, self.accept)

        layout = QVBoxLayout(self)
        layout.addLayout(head)
        area_row = QHBoxLayout()
        area_row.addWidget(groups_label, 0, Qt.AlignmentFlag.AlignTop)
        area_row.addWidget(self.groups, 1)
        layout.addLayout(area_row)
        layout.addWidget(splitter, 1)
        layout.addLayout(notes_row)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        chain = [
            self.day,
            self.starts_at,
            self.ends_at,
            self.team,
            self.groups,
            self.search,
            self.area_view,
            self.route_view,
            self.members.list,
            self.members.others,
            self.members.add_button,
            self.notes,
            self.save_button,
            self.cancel_button,
        ]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
        self.resize(1240, 660)

    def _fill(self, detail: ShiftDetail | None) -> None:
        if detail is None:
            self._update_route_label()
            return
        shift = detail.shift
        self.starts_at.setTime(to_qtime(shift.starts_at))
        self.ends_at.setTime(to_qtime(shift.ends_at))
        self.notes.setText(shift.notes or "")
        self.groups.blockSignals(True)
        for row in range(self.groups.count()):
            item = self.groups.item(row)
            if item.data(ID_ROLE) in detail.group_ids:
                item.setCheckState(Qt.CheckState.Checked)
        self.groups.blockSignals(False)
        self.route.replace_rows([RouteStop.from_stop(stop) for stop in detail.stops])
        self._update_route_label()

    # Loading -------------------------------------------------------------------------------

    def load_teams(self) -> None:
        """The campaign's active teams, with who is in each on the night chosen."""
        chosen = self.team.currentData()
        if chosen is None and self.detail is not None:
            chosen = self.detail.shift.team_id
        teams = self.gateway.list_teams(self.campaign.id, from_qdate(self.day.date()), True)
        self._teams = {team.id: team for team in teams}
        self.team.blockSignals(True)
        self.team.clear()
        for team in teams:
            self.team.addItem(
                self.tr("{name} ({n} người)").format(name=team.name, n=len(team.members)), team.id
            )
        self.team.setCurrentIndex(max(0, self.team.findData(chosen)))
        self.team.blockSignals(False)
        self._show_members()

    def _show_members(self) -> None:
        """Who goes out with the team chosen on the night chosen: as stored while the
        shift keeps its team and night, else the team's members that night."""
        team = self._teams.get(self.team.currentData())
        stored = None
        if self.detail is not None and team is not None:
            shift = self.detail.shift
            if (team.id, from_qdate(self.day.date())) == (shift.team_id, shift.day):
                stored = shift.members
        self.members.show_team(
            team.members if team else (),
            stored,
            self._active_members,
            {member.id: other.name for other in self._teams.values() for member in other.members},
        )

    def group_ids(self) -> tuple[int, ...]:
        return tuple(
            self.groups.item(row).data(ID_ROLE)
            for row in range(self.groups.count())
            if self.groups.item(row).checkState() == Qt.CheckState.Checked
        )

    def _search_now(self) -> None:
        self._search_timer.stop()
        self.load_area()
        if self.area.rowCount():
            self.area_view.setFocus(Qt.FocusReason.OtherFocusReason)
            self.area_view.setCurrentIndex(self.area.index(0, AreaColumn.ADDRESS))

    def load_area(self) -> None:
        """The households of the chosen groups matching the filter, by address."""
        text = self.search.text().strip()
        groups = self.group_ids()
        rows = []
        if groups:
            for group_id in groups:
                rows += self.gateway.area_households(group_id, text)
        elif text:
            rows = self.gateway.area_households(None, text)
        self.area.replace_rows(rows)
        self.area.set_chosen(set(self.route.household_ids()))
        if rows:
            self.area_view.set_empty_hint("")
            self.area_view.setCurrentIndex(self.area.index(0, AreaColumn.ADDRESS))
        else:
            self.area_view.set_empty_hint(
                self.tr("Chọn tổ dân phố ở ô Địa bàn, hoặc gõ tên, địa chỉ để tìm hộ.")
                if not groups and not text
                else self.tr("Không có hộ nào khớp.")
            )
        self.area_count.setText(self.tr("{n} hộ").format(n=len(rows)) if rows else "")

    # The route -----------------------------------------------------------------------------

    def _pick_current(self) -> None:
        index = self.area_view.currentIndex()
        if index.isValid():
            self._pick(index.row())
            below = self.area.index(index.row() + 1, index.column())
            if below.isValid():
                self.area_view.setCurrentIndex(below)

    def _pick(self, row: int) -> None:
        household = self.area.household(row)
        position = self.route.add(RouteStop.from_household(household))
        self.route_view.setCurrentIndex(self.route.index(position, RouteColumn.ADDRESS))
        self.route_view.scrollTo(self.route.index(position, RouteColumn.ADDRESS))
        self.area.set_chosen(set(self.route.household_ids()))
        self._update_route_label()

    def move_current(self, offset: int) -> None:
        index = self.route_view.currentIndex()
        if not index.isValid():
            return
        row = self.route.move(index.row(), offset)
        self.route_view.setCurrentIndex(self.route.index(row, index.column()))

    def remove_current(self) -> None:
        index = self.route_view.currentIndex()
        if not index.isValid():
            return
        stop = self.route.stop(index.row())
        if stop.entered:
            self.show_error(
                self.tr("Hộ {code} đã có kết quả nhập vào nên không bỏ khỏi ca trực được.").format(
                    code=stop.code
                )
            )
            return
        self.route.remove(index.row())
        if self.route.rowCount():
            row = min(index.row(), self.route.rowCount() - 1)
            self.route_view.setCurrentIndex(self.route.index(row, index.column()))
        self.area.set_chosen(set(self.route.household_ids()))
        self._update_route_label()

    def _update_route_label(self) -> None:
        self.route_label.setText(self.tr("Thứ tự đi: {n} hộ").format(n=self.route.rowCount()))

    # Saving --------------------------------------------------------------------------------

    def shift_input(self) -> ShiftInput:
        team_id = self.team.currentData()
        if team_id is None:
            raise UserError(
                self.tr(
                    "Chưa có tổ công tác nào đang hoạt động; hãy lập tổ ở Chiến dịch → Tổ công tác…"
                )
            )
        return ShiftInput(
            team_id=team_id,
            day=from_qdate(self.day.date()),
            household_ids=self.route.household_ids(),
            group_ids=self.group_ids(),
            starts_at=from_qtime(self.starts_at.time()),
            ends_at=from_qtime(self.ends_at.time()),
            notes=self.notes.text(),
            meeting_lat=self.detail.meeting_lat if self.detail else None,
            meeting_lon=self.detail.meeting_lon if self.detail else None,
            # what the route was when opened: stops added at another desk since stay
            route_seen=(
                tuple(stop.household_id for stop in self.detail.stops) if self.detail else None
            ),
        )

    def _snapshot(self) -> tuple:
        return (
            self.team.currentData(),
            self.day.date(),
            self.starts_at.time(),
            self.ends_at.time(),
            self.group_ids(),
            self.route.household_ids(),
            self.members.member_ids(),
            self.notes.text(),
        )

    def reject(self) -> None:
        """Esc: ask before dropping a route being made."""
        if self._snapshot() != self._initial and not confirm(
            self,
            self.tr("Bỏ thay đổi?"),
            self.tr("Ca trực có thay đổi chưa lưu. Đóng và bỏ các thay đổi này?"),
        ):
            return
        super().reject()

    def accept(self) -> None:
        self.error_label.hide()
        try:
            data = self.shift_input()
            members = self.chosen_members()
            if self.detail is None:
                self.saved_id = self.gateway.create_shift_with_members(data, members)
            else:
                shift = self.detail.shift
                self.gateway.update_shift_with_members(shift.id, data, shift.version, members)
        except UserError as error:
            self.show_error(str(error))
            return
        super().accept()

    def chosen_members(self) -> tuple[int, ...] | None:
        """Who goes out, when it differs from what the shift gets by itself (None).

        Refuses a list where everyone is unticked. An empty list (a team without members
        that night) is left to the service, which says to add members to the team.
        """
        if self.members.is_listed_empty():
            return None
        ticked = self.members.member_ids()
        if not ticked:
            self.members.list.setFocus(Qt.FocusReason.OtherFocusReason)
            raise UserError(
                self.tr(
                    "Ca trực cần ít nhất một người đi; hãy đánh dấu (Space) người đi ca "
                    "trong danh sách “Người đi ca”."
                )
            )
        return ticked if self.members.changed_from_default() else None

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()


class ShiftsDialog(QDialog):
    """The shifts of a night; `changed` after each change."""

    changed = Signal()
    enter_results_requested = Signal(object, int)  # night, shift id

    def __init__(self, gateway: CampaignGateway, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "chien-dich.html#ca-truc")  # F1 opens this page
        self.gateway = gateway
        self.campaign = gateway.current_campaign()
        self.setWindowTitle(self.tr("Ca trực"))
        self.setModal(True)
        # Tests replace this to answer a dialog without showing it.
        self.exec_dialog: Callable[[QDialog], int] = lambda dialog: dialog.exec()
        self._build()
        self.reload()

    def _build(self) -> None:
        self.day = date_field(self, self.gateway.today())
        self.day.dateChanged.connect(lambda _d: self.reload())
        day_label = QLabel(self.tr("Đê&m:"), self)
        day_label.setBuddy(self.day)
        self.campaign_label = QLabel(self)
        top = QHBoxLayout()
        top.addWidget(day_label)
        top.addWidget(self.day)
        top.addSpacing(12)
        top.addWidget(self.campaign_label, 1)
        self.shifts = ShiftTableModel(self)
        self.view = ListView(self)
        self.view.setObjectName("shiftList")
        self.view.setModel(self.shifts)
        self.view.activated.connect(lambda _index: self.edit_shift())
        self.view.size_columns(
            {
                ShiftColumn.TEAM: 170,
                ShiftColumn.WINDOW: 100,
                ShiftColumn.AREA: 140,
                ShiftColumn.STOPS: 64,
                ShiftColumn.ENTERED: 70,
            },
            stretch=ShiftColumn.MEMBERS,
        )
        self.add_button = QPushButton(self.tr("&Thêm ca… (Ctrl+N)"), self)
        self.edit_button = QPushButton(self.tr("&Sửa ca… (F2)"), self)
        self.delete_button = QPushButton(self.tr("&Xóa ca… (Del)"), self)
        self.enter_button = QPushButton(self.tr("&Nhập kết quả ca này (Ctrl+K)"), self)
        self.close_button = QPushButton(self.tr("Đóng"), self)
        self.add_button.clicked.connect(self.add_shift)
        self.edit_button.clicked.connect(self.edit_shift)
        self.delete_button.clicked.connect(self.delete_shift)
        self.enter_button.clicked.connect(self.enter_results)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.delete_button, self.enter_button):
            buttons.addWidget(button)
            button.setAutoDefault(False)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        self.close_button.setAutoDefault(False)
        for keys, slot in (
            ("Ctrl+N", self.add_shift),
            ("F2", self.edit_shift),
            ("Ctrl+K", self.enter_results),
        ):
            QShortcut(QKeySequence(keys), self, slot)
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.view, self.delete_shift)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self.resize(1100, 480)

    def shown_day(self) -> date:
        return from_qdate(self.day.date())

    def set_day(self, day: date) -> None:
        self.day.setDate(to_qdate(day))

    def reload(self, shift_id: int | None = None) -> None:
        if self.campaign is None:
            self.campaign_label.setText(
                self.tr(
                    "Chưa có chiến dịch nào; hãy tạo chiến dịch trước (Chiến dịch → Chiến dịch…)."
                )
            )
            for button in (
                self.add_button,
                self.edit_button,
                self.delete_button,
                self.enter_button,
            ):
                button.setEnabled(False)
            return
        day = self.shown_day()
        rows = self.gateway.list_shifts(day, self.campaign.id)
        self.shifts.replace_rows(rows)
        self.campaign_label.setText(
            self.tr("{n} ca trực đêm {day} · {campaign}").format(
                n=len(rows), day=f"{day:%d/%m/%Y}", campaign=self.campaign.name
            )
        )
        self.view.set_empty_hint(
            "" if rows else self.tr("Đêm này chưa có ca trực. Bấm Ctrl+N để lập ca.")
        )
        row = self.shifts.row_of(shift_id) if shift_id is not None else None
        if rows:
            self.view.setCurrentIndex(self.shifts.index(row or 0, ShiftColumn.TEAM))
        for button in (self.edit_button, self.delete_button, self.enter_button):
            button.setEnabled(bool(rows))

    def current_shift_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.shifts.shift(index.row()).id if index.isValid() else None

    def add_shift(self) -> None:
        if self.campaign is None:
            return
        dialog = ShiftEditDialog(self.gateway, self.campaign, self, night=self.shown_day())
        if self.exec_dialog(dialog):
            self.changed.emit()
            self.set_day(from_qdate(dialog.day.date()))
            self.reload(dialog.saved_id)
        dialog.deleteLater()

    def edit_shift(self) -> None:
        shift_id = self.current_shift_id()
        if shift_id is None or self.campaign is None:
            return
        try:
            detail = self.gateway.shift_detail(shift_id)
        except UserError as error:
            show_refusal(self, error)
            self.reload()
            return
        dialog = ShiftEditDialog(self.gateway, self.campaign, self, detail=detail)
        if self.exec_dialog(dialog):
            self.changed.emit()
            self.set_day(from_qdate(dialog.day.date()))
            self.reload(shift_id)
        dialog.deleteLater()

    def delete_shift(self) -> None:
        index = self.view.currentIndex()
        if not index.isValid():
            return
        shift = self.shifts.shift(index.row())
        if not confirm(
            self,
            self.tr("Xóa ca trực"),
            self.tr("Xóa ca trực của {team} đêm {day} ({n} hộ)?").format(
                team=shift.team_name, day=f"{shift.day:%d/%m/%Y}", n=shift.stops
            ),
        ):
            return
        refusal = self.tr("Không xóa được ca trực")
        if carried_out(self, lambda: self.gateway.delete_shift(shift.id), refusal):
            self.changed.emit()
            self.reload()

    def enter_results(self) -> None:
        shift_id = self.current_shift_id()
        if shift_id is not None:
            self.enter_results_requested.emit(self.shown_day(), shift_id)
            self.reload(shift_id)

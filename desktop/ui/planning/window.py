"""Chiến dịch → Lập tuyến đêm nay…: plan the teams' walking routes for a night.

On the left the request (night, area, teams, meeting point, settings); in the middle
the map of the plan; on the right the teams' summary and the stops of one team. "Lập
tuyến" (F5) reads and plans in the background (the solver cannot be interrupted, so
Cancel lets the window go on and throws the result away when it comes). Every edit
(drag, Alt+Up/Down, move to another team, lock) goes through the planning services
and is recounted at once; "Lập lại phần còn lại" re-plans what is not locked. "Lưu
thành ca trực" creates the night's shifts and emits `shifts_saved(day)`; "In phiếu đi
bộ…" writes the walk sheets PDF.

    window = PlanningWindow(database, runner, today, parent)
    window.shifts_saved.connect(...)   # the night (date) whose shifts were saved
    window.show()
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import date

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSplitter,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import Shiboken

from desktop.domain.errors import UserError
from desktop.services.database import Database
from desktop.services.maps.loading import MapLoadResult
from desktop.services.maps.locating import LocateResult
from desktop.services.maps.placing import ConfirmResult
from desktop.services.planning import NightPlan
from desktop.services.planning.geometry import to_lat_lon
from desktop.ui.planning.banner import BusyStrip, NoticeBanner, map_hints
from desktop.ui.planning.editor import PlanEditor
from desktop.ui.planning.gateway import MapStatus, NightOptions, PlannedNight, PlanningGateway
from desktop.ui.planning.map import RouteMap
from desktop.ui.planning.map_dialogs import LoadMapDialog, LocateResultDialog, StationDialog
from desktop.ui.planning.map_scene import DIAGRAM_ALL, DIAGRAM_PART, SCHEMATIC, build_map_scene
from desktop.ui.planning.outputs import PlanOutputs
from desktop.ui.planning.request_form import PlanRequestForm
from desktop.ui.planning.rows import (
    UNASSIGNED,
    WITHOUT_COORDINATES,
    StopRow,
    household_tooltip,
    route_rows,
    team_rows,
    unassigned_rows,
    without_coordinates_rows,
)
from desktop.ui.planning.settings_dialog import PlanningSettingsDialog
from desktop.ui.planning.team_lists import RoutesPanel
from desktop.ui.widgets.formatting import vietnamese_number
from desktop.ui.widgets.icons import app_icon
from desktop.ui.widgets.messages import carried_out, confirm, show_refusal, show_task_error
from desktop.ui.widgets.progress_job import ProgressJob
from desktop.ui.widgets.task_runner import TaskRunner


class PlanningWindow(QMainWindow):
    """The night's route planning: request, map, team lists, save and print."""

    shifts_saved = Signal(object)  # the night (date) whose shifts were just saved

    def __init__(
        self,
        database: Database,
        runner: TaskRunner,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
        *,
        time_limit: float | None = None,
    ) -> None:
        super().__init__(parent)
        self.setProperty("help_page", "lo-trinh.html")  # F1 opens this page
        self.gateway = PlanningGateway(database, today)
        self.runner = runner
        self.today = today
        self.time_limit = time_limit  # None: the engine's default for the size of the night
        self.night: PlannedNight | None = None
        self.editor: PlanEditor | None = None
        self.options: NightOptions | None = None
        self.unsaved = False
        self.map_status: MapStatus | None = None
        self.locate_dialog: LocateResultDialog | None = None
        self.map_busy = False  # loading a map or locating households
        self._map_folder = ""
        self._tasks = itertools.count(1)
        self._running: int | None = None  # the planning task whose result is awaited
        self._options_request = 0
        self.setWindowTitle(self.tr("Lập tuyến đêm nay — Đèn Khuya"))
        self.setWindowIcon(app_icon())
        self.outputs = PlanOutputs(self, self.gateway, runner)
        self.outputs.saved.connect(self._after_save)
        self.outputs.busy_changed.connect(lambda _busy: self._update_actions())
        self._build()
        self._make_actions()
        self.resize(1340, 720)
        self.form.set_night(today())
        self._load_options(today())
        self._load_map_status()

    # Building --------------------------------------------------------------------------

    def _build(self) -> None:
        self.form = PlanRequestForm(
            self.gateway.find_households, self.gateway.household_position, self
        )
        self.form.plan_requested.connect(self.plan)
        self.form.settings_requested.connect(self.edit_settings)
        self.form.day_changed.connect(self._load_options)
        form_scroll = QScrollArea(self)
        form_scroll.setWidget(self.form)
        form_scroll.setWidgetResizable(True)
        form_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        form_scroll.setMinimumWidth(250)
        form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.banner = NoticeBanner(self)
        self.busy = BusyStrip(self)
        self.busy.cancel_requested.connect(self.cancel_planning)
        self.map = RouteMap(self)
        self.map.describe = self.describe_household
        self.map.household_clicked.connect(self._map_clicked)
        self.map.context_menu_requested.connect(self._map_menu)
        self.map.household_placed.connect(self.place_household_at)
        self.map.placing_changed.connect(self._placing_changed)
        self.map.map_menu_requested.connect(self._map_space_menu)
        middle = QWidget(self)
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(0, 0, 0, 0)
        middle_layout.setSpacing(4)
        middle_layout.addWidget(self.banner)
        middle_layout.addWidget(self.busy)
        middle_layout.addWidget(self.map, 1)
        self.routes = RoutesPanel(self)
        self.routes.move_requested.connect(self.move_households)
        self.routes.shift_requested.connect(self.shift_households)
        self.routes.lock_requested.connect(self.lock_households)
        self.routes.households_selected.connect(lambda ids: self.map.set_selected(ids))
        self.routes.list_chosen.connect(self._list_chosen)
        self.routes.setMinimumWidth(380)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(form_scroll)
        splitter.addWidget(middle)
        splitter.addWidget(self.routes)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([268, 600, 470])
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self.summary_label = QLabel(self)
        self.statusBar().addWidget(self.summary_label, 1)

    def _make_actions(self) -> None:
        bar = QToolBar(self.tr("Lập tuyến"), self)
        bar.setObjectName("planningToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(bar)
        self.plan_action = self._action(bar, self.tr("Lập tuyến"), "F5", self.plan)
        self.replan_action = self._action(
            bar, self.tr("Lập lại phần còn lại"), "Ctrl+R", self.replan_rest
        )
        self.replan_action.setToolTip(
            self.tr("Lập lại lộ trình, giữ nguyên các hộ đã khóa vào tổ (Ctrl+R)")
        )
        bar.addSeparator()
        self.save_action = self._action(bar, self.tr("Lưu thành ca trực"), "Ctrl+S", self.save)
        self.print_action = self._action(
            bar, self.tr("In phiếu đi bộ…"), "Ctrl+P", self.print_sheets
        )
        bar.addSeparator()
        self.fit_action = self._action(bar, self.tr("Vừa khung"), "Ctrl+0", self.map.fit)
        self.fit_action.setToolTip(self.tr("Vừa khung các tuyến đêm nay (Ctrl+0)"))
        self.fit_all_action = self._action(bar, self.tr("Cả khu vực"), "Ctrl+9", self.map.fit_all)
        self.fit_all_action.setToolTip(self.tr("Xem mọi hộ còn việc trong khu vực (Ctrl+9)"))
        self.zoom_in_action = self._action(bar, self.tr("Phóng to"), "Ctrl++", self.map.zoom_in)
        self.zoom_out_action = self._action(bar, self.tr("Thu nhỏ"), "Ctrl+-", self.map.zoom_out)
        self.legend_action = self._action(bar, self.tr("Chú giải"), "Ctrl+L", self._toggle_legend)
        self.legend_action.setCheckable(True)
        self.legend_action.setChecked(True)
        bar.addSeparator()
        self._make_map_actions(bar)
        bar.addSeparator()
        self.close_action = self._action(bar, self.tr("Đóng"), "Ctrl+W", self.close)
        # Esc stops waiting for the planner; enabled only then, so Esc works as usual else.
        self.cancel_action = QAction(self.tr("Hủy lập tuyến"), self)
        self.cancel_action.setShortcut(QKeySequence(Qt.Key.Key_Escape))
        self.cancel_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.cancel_action.triggered.connect(self.cancel_planning)
        self.addAction(self.cancel_action)
        self._update_actions()

    def _make_map_actions(self, bar: QToolBar) -> None:
        """ "Bản đồ ▾": load a map, place the households by address, the station."""
        self.load_map_action = self._window_action(
            self.tr("Nạp bản đồ…"), "Ctrl+Shift+M", self.load_map
        )
        self.locate_action = self._window_action(
            self.tr("Định vị các hộ theo địa chỉ"), "Ctrl+Shift+D", self.locate_households
        )
        self.station_action = self._window_action(
            self.tr("Vị trí trụ sở…"), "Ctrl+Shift+T", self.edit_station
        )
        self.place_action = self._window_action(
            self.tr("Đặt vị trí hộ đã chọn"), "Ctrl+Shift+P", self.start_placing
        )
        self.place_action.setStatusTip(
            self.tr("Bấm vào chỗ của hộ trên bản đồ để đặt vị trí; Esc để thôi.")
        )
        self.confirm_position_action = self._window_action(
            self.tr("Xác nhận vị trí"), "Ctrl+Shift+X", self.confirm_positions
        )
        self.map_menu = QMenu(self.tr("Bản đồ"), self)
        for action in (self.load_map_action, self.locate_action, self.station_action):
            self.map_menu.addAction(action)
        self.map_menu.addSeparator()
        self.map_menu.addAction(self.place_action)
        self.map_menu.addAction(self.confirm_position_action)
        button = QToolButton(self)
        button.setObjectName("mapMenuButton")
        button.setText(self.tr("Bản đồ"))
        button.setToolTip(self.tr("Bản đồ đường phố, vị trí các hộ và trụ sở"))
        button.setMenu(self.map_menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(button)

    def _window_action(self, text: str, keys: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{text} ({QKeySequence(keys).toString()})")
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _action(self, bar: QToolBar, text: str, keys: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setToolTip(f"{text} ({QKeySequence(keys).toString()})")
        action.triggered.connect(lambda _checked=False: slot())
        bar.addAction(action)
        return action

    # Options ---------------------------------------------------------------------------

    def _load_options(self, day: date) -> None:
        self._options_request += 1
        request = self._options_request

        def done(options: NightOptions | None) -> None:
            if request == self._options_request and self._alive():
                self.options = options
                self.form.set_options(options)

        self.runner.run_task(
            lambda: self.gateway.night_options(day), done, self._guard(self._task_failed)
        )

    # Planning --------------------------------------------------------------------------

    @property
    def planning_busy(self) -> bool:
        return self._running is not None

    def plan(self) -> None:
        """Read the form, then read and plan the night in the background."""
        if self.planning_busy:
            return
        self.form.show_error("")
        try:
            request = self.form.request()
        except UserError as error:
            self.form.show_error(str(error))
            return
        teams = len(request.team_ids) if request.team_ids else None
        text = (
            self.tr("Đang lập tuyến cho {teams} tổ…").format(teams=teams)
            if teams
            else self.tr("Đang lập tuyến…")
        )
        limit = self.time_limit
        self._start(text, lambda: self.gateway.plan(request, limit), self._planned)

    def replan_rest(self) -> None:
        """Plan again everything that is not locked, keeping the locked households."""
        if self.planning_busy or self.editor is None or self.night is None:
            return
        planning = self.editor.planning
        locks, excluded = self.editor.replan_input()
        limit = self.time_limit
        text = self.tr("Đang lập lại phần còn lại ({locked} hộ đã khóa)…").format(locked=len(locks))
        self._start(
            text,
            lambda: PlanningGateway.replan(planning, locks, excluded, limit),
            self._replanned,
        )

    def cancel_planning(self) -> None:
        """Stop waiting for the planner; its result is thrown away when it comes."""
        if not self.planning_busy:
            return
        self._running = None
        self.busy.stop()
        self._set_busy(False)
        self.statusBar().showMessage(
            self.tr("Đã hủy lập tuyến. Máy vẫn tính nốt trong giây lát; kết quả đó sẽ bị bỏ qua."),
            8000,
        )

    def _start(self, text: str, work: Callable[[], object], done: Callable) -> None:
        task = next(self._tasks)
        self._running = task
        self._set_busy(True)
        self.busy.start(text)

        def succeeded(result) -> None:
            if not self._alive():
                return
            if task != self._running:
                self.statusBar().showMessage(
                    self.tr("Đã bỏ qua kết quả của lần lập tuyến đã hủy."), 6000
                )
                return
            self._finish()
            done(result)

        def failed(error: BaseException) -> None:
            if not self._alive() or task != self._running:
                return
            self._finish()
            if isinstance(error, UserError):
                self.form.show_error(str(error))
            else:
                show_task_error(self, error, self.tr("Lập tuyến"))

        self.runner.run_task(work, succeeded, failed)

    def _finish(self) -> None:
        self._running = None
        self.busy.stop()
        self._set_busy(False)

    def _set_busy(self, busy: bool) -> None:
        self.form.set_busy(busy)
        self.routes.setEnabled(not busy)
        self._update_actions()

    def _planned(self, night: PlannedNight) -> None:
        self.night = night
        self.editor = PlanEditor(night.planning, night.plan)
        self.unsaved = True
        self.routes.current_key = None
        self._refresh(fit=True)
        self.map.set_focus_team(None)  # every route alike until a team is picked
        self._show_notices()

    def _replanned(self, plan: NightPlan) -> None:
        assert self.editor is not None
        self.editor.replaced(plan)
        self.unsaved = True
        self._refresh()
        self._show_notices()

    def _show_notices(self) -> None:
        assert self.editor is not None
        plan = self.editor.plan
        notices = list(plan.notices)
        if not any(route.stops for route in plan.routes):
            notices.append(
                self.tr(
                    "Chưa xếp được hộ nào vào tuyến trong thời gian tìm kiếm cho phép. Hãy bấm "
                    "“Lập tuyến” lần nữa, chọn ít tổ dân phố hơn, hoặc kéo hộ vào tổ bằng tay."
                )
            )
        scene = self.map.scene
        if scene is not None and scene.schematic:
            notices += map_hints(self.map_status)
        self.banner.show_notices(notices)

    # Editing ---------------------------------------------------------------------------

    def move_households(self, household_ids: list, key: int, position: int) -> None:
        """Put households on a team's route at `position` (-1: the end) or off the routes."""
        team_id = None if key in (UNASSIGNED, WITHOUT_COORDINATES) else key
        self._edit(
            lambda editor: editor.move(household_ids, team_id, None if position < 0 else position),
            household_ids,
        )

    def shift_households(self, household_ids: list, step: int) -> None:
        """Move households one place up (-1) or down (+1) on their route."""
        self._edit(lambda editor: editor.shift(household_ids, step), household_ids)

    def lock_households(self, household_ids: list, locked: bool) -> None:
        """Pin households to their team for "Lập lại phần còn lại" (or unpin them)."""
        self._edit(lambda editor: editor.set_locked(household_ids, locked), household_ids)

    def _edit(self, change: Callable[[PlanEditor], object], household_ids: list) -> None:
        if self.editor is None or self.planning_busy:
            return
        editor = self.editor
        if not carried_out(self, lambda: change(editor), self.tr("Sửa lộ trình")):
            return
        self.unsaved = True
        self._refresh()
        self.routes.select_households(household_ids)  # those still in the list shown
        self.map.set_selected(household_ids, reveal=False)

    # Showing ---------------------------------------------------------------------------

    def _refresh(self, fit: bool = False) -> None:
        assert self.editor is not None and self.night is not None
        planning, plan = self.editor.planning, self.editor.plan
        options = self.options
        scene = build_map_scene(
            planning,
            plan,
            self.night.ward_points,
            options.station if options else None,
            options.station_name if options else "",
        )
        self.map.set_scene(scene, fit=fit)
        self.map.can_place = self._may_place(scene.schematic)
        self.routes.show_plan(team_rows(planning, plan), self._rows_for)
        self._list_chosen(self.routes.current_key)
        self._show_summary()
        self._update_actions()

    def _rows_for(self, key: int) -> list[StopRow]:
        assert self.editor is not None
        planning, plan = self.editor.planning, self.editor.plan
        if key == UNASSIGNED:
            return unassigned_rows(planning, plan)
        if key == WITHOUT_COORDINATES:
            return without_coordinates_rows(planning, plan)
        return route_rows(planning, plan, plan.route(key))

    def _show_summary(self) -> None:
        assert self.editor is not None and self.night is not None
        planning, plan = self.editor.planning, self.editor.plan
        area = ", ".join(planning.group_names) if planning.group_names else self.tr("cả phường")
        planned = sum(len(route.stops) for route in plan.routes)
        self.summary_label.setText(
            self.tr(
                "Đêm {day}, {start}–{end} · {area} · {teams} tổ · {planned}/{candidates} hộ "
                "cần đến đã xếp, {services} việc · lập trong {seconds} giây"
            ).format(
                day=f"{plan.day:%d/%m/%Y}",
                start=f"{plan.starts_at:%H:%M}",
                end=f"{plan.ends_at:%H:%M}",
                area=area,
                teams=len(planning.teams),
                planned=vietnamese_number(planned),
                candidates=vietnamese_number(len(planning.candidates)),
                services=vietnamese_number(plan.expected_services),
                seconds=f"{self.night.seconds:.1f}".replace(".", ","),
            )
        )

    def _list_chosen(self, key: int | None) -> None:
        if self.editor is None or key is None or key < 0:
            self.map.set_focus_team(None)
            return
        team_index = next(
            (i for i, team in enumerate(self.editor.planning.teams) if team.team_id == key), None
        )
        self.map.set_focus_team(team_index)

    def select_household(self, household_id: int) -> None:
        """Show a household selected in its team's list (or the unassigned) and on the map."""
        if self.editor is None:
            return
        team_id = self.editor.team_of(household_id)
        key = team_id if team_id is not None else UNASSIGNED
        if (
            self.routes.current_key == WITHOUT_COORDINATES
            and self.routes.stops.row_of(household_id) is not None
        ):
            key = WITHOUT_COORDINATES
        self.routes.select_households([household_id], key)
        self.map.set_selected([household_id])

    def _map_clicked(self, household_id: int) -> None:
        self.select_household(household_id)
        self.routes.stop_view.setFocus(Qt.FocusReason.MouseFocusReason)

    def _map_menu(self, household_id: int, where: QPoint) -> None:
        self.select_household(household_id)
        menu: QMenu = self.routes.household_menu(self.map)
        menu.addSeparator()
        menu.addAction(self.place_action)
        menu.addAction(self.confirm_position_action)
        menu.exec(where)

    def describe_household(self, household_id: int) -> str:
        """The map's tooltip: address, head, team and time, pending services."""
        if self.editor is None:
            return ""
        return household_tooltip(self.editor.planning, self.editor.plan, household_id)

    def _toggle_legend(self) -> None:
        self.map.show_legend = self.legend_action.isChecked()
        self.map.update()

    def _update_actions(self) -> None:
        planned = self.editor is not None
        busy = self.planning_busy or self.outputs.busy
        self.plan_action.setEnabled(not busy)
        self.cancel_action.setEnabled(self.planning_busy)
        self.replan_action.setEnabled(planned and not busy)
        self.save_action.setEnabled(planned and not busy)
        self.print_action.setEnabled(planned and not busy)
        for action in (self.load_map_action, self.locate_action, self.station_action):
            action.setEnabled(not busy and not self.map_busy)
        for action in (self.place_action, self.confirm_position_action):
            action.setEnabled(planned and not busy and not self.map_busy)

    # Settings, saving, printing --------------------------------------------------------

    def edit_settings(self) -> None:
        """Open the planning settings; a plan made before keeps its old numbers."""
        current = self.gateway.planning_settings()
        dialog = PlanningSettingsDialog(self, current, self.gateway.save_settings)
        if dialog.exec() and dialog.saved is not None and dialog.saved != current:
            if self.editor is not None:
                self.banner.show_notices(
                    [
                        self.tr(
                            "Đã lưu thông số mới; bấm “Lập tuyến” (F5) để lập theo thông số này."
                        )
                    ],
                    "info",
                )
            self.statusBar().showMessage(self.tr("Đã lưu thông số lập tuyến."), 5000)

    def save(self) -> None:
        """Save the plan as the night's shifts."""
        if self.editor is None or self.outputs.busy or self.planning_busy:
            return
        if not any(route.stops for route in self.editor.plan.routes):
            show_refusal(
                self,
                self.tr("Chưa có hộ nào trên tuyến của các tổ; không có gì để lưu."),
                self.tr("Lưu thành ca trực"),
            )
            return
        self.outputs.save(self.editor.planning, self.editor.plan)

    def _after_save(self, day: date, _result) -> None:
        self.unsaved = False
        self.statusBar().showMessage(self.tr("Đã lưu thành ca trực."), 8000)
        self.shifts_saved.emit(day)

    def print_sheets(self) -> None:
        """Write the walk sheets of the plan as it stands."""
        if self.editor is not None and not self.outputs.busy and not self.planning_busy:
            self.outputs.print_sheets(self.editor.planning, self.editor.plan)

    # Placing households by hand ---------------------------------------------------------

    def _may_place(self, schematic: str) -> bool:
        """Whether the map's metres are real ones a drop can be turned into coordinates:
        a meeting point with coordinates, and not a diagram alone with no map under it."""
        if self.editor is None or self.editor.planning.meeting_point is None:
            return False
        has_map = self.map_status is not None and self.map_status.has_map
        return schematic != DIAGRAM_ALL or has_map

    def _placing_refusal(self) -> str | None:
        """Why nothing can be placed on the map now (None: it can)."""
        if self.editor is None:
            return self.tr("Hãy lập tuyến (F5) trước; các hộ cần đến hiện lên bản đồ.")
        if not self.map.can_place:
            return self.tr(
                "Bản đồ đang là sơ đồ theo địa chỉ, chưa có toạ độ thật để đặt hộ; hãy nạp "
                "bản đồ (Bản đồ ▸ Nạp bản đồ…) và đặt vị trí trụ sở trước."
            )
        return None

    def start_placing(self) -> None:
        """ "Đặt vị trí hộ đã chọn": the next click on the map places the selected household."""
        title = self.tr("Đặt vị trí hộ")
        refusal = self._placing_refusal()
        if refusal is None and len(self.map.selected) != 1:
            refusal = self.tr(
                "Hãy chọn đúng một hộ (trong danh sách hoặc trên bản đồ) rồi đặt vị trí."
            )
        if refusal is not None:
            show_refusal(self, refusal, title)
            return
        self.map.start_placing(next(iter(self.map.selected)))

    def _placing_changed(self, household_id: int | None) -> None:
        if household_id is None or self.editor is None:
            self.statusBar().clearMessage()
            return
        self.statusBar().showMessage(
            self.tr(
                "Bấm vào chỗ của hộ {household} trên bản đồ để đặt vị trí; Esc để thôi."
            ).format(household=self._household_label(household_id))
        )

    def place_household_at(self, household_id: int, x: float, y: float) -> None:
        """Save a household where it was dropped on the map (metres east and north of the
        meeting point), confirmed; the map and the routes it is on are redrawn."""
        if self.editor is None or self.planning_busy:
            return
        planning = self.editor.planning
        title = self.tr("Đặt vị trí hộ")
        refusal = self._placing_refusal() or self._diagram_refusal(household_id, x, y)
        if refusal is not None:
            self._refresh()  # the marker goes back
            show_refusal(self, refusal, title)
            return
        assert planning.meeting_point is not None  # _may_place
        lat, lon = to_lat_lon((x, y), planning.meeting_point)
        candidate = planning.candidate(household_id)
        try:
            placed = self.gateway.place_household(
                household_id, lat, lon, expected_position=(candidate.lat, candidate.lon)
            )
        except UserError as error:
            self._refresh()
            show_refusal(self, error, title)
            return
        self._positions_changed({household_id: (placed.lat, placed.lon)})
        self.statusBar().showMessage(
            self.tr("Đã đặt vị trí hộ {household} (đã xác nhận).").format(
                household=self._household_label(household_id)
            ),
            8000,
        )

    def confirm_positions(self) -> None:
        """ "Xác nhận vị trí": the selected households' positions, as the map draws them,
        become confirmed (`map locate` will not move them again)."""
        title = self.tr("Xác nhận vị trí")
        if self.editor is None or self.planning_busy:
            return
        chosen = sorted(self.map.selected)
        if not chosen:
            show_refusal(self, self.tr("Hãy chọn các hộ cần xác nhận vị trí trước."), title)
            return
        planning = self.editor.planning
        # Households drawn where their street's neighbours put them: confirm that spot.
        shown = {
            household_id: planning.estimated_positions[household_id]
            for household_id in chosen
            if household_id in planning.estimated_positions
            and not planning.candidate(household_id).has_coordinates
        }
        try:
            result: ConfirmResult = self.gateway.confirm_positions(chosen, shown)
        except UserError as error:
            show_refusal(self, error, title)
            return
        self._positions_changed(shown, confirmed=chosen)
        self.statusBar().showMessage(result.summary(), 8000)

    def _positions_changed(
        self, positions: Mapping[int, tuple[float, float]], confirmed: Iterable[int] = ()
    ) -> None:
        """After households were placed (`positions`) or confirmed where they are: the
        plan walks to their new spots and the map no longer draws them as estimates."""
        assert self.editor is not None and self.night is not None
        if positions:
            editor = self.editor
            on_routes = any(editor.team_of(household_id) is not None for household_id in positions)
            editor.positions_changed(positions)
            self.unsaved = self.unsaved or on_routes
        settled = set(positions) | set(confirmed)
        points = []
        for point in self.night.ward_points:
            if point.household_id in settled:
                lat, lon = positions.get(point.household_id, (point.lat, point.lon))
                point = replace(point, lat=lat, lon=lon, estimated=False)
            points.append(point)
        self.night = replace(self.night, ward_points=tuple(points))
        self._refresh()
        ids = sorted(settled)
        self.routes.select_households(ids)
        self.map.set_selected(ids, reveal=False)

    def _diagram_refusal(self, household_id: int, x: float, y: float) -> str | None:
        """A drop on the diagram drawn beside the map is not a place in the ward."""
        scene = self.map.scene
        if scene is None or scene.schematic != DIAGRAM_PART:
            return None
        on_diagram = [
            row
            for row, kind in enumerate(scene.kinds)
            if kind == SCHEMATIC and int(scene.household_ids[row]) != household_id
        ]
        if not on_diagram:
            return None
        diagram = scene.xy[on_diagram]
        low, high = diagram.min(axis=0) - 40.0, diagram.max(axis=0) + 40.0
        if low[0] <= x <= high[0] and low[1] <= y <= high[1]:
            return self.tr(
                "Chỗ vừa thả là sơ đồ các hộ chưa có vị trí, không phải bản đồ; hãy thả hộ "
                "vào chỗ của nó trên bản đồ."
            )
        return None

    def _map_space_menu(self, where: QPointF, global_position: QPoint) -> None:
        self.space_menu(where).exec(global_position)

    def space_menu(self, where: QPointF) -> QMenu:
        """The menu of a right-click off the households (at `where`, in the map's metres):
        place the selected household there, placing mode, confirm, framing."""
        menu = QMenu(self.map)
        here = menu.addAction(self.tr("Đặt hộ đã chọn vào đây"))
        here.setEnabled(
            self.editor is not None and self.map.can_place and len(self.map.selected) == 1
        )
        here.triggered.connect(
            lambda: self.place_household_at(next(iter(self.map.selected)), where.x(), where.y())
        )
        menu.addAction(self.place_action)
        menu.addAction(self.confirm_position_action)
        menu.addSeparator()
        menu.addAction(self.fit_action)
        menu.addAction(self.fit_all_action)
        return menu

    def _household_label(self, household_id: int) -> str:
        assert self.editor is not None
        candidate = self.editor.planning.candidate(household_id)
        head = f" ({candidate.head_name})" if candidate.head_name else ""
        return f"{candidate.address or candidate.code}{head}"

    # The map, the households' positions, the station -----------------------------------

    def _load_map_status(self) -> None:
        def done(status: MapStatus | None) -> None:
            if self._alive():
                self.map_status = status
                if self.editor is None:  # a plan's own notices stay until the next plan
                    self.banner.show_notices(map_hints(status), "info")

        self.runner.run_task(self.gateway.map_status, done, self._guard(self._task_failed))

    def load_map(self) -> None:
        """Ask for the map file (and its area), then load it with progress and Cancel."""
        if self.map_busy or self.planning_busy:
            return
        dialog = LoadMapDialog(self, self.gateway.check_bbox, self._map_folder)
        if dialog.exec() and dialog.path is not None:
            self._map_folder = str(dialog.path.parent)
            self.load_map_file(dialog.path, dialog.bbox)

    def load_map_file(self, path, bbox: str | None = None) -> None:
        """Load the ward's map from `path` in the background (progress dialog, Cancel)."""
        gateway = self.gateway
        job = ProgressJob(
            self,
            self.runner,
            self.tr("Nạp bản đồ"),
            self.tr("Đang đọc tệp bản đồ…"),
            lambda progress: gateway.load_map(path, bbox, progress),
        )
        self._set_map_busy(True)
        job.start(self._guard(self._map_loaded), self._guard(self._map_failed))

    def _map_loaded(self, result: MapLoadResult) -> None:
        self._set_map_busy(False)
        lines = [result.summary()]
        station = result.station_on_map
        if station is not None:
            lines.append(
                self.tr(
                    "Bản đồ có trụ sở “{name}”: mở “Bản đồ ▸ Vị trí trụ sở…” và bấm “Dùng trụ "
                    "sở trên bản đồ” để lấy làm điểm tập trung."
                ).format(name=station.name)
            )
        lines.append(
            self.tr(
                "Bấm “Bản đồ ▸ Định vị các hộ theo địa chỉ” để đặt các hộ chưa có toạ độ lên "
                "bản đồ."
            )
        )
        self.banner.show_notices(lines, "info")
        self.statusBar().showMessage(result.summary(), 8000)
        self._reload_map_status()

    def _map_failed(self, error: BaseException) -> None:
        self._set_map_busy(False)
        show_task_error(
            self, error, self.tr("Nạp bản đồ"), self.tr("Đã hủy; bản đồ trước vẫn giữ nguyên.")
        )

    def locate_households(self) -> None:
        """Place the households without a position from their addresses and the map."""
        if self.map_busy or self.planning_busy:
            return
        gateway = self.gateway
        job = ProgressJob(
            self,
            self.runner,
            self.tr("Định vị các hộ theo địa chỉ"),
            self.tr("Đang định vị các hộ theo địa chỉ…"),
            lambda progress: gateway.locate_households(progress),
        )
        self._set_map_busy(True)
        job.start(self._guard(self._located), self._guard(self._locate_failed))

    def _located(self, result: LocateResult) -> None:
        self._set_map_busy(False)
        self.statusBar().showMessage(result.summary(), 8000)
        if self.editor is not None and result.located:
            self.banner.show_notices(
                [
                    result.summary(),
                    self.tr("Bấm “Lập tuyến” (F5) để lập lại theo vị trí mới của các hộ."),
                ],
                "info",
            )
        self.locate_dialog = LocateResultDialog(self, result)
        self.locate_dialog.open()
        self._reload_map_status()

    def _locate_failed(self, error: BaseException) -> None:
        self._set_map_busy(False)
        show_task_error(
            self,
            error,
            self.tr("Định vị các hộ theo địa chỉ"),
            self.tr("Đã hủy; chưa hộ nào được định vị."),
        )

    def edit_station(self) -> None:
        """The station's coordinates: typed, or the map's police station."""
        status = self.map_status or self.gateway.map_status()
        if status is None:
            show_refusal(
                self,
                self.tr("Cơ sở dữ liệu chưa có phường/xã nào; hãy nhập danh sách hộ trước."),
                self.tr("Vị trí trụ sở"),
            )
            return
        dialog = StationDialog(self, status, self.gateway.set_station)
        if dialog.exec() and dialog.saved is not None:
            self.station_saved(dialog.saved)

    def station_saved(self, station) -> None:
        """After the station moved: the form and the next plan meet there."""
        self.statusBar().showMessage(
            self.tr("Đã lưu vị trí trụ sở {name}.").format(name=station.name), 6000
        )
        self._load_options(self.form.night())
        self._reload_map_status()

    def _reload_map_status(self) -> None:
        def done(status: MapStatus | None) -> None:
            if self._alive():
                self.map_status = status

        self.runner.run_task(self.gateway.map_status, done, self._guard(self._task_failed))

    def _set_map_busy(self, busy: bool) -> None:
        self.map_busy = busy
        self._update_actions()

    # Closing ---------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if (
            self.unsaved
            and self.editor is not None
            and any(route.stops for route in self.editor.plan.routes)
            and not confirm(
                self,
                self.tr("Đóng cửa sổ lập tuyến"),
                self.tr("Lộ trình này chưa được lưu thành ca trực. Vẫn đóng cửa sổ?"),
            )
        ):
            event.ignore()
            return
        self.cancel_planning()
        super().closeEvent(event)

    # Helpers ---------------------------------------------------------------------------

    def _alive(self) -> bool:
        return Shiboken.isValid(self)

    def _guard(self, callback: Callable) -> Callable:
        def guarded(*args) -> None:
            if self._alive():
                callback(*args)

        return guarded

    def _task_failed(self, error: BaseException) -> None:
        show_task_error(self, error, self.tr("Lập tuyến"))

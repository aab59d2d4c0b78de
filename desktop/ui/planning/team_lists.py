"""The right-hand side of the planning window: the teams' summary and one list of stops.

The summary has a line per team (its colour, households, services, walk, minutes of
the window used, back at) and lines for the unassigned households and those without
coordinates; the list under it shows the stops of the line chosen, in walking order.
Households are dragged within a route to reorder it, onto another team's line or
into the unassigned list; the keyboard does the same (Alt+Up/Down, Alt+1…9, Delete,
Ctrl+K), and so does the context menu. The panel only asks; the window edits the plan
and hands back fresh rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.planning.models import (
    KEY_ROLE,
    StopColumn,
    StopTableModel,
    TeamColumn,
    TeamSummaryModel,
)
from desktop.ui.planning.palette import lock_icon, team_icon
from desktop.ui.planning.rows import UNASSIGNED, WITHOUT_COORDINATES, StopRow, TeamRow
from desktop.ui.widgets.table_views import ListView

RowsFor = Callable[[int], list[StopRow]]


class RoutesPanel(QWidget):
    """The team summary and the stops of the chosen team, with the editing commands."""

    move_requested = Signal(list, int, int)  # household ids, team id or UNASSIGNED, position
    shift_requested = Signal(list, int)  # household ids, -1 up / +1 down
    lock_requested = Signal(list, bool)  # household ids, lock or unlock
    households_selected = Signal(list)  # household ids chosen in the list
    list_chosen = Signal(int)  # team id, UNASSIGNED or WITHOUT_COORDINATES

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows_for: RowsFor = lambda _key: []
        self._team_lines: list[TeamRow] = []
        self.current_key: int | None = None
        self.summary = TeamSummaryModel(self)
        self.summary.drop_requested.connect(self._forward_drop)
        self.summary_view = self._make_summary_view()
        self.stops = StopTableModel(parent=self)
        self.stops.drop_requested.connect(self._forward_drop)
        self.stop_view = self._make_stop_view()
        self.caption = QLabel(self)
        self.caption.setObjectName("routeCaption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        font = self.caption.font()
        font.setBold(True)
        self.caption.setFont(font)
        self._make_actions()
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 4, 0, 0)
        lower_layout.addWidget(self.caption)
        lower_layout.addWidget(self.stop_view, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.summary_view)
        splitter.addWidget(lower)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.splitter = splitter

    # Building --------------------------------------------------------------------------

    def _make_summary_view(self) -> ListView:
        view = ListView(self)
        view.setObjectName("teamSummary")
        view.setModel(self.summary)
        view.setAcceptDrops(True)
        view.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        view.setDropIndicatorShown(True)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        header = view.horizontalHeader()
        header.setSectionResizeMode(TeamColumn.TEAM, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (TeamColumn.STOPS, 44),
            (TeamColumn.SERVICES, 50),
            (TeamColumn.WALK, 62),
            (TeamColumn.TIME, 66),
            (TeamColumn.BACK, 58),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            view.setColumnWidth(column, width)
        view.selectionModel().currentRowChanged.connect(lambda current, _: self._choose(current))
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 7)
        view.set_empty_hint(self.tr("Chưa có lộ trình: bấm “Lập tuyến” (F5)."))
        return view

    def _make_stop_view(self) -> ListView:
        view = ListView(self)
        view.setObjectName("stopList")
        view.setModel(self.stops)
        view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        view.setDragEnabled(True)
        view.setAcceptDrops(True)
        view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        view.setDefaultDropAction(Qt.DropAction.MoveAction)
        view.setDragDropOverwriteMode(False)
        view.setDropIndicatorShown(True)
        view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 7)
        header = view.horizontalHeader()
        header.setSectionResizeMode(StopColumn.ADDRESS, QHeaderView.ResizeMode.Stretch)
        for column, width in (
            (StopColumn.NUMBER, 46),
            (StopColumn.ARRIVES, 46),
            (StopColumn.HEAD, 132),
            (StopColumn.PENDING, 38),
            (StopColumn.MINUTES, 40),
            (StopColumn.TEAM, 110),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            view.setColumnWidth(column, width)
        view.setColumnHidden(StopColumn.TEAM, True)
        view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        view.customContextMenuRequested.connect(self._show_menu)
        return view

    def _make_actions(self) -> None:
        view = self.stop_view
        self.up_action = self._action(self.tr("Lên trước"), "Alt+Up", lambda: self._shift(-1))
        self.down_action = self._action(self.tr("Xuống sau"), "Alt+Down", lambda: self._shift(1))
        self.unassign_action = self._action(
            self.tr("Bỏ khỏi tuyến (để đêm khác)"), "Delete", self._unassign
        )
        self.lock_action = self._action(self.tr("Khóa vào tổ này"), "Ctrl+K", self._toggle_lock)
        self.lock_action.setCheckable(True)
        self.lock_action.setIcon(lock_icon())
        for action in (self.up_action, self.down_action, self.unassign_action, self.lock_action):
            view.addAction(action)
        self._team_actions: list[QAction] = []

    def _action(self, text: str, keys: str, slot: Callable[[], object]) -> QAction:
        action = QAction(text, self.stop_view)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # Showing ---------------------------------------------------------------------------

    def show_plan(self, lines: list[TeamRow], rows_for: RowsFor) -> None:
        """Show a plan's summary lines; the list of the chosen line is filled again."""
        self._rows_for = rows_for
        self._team_lines = [line for line in lines if line.index is not None]
        self._rebuild_team_actions()
        keep = self.current_key
        self.summary.set_rows(lines)
        self.summary_view.set_empty_hint("" if lines else self.tr("Chưa có lộ trình."))
        self._fit_summary()
        row = self.summary.row_of(keep) if keep is not None else None
        if row is None:
            row = 0 if lines else None
        if row is not None:
            self.summary_view.setCurrentIndex(self.summary.index(row, 0))
        self._fill(self.summary.rows[row].key if row is not None else None)

    def _fit_summary(self) -> None:
        """Give the summary room for all its lines (up to twelve) and the list the rest."""
        view = self.summary_view
        lines = min(max(self.summary.rowCount(), 3), 12)
        height = (
            view.horizontalHeader().height() + lines * view.verticalHeader().defaultSectionSize()
        )
        height += 2 * view.frameWidth() + 2
        total = sum(self.splitter.sizes())
        if total > height:
            self.splitter.setSizes([height, total - height])

    def clear(self) -> None:
        self._team_lines = []
        self.current_key = None
        self.summary.set_rows([])
        self.stops.set_rows(UNASSIGNED, [])
        self.caption.clear()

    def choose(self, key: int) -> None:
        """Show this line's list (a team id, UNASSIGNED or WITHOUT_COORDINATES)."""
        row = self.summary.row_of(key)
        if row is not None:
            self.summary_view.setCurrentIndex(self.summary.index(row, 0))

    def select_households(self, household_ids: Iterable[int], key: int | None = None) -> None:
        """Select households in the list of `key` (default: the list shown), scrolled to."""
        if key is not None and key != self.current_key:
            self.choose(key)
        selection = QItemSelection()
        first = None
        for household_id in household_ids:
            row = self.stops.row_of(household_id)
            if row is None:
                continue
            left = self.stops.index(row, 0)
            selection.select(left, self.stops.index(row, len(StopColumn) - 1))
            first = first or left
        model = self.stop_view.selectionModel()
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        if first is not None:
            model.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
            self.stop_view.scrollTo(first)

    def selected_households(self) -> list[int]:
        """The selected households of the list shown, in list order."""
        rows = sorted({index.row() for index in self.stop_view.selectionModel().selectedRows()})
        return [self.stops.rows[row].household_id for row in rows]

    def _choose(self, current) -> None:
        key = current.data(KEY_ROLE) if current.isValid() else None
        self._fill(key)
        if key is not None:
            self.list_chosen.emit(key)

    def _fill(self, key: int | None) -> None:
        selected = self.selected_households() if key == self.current_key else []
        self.current_key = key
        if key is None:
            self.stops.set_rows(UNASSIGNED, [])
            self.caption.clear()
            return
        self.stops.set_rows(key, self._rows_for(key))
        self.stop_view.setColumnHidden(StopColumn.TEAM, key != WITHOUT_COORDINATES)
        hide_route_columns = key == UNASSIGNED
        self.stop_view.setColumnHidden(StopColumn.NUMBER, hide_route_columns)
        self.stop_view.setColumnHidden(StopColumn.ARRIVES, hide_route_columns)
        self.caption.setText(self._caption(key))
        self.stop_view.set_empty_hint(self._empty_hint(key) if not self.stops.rows else "")
        if selected:
            self.select_households(selected)
        self._update_actions()

    def _caption(self, key: int) -> str:
        line = next(line for line in self.summary.rows if line.key == key)
        if key == UNASSIGNED:
            return self.tr(
                "Chưa xếp tổ: {stops} hộ, {services} việc — kéo hộ vào một tổ để xếp."
            ).format(stops=line.stops, services=line.services)
        if key == WITHOUT_COORDINATES:
            return self.tr(
                "Chưa có toạ độ: {stops} hộ, vị trí ước tính theo đường và số nhà."
            ).format(stops=line.stops)
        text = self.tr("{team}: {stops} hộ, {services} việc").format(
            team=line.name, stops=line.stops, services=line.services
        )
        if line.stops:
            text += self.tr(", về lúc {time}").format(time=f"{line.returns_at:%H:%M}")
        return text

    def _empty_hint(self, key: int) -> str:
        if key == UNASSIGNED:
            return self.tr("Mọi hộ cần đến đều đã có tổ đi.")
        return self.tr("Tổ này chưa có hộ nào. Kéo hộ từ danh sách khác vào đây.")

    # Editing ---------------------------------------------------------------------------

    def _rebuild_team_actions(self) -> None:
        for action in self._team_actions:
            self.stop_view.removeAction(action)
            action.deleteLater()
        self._team_actions = []
        for number, line in enumerate(self._team_lines, start=1):
            action = QAction(team_icon(line.index), line.name, self.stop_view)
            if number <= 9:
                action.setShortcut(QKeySequence(f"Alt+{number}"))
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _checked=False, key=line.key: self._move_selected(key))
            self.stop_view.addAction(action)
            self._team_actions.append(action)

    def _selection_changed(self) -> None:
        self._update_actions()
        chosen = self.selected_households()
        if chosen:
            self.households_selected.emit(chosen)

    def _update_actions(self) -> None:
        chosen = self.selected_households()
        on_route = self.current_key is not None and self.current_key >= 0
        rows = [self.stops.rows[self.stops.row_of(h)] for h in chosen]
        placed = bool(rows) and all(row.team_name for row in rows)
        self.up_action.setEnabled(on_route and bool(chosen))
        self.down_action.setEnabled(on_route and bool(chosen))
        self.unassign_action.setEnabled(placed)
        self.lock_action.setEnabled(placed)
        self.lock_action.setChecked(bool(rows) and all(row.locked for row in rows))
        for action, line in zip(self._team_actions, self._team_lines, strict=True):
            action.setEnabled(bool(chosen) and line.key != self.current_key)

    def _show_menu(self, position: QPoint) -> None:
        if not self.selected_households():
            return
        menu = self.household_menu(self.stop_view)
        menu.exec(self.stop_view.viewport().mapToGlobal(position))

    def household_menu(self, parent: QWidget) -> QMenu:
        """The commands for the selected households: order, other team, lock, leave out."""
        self._update_actions()
        menu = QMenu(parent)
        menu.addAction(self.up_action)
        menu.addAction(self.down_action)
        move = menu.addMenu(self.tr("Chuyển sang tổ…"))
        for action in self._team_actions:
            move.addAction(action)
        move.setEnabled(any(action.isEnabled() for action in self._team_actions))
        menu.addSeparator()
        menu.addAction(self.lock_action)
        menu.addAction(self.unassign_action)
        return menu

    def _shift(self, step: int) -> None:
        chosen = self.selected_households()
        if chosen and self.current_key is not None and self.current_key >= 0:
            self.shift_requested.emit(chosen, step)

    def _unassign(self) -> None:
        chosen = self.selected_households()
        if chosen:
            self.move_requested.emit(chosen, UNASSIGNED, -1)

    def _move_selected(self, key: int) -> None:
        chosen = self.selected_households()
        if chosen:
            self.move_requested.emit(chosen, key, -1)

    def _toggle_lock(self) -> None:
        chosen = self.selected_households()
        if chosen:
            rows = [self.stops.rows[self.stops.row_of(h)] for h in chosen]
            self.lock_requested.emit(chosen, not all(row.locked for row in rows))

    def _forward_drop(self, household_ids: list, key: int, position: int) -> None:
        # Once the drag has finished: the models are refilled, never changed mid-drop.
        QTimer.singleShot(0, lambda: self.move_requested.emit(household_ids, key, position))

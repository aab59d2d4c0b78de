"""The planning window: plan a night, edit the routes by hand, lock, re-plan, save, print."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QListWidget, QMessageBox

from desktop.db.models import Visit
from desktop.services import shifts
from desktop.services.planning import route_plan
from desktop.ui.planning import window as planning_window
from desktop.ui.planning.meeting_point import POINT
from desktop.ui.planning.models import HOUSEHOLD_ID_ROLE, StopColumn
from desktop.ui.planning.request_form import PlanRequestForm
from desktop.ui.planning.rows import UNASSIGNED
from desktop.ui.planning.window import PlanningWindow
from tests.builders import make_team
from tests.conftest import TODAY
from tests.services.planning.builders import head_name, make_small_ward
from tests.ui.reading import error_text

TIME_LIMIT = 0.3


@pytest.fixture
def ward(database):
    """Eight households up a street, three teams, and a team nobody is in yet."""
    with database.session() as session:
        built = make_small_ward(session, households=8, teams=3)
        built.groups["empty team"] = make_team(
            session, built.campaign_id, name="Tổ công tác 9", members=()
        )
    return built


@pytest.fixture
def window(qtbot, database, runner, ward, monkeypatch) -> PlanningWindow:
    # pytest-qt closes the window before fixtures end: closing an unsaved plan asks first.
    monkeypatch.setattr(planning_window, "confirm", lambda *args: True)
    opened = PlanningWindow(database, runner, lambda: TODAY, time_limit=TIME_LIMIT)
    qtbot.addWidget(opened)
    opened.resize(1366, 740)
    opened.show()
    return opened


def tick_only(widget: QListWidget, ids: set[int]) -> None:
    """Tick exactly these items of one of the form's lists (those that can be ticked)."""
    for item_id, item in PlanRequestForm._items(widget):
        if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            item.setCheckState(Qt.CheckState.Checked if item_id in ids else Qt.CheckState.Unchecked)


def paste_meeting_point(window: PlanningWindow, text: str) -> None:
    """Choose to meet at a point and paste its coordinates."""
    meeting = window.form.meeting
    meeting.kind.setCurrentIndex(POINT)
    meeting.point.clear()
    meeting.point.insert(text)  # as pasted: an edit by the user, unlike setText()


def _planned(window: PlanningWindow) -> PlanningWindow:
    window.plan()
    assert error_text(window.form) == ""
    assert window.editor is not None
    return window


def _assert_consistent(window: PlanningWindow) -> None:
    """Every candidate is on exactly one route or unassigned; routes recount the same."""
    editor = window.editor
    placed = [h for route in editor.plan.routes for h in route.household_ids]
    assert len(placed) == len(set(placed))
    assert sorted(placed + list(editor.plan.unassigned)) == sorted(
        c.household_id for c in editor.planning.candidates
    )
    for route in editor.plan.routes:
        recount = route_plan(editor.planning, route.team_id, route.household_ids)
        assert route.minutes == pytest.approx(recount.minutes)


def test_planning_fills_every_team_list_and_the_map_paints(window, ward) -> None:
    _planned(window)
    teams = ward.teams
    for team_id in teams:
        window.routes.choose(team_id)
        assert window.routes.stops.rowCount() > 0, team_id
        first = window.routes.stops.index(0, StopColumn.ARRIVES).data()
        assert first >= "19:00"
    summary = window.routes.summary
    assert [summary.rows[row].key for row in range(len(teams))] == teams
    assert summary.rows[-1].key == UNASSIGNED
    assert "8/8 hộ" in window.summary_label.text()
    assert not window.map.grab().isNull()  # painting warns of nothing (qt_log_level_fail)
    _assert_consistent(window)


def test_moving_a_stop_to_another_team_recounts_both_routes(window, ward) -> None:
    _planned(window)
    first, second, _ = ward.teams
    before_first = window.editor.route(first)
    before_second = window.editor.route(second)
    moved = before_first.household_ids[0]
    window.routes.choose(first)
    window.routes.select_households([moved])
    move_to_second = window.routes._team_actions[1]  # "Chuyển sang tổ…" → the second team
    assert move_to_second.shortcut().toString() == "Alt+2"
    move_to_second.trigger()
    after_first = window.editor.route(first)
    after_second = window.editor.route(second)
    assert moved not in after_first.household_ids
    assert after_second.household_ids[-1] == moved
    assert after_first.minutes < before_first.minutes
    assert after_second.minutes > before_second.minutes
    line = window.routes.summary.rows[window.routes.summary.row_of(second)]
    assert line.stops == len(before_second.stops) + 1
    _assert_consistent(window)
    assert window.unsaved


def test_reordering_by_keyboard_and_by_dragging(qtbot, window, ward) -> None:
    _planned(window)
    team = next(route.team_id for route in window.editor.plan.routes if len(route.stops) >= 2)
    order = window.editor.route(team).household_ids
    window.routes.choose(team)
    window.routes.select_households([order[1]])
    window.routes.up_action.trigger()  # Alt+Up
    assert window.editor.route(team).household_ids[:2] == [order[1], order[0]]
    assert window.routes.selected_households() == [order[1]]  # still selected: Alt+Up again
    # Drag the unassigned-bound move: drop the first stop at the end of the list.
    model = window.routes.stops
    data = model.mimeData([model.index(0, 0)])
    assert model.dropMimeData(
        data, Qt.DropAction.MoveAction, model.rowCount(), 0, model.index(-1, -1)
    )
    qtbot.waitUntil(lambda: window.editor.route(team).household_ids[-1] == order[1])
    _assert_consistent(window)


def test_a_locked_household_stays_with_its_team_after_replanning(window, ward) -> None:
    _planned(window)
    _, second, _ = ward.teams
    pinned = window.editor.route(second).household_ids[0]
    window.routes.choose(second)
    window.routes.select_households([pinned])
    window.routes.lock_action.trigger()  # Ctrl+K
    assert window.editor.is_locked(pinned)
    row = window.routes.stops.row_of(pinned)
    assert (
        window.routes.stops.index(row, StopColumn.NUMBER).data(Qt.ItemDataRole.DecorationRole)
        is not None
    )  # the padlock
    for _ in range(2):
        window.replan_rest()
        assert pinned in window.editor.route(second).household_ids
    _assert_consistent(window)


def test_saving_creates_the_nights_shifts(qtbot, window, database, ward, monkeypatch) -> None:
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *args: told.append(args[2]))
    _planned(window)
    with qtbot.waitSignal(window.shifts_saved) as saved:
        window.save_action.trigger()
    assert saved.args == [TODAY]
    assert told and "Đã lưu 3 ca trực cho đêm 30/11/2026: 3 ca mới" in told[0]
    assert not window.unsaved
    with database.session() as session:
        rows = shifts.list_shifts(session, TODAY)
        assert [row.team_id for row in rows] == ward.teams
        for row in rows:
            stops = [stop.household_id for stop in shifts.shift_detail(session, row.id).stops]
            assert stops == window.editor.route(row.team_id).household_ids


def test_saving_over_entered_visits_is_refused_as_its_sentence(
    window, database, ward, monkeypatch
) -> None:
    monkeypatch.setattr(QMessageBox, "information", lambda *args: None)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warned.append(args[2]))
    _planned(window)
    window.save()
    with database.session() as session:
        shift = shifts.list_shifts(session, TODAY)[0]
        household = shifts.shift_detail(session, shift.id).stops[0].household_id
        session.add(
            Visit(
                shift_id=shift.id,
                household_id=household,
                outcome="met",
                entered_by="test",
                entered_at=datetime.now(UTC).replace(tzinfo=None),
            )
        )
    window.save()
    assert warned and "đã có 1 lượt đến hộ được nhập" in warned[0]


def test_a_team_with_no_members_cannot_be_chosen(window, ward) -> None:
    form = window.form
    empty = ward.groups["empty team"]
    items = dict(form._items(form.teams))
    assert "chưa có thành viên" in items[empty].text()
    assert not items[empty].flags() & Qt.ItemFlag.ItemIsEnabled
    tick_only(form.teams, {*ward.teams, empty})
    assert empty not in form.checked(form.teams)
    assert form.request().team_ids == tuple(ward.teams)
    assert "3/3 tổ" in form.team_note.text()
    tick_only(form.teams, set())
    window.plan()
    assert error_text(form) == "Hãy chọn ít nhất một tổ công tác đi tối nay."
    assert window.editor is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("103,9702, 22,4901", "có vẻ bị đảo"),
        ("22,49 Hà Nội", "không đọc được"),
        ("48,85, 2,35", "ngoài lãnh thổ Việt Nam"),
        ("", "Hãy ghi toạ độ"),
    ],
)
def test_a_bad_meeting_point_is_refused_with_a_message(window, text, words) -> None:
    paste_meeting_point(window, text)
    window.plan()
    assert words in error_text(window.form)
    assert window.editor is None


def test_a_typed_meeting_point_becomes_the_routes_start(window) -> None:
    paste_meeting_point(window, "22,4905, 103,9701")
    _planned(window)
    assert window.editor.planning.meeting_point == (22.4905, 103.9701)
    assert window.map.scene.station is not None  # the station drawn apart from the flag


def test_cancel_lets_the_window_go_on_and_discards_the_late_result(qtbot, database, ward) -> None:
    class HeldRunner:
        """Keeps the task until the test lets it finish, as a slow solver would."""

        busy = False

        def __init__(self) -> None:
            self.held = []

        def run_task(self, func, on_success, on_error=None):
            self.held.append((func, on_success, on_error))

        def finish_all(self):
            for func, on_success, _ in self.held:
                on_success(func())
            self.held = []

    runner = HeldRunner()
    window = PlanningWindow(database, runner, lambda: TODAY, time_limit=TIME_LIMIT)
    qtbot.addWidget(window)
    runner.finish_all()  # the night's groups and teams
    window.plan()
    assert window.planning_busy and window.busy.isVisibleTo(window)
    assert not window.form.plan_button.isEnabled()
    window.cancel_planning()
    assert not window.planning_busy and window.form.plan_button.isEnabled()
    runner.finish_all()  # the solver's answer comes after all
    assert window.editor is None
    assert "bỏ qua" in window.statusBar().currentMessage()


def test_hovering_and_clicking_the_map(qtbot, window, ward) -> None:
    _planned(window)
    household = ward.households["5"]
    text = window.describe_household(household)
    assert head_name("5") in text
    assert "Cài VNeID (mức 1)" in text and "đến lúc" in text
    row = window.map.scene.index_of[household]
    where = window.map.to_screen(*window.map.scene.xy[row])
    qtbot.mouseClick(
        window.map, Qt.MouseButton.LeftButton, pos=QPoint(round(where.x()), round(where.y()))
    )
    assert window.routes.selected_households() == [household]
    assert window.routes.current_key == window.editor.team_of(household)
    assert window.map.selected == {household}
    index = window.routes.stop_view.currentIndex()
    assert index.data(HOUSEHOLD_ID_ROLE) == household


def test_closing_with_an_unsaved_plan_asks_first(window, monkeypatch) -> None:
    _planned(window)
    answers = []
    monkeypatch.setattr(planning_window, "confirm", lambda *args: answers.append(args) or False)
    assert not window.close()
    assert answers

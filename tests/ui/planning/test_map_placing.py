"""Placing households by hand on the planning map: drag a point, click in placing mode,
nudge with the arrow keys, confirm an estimate; each saved confirmed and audited."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from desktop.db.models import AuditEntry, Household
from desktop.domain.positions import CONFIRMED, INTERPOLATED
from desktop.services.planning.geometry import to_lat_lon, to_metres
from desktop.ui.planning import window as planning_window
from desktop.ui.planning.map import NUDGE_FAR_M, NUDGE_M
from desktop.ui.planning.map_scene import DIAGRAM_PART, LOCATED, SCHEMATIC
from desktop.ui.planning.window import PlanningWindow
from tests.builders import make_campaign, make_group, make_team, make_ward
from tests.conftest import TODAY
from tests.services.maps.osm_files import HOANG_LIEN_Y, POLICE_XY, lat_lon, metres, write_ward
from tests.services.planning.builders import (
    PLANNED_SERVICES,
    STATION,
    make_small_ward,
    pending_household,
)

SHOTS = Path("/tmp/work/place")


@pytest.fixture
def ward(database):
    """Eight households up a street north of the station, two teams."""
    with database.session() as session:
        return make_small_ward(session, households=8, teams=2)


@pytest.fixture
def window(qtbot, database, runner, ward, monkeypatch) -> PlanningWindow:
    monkeypatch.setattr(planning_window, "confirm", lambda *args: True)
    opened = PlanningWindow(database, runner, lambda: TODAY, time_limit=0.3)
    qtbot.addWidget(opened)
    opened.resize(1366, 740)
    opened.show()
    opened.plan()
    assert opened.editor is not None
    return opened


def on_screen(window: PlanningWindow, household_id: int) -> QPoint:
    """Where the household's point is drawn on the map, in the map's pixels."""
    x, y = window.map.marker_position(household_id)
    return window.map.to_screen(x, y).toPoint()


def world(window: PlanningWindow, point: QPoint) -> tuple[float, float]:
    where = window.map.to_world(QPointF(point))
    return where.x(), where.y()


def stored(database, household_id: int) -> Household:
    with database.session() as session:
        household = session.get(Household, household_id)
        session.expunge(household)
        return household


def position_changes(database, code: str) -> list[dict]:
    """The audited changes of a household's position, oldest first."""
    with database.session() as session:
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_key == code, AuditEntry.action == "update")
            .order_by(AuditEntry.id)
        ).all()
        return [entry.changes for entry in entries]


def metres_of(household: Household) -> tuple[float, float]:
    """A stored household's position in the map's metres (east and north of the station)."""
    x, y = to_metres([(household.lat, household.lon)], STATION)[0]
    return float(x), float(y)


def empty_spot(window: PlanningWindow) -> QPoint:
    """A point of the map with no household under it."""
    for x in range(40, window.map.width() - 40, 17):
        point = QPoint(x, window.map.height() // 3)
        if window.map.household_at(QPointF(point)) is None:
            return point
    raise AssertionError("no empty spot on the map")


def test_dragging_a_point_places_the_household_where_it_is_dropped(window, database, ward):
    household_id = ward.households["5"]
    with database.session() as session:  # its position came with the ward's list
        session.get(Household, household_id).position_source = None
    team_id = window.editor.team_of(household_id)
    walk_before = window.editor.route(team_id).walk_m
    before = stored(database, household_id)
    start = on_screen(window, household_id)
    drop = start + QPoint(60, -25)
    target = world(window, drop)

    QTest.mousePress(window.map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(window.map, start + QPoint(30, -12))
    halfway = window.map.marker_position(household_id)
    assert halfway == pytest.approx(world(window, start + QPoint(30, -12)), abs=0.5)  # live
    QTest.mouseMove(window.map, drop)
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert window.map.grab().save(str(SHOTS / "keo-tha.png"))
    QTest.mouseRelease(window.map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, drop)

    after = stored(database, household_id)
    assert metres_of(after) == pytest.approx(target, abs=0.5)
    assert after.position_source == CONFIRMED and after.version == before.version + 1
    assert position_changes(database, after.code) == [
        {
            "lat": [before.lat, after.lat],
            "lon": [before.lon, after.lon],
            "position_source": [None, CONFIRMED],
        }
    ]
    message = window.statusBar().currentMessage()
    assert message.startswith("Đã đặt vị trí hộ Số 5, đường Hoàng Liên")
    assert message.endswith("(đã xác nhận).")
    # The plan now walks to the new spot: the map redrawn, the route recounted.
    assert window.map.marker_position(household_id) == pytest.approx(target, abs=0.5)
    assert window.editor.planning.candidate(household_id).lat == after.lat
    assert window.editor.route(team_id).walk_m != walk_before
    assert window.map.selected == {household_id}


def test_a_jitter_on_a_point_is_a_click_that_moves_nothing(window, database, ward):
    household_id = ward.households["3"]
    before = stored(database, household_id)
    start = on_screen(window, household_id)
    jitter = QApplication.startDragDistance() - 2
    QTest.mousePress(window.map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(window.map, start + QPoint(jitter, 0))
    QTest.mouseRelease(
        window.map,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
        start + QPoint(jitter, 0),
    )
    after = stored(database, household_id)
    assert (after.lat, after.lon, after.version) == (before.lat, before.lon, before.version)
    assert position_changes(database, after.code) == []
    assert window.map.selected == {household_id}  # the click selected it


def test_dragging_the_empty_map_still_pans_it(window, database, ward):
    start = empty_spot(window)
    centre = QPointF(window.map.centre)
    QTest.mousePress(window.map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(window.map, start + QPoint(50, 0))
    QTest.mouseRelease(
        window.map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(50, 0)
    )
    assert window.map.centre.x() == pytest.approx(centre.x() - 50 / window.map.scale)
    for household_id in ward.households.values():
        assert position_changes(database, stored(database, household_id).code) == []


def test_placing_mode_puts_the_selected_household_where_the_map_is_clicked(window, database, ward):
    household_id = ward.households["2"]
    window.select_household(household_id)
    assert window.place_action.shortcut().toString() == "Ctrl+Shift+P"
    window.place_action.trigger()
    assert window.map.placing_id == household_id and window.map.hasFocus()
    assert "Esc để thôi" in window.statusBar().currentMessage()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(SHOTS / "che-do-dat.png"))
    spot = empty_spot(window)
    QTest.mouseClick(window.map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, spot)
    assert window.map.placing_id is None
    after = stored(database, household_id)
    assert metres_of(after) == pytest.approx(world(window, spot), abs=0.5)
    assert after.position_source == CONFIRMED
    assert "(đã xác nhận)" in window.statusBar().currentMessage()


def test_escape_leaves_placing_mode_and_the_next_click_places_nothing(window, database, ward):
    household_id = ward.households["2"]
    before = stored(database, household_id)
    window.select_household(household_id)
    window.place_action.trigger()
    QTest.keyClick(window.map, Qt.Key.Key_Escape)
    assert window.map.placing_id is None and window.statusBar().currentMessage() == ""
    QTest.mouseClick(
        window.map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, empty_spot(window)
    )
    assert stored(database, household_id).version == before.version


def test_placing_mode_needs_one_household_chosen(window, refusals):
    window.map.set_selected([])
    window.place_action.trigger()
    assert window.map.placing_id is None
    assert refusals == ["Hãy chọn đúng một hộ (trong danh sách hoặc trên bản đồ) rồi đặt vị trí."]


def test_arrow_keys_nudge_the_selected_point_and_save_the_burst_once(qtbot, window, database, ward):
    household_id = ward.households["4"]
    before = stored(database, household_id)
    window.select_household(household_id)
    window.map.setFocus()
    start = window.map.marker_position(household_id)
    with qtbot.waitSignal(window.map.household_placed, timeout=3000):
        for _ in range(3):
            QTest.keyClick(window.map, Qt.Key.Key_Right)
        QTest.keyClick(window.map, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)
        # Nothing written while the keys are still moving it.
        assert stored(database, household_id).version == before.version
    after = stored(database, household_id)
    moved = (metres_of(after)[0] - metres_of(before)[0], metres_of(after)[1] - metres_of(before)[1])
    assert moved == pytest.approx((3 * NUDGE_M, NUDGE_FAR_M), abs=0.05)
    assert window.map.marker_position(household_id) == pytest.approx(
        (start[0] + 3 * NUDGE_M, start[1] + NUDGE_FAR_M), abs=0.05
    )
    assert after.position_source == CONFIRMED and after.version == before.version + 1
    assert len(position_changes(database, after.code)) == 1  # one change for the burst


def test_leaving_the_map_saves_a_nudge_at_once(window, database, ward):
    household_id = ward.households["4"]
    before = stored(database, household_id)
    window.select_household(household_id)
    window.map.setFocus()
    QTest.keyClick(window.map, Qt.Key.Key_Left)
    window.routes.stop_view.setFocus()
    after = stored(database, household_id)
    assert metres_of(after)[0] == pytest.approx(metres_of(before)[0] - NUDGE_M, abs=0.05)


def test_ctrl_arrows_pan_even_with_a_point_selected(window, database, ward):
    household_id = ward.households["4"]
    window.select_household(household_id)
    window.map.setFocus()
    centre = QPointF(window.map.centre)
    QTest.keyClick(window.map, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    window.map.commit_nudge()
    assert window.map.centre.x() > centre.x()
    assert position_changes(database, stored(database, household_id).code) == []


def test_a_drop_off_the_loaded_map_is_refused_and_the_point_goes_back(
    window, database, ward, tmp_path, refusals
):
    # The test map lies 1 km south-west of this ward's households.
    window.load_map_file(write_ward(tmp_path))
    household_id = ward.households["6"]
    before = stored(database, household_id)
    start = on_screen(window, household_id)
    where = window.map.marker_position(household_id)
    QTest.mousePress(window.map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(window.map, start + QPoint(40, 0))
    QTest.mouseRelease(
        window.map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(40, 0)
    )
    assert len(refusals) == 1 and "nằm ngoài vùng bản đồ của phường" in refusals[0]
    assert stored(database, household_id).version == before.version
    assert window.map.marker_position(household_id) == pytest.approx(where)


def test_confirming_keeps_the_positions_and_marks_them_confirmed(window, database, ward):
    chosen = [ward.households["1"], ward.households["2"]]
    with database.session() as session:  # as `map locate` left them: estimates
        for household_id in chosen:
            session.get(Household, household_id).position_source = INTERPOLATED
    before = [stored(database, household_id) for household_id in chosen]
    window.map.set_selected(chosen)
    assert window.confirm_position_action.shortcut().toString() == "Ctrl+Shift+X"
    window.confirm_position_action.trigger()
    for old in before:
        new = stored(database, old.id)
        assert (new.lat, new.lon) == (old.lat, old.lon)
        assert new.position_source == CONFIRMED
        assert position_changes(database, new.code)[-1] == {
            "position_source": [INTERPOLATED, CONFIRMED]
        }
    assert window.statusBar().currentMessage() == "Đã xác nhận vị trí 2 hộ."


@pytest.fixture
def half_located(database):
    """Three located households and two whose street no located house is on: drawn on
    the diagram beside the map."""
    with database.session() as session:
        built = make_small_ward(session, households=3, teams=1)
        group = built.groups["Tổ 1"]
        for number in ("1", "3"):
            built.households[f"lc{number}"] = pending_household(
                session, group, number, street="phố Lý Công Uẩn", located=False
            )
    return built


def test_a_household_on_the_diagram_is_dragged_onto_the_map(
    qtbot, database, runner, half_located, monkeypatch, refusals
):
    monkeypatch.setattr(planning_window, "confirm", lambda *args: True)
    window = PlanningWindow(database, runner, lambda: TODAY, time_limit=0.3)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    window.plan()
    window.map.fit_all()
    scene = window.map.scene
    assert scene.schematic == DIAGRAM_PART and window.map.can_place
    household_id = half_located.households["lc1"]
    assert scene.kinds[scene.index_of[household_id]] == SCHEMATIC
    # Dropped on the diagram itself: refused, nothing stored.
    start = on_screen(window, household_id)
    other = on_screen(window, half_located.households["lc3"])
    QTest.mousePress(window.map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(window.map, other + QPoint(0, 12))
    QTest.mouseRelease(
        window.map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, other + QPoint(0, 12)
    )
    assert refusals and "không phải bản đồ" in refusals[0]
    assert stored(database, household_id).lat is None
    # Dropped next to the located houses: placed, and drawn as located.
    beside = on_screen(window, half_located.households["2"]) + QPoint(20, 0)
    start = on_screen(window, household_id)
    QTest.mousePress(window.map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(window.map, beside)
    QTest.mouseRelease(
        window.map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, beside
    )
    placed = stored(database, household_id)
    assert placed.position_source == CONFIRMED
    assert metres_of(placed) == pytest.approx(world(window, beside), abs=0.5)
    scene = window.map.scene
    assert scene.kinds[scene.index_of[household_id]] == LOCATED
    lat, lon = to_lat_lon(world(window, beside), STATION)
    assert (placed.lat, placed.lon) == pytest.approx((lat, lon), abs=5e-6)  # half a metre


@pytest.fixture
def on_the_test_map(database) -> dict[str, int]:
    """Households of Hoàng Liên without coordinates, for `map locate` to estimate."""
    with database.session() as session:
        group = make_group(session, make_ward(session), "Tổ 1")
        ids = {
            number: pending_household(session, group, number, street="Hoàng Liên", located=False)
            for number in ("7", "8", "20", "41")
        }
        make_team(session, make_campaign(session, services=PLANNED_SERVICES))
    return ids


def test_on_a_loaded_map_an_estimate_moved_or_confirmed_is_no_longer_drawn_as_one(
    qtbot, database, runner, on_the_test_map, tmp_path, monkeypatch
):
    monkeypatch.setattr(planning_window, "confirm", lambda *args: True)
    window = PlanningWindow(database, runner, lambda: TODAY, time_limit=0.3)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    window.load_map_file(write_ward(tmp_path))
    window.station_saved(window.gateway.set_station(*lat_lon(*POLICE_XY)))
    window.locate_households()
    window.plan()
    scene = window.map.scene
    seven, eight = on_the_test_map["7"], on_the_test_map["8"]
    assert window.map.can_place and scene.map_streets is not None
    assert scene.unconfirmed[scene.index_of[seven]] and scene.unconfirmed[scene.index_of[eight]]
    window.map.fit_all()

    start = on_screen(window, seven)
    drop = start + QPoint(0, -20)
    QTest.mousePress(window.map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(window.map, start + QPoint(0, -10))
    QTest.mouseMove(window.map, drop)
    assert window.map.grab().save(str(SHOTS / "keo-tha-ban-do.png"))
    QTest.mouseRelease(window.map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, drop)
    moved = stored(database, seven)
    assert moved.position_source == CONFIRMED
    assert metres(moved.lat, moved.lon)[1] > HOANG_LIEN_Y + 5  # north of the street
    window.map.set_selected([eight])
    window.confirm_position_action.trigger()
    assert stored(database, eight).position_source == CONFIRMED
    scene = window.map.scene
    assert not scene.unconfirmed[scene.index_of[seven]]
    assert not scene.unconfirmed[scene.index_of[eight]]
    assert scene.unconfirmed[scene.index_of[on_the_test_map["20"]]]  # not touched


def right_click(window: PlanningWindow, point: QPoint) -> None:
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, window.map.mapToGlobal(point))
    QApplication.sendEvent(window.map, event)


def test_a_right_click_off_the_points_offers_to_place_the_selected_household_there(
    qtbot, window, database, ward
):
    household_id = ward.households["3"]
    window.select_household(household_id)
    spot = empty_spot(window)
    window.map.map_menu_requested.disconnect(window._map_space_menu)  # its exec() would wait
    with qtbot.waitSignal(window.map.map_menu_requested) as asked:
        right_click(window, spot)
    where = asked.args[0]
    assert (where.x(), where.y()) == pytest.approx(world(window, spot))
    menu = window.space_menu(where)
    texts = [action.text() for action in menu.actions()]
    assert texts[:3] == ["Đặt hộ đã chọn vào đây", "Đặt vị trí hộ đã chọn", "Xác nhận vị trí"]
    menu.actions()[0].trigger()
    placed = stored(database, household_id)
    assert metres_of(placed) == pytest.approx(world(window, spot), abs=0.5)
    assert placed.position_source == CONFIRMED


def test_on_a_diagram_with_no_map_nothing_can_be_placed(
    qtbot, database, runner, monkeypatch, refusals
):
    with database.session() as session:
        group = make_group(session, make_ward(session), "Tổ 1")
        ids = [
            pending_household(session, group, number, street="Hoàng Liên", located=False)
            for number in ("1", "2", "3")
        ]
        make_team(session, make_campaign(session, services=PLANNED_SERVICES))
    monkeypatch.setattr(planning_window, "confirm", lambda *args: True)
    window = PlanningWindow(database, runner, lambda: TODAY, time_limit=0.3)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    window.plan()
    assert not window.map.can_place
    start = on_screen(window, ids[0])
    centre = QPointF(window.map.centre)
    QTest.mousePress(window.map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(window.map, start + QPoint(40, 0))
    QTest.mouseRelease(
        window.map, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(40, 0)
    )
    assert window.map.centre != centre  # the drag panned the diagram
    assert stored(database, ids[0]).lat is None
    window.select_household(ids[0])
    window.place_action.trigger()
    assert window.map.placing_id is None
    assert refusals and "sơ đồ theo địa chỉ" in refusals[0]

"""The planning map with a loaded street map: the streets under everything with their
names, the routes along the streets, and estimated positions drawn apart."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from desktop.db.models import Household
from desktop.domain.positions import CONFIRMED
from desktop.services.maps.loading import load_map
from desktop.services.maps.locating import locate_households
from desktop.services.planning import PlanRequest, load_planning_input, plan_night
from desktop.services.planning.network import WalkingMap
from desktop.services.planning.ward_map import located_households
from desktop.ui.planning.map import NAMES_CLEAR_OF_HOUSES_FROM, RouteMap
from desktop.ui.planning.map_legend import legend_rect, legend_rows
from desktop.ui.planning.map_names import LabelSpace
from desktop.ui.planning.map_scene import SCHEMATIC, build_map_scene
from desktop.ui.planning.map_symbols import PAPER, PENDING_RADIUS, STOP_RADIUS
from desktop.ui.planning.palette import team_colour
from tests.builders import make_campaign, make_group, make_team, make_ward
from tests.conftest import TODAY
from tests.services.maps.osm_files import (
    HOANG_LIEN_Y,
    NGUYEN_HUE_X,
    POLICE_XY,
    RIVER_Y,
    lat_lon,
    metres,
    write_ward,
)
from tests.services.planning.builders import PLANNED_SERVICES, make_small_ward, pending_household

MEETING = lat_lon(*POLICE_XY)
# A meeting point north of the river, 20 m from Bờ Bắc: walks from there leave Hoàng
# Liên free to carry its name.
NORTH_MEETING = lat_lon(300, 540)
# (house number, street) of households placed by `map locate`; Bờ Bắc is over the river.
ADDRESSES = {
    "hl20": ("20", "Hoàng Liên"),
    "hl41": ("41", "Hoàng Liên"),
    "hl7": ("7", "Hoàng Liên"),
    "nh15": ("15", "Phố Nguyễn Huệ"),
    "bo_bac": ("9", "Bờ Bắc"),
}


@pytest.fixture
def mapped(database, tmp_path: Path) -> dict[str, int]:
    """A ward with the test map loaded, its households placed by `map locate` and one
    of them confirmed by an officer since; one team."""
    with database.session() as session:
        group = make_group(session, make_ward(session), "Tổ 1")
        ids = {
            name: pending_household(session, group, house, street=street, located=False)
            for name, (house, street) in ADDRESSES.items()
        }
        make_team(session, make_campaign(session, services=PLANNED_SERVICES))
        load_map(session, write_ward(tmp_path))
    with database.session() as session:
        assert locate_households(session).located == len(ADDRESSES)
        session.get(Household, ids["hl41"]).position_source = CONFIRMED
    return ids


def _scene(database, meeting=MEETING, excluded=()):
    """The planning input, the plan and its scene (the station at the police node)."""
    with database.session() as session:
        planning = load_planning_input(session, PlanRequest(day=TODAY, meeting_point=meeting))
        ward_points = located_households(session)
    plan = plan_night(planning, excluded=excluded, time_limit=0.3)
    return planning, plan, build_map_scene(planning, plan, ward_points, station=MEETING)


def _north_of_the_river(database, mapped):
    """The scene of a plan from north of the river to Bờ Bắc and Nguyễn Huệ only, the
    houses on Hoàng Liên left for another night."""
    on_hoang_lien = [mapped[name] for name in ("hl20", "hl41", "hl7")]
    return _scene(database, NORTH_MEETING, on_hoang_lien)[2]


def _to_map_metres(x: float, y: float, meeting=MEETING) -> tuple[float, float]:
    """A point of the test map (metres from its origin) in the scene's metres (from
    the meeting point)."""
    origin = metres(*meeting)
    return x - origin[0], y - origin[1]


def _map(qtbot, scene, width: int = 900, height: int = 700) -> RouteMap:
    view = RouteMap()
    qtbot.addWidget(view)
    view.resize(width, height)
    view.set_scene(scene)
    view.fit_all()
    view.grab()  # paints
    return view


def test_routes_walk_along_the_streets_and_over_the_bridge(qtbot, database, mapped) -> None:
    planning, plan, scene = _scene(database)
    (route,) = [route for route in scene.routes if route.household_ids]
    assert set(route.household_ids) == set(mapped.values())
    assert len(route.legs) == len(route.household_ids) + 1
    # Each leg runs from where the walk is to the next stop, along the streets.
    stops = [scene.meeting, *route.points[1:-1], scene.meeting]
    for leg, here, there in zip(route.legs, stops, stops[1:], strict=False):
        assert leg[0] == pytest.approx(here) and leg[-1] == pytest.approx(there)
    assert any(len(leg) > 2 for leg in route.legs)
    # Bờ Bắc is over the river: the walk crosses it on the bridge, there and back.
    walk = np.vstack(route.legs)
    bridge_x, river_y = _to_map_metres(NGUYEN_HUE_X, RIVER_Y)
    crossings = np.flatnonzero(np.diff(np.sign(walk[:, 1] - river_y)) != 0)
    assert len(crossings) == 2
    assert walk[crossings, 0] == pytest.approx(bridge_x, abs=0.5)
    assert walk[crossings + 1, 0] == pytest.approx(bridge_x, abs=0.5)


def test_without_a_map_routes_stay_straight_lines(qtbot, database) -> None:
    with database.session() as session:
        make_small_ward(session, households=4, teams=1)
    with database.session() as session:
        planning = load_planning_input(session, PlanRequest(day=TODAY))
        ward_points = located_households(session)
    plan = plan_night(planning, time_limit=0.3)
    scene = build_map_scene(planning, plan, ward_points)
    assert scene.map_streets is None
    assert [label.name for label in scene.streets] == ["đường Hoàng Liên"]  # by its houses
    route = scene.routes[0]
    assert [len(leg) for leg in route.legs] == [2] * (len(route.household_ids) + 1)
    view = _map(qtbot, scene)
    assert view.street_names == []


def test_a_redrawn_plan_walks_again_only_the_legs_that_changed(
    qtbot, database, mapped, monkeypatch
) -> None:
    planning, plan, _ = _scene(database)
    walked = []
    leg = WalkingMap.leg
    monkeypatch.setattr(
        WalkingMap, "leg", lambda network, a, b: walked.append((a, b)) or leg(network, a, b)
    )
    build_map_scene(planning, plan)
    assert walked == []  # the scene before already walked them all
    from desktop.services.planning import set_route

    team = plan.routes[0].team_id
    order = list(plan.routes[0].household_ids)
    swapped = set_route(planning, plan, team, [order[1], order[0], *order[2:]])
    build_map_scene(planning, swapped)
    assert 0 < len(walked) <= 3  # out to the new first stop, between the two, on to the third


def test_estimated_positions_are_hollow_and_the_legend_says_so(qtbot, database, mapped) -> None:
    _, _, scene = _scene(database)
    unconfirmed = dict(zip(scene.household_ids.tolist(), scene.unconfirmed.tolist(), strict=True))
    assert unconfirmed == {
        household: name != "hl41" for name, household in mapped.items()
    }  # hl41 was confirmed by an officer
    assert ("unconfirmed", "Vị trí ước tính (chưa xác nhận)") in legend_rows(scene)
    view = _map(qtbot, scene)
    view.fit_all()
    image = view.grab().toImage()
    ratio = image.devicePixelRatio()
    colour = team_colour(0)

    def inside_the_marker(name: str) -> QColor:
        # Left of the middle: clear of the stop's number, inside its ring.
        at = view.to_screen(*scene.xy[scene.index_of[mapped[name]]]) + QPointF(-4.5, 0)
        return image.pixelColor(round(at.x() * ratio), round(at.y() * ratio))

    assert inside_the_marker("hl41") == colour  # confirmed: filled with the team's colour
    hollow = inside_the_marker("hl20")
    assert min(hollow.red(), hollow.green(), hollow.blue()) > 230  # estimated: white inside


def test_streets_are_drawn_under_everything_with_their_names(qtbot, database, mapped) -> None:
    scene = _north_of_the_river(database, mapped)
    assert scene.streets == ()  # names come from the map, not from the houses
    view = _map(qtbot, scene)
    image = view.grab().toImage()
    ratio = image.devicePixelRatio()
    # Hoàng Liên, 100 m east of Nguyễn Huệ: no house, no walk there.
    at = view.to_screen(*_to_map_metres(NGUYEN_HUE_X + 100, HOANG_LIEN_Y, NORTH_MEETING))
    street = image.pixelColor(round(at.x() * ratio), round(at.y() * ratio))
    assert street != PAPER and abs(street.red() - street.blue()) < 30  # a calm grey
    names = {written.name: written for written in view.street_names}
    assert {"Đường Hoàng Liên", "Ngõ 12 Hoàng Liên"} <= set(names)
    # Along the street, turned with it, never upside down.
    assert names["Đường Hoàng Liên"].angle == pytest.approx(0, abs=2)
    assert names["Ngõ 12 Hoàng Liên"].angle == pytest.approx(-90, abs=2)  # read upwards
    # Never read right to left; upright names up, within 10° of upright.
    assert all(-100 <= written.angle <= 80 for written in view.street_names)
    hoang_lien_y = view.to_screen(*_to_map_metres(0, HOANG_LIEN_Y, NORTH_MEETING)).y()
    assert names["Đường Hoàng Liên"].strip[:, 1].mean() == pytest.approx(hoang_lien_y, abs=1)


def test_names_cover_no_stop_no_walk_no_legend_and_no_other_name(qtbot, database, mapped) -> None:
    scene = _north_of_the_river(database, mapped)
    for scale in (0.6, 1.2, 2.5):
        view = _map(qtbot, scene)
        view.zoom_by(scale / view.scale)
        view.grab()
        assert view.street_names
        screen = view._screen_points()
        stops, others = screen[scene.team_index >= 0], screen[scene.team_index < 0]
        walks = _on_screen(view, np.vstack([leg for route in scene.routes for leg in route.legs]))
        legend = legend_rect(view, scene)
        for index, written in enumerate(view.street_names):
            strip = written.strip
            assert _nearest(strip, stops) > STOP_RADIUS
            if scale >= NAMES_CLEAR_OF_HOUSES_FROM:  # close up, clear of every household
                assert _nearest(strip, others) > PENDING_RADIUS
            assert _nearest(strip, walks) > 2.0
            assert not any(legend.contains(QPointF(*point)) for point in strip)
            for other in view.street_names[index + 1 :]:
                assert _nearest(strip, other.strip) >= LabelSpace.CELL


def test_close_up_a_name_covers_no_household_further_out_it_reads_over_them(
    qtbot, database, tmp_path: Path
) -> None:
    with database.session() as session:
        group = make_group(session, make_ward(session), "Tổ 1")
        on_the_street = []
        for number, x in enumerate(range(20, 800, 30), start=1):
            household = pending_household(session, group, str(number), street="Hoàng Liên")
            session.get(Household, household).lat, session.get(Household, household).lon = lat_lon(
                x, HOANG_LIEN_Y
            )
            on_the_street.append(household)
        make_team(session, make_campaign(session, services=PLANNED_SERVICES))
        load_map(session, write_ward(tmp_path))
    _, _, scene = _scene(database, NORTH_MEETING, on_the_street)  # left for another night
    written = {}
    for scale in (0.6, 1.2):
        view = _map(qtbot, scene)
        view.zoom_by(scale / view.scale)
        view.centre = QPointF(*_to_map_metres(400, HOANG_LIEN_Y, NORTH_MEETING))
        view.grab()
        written[scale] = {name.name for name in view.street_names}
    assert "Đường Hoàng Liên" in written[0.6]
    assert "Đường Hoàng Liên" not in written[1.2]  # a house every 36 pixels: no room


def _nearest(points: np.ndarray, others: np.ndarray) -> float:
    if not len(others):
        return math.inf
    return float(np.hypot(*(points[:, None, :] - others[None, :, :]).T).min())


def _on_screen(view: RouteMap, line: np.ndarray) -> np.ndarray:
    """A line in metres as points on screen, one every pixel or so."""
    points = np.asarray([(p.x(), p.y()) for p in (view.to_screen(*xy) for xy in line)])
    pieces = [
        np.linspace(a, b, max(2, int(np.hypot(*(b - a))) + 1))
        for a, b in zip(points, points[1:], strict=False)
    ]
    return np.vstack(pieces)


def test_a_name_is_written_only_where_it_fits_and_once_per_stretch(qtbot, database, mapped) -> None:
    scene = _north_of_the_river(database, mapped)
    view = _map(qtbot, scene)
    view.zoom_by(0.05 / view.scale)  # Hoàng Liên's 800 m are 40 pixels
    view.grab()
    assert view.street_names == []
    # Close up on Hoàng Liên, with 800 m across 1,600 pixels: its name more than once,
    # each far from the other.
    view = _map(qtbot, scene, width=1600, height=300)
    view.scale = 2.0
    view.centre = QPointF(*_to_map_metres(400, HOANG_LIEN_Y + 60, NORTH_MEETING))
    view.grab()
    middles = [w.middle for w in view.street_names if w.name == "Đường Hoàng Liên"]
    assert len(middles) >= 2
    assert all(math.dist(a, b) >= 360 for i, a in enumerate(middles) for b in middles[i + 1 :])


def test_the_diagram_of_unplaced_households_lies_clear_of_the_map(qtbot, database, mapped):
    with database.session() as session:
        group = session.get(Household, mapped["hl20"]).group
        missing = pending_household(session, group, "4", street="phố Lý Công Uẩn", located=False)
    _, _, scene = _scene(database)
    row = scene.index_of[missing]
    assert scene.kinds[row] == SCHEMATIC
    assert scene.xy[row, 0] >= scene.map_streets.bounds()[2] + 199
    assert scene.schematic  # and the caption says it is a diagram


def test_the_planning_window_draws_the_loaded_map_under_the_plan(
    qtbot, database, runner, monkeypatch, tmp_path: Path
) -> None:
    from desktop.ui.planning import window as planning_window
    from desktop.ui.planning.window import PlanningWindow

    with database.session() as session:
        ward = make_ward(session)
        ward.station_lat, ward.station_lon = MEETING  # the police station on the map
        group = make_group(session, ward, "Tổ 1")
        for house, street in ADDRESSES.values():
            pending_household(session, group, house, street=street, located=False)
        make_team(session, make_campaign(session, services=PLANNED_SERVICES))
    monkeypatch.setattr(planning_window, "confirm", lambda *args: True)
    window = PlanningWindow(database, runner, lambda: TODAY, time_limit=0.3)
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    window.load_map_file(write_ward(tmp_path))
    window.locate_households()
    window.locate_dialog.close()
    window.plan()
    view = window.map
    assert view.scene.map_streets is not None and not view.scene.schematic
    assert view.diagram_caption() == ""  # a map, not a diagram
    assert all(len(leg) >= 2 for route in view.scene.routes for leg in route.legs)
    assert ("unconfirmed", "Vị trí ước tính (chưa xác nhận)") in legend_rows(view.scene)
    assert window.grab().save(str(tmp_path / "ban-do.png"))
    # Close up on the east end of Hoàng Liên, which no walk takes: its name is written.
    view.scale = 1.5
    view.centre = QPointF(*_to_map_metres(700, HOANG_LIEN_Y))
    assert window.grab().save(str(tmp_path / "ban-do-gan.png"))
    assert "Đường Hoàng Liên" in {written.name for written in view.street_names}

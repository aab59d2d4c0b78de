"""The walk sheets' data: with a map, each team's streets and its walk along them."""

from __future__ import annotations

import math
from itertools import pairwise

import numpy as np
import pytest

from desktop.db.models import Household
from desktop.services.planning import PlanRequest, load_planning_input, plan_night, set_route
from desktop.services.planning.network import walking_map
from desktop.services.planning.sheets import walk_sheets
from tests.conftest import TODAY
from tests.reports.sheet_ward import STREET_NAMES, make_sheet_ward, meeting_point
from tests.services.planning.builders import make_small_ward, pending_household


@pytest.fixture
def ward(database, tmp_path):
    with database.session() as session:
        return make_sheet_ward(session, tmp_path)


def _planning(database):
    with database.session() as session:
        return load_planning_input(session, PlanRequest(day=TODAY, meeting_point=meeting_point()))


def _route(planning, ward, names: list[str]):
    plan = plan_night(planning, time_limit=0.3)
    return set_route(planning, plan, ward.teams[0], [ward.households[name] for name in names])


def _length(points) -> float:
    array = np.asarray(points)
    return float(np.hypot(*np.diff(array, axis=0).T).sum())


def _distance_to_streets(point, streets) -> float:
    """Metres from a point to the nearest street piece of the sheet."""
    best = math.inf
    for street in streets:
        for a, b in pairwise(np.asarray(street.points)):
            ab = b - a
            t = np.clip(np.dot(point - a, ab) / max(np.dot(ab, ab), 1e-12), 0, 1)
            best = min(best, float(np.hypot(*(a + t * ab - point))))
    return best


def test_a_sheet_carries_its_streets_and_its_walk_along_them(database, ward) -> None:
    planning = _planning(database)
    names = ["hl3", "hl9", "nh2", "nh6", "ll2"]
    plan = _route(planning, ward, names)
    sheet = walk_sheets(planning, plan).sheets[0]
    assert sheet.team_name == "Tổ công tác 1"
    shown = {street.name for street in sheet.streets}
    assert {"Đường Hoàng Liên", "Phố Nguyễn Huệ", "Phố Lê Lợi"} <= shown
    assert shown - {None} <= set(STREET_NAMES)
    assert not sheet.sketch_labels and not sheet.schematic
    # One leg from the meeting point, one between each two stops, one back.
    assert len(sheet.legs) == len(names) + 1
    stops = [np.array([point.x, point.y]) for point in sheet.sketch]
    ends = [np.zeros(2), *stops, np.zeros(2)]
    for leg, (start, end) in zip(sheet.legs, pairwise(ends), strict=True):
        assert leg[0] == pytest.approx(tuple(start), abs=0.01)
        assert leg[-1] == pytest.approx(tuple(end), abs=0.01)
        # Between the two houses the walk runs on the sheet's streets.
        for point in leg[1:-1]:
            assert _distance_to_streets(np.asarray(point), sheet.streets) < 0.05
    # Drawn as walked: the legs add up to the route's walk along the streets.
    (route,) = [route for route in plan.routes if route.team_id == ward.teams[0]]
    assert sum(_length(leg) for leg in sheet.legs) == pytest.approx(route.walk_m, abs=1.0)
    # The very walks the walking map draws.
    network = walking_map(planning)
    nodes = [0, *(network.node(ward.households[name]) for name in names), 0]
    for leg, (here, there) in zip(sheet.legs, pairwise(nodes), strict=True):
        assert np.asarray(leg) == pytest.approx(network.leg(here, there), abs=0.01)
    # A leg from Hoàng Liên to Nguyễn Huệ turns the corner, it does not cut across.
    corner = sheet.legs[2]
    assert _length(corner) > math.dist(corner[0], corner[-1]) + 20


def test_a_sheet_has_only_its_own_part_of_the_ward(database, ward) -> None:
    planning = _planning(database)
    plan = _route(planning, ward, ["hl1", "hl2", "hl3"])
    sheet = walk_sheets(planning, plan).sheets[0]
    shown = {street.name for street in sheet.streets}
    # The houses by the police station: their streets, not Nguyễn Huệ 500 m east.
    assert {"Đường Hoàng Liên", "Ngõ 12 Hoàng Liên"} <= shown
    assert "Phố Nguyễn Huệ" not in shown
    # A long street comes in the piece that crosses the area, not whole.
    hoang_lien = [point for street in sheet.streets if street.name == "Đường Hoàng Liên"
                  for point in street.points]  # fmt: skip
    assert max(x for x, _ in hoang_lien) < 800 - 100


def test_a_household_with_no_place_on_the_map_is_left_off_it(database, ward) -> None:
    with database.session() as session:
        group = session.get(Household, ward.households["hl1"]).group
        nowhere = pending_household(session, group, "4", street="phố Lý Công Uẩn", located=False)
    planning = _planning(database)
    plan = plan_night(planning, time_limit=0.3)
    order = [ward.households["hl2"], nowhere, ward.households["hl5"]]
    plan = set_route(planning, plan, ward.teams[0], order)
    sheet = walk_sheets(planning, plan).sheets[0]
    assert [stop.address for stop in sheet.stops][1] == "Số 4, phố Lý Công Uẩn"
    assert sheet.sketch[1] is None and sheet.sketch[0] is not None
    assert len(sheet.legs) == 3  # meeting point → 1 → 3 → meeting point
    network = walking_map(planning)
    third = network.points[network.node(ward.households["hl5"])]
    assert sheet.legs[1][-1] == pytest.approx(tuple(third), abs=0.01)


def test_without_a_map_a_sheet_keeps_straight_lines_and_street_labels(database) -> None:
    with database.session() as session:
        make_small_ward(session, households=4, teams=1)
        planning = load_planning_input(session, PlanRequest(day=TODAY))
    plan = plan_night(planning, time_limit=0.3)
    (sheet,) = walk_sheets(planning, plan).sheets
    assert sheet.streets == () and sheet.legs == ()
    assert all(point is not None for point in sheet.sketch)
    assert [label.text for label in sheet.sketch_labels] == ["đường Hoàng Liên"]


def test_a_leg_longer_than_the_first_search_still_comes_whole(database, ward, monkeypatch) -> None:
    from desktop.services.planning import network as walking

    # The first search reaches no further than the straight line: every leg that turns
    # a corner needs the whole search.
    monkeypatch.setattr(walking, "LEG_SEARCH_FACTOR", 1.0)
    monkeypatch.setattr(walking, "LEG_SEARCH_M", 0.0)
    planning = _planning(database)
    names = ["hl3", "nh6", "ll2"]
    plan = _route(planning, ward, names)
    sheet = walk_sheets(planning, plan).sheets[0]
    network = walking_map(planning)
    assert network.streets is not None
    nodes = [0, *(network.node(ward.households[name]) for name in names), 0]
    for leg, (here, there) in zip(sheet.legs, pairwise(nodes), strict=True):
        ends = network.points[[here, there]]
        whole = np.vstack([ends[:1], network.streets.path(here, there), ends[1:]])
        assert len(leg) > 2
        assert np.asarray(leg) == pytest.approx(whole, abs=0.01)

"""Walks along the loaded map's streets: a river is crossed at its one bridge."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from desktop.db.models import Household
from desktop.domain.street_network import StreetNetwork
from desktop.services.maps.loading import load_map
from desktop.services.planning import PlanRequest, load_planning_input, plan_night
from desktop.services.planning.geometry import tour_length
from desktop.services.planning.network import StreetWalks, build_walking_map, walking_map
from desktop.services.planning.tours import shortest_tour
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
from tests.services.planning.builders import PLANNED_SERVICES, pending_household

# Bờ Bắc runs west to east 70 m north of the river; Hoàng Liên 150 m south of it.
BO_BAC_Y = 520.0
SOUTH_BANK = (300.0, RIVER_Y - 80)  # 70 m north of Hoàng Liên, its nearest street
NORTH_BANK = (300.0, RIVER_Y + 30)  # 40 m south of Bờ Bắc
MEETING = (POLICE_XY[0], POLICE_XY[1])  # 20 m north of Hoàng Liên


def _household(session, group, number: str, xy: tuple[float, float]) -> int:
    lat, lon = lat_lon(*xy)
    household_id = pending_household(session, group, number)
    household = session.get(Household, household_id)
    household.lat, household.lon = lat, lon
    return household_id


@pytest.fixture
def river_ward(database, tmp_path: Path):
    """Two houses facing each other across the river, a few more south of it, a map."""
    ids = {}
    with database.session() as session:
        ward = make_ward(session)
        group = make_group(session, ward, "Tổ 1")
        ids["south"] = _household(session, group, "1", SOUTH_BANK)
        ids["north"] = _household(session, group, "2", NORTH_BANK)
        campaign_id = make_campaign(session, services=PLANNED_SERVICES)
        make_team(session, campaign_id, name="Tổ công tác 1")
        load_map(session, write_ward(tmp_path))
    return ids


def _planning(database):
    with database.session() as session:
        return load_planning_input(session, PlanRequest(day=TODAY, meeting_point=lat_lon(*MEETING)))


def test_houses_facing_each_other_across_the_river_walk_round_by_the_bridge(
    database, river_ward
) -> None:
    planning = _planning(database)
    network = walking_map(planning)
    south, north = network.node(river_ward["south"]), network.node(river_ward["north"])
    assert network.straight[south, north] == pytest.approx(110, abs=0.5)
    # 70 m to Hoàng Liên, east to Nguyễn Huệ, over the bridge, west along Bờ Bắc, 40 m.
    over_the_bridge = (
        (SOUTH_BANK[1] - HOANG_LIEN_Y)
        + (NGUYEN_HUE_X - SOUTH_BANK[0]) * 2
        + (BO_BAC_Y - HOANG_LIEN_Y)
        + (BO_BAC_Y - NORTH_BANK[1])
    )
    assert network.walk[south, north] == pytest.approx(over_the_bridge, abs=1.0)
    assert network.walk[north, south] == pytest.approx(over_the_bridge, abs=1.0)
    speed = planning.settings.walking_speed_kmh / 3.6
    assert network.seconds[south, north] == pytest.approx(over_the_bridge / speed, abs=1.0)
    # The leg drawn goes over the bridge.
    leg = network.leg(south, north)
    origin_xy = np.asarray(metres(*planning.meeting_point))
    on_bridge = np.hypot(*(leg + origin_xy - (NGUYEN_HUE_X, RIVER_Y)).T.reshape(2, -1)) < 25
    assert on_bridge.any()


def test_a_plans_walk_is_the_sum_of_its_legs_along_the_streets(database, river_ward) -> None:
    planning = _planning(database)
    plan = plan_night(planning, time_limit=0.5)
    (route,) = plan.as_json(planning)["routes"]
    assert sorted(route["stops"]) == ["COCLEU-000001", "COCLEU-000002"]
    # Station → its street (20 m) → south house, over the bridge to the north house,
    # and back over the bridge to the station, whichever way round.
    to_south = (
        (SOUTH_BANK[0] - MEETING[0]) + (MEETING[1] - HOANG_LIEN_Y) + (SOUTH_BANK[1] - HOANG_LIEN_Y)
    )
    across = 70 + 2 * 300 + 220 + 40
    north_back = 40 + 300 + 220 + (NGUYEN_HUE_X - MEETING[0]) + 20
    assert route["walk_m"] == pytest.approx(to_south + across + north_back, abs=2)
    network = walking_map(planning)
    nodes = [network.node(stop.household_id) for stop in plan.routes[0].stops]
    path = [0, *nodes, 0]
    legs = sum(network.walk[a, b] for a, b in zip(path, path[1:], strict=False))
    assert plan.routes[0].walk_m == pytest.approx(legs)
    assert sum(stop.walk_m for stop in plan.routes[0].stops) + network.walk[nodes[-1], 0] == (
        pytest.approx(legs)
    )


def test_walks_by_rows_equal_walks_by_pairs(database, river_ward) -> None:
    planning = _planning(database)
    whole, by_pairs = build_walking_map(planning), build_walking_map(planning, dense_nodes=0)
    every = np.ix_(np.arange(3), np.arange(3))
    assert by_pairs.walk[every] == pytest.approx(whole.walk[every])
    assert whole.walk[every] == pytest.approx(whole.walk[every].T)


def test_many_rows_are_walked_a_slice_at_a_time_with_the_same_walks(
    database, river_ward, monkeypatch
) -> None:
    """A city's shortlist asks for hundreds of rows over 57,000 nodes: they are worked
    out a slice at a time (issue 13: the plan of a 60,000-household ward in ≤ 1 GB)."""
    every = np.ix_(np.arange(3), np.arange(3))
    whole = build_walking_map(_planning(database), dense_nodes=0).walk[every]
    asked: list[int] = []
    rows = StreetNetwork.rows

    def counted(network, sources):
        asked.append(len(sources))
        return rows(network, sources)

    monkeypatch.setattr(StreetNetwork, "rows", counted)
    monkeypatch.setattr(StreetWalks, "SLICE_CELLS", 3)  # one row of three nodes a slice
    sliced = build_walking_map(_planning(database), dense_nodes=0).walk[every]
    assert sliced == pytest.approx(whole)
    assert asked and set(asked) == {1}  # never more than one row at once


def test_planned_orders_are_the_best_tours_along_the_streets(database, tmp_path) -> None:
    rng = np.random.default_rng(3)
    with database.session() as session:
        ward = make_ward(session)
        group = make_group(session, ward, "Tổ 1")
        for number in range(1, 11):
            y = rng.choice([rng.uniform(200, 420), rng.uniform(480, 600)])
            _household(session, group, str(number), (rng.uniform(0, 800), y))
        campaign_id = make_campaign(session, services=PLANNED_SERVICES)
        make_team(session, campaign_id, name="Tổ công tác 1")
        load_map(session, write_ward(tmp_path))
    planning = _planning(database)
    plan = plan_night(planning, time_limit=0.5)
    network = walking_map(planning)
    for route in plan.routes:
        nodes = [network.node(stop.household_id) for stop in route.stops]
        best = shortest_tour(nodes, network.walk)
        assert tour_length(nodes, network.walk) <= 1.03 * tour_length(best, network.walk) + 1e-6

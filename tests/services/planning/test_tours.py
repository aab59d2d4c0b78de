"""Walking order: within 3 % of the best closed tour of the same stops."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from desktop.services.planning import PlanRequest, load_planning_input, plan_night
from desktop.services.planning.geometry import straight_line_matrix, tour_length
from desktop.services.planning.network import walking_map
from desktop.services.planning.tours import improve_tour, shortest_tour, walking_order
from tests.builders import make_campaign, make_group, make_team, make_ward
from tests.conftest import TODAY
from tests.services.planning.builders import PLANNED_SERVICES, pending_household


def _matrix(count: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return straight_line_matrix(rng.uniform(0, 800, (count + 1, 2)))


def _brute_force(stops: list[int], matrix: np.ndarray) -> float:
    return min(tour_length(list(order), matrix) for order in itertools.permutations(stops))


def test_shortest_tour_is_exact_for_short_routes() -> None:
    for seed in range(5):
        matrix = _matrix(7, seed)
        stops = list(range(1, 8))
        best = _brute_force(stops, matrix)
        assert tour_length(shortest_tour(stops, matrix), matrix) == pytest.approx(best)


def test_local_search_gets_within_3_percent_on_longer_routes() -> None:
    matrix = _matrix(8, 11)
    stops = list(range(1, 9))
    random.Random(1).shuffle(stops)
    assert tour_length(improve_tour(stops, matrix), matrix) <= 1.03 * _brute_force(stops, matrix)


def test_a_detour_for_time_hints_beyond_3_percent_is_refused() -> None:
    matrix = _matrix(6, 3)
    best = shortest_tour(list(range(1, 7)), matrix)
    zigzag = [best[0], best[3], best[1], best[4], best[2], best[5]]
    assert tour_length(zigzag, matrix) > 1.03 * tour_length(best, matrix)
    chosen = walking_order(zigzag, matrix)
    assert tour_length(chosen, matrix) <= 1.03 * tour_length(best, matrix) + 1e-6


def test_planned_routes_walk_within_3_percent_of_the_best_tour(database) -> None:
    with database.session() as session:
        ward = make_ward(session)
        group = make_group(session, ward, "Tổ 1")
        rng = random.Random(5)
        for number in range(1, 19):
            pending_household(
                session,
                group,
                str(number),
                north_m=rng.uniform(-400, 400),
                east_m=rng.uniform(-400, 400),
            )
        campaign_id = make_campaign(session, services=PLANNED_SERVICES)
        for number in (1, 2):
            make_team(session, campaign_id, name=f"Tổ công tác {number}")
    with database.session() as session:
        planning = load_planning_input(session, PlanRequest(day=TODAY))
    plan = plan_night(planning, time_limit=0.5)
    network = walking_map(planning)
    for route in plan.routes:
        nodes = [network.node(stop.household_id) for stop in route.stops]
        assert 0 < len(nodes) <= 9
        best = _brute_force(nodes, network.straight)
        assert tour_length(nodes, network.straight) <= 1.03 * best + 1e-6

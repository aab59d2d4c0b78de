"""The solver adapter on tiny instances: all fit, or the most valuable are chosen."""

from __future__ import annotations

import numpy as np

from desktop.services.planning.solvers import RoutingProblem, default_solver


def _problem(
    worth: list[int], horizon: int, vehicles: int = 1, locks=None, door=None
) -> RoutingProblem:
    """Households 100 m apart in a row, 100 s walking per 100 m, 60 s per service for
    every team (or each team's seconds at each household, `door`)."""
    count = len(worth) + 1
    positions = np.arange(count) * 100
    distance = np.abs(positions[:, None] - positions[None, :])
    prize = np.array([0, *(w * 10_000 for w in worth)])
    return RoutingProblem(
        distance=distance,
        duration=distance.copy(),
        service=np.array(door or [[0, *(60 * w for w in worth)]] * vehicles),
        prize=prize,
        vehicles=vehicles,
        horizon=horizon,
        route_limit=horizon,
        locks=locks or {},
    )


def test_when_everything_fits_every_household_is_visited() -> None:
    problem = _problem([1, 2, 3, 1], horizon=3600)
    solution = default_solver().solve(problem, time_limit=0.3)
    assert sorted(node for route in solution.routes for node in route) == [1, 2, 3, 4]


def test_with_too_little_time_the_most_valuable_households_are_chosen() -> None:
    # Household 3 (worth 5) is 300 m out: 300 + 300 s + 300 s back = 900 s.
    problem = _problem([1, 1, 5, 1], horizon=960)
    solution = default_solver().solve(problem, time_limit=0.3)
    visited = {node for route in solution.routes for node in route}
    assert 3 in visited
    assert sum(problem.prize[node] for node in visited) >= 6 * 10_000


def test_a_locked_household_goes_to_its_team() -> None:
    problem = _problem([1, 1, 1, 1], horizon=3600, vehicles=2, locks={4: 1, 1: 1})
    solution = default_solver().solve(problem, time_limit=0.3)
    assert {1, 4} <= set(solution.routes[1])
    assert not {1, 4} & set(solution.routes[0])


def test_a_household_that_only_a_bigger_team_can_fit_in_goes_to_that_team() -> None:
    # 100 m out and back is 200 s; team 0 needs 300 s at the door, team 1 (two helpers
    # side by side) 150 s, and the night lasts 400 s.
    problem = _problem([5], horizon=400, vehicles=2, door=[[0, 300], [0, 150]])
    solution = default_solver().solve(problem, time_limit=0.3)
    assert solution.routes == [[], [1]]

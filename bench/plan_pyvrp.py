"""PyVRP adapter, kept for bench/plan.py's solver comparison (the product uses OR-Tools).

Same interface as desktop.services.planning.solvers (RoutingProblem in, RoutingSolution
out): optional clients with prizes, route durations, soft time hints, locks.

A soft time hint is two copies of the household in one client group (at most one of
them visited): the plain copy, and a copy with the hinted window that earns a bonus.
A lock is a load dimension that only the locked team can carry: the household needs
one unit of it, every other team has no room for it.
"""

from __future__ import annotations

import logging
import time

import numpy as np
import pyvrp
from pyvrp.stop import MaxRuntime

from desktop.services.planning.solvers.base import (
    HINT_BONUS,
    RoutingProblem,
    RoutingSolution,
)

# PyVRP logs its progress to stdout, which belongs to the CLI's result.
logging.getLogger("pyvrp").setLevel(logging.WARNING)


class PyVrpSolver:
    """Solves the night's routing with PyVRP's iterated local search."""

    name = "pyvrp"

    def solve(self, problem: RoutingProblem, time_limit: float, seed: int = 1) -> RoutingSolution:
        started = time.perf_counter()
        data, owner, teams_of_type = _problem_data(problem)
        result = pyvrp.solve(
            data, MaxRuntime(time_limit), seed=seed, collect_stats=False, display=False
        )
        routes: list[list[int]] = [[] for _ in range(problem.vehicles)]
        spare = [iter(teams) for teams in teams_of_type]
        for route in result.best.routes():
            visits = [owner[activity.idx] for activity in route if activity.is_client()]
            if visits:
                routes[next(spare[route.vehicle_type()])] = visits
        return RoutingSolution(routes, self.name, time.perf_counter() - started)


def _problem_data(
    problem: RoutingProblem,
) -> tuple[pyvrp.ProblemData, list[int], list[list[int]]]:
    """PyVRP's problem; for each PyVRP client, the node it stands for; for each vehicle
    type, the teams it stands for."""
    dimensions = sorted(set(problem.locks.values()))
    dimension_of = {team: index for index, team in enumerate(dimensions)}
    locations = [pyvrp.Location(0, 0) for _ in range(problem.nodes)]
    depots = [pyvrp.Depot(location=0, tw_early=0, tw_late=problem.horizon)]
    clients: list[pyvrp.Client] = []
    groups: list[pyvrp.ClientGroup] = []
    owner: list[int] = []

    def add(node: int, **fields: object) -> int:
        load = [0] * len(dimensions)
        if node in problem.locks:
            load[dimension_of[problem.locks[node]]] = 1
        clients.append(
            pyvrp.Client(
                location=node,
                delivery=load,
                **fields,
            )
        )
        owner.append(node)
        return len(clients) - 1

    for node in range(1, problem.nodes):
        prize = int(problem.prize[node])
        hint = problem.hints.get(node)
        if node in problem.locks:
            add(node, prize=prize, required=True)
        elif hint is None:
            add(node, prize=prize, required=False)
        else:
            group = len(groups)
            both = [
                add(node, prize=prize, required=False, group=group),
                add(
                    node,
                    prize=prize + HINT_BONUS,
                    required=False,
                    group=group,
                    tw_early=hint[0],
                    tw_late=hint[1],
                ),
            ]
            groups.append(pyvrp.ClientGroup(both, required=False))
    clocks, profile_of = _clocks(problem)
    types = _vehicle_types(problem, dimensions, profile_of)
    data = pyvrp.ProblemData(
        locations=locations,
        clients=clients,
        depots=depots,
        vehicle_types=[vehicle_type for vehicle_type, _ in types],
        distance_matrices=[np.ascontiguousarray(problem.distance, dtype=np.int64)] * len(clocks),
        duration_matrices=clocks,
        groups=groups,
    )
    return data, owner, [teams for _, teams in types]


def _clocks(problem: RoutingProblem) -> tuple[list[np.ndarray], list[int]]:
    """A duration matrix per different door time (a routing profile), and each team's.

    PyVRP's service duration belongs to the client, not the team, so each profile adds
    the time at the door to the legs leaving it: the same clock as OR-Tools' per-team
    transits (the location of client i is its node).
    """
    profiles: dict[bytes, int] = {}
    clocks: list[np.ndarray] = []
    profile_of: list[int] = []
    for team in range(problem.vehicles):
        door = problem.service[team]
        key = door.tobytes()
        if key not in profiles:
            profiles[key] = len(clocks)
            clock = np.ascontiguousarray(problem.duration + door[:, None], dtype=np.int64)
            np.fill_diagonal(clock, 0)  # PyVRP's rule; nobody walks from a house to itself
            clocks.append(clock)
        profile_of.append(profiles[key])
    return clocks, profile_of


def _vehicle_types(
    problem: RoutingProblem, dimensions: list[int], profile_of: list[int]
) -> list[tuple[pyvrp.VehicleType, list[int]]]:
    """(type, its teams): one type for teams alike (same door time, no locks); one per
    team when locks tell them apart."""
    common = {
        "tw_early": 0,
        "tw_late": problem.horizon,
        "shift_duration": problem.route_limit,
        "unit_distance_cost": 1,
    }
    if not dimensions:
        alike: dict[int, list[int]] = {}
        for team, profile in enumerate(profile_of):
            alike.setdefault(profile, []).append(team)
        return [
            (pyvrp.VehicleType(num_available=len(teams), profile=profile, **common), teams)
            for profile, teams in alike.items()
        ]
    locked = {team: sum(1 for t in problem.locks.values() if t == team) for team in dimensions}
    return [
        (
            pyvrp.VehicleType(
                num_available=1,
                capacity=[locked[team] if team == owner else 0 for owner in dimensions],
                profile=profile_of[team],
                **common,
            ),
            [team],
        )
        for team in range(problem.vehicles)
    ]

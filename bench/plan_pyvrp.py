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
        data, owner = _problem_data(problem)
        result = pyvrp.solve(
            data, MaxRuntime(time_limit), seed=seed, collect_stats=False, display=False
        )
        routes: list[list[int]] = [[] for _ in range(problem.vehicles)]
        spare = iter(range(problem.vehicles))
        locked_types = bool(problem.locks)
        for route in result.best.routes():
            visits = [owner[activity.idx] for activity in route if activity.is_client()]
            if not visits:
                continue
            team = route.vehicle_type() if locked_types else next(spare)
            routes[team] = visits
        return RoutingSolution(routes, self.name, time.perf_counter() - started)


def _problem_data(problem: RoutingProblem) -> tuple[pyvrp.ProblemData, list[int]]:
    """PyVRP's problem and, for each PyVRP client, the node it stands for."""
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
                service_duration=int(problem.service[node]),
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
    data = pyvrp.ProblemData(
        locations=locations,
        clients=clients,
        depots=depots,
        vehicle_types=_vehicle_types(problem, dimensions),
        distance_matrices=[np.ascontiguousarray(problem.distance, dtype=np.int64)],
        duration_matrices=[np.ascontiguousarray(problem.duration, dtype=np.int64)],
        groups=groups,
    )
    return data, owner


def _vehicle_types(problem: RoutingProblem, dimensions: list[int]) -> list[pyvrp.VehicleType]:
    """One type for identical teams; one per team when locks tell them apart."""
    common = {
        "tw_early": 0,
        "tw_late": problem.horizon,
        "shift_duration": problem.route_limit,
        "unit_distance_cost": 1,
    }
    if not dimensions:
        return [pyvrp.VehicleType(num_available=problem.vehicles, **common)]
    locked = {team: sum(1 for t in problem.locks.values() if t == team) for team in dimensions}
    return [
        pyvrp.VehicleType(
            num_available=1,
            capacity=[locked[team] if team == owner else 0 for owner in dimensions],
            **common,
        )
        for team in range(problem.vehicles)
    ]

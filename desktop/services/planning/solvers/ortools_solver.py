"""OR-Tools adapter: disjunctions with penalties, a time dimension, soft bounds, locks.

Each household is a disjunction of one node whose penalty is its prize; a lock is the
household's allowed vehicle with a penalty no prize comes near. Time hints are soft
bounds on the time dimension, charged per second outside the hinted window.
"""

from __future__ import annotations

import time

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from desktop.services.planning.solvers.base import HINT_BONUS, RoutingProblem, RoutingSolution

# Per second outside a hinted window: about HINT_BONUS for 25 minutes off.
_HINT_COST_PER_SECOND = max(1, HINT_BONUS // 1500)
_LOCK_PENALTY = 10**12


class OrToolsSolver:
    """Solves the night's routing with OR-Tools' routing library (guided local search)."""

    name = "ortools"

    def solve(self, problem: RoutingProblem, time_limit: float, seed: int = 1) -> RoutingSolution:
        started = time.perf_counter()
        manager = pywrapcp.RoutingIndexManager(problem.nodes, problem.vehicles, 0)
        routing = pywrapcp.RoutingModel(manager)
        distance = routing.RegisterTransitMatrix(problem.distance.astype(int).tolist())
        routing.SetArcCostEvaluatorOfAllVehicles(distance)
        routing.AddDimensionWithVehicleTransits(
            _clocks(routing, problem), problem.horizon, problem.horizon, False, "time"
        )
        time_dimension = routing.GetDimensionOrDie("time")
        for vehicle in range(problem.vehicles):
            end = routing.End(vehicle)
            start = routing.Start(vehicle)
            time_dimension.CumulVar(end).SetMax(problem.horizon)
            routing.solver().Add(
                time_dimension.CumulVar(end) - time_dimension.CumulVar(start) <= problem.route_limit
            )
        for node in range(1, problem.nodes):
            index = manager.NodeToIndex(node)
            if node in problem.locks:
                # Allowed on its team only; a penalty no prize comes near keeps it planned
                # (a mandatory node stalls OR-Tools' first-solution heuristics).
                routing.VehicleVar(index).SetValues([-1, problem.locks[node]])
                routing.AddDisjunction([index], _LOCK_PENALTY)
            else:
                routing.AddDisjunction([index], int(problem.prize[node]))
            hint = problem.hints.get(node)
            if hint is not None:
                time_dimension.SetCumulVarSoftLowerBound(index, hint[0], _HINT_COST_PER_SECOND)
                time_dimension.SetCumulVarSoftUpperBound(index, hint[1], _HINT_COST_PER_SECOND)
        parameters = pywrapcp.DefaultRoutingSearchParameters()
        parameters.first_solution_strategy = (
            routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
        )
        parameters.local_search_metaheuristic = (
            routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
        )
        remaining = max(0.1, time_limit - (time.perf_counter() - started))
        parameters.time_limit.FromMilliseconds(int(remaining * 1000))
        assignment = routing.SolveWithParameters(parameters)
        routes: list[list[int]] = [[] for _ in range(problem.vehicles)]
        if assignment is not None:
            for vehicle in range(problem.vehicles):
                index = assignment.Value(routing.NextVar(routing.Start(vehicle)))
                while not routing.IsEnd(index):
                    routes[vehicle].append(manager.IndexToNode(index))
                    index = assignment.Value(routing.NextVar(index))
        return RoutingSolution(routes, self.name, time.perf_counter() - started)


def _clocks(routing: pywrapcp.RoutingModel, problem: RoutingProblem) -> list[int]:
    """Per team, the transit callback of its clock: walking, then its time at the door
    (one callback per different door time, so equal teams share theirs)."""
    registered: dict[bytes, int] = {}
    callbacks = []
    for team in range(problem.vehicles):
        door = problem.service[team]
        key = door.tobytes()
        if key not in registered:
            walk_and_serve = problem.duration + door[:, None]
            registered[key] = routing.RegisterTransitMatrix(walk_and_serve.astype(int).tolist())
        callbacks.append(registered[key])
    return callbacks

"""Walking order within one route: the shortest closed tour from the meeting point.

The routing solver chooses who visits what; the order it gives is checked here against
the shortest closed tour of the same stops, exact (Held–Karp dynamic programming) for
routes of up to EXACT_LIMIT stops; beyond, the better of a 2-opt/Or-opt local optimum
and a short OR-Tools guided local search started from it. A solver's
order that honours time hints is kept while it walks at most MAX_EXTRA_WALK further;
otherwise the shortest tour replaces it, turned in the direction that best meets the
hints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from desktop.services.planning.geometry import tour_length

EXACT_LIMIT = 12
TSP_MILLISECONDS = 300  # OR-Tools' search on one long route
MAX_EXTRA_WALK = 0.03  # time hints may cost at most 3 % more walking


def shortest_tour(stops: Sequence[int], matrix: np.ndarray, start: Sequence[int] = ()) -> list[int]:
    """The shortest closed tour 0 → stops → 0 (exact for short routes, else a local optimum).

    `start` is an order to improve on for long routes (default: the stops as given).
    """
    stops = list(stops)
    if len(stops) <= 2:
        return stops
    if len(stops) <= EXACT_LIMIT:
        return _held_karp(stops, matrix)
    local = improve_tour(list(start) or stops, matrix)
    searched = _searched_tour(local, matrix)
    return min((local, searched), key=lambda order: tour_length(order, matrix))


def _searched_tour(order: list[int], matrix: np.ndarray) -> list[int]:
    """OR-Tools' guided local search on the one-team tour, from the local optimum."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    nodes = [0, *order]
    # Centimetres, so that rounding to whole numbers does not blur short legs.
    costs = np.rint(matrix[np.ix_(nodes, nodes)] * 100).astype(int).tolist()
    manager = pywrapcp.RoutingIndexManager(len(nodes), 1, 0)
    routing = pywrapcp.RoutingModel(manager)
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(costs))
    parameters = pywrapcp.DefaultRoutingSearchParameters()
    parameters.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    parameters.time_limit.FromMilliseconds(TSP_MILLISECONDS)
    routing.CloseModelWithParameters(parameters)
    initial = routing.ReadAssignmentFromRoutes([list(range(1, len(nodes)))], True)
    solution = routing.SolveFromAssignmentWithParameters(initial, parameters)
    if solution is None:
        return order
    result, index = [], solution.Value(routing.NextVar(routing.Start(0)))
    while not routing.IsEnd(index):
        result.append(nodes[manager.IndexToNode(index)])
        index = solution.Value(routing.NextVar(index))
    return result


def walking_order(
    order: Sequence[int],
    matrix: np.ndarray,
    lateness: Callable[[list[int]], float] | None = None,
) -> list[int]:
    """The order to walk: the shortest tour; with time hints, the solver's order if it
    honours them better and walks at most 3 % further.

    `lateness` scores how badly an order misses the time hints (lower is better, 0 when
    there are none); it also picks the direction of the shortest tour.
    """
    order = list(order)
    best = shortest_tour(order, matrix, start=order)
    if tour_length(order, matrix) < tour_length(best, matrix):
        best = order  # a long route's local search did not beat the solver
    if lateness is None:
        return best
    best_length = tour_length(best, matrix)
    late_best = min(lateness(best), lateness(best[::-1]))
    if (
        lateness(order) < late_best
        and tour_length(order, matrix) <= best_length * (1 + MAX_EXTRA_WALK) + 1e-9
    ):
        return order
    reverse = best[::-1]
    if lateness is not None and lateness(reverse) < lateness(best):
        return reverse
    return best


def _held_karp(stops: list[int], matrix: np.ndarray) -> list[int]:
    """Exact shortest closed tour through the stops from node 0, by dynamic programming."""
    count = len(stops)
    nodes = [0, *stops]
    distance = matrix[np.ix_(nodes, nodes)].astype(float)
    full = 1 << count
    cost = np.full((full, count), np.inf)
    parent = np.full((full, count), -1, dtype=np.int64)
    for index in range(count):
        cost[1 << index, index] = distance[0, index + 1]
    inner = distance[1:, 1:]
    columns = np.arange(count)
    for mask in range(1, full):
        row = cost[mask]
        if not np.isfinite(row).any():
            continue
        # Extend every path ending at k inside mask to each j outside it.
        through = row[:, None] + inner  # (k, j)
        best_k = np.argmin(through, axis=0)
        best = through[best_k, columns]
        outside = np.nonzero(((mask >> columns) & 1) == 0)[0]
        targets = mask | (1 << outside)
        better = best[outside] < cost[targets, outside]
        cost[targets[better], outside[better]] = best[outside[better]]
        parent[targets[better], outside[better]] = best_k[outside[better]]
    last_mask = full - 1
    closing = cost[last_mask] + distance[1:, 0]
    end = int(np.argmin(closing))
    order, mask = [], last_mask
    while end >= 0:
        order.append(stops[end])
        previous = int(parent[mask, end])
        mask ^= 1 << end
        end = previous
    return order[::-1]


def improve_tour(order: list[int], matrix: np.ndarray) -> list[int]:
    """2-opt and Or-opt moves until none shortens the closed tour from node 0."""
    tour = [0, *order, 0]
    improved = True
    while improved:
        improved = _two_opt(tour, matrix) | _or_opt(tour, matrix)
    return tour[1:-1]


def _two_opt(tour: list[int], matrix: np.ndarray) -> bool:
    improved = False
    size = len(tour)
    for i in range(size - 3):
        for j in range(i + 2, size - 1):
            a, b, c, d = tour[i], tour[i + 1], tour[j], tour[j + 1]
            if matrix[a, c] + matrix[b, d] < matrix[a, b] + matrix[c, d] - 1e-9:
                tour[i + 1 : j + 1] = tour[i + 1 : j + 1][::-1]
                improved = True
    return improved


def _or_opt(tour: list[int], matrix: np.ndarray) -> bool:
    """Move a run of 1–3 stops elsewhere in the tour (either way round)."""
    improved = False
    for length in (1, 2, 3):
        i = 1
        while i + length < len(tour):
            run = tour[i : i + length]
            before, after = tour[i - 1], tour[i + length]
            removed = matrix[before, run[0]] + matrix[run[-1], after] - matrix[before, after]
            rest = tour[:i] + tour[i + length :]
            best_gain, best_at, best_run = 1e-9, None, run
            for at in range(len(rest) - 1):
                p, q = rest[at], rest[at + 1]
                for candidate in (run, run[::-1]):
                    added = matrix[p, candidate[0]] + matrix[candidate[-1], q] - matrix[p, q]
                    if removed - added > best_gain:
                        best_gain, best_at, best_run = removed - added, at, candidate
            if best_at is not None:
                tour[:] = rest[: best_at + 1] + best_run + rest[best_at + 1 :]
                improved = True
            i += 1
    return improved

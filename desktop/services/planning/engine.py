"""Planning a night: routes for every team, and the edits a duty officer makes to them.

`plan_night` asks the routing solver which team visits which households; when every
household fits, tighter passes even out the teams' evenings (the solver's objective,
least walking, would otherwise send one team to do it all); then each route is put in
walking order (within 3 % of its shortest closed tour). The editing
functions (`set_route`, `move_stop`) recount a hand-edited route with the same clock
as the solver's, and `plan_night(..., locks=…)` re-plans around households the duty
officer has pinned to a team.
"""

from __future__ import annotations

import math
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import replace

import numpy as np

from desktop.domain.errors import UserError
from desktop.services.planning.model import NightPlan, PlanningInput, RoutePlan
from desktop.services.planning.network import SAME_SPOT_M, walking_map
from desktop.services.planning.problem import routing_problem
from desktop.services.planning.schedule import door_seconds, hint_lateness, route_plan
from desktop.services.planning.solvers import (
    RoutingProblem,
    RoutingSolution,
    RoutingSolver,
    default_solver,
)
from desktop.services.planning.tours import walking_order

# Teams whose evenings differ by more than this are evened out, when everything fits.
_BALANCE_GAP_MINUTES = 20
_BALANCE_SLACKS = (1.1, 1.25, 1.5)


def default_time_limit(candidates: int) -> float:
    """Seconds of search: half a second for a street, a second for a group, 5 s for a ward."""
    return min(5.0, max(0.5 if candidates < 100 else 1.0, 0.5 + candidates / 450))


def plan_night(
    planning: PlanningInput,
    *,
    locks: Mapping[int, int] | None = None,
    excluded: Collection[int] = (),
    time_limit: float | None = None,
    solver: RoutingSolver | None = None,
    seed: int = 1,
) -> NightPlan:
    """Routes for every team of the planning input.

    `locks` maps household id → team id: those households stay with that team (the
    rest is re-planned around them); `excluded` households are left out altogether.
    `solver` defaults to the product's (OR-Tools); `time_limit` to default_time_limit().
    Raises UserError for a lock on a household or team the planning does not hold.
    """
    started = time.perf_counter()
    locks = dict(locks or {})
    _check_locks(planning, locks)
    team_index = {team.team_id: index for index, team in enumerate(planning.teams)}
    household_ids = [
        candidate.household_id
        for candidate in planning.candidates
        if candidate.household_id not in excluded or candidate.household_id in locks
    ]
    locked = {household: team_index[team] for household, team in locks.items()}
    household_ids = _shortlist(planning, household_ids, set(locks))
    limit = time_limit if time_limit is not None else default_time_limit(len(household_ids))
    adapter = solver or default_solver()
    problem, map_nodes = routing_problem(planning, household_ids, locked)
    solution = adapter.solve(problem, limit, seed)
    solution = _balanced(planning, household_ids, locked, solution, limit, seed, adapter)
    routes = [
        [map_nodes[node] for node in route] for route in solution.routes
    ]  # walking-map nodes, per team
    network = walking_map(planning)
    plans = tuple(
        route_plan(
            planning,
            team.team_id,
            [network.household_ids[node - 1] for node in _ordered(planning, nodes, team.helpers)],
        )
        for team, nodes in zip(planning.teams, routes, strict=True)
    )
    return _night_plan(planning, plans, locks, adapter.name, time.perf_counter() - started)


# The solver is offered at most this many times the stops the teams could make: enough
# choice for the best plan, while the model stays small enough to build and search in
# the time limit on a busy desk PC (2,300 candidates took longer to build than to solve).
_SHORTLIST_FACTOR = 4
_SHORTLIST_MIN = 300


def _shortlist(planning: PlanningInput, household_ids: list[int], keep: set[int]) -> list[int]:
    """The candidates most worth a team's minutes, when there are far more than a night
    can serve: services per minute of a visit from the meeting point and back."""
    network = walking_map(planning)
    nodes = np.asarray([network.node(household_id) for household_id in household_ids], dtype=int)
    there_and_back = network.seconds[0, nodes] + network.seconds[nodes, 0]
    helpers = planning.typical_helpers
    cost = {
        household_id: float(walk)
        + door_seconds(planning, planning.candidate(household_id), helpers)
        for household_id, walk in zip(household_ids, there_and_back, strict=True)
    }
    typical = sorted(cost.values())[len(cost) // 2] if cost else 1.0
    capacity = len(planning.teams) * planning.window_minutes * 60 / max(typical, 1.0)
    size = max(_SHORTLIST_MIN, round(_SHORTLIST_FACTOR * capacity))
    if len(household_ids) <= size:
        return household_ids
    ranked = sorted(
        household_ids,
        key=lambda household_id: -planning.candidate(household_id).worth / cost[household_id],
    )
    chosen = set(ranked[:size]) | (keep & set(household_ids))
    return [household_id for household_id in household_ids if household_id in chosen]


def set_route(
    planning: PlanningInput, plan: NightPlan, team_id: int, household_ids: Sequence[int]
) -> NightPlan:
    """The plan with the team walking exactly these households in this order.

    The households leave any other route they were on; the team's former households
    not in the list go back to the unassigned ones. Minutes and metres are recounted.
    """
    planning.team(team_id)  # KeyError for a team that is not out tonight
    chosen = list(dict.fromkeys(household_ids))
    for household_id in chosen:
        planning.candidate(household_id)
    taken = set(chosen)
    routes = []
    for route in plan.routes:
        if route.team_id == team_id:
            routes.append(route_plan(planning, team_id, chosen))
        elif taken.intersection(route.household_ids):
            kept = [stop for stop in route.household_ids if stop not in taken]
            routes.append(route_plan(planning, route.team_id, kept))
        else:
            routes.append(route)
    return _night_plan(planning, tuple(routes), plan.locks, plan.solver, plan.solve_seconds)


def move_stop(
    planning: PlanningInput,
    plan: NightPlan,
    household_id: int,
    team_id: int | None,
    position: int | None = None,
) -> NightPlan:
    """The plan with one household moved to a team's route at `position` (end if None).

    `team_id` None takes the household off every route (back to the unassigned).
    """
    if team_id is None:
        for route in plan.routes:
            if household_id in route.household_ids:
                kept = [stop for stop in route.household_ids if stop != household_id]
                return set_route(planning, plan, route.team_id, kept)
        return plan
    order = [stop for stop in plan.route(team_id).household_ids if stop != household_id]
    order.insert(len(order) if position is None else max(0, position), household_id)
    return set_route(planning, plan, team_id, order)


def lock_stop(plan: NightPlan, household_id: int, team_id: int | None) -> NightPlan:
    """The plan with a household pinned to a team for the next re-plan (None: unpinned)."""
    locks = dict(plan.locks)
    if team_id is None:
        locks.pop(household_id, None)
    else:
        locks[household_id] = team_id
    return replace(plan, locks=locks)


def _check_locks(planning: PlanningInput, locks: Mapping[int, int]) -> None:
    team_ids = {team.team_id for team in planning.teams}
    household_ids = {candidate.household_id for candidate in planning.candidates}
    for household_id, team_id in locks.items():
        if team_id not in team_ids:
            raise UserError("Hộ được giữ cho một tổ không đi làm tối nay; hãy bỏ giữ rồi lập lại.")
        if household_id not in household_ids:
            raise UserError(
                "Hộ được giữ không còn trong danh sách cần đến; hãy bỏ giữ rồi lập lại."
            )


def _balanced(
    planning: PlanningInput,
    household_ids: list[int],
    locked: dict[int, int],
    solution: RoutingSolution,
    limit: float,
    seed: int,
    solver: RoutingSolver,
) -> RoutingSolution:
    """When every household fits, shorter evenings for all so that the teams share the work.

    Tries route limits a little above the average evening, then looser ones; keeps the
    first solution that still visits every household, else the original.
    """
    if sum(len(route) for route in solution.routes) < len(household_ids):
        return solution
    problem, _ = routing_problem(planning, household_ids, locked)
    durations = [_duration(problem, team, route) for team, route in enumerate(solution.routes)]
    if len(durations) < 2 or max(durations) - min(durations) <= _BALANCE_GAP_MINUTES * 60:
        return solution
    longest_single = max(
        int(problem.duration[0, node] + problem.service[:, node].max() + problem.duration[node, 0])
        for node in range(1, problem.nodes)
    )
    average = sum(durations) / len(durations)
    for slack in _BALANCE_SLACKS:
        target = max(longest_single, math.ceil(average * slack))
        if target >= max(durations):
            break
        tighter, _ = routing_problem(planning, household_ids, locked, route_limit=target)
        again = solver.solve(tighter, max(0.3, limit / 3), seed)
        if sum(len(route) for route in again.routes) == len(household_ids):
            return again
    return solution


def _duration(problem: RoutingProblem, team: int, route: list[int]) -> int:
    path = [0, *route, 0]
    walking = sum(int(problem.duration[a, b]) for a, b in zip(path, path[1:], strict=False))
    return walking + sum(int(problem.service[team, node]) for node in route)


def _ordered(planning: PlanningInput, nodes: list[int], helpers: int) -> list[int]:
    """Walking order of a route's map nodes, for a team with `helpers` helping at once;
    stops at one spot go in address order."""
    if not nodes:
        return []
    network = walking_map(planning)
    # The route's own distances, as one small matrix: local node i is map node nodes[i - 1].
    map_nodes = np.asarray([0, *nodes])
    local = network.walk[np.ix_(map_nodes, map_nodes)]
    order = walking_order(
        range(1, len(map_nodes)),
        local,
        lateness=lambda local_order: hint_lateness(
            planning, [int(map_nodes[index]) for index in local_order], helpers
        ),
    )
    return _address_order_at_same_spot(planning, [int(map_nodes[index]) for index in order])


def _address_order_at_same_spot(planning: PlanningInput, order: list[int]) -> list[int]:
    """Households placed on one spot (estimated from one neighbour) go by house number."""
    network = walking_map(planning)
    result: list[int] = []
    run: list[int] = []
    for node in order:
        if run and network.straight[run[-1], node] > SAME_SPOT_M:
            result.extend(sorted(run, key=lambda n: planning.candidates[n - 1].address_sort_key))
            run = []
        run.append(node)
    result.extend(sorted(run, key=lambda n: planning.candidates[n - 1].address_sort_key))
    return result


def _night_plan(
    planning: PlanningInput,
    routes: tuple[RoutePlan, ...],
    locks: Mapping[int, int],
    solver: str,
    seconds: float,
) -> NightPlan:
    planned = {stop.household_id for route in routes for stop in route.stops}
    left = [candidate for candidate in planning.candidates if candidate.household_id not in planned]
    left.sort(key=lambda candidate: (-candidate.worth, candidate.address_sort_key))
    return NightPlan(
        day=planning.day,
        starts_at=planning.starts_at,
        ends_at=planning.ends_at,
        meeting_point=planning.meeting_point,
        routes=routes,
        unassigned=tuple(candidate.household_id for candidate in left),
        without_coordinates=tuple(
            candidate.household_id
            for candidate in planning.candidates
            if not candidate.has_coordinates
        ),
        notices=planning.notices,
        locks=dict(locks),
        solver=solver,
        solve_seconds=seconds,
    )

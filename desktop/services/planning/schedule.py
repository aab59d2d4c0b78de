"""A route's clock: when the team reaches each stop, how far it walks, when it is back.

Used for every route the solver gives and for every route the duty officer edits by
hand, so the minutes and metres on screen, on the walk sheet and in the JSON are
always worked out the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta

from desktop.services.planning.geometry import visit_seconds
from desktop.services.planning.model import Candidate, PlannedStop, PlanningInput, RoutePlan
from desktop.services.planning.network import WalkingMap, walking_map

# A revisit's time hint is met when the team arrives within this many minutes of it.
HINT_TOLERANCE_MINUTES = 30


def hint_window(candidate: Candidate, planning: PlanningInput) -> tuple[int, int] | None:
    """The hinted arrival window in seconds from the start of the night, if it falls in it."""
    if candidate.time_hint is None:
        return None
    hinted = _seconds_between(planning.starts_at, candidate.time_hint)
    tolerance = HINT_TOLERANCE_MINUTES * 60
    horizon = round(planning.window_minutes * 60)
    early, late = max(0, hinted - tolerance), min(horizon, hinted + tolerance)
    return (early, late) if early <= late else None


def door_seconds(planning: PlanningInput, candidate: Candidate, helpers: int) -> int:
    """Seconds a team with `helpers` helping at once spends at this household."""
    return visit_seconds(candidate.services_per_resident, helpers, planning.settings)


def arrival_seconds(
    planning: PlanningInput, nodes: Sequence[int], helpers: int, wait_for_hints: bool = True
) -> tuple[list[float], float]:
    """Arrival at each node (seconds from the start) and the time back at the meeting point,
    for a team with `helpers` helping at once.

    With `wait_for_hints`, a team early for a revisit's hinted window waits for it.
    """
    network = walking_map(planning)
    clock, previous, arrivals = 0.0, 0, []
    for node in nodes:
        clock += float(network.seconds[previous, node])
        candidate = planning.candidates[node - 1]
        window = hint_window(candidate, planning) if wait_for_hints else None
        if window is not None and clock < window[0]:
            clock = float(window[0])
        arrivals.append(clock)
        clock += door_seconds(planning, candidate, helpers)
        previous = node
    return arrivals, clock + float(network.seconds[previous, 0])


def hint_lateness(planning: PlanningInput, nodes: Sequence[int], helpers: int) -> float:
    """Seconds by which arrivals miss their hinted windows, summed (0: every hint met)."""
    arrivals, _ = arrival_seconds(planning, nodes, helpers, wait_for_hints=False)
    missed = 0.0
    for node, arrival in zip(nodes, arrivals, strict=True):
        window = hint_window(planning.candidates[node - 1], planning)
        if window is not None:
            missed += max(0.0, window[0] - arrival, arrival - window[1])
    return missed


def route_plan(planning: PlanningInput, team_id: int, household_ids: Sequence[int]) -> RoutePlan:
    """The route of a team visiting the households in this order, with its clock and walk.

    Waits for hinted revisits only while the team is still back in time.
    """
    network = walking_map(planning)
    nodes = [network.node(household_id) for household_id in household_ids]
    horizon = planning.window_minutes * 60
    helpers = planning.team(team_id).helpers
    arrivals, back = arrival_seconds(planning, nodes, helpers)
    if back > horizon:
        arrivals, back = arrival_seconds(planning, nodes, helpers, wait_for_hints=False)
    stops = []
    previous = 0
    for node, arrival in zip(nodes, arrivals, strict=True):
        candidate = planning.candidates[node - 1]
        leaves = arrival + door_seconds(planning, candidate, helpers)
        stops.append(
            PlannedStop(
                household_id=candidate.household_id,
                code=candidate.code,
                arrives_at=_clock(planning, arrival),
                leaves_at=_clock(planning, leaves),
                walk_m=float(network.walk[previous, node]),
                expected_services=candidate.worth,
                without_coordinates=not candidate.has_coordinates,
                time_hint=candidate.time_hint,
            )
        )
        previous = node
    return RoutePlan(
        team_id=team_id,
        team_name=planning.team(team_id).name,
        stops=tuple(stops),
        walk_m=_closed_walk(network, nodes),
        minutes=back / 60 if nodes else 0.0,
        expected_services=sum(stop.expected_services for stop in stops),
        returns_at=_clock(planning, back if nodes else 0.0),
        fits_window=back <= horizon + 1e-6,
    )


def _closed_walk(network: WalkingMap, nodes: Sequence[int]) -> float:
    path = [0, *nodes, 0] if nodes else []
    return float(sum(network.walk[a, b] for a, b in zip(path, path[1:], strict=False)))


def _seconds_between(start: time, moment: time) -> int:
    return (moment.hour * 3600 + moment.minute * 60 + moment.second) - (
        start.hour * 3600 + start.minute * 60 + start.second
    )


def _clock(planning: PlanningInput, seconds: float) -> time:
    """The time of day `seconds` after the start of the window, to the minute."""
    moment = datetime.combine(planning.day, planning.starts_at) + timedelta(seconds=seconds)
    return (moment + timedelta(seconds=30)).replace(second=0, microsecond=0).time()

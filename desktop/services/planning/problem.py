"""From a night's planning input to the routing problem a solver adapter takes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from desktop.services.planning.geometry import visit_seconds
from desktop.services.planning.model import PlanningInput
from desktop.services.planning.network import walking_map
from desktop.services.planning.schedule import hint_window
from desktop.services.planning.solvers.base import PRIZE_PER_SERVICE, RoutingProblem


def routing_problem(
    planning: PlanningInput,
    household_ids: Sequence[int],
    locks: Mapping[int, int] | None = None,
    route_limit: int | None = None,
) -> tuple[RoutingProblem, list[int]]:
    """The problem over these households, and for each problem node its walking-map node.

    `locks` maps a household to the index of the team (in planning.teams) that must
    visit it; `route_limit` caps every team's walk (default: the whole window).
    """
    network = walking_map(planning)
    map_nodes = [0, *(network.node(household_id) for household_id in household_ids)]
    index = np.asarray(map_nodes)
    horizon = round(planning.window_minutes * 60)
    helpers = [team.helpers for team in planning.teams]
    service = np.zeros((len(helpers), len(map_nodes)), dtype=np.int64)
    prize = np.zeros(len(map_nodes), dtype=np.int64)
    hints: dict[int, tuple[int, int]] = {}
    for node, map_node in enumerate(map_nodes[1:], start=1):
        candidate = planning.candidates[map_node - 1]
        for team, team_helpers in enumerate(helpers):
            service[team, node] = visit_seconds(
                candidate.services_per_resident, team_helpers, planning.settings
            )
        prize[node] = candidate.worth * PRIZE_PER_SERVICE
        window = hint_window(candidate, planning)
        if window is not None:
            hints[node] = window
    position = {household_id: node for node, household_id in enumerate(household_ids, start=1)}
    problem = RoutingProblem(
        distance=np.rint(network.walk[np.ix_(index, index)]).astype(np.int64),
        duration=np.rint(network.seconds[np.ix_(index, index)]).astype(np.int64),
        service=service,
        prize=prize,
        vehicles=len(planning.teams),
        horizon=horizon,
        route_limit=min(horizon, route_limit or horizon),
        hints=hints,
        locks={position[household]: team for household, team in (locks or {}).items()},
    )
    return problem, map_nodes

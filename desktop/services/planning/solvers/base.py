"""The routing problem a solver adapter receives, and the solution it gives back.

Node 0 is the meeting point; nodes 1…n are households. Every household is optional
and worth its prize; the time at a household depends on the team (how many help at
once); a team's walk starts and ends at the meeting point and lasts at
most `route_limit` seconds. The objective, for every adapter alike: walk as few
metres as possible plus the prizes of the households left out, so with prizes far
above any walk the plan first serves the most services, then walks the least.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

# Metres of walking one service is worth: far more than any detour inside a ward, so
# serving one more service always beats walking less.
PRIZE_PER_SERVICE = 10_000
# What honouring a revisit's time hint is worth, in metres: a soft preference.
HINT_BONUS = 3_000


@dataclass(frozen=True)
class RoutingProblem:
    """A prize-collecting team orienteering problem with soft time hints and locks."""

    distance: np.ndarray  # int metres walked between nodes, (n+1) × (n+1)
    duration: np.ndarray  # int seconds walking between nodes, (n+1) × (n+1)
    # int seconds each team spends at each node, teams × (n+1) (0 at the meeting
    # point): a bigger team helps more residents at once
    service: np.ndarray
    prize: np.ndarray  # int worth of visiting each node (0 at the meeting point)
    vehicles: int  # teams
    horizon: int  # seconds from the start of the window to its end
    route_limit: int  # longest walk of one team, in seconds (≤ horizon)
    hints: dict[int, tuple[int, int]] = field(default_factory=dict)  # node → soft window
    locks: dict[int, int] = field(default_factory=dict)  # node → team that must visit it

    @property
    def nodes(self) -> int:
        return len(self.prize)


@dataclass(frozen=True)
class RoutingSolution:
    """Per team, the nodes it visits in order (the meeting point left out)."""

    routes: list[list[int]]
    solver: str
    seconds: float


class RoutingSolver(Protocol):
    """A vehicle-routing library behind one call."""

    name: str

    def solve(self, problem: RoutingProblem, time_limit: float, seed: int = 1) -> RoutingSolution:
        """Solve within `time_limit` seconds; every lock honoured, every route in its limit."""
        ...


def objective(problem: RoutingProblem, routes: list[list[int]]) -> int:
    """Metres walked plus the prizes left out: lower is better, for any adapter."""
    visited = {node for route in routes for node in route}
    walked = 0
    for route in routes:
        path = [0, *route, 0]
        walked += int(sum(problem.distance[a, b] for a, b in zip(path, path[1:], strict=False)))
    missed = int(
        sum(problem.prize[node] for node in range(1, problem.nodes) if node not in visited)
    )
    return walked + missed

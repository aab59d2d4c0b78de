"""The walking map of a night: every candidate's position and the walks between them.

Node 0 is the meeting point, node i the i-th candidate. Positions are metres east
and north of the meeting point: from coordinates, from the street's neighbours for
households without coordinates, or from the schematic street map for households
whose street has no located house at all. Those last are reached from the rest
through the meeting point plus an approach walk, as nobody knows where they are.
Built once per PlanningInput and cached on it: the GUI recounts a route after every
drag without rebuilding 2,000 × 2,000 distances. A whole city's candidates get their
distances pair by pair instead (PairwiseWalks), so memory stays small at any size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from desktop.services.planning.geometry import to_metres, walking_metres, walking_seconds
from desktop.services.planning.model import PlanningInput
from desktop.services.planning.street_order import AddressPoint, schematic_positions

# Walk assumed from the meeting point to a street nothing locates, in straight metres.
DEFAULT_APPROACH_M = 400.0


# Up to this many nodes the three matrices are built whole (2,501² floats are 50 MB
# each) and read at numpy's speed; a bigger map (a whole city planned at once: 57,433
# candidates made a 26 GB matrix) computes the pairs asked for, as the solver only
# ever sees the shortlist (desktop.services.planning.engine).
DENSE_NODES = 2_501


class PairwiseWalks:
    """Straight-line, walked or timed distances between nodes, computed when asked.

    Indexed like the n × n matrix it stands for: `walks[i, j]`, `walks[0, nodes]`,
    `walks[np.ix_(rows, columns)]`. Placed nodes (and the meeting point, node 0) are as
    far apart as their positions; the unplaced ones lie on the schematic street map,
    reached from the rest through the meeting point plus `approach` metres.
    """

    def __init__(
        self,
        points: np.ndarray,
        unplaced: np.ndarray,
        approach: float,
        scale: Callable[[np.ndarray], np.ndarray],
    ) -> None:
        self._x = np.ascontiguousarray(points[:, 0])
        self._y = np.ascontiguousarray(points[:, 1])
        self._unplaced = unplaced
        self._any_unplaced = bool(unplaced.any())
        self._from_meeting = np.hypot(self._x - self._x[0], self._y - self._y[0])
        self._approach = approach
        self._scale = scale
        self.shape = (len(points), len(points))

    def __getitem__(self, key: tuple) -> np.ndarray | float:
        rows, columns = (np.asarray(index) for index in key)
        straight = np.hypot(self._x[rows] - self._x[columns], self._y[rows] - self._y[columns])
        if self._any_unplaced:
            row_unplaced, column_unplaced = self._unplaced[rows], self._unplaced[columns]
            via_meeting = (
                np.where(row_unplaced, self._from_meeting[columns], self._from_meeting[rows])
                + self._approach
            )
            straight = np.where(row_unplaced != column_unplaced, via_meeting, straight)
        result = self._scale(straight)
        return float(result) if np.ndim(result) == 0 else result


Distances = np.ndarray | PairwiseWalks


@dataclass(frozen=True)
class WalkingMap:
    """Positions and walks between the meeting point (node 0) and the candidates."""

    household_ids: tuple[int, ...]  # node i + 1 is household_ids[i]
    points: np.ndarray  # (n + 1, 2) metres east, north (schematic for unplaced ones)
    placed: np.ndarray  # (n + 1,) bool: the position comes from coordinates
    straight: Distances  # (n + 1, n + 1) straight-line metres
    walk: Distances  # metres walked: straight × detour factor
    seconds: Distances  # seconds walked

    def node(self, household_id: int) -> int:
        return self._nodes()[household_id]

    def _nodes(self) -> dict[int, int]:
        cached = self.__dict__.get("_node_of")
        if cached is None:
            cached = {household: index + 1 for index, household in enumerate(self.household_ids)}
            object.__setattr__(self, "_node_of", cached)
        return cached


def walking_map(planning: PlanningInput) -> WalkingMap:
    """The planning input's walking map, built on first use and kept with it."""
    cached = planning.__dict__.get("_walking_map")
    if cached is None:
        cached = build_walking_map(planning)
        object.__setattr__(planning, "_walking_map", cached)
    return cached


def build_walking_map(planning: PlanningInput, dense_nodes: int = DENSE_NODES) -> WalkingMap:
    """Positions and distances for the meeting point and every candidate: whole matrices
    up to `dense_nodes` nodes, computed pair by pair beyond."""
    candidates = planning.candidates
    count = len(candidates) + 1
    points = np.zeros((count, 2))
    placed = np.zeros(count, dtype=bool)
    placed[0] = planning.meeting_point is not None
    lat_lon: dict[int, tuple[float, float]] = {}
    for index, candidate in enumerate(candidates, start=1):
        if candidate.has_coordinates:
            lat_lon[index] = (candidate.lat, candidate.lon)
        elif candidate.household_id in planning.estimated_positions:
            lat_lon[index] = planning.estimated_positions[candidate.household_id]
    origin = planning.meeting_point or _centre(list(lat_lon.values()))
    if origin is not None and lat_lon:
        indices = list(lat_lon)
        points[indices] = to_metres([lat_lon[index] for index in indices], origin)
        placed[indices] = True
        placed[0] = True
    unplaced = np.zeros(count, dtype=bool)
    unplaced[1:] = ~placed[1:]
    approach = _approach_metres(points, placed)
    if unplaced.any():
        _lay_out_unplaced(planning, points, placed, np.flatnonzero(unplaced))
    settings = planning.settings

    def walked(straight: np.ndarray) -> np.ndarray:
        return walking_metres(straight, settings)

    def timed(straight: np.ndarray) -> np.ndarray:
        return walking_seconds(walking_metres(straight, settings), settings)

    straight: Distances = PairwiseWalks(points, unplaced, approach, np.asarray)
    walk: Distances = PairwiseWalks(points, unplaced, approach, walked)
    seconds: Distances = PairwiseWalks(points, unplaced, approach, timed)
    if count <= dense_nodes:
        every = np.ix_(np.arange(count), np.arange(count))
        straight = straight[every]
        walk, seconds = walking_metres(straight, settings), timed(straight)
    return WalkingMap(
        household_ids=tuple(candidate.household_id for candidate in candidates),
        points=points,
        placed=placed,
        straight=straight,
        walk=walk,
        seconds=seconds,
    )


def _centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    if not points:
        return None
    array = np.asarray(points)
    return (float(array[:, 0].mean()), float(array[:, 1].mean()))


def _approach_metres(points: np.ndarray, placed: np.ndarray) -> float:
    """The walk assumed from the meeting point to a street nothing locates: the median
    of the walks to the located households, else DEFAULT_APPROACH_M."""
    located = np.flatnonzero(placed[1:]) + 1
    if not len(located):
        return DEFAULT_APPROACH_M
    metres = np.hypot(*(points[located] - points[0]).T)
    return float(np.median(metres)) or DEFAULT_APPROACH_M


def _lay_out_unplaced(
    planning: PlanningInput, points: np.ndarray, placed: np.ndarray, unplaced: np.ndarray
) -> None:
    """Schematic positions for the unplaced nodes, drawn beside the located ones."""
    candidates = planning.candidates
    schematic = schematic_positions(
        AddressPoint(
            household_id=int(index),
            street=candidates[index - 1].street,
            lane=candidates[index - 1].lane,
            house_number=candidates[index - 1].house_number,
            sort_key=candidates[index - 1].address_sort_key,
        )
        for index in unplaced
    )
    located = placed[1:].any()
    # Draw the schematic streets beside the located ones, so a sketch shows both.
    shift = np.array([points[:, 0].max() + 200.0, 0.0]) if located else np.zeros(2)
    for index in unplaced:
        points[index] = np.asarray(schematic[int(index)]) + shift

"""The walking map of a night: every candidate's position and the walks between them.

Node 0 is the meeting point, node i the i-th candidate. Positions are metres east
and north of the meeting point: from coordinates, from the street's neighbours for
households without coordinates, or from the schematic street map for households
whose street has no located house at all. Those last are reached from the rest
through the meeting point plus an approach walk, as nobody knows where they are.
Built once per PlanningInput and cached on it: the GUI recounts a route after every
drag without rebuilding 2,000 × 2,000 distances.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desktop.services.planning.geometry import (
    straight_line_matrix,
    to_metres,
    walking_metres,
    walking_seconds,
)
from desktop.services.planning.model import PlanningInput
from desktop.services.planning.street_order import AddressPoint, schematic_positions

# Walk assumed from the meeting point to a street nothing locates, in straight metres.
DEFAULT_APPROACH_M = 400.0


@dataclass(frozen=True)
class WalkingMap:
    """Positions and walks between the meeting point (node 0) and the candidates."""

    household_ids: tuple[int, ...]  # node i + 1 is household_ids[i]
    points: np.ndarray  # (n + 1, 2) metres east, north (schematic for unplaced ones)
    placed: np.ndarray  # (n + 1,) bool: the position comes from coordinates
    straight: np.ndarray  # (n + 1, n + 1) straight-line metres
    walk: np.ndarray  # metres walked: straight × detour factor
    seconds: np.ndarray  # seconds walked

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


def build_walking_map(planning: PlanningInput) -> WalkingMap:
    """Positions and distance matrices for the meeting point and every candidate."""
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
    unplaced = [index for index in range(1, count) if not placed[index]]
    straight = straight_line_matrix(points)
    if unplaced:
        _lay_out_unplaced(planning, points, placed, straight, unplaced)
    walk = walking_metres(straight, planning.settings)
    return WalkingMap(
        household_ids=tuple(candidate.household_id for candidate in candidates),
        points=points,
        placed=placed,
        straight=straight,
        walk=walk,
        seconds=walking_seconds(walk, planning.settings),
    )


def _centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    if not points:
        return None
    array = np.asarray(points)
    return (float(array[:, 0].mean()), float(array[:, 1].mean()))


def _lay_out_unplaced(
    planning: PlanningInput,
    points: np.ndarray,
    placed: np.ndarray,
    straight: np.ndarray,
    unplaced: list[int],
) -> None:
    """Schematic positions for the unplaced nodes, reached via the meeting point."""
    candidates = planning.candidates
    schematic = schematic_positions(
        AddressPoint(
            household_id=index,
            street=candidates[index - 1].street,
            lane=candidates[index - 1].lane,
            house_number=candidates[index - 1].house_number,
            sort_key=candidates[index - 1].address_sort_key,
        )
        for index in unplaced
    )
    located = [index for index in range(1, len(points)) if placed[index]]
    approach = (
        float(np.median(straight[0, located])) if located else DEFAULT_APPROACH_M
    ) or DEFAULT_APPROACH_M
    # Draw the schematic streets beside the located ones, so a sketch shows both.
    shift = np.array([points[:, 0].max() + 200.0, 0.0]) if located else np.zeros(2)
    for index in unplaced:
        points[index] = np.asarray(schematic[index]) + shift
    block = np.asarray(unplaced)
    straight[np.ix_(block, block)] = straight_line_matrix(points[block])
    from_meeting = np.full(len(block), approach)
    straight[0, block] = from_meeting
    straight[block, 0] = from_meeting
    if located:
        others = np.asarray(located)
        via_meeting = straight[0, others][:, None] + approach
        straight[np.ix_(others, block)] = via_meeting
        straight[np.ix_(block, others)] = via_meeting.T

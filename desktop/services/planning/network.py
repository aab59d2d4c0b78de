"""The walking map of a night: every candidate's position and the walks between them.

Node 0 is the meeting point, node i the i-th candidate. Positions are metres east
and north of the meeting point: from coordinates, from the street's neighbours for
households without coordinates, or from the schematic street map for households
whose street has no located house at all. Those last are reached from the rest
through the meeting point plus an approach walk, as nobody knows where they are.
Built once per PlanningInput and cached on it: the GUI recounts a route after every
drag without rebuilding 2,000 × 2,000 distances. A whole city's candidates get their
distances pair by pair instead (PairwiseWalks), so memory stays small at any size.

With a loaded map the walks are along its streets (StreetWalks): each placed house and
the meeting point are snapped onto their nearest street and the walk between two of
them is the shortest path over the walkable network (desktop.domain.street_network),
worked out by rows for the nodes asked for, never as a whole city's matrix. `straight`
stays the straight line (same-spot checks, drawing); `walk` and `seconds` are along
the streets. Without a map, walks are straight lines times the detour factor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from desktop.domain.street_network import StreetNetwork
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

# Closer than this, two households are at one spot (engine: stops in address order).
SAME_SPOT_M = 0.5


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


class StreetWalks:
    """Metres (or seconds, through `scale`) walked along the streets between nodes,
    computed a row at a time and kept while the memory budget allows.

    Indexed like PairwiseWalks. Nodes at one spot (households estimated from one
    neighbour) are no walk apart; unplaced
    nodes are reached through the meeting point plus the approach walk, as without a map.
    """

    # Rows kept at most: this many floats (256 MB); a ward's 2,001² fits whole.
    ROW_BUDGET = 32_000_000
    # Rows are worked out and read this many floats (32 MB) at a time: the solver's
    # 301 × 301 shortlist of a 57,000-household city asked for 301 whole rows at once,
    # and their copies and temporaries took the plan to 1.1 GB.
    SLICE_CELLS = 4_000_000

    def __init__(self, rows: _StreetRows, scale: float = 1.0) -> None:
        self._rows = rows
        self._scale = scale
        self.shape = (rows.size, rows.size)

    def scaled(self, scale: float) -> StreetWalks:
        return StreetWalks(self._rows, self._scale * scale)

    def __getitem__(self, key: tuple) -> np.ndarray | float:
        rows, columns = np.broadcast_arrays(*(np.asarray(index) for index in key))
        if not rows.size:
            return np.zeros(rows.shape)
        # Walks are symmetric: work out whichever side asks for fewer rows.
        if len(np.unique(columns)) < len(np.unique(rows)):
            rows, columns = columns, rows
        wanted = np.unique(rows)
        position = np.searchsorted(wanted, rows)
        result = np.empty(rows.shape)
        step = max(1, StreetWalks.SLICE_CELLS // max(1, self._rows.size))
        for start in range(0, len(wanted), step):
            block = self._rows.block(wanted[start : start + step])
            here = (position >= start) & (position < start + len(block))
            result[here] = block[position[here] - start, columns[here]]
        result *= self._scale
        return float(result) if np.ndim(result) == 0 else result


class _StreetRows:
    """The cache of rows behind StreetWalks: metres from a node to every node."""

    def __init__(
        self,
        network: StreetNetwork,
        straight: PairwiseWalks,
        unplaced: np.ndarray,
        approach_walk: float,
        detour: float,
    ) -> None:
        self.network = network
        self.size = network.size
        self._straight = straight
        self._unplaced = unplaced
        self._approach_walk = approach_walk
        self._detour = detour
        self._cache: dict[int, np.ndarray] = {}

    def block(self, wanted: np.ndarray) -> np.ndarray:
        """(len(wanted), n) metres from each wanted node to every node."""
        missing = [int(node) for node in wanted if int(node) not in self._cache]
        fresh = dict(zip(missing, self._compute(missing), strict=True)) if missing else {}
        block = np.vstack([fresh.get(int(node), self._cache.get(int(node))) for node in wanted])
        budget = max(1, StreetWalks.ROW_BUDGET // max(1, self.size))
        for node, row in fresh.items():
            while len(self._cache) >= budget:
                self._cache.pop(next(iter(self._cache)))
            self._cache[node] = row
        return block

    def _compute(self, nodes: list[int]) -> np.ndarray:
        nodes_array = np.asarray(nodes, dtype=np.int64)
        placed_sources = nodes_array[~self._unplaced[nodes_array]]
        rows = np.empty((len(nodes), self.size))
        if len(placed_sources):
            along = self.network.rows(placed_sources)
            rows[~self._unplaced[nodes_array]] = along
        if self._unplaced[nodes_array].any():
            from_meeting = self.block(np.asarray([0]))[0]
            rows[self._unplaced[nodes_array]] = from_meeting + self._approach_walk
        everyone = np.arange(self.size)
        straight = self._straight[nodes_array[:, None], everyone[None, :]] * self._detour
        # To an unplaced node: through the meeting point, or on the schematic map
        # between two unplaced ones (PairwiseWalks already says which).
        to_unplaced = np.broadcast_to(self._unplaced, rows.shape)
        via_meeting = np.where(
            self._unplaced[nodes_array][:, None], straight, rows[:, [0]] + self._approach_walk
        )
        rows = np.where(to_unplaced, via_meeting, rows)
        # Households put on one spot (estimated from one neighbour) are one stop apart.
        rows = np.where(straight < SAME_SPOT_M * self._detour, 0.0, rows)
        rows = np.where(np.isfinite(rows), rows, straight)  # off the network: straight
        rows[np.arange(len(nodes)), nodes_array] = 0.0
        return rows


Distances = np.ndarray | PairwiseWalks | StreetWalks


# A leg drawn along the streets is looked for first within this many times the straight
# line plus this many metres.
LEG_SEARCH_FACTOR, LEG_SEARCH_M = 2.0, 300.0


@dataclass(frozen=True)
class WalkingMap:
    """Positions and walks between the meeting point (node 0) and the candidates."""

    household_ids: tuple[int, ...]  # node i + 1 is household_ids[i]
    points: np.ndarray  # (n + 1, 2) metres east, north (schematic for unplaced ones)
    placed: np.ndarray  # (n + 1,) bool: the position comes from coordinates
    straight: Distances  # (n + 1, n + 1) straight-line metres
    walk: Distances  # metres walked: along the streets, else straight × detour factor
    seconds: Distances  # seconds walked
    streets: StreetNetwork | None = None  # the snapped street network, with a map

    def leg(self, here: int, there: int) -> np.ndarray:
        """(k, 2) metres: the walk from one node to another as drawn, along the streets
        with a map (house → its street → … → the other house), else the straight line.

        The walk is looked for first within a few times the straight line (one
        whole-map search per leg took 3 ms on a 5,400-way ward, 8 ms on a city's), and
        over the whole map only when it is longer."""
        ends = self.points[[here, there]]
        if self.streets is None or here == there:
            return ends
        near = LEG_SEARCH_FACTOR * float(np.hypot(*(ends[1] - ends[0]))) + LEG_SEARCH_M
        along = self.streets.path(here, there, limit=near)
        if not len(along):
            along = self.streets.path(here, there)
        if not len(along):
            return ends
        return np.vstack([ends[:1], along, ends[1:]])

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
    streets = None
    if planning.streets and placed.any() and origin is not None:
        streets = StreetNetwork(
            [(way.node_ids, to_metres(way.lat_lon, origin))
             for way in planning.streets],
            points,
            placed,
        )  # fmt: skip
        rows = _StreetRows(
            streets,
            PairwiseWalks(points, unplaced, approach, np.asarray),
            unplaced,
            float(walking_metres(approach, settings)),
            settings.detour_factor,
        )
        walk = StreetWalks(rows)
        seconds = walk.scaled(float(walking_seconds(1.0, settings)))
    if count <= dense_nodes:
        every = np.ix_(np.arange(count), np.arange(count))
        straight = straight[every]
        if streets is None:
            walk, seconds = walking_metres(straight, settings), timed(straight)
    return WalkingMap(
        household_ids=tuple(candidate.household_id for candidate in candidates),
        points=points,
        placed=placed,
        straight=straight,
        walk=walk,
        seconds=seconds,
        streets=streets,
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

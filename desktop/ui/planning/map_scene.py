"""What the planning map draws, as plain data in metres: points, routes, streets, markers.

Built from the planning input, the current plan and the ward's located households,
with the walking map's positions (metres east and north of the meeting point), so the
map shows the households exactly where the planner put them: from coordinates, next
to their street's neighbours (estimated), or on the schematic street plan drawn beside
the ward for streets nothing locates.

With a loaded map the scene also holds its streets and each route's legs along them,
as the walking map walks them. Both are kept with the map's ways (which every planning
input of the evening shares, also the one made after a household is moved by hand):
the streets are turned into metres once, and a leg is looked up by its two ends, so
redrawing after an edit works out only the legs that changed. Without a map, legs are
straight lines and street names are written along their households.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from desktop.services.planning import NightPlan, PlanningInput
from desktop.services.planning.geometry import to_metres
from desktop.services.planning.network import WalkingMap, walking_map
from desktop.services.planning.ward_map import MapHousehold, MapStreets, map_streets

LOCATED, ESTIMATED, SCHEMATIC = "located", "estimated", "schematic"
# How much of the scene is a diagram rather than a map: none of it, the households no
# position places (drawn beside the others), or all of it (no household has one).
DIAGRAM_NONE, DIAGRAM_PART, DIAGRAM_ALL = "", "part", "all"
# A street gets a label once this many of its households are on the map.
_LABELLED_STREET_MIN = 3
# The diagram of households no position places starts this far east of the map's streets.
_DIAGRAM_GAP_M = 200.0

LatLon = tuple[float, float]
Point = tuple[float, float]


@dataclass(frozen=True, eq=False)
class StreetLabel:
    """A street's name, to be written along its households (those on screen)."""

    name: str
    points: np.ndarray  # (n, 2) the street's households
    direction: tuple[float, float]  # unit vector along the street
    angle: float  # degrees counter-clockwise from east, in (-90, 90]

    @property
    def households(self) -> int:
        return len(self.points)


@dataclass(frozen=True, eq=False)
class MapRoute:
    """A team's walk: meeting point, the stops in order, meeting point."""

    team_index: int
    team_id: int
    household_ids: tuple[int, ...]
    points: tuple[Point, ...]  # includes the meeting point at both ends
    # (k, 2) metres each: the walk from points[i] to points[i + 1], along the streets
    # with a map, else the straight line.
    legs: tuple[np.ndarray, ...]

    def walk(self) -> np.ndarray:
        """(k, 2) the walk from the first stop to the last: along its legs, or straight
        from stop to stop when it has none."""
        if len(self.legs) > 2:
            return _joined(self.legs[1:-1])
        return np.asarray(self.points[1:-1], dtype=float).reshape(-1, 2)


@dataclass
class MapScene:
    """Everything the canvas paints, in metres east (x) and north (y)."""

    household_ids: np.ndarray  # (n,) candidates
    xy: np.ndarray  # (n, 2)
    kinds: tuple[str, ...]  # LOCATED, ESTIMATED or SCHEMATIC per candidate
    worth: np.ndarray  # (n,) services pending
    team_index: np.ndarray  # (n,) index of the team in planning.teams, -1 unassigned
    stop_number: np.ndarray  # (n,) 1-based on its route, 0 unassigned
    locked: np.ndarray  # (n,) bool
    routes: tuple[MapRoute, ...]
    background: np.ndarray  # (m, 2) located households that are not candidates
    streets: tuple[StreetLabel, ...]
    meeting: Point
    meeting_label: str
    station: Point | None  # the ward police station, when it is not the meeting point
    station_label: str
    team_names: tuple[str, ...]
    index_of: dict[int, int] = field(default_factory=dict)  # household id → row
    schematic: str = DIAGRAM_NONE  # DIAGRAM_PART or DIAGRAM_ALL: say it is a diagram
    # Per candidate: a position `map locate` worked out that no officer has confirmed.
    unconfirmed: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    background_unconfirmed: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    map_streets: MapStreets | None = None  # the loaded map's streets, None without a map

    def bounds(self, routes_only: bool = False) -> tuple[float, float, float, float]:
        """(min x, min y, max x, max y) of the routes and the meeting point (`routes_only`,
        when any team has a stop), else of every candidate, the meeting point and station."""
        parts = [np.asarray([self.meeting])]
        stops = [point for route in self.routes for point in route.points]
        if routes_only and len(stops) > 2 * len(self.routes):
            parts.append(np.asarray(stops))
            parts += [leg for route in self.routes for leg in route.legs]
        else:
            parts.append(self.xy)
            if self.station is not None:
                parts.append(np.asarray([self.station]))
        every = np.vstack([part for part in parts if len(part)])
        low, high = every.min(axis=0), every.max(axis=0)
        return float(low[0]), float(low[1]), float(high[0]), float(high[1])


def build_map_scene(
    planning: PlanningInput,
    plan: NightPlan,
    ward_points: Sequence[MapHousehold] = (),
    station: LatLon | None = None,
    station_label: str = "",
) -> MapScene:
    """The scene of the plan: candidates where the walking map puts them, routes along
    the streets (with a map), labels, and which positions are unconfirmed estimates."""
    network = walking_map(planning)
    xy = np.array(network.points[1:], dtype=float).reshape(-1, 2)  # a copy: shifted below
    ids = np.asarray(network.household_ids, dtype=np.int64)
    kinds = tuple(
        _kind(planning, index, bool(network.placed[index + 1])) for index in range(len(ids))
    )
    index_of = {int(household_id): row for row, household_id in enumerate(ids)}
    drawing = _drawing(planning)
    streets = drawing.streets if drawing is not None else None
    if streets is not None:
        _clear_of_the_map(xy, kinds, streets)
    team_index = np.full(len(ids), -1, dtype=np.int64)
    stop_number = np.zeros(len(ids), dtype=np.int64)
    team_position = {team.team_id: index for index, team in enumerate(planning.teams)}
    meeting = (0.0, 0.0)  # node 0 of the walking map
    legs = _Legs(network, xy, kinds, drawing.legs if drawing is not None else {})
    routes = []
    for route in plan.routes:
        position = team_position[route.team_id]
        path: list[Point] = [meeting]
        for number, household_id in enumerate(route.household_ids, start=1):
            row = index_of[household_id]
            team_index[row] = position
            stop_number[row] = number
            path.append((float(xy[row, 0]), float(xy[row, 1])))
        path.append(meeting)
        nodes = [0, *(index_of[household_id] + 1 for household_id in route.household_ids), 0]
        walked = tuple(legs(here, there) for here, there in zip(nodes, nodes[1:], strict=False))
        routes.append(
            MapRoute(position, route.team_id, tuple(route.household_ids), tuple(path), walked)
        )
    locked = np.asarray([int(household_id) in plan.locks for household_id in ids], dtype=bool)
    background, background_unconfirmed = _background(planning, ward_points, index_of)
    station_xy = _station(planning, station)
    return MapScene(
        household_ids=ids,
        xy=xy,
        kinds=kinds,
        worth=np.asarray([candidate.worth for candidate in planning.candidates], dtype=np.int64),
        team_index=team_index,
        stop_number=stop_number,
        locked=locked,
        routes=tuple(routes),
        background=background,
        streets=(
            ()
            if streets is not None
            else _street_labels(planning, xy, ward_points, background, index_of)
        ),
        meeting=meeting,
        meeting_label=planning.meeting_label,
        station=station_xy,
        station_label=station_label,
        team_names=tuple(team.name for team in planning.teams),
        index_of=index_of,
        schematic=_diagram(kinds, background),
        unconfirmed=_unconfirmed(ids, kinds, ward_points),
        background_unconfirmed=background_unconfirmed,
        map_streets=streets,
    )


@dataclass(frozen=True, eq=False)
class _MapDrawing:
    """The map's streets in metres around a meeting point, and the legs walked so far
    over them (by their ends), for the planning inputs that share the map's ways."""

    ways: tuple  # the planning input's `streets`, held so that its id stays its own
    origin: tuple[float, float]
    streets: MapStreets
    legs: dict[tuple[float, ...], np.ndarray] = field(default_factory=dict)


_DRAWINGS: list[_MapDrawing] = []  # the latest first; two at most
_LEGS_KEPT = 20_000


def _drawing(planning: PlanningInput) -> _MapDrawing | None:
    """The drawing of the planning input's map (None without a map or meeting point)."""
    origin = planning.meeting_point  # the walking map's origin
    if not planning.streets or origin is None:
        return None
    for drawing in _DRAWINGS:
        if drawing.ways is planning.streets and drawing.origin == origin:
            if len(drawing.legs) > _LEGS_KEPT:
                drawing.legs.clear()
            return drawing
    drawing = _MapDrawing(planning.streets, origin, map_streets(planning.streets, origin))
    _DRAWINGS[:] = [drawing, *_DRAWINGS[:1]]
    return drawing


def _clear_of_the_map(xy: np.ndarray, kinds: tuple[str, ...], streets: MapStreets) -> None:
    """Move the diagram of households no position places east of the map's streets, so
    it never lies over real streets."""
    schematic = np.asarray([kind == SCHEMATIC for kind in kinds], dtype=bool)
    bounds = streets.bounds()
    if not schematic.any() or bounds is None:
        return
    shift = bounds[2] + _DIAGRAM_GAP_M - float(xy[schematic, 0].min())
    if shift > 0:
        xy[schematic, 0] += shift


class _Legs:
    """The walk between two nodes as drawn: along the streets between placed nodes
    (looked up in `known` by its two ends), a straight line to or from the diagram."""

    def __init__(
        self,
        network: WalkingMap,
        xy: np.ndarray,
        kinds: tuple[str, ...],
        known: dict[tuple[float, ...], np.ndarray],
    ) -> None:
        self.network = network
        self.xy = xy
        self.kinds = kinds
        self.known = known

    def __call__(self, here: int, there: int) -> np.ndarray:
        ends = np.vstack([self._point(here), self._point(there)])
        if self._schematic(here) or self._schematic(there) or self.network.streets is None:
            return ends
        key = tuple(np.round(ends, 3).ravel().tolist())
        leg = self.known.get(key)
        if leg is None:
            back = self.known.get((*key[2:], *key[:2]))
            leg = back[::-1] if back is not None else self.network.leg(here, there)
            self.known[key] = leg
        return leg

    def _schematic(self, node: int) -> bool:
        return node > 0 and self.kinds[node - 1] == SCHEMATIC

    def _point(self, node: int) -> np.ndarray:
        return np.zeros(2) if node == 0 else self.xy[node - 1]


def _joined(legs: Sequence[np.ndarray]) -> np.ndarray:
    """Legs end to end as one line (each leg starts where the one before ends)."""
    pieces = [legs[0], *(leg[1:] for leg in legs[1:])]
    return np.vstack(pieces)


def _unconfirmed(
    ids: np.ndarray, kinds: tuple[str, ...], ward_points: Sequence[MapHousehold]
) -> np.ndarray:
    """Per candidate: placed from coordinates that `map locate` estimated."""
    estimated = {point.household_id for point in ward_points if point.estimated}
    return np.asarray(
        [
            kind == LOCATED and int(household_id) in estimated
            for household_id, kind in zip(ids, kinds, strict=True)
        ],
        dtype=bool,
    )


def _diagram(kinds: tuple[str, ...], background: np.ndarray) -> str:
    if SCHEMATIC not in kinds:
        return DIAGRAM_NONE
    if all(kind == SCHEMATIC for kind in kinds) and not len(background):
        return DIAGRAM_ALL
    return DIAGRAM_PART


def _kind(planning: PlanningInput, index: int, placed: bool) -> str:
    candidate = planning.candidates[index]
    if candidate.has_coordinates:
        return LOCATED
    return ESTIMATED if placed else SCHEMATIC


def _background(
    planning: PlanningInput, ward_points: Sequence[MapHousehold], index_of: dict[int, int]
) -> tuple[np.ndarray, np.ndarray]:
    """The ward's other located households, in the walking map's metres, and which of
    them `map locate` placed (unconfirmed)."""
    origin = planning.meeting_point  # the walking map's origin
    others = [point for point in ward_points if point.household_id not in index_of]
    if origin is None or not others:
        return np.zeros((0, 2)), np.zeros(0, dtype=bool)
    metres = to_metres([(point.lat, point.lon) for point in others], origin)
    return metres, np.asarray([point.estimated for point in others], dtype=bool)


def _station(planning: PlanningInput, station: LatLon | None) -> Point | None:
    """The station in metres, unless it is the meeting point (drawn as such)."""
    origin = planning.meeting_point  # the walking map's origin
    if station is None or origin is None:
        return None
    x, y = to_metres([station], origin)[0]
    if math.hypot(x, y) < 1.0:
        return None
    return (float(x), float(y))


def _street_labels(
    planning: PlanningInput,
    xy: np.ndarray,
    ward_points: Sequence[MapHousehold],
    background: np.ndarray,
    index_of: dict[int, int],
) -> tuple[StreetLabel, ...]:
    """One label per street with enough households, the largest streets first."""
    by_street: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row, candidate in enumerate(planning.candidates):
        if candidate.street:
            by_street[candidate.street].append((float(xy[row, 0]), float(xy[row, 1])))
    others = [point for point in ward_points if point.household_id not in index_of]
    for point, (x, y) in zip(others, background, strict=False):
        if point.street:
            by_street[point.street].append((float(x), float(y)))
    labels = [
        _label(name, np.asarray(points))
        for name, points in by_street.items()
        if len(points) >= _LABELLED_STREET_MIN
    ]
    labels.sort(key=lambda label: -label.households)
    return tuple(labels)


def _label(name: str, points: np.ndarray) -> StreetLabel:
    """A street's label: turned along the main direction of its households."""
    spread = points - points.mean(axis=0)
    direction = np.array([1.0, 0.0])
    if len(points) >= 2 and np.any(spread):
        _, _, axes = np.linalg.svd(spread, full_matrices=False)
        direction = axes[0]
    angle = math.degrees(math.atan2(direction[1], direction[0]))
    if angle > 90:
        angle -= 180
    elif angle <= -90:
        angle += 180
    return StreetLabel(name, points, (float(direction[0]), float(direction[1])), angle)

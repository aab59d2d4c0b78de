"""What the planning map draws, as plain data in metres: points, routes, streets, markers.

Built from the planning input, the current plan and the ward's located households,
with the walking map's positions (metres east and north of the meeting point), so the
map shows the households exactly where the planner put them: from coordinates, next
to their street's neighbours (estimated), or on the schematic street plan drawn beside
the ward for streets nothing locates.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from desktop.services.planning import NightPlan, PlanningInput
from desktop.services.planning.geometry import to_metres
from desktop.services.planning.network import walking_map
from desktop.services.planning.ward_map import MapHousehold

LOCATED, ESTIMATED, SCHEMATIC = "located", "estimated", "schematic"
# How much of the scene is a diagram rather than a map: none of it, the households no
# position places (drawn beside the others), or all of it (no household has one).
DIAGRAM_NONE, DIAGRAM_PART, DIAGRAM_ALL = "", "part", "all"
# A street gets a label once this many of its households are on the map.
_LABELLED_STREET_MIN = 3

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


@dataclass(frozen=True)
class MapRoute:
    """A team's walk: meeting point, the stops in order, meeting point."""

    team_index: int
    team_id: int
    household_ids: tuple[int, ...]
    points: tuple[Point, ...]  # includes the meeting point at both ends


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

    def bounds(self, routes_only: bool = False) -> tuple[float, float, float, float]:
        """(min x, min y, max x, max y) of the routes and the meeting point (`routes_only`,
        when any team has a stop), else of every candidate, the meeting point and station."""
        parts = [np.asarray([self.meeting])]
        stops = [point for route in self.routes for point in route.points]
        if routes_only and len(stops) > 2 * len(self.routes):
            parts.append(np.asarray(stops))
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
    """The scene of the plan: candidates where the walking map puts them, routes, labels."""
    network = walking_map(planning)
    xy = np.asarray(network.points[1:], dtype=float).reshape(-1, 2)
    ids = np.asarray(network.household_ids, dtype=np.int64)
    kinds = tuple(
        _kind(planning, index, bool(network.placed[index + 1])) for index in range(len(ids))
    )
    index_of = {int(household_id): row for row, household_id in enumerate(ids)}
    team_index = np.full(len(ids), -1, dtype=np.int64)
    stop_number = np.zeros(len(ids), dtype=np.int64)
    team_position = {team.team_id: index for index, team in enumerate(planning.teams)}
    meeting = (0.0, 0.0)  # node 0 of the walking map
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
        routes.append(MapRoute(position, route.team_id, tuple(route.household_ids), tuple(path)))
    locked = np.asarray([int(household_id) in plan.locks for household_id in ids], dtype=bool)
    background = _background(planning, ward_points, index_of)
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
        streets=_street_labels(planning, xy, ward_points, background, index_of),
        meeting=meeting,
        meeting_label=planning.meeting_label,
        station=station_xy,
        station_label=station_label,
        team_names=tuple(team.name for team in planning.teams),
        index_of=index_of,
        schematic=_diagram(kinds, background),
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
) -> np.ndarray:
    """The ward's other located households, in the walking map's metres."""
    origin = planning.meeting_point  # the walking map's origin
    others = [point for point in ward_points if point.household_id not in index_of]
    if origin is None or not others:
        return np.zeros((0, 2))
    return to_metres([(point.lat, point.lon) for point in others], origin)


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

"""The loaded map's streets for the walk sheets' route maps, in the walking map's metres.

The walking map (network.py) puts the meeting point, the households and the ways in
metres east and north of one origin; the sheets draw the ways in the same metres, so
the streets, the walk along them and the houses line up. All ways are turned into
metres once a night; each team's sheet takes the pieces inside its own area.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from desktop.reports.route_sketch import SketchStreet
from desktop.reports.sketch_layout import Box
from desktop.services.planning.geometry import to_metres
from desktop.services.planning.model import LatLon, PlanningInput


@dataclass(frozen=True)
class StreetLines:
    """Every walkable way of the map as one array of points, in metres."""

    points: np.ndarray  # (n, 2) metres east, north of the walking map's origin
    way: np.ndarray  # (n,) the way each point belongs to
    names: tuple[str | None, ...]  # per way
    major: tuple[bool, ...]  # per way

    def inside(self, area: Box) -> tuple[SketchStreet, ...]:
        """The pieces of the ways that cross `area` (whole segments, so the lines run on
        to the sketch's edge, which cuts them)."""
        if len(self.points) < 2:
            return ()
        start, end = self.points[:-1], self.points[1:]
        x0, y0, x1, y1 = area
        shown = (
            (self.way[:-1] == self.way[1:])
            & (np.maximum(start[:, 0], end[:, 0]) >= x0)
            & (np.minimum(start[:, 0], end[:, 0]) <= x1)
            & (np.maximum(start[:, 1], end[:, 1]) >= y0)
            & (np.minimum(start[:, 1], end[:, 1]) <= y1)
        )
        segments = np.flatnonzero(shown)
        if not len(segments):
            return ()
        # A piece is a run of consecutive shown segments of one way.
        breaks = np.flatnonzero(np.diff(segments) != 1) + 1
        pieces = []
        for run in np.split(segments, breaks):
            way = int(self.way[run[0]])
            points = self.points[run[0] : run[-1] + 2]
            pieces.append(
                SketchStreet(
                    name=self.names[way],
                    points=tuple(map(tuple, np.round(points, 2).tolist())),
                    major=self.major[way],
                )
            )
        return tuple(pieces)


def street_lines(planning: PlanningInput) -> StreetLines | None:
    """The map's ways in the walking map's metres; None without a map or an origin."""
    origin = walking_origin(planning)
    if not planning.streets or origin is None:
        return None
    ways = [way for way in planning.streets if len(way.lat_lon) >= 2]
    if not ways:
        return None
    every = np.vstack([way.lat_lon for way in ways])
    return StreetLines(
        points=to_metres(every, origin),
        way=np.repeat(np.arange(len(ways)), [len(way.lat_lon) for way in ways]),
        names=tuple(way.name for way in ways),
        major=tuple(bool(way.major) for way in ways),
    )


def walking_origin(planning: PlanningInput) -> LatLon | None:
    """The point the walking map measures from (network.build_walking_map): the
    meeting point, else the middle of the households with a position."""
    if planning.meeting_point is not None:
        return planning.meeting_point
    located = [
        (candidate.lat, candidate.lon)
        if candidate.has_coordinates
        else planning.estimated_positions[candidate.household_id]
        for candidate in planning.candidates
        if candidate.has_coordinates or candidate.household_id in planning.estimated_positions
    ]
    if not located:
        return None
    array = np.asarray(located, dtype=float)
    return (float(array[:, 0].mean()), float(array[:, 1].mean()))

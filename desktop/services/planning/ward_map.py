"""What the planning view's map draws behind the night's routes: the ward's located
households and the loaded map's streets.

The planning input holds only the households worth a visit tonight; the map also
draws the others (everyone served, or outside the chosen groups) faintly, so the duty
officer sees the chosen area inside the ward and the streets it lies on. A position
`map locate` worked out is marked estimated until an officer confirms it.

The streets are the planning input's walkable ways, in metres around the walking map's
origin, one flat array for all their points (a ward's thousands of ways are culled and
drawn from it at every repaint), with the lines their names are written along: the
ways of one name joined into chains, so a street cut into many ways gets one label.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Household, ResidentialGroup
from desktop.domain.names import fold
from desktop.domain.polylines import longest_chains
from desktop.domain.positions import ESTIMATED
from desktop.services.planning.geometry import LatLon, to_metres
from desktop.services.planning.streets import StreetWay
from desktop.services.wards import current_ward

# How a way is drawn, widest first: streets, lanes (ngõ, ngách, hẻm, kiệt; service
# roads, tracks), paths and footways, steps.
STREET, LANE, PATH, STEPS = 0, 1, 2, 3
_STREETS = frozenset(
    {"primary", "primary_link", "secondary", "secondary_link", "tertiary", "tertiary_link",
     "trunk", "trunk_link", "residential", "unclassified", "road", "living_street",
     "pedestrian"}
)  # fmt: skip
_LANES = frozenset({"service", "track"})
_LANE_WORDS = frozenset({"ngo", "ngach", "hem", "kiet"})
# Pieces of one street whose ends are this close are one line to write its name along.
_LABEL_JOIN_M = 25.0


@dataclass(frozen=True)
class MapHousehold:
    """A household with coordinates: where it is and on which street."""

    household_id: int
    group_id: int
    lat: float
    lon: float
    street: str | None
    estimated: bool = False  # placed by `map locate`, not yet confirmed by an officer


def located_households(session: Session) -> list[MapHousehold]:
    """Every household of the current ward that has coordinates (none for an empty base)."""
    ward = current_ward(session)
    if ward is None:
        return []
    rows = session.execute(
        select(
            Household.id,
            Household.group_id,
            Household.lat,
            Household.lon,
            Household.street,
            Household.position_source,
        )
        .join(ResidentialGroup, ResidentialGroup.id == Household.group_id)
        .where(
            ResidentialGroup.ward_id == ward.id,
            Household.lat.is_not(None),
            Household.lon.is_not(None),
        )
    ).all()
    return [
        MapHousehold(
            row.id,
            row.group_id,
            row.lat,
            row.lon,
            row.street,
            row.position_source in ESTIMATED,
        )
        for row in rows
    ]


@dataclass(frozen=True, eq=False)
class StreetName:
    """A named street's line to write the name along (metres), and its drawing kind."""

    name: str
    kind: int  # STREET, LANE, PATH or STEPS: the widest of its ways
    points: np.ndarray  # (k, 2)
    length: float  # metres


@dataclass(frozen=True, eq=False)
class MapStreets:
    """The map's walkable ways in metres east and north of an origin, ready to draw.

    Way i's points are `points[starts[i]:starts[i + 1]]`; `boxes[i]` is its
    (min x, min y, max x, max y). `names` holds the lines to write names along, the
    streets first, then the longest.
    """

    kinds: np.ndarray  # (n,) int8: STREET, LANE, PATH or STEPS
    starts: np.ndarray  # (n + 1,) int64
    points: np.ndarray  # (m, 2) float
    boxes: np.ndarray  # (n, 4)
    names: tuple[StreetName, ...]

    def __len__(self) -> int:
        return len(self.kinds)

    def line(self, index: int) -> np.ndarray:
        return self.points[self.starts[index] : self.starts[index + 1]]

    def bounds(self) -> tuple[float, float, float, float] | None:
        """(min x, min y, max x, max y) of every way; None without ways."""
        if not len(self.kinds):
            return None
        low, high = self.boxes[:, :2].min(axis=0), self.boxes[:, 2:].max(axis=0)
        return float(low[0]), float(low[1]), float(high[0]), float(high[1])


def way_kind(highway: str, name: str | None) -> int:
    """How a way is drawn: a street, a lane (also a street-typed way named "Ngõ …"), a
    path or footway, or steps."""
    if highway == "steps":
        return STEPS
    first_word = fold(name or "").split()[:1]
    named_lane = bool(first_word) and first_word[0] in _LANE_WORDS
    if highway in _STREETS:
        return LANE if named_lane and highway not in ("primary", "secondary", "trunk") else STREET
    if highway in _LANES or named_lane:
        return LANE
    return PATH


def map_streets(ways: Sequence[StreetWay], origin: LatLon) -> MapStreets:
    """The ways (the planning input's `streets`) in metres around `origin`, to draw."""
    ways = [way for way in ways if len(way.lat_lon) >= 2]
    counts = np.asarray([len(way.lat_lon) for way in ways], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    if ways:
        points = to_metres(np.vstack([way.lat_lon for way in ways]), origin)
        boxes = np.column_stack(
            [
                np.minimum.reduceat(points[:, 0], starts[:-1]),
                np.minimum.reduceat(points[:, 1], starts[:-1]),
                np.maximum.reduceat(points[:, 0], starts[:-1]),
                np.maximum.reduceat(points[:, 1], starts[:-1]),
            ]
        )
    else:
        points, boxes = np.zeros((0, 2)), np.zeros((0, 4))
    kinds = np.asarray([way_kind(way.highway, way.name) for way in ways], dtype=np.int8)
    return MapStreets(kinds, starts, points, boxes, _names(ways, kinds, points, starts))


def _names(
    ways: Sequence[StreetWay], kinds: np.ndarray, points: np.ndarray, starts: np.ndarray
) -> tuple[StreetName, ...]:
    """The lines to write the streets' names along: each name's ways joined into chains."""
    by_name: dict[str, list[int]] = defaultdict(list)
    for index, way in enumerate(ways):
        if way.name and way.name.strip():
            by_name[" ".join(way.name.split())].append(index)
    names = []
    for name, indices in by_name.items():
        kind = int(kinds[indices].min())
        if len(indices) == 1:  # most lanes: one way, no chain to look for
            line = points[starts[indices[0]] : starts[indices[0] + 1]]
            length = float(np.hypot(*np.diff(line, axis=0).T).sum())
            if length > 0:
                names.append(StreetName(name, kind, line, length))
            continue
        pieces = [(ways[i].node_ids, points[starts[i] : starts[i + 1]]) for i in indices]
        for chain in longest_chains(pieces, join_gap=_LABEL_JOIN_M):
            names.append(StreetName(name, kind, chain.points, chain.length))
    names.sort(key=lambda street: (street.kind, -street.length))
    return tuple(names)

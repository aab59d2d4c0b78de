"""The demo ward's map: its generated streets and lanes as an OpenStreetMap extract
would give them, kept through the same code as `map load` (maps.storing.replace_map).

Each street is a way ("Đường Hoàng Liên": highway=tertiary for the streets running out
from the centre, residential for the ring streets), each ngõ a service way ("Ngõ 12
Hoàng Liên") and each ngách a footway ("Ngách 12/5 Hoàng Liên"); a share of the ngách
is missing, as on a real extract, and `map locate` branches their houses off their ngõ
at its number. Ways meet where they cross and where a lane opens on its street or
ngõ: there both hold one node (one id, one position), which is how the walking
network is joined (desktop.domain.street_network). A part the crossings leave apart
(a ring street that no street from the centre reaches) is joined to the rest by an
unnamed path to the nearest way, so the whole ward is one walkable network. A few
houses are address points, and the police station stands beside the meeting point,
named like the ward ("Công an phường Cốc Lếu"), with its drive (an unnamed service
way) to the nearest street.
"""

from __future__ import annotations

import math
import random
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import igraph
import numpy as np
from sqlalchemy.orm import Session

from desktop.db.models import Ward
from desktop.services.demo.geometry import Point, degrees
from desktop.services.demo.layout import Lane, Place, WardLayout
from desktop.services.demo.streets import Segment
from desktop.services.maps.area import FILE, Area
from desktop.services.maps.osm_reader import MapExtract, ReadAddress, ReadPolice, ReadWay
from desktop.services.maps.storing import MapInfo, replace_map

DEMO_MAP_FILE = "Bản đồ mẫu (demo)"
MAP_PROGRESS_TEXT = "Đang vẽ bản đồ mẫu…"
CENTRE_STREET, RING_STREET, NGO, NGACH, PATH, DRIVE = (
    "tertiary", "residential", "service", "footway", "path", "service"
)  # fmt: skip
MISSING_NGACH = 0.3  # the share of ngách the map lacks
ADDRESS_POINT_SHARE = 0.06  # of the houses on drawn ways, besides each street's first and last
_ONE_NODE_M = 0.5  # nodes of a way closer than this along it are one node
_STATION_FROM_MEETING: Point = (14.0, 9.0)  # the station building's centre, metres
_AREA_MARGIN_M = 50.0
_PAIRS_PER_CHUNK = 4_000_000  # segment pairs tested for a crossing at once (numpy)


def write_demo_map(
    session: Session, ward: Ward, layout: WardLayout, places: list[Place], seed: int
) -> MapInfo:
    """Draw the ward's streets and lanes as its map, in place of any map before
    (audited, as `map load` does); what was stored. The same seed gives the same map."""
    extract = demo_map(layout, places, ward.station_name, random.Random(f"demo map {seed}"))
    return replace_map(session, extract, DEMO_MAP_FILE, ward.code)


def demo_map(
    layout: WardLayout, places: list[Place], station_name: str, rng: random.Random
) -> MapExtract:
    """The map of the ward as plain data, as the OpenStreetMap reader gives it."""
    nodes = _Nodes()
    streets = _street_ways(layout.segments, nodes)
    lanes = _lane_ways(layout.lanes, streets, nodes, rng)
    ways = [*streets.values(), *(way for way, _ in lanes.values())]
    _cross(ways, {(id(way), id(parent)) for way, parent in lanes.values()}, nodes)
    _drive_to_the_station(ways, nodes)
    _join_apart_parts(ways, nodes)
    read_ways = [_read_way(index, way, nodes) for index, way in enumerate(ways, start=1)]
    read_ways = [way for way in read_ways if len(way.node_ids) >= 2]
    lats = [lat for way in read_ways for lat in way.lats]
    lons = [lon for way in read_ways for lon in way.lons]
    area = Area(min(lats) / 1e7, min(lons) / 1e7, max(lats) / 1e7, max(lons) / 1e7, FILE)
    station = degrees(_STATION_FROM_MEETING)
    return MapExtract(
        area=area.around(_AREA_MARGIN_M),
        ways=read_ways,
        address_points=_address_points(places, set(streets), set(lanes), rng),
        police_stations=[ReadPolice("w", 1, station_name, *station)],
    )


# Nodes and ways ---------------------------------------------------------------------


class _Nodes:
    """Nodes by index (their OSM id is index + 1) with their positions in metres; two
    nodes found at one place are joined into one (the lower index stands for both)."""

    def __init__(self) -> None:
        self.points: list[Point] = []
        self._parent: list[int] = []

    def add(self, point: Point) -> int:
        self.points.append(point)
        self._parent.append(len(self._parent))
        return len(self._parent) - 1

    def find(self, node: int) -> int:
        parent = self._parent
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(self, first: int, second: int) -> None:
        first, second = self.find(first), self.find(second)
        if first != second:
            self._parent[max(first, second)] = min(first, second)


@dataclass(eq=False)
class _Way:
    """A way as drawn: its corners, and the nodes other ways meet it at (`cuts`)."""

    name: str | None
    highway: str
    points: list[Point]
    corners: list[int]  # the node of each point
    cuts: list[tuple[float, int]] = field(default_factory=list)  # (metres along, node)

    measures: list[float] = field(init=False)  # metres from the start to each corner

    def __post_init__(self) -> None:
        self.measures = [0.0]
        for start, end in zip(self.points, self.points[1:], strict=False):
            self.measures.append(self.measures[-1] + math.dist(start, end))

    def segments(self) -> Iterator[tuple[Point, Point, float]]:
        """(start, end, metres along the way at the start) of each straight piece."""
        yield from zip(self.points, self.points[1:], self.measures, strict=False)

    def nodes_in_order(self, nodes: _Nodes) -> list[int]:
        """Corners and cuts in order along the way; a node within _ONE_NODE_M of the one
        before is joined with it (call for every way before reading any)."""
        along = [*zip(self.measures, self.corners, strict=True), *self.cuts]
        along.sort(key=lambda entry: entry[0])
        kept: list[tuple[float, int]] = []
        for metres, node in along:
            if kept and metres - kept[-1][0] <= _ONE_NODE_M:
                nodes.join(kept[-1][1], node)
            else:
                kept.append((metres, node))
        return [node for _, node in kept]


def _new_way(name: str | None, highway: str, points: list[Point], nodes: _Nodes) -> _Way:
    return _Way(name, highway, points, [nodes.add(point) for point in points])


def _street_ways(segments: list[Segment], nodes: _Nodes) -> dict[str, _Way]:
    """One way a street, through its pieces in order (a ring street's pieces join end
    to start)."""
    pieces: dict[str, list[Segment]] = {}
    for segment in segments:
        pieces.setdefault(segment.street, []).append(segment)
    ways = {}
    for street, own in pieces.items():
        points = [own[0].start, *(piece.end for piece in own)]
        highway = CENTRE_STREET if len(own) == 1 else RING_STREET
        ways[street] = _new_way(way_name(street), highway, points, nodes)
    return ways


def _lane_ways(
    lanes: list[Lane], streets: dict[str, _Way], nodes: _Nodes, rng: random.Random
) -> dict[tuple[str, str], tuple[_Way, _Way]]:
    """(street, lane) → (the lane's way, the way it opens on), for the lanes the map
    draws: every ngõ, and most ngách. A lane's first node is cut into the way it opens
    on, where its mouth is."""
    drawn: dict[tuple[str, str], tuple[_Way, _Way]] = {}
    for lane in lanes:
        if lane.parent is not None and rng.random() < MISSING_NGACH:
            continue
        # Every ngõ is drawn, and comes before its ngách.
        parent = streets[lane.street] if lane.parent is None else drawn[lane.street, lane.parent][0]
        highway = NGO if lane.parent is None else NGACH
        way = _new_way(
            lane_way_name(lane.name, lane.street), highway, [lane.mouth, lane.end], nodes
        )
        parent.cuts.append((_along(parent, lane.mouth), way.corners[0]))
        drawn[lane.street, lane.name] = (way, parent)
    return drawn


def _along(way: _Way, point: Point) -> float:
    """Metres along `way` to the point of it nearest to `point`."""
    best, along = math.inf, 0.0
    for (ax, ay), (bx, by), measure in way.segments():
        dx, dy = bx - ax, by - ay
        squared = max(dx * dx + dy * dy, 1e-12)
        t = min(1.0, max(0.0, ((point[0] - ax) * dx + (point[1] - ay) * dy) / squared))
        distance = math.hypot(point[0] - ax - dx * t, point[1] - ay - dy * t)
        if distance < best:
            best, along = distance, measure + t * math.sqrt(squared)
    return along


# Crossings --------------------------------------------------------------------------


def _cross(ways: list[_Way], apart: set[tuple[int, int]], nodes: _Nodes) -> None:
    """Give each crossing of two ways a node cut into both (`apart`: pairs of (lane,
    the way it opens on), met at the lane's mouth already)."""
    owner, starts, ends, measures = [], [], [], []
    for index, way in enumerate(ways):
        for start, end, along in way.segments():
            owner.append(index)
            starts.append(start)
            ends.append(end)
            measures.append(along)
    owners = np.asarray(owner)
    a, b = np.asarray(starts, dtype=float), np.asarray(ends, dtype=float)
    direction = b - a
    length = np.hypot(*direction.T)
    low, high = np.minimum(a, b), np.maximum(a, b)
    met: dict[tuple[int, int], list[Point]] = {}
    chunk = max(1, _PAIRS_PER_CHUNK // max(1, len(a)))
    for first in range(0, len(a), chunk):
        rows = np.arange(first, min(first + chunk, len(a)))
        for i, j, t, u in _crossings(rows, owners, a, direction, low, high):
            way, other = ways[owner[i]], ways[owner[j]]
            if (id(way), id(other)) in apart or (id(other), id(way)) in apart:
                continue
            point = (float(a[i, 0] + direction[i, 0] * t), float(a[i, 1] + direction[i, 1] * t))
            seen = met.setdefault((owner[i], owner[j]), [])
            if any(np.hypot(point[0] - x, point[1] - y) <= _ONE_NODE_M for x, y in seen):
                continue
            seen.append(point)
            node = nodes.add(point)
            way.cuts.append((measures[i] + t * float(length[i]), node))
            other.cuts.append((measures[j] + u * float(length[j]), node))


def _crossings(
    rows: np.ndarray,
    owners: np.ndarray,
    a: np.ndarray,
    direction: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
) -> Iterator[tuple[int, int, float, float]]:
    """(i, j, t, u) for each piece i of `rows` that meets a piece j of a later way at
    a[i] + t·direction[i] = a[j] + u·direction[j], both t and u in [0, 1]."""
    boxes_overlap = (
        (owners[rows][:, None] < owners[None, :])
        & (low[rows][:, None, 0] <= high[None, :, 0])
        & (low[None, :, 0] <= high[rows][:, None, 0])
        & (low[rows][:, None, 1] <= high[None, :, 1])
        & (low[None, :, 1] <= high[rows][:, None, 1])
    )
    here, j = np.nonzero(boxes_overlap)
    i = rows[here]
    r, s = direction[i], direction[j]
    denominator = r[:, 0] * s[:, 1] - r[:, 1] * s[:, 0]
    offset = a[j] - a[i]
    side_by_side = np.abs(denominator) < 1e-9
    safe = np.where(side_by_side, 1.0, denominator)
    t = (offset[:, 0] * s[:, 1] - offset[:, 1] * s[:, 0]) / safe
    u = (offset[:, 0] * r[:, 1] - offset[:, 1] * r[:, 0]) / safe
    meet = ~side_by_side & (t >= 0) & (t <= 1) & (u >= 0) & (u <= 1)
    for index in np.flatnonzero(meet).tolist():
        yield int(i[index]), int(j[index]), float(t[index]), float(u[index])


# One network ------------------------------------------------------------------------


def _drive_to_the_station(ways: list[_Way], nodes: _Nodes) -> None:
    """The station's drive: from the meeting point before it (the ward's centre) to the
    nearest way, so that every walk starts along a way."""
    meeting = nodes.add((0.0, 0.0))
    drive = _joining_way(ways, [meeting], range(len(ways)), DRIVE, nodes)
    if drive is not None:
        ways.append(drive)


def _join_apart_parts(ways: list[_Way], nodes: _Nodes) -> None:
    """Join every part of the network the crossings leave apart to the longest part
    with an unnamed path from its nearest node to the nearest point of that part."""
    parts = _parts(ways, nodes)
    if len(parts) < 2:
        return
    lengths = [sum(ways[index].measures[-1] for index in part) for part in parts]
    main = list(parts.pop(int(np.argmax(lengths))))
    for part in parts:
        corners = [node for index in part for node in ways[index].corners]
        path = _joining_way(ways, corners, main, PATH, nodes)
        main.extend(part)
        if path is not None:  # else the part touched the main one: joined at a node
            ways.append(path)
            main.append(len(ways) - 1)


def _joining_way(
    ways: list[_Way], starts: list[int], targets: Iterable[int], highway: str, nodes: _Nodes
) -> _Way | None:
    """An unnamed way from the nearest of the nodes `starts` to the nearest point of the
    ways `targets` (cut into that way there); None when that node is on one of them
    already (it is made their node instead)."""
    distance, start_node, way_index, along, foot = _nearest_joint(ways, starts, targets, nodes)
    if distance <= _ONE_NODE_M:
        ways[way_index].cuts.append((along, start_node))
        return None
    foot_node = nodes.add(foot)
    ways[way_index].cuts.append((along, foot_node))
    return _Way(None, highway, [nodes.points[start_node], foot], [start_node, foot_node])


def _parts(ways: list[_Way], nodes: _Nodes) -> list[list[int]]:
    """The ways (indexes) of each connected part of the network, in the ways' order."""
    roots = [[nodes.find(node) for node in way.nodes_in_order(nodes)] for way in ways]
    edges = np.asarray(
        [(way_roots[0], node) for way_roots in roots for node in way_roots[1:]], dtype=np.int64
    ).reshape(-1, 2)
    label = igraph.Graph(n=len(nodes.points), edges=edges).connected_components().membership
    parts: dict[int, list[int]] = {}
    for index, way_roots in enumerate(roots):
        parts.setdefault(int(label[way_roots[0]]), []).append(index)
    return list(parts.values())


def _nearest_joint(
    ways: list[_Way], starts: list[int], targets: Iterable[int], nodes: _Nodes
) -> tuple[float, int, int, float, Point]:
    """(metres, one of the nodes `starts`, index of one of the ways `targets`, metres
    along it, foot) of the shortest join between them."""
    part_nodes = sorted({nodes.find(node) for node in starts})
    points = np.asarray([nodes.points[node] for node in part_nodes])
    best: tuple[float, tuple[int, int, float, Point]] | None = None
    for way_index in targets:
        for start, end, measure in ways[way_index].segments():
            a, b = np.asarray(start), np.asarray(end)
            ab = b - a
            squared = max(float(ab @ ab), 1e-12)
            t = np.clip((points - a) @ ab / squared, 0.0, 1.0)
            feet = a + t[:, None] * ab
            distance = np.hypot(*(points - feet).T)
            nearest = int(np.argmin(distance))
            if best is None or distance[nearest] < best[0]:
                foot = (float(feet[nearest][0]), float(feet[nearest][1]))
                along = measure + float(t[nearest]) * float(np.sqrt(squared))
                best = (float(distance[nearest]), (part_nodes[nearest], way_index, along, foot))
    assert best is not None
    return (best[0], *best[1])


def _read_way(osm_id: int, way: _Way, nodes: _Nodes) -> ReadWay:
    """The way as the OpenStreetMap reader gives it: node ids and 1e-7 degrees."""
    ids, lats, lons = array("q"), array("i"), array("i")
    for node in way.nodes_in_order(nodes):
        root = nodes.find(node)
        if ids and ids[-1] == root + 1:
            continue
        lat, lon = degrees(nodes.points[root])
        ids.append(root + 1)
        lats.append(round(lat * 1e7))
        lons.append(round(lon * 1e7))
    return ReadWay(osm_id, way.name, [], way.highway, False, ids, lats, lons)


# Names, address points --------------------------------------------------------------


def way_name(street: str) -> str:
    """The map's name of a street: "đường Hoàng Liên" → "Đường Hoàng Liên"."""
    return street[:1].upper() + street[1:]


def lane_way_name(lane: str, street: str) -> str:
    """The map's name of a lane: ("ngõ 12", "đường Hoàng Liên") → "Ngõ 12 Hoàng Liên"."""
    bare = street.split(" ", 1)[1] if street.startswith(("đường ", "phố ")) else street
    return f"{way_name(lane)} {bare}"


def _address_points(
    places: list[Place],
    drawn_streets: set[str],
    drawn_lanes: set[tuple[str, str]],
    rng: random.Random,
) -> list[ReadAddress]:
    """Some houses on the drawn ways as address points (addr:housenumber and
    addr:street, as mappers write them), and the first and last house facing each
    street, so that the map says which way each street is numbered."""
    facing: dict[str, list[int]] = {}
    for index, place in enumerate(places):
        if place.lane is None:
            facing.setdefault(place.street, []).append(index)
    ends = set()
    for own in facing.values():
        numbered = sorted(own, key=lambda index: int(places[index].house_number))
        ends.update((numbered[0], numbered[-1]))
    points = []
    lane_names: dict[tuple[str, str], str] = {}
    for index, place in enumerate(places):
        chosen = rng.random() < ADDRESS_POINT_SHARE or index in ends
        if place.street not in drawn_streets:
            continue
        if place.lane is None:
            street = way_name(place.street)
        elif (place.street, place.lane) in drawn_lanes:
            street = lane_names.get((place.street, place.lane)) or lane_names.setdefault(
                (place.street, place.lane), lane_way_name(place.lane, place.street)
            )
        else:
            continue
        if chosen:
            osm_id = len(points) + 1
            points.append(
                ReadAddress("n", osm_id, place.house_number, street, place.lat, place.lon)
            )
    return points

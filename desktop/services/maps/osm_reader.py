"""Reading what the ward needs from an OpenStreetMap extract, with pyosmium.

Streaming passes over the file, each a piece at a time (file_pieces.py):

1. relations: administrative boundaries bearing the ward's name;
2. ways: the node ids of those boundaries' outer ways (skipped when there is none);
3. nodes and ways. A ward- or province-sized file (up to 64 MB) is read in one pass:
   pyosmium keeps every node's location in its C++ index (`sparse_mem_array`, 16 to
   32 bytes a node) and its key filters hand Python only the tagged nodes and the
   ways that can matter (highway, addresses, police); the area is settled when the
   first way arrives, the boundary's nodes being known by then. A bigger file (a
   whole country: Vietnam's holds some 35 million nodes, which that index would
   need about 1 GB for) settles the area first (one more pass, for the boundary's
   nodes), then keeps the locations of the area's nodes only while the nodes stream
   by, and reads the ways in a last pass: slower (every node passes through Python),
   but its memory is the ward's, whatever the size of the file.

What comes out is plain data: walkable ways (streets, ngõ/ngách/hẻm, paths, footways,
steps, tracks, bridges) with their names and node coordinates, address points
(`addr:housenumber` + `addr:street` on nodes, and on buildings at their centre) and
police stations.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import osmium

from desktop.domain.errors import UserError
from desktop.domain.street_names import is_ward_name
from desktop.services.maps.area import (
    BOUNDARY,
    BOUNDARY_MARGIN_M,
    FILE,
    HOUSEHOLDS,
    HOUSEHOLDS_MARGIN_M,
    Area,
    LatLon,
    box_around,
    checked_bbox,
    choose_boundary,
)
from desktop.services.maps.file_pieces import Piece, file_kind, pieces
from desktop.services.progress import Cancelled, Progress

# highway=* values a team can walk along. Motorways are left out (no one walks them).
WALKABLE = frozenset(
    {
        "residential", "living_street", "service", "unclassified", "road",
        "tertiary", "tertiary_link", "secondary", "secondary_link",
        "primary", "primary_link", "trunk", "trunk_link",
        "footway", "path", "pedestrian", "steps", "track", "cycleway", "bridleway",
        "corridor",
    }
)  # fmt: skip
_NO_FOOT = frozenset({"no", "private"})
_FOOT_ALLOWED = frozenset({"yes", "designated", "permissive"})
_OTHER_NAME_KEYS = ("name", "alt_name", "old_name", "official_name", "short_name", "loc_name")
# The first node of a way further than this outside the area: the way is far away
# (no walkable way runs this long), so its other nodes are not looked at.
_FAR_DEGREES = 0.2
# Up to this size every node's location is indexed (fast); above it only the area's.
EVERY_NODE_INDEX_BYTES = 64 * 1024 * 1024
# Nodes kept around the area in the second way, so that streets leaving it keep a stretch.
_NODE_MARGIN_M = 300.0
# Python checks for Cancel every this many objects within a piece.
_CANCEL_EVERY = 20_000


@dataclass
class ReadWay:
    """A walkable way: its tags of interest and its nodes (ids, 1e-7 degrees)."""

    osm_id: int
    name: str | None
    other_names: list[str]
    highway: str
    bridge: bool
    node_ids: array  # 'q'
    lats: array  # 'i', 1e-7 degrees
    lons: array  # 'i'


@dataclass(frozen=True)
class ReadAddress:
    osm_type: str  # "n" or "w"
    osm_id: int
    house_number: str
    street: str
    lat: float
    lon: float


@dataclass(frozen=True)
class ReadPolice:
    osm_type: str
    osm_id: int
    name: str | None
    lat: float
    lon: float


@dataclass
class MapExtract:
    """What the ward needs from the file, inside `area`."""

    area: Area
    boundary_name: str | None = None  # the OSM boundary the area came from
    ways: list[ReadWay] = field(default_factory=list)
    address_points: list[ReadAddress] = field(default_factory=list)
    police_stations: list[ReadPolice] = field(default_factory=list)


@dataclass(frozen=True)
class AreaRequest:
    """What decides the area: the ward's name (for its boundary), a box the user gave,
    the households with positions, and the station (which tells boundaries of the same
    name apart, but is no area by itself)."""

    ward_name: str
    bbox: Area | None = None
    households: tuple[LatLon, ...] = ()
    station: LatLon | None = None

    @property
    def references(self) -> tuple[LatLon, ...]:
        return self.households + ((self.station,) if self.station is not None else ())


class _Passes:
    """Progress over several passes through the same file: bytes read of all passes."""

    def __init__(self, path: Path, progress: Progress, passes: int) -> None:
        self.size = max(path.stat().st_size, 1)
        self.progress = progress
        self.passes = passes
        self.done = 0

    def pieces(self, path: Path, text: str) -> Iterator[Piece]:
        for piece in pieces(path):
            yield piece
            self.progress.step(self.done * self.size + piece.end, self.passes * self.size, text)
        self.done += 1

    def skip(self) -> None:
        self.passes -= 1


def read_map(path: Path, request: AreaRequest, progress: Progress | None = None) -> MapExtract:
    """Read the ward's part of an .osm.pbf or .osm file.

    Raises UserError for a file that is missing, not a map, or unreadable, and when the
    area cannot be told (no boundary with the ward's name, no box, no household with a
    position); Cancelled when the user stops it.
    """
    progress = progress or Progress()
    file_kind(path)
    if not path.is_file():
        raise UserError(f"Không tìm thấy tệp bản đồ “{path}”.")
    whole_index = path.stat().st_size <= EVERY_NODE_INDEX_BYTES
    passes = _Passes(path, progress, 3 if whole_index else 5)
    pool = osmium.io.ThreadPool()
    try:
        boundaries = _boundary_relations(path, request.ward_name, passes, pool)
        boundary_ways = _boundary_ways(path, boundaries, passes, pool) if boundaries else {}
        if not boundaries:
            passes.skip()
            _check_area_can_be_told(path, request)
        reader = _AreaReader(request, boundaries, boundary_ways, lambda: _file_box(path))
        if whole_index:
            return _read_area(path, reader, passes, pool)
        return _read_area_nodes_first(path, reader, passes, pool)
    except RuntimeError as error:  # pyosmium's word for a file it cannot decode
        raise UserError(
            f"Tệp “{path.name}” không đọc được như bản đồ OpenStreetMap ({error}); hãy chép "
            "lại tệp từ nguồn."
        ) from None


# Pass 1 and 2: the ward's boundary ---------------------------------------------------


@dataclass(frozen=True)
class _Boundary:
    name: str
    way_ids: tuple[int, ...]


def _boundary_relations(
    path: Path, ward_name: str, passes: _Passes, pool: osmium.io.ThreadPool
) -> list[_Boundary]:
    found = []
    for piece in passes.pieces(path, "Đang tìm ranh giới phường trên bản đồ…"):
        processor = osmium.FileProcessor(piece.source, osmium.osm.RELATION, thread_pool=pool)
        processor.with_filter(osmium.filter.TagFilter(("boundary", "administrative")))
        for relation in processor:
            names = [relation.tags.get(key) for key in ("name", "name:vi", "official_name")]
            name = next((n for n in names if n and is_ward_name(n, ward_name)), None)
            if name is None:
                continue
            ways = tuple(
                member.ref
                for member in relation.members
                if member.type == "w" and member.role in ("outer", "")
            )
            if ways:
                found.append(_Boundary(name, ways))
    return found


def _boundary_ways(
    path: Path, boundaries: Sequence[_Boundary], passes: _Passes, pool: osmium.io.ThreadPool
) -> dict[int, tuple[int, ...]]:
    wanted = {way for boundary in boundaries for way in boundary.way_ids}
    nodes: dict[int, tuple[int, ...]] = {}
    for piece in passes.pieces(path, "Đang đọc ranh giới phường…"):
        processor = osmium.FileProcessor(piece.source, osmium.osm.WAY, thread_pool=pool)
        processor.with_filter(osmium.filter.IdFilter(wanted))
        for way in processor:
            nodes[way.id] = tuple(node.ref for node in way.nodes)
    return nodes


def _check_area_can_be_told(path: Path, request: AreaRequest) -> None:
    """Refuse before the long pass when no boundary, box or household gives the area."""
    if request.bbox is None and not request.households and _file_box(path) is None:
        raise _area_unknown(request.ward_name)


def _area_unknown(ward_name: str) -> UserError:
    return UserError(
        f"Không xác định được khu vực của {ward_name}: tệp bản đồ không có ranh giới mang "
        "tên phường, xã này và chưa có hộ nào có toạ độ. Hãy cho khung toạ độ của phường "
        "(S,W,N,E; với lệnh: --bbox S,W,N,E)."
    )


def _file_box(path: Path) -> Area | None:
    """The file's own bounds (an extract cut for the ward says them), when ward-sized."""
    with osmium.io.Reader(str(path), osmium.osm.NOTHING) as reader:
        box = reader.header().box()
    if not box.valid():
        return None
    low, high = box.bottom_left, box.top_right
    area = Area(low.lat, low.lon, high.lat, high.lon, FILE)
    try:
        return checked_bbox(area)
    except UserError:
        return None


# Pass 3: nodes and ways of the area --------------------------------------------------


class _AreaReader:
    """Collects the area's ways, address points and police stations as they stream by."""

    def __init__(
        self,
        request: AreaRequest,
        boundaries: Sequence[_Boundary],
        boundary_ways: dict[int, tuple[int, ...]],
        file_box: Callable[[], Area | None],
    ) -> None:
        self.request = request
        self.boundaries = boundaries
        self.boundary_ways = boundary_ways
        self.file_box = file_box
        self.extract: MapExtract | None = None
        self.waiting_nodes: list[ReadAddress | ReadPolice] = []

    @property
    def area(self) -> Area:
        assert self.extract is not None
        return self.extract.area

    def node(self, node) -> None:
        point = _node_feature(node)
        if point is None:
            return
        if self.extract is None:
            self.waiting_nodes.append(point)  # the area is settled at the first way
        else:
            self._keep_point(point)

    def way(self, way) -> None:
        """Keep the way (or its address, its police station) if it reaches the area,
        which is settled by now."""
        tags = way.tags
        highway = tags.get("highway")
        walkable = highway in WALKABLE and _foot_allowed(tags)
        address = tags.get("addr:housenumber") and tags.get("addr:street")
        police = tags.get("amenity") == "police"
        if not (walkable or address or police):
            return
        nodes = _located_nodes(way, self.area)
        if nodes is None:
            return
        ids, lats, lons = nodes
        if walkable and len(ids) >= 2:
            self.extract.ways.append(_read_way(way.id, tags, highway, ids, lats, lons))
        if address or police:
            lat, lon = _centre(lats, lons)
            if address:
                self._keep_point(
                    ReadAddress(
                        "w", way.id, tags["addr:housenumber"], tags["addr:street"], lat, lon
                    )
                )
            if police:
                self._keep_point(ReadPolice("w", way.id, _name(tags), lat, lon))

    @property
    def boundary_nodes(self) -> set[int]:
        return {node for nodes in self.boundary_ways.values() for node in nodes}

    def settle_area(self, locate: Callable[[int], LatLon | None] = lambda _node: None) -> None:
        """Decide the area from the boundary (`locate` gives its nodes' positions), else
        the box, the households or the file's bounds; then sort the waiting nodes."""
        area, name = self._boundary_area(locate)
        if area is None:
            area = self._fallback_area()
        self.extract = MapExtract(area=area, boundary_name=name)
        for point in self.waiting_nodes:
            self._keep_point(point)
        self.waiting_nodes = []

    def _boundary_area(
        self, locate: Callable[[int], LatLon | None]
    ) -> tuple[Area | None, str | None]:
        found = []
        for boundary in self.boundaries:
            points = [
                point
                for way_id in boundary.way_ids
                for node_id in self.boundary_ways.get(way_id, ())
                if (point := locate(node_id)) is not None
            ]
            box = box_around(points, BOUNDARY)
            if box is not None:
                found.append((boundary.name, box))
        chosen = choose_boundary(found, self.request.references, self.request.bbox)
        if chosen is None:
            return None, None
        name, box = chosen
        return box.around(BOUNDARY_MARGIN_M), name

    def _fallback_area(self) -> Area:
        request = self.request
        if request.bbox is not None:
            return request.bbox
        around = box_around(request.households, HOUSEHOLDS)
        if around is not None:
            return checked_bbox(around.around(HOUSEHOLDS_MARGIN_M))
        box = self.file_box()
        if box is None:
            raise _area_unknown(request.ward_name)
        return box

    def _keep_point(self, point: ReadAddress | ReadPolice) -> None:
        if not self.area.contains(point.lat, point.lon):
            return
        if isinstance(point, ReadAddress):
            self.extract.address_points.append(point)
        else:
            self.extract.police_stations.append(point)


def _key_filters() -> tuple[osmium.filter.KeyFilter, osmium.filter.KeyFilter]:
    """Only tagged nodes that may be addresses or police, and ways that may matter."""
    node_filter = osmium.filter.KeyFilter("addr:housenumber", "amenity")
    way_filter = osmium.filter.KeyFilter("highway", "addr:housenumber", "amenity")
    node_filter.enable_for(osmium.osm.NODE)
    way_filter.enable_for(osmium.osm.WAY)
    return node_filter, way_filter


def _read_area(
    path: Path, reader: _AreaReader, passes: _Passes, pool: osmium.io.ThreadPool
) -> MapExtract:
    """Nodes and ways in one pass, every node's location in pyosmium's index."""
    locations = osmium.index.create_map("sparse_mem_array")
    node_filter, way_filter = _key_filters()

    def locate(node_id: int) -> LatLon | None:
        try:
            location = locations.get(node_id)
        except KeyError:
            return None
        return (location.lat, location.lon) if location.valid() else None

    for piece in passes.pieces(path, "Đang đọc đường phố, địa chỉ trong phường…"):
        processor = osmium.FileProcessor(
            piece.source, osmium.osm.NODE | osmium.osm.WAY, thread_pool=pool
        )
        processor.with_locations(locations)
        processor.with_filter(node_filter).with_filter(way_filter)
        for count, entity in enumerate(processor):
            if entity.is_way():
                if reader.extract is None:  # every node has been read: the area is known
                    reader.settle_area(locate)
                reader.way(entity)
            elif entity.is_node():
                reader.node(entity)
            _check_cancel(count, passes)
    if reader.extract is None:  # a file without a single way
        reader.settle_area(locate)
    return reader.extract


def _read_area_nodes_first(
    path: Path, reader: _AreaReader, passes: _Passes, pool: osmium.io.ThreadPool
) -> MapExtract:
    """The area first, then only its nodes' locations, then the ways: a country's file
    in the memory of a ward."""
    boundary = _boundary_node_locations(path, reader.boundary_nodes, passes, pool)
    reader.settle_area(boundary.get)
    kept = reader.area.around(_NODE_MARGIN_M)
    locations = osmium.index.create_map("sparse_mem_array")
    for piece in passes.pieces(path, "Đang đọc các điểm trong phường…"):
        processor = osmium.FileProcessor(piece.source, osmium.osm.NODE, thread_pool=pool)
        for count, node in enumerate(processor):
            location = node.location
            if location.valid() and kept.contains(location.lat, location.lon):
                locations.set(node.id, location)
                if len(node.tags):
                    reader.node(node)
            _check_cancel(count, passes)
    _, way_filter = _key_filters()
    for piece in passes.pieces(path, "Đang đọc đường phố, địa chỉ trong phường…"):
        with osmium.io.Reader(piece.source, osmium.osm.WAY, thread_pool=pool) as source:
            with_locations = osmium.NodeLocationsForWays(locations)
            with_locations.ignore_errors()
            for count, way in enumerate(osmium.OsmFileIterator(source, with_locations, way_filter)):
                reader.way(way)
                _check_cancel(count, passes)
    return reader.extract


def _boundary_node_locations(
    path: Path, node_ids: set[int], passes: _Passes, pool: osmium.io.ThreadPool
) -> dict[int, LatLon]:
    found: dict[int, LatLon] = {}
    if not node_ids:
        passes.skip()
        return found
    for piece in passes.pieces(path, "Đang đọc ranh giới phường…"):
        processor = osmium.FileProcessor(piece.source, osmium.osm.NODE, thread_pool=pool)
        processor.with_filter(osmium.filter.IdFilter(node_ids))
        for node in processor:
            if node.location.valid():
                found[node.id] = (node.location.lat, node.location.lon)
    return found


def _check_cancel(count: int, passes: _Passes) -> None:
    if count % _CANCEL_EVERY == 0 and passes.progress.cancelled:
        raise Cancelled


def _node_feature(node) -> ReadAddress | ReadPolice | None:
    tags = node.tags
    location = node.location
    if not location.valid():
        return None
    if tags.get("amenity") == "police":
        return ReadPolice("n", node.id, _name(tags), location.lat, location.lon)
    number, street = tags.get("addr:housenumber"), tags.get("addr:street")
    if number and street:
        return ReadAddress("n", node.id, number, street, location.lat, location.lon)
    return None


def _foot_allowed(tags) -> bool:
    foot = tags.get("foot")
    if foot in _NO_FOOT:
        return False
    return not (tags.get("access") in _NO_FOOT and foot not in _FOOT_ALLOWED)


def _located_nodes(way, area: Area) -> tuple[array, array, array] | None:
    """The way's node ids and coordinates, when it reaches into the area (its box meets
    the area's: a street crossing the ward with no node inside it counts)."""
    nodes = way.nodes
    if not len(nodes):
        return None
    first = nodes[0].location
    if first.valid() and _far_outside(first.lat, first.lon, area):
        return None
    ids, lats, lons = array("q"), array("i"), array("i")
    for node in nodes:
        location = node.location
        if location.valid():
            ids.append(node.ref)
            lats.append(location.y)
            lons.append(location.x)
    if not ids:
        return None
    meets = (
        min(lats) <= area.north * 1e7
        and max(lats) >= area.south * 1e7
        and min(lons) <= area.east * 1e7
        and max(lons) >= area.west * 1e7
    )
    return (ids, lats, lons) if meets else None


def _far_outside(lat: float, lon: float, area: Area) -> bool:
    return (
        lat < area.south - _FAR_DEGREES
        or lat > area.north + _FAR_DEGREES
        or lon < area.west - _FAR_DEGREES
        or lon > area.east + _FAR_DEGREES
    )


def _centre(lats: array, lons: array) -> LatLon:
    """A building's centre: the mean of its corners (the closing node counted once)."""
    closed = len(lats) > 2 and lats[0] == lats[-1] and lons[0] == lons[-1]
    count = len(lats) - 1 if closed else len(lats)
    return (sum(lats[:count]) / count / 1e7, sum(lons[:count]) / count / 1e7)


def _name(tags) -> str | None:
    return tags.get("name:vi") or tags.get("name") or None


def _read_way(osm_id: int, tags, highway: str, ids, lats, lons) -> ReadWay:
    name = _name(tags)
    others: list[str] = []
    for key in _OTHER_NAME_KEYS:
        for value in (tags.get(key) or "").split(";"):
            value = value.strip()
            if value and value != name and value not in others:
                others.append(value)
    bridge = tags.get("bridge") not in (None, "no")
    return ReadWay(osm_id, name, others, highway, bridge, ids, lats, lons)

"""A small ward's OpenStreetMap extract, written as .osm XML and as .osm.pbf for the tests.

Positions are laid out in metres east (x) and north (y) of ORIGIN, then written in
degrees. The ward "Phường Cốc Lếu" (an administrative boundary relation) holds:

- "Đường Hoàng Liên", west to east at y = 300 from x = 0 to x = 800, in two ways that
  share the node at x = 400; numbers rise eastwards, odd on the north (left) side.
  Address points: 1 (x 8, north side), 20 (x 80, south side), 41 (a building at
  x 164, north side), 60 (x 240, south side).
- "Ngõ 12 Hoàng Liên", a lane going north from Hoàng Liên at x = 48 for 120 m.
- "Phố Nguyễn Huệ", south to north at x = 600 from y = 0, crossing Hoàng Liên (a
  shared node) and, as a bridge, the river "Sông Hồng" that runs west to east at
  y = 450; the bridge is the only way over it.
- "Phố Bờ Bắc", north of the river at y = 520, reached only over the bridge.
- unnamed steps and a footway; a motorway and a road under construction, which are
  not walkable; a building without an address.
- "Công an phường Cốc Lếu" (police, a node) and "Công an tỉnh Lào Cai" (a building).
Outside the ward, 5 km east: "Phố Ngoài" with an address point, to be left out.
No "Lý Công Uẩn" anywhere: the street missing from the map.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import quoteattr

import osmium

ORIGIN = (22.48, 103.96)
WARD_NAME = "Cốc Lếu"
_M_PER_DEG_LAT = 110_574.0
_M_PER_DEG_LON = 111_320.0 * math.cos(math.radians(ORIGIN[0]))


def lat_lon(x: float, y: float) -> tuple[float, float]:
    """Degrees of a point x metres east and y metres north of ORIGIN (7 decimals, as OSM)."""
    return (round(ORIGIN[0] + y / _M_PER_DEG_LAT, 7), round(ORIGIN[1] + x / _M_PER_DEG_LON, 7))


def metres(lat: float, lon: float) -> tuple[float, float]:
    """The inverse of lat_lon: metres east and north of ORIGIN."""
    return ((lon - ORIGIN[1]) * _M_PER_DEG_LON, (lat - ORIGIN[0]) * _M_PER_DEG_LAT)


@dataclass
class OsmMap:
    """Nodes, ways and relations to write; ids are handed out as features are added."""

    nodes: dict[int, tuple[float, float, dict[str, str]]] = field(default_factory=dict)
    ways: dict[int, tuple[list[int], dict[str, str]]] = field(default_factory=dict)
    relations: dict[int, tuple[list[tuple[str, int, str]], dict[str, str]]] = field(
        default_factory=dict
    )
    bounds: tuple[float, float, float, float] | None = None  # S, W, N, E
    _next_node: int = 1000
    _next_way: int = 100
    _next_relation: int = 10

    def node(self, x: float, y: float, **tags: str) -> int:
        self._next_node += 1
        self.nodes[self._next_node] = (*lat_lon(x, y), dict(tags))
        return self._next_node

    def way(self, nodes: list[int], **tags: str) -> int:
        self._next_way += 1
        self.ways[self._next_way] = (list(nodes), dict(tags))
        return self._next_way

    def line(self, points: list[tuple[float, float]], **tags: str) -> int:
        """A way through new nodes at those points."""
        return self.way([self.node(x, y) for x, y in points], **tags)

    def relation(self, members: list[tuple[str, int, str]], **tags: str) -> int:
        self._next_relation += 1
        self.relations[self._next_relation] = (members, dict(tags))
        return self._next_relation

    # Writing ---------------------------------------------------------------------------

    def write_xml(self, path: Path) -> Path:
        lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="tests">']
        if self.bounds is not None:
            south, west, north, east = self.bounds
            lines.append(
                f'<bounds minlat="{south}" minlon="{west}" maxlat="{north}" maxlon="{east}"/>'
            )
        for node_id, (lat, lon, tags) in sorted(self.nodes.items()):
            lines.append(f'<node id="{node_id}" version="1" lat="{lat}" lon="{lon}">')
            lines += _tag_lines(tags)
            lines.append("</node>")
        for way_id, (nodes, tags) in sorted(self.ways.items()):
            lines.append(f'<way id="{way_id}" version="1">')
            lines += [f'<nd ref="{node}"/>' for node in nodes]
            lines += _tag_lines(tags)
            lines.append("</way>")
        for relation_id, (members, tags) in sorted(self.relations.items()):
            lines.append(f'<relation id="{relation_id}" version="1">')
            lines += [
                f'<member type="{kind}" ref="{ref}" role="{role}"/>' for kind, ref, role in members
            ]
            lines += _tag_lines(tags)
            lines.append("</relation>")
        lines.append("</osm>")
        path.write_text("\n".join(lines), encoding="utf-8")
        return path

    def write_pbf(self, path: Path) -> Path:
        writer = osmium.SimpleWriter(str(path), overwrite=True)
        try:
            for node_id, (lat, lon, tags) in sorted(self.nodes.items()):
                writer.add_node(osmium.osm.mutable.Node(id=node_id, location=(lon, lat), tags=tags))
            for way_id, (nodes, tags) in sorted(self.ways.items()):
                writer.add_way(osmium.osm.mutable.Way(id=way_id, nodes=nodes, tags=tags))
            for relation_id, (members, tags) in sorted(self.relations.items()):
                writer.add_relation(
                    osmium.osm.mutable.Relation(id=relation_id, members=members, tags=tags)
                )
        finally:
            writer.close()
        return path


def _tag_lines(tags: dict[str, str]) -> list[str]:
    return [f"<tag k={quoteattr(key)} v={quoteattr(value)}/>" for key, value in tags.items()]


# The ward ---------------------------------------------------------------------------------

HOANG_LIEN_Y = 300.0
NGUYEN_HUE_X = 600.0
RIVER_Y = 450.0
LANE_12_X = 48.0
POLICE_XY = (100.0, 320.0)


def ward_map(boundary: bool = True, ward_name: str = WARD_NAME) -> OsmMap:
    """The ward described in the module's docstring."""
    osm = OsmMap()
    if boundary:
        corners = [(-100, -100), (900, -100), (900, 700), (-100, 700)]
        ring = [osm.node(x, y) for x, y in corners]
        outline = osm.way([*ring, ring[0]], boundary="administrative", admin_level="8")
        osm.relation(
            [("w", outline, "outer")],
            type="boundary",
            boundary="administrative",
            admin_level="8",
            name=f"Phường {ward_name}",
        )
    # Hoàng Liên in two ways that share the node at x = 400; Nguyễn Huệ crosses at x = 600.
    west = [osm.node(x, HOANG_LIEN_Y) for x in (0, 48, 200, 400)]
    crossing = osm.node(NGUYEN_HUE_X, HOANG_LIEN_Y)
    east = [west[-1], crossing, osm.node(800, HOANG_LIEN_Y)]
    osm.way(west, highway="residential", name="Đường Hoàng Liên")
    osm.way(east, highway="residential", name="Đường Hoàng Liên")
    osm.way(
        [west[1], osm.node(LANE_12_X, 360), osm.node(LANE_12_X, 420)],
        highway="service",
        service="alley",
        name="Ngõ 12 Hoàng Liên",
    )
    # Nguyễn Huệ: south part, the bridge over the river, north part.
    south_end = osm.node(NGUYEN_HUE_X, 0)
    bank_south, bank_north = osm.node(NGUYEN_HUE_X, 430), osm.node(NGUYEN_HUE_X, 470)
    north_end = osm.node(NGUYEN_HUE_X, 600)
    osm.way([south_end, crossing, bank_south], highway="tertiary", name="Phố Nguyễn Huệ")
    osm.way(
        [bank_south, bank_north], highway="tertiary", name="Phố Nguyễn Huệ", bridge="yes", layer="1"
    )
    bo_bac = osm.node(NGUYEN_HUE_X, 520)
    osm.way([bank_north, bo_bac, north_end], highway="tertiary", name="Phố Nguyễn Huệ")
    osm.way(
        [osm.node(100, 520), bo_bac, osm.node(850, 520)], highway="residential", name="Phố Bờ Bắc"
    )
    osm.line([(-150, RIVER_Y), (950, RIVER_Y)], waterway="river", name="Sông Hồng")
    osm.way([west[2], osm.node(200, 200), osm.node(200, 150)], highway="steps")
    osm.line([(300, 150), (500, 150)], highway="footway")
    osm.line([(0, 650), (800, 650)], highway="motorway", name="Cao tốc Nội Bài – Lào Cai")
    osm.line([(0, 100), (300, 100)], highway="construction", name="Phố Đang Làm")
    osm.line([(700, 100), (720, 100), (720, 120), (700, 100)], building="yes")
    # Address points along Hoàng Liên: odd numbers north (left when walking east).
    osm.node(8, HOANG_LIEN_Y + 10, **{"addr:housenumber": "1", "addr:street": "Hoàng Liên"})
    osm.node(80, HOANG_LIEN_Y - 10, **{"addr:housenumber": "20", "addr:street": "Hoàng Liên"})
    corner = [(158, 306), (170, 306), (170, 318), (158, 318)]
    ring = [osm.node(x, y) for x, y in corner]
    osm.way(
        [*ring, ring[0]],
        building="house",
        **{"addr:housenumber": "41", "addr:street": "Đường Hoàng Liên"},
    )
    osm.node(240, HOANG_LIEN_Y - 10, **{"addr:housenumber": "60", "addr:street": "Hoàng Liên"})
    osm.node(*POLICE_XY, amenity="police", name=f"Công an phường {ward_name}")
    station = [(300, 20), (330, 20), (330, 50), (300, 20)]
    osm.way(
        [osm.node(x, y) for x, y in station], building="yes", amenity="police",
        name="Công an tỉnh Lào Cai",
    )  # fmt: skip
    # Outside the ward.
    osm.line([(5000, 300), (5400, 300)], highway="residential", name="Phố Ngoài")
    osm.node(5100, 310, **{"addr:housenumber": "3", "addr:street": "Phố Ngoài"})
    return osm


def write_ward(folder: Path, kind: str = "pbf", **options) -> Path:
    """The ward's map written into `folder` as cocleu.osm.pbf or cocleu.osm."""
    osm = ward_map(**options)
    if kind == "pbf":
        return osm.write_pbf(folder / "cocleu.osm.pbf")
    return osm.write_xml(folder / "cocleu.osm")

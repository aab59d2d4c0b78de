"""Reading the ward's part of an OpenStreetMap extract (.osm.pbf and .osm) with pyosmium."""

from __future__ import annotations

import osmium
import pytest

from desktop.domain.errors import UserError
from desktop.services.maps import file_pieces, osm_reader
from desktop.services.maps.area import BBOX, BOUNDARY, FILE, HOUSEHOLDS, parse_bbox
from desktop.services.maps.osm_reader import AreaRequest, read_map
from desktop.services.progress import Cancelled, Progress
from tests.services.maps.osm_files import (
    NGUYEN_HUE_X,
    POLICE_XY,
    WARD_NAME,
    OsmMap,
    lat_lon,
    metres,
    ward_map,
    write_ward,
)


@pytest.fixture(params=["every node", "area nodes"])
def index(request, monkeypatch) -> str:
    """Both ways of reading: every node indexed (a ward's or province's file), or the
    area first and its nodes only (a country's file, here forced by a tiny threshold)."""
    if request.param == "area nodes":
        monkeypatch.setattr(osm_reader, "EVERY_NODE_INDEX_BYTES", 0)
    return request.param


def names(extract) -> list[str]:
    return sorted(way.name or "" for way in extract.ways)


@pytest.mark.parametrize("kind", ["pbf", "xml"])
def test_keeps_the_walkable_ways_address_points_and_police_inside_the_ward(tmp_path, kind, index):
    extract = read_map(write_ward(tmp_path, kind), AreaRequest(WARD_NAME))

    assert extract.area.source == BOUNDARY and extract.boundary_name == "Phường Cốc Lếu"
    assert names(extract) == [
        "", "",  # the steps and the footway
        "Ngõ 12 Hoàng Liên", "Phố Bờ Bắc",
        "Phố Nguyễn Huệ", "Phố Nguyễn Huệ", "Phố Nguyễn Huệ",
        "Đường Hoàng Liên", "Đường Hoàng Liên",
    ]  # fmt: skip
    # Not the river, the motorway, the road being built, a building, or "Phố Ngoài".
    assert {way.highway for way in extract.ways} == {
        "residential", "service", "tertiary", "steps", "footway",
    }  # fmt: skip
    bridges = [way for way in extract.ways if way.bridge]
    assert len(bridges) == 1 and bridges[0].name == "Phố Nguyễn Huệ"
    south, north = sorted(lat / 1e7 for lat in bridges[0].lats)
    assert [round(metres(lat, bridges[0].lons[0] / 1e7)[1]) for lat in (south, north)] == [430, 470]
    assert round(metres(south, bridges[0].lons[0] / 1e7)[0]) == NGUYEN_HUE_X

    numbers = {point.house_number: point for point in extract.address_points}
    assert sorted(numbers) == ["1", "20", "41", "60"]  # not Phố Ngoài's
    x, y = metres(numbers["41"].lat, numbers["41"].lon)
    assert (round(x), round(y)) == (164, 312)  # the building's centre
    assert numbers["41"].osm_type == "w" and numbers["41"].street == "Đường Hoàng Liên"
    assert sorted(station.name for station in extract.police_stations) == [
        "Công an phường Cốc Lếu",
        "Công an tỉnh Lào Cai",
    ]


def test_ways_that_meet_share_their_node(tmp_path, index):
    extract = read_map(write_ward(tmp_path), AreaRequest(WARD_NAME))
    hoang_lien = [way for way in extract.ways if way.name == "Đường Hoàng Liên"]
    assert hoang_lien[0].node_ids[-1] == hoang_lien[1].node_ids[0]
    nguyen_hue = {node for way in extract.ways if way.name == "Phố Nguyễn Huệ"
                  for node in way.node_ids}  # fmt: skip
    assert set(hoang_lien[1].node_ids) & nguyen_hue  # the crossing


def test_without_a_boundary_the_given_box_is_the_area(tmp_path, index):
    path = ward_map(boundary=False).write_pbf(tmp_path / "khong-ranh-gioi.osm.pbf")
    south, west = lat_lon(250, -50)
    north, east = lat_lon(350, 320)
    bbox = parse_bbox(f"{south},{west},{north},{east}")
    extract = read_map(path, AreaRequest(WARD_NAME, bbox=bbox))
    assert extract.area == bbox and extract.area.source == BBOX
    assert "Phố Nguyễn Huệ" not in names(extract)  # x = 600 is outside the box
    # Hoàng Liên crosses the box between its nodes at x = 200 and x = 400.
    assert names(extract) == ["", "Đường Hoàng Liên"]  # and the footway at x = 300…500
    assert [point.house_number for point in extract.address_points] == []
    assert [station.name for station in extract.police_stations] == ["Công an tỉnh Lào Cai"]


def test_the_boundary_wins_over_a_given_box(tmp_path):
    bbox = parse_bbox("22.47,103.95,22.471,103.951")
    extract = read_map(write_ward(tmp_path), AreaRequest(WARD_NAME, bbox=bbox))
    assert extract.area.source == BOUNDARY


def test_a_boundary_of_another_ward_is_not_the_wards(tmp_path):
    path = ward_map(ward_name="Duyên Hải").write_pbf(tmp_path / "duyenhai.osm.pbf")
    with pytest.raises(UserError, match="Không xác định được khu vực của Cốc Lếu"):
        read_map(path, AreaRequest(WARD_NAME))


def test_without_boundary_or_box_the_households_with_positions_give_the_area(tmp_path, index):
    path = ward_map(boundary=False).write_pbf(tmp_path / "khong-ranh-gioi.osm.pbf")
    extract = read_map(path, AreaRequest(WARD_NAME, households=(lat_lon(600, 300),)))
    assert extract.area.source == HOUSEHOLDS
    x0, y0 = metres(extract.area.south, extract.area.west)
    x1, y1 = metres(extract.area.north, extract.area.east)
    assert [x0, y0, x1, y1] == pytest.approx([100, -200, 1100, 800], abs=5)  # 500 m around


def test_a_ward_sized_file_with_its_own_bounds_needs_nothing_else(tmp_path):
    osm = ward_map(boundary=False)
    south, west = lat_lon(-100, -100)
    north, east = lat_lon(900, 700)
    osm.bounds = (south, west, north, east)
    extract = read_map(osm.write_xml(tmp_path / "cocleu.osm"), AreaRequest(WARD_NAME))
    assert extract.area.source == FILE
    assert "Phố Nguyễn Huệ" in names(extract)


def test_nothing_that_tells_the_area_is_refused_in_one_sentence(tmp_path):
    path = ward_map(boundary=False).write_pbf(tmp_path / "khong-ranh-gioi.osm.pbf")
    with pytest.raises(UserError) as refused:  # the station alone is no ward's area
        read_map(path, AreaRequest(WARD_NAME, station=lat_lon(*POLICE_XY)))
    assert "--bbox S,W,N,E" in str(refused.value)


@pytest.mark.parametrize(
    ("name", "content", "sentence"),
    [
        ("cocleu.xlsx", b"PK", "không phải bản đồ OpenStreetMap"),
        ("cocleu.osm.pbf", b"\x00\x00\x00\x0dnot a map at all", "không đọc được như bản đồ"),
        ("cocleu.osm", b"<html>not a map</html>", "không đọc được như bản đồ"),
    ],
)
def test_a_file_that_is_not_a_map_is_refused(tmp_path, name, content, sentence):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UserError, match=sentence):
        read_map(path, AreaRequest(WARD_NAME, bbox=parse_bbox("22.4,103.9,22.5,104")))


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(UserError, match="Không tìm thấy tệp bản đồ"):
        read_map(tmp_path / "khong-co.osm.pbf", AreaRequest(WARD_NAME))


def test_a_truncated_pbf_is_refused(tmp_path):
    path = write_ward(tmp_path)
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(UserError, match="tệp hỏng hoặc chép chưa hết"):
        read_map(path, AreaRequest(WARD_NAME))


class Recorder(Progress):
    def __init__(self, cancel_at: int | None = None) -> None:
        super().__init__()
        self.steps: list[tuple[int, int]] = []
        self.cancel_at = cancel_at

    def show(self, done: int, total: int, text: str) -> None:
        self.steps.append((done, total))
        if self.cancel_at is not None and len(self.steps) >= self.cancel_at:
            self.cancel()


def big_ward(tmp_path):
    """The ward with 40,000 more nodes: a file of several PBF blocks."""
    osm = ward_map()
    for index in range(40_000):
        osm.node(2000 + index % 200, 2000 + index // 200)
    return osm.write_pbf(tmp_path / "lon.osm.pbf")


def test_progress_counts_the_bytes_of_every_pass_read_a_piece_at_a_time(tmp_path, monkeypatch):
    path = big_ward(tmp_path)
    whole = read_map(path, AreaRequest(WARD_NAME))
    monkeypatch.setattr(file_pieces, "PIECE_BYTES", 1)  # one block a piece
    progress = Recorder()
    pieces = read_map(path, AreaRequest(WARD_NAME), progress)

    assert names(pieces) == names(whole)
    assert len(pieces.address_points) == len(whole.address_points) == 4
    size = path.stat().st_size
    assert {total for _, total in progress.steps} == {3 * size}  # three passes
    done = [done for done, _ in progress.steps]
    assert done == sorted(done) and done[-1] == 3 * size
    assert len(done) >= 3 * 4  # several pieces a pass


def test_cancel_stops_the_reading(tmp_path, monkeypatch, index):
    path = big_ward(tmp_path)
    monkeypatch.setattr(file_pieces, "PIECE_BYTES", 1)
    with pytest.raises(Cancelled):
        read_map(path, AreaRequest(WARD_NAME), Recorder(cancel_at=2))


def test_a_way_partly_outside_the_file_keeps_the_nodes_it_has(tmp_path, index):
    osm = OsmMap()
    osm.relation([], type="boundary", boundary="administrative", name="Phường Cốc Lếu")
    known = [osm.node(0, 0), osm.node(50, 0)]
    osm.way([*known, 999_999], highway="footway", name="Lối đi")
    bbox = parse_bbox("22.47,103.95,22.49,103.97")
    extract = read_map(osm.write_pbf(tmp_path / "cut.osm.pbf"), AreaRequest(WARD_NAME, bbox))
    assert [list(way.node_ids) for way in extract.ways] == [known]


def test_a_countrys_file_keeps_only_the_areas_nodes_in_five_passes(tmp_path, monkeypatch):
    path = big_ward(tmp_path)  # 40,000 nodes 2 km away from the ward
    monkeypatch.setattr(osm_reader, "EVERY_NODE_INDEX_BYTES", 0)
    kept = []
    original = osmium.index.create_map

    def watched(kind: str):
        table = original(kind)
        kept.append(table)
        return table

    monkeypatch.setattr(osmium.index, "create_map", watched)
    progress = Recorder()
    extract = read_map(path, AreaRequest(WARD_NAME), progress)
    assert len(extract.address_points) == 4
    assert {total for _, total in progress.steps} == {5 * path.stat().st_size}
    (table,) = kept
    assert table.used_memory() < 40_000 * 16 / 4  # the ward's nodes, not the others

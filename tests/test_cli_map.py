"""`denkhuya map load`, `map locate` and `station`: the command-line contract."""

from __future__ import annotations

import json

import pytest

from desktop import cli
from desktop.commands import map as map_command
from desktop.commands import station as station_command
from tests import builders
from tests.services.maps.osm_files import POLICE_XY, lat_lon, ward_map, write_ward


@pytest.fixture(autouse=True)
def commands(monkeypatch):
    """The map and station commands, whether or not cli.py lists them yet."""
    modules = list(cli.COMMAND_MODULES)
    for module in (map_command, station_command):
        if module not in modules:
            modules.append(module)
    monkeypatch.setattr(cli, "COMMAND_MODULES", modules)


@pytest.fixture
def url(database) -> str:
    """A ward with three households without positions, one on a street not on the map."""
    with database.session() as session:
        group = builders.make_group(session, builders.make_ward(session))
        for house, street in (("20", "Hoàng Liên"), ("7", "đường Hoàng Liên"),
                              ("4", "phố Lý Công Uẩn")):  # fmt: skip
            builders.add_household(session, group, street=street, house_number=house,
                                   lat=None, lon=None)  # fmt: skip
    return database.url


def test_map_load_json_and_the_station_offer_on_stderr(url, tmp_path, capsys):
    path = write_ward(tmp_path)
    assert cli.run(["--db", url, "map", "load", str(path), "--json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert list(data) == ["ways", "named_streets", "address_points", "area"]
    assert (data["ways"], data["named_streets"], data["address_points"]) == (9, 4, 4)
    assert len(data["area"]) == 4 and data["area"][0] < data["area"][2]
    lat, lon = lat_lon(*POLICE_XY)
    assert f"denkhuya station {lat:.6f},{lon:.6f}" in captured.err
    assert "Đang đọc" in captured.err  # progress goes to stderr


def test_map_load_without_json_prints_one_line(url, tmp_path, capsys):
    path = write_ward(tmp_path, "xml")
    assert cli.run(["--db", url, "map", "load", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and out.startswith("Đã nạp bản đồ cocleu.osm ")


def test_map_load_with_a_bbox_when_the_file_has_no_boundary(url, tmp_path, capsys):
    path = ward_map(boundary=False).write_pbf(tmp_path / "khong-ranh-gioi.osm.pbf")
    south, west = lat_lon(-100, -100)
    north, east = lat_lon(900, 700)
    bbox = f"{south},{west},{north},{east}"
    assert cli.run(["--db", url, "map", "load", str(path), "--bbox", bbox, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["area"] == [
        round(v, 6) for v in (south, west, north, east)
    ]


@pytest.mark.parametrize(
    ("bbox", "sentence"),
    [
        ("22.5,103.9", "phải có dạng S,W,N,E"),
        ("22.5,103.9,22.4,104.0", "không hợp lệ"),
        ("21,102,23,105", "quá rộng"),
    ],
)
def test_a_bad_bbox_exits_2_in_one_sentence(url, tmp_path, capsys, bbox, sentence):
    path = write_ward(tmp_path)
    assert cli.run(["--db", url, "map", "load", str(path), "--bbox", bbox]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and sentence in captured.err
    assert len(captured.err.strip().splitlines()) == 1


def test_map_load_of_a_missing_file_exits_2(url, tmp_path, capsys):
    assert cli.run(["--db", url, "map", "load", str(tmp_path / "khong-co.osm.pbf")]) == 2
    assert capsys.readouterr().err.startswith("Không tìm thấy tệp bản đồ")


def test_map_locate_json_lists_the_unplaced(url, tmp_path, capsys):
    assert cli.run(["--db", url, "map", "load", str(write_ward(tmp_path))]) == 0
    capsys.readouterr()
    assert cli.run(["--db", url, "map", "locate", "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out) == {
        "located": 2,
        "by_address_point": 1,
        "interpolated": 1,
        "unplaced": [
            {
                "household_code": "COCLEU-000003",
                "address": "Số 4, phố Lý Công Uẩn",
                "why": "Không có “phố Lý Công Uẩn” trên bản đồ đã nạp.",
            }
        ],
    }
    assert "COCLEU-000003" in captured.err


def test_map_locate_before_any_map_exits_2(url, capsys):
    assert cli.run(["--db", url, "map", "locate"]) == 2
    assert capsys.readouterr().err.startswith("Chưa có bản đồ")


def test_station_sets_and_shows_the_location(url, capsys):
    assert cli.run(["--db", url, "station", "22.4829,103.9610", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "station": "Công an phường Cốc Lếu",
        "lat": 22.4829,
        "lon": 103.961,
    }
    assert cli.run(["--db", url, "station"]) == 0
    assert capsys.readouterr().out == ("Vị trí Công an phường Cốc Lếu: 22.482900, 103.961000.\n")


@pytest.mark.parametrize(
    ("point", "sentence"),
    [("103.96,22.48", "Vĩ độ 103,96 của trụ sở nằm ngoài"), ("abc", "phải có dạng LAT,LON")],
)
def test_station_outside_vietnam_or_malformed_exits_2(url, capsys, point, sentence):
    assert cli.run(["--db", url, "station", point]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and sentence in captured.err

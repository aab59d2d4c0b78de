"""`map load`: the ward's map kept in the database, replaced (and audited) by the next."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import func, select

from desktop.db.models import AuditEntry, MapAddressPoint, MapPoliceStation, MapWay
from desktop.domain.errors import UserError
from desktop.services.maps.area import parse_bbox
from desktop.services.maps.loading import load_map
from desktop.services.maps.storing import map_info, stored_ways, ward_station_on_map
from desktop.services.progress import Cancelled, Progress
from tests.services.maps.osm_files import POLICE_XY, lat_lon, metres, ward_map


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_load_keeps_the_map_and_says_what_it_holds(database, ward, map_file):
    with database.session() as session:
        result = load_map(session, map_file)
    assert result.as_json() == {
        "ways": 9,
        "named_streets": 4,  # Đường Hoàng Liên, Ngõ 12 Hoàng Liên, Phố Nguyễn Huệ, Phố Bờ Bắc
        "address_points": 4,
        "area": result.info.area.as_list(),
    }
    south, west, north, east = result.as_json()["area"]
    # The boundary and 200 m around it.
    assert [*metres(south, west), *metres(north, east)] == pytest.approx(
        [-100 - 200, -100 - 200, 900 + 200, 700 + 200], abs=2
    )
    assert result.summary().startswith(
        "Đã nạp bản đồ cocleu.osm.pbf trong ranh giới “Phường Cốc Lếu”: 9 đoạn đường"
    )
    with database.session() as session:
        assert count(session, MapWay) == 9
        assert count(session, MapAddressPoint) == 4
        assert count(session, MapPoliceStation) == 2
        keys = set(session.scalars(select(MapWay.name_key)))
        assert keys == {"hoang lien", "hoang lien#12", "nguyen hue", "bo bac", None}
        ways = {way.name: way for way in stored_ways(session)}
        lane = ways["Ngõ 12 Hoàng Liên"]
        assert len(lane.node_ids) == len(lane.lat_lon) == 3
        assert np.allclose(metres(*lane.lat_lon[-1]), (48, 420), atol=0.05)
        assert ways["Phố Nguyễn Huệ"].highway == "tertiary"


def test_the_police_station_named_like_the_ward_is_offered(database, ward, map_file):
    with database.session() as session:
        result = load_map(session, map_file)
        station = ward_station_on_map(session, "Cốc Lếu")
    assert station is not None and station.name == "Công an phường Cốc Lếu"
    assert (station.lat, station.lon) == lat_lon(*POLICE_XY)
    assert result.station_offer() == (
        "Bản đồ có trụ sở “Công an phường Cốc Lếu” (22.482894,103.960972); dùng làm vị trí "
        "trụ sở: denkhuya station 22.482894,103.960972"
    )


def test_loading_again_replaces_the_map_and_is_audited(database, ward, tmp_path, map_file):
    smaller = ward_map(boundary=False).write_pbf(tmp_path / "nho.osm.pbf")
    bbox = parse_bbox(",".join(str(v) for v in (*lat_lon(-10, 250), *lat_lon(900, 350))))
    with database.session() as session:
        load_map(session, map_file)
    with database.session() as session:
        again = load_map(session, smaller, bbox)
    assert again.replaced and again.info.area.source == "bbox"
    assert again.summary().startswith("Đã nạp lại bản đồ nho.osm.pbf trong khung toạ độ đã cho")
    with database.session() as session:
        assert count(session, MapWay) == again.info.ways < 9
        assert map_info(session).file_name == "nho.osm.pbf"
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity_type == "ward_map").order_by(AuditEntry.id)
        ).all()
    assert [(e.action, e.reason, e.source) for e in entries] == [
        ("create", "map", "cocleu.osm.pbf"),
        ("update", "map", "nho.osm.pbf"),
    ]
    assert entries[1].changes["file"] == ["cocleu.osm.pbf", "nho.osm.pbf"]
    assert entries[1].changes["ways"] == [9, again.info.ways]


def test_a_cancelled_load_leaves_the_map_before_it(database, ward, map_file, tmp_path):
    with database.session() as session:
        load_map(session, map_file)
    stopped = Progress()
    stopped.cancel()
    other = ward_map().write_xml(tmp_path / "khac.osm")
    with pytest.raises(Cancelled), database.session() as session:
        load_map(session, other, None, stopped)
    with database.session() as session:
        assert map_info(session).file_name == "cocleu.osm.pbf"
        assert count(session, MapWay) == 9


def test_the_households_with_positions_give_the_area_when_nothing_else_does(
    database, ward, tmp_path
):
    # ward["listed"] has a position from the ward's list; the station (22.49, 103.97) too.
    path = ward_map(boundary=False).write_pbf(tmp_path / "khong-ranh-gioi.osm.pbf")
    with database.session() as session:
        result = load_map(session, path)
    assert result.info.area.source == "households"
    assert result.summary().startswith(
        "Đã nạp bản đồ khong-ranh-gioi.osm.pbf quanh các hộ đã có toạ độ"
    )


def test_no_ward_no_map(database, map_file):
    with pytest.raises(UserError, match="chưa có phường/xã"), database.session() as session:
        load_map(session, map_file)

"""The map in the database: replacing it with what a file held, and reading it back.

A way's nodes are kept as two small blobs (ids as int64, coordinates as int32 pairs in
1e-7 degrees, both little-endian), so a ward's few thousand ways load in milliseconds
and ways that meet share a node id, which is how a walking network is joined later.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from desktop.db.models import MapAddressPoint, MapPoliceStation, MapWay, WardMap
from desktop.domain.names import normalize_name
from desktop.domain.street_names import named_like_ward, street_address
from desktop.services import audit
from desktop.services.maps.area import Area
from desktop.services.maps.osm_reader import MapExtract, ReadWay

MAP = "map"  # the audit reason of what the map did
_BATCH = 2_000


@dataclass(frozen=True)
class StoredWay:
    """A walkable way as locating and drawing use it."""

    id: int
    name: str | None
    name_key: str | None
    other_names: tuple[str, ...]
    highway: str
    bridge: bool
    node_ids: np.ndarray  # (n,) int64
    lat_lon: np.ndarray  # (n, 2) degrees


@dataclass(frozen=True)
class StoredAddressPoint:
    house_number: str
    street: str
    lat: float
    lon: float


@dataclass(frozen=True)
class PoliceStation:
    name: str | None
    lat: float
    lon: float


@dataclass(frozen=True)
class MapInfo:
    """The map loaded last."""

    file_name: str
    loaded_at: datetime
    area: Area
    ways: int
    named_streets: int
    address_points: int


def way_key(name: str | None) -> str | None:
    """The key a way's name is matched by (a street's, or a lane's "hoang lien#12")."""
    if not name:
        return None
    return street_address(None, None, name).way_key or None


def replace_map(session: Session, extract: MapExtract, file_name: str, ward_code: str) -> MapInfo:
    """Put the map read from a file in place of the one before (audited); its summary."""
    before = session.scalars(select(WardMap)).first()
    for model in (MapWay, MapAddressPoint, MapPoliceStation, WardMap):
        session.execute(delete(model))
    _insert(session, MapWay, (_way_row(way) for way in extract.ways))
    _insert(session, MapAddressPoint, (_address_row(point) for point in extract.address_points))
    _insert(
        session,
        MapPoliceStation,
        (
            {
                "osm_type": station.osm_type,
                "osm_id": station.osm_id,
                "name": station.name,
                "lat": station.lat,
                "lon": station.lon,
            }
            for station in extract.police_stations
        ),
    )
    area = extract.area
    info = WardMap(
        file_name=file_name[:300],
        loaded_at=datetime.now(UTC).replace(tzinfo=None),
        loaded_by=audit.current_actor()[:100],
        south=area.south,
        west=area.west,
        north=area.north,
        east=area.east,
        area_source=area.source,
        ways=len(extract.ways),
        named_streets=len({normalize_name(way.name) for way in extract.ways if way.name}),
        address_points=len(extract.address_points),
    )
    session.add(info)
    session.flush()
    audit.record_change(
        session,
        action="update" if before is not None else "create",
        reason=MAP,
        entity_type="ward_map",
        entity_key=ward_code,
        changes=audit.changed_fields(_audited(before), _audited(info)),
        source=file_name,
    )
    return _info(info)


def _audited(row: WardMap | None) -> dict:
    if row is None:
        return {}
    return {
        "file": row.file_name,
        "area": [round(v, 6) for v in (row.south, row.west, row.north, row.east)],
        "area_source": row.area_source,
        "ways": row.ways,
        "named_streets": row.named_streets,
        "address_points": row.address_points,
    }


def _insert(session: Session, model, rows: Iterable[dict]) -> None:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _BATCH:
            session.execute(insert(model.__table__), batch)
            batch = []
    if batch:
        session.execute(insert(model.__table__), batch)


def _way_row(way: ReadWay) -> dict:
    coords = np.column_stack(
        [np.frombuffer(way.lats, dtype=np.int32), np.frombuffer(way.lons, dtype=np.int32)]
    )
    return {
        "osm_id": way.osm_id,
        "name": way.name,
        "name_key": way_key(way.name),
        "other_names": way.other_names or None,
        "highway": way.highway,
        "bridge": way.bridge,
        "node_ids": np.frombuffer(way.node_ids, dtype=np.int64).astype("<i8").tobytes(),
        "coords": coords.astype("<i4").tobytes(),
    }


def _address_row(point) -> dict:
    return {
        "osm_type": point.osm_type,
        "osm_id": point.osm_id,
        "house_number": point.house_number[:50],
        "street": point.street[:200],
        "street_key": street_address(None, None, point.street).way_key[:200],
        "lat": point.lat,
        "lon": point.lon,
    }


# Reading back -----------------------------------------------------------------------


def map_info(session: Session) -> MapInfo | None:
    """The map loaded last; None before any."""
    row = session.scalars(select(WardMap)).first()
    return _info(row) if row is not None else None


def _info(row: WardMap) -> MapInfo:
    return MapInfo(
        file_name=row.file_name,
        loaded_at=row.loaded_at,
        area=Area(row.south, row.west, row.north, row.east, row.area_source),
        ways=row.ways,
        named_streets=row.named_streets,
        address_points=row.address_points,
    )


def stored_ways(session: Session) -> list[StoredWay]:
    """Every walkable way of the map, with its nodes."""
    rows = session.execute(
        select(
            MapWay.id,
            MapWay.name,
            MapWay.name_key,
            MapWay.other_names,
            MapWay.highway,
            MapWay.bridge,
            MapWay.node_ids,
            MapWay.coords,
        ).order_by(MapWay.id)
    ).all()
    return [
        StoredWay(
            id=row.id,
            name=row.name,
            name_key=row.name_key,
            other_names=tuple(row.other_names or ()),
            highway=row.highway,
            bridge=row.bridge,
            node_ids=np.frombuffer(row.node_ids, dtype="<i8").astype(np.int64),
            lat_lon=np.frombuffer(row.coords, dtype="<i4").reshape(-1, 2) / 1e7,
        )
        for row in rows
    ]


def stored_address_points(session: Session) -> list[StoredAddressPoint]:
    rows = session.execute(
        select(
            MapAddressPoint.house_number,
            MapAddressPoint.street,
            MapAddressPoint.lat,
            MapAddressPoint.lon,
        ).order_by(MapAddressPoint.id)
    ).all()
    return [StoredAddressPoint(*row) for row in rows]


def police_stations(session: Session) -> list[PoliceStation]:
    rows = session.execute(
        select(MapPoliceStation.name, MapPoliceStation.lat, MapPoliceStation.lon).order_by(
            MapPoliceStation.id
        )
    ).all()
    return [PoliceStation(*row) for row in rows]


def ward_station_on_map(session: Session, ward_name: str) -> PoliceStation | None:
    """The police station on the map named like the ward ("Công an phường Cốc Lếu")."""
    named = [s for s in police_stations(session) if named_like_ward(s.name, ward_name)]
    return named[0] if named else None


def map_way_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(MapWay)) or 0

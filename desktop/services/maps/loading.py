"""`map load`: read the ward's part of an OpenStreetMap extract and keep it as its map."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import Household, ResidentialGroup, Ward
from desktop.domain import roles
from desktop.domain.errors import UserError
from desktop.domain.numbers import number
from desktop.domain.positions import ESTIMATED
from desktop.services import signed_in
from desktop.services.maps.area import Area, LatLon
from desktop.services.maps.osm_reader import AreaRequest, read_map
from desktop.services.maps.storing import (
    MapInfo,
    PoliceStation,
    replace_map,
    ward_station_on_map,
)
from desktop.services.progress import Progress
from desktop.services.wards import current_ward


@dataclass(frozen=True)
class MapLoadResult:
    """What was kept of the file, and the ward's police station if the map has it."""

    info: MapInfo
    boundary_name: str | None
    replaced: bool
    station_on_map: PoliceStation | None
    station_set: bool  # the ward's station already has coordinates

    def as_json(self) -> dict:
        return {
            "ways": self.info.ways,
            "named_streets": self.info.named_streets,
            "address_points": self.info.address_points,
            "area": self.info.area.as_list(),
        }

    def summary(self) -> str:
        info = self.info
        where = {
            "boundary": f"trong ranh giới “{self.boundary_name}”",
            "bbox": "trong khung toạ độ đã cho",
            "households": "quanh các hộ đã có toạ độ",
            "file": "trong phạm vi của tệp",
        }.get(info.area.source, "")
        verb = "Đã nạp lại bản đồ" if self.replaced else "Đã nạp bản đồ"
        return (
            f"{verb} {info.file_name} {where}: {number(info.ways)} đoạn đường đi bộ được, "
            f"{number(info.named_streets)} tên phố, ngõ; {number(info.address_points)} điểm "
            "địa chỉ."
        )

    def station_offer(self) -> str | None:
        """The sentence offering the map's police station as the ward's, if there is one."""
        station = self.station_on_map
        if station is None:
            return None
        where = f"{station.lat:.6f},{station.lon:.6f}"
        return (
            f"Bản đồ có trụ sở “{station.name}” ({where}); dùng làm vị trí trụ sở: "
            f"denkhuya station {where}"
        )


def load_map(
    session: Session, path: Path, bbox: Area | None = None, progress: Progress | None = None
) -> MapLoadResult:
    """Read the ward's walkable ways, address points and police stations from `path`
    (.osm.pbf or .osm) and keep them in place of the map before (audited).

    The area is the ward's OSM boundary when the file has it, else `bbox`, else a margin
    around the households that have positions, else the file's own bounds when they
    are ward-sized. Raises UserError without a ward, for a file that is missing or not
    a map, and when the area cannot be told; Cancelled when the user stops it (nothing
    is changed then).
    """
    signed_in.require(roles.SETTINGS)
    ward = current_ward(session)
    if ward is None:
        raise UserError("Cơ sở dữ liệu chưa có phường/xã nào; hãy nhập danh sách hộ trước.")
    station = (
        (ward.station_lat, ward.station_lon)
        if ward.station_lat is not None and ward.station_lon is not None
        else None
    )
    request = AreaRequest(ward.name, bbox, tuple(_households_placed(session, ward)), station)
    extract = read_map(path, request, progress)
    had_map = _has_map(session)
    info = replace_map(session, extract, path.name, ward.code)
    return MapLoadResult(
        info=info,
        boundary_name=extract.boundary_name,
        replaced=had_map,
        station_on_map=ward_station_on_map(session, ward.name),
        station_set=ward.station_lat is not None and ward.station_lon is not None,
    )


def _households_placed(session: Session, ward: Ward) -> list[LatLon]:
    """The households whose positions did not come from a map."""
    rows = session.execute(
        select(Household.lat, Household.lon)
        .join(ResidentialGroup, ResidentialGroup.id == Household.group_id)
        .where(
            ResidentialGroup.ward_id == ward.id,
            Household.lat.is_not(None),
            Household.lon.is_not(None),
            Household.position_source.is_(None) | Household.position_source.not_in(ESTIMATED),
        )
    ).all()
    return [(row.lat, row.lon) for row in rows]


def _has_map(session: Session) -> bool:
    from desktop.db.models import WardMap

    return session.scalar(select(WardMap.id).limit(1)) is not None

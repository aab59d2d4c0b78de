"""Placing a household by hand, and confirming a position `map locate` estimated.

An officer who drags a household's marker, clicks where it stands, nudges it with the
arrow keys, or confirms an estimate as it is gives the household a *confirmed* position
(desktop.domain.positions.CONFIRMED): `map locate` never moves it again. Every change is
audited with the old and new coordinates and source, and bumps the household's version,
so a desk still showing the old form is told (services.households.check_version).

A position outside the loaded map's area (or, with no map, outside Vietnam) is refused
with a sentence: it is a slip of the mouse, not a house.

`position_surroundings` gives the household dialog's map picker what it draws: the
map's streets and the located households around the house, in metres.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import Household, MapWay, ResidentialGroup
from desktop.domain import roles
from desktop.domain.errors import UserError
from desktop.domain.numbers import number
from desktop.domain.positions import CONFIRMED
from desktop.domain.street_names import street_key
from desktop.services import audit, signed_in
from desktop.services.households import check_version, load_household
from desktop.services.maps.area import Area
from desktop.services.maps.storing import map_info
from desktop.services.planning.geometry import to_lat_lon, to_metres
from desktop.services.wards import current_ward

LatLon = tuple[float, float]
Point = tuple[float, float]  # metres east and north of an origin

# Vietnam lies within this box; with no map loaded, a position outside it is a mistake.
VIETNAM = Area(8.0, 102.0, 23.5, 110.0)
# Stored to 7 decimals (about 1 cm), as the map's own coordinates.
_DECIMALS = 7
# Two positions closer than this (degrees, about 1 cm) are the same.
_SAME = 1.5e-7
# What the picker shows around the house: streets and households this far out.
SURROUNDINGS_M = 450.0
_MAX_NEIGHBOURS = 3_000


@dataclass(frozen=True)
class PlacedHousehold:
    """A household after it was placed: where it is now, and where it was."""

    id: int
    code: str
    address: str
    lat: float
    lon: float
    version: int
    previous: LatLon | None  # None: it had no position before


@dataclass(frozen=True)
class ConfirmResult:
    """What "Xác nhận vị trí" did to the households it was given."""

    confirmed: tuple[str, ...]  # codes of the households whose position is now confirmed
    already: int  # already confirmed: left as they were
    without_position: tuple[str, ...]  # codes of those with no position to confirm

    def summary(self) -> str:
        parts = [f"Đã xác nhận vị trí {number(len(self.confirmed))} hộ"]
        if self.already:
            parts.append(f"{number(self.already)} hộ đã được xác nhận từ trước")
        if self.without_position:
            parts.append(
                f"{number(len(self.without_position))} hộ chưa có vị trí (hãy đặt trên bản đồ)"
            )
        return "; ".join(parts) + "."


def check_position(session: Session, lat: float, lon: float) -> None:
    """Refuse (UserError) a position that cannot be a house of this ward: not a number,
    outside the loaded map's area, or (with no map) outside Vietnam."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise UserError("Vị trí vừa chọn không phải là toạ độ hợp lệ; hãy đặt lại hộ.")
    info = map_info(session)
    shown = f"{_decimal(lat)}, {_decimal(lon)}"
    if info is not None:
        if not info.area.contains(lat, lon):
            raise UserError(
                f"Vị trí {shown} nằm ngoài vùng bản đồ của phường; hãy đặt hộ vào chỗ có "
                "đường phố trên bản đồ đã nạp."
            )
    elif not VIETNAM.contains(lat, lon):
        raise UserError(
            f"Vị trí {shown} nằm ngoài lãnh thổ Việt Nam (vĩ độ từ 8 đến 23,5, kinh độ từ "
            "102 đến 110); hãy đặt lại hộ."
        )


def place_household(
    session: Session,
    household_id: int,
    lat: float,
    lon: float,
    expected_version: int | None = None,
    expected_position: tuple[float | None, float | None] | None = None,
) -> PlacedHousehold:
    """Put a household at (lat, lon), confirmed by the officer; audited, version bumped.

    `expected_version` (the household dialog's) or `expected_position` (what the map
    showed: (None, None) for a household without a position) refuse a save over a
    change another desk made meanwhile. Raises UserError for that, for a household
    that is gone, for a position check_position() refuses, and (NotAllowed) for a role
    that may not change households.
    """
    signed_in.require(roles.REGISTER_EDIT)
    household = load_household(session, household_id)
    check_version(household.version, expected_version, "Hộ này")
    if expected_position is not None and not _same(
        (household.lat, household.lon), expected_position
    ):
        raise UserError(
            f"Vị trí hộ {household.address or household.code} vừa được người khác sửa; hãy "
            "bấm “Lập tuyến” (F5) để đọc lại rồi đặt lại."
        )
    check_position(session, lat, lon)
    previous = (
        (household.lat, household.lon)
        if household.lat is not None and household.lon is not None
        else None
    )
    before = _position(household)
    household.lat, household.lon = round(lat, _DECIMALS), round(lon, _DECIMALS)
    household.position_source = CONFIRMED
    changes = audit.changed_fields(before, _position(household))
    if changes:
        session.flush()  # bumps the version
        audit.record_change(
            session,
            action="update",
            reason=audit.EDIT,
            entity_type="household",
            entity_key=household.code,
            changes=changes,
        )
    return PlacedHousehold(
        id=household.id,
        code=household.code,
        address=household.address,
        lat=household.lat,
        lon=household.lon,
        version=household.version,
        previous=previous,
    )


def confirm_positions(
    session: Session, household_ids: Iterable[int], shown: Mapping[int, LatLon] | None = None
) -> ConfirmResult:
    """Mark the households' present positions confirmed (an officer checked them), so
    `map locate` keeps them; one audit entry a household changed, versions bumped.

    `shown` gives where a map drew households that have no stored position (the
    planner's estimate from their street's neighbours): confirming one stores it there.
    Households already confirmed are left alone; those with no position at all are
    named in the result. Raises UserError when none of them has a position to confirm,
    or when a shown position is off the map (check_position).
    """
    signed_in.require(roles.REGISTER_EDIT)
    shown = shown or {}
    ids = list(dict.fromkeys(household_ids))
    chosen = [load_household(session, household_id) for household_id in ids]
    confirmed, without, already = [], [], 0
    entries = []
    for household in chosen:
        if household.lat is None or household.lon is None:
            if household.id not in shown:
                without.append(household.code)
                continue
            lat, lon = shown[household.id]
            check_position(session, lat, lon)
            before = _position(household)
            household.lat, household.lon = round(lat, _DECIMALS), round(lon, _DECIMALS)
        elif household.position_source == CONFIRMED:
            already += 1
            continue
        else:
            before = _position(household)
        household.position_source = CONFIRMED
        entries.append(
            audit.audit_row(
                action="update",
                reason=audit.EDIT,
                entity_type="household",
                entity_key=household.code,
                changes=audit.changed_fields(before, _position(household)),
            )
        )
        confirmed.append(household.code)
    if chosen and len(without) == len(chosen):
        raise UserError(
            "Các hộ đã chọn chưa có vị trí để xác nhận; hãy đặt hộ trên bản đồ (kéo điểm "
            "của hộ, hoặc “Đặt vị trí hộ đã chọn”)."
        )
    if entries:
        session.flush()
        audit.record_changes(session, entries)
    return ConfirmResult(tuple(confirmed), already, tuple(without))


def _position(household: Household) -> dict:
    return {
        "lat": household.lat,
        "lon": household.lon,
        "position_source": household.position_source,
    }


def _same(stored: tuple[float | None, float | None], expected: Sequence[float | None]) -> bool:
    for have, want in zip(stored, expected, strict=True):
        if (have is None) != (want is None):
            return False
        if have is not None and abs(have - want) > _SAME:
            return False
    return True


def _decimal(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".").replace(".", ",")


# What the map picker draws ------------------------------------------------------------


@dataclass(frozen=True)
class SurroundingStreet:
    name: str | None
    points: np.ndarray  # (n, 2) metres


@dataclass(frozen=True)
class Neighbour:
    """A located household near the one being placed, labelled by its house number."""

    label: str
    x: float
    y: float


@dataclass(frozen=True)
class Surroundings:
    """The map around a house, in metres east and north of `origin`."""

    origin: LatLon
    streets: tuple[SurroundingStreet, ...]
    neighbours: tuple[Neighbour, ...]
    position: Point | None  # the household's position now (None: it has none)
    bounds: tuple[float, float, float, float]  # the map's area: west, south, east, north

    def lat_lon(self, point: Point) -> LatLon:
        """The (lat, lon) of a point of the picker, to 7 decimals."""
        lat, lon = to_lat_lon(point, self.origin)
        return round(lat, _DECIMALS), round(lon, _DECIMALS)

    def metres(self, lat: float, lon: float) -> Point:
        x, y = to_metres([(lat, lon)], self.origin)[0]
        return float(x), float(y)


def position_surroundings(
    session: Session,
    household_id: int | None = None,
    near: LatLon | None = None,
    street: str | None = None,
    radius_m: float = SURROUNDINGS_M,
) -> Surroundings | None:
    """The streets and located households around a house; None when no map is loaded.

    Centred on `near` (the dialog's coordinates) when it lies on the map, else on the
    household's stored position, else on the located houses of its `street`, else on
    the station, else on the middle of the map.
    """
    info = map_info(session)
    if info is None:
        return None
    area = info.area
    household = session.get(Household, household_id) if household_id is not None else None
    position = (
        (household.lat, household.lon)
        if household is not None and household.lat is not None and household.lon is not None
        else None
    )
    centre = _centre(session, area, near, position, street)
    streets = _streets_near(session, centre, radius_m)
    neighbours = _neighbours(session, centre, radius_m, household_id)
    west, south = to_metres([(area.south, area.west)], centre)[0]
    east, north = to_metres([(area.north, area.east)], centre)[0]
    here = near if near is not None and area.contains(*near) else position
    point = None
    if here is not None:
        x, y = to_metres([here], centre)[0]
        point = (float(x), float(y))
    return Surroundings(
        origin=centre,
        streets=streets,
        neighbours=neighbours,
        position=point,
        bounds=(float(west), float(south), float(east), float(north)),
    )


def _centre(
    session: Session,
    area: Area,
    near: LatLon | None,
    position: LatLon | None,
    street: str | None,
) -> LatLon:
    for candidate in (near, position):
        if candidate is not None and area.contains(*candidate):
            return candidate
    ward = current_ward(session)
    key = street_key(street)
    if key and ward is not None:
        # The ward's list writes one street several ways ("đường Hoàng Liên", "Hoàng Liên").
        rows = session.execute(
            select(Household.street, func.avg(Household.lat), func.avg(Household.lon), func.count())
            .join(ResidentialGroup, ResidentialGroup.id == Household.group_id)
            .where(
                ResidentialGroup.ward_id == ward.id,
                Household.street.is_not(None),
                Household.lat.is_not(None),
                Household.lon.is_not(None),
            )
            .group_by(Household.street)
        ).all()
        same = [(lat, lon, count) for name, lat, lon, count in rows if street_key(name) == key]
        if same:
            total = sum(count for _, _, count in same)
            middle = (
                sum(lat * count for lat, _, count in same) / total,
                sum(lon * count for _, lon, count in same) / total,
            )
            if area.contains(*middle):
                return middle
    station = (ward.station_lat, ward.station_lon) if ward is not None else (None, None)
    if station[0] is not None and station[1] is not None and area.contains(*station):
        return station
    return area.middle


def _box(centre: LatLon, radius_m: float) -> Area:
    return Area(centre[0], centre[1], centre[0], centre[1]).around(radius_m)


def _streets_near(
    session: Session, centre: LatLon, radius_m: float
) -> tuple[SurroundingStreet, ...]:
    """The map's walkable ways whose extent meets the box around the centre."""
    box = _box(centre, radius_m * 1.5)
    low = np.asarray([box.south, box.west]) * 1e7
    high = np.asarray([box.north, box.east]) * 1e7
    streets = []
    for name, coords in session.execute(select(MapWay.name, MapWay.coords).order_by(MapWay.id)):
        nodes = np.frombuffer(coords, dtype="<i4").reshape(-1, 2)
        if np.all(nodes.min(axis=0) <= high) and np.all(nodes.max(axis=0) >= low):
            streets.append(SurroundingStreet(name, to_metres(nodes / 1e7, centre)))
    return tuple(streets)


def _neighbours(
    session: Session, centre: LatLon, radius_m: float, household_id: int | None
) -> tuple[Neighbour, ...]:
    ward = current_ward(session)
    if ward is None:
        return ()
    box = _box(centre, radius_m * 1.5)
    query = (
        select(Household.house_number, Household.lat, Household.lon)
        .join(ResidentialGroup, ResidentialGroup.id == Household.group_id)
        .where(
            ResidentialGroup.ward_id == ward.id,
            Household.lat.between(box.south, box.north),
            Household.lon.between(box.west, box.east),
        )
        .limit(_MAX_NEIGHBOURS)
    )
    if household_id is not None:
        query = query.where(Household.id != household_id)
    rows = session.execute(query).all()
    if not rows:
        return ()
    metres = to_metres([(row.lat, row.lon) for row in rows], centre)
    return tuple(
        Neighbour(row.house_number or "", float(x), float(y))
        for row, (x, y) in zip(rows, metres, strict=True)
    )

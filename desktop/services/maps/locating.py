"""`map locate`: a position for every household without one, from its address and the map.

A household's street is looked up among the map's named ways by its key (Vietnamese
folding, the kind words left out: desktop.domain.street_names). Its house stands at
the address point with its number when the map has one, else it is placed by its
number along the street (desktop.domain.house_numbering): between the numbered points
and the street's ends, odd and even numbers on opposite sides. A lane the map draws
is a street of its own; one it does not draw branches off its street at the lane's
number. A household whose street is not on the map stays unplaced, with the reason:
nothing is put somewhere by guess.

Only households without a position, or with an estimate of an earlier `locate`, are
placed: an officer's confirmed position and the ward's list's are never touched.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import bindparam, func, or_, select, update
from sqlalchemy.orm import Session

from desktop.db.models import Household, ResidentialGroup, Ward
from desktop.domain import roles
from desktop.domain.errors import UserError
from desktop.domain.house_numbering import Numbering, street_numbering
from desktop.domain.numbers import number
from desktop.domain.polylines import Polyline, longest_chains
from desktop.domain.positions import ADDRESS_POINT, ESTIMATED, INTERPOLATED, may_locate
from desktop.domain.street_names import (
    StreetAddress,
    house_value,
    lane_key,
    split_lane_key,
    street_address,
)
from desktop.services import audit, signed_in
from desktop.services.maps.storing import (
    MAP,
    StoredWay,
    map_info,
    stored_address_points,
    stored_ways,
)
from desktop.services.planning.geometry import to_lat_lon, to_metres
from desktop.services.progress import Progress
from desktop.services.wards import current_ward

# A map lane named only "Ngõ 12" is the household's "ngõ 12, Hoàng Liên" when it
# reaches this close to Hoàng Liên.
_LANE_REACH_M = 40.0

Point = tuple[float, float]


@dataclass(frozen=True)
class Unplaced:
    household_code: str
    address: str
    why: str

    def as_json(self) -> dict:
        return {"household_code": self.household_code, "address": self.address, "why": self.why}


@dataclass(frozen=True)
class LocateResult:
    by_address_point: int
    interpolated: int
    unplaced: tuple[Unplaced, ...]
    kept: int  # households whose confirmed or listed position was left as it is

    @property
    def located(self) -> int:
        return self.by_address_point + self.interpolated

    def as_json(self) -> dict:
        return {
            "located": self.located,
            "by_address_point": self.by_address_point,
            "interpolated": self.interpolated,
            "unplaced": [household.as_json() for household in self.unplaced],
        }

    def summary(self) -> str:
        text = (
            f"Đã định vị {number(self.located)} hộ theo địa chỉ "
            f"({number(self.by_address_point)} theo điểm địa chỉ trên bản đồ, "
            f"{number(self.interpolated)} nội suy theo số nhà)"
        )
        if self.unplaced:
            text += f"; {number(len(self.unplaced))} hộ chưa định vị được"
        return text + "."


@dataclass(frozen=True)
class _Household:
    id: int
    code: str
    address: str
    street: str | None
    lane: str | None
    house_number: str | None
    lat: float | None
    lon: float | None
    source: str | None


def locate_households(session: Session, progress: Progress | None = None) -> LocateResult:
    """Place every household of the ward that has no position (or only an earlier
    estimate) from its address and the loaded map; audited, one entry a household.

    Raises UserError when there is no ward or no map yet.
    """
    signed_in.require(roles.SETTINGS)
    progress = progress or Progress()
    ward = current_ward(session)
    if ward is None:
        raise UserError("Cơ sở dữ liệu chưa có phường/xã nào; hãy nhập danh sách hộ trước.")
    info = map_info(session)
    if info is None:
        raise UserError(
            "Chưa có bản đồ của phường; hãy nạp bản đồ trước (denkhuya map load TỆP.osm.pbf)."
        )
    households = _households(session, ward)
    to_place = [h for h in households if may_locate(h.lat is not None, h.source)]
    origin = info.area.middle
    centre = _centre(ward, origin)
    streets = StreetMap(session, origin, centre, households)
    placed: list[tuple[_Household, Point, str]] = []
    unplaced: list[Unplaced] = []
    for index, household in enumerate(to_place):
        if index % 500 == 0:
            progress.step(index, len(to_place), "Đang định vị các hộ theo địa chỉ…")
        found = streets.locate(household.house_number, household.lane, household.street)
        if isinstance(found, str):
            unplaced.append(Unplaced(household.code, household.address, found))
        else:
            placed.append((household, to_lat_lon(found[0], origin), found[1]))
    _write(session, placed, info.file_name)
    progress.step(len(to_place), len(to_place), "Đang định vị các hộ theo địa chỉ…")
    return LocateResult(
        by_address_point=sum(1 for _, _, source in placed if source == ADDRESS_POINT),
        interpolated=sum(1 for _, _, source in placed if source == INTERPOLATED),
        unplaced=tuple(unplaced),
        kept=len(households) - len(to_place),
    )


def households_without_position(session: Session) -> int:
    """How many households of the current ward have no position at all."""
    ward = current_ward(session)
    if ward is None:
        return 0
    count = session.scalar(
        select(func.count(Household.id))
        .join(ResidentialGroup, ResidentialGroup.id == Household.group_id)
        .where(ResidentialGroup.ward_id == ward.id, Household.lat.is_(None))
    )
    return count or 0


def _households(session: Session, ward: Ward) -> list[_Household]:
    rows = session.execute(
        select(
            Household.id,
            Household.code,
            Household.address,
            Household.street,
            Household.lane,
            Household.house_number,
            Household.lat,
            Household.lon,
            Household.position_source,
        )
        .join(ResidentialGroup, ResidentialGroup.id == Household.group_id)
        .where(ResidentialGroup.ward_id == ward.id)
        .order_by(Household.address_sort_key, Household.id)
    ).all()
    return [_Household(*row) for row in rows]


def _centre(ward: Ward, origin: Point) -> Point:
    """Where numbering starts when nothing else says: the station, else the map's middle."""
    if ward.station_lat is not None and ward.station_lon is not None:
        x, y = to_metres([(ward.station_lat, ward.station_lon)], origin)[0]
        return (float(x), float(y))
    return (0.0, 0.0)


def _write(session: Session, placed: list[tuple[_Household, Point, str]], source: str) -> None:
    """Store the positions (never over one confirmed meanwhile) and audit each change."""
    if not placed:
        return
    table = Household.__table__
    statement = (
        update(table)
        .where(
            table.c.id == bindparam("b_id"),
            # An IN list cannot be bound per row of an executemany.
            or_(table.c.lat.is_(None), *(table.c.position_source == kind for kind in ESTIMATED)),
        )
        .values(
            lat=bindparam("b_lat"),
            lon=bindparam("b_lon"),
            position_source=bindparam("b_source"),
            version=table.c.version + 1,
        )
    )
    rows = []
    batch = audit.AuditBatch(MAP, source)
    entries = []
    for household, (lat, lon), how in placed:
        lat, lon = round(lat, 7), round(lon, 7)
        rows.append({"b_id": household.id, "b_lat": lat, "b_lon": lon, "b_source": how})
        before = {"lat": household.lat, "lon": household.lon, "position_source": household.source}
        after = {"lat": lat, "lon": lon, "position_source": how}
        changes = audit.changed_fields(before, after)
        if changes:
            entries.append(batch.entry("update", "household", household.code, changes))
    session.connection().execute(statement, rows)
    audit.record_changes(session, entries)


# The streets ------------------------------------------------------------------------


@dataclass
class _Street:
    """A named way of the map: its lines and its numbered address points."""

    pieces: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    anchors: list[tuple[int, float, float]] = field(default_factory=list)


class StreetMap:
    """The map's named ways by key, in metres, with their numberings built when asked."""

    def __init__(
        self,
        session: Session,
        origin: tuple[float, float],
        centre: Point,
        households: Sequence[_Household] = (),
    ) -> None:
        self.centre = centre
        self.streets: dict[str, _Street] = defaultdict(_Street)
        self.points: dict[tuple, Point] = {}
        for way in stored_ways(session):
            self._add_way(way, origin)
        addresses = stored_address_points(session)
        metres = to_metres([(point.lat, point.lon) for point in addresses], origin)
        for point, (x, y) in zip(addresses, metres, strict=True):
            address = street_address(point.house_number, None, point.street)
            self.points.setdefault(address.match_key, (float(x), float(y)))
            value = house_value(address.house)
            if value is not None and address.way_key in self.streets:
                self.streets[address.way_key].anchors.append((value, float(x), float(y)))
        # The highest number the ward's list knows on each street or lane.
        self.highest: dict[str, int] = defaultdict(int)
        for household in households:
            address = street_address(household.house_number, household.lane, household.street)
            value = house_value(address.house)
            if value is not None:
                key = address.way_key
                self.highest[key] = max(self.highest[key], value)
        self._numberings: dict[str, Numbering | None] = {}

    def _add_way(self, way: StoredWay, origin: tuple[float, float]) -> None:
        keys = {way.name_key} | {street_address(None, None, n).way_key for n in way.other_names}
        points = to_metres([tuple(p) for p in way.lat_lon], origin)
        for key in keys - {None, ""}:
            self.streets[key].pieces.append((way.node_ids, points))

    # Locating ------------------------------------------------------------------------

    def locate(
        self, house_number: str | None, lane: str | None, street: str | None
    ) -> tuple[Point, str] | str:
        """(position, how) for an address, or the sentence saying why it cannot be placed."""
        address = street_address(house_number, lane, street)
        shown = _shown_street(lane, street)
        if not address.street_key:
            return "Địa chỉ không có tên đường, phố."
        exact = self.points.get(address.match_key)
        if exact is not None:
            return exact, ADDRESS_POINT
        # The deepest of the address's lanes the map draws, else its street.
        for depth in range(len(address.lanes), -1, -1):
            numbering = self._numbering(_key(address, depth))
            if numbering is not None:
                break
        else:
            return f"Không có “{shown}” trên bản đồ đã nạp."
        value = house_value(address.house)
        if value is None:
            return f"Địa chỉ không có số nhà để đặt dọc theo “{shown}”."
        for lane_number in address.lanes[depth:]:
            lane_value = house_value(lane_number)
            if lane_value is None:
                return f"Không đọc được số ngõ “{lane_number}” để đặt dọc theo “{shown}”."
            numbering = numbering.branch(lane_value)  # a lane the map does not draw
        return numbering.place(value), INTERPOLATED

    def _numbering(self, key: str) -> Numbering | None:
        if key not in self._numberings:
            self._numberings[key] = self._build(key)
        return self._numberings[key]

    def _build(self, key: str) -> Numbering | None:
        street = self.streets.get(key)
        lane = split_lane_key(key)
        parent = None
        if lane is not None:
            parent_key = lane_key(lane[0], lane[1][:-1]) if len(lane[1]) > 1 else lane[0]
            parent = self._numbering(parent_key) if parent_key else None
            if street is None or not street.pieces:
                street = self._unnamed_lane(lane[1], parent)
        if street is None or not street.pieces:
            return None
        lines = longest_chains(street.pieces)
        if not lines:
            return None
        line = _best_line(lines, street.anchors)
        start_near = self.centre
        if parent is not None:
            along, _, _ = parent.line.project(line.start)
            start_near = parent.line.point_at(along)
        return street_numbering(line, street.anchors, self.highest.get(key, 0), start_near)

    def _unnamed_lane(self, lanes: tuple[str, ...], parent: Numbering | None) -> _Street | None:
        """A map lane named only by its number ("Ngõ 12") that reaches the parent street."""
        if parent is None:
            return None
        street = self.streets.get(lane_key("", lanes))
        if street is None:
            return None
        near = [
            piece
            for piece in street.pieces
            if min(parent.line.project(point)[2] for point in piece[1]) <= _LANE_REACH_M
        ]
        return _Street(near, street.anchors) if near else None


def _key(address: StreetAddress, depth: int) -> str:
    """The key of the way `depth` lanes in from the address's street (0: the street)."""
    if depth == 0:
        return address.street_key
    return lane_key(address.street_key, address.lanes[:depth])


def _best_line(lines: list[Polyline], anchors: list[tuple[int, float, float]]) -> Polyline:
    """Of a name's separate lines, the one most of its address points lie on (longest
    first on a tie)."""
    if len(lines) == 1 or not anchors:
        return lines[0]

    def near(line: Polyline) -> int:
        return sum(1 for _, x, y in anchors if line.project((x, y))[2] <= 60.0)

    return max(lines, key=near)


def _shown_street(lane: str | None, street: str | None) -> str:
    """The street (and lane) as the household's address writes them, for a reason."""
    return ", ".join(part for part in (lane, street) if part) or ""

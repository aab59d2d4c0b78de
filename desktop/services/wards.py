"""The ward itself and its residential groups."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import ResidentialGroup, Ward
from desktop.domain import roles
from desktop.domain.errors import UserError
from desktop.domain.names import counted_sort_key, fold, normalize_name
from desktop.domain.spreadsheet_text import refuse_formula
from desktop.services import audit, signed_in


@dataclass(frozen=True)
class WardInput:
    name: str
    province: str
    kind: str = "Phường"
    station_name: str | None = None
    station_lat: float | None = None
    station_lon: float | None = None


def ward_code(name: str) -> str:
    """The household-code prefix of a ward: its folded name in capitals ("COCLEU")."""
    letters = "".join(ch for ch in fold(name).upper() if ch.isalnum())
    if not letters:
        raise UserError("Tên phường/xã phải có chữ cái.")
    return letters[:12]


def create_ward(
    session: Session, data: WardInput, reason: str = audit.EDIT, source: str | None = None
) -> Ward:
    """Create the ward this database serves (one per station database)."""
    refuse_formula(data.name, "Tên phường/xã")
    name = normalize_name(data.name)
    if not name:
        raise UserError("Tên phường/xã không được để trống.")
    if session.scalars(select(Ward)).first() is not None:
        raise UserError("Cơ sở dữ liệu này đã có phường/xã; mỗi cơ sở dữ liệu phục vụ một đơn vị.")
    ward = Ward(
        code=ward_code(name),
        name=name,
        kind=data.kind,
        province=normalize_name(data.province),
        station_name=data.station_name or f"Công an {data.kind.lower()} {name}",
        station_lat=data.station_lat,
        station_lon=data.station_lon,
    )
    session.add(ward)
    session.flush()
    audit.record_change(
        session,
        action="create",
        reason=reason,
        entity_type="ward",
        entity_key=ward.code,
        changes=audit.changed_fields({}, {"name": ward.name, "province": ward.province}),
        source=source,
    )
    return ward


def current_ward(session: Session) -> Ward | None:
    return session.scalars(select(Ward).order_by(Ward.id)).first()


def group_sort_key(name: str) -> str:
    """Order groups as people count them: "Tổ 2" before "Tổ 10" (counted_sort_key)."""
    return counted_sort_key(name)


def find_or_create_group(
    session: Session,
    ward: Ward,
    name: str,
    reason: str = audit.EDIT,
    source: str | None = None,
) -> ResidentialGroup:
    """The group of that name in the ward, created (and audited) when new."""
    clean = " ".join(unicodedata.normalize("NFC", name).split())
    if not clean:
        raise UserError("Tên tổ dân phố không được để trống.")
    refuse_formula(clean, "Tên tổ dân phố")
    clean = clean[:1].upper() + clean[1:]
    group = session.scalars(
        select(ResidentialGroup).where(
            ResidentialGroup.ward_id == ward.id, ResidentialGroup.name == clean
        )
    ).first()
    if group is not None:
        return group
    group = ResidentialGroup(ward_id=ward.id, name=clean, sort_key=group_sort_key(clean))
    session.add(group)
    session.flush()
    audit.record_change(
        session,
        action="create",
        reason=reason,
        entity_type="group",
        entity_key=f"{ward.code}/{clean}",
        changes={"name": [None, clean]},
        source=source,
    )
    return group


# Vietnam lies within these bounds; a station outside them is a typing mistake.
_STATION_LATITUDES = (8.0, 23.5)
_STATION_LONGITUDES = (102.0, 110.0)


@dataclass(frozen=True)
class StationLocation:
    """The ward's police station: its name and where it is (None while unknown)."""

    name: str
    lat: float | None
    lon: float | None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


def station_location(session: Session) -> StationLocation:
    """The current ward's station; UserError when the database has no ward yet."""
    ward = _ward_or_refuse(session)
    return StationLocation(ward.station_name, ward.station_lat, ward.station_lon)


def set_station_location(session: Session, lat: float, lon: float) -> StationLocation:
    """Put the ward's police station at (lat, lon), the default meeting point of every
    plan (audited). UserError without a ward, or for a point outside Vietnam."""
    signed_in.require(roles.SETTINGS)
    ward = _ward_or_refuse(session)
    if not _STATION_LATITUDES[0] <= lat <= _STATION_LATITUDES[1]:
        raise UserError(
            f"Vĩ độ {_decimal(lat)} của trụ sở nằm ngoài lãnh thổ Việt Nam (từ 8 đến 23,5); "
            "hãy nhập vĩ độ trước, kinh độ sau."
        )
    if not _STATION_LONGITUDES[0] <= lon <= _STATION_LONGITUDES[1]:
        raise UserError(
            f"Kinh độ {_decimal(lon)} của trụ sở nằm ngoài lãnh thổ Việt Nam (từ 102 đến 110)."
        )
    before = {"station_lat": ward.station_lat, "station_lon": ward.station_lon}
    ward.station_lat, ward.station_lon = round(lat, 7), round(lon, 7)
    changes = audit.changed_fields(
        before, {"station_lat": ward.station_lat, "station_lon": ward.station_lon}
    )
    if changes:
        session.flush()
        audit.record_change(
            session,
            action="update",
            reason=audit.EDIT,
            entity_type="ward",
            entity_key=ward.code,
            changes=changes,
        )
    return StationLocation(ward.station_name, ward.station_lat, ward.station_lon)


def _decimal(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _ward_or_refuse(session: Session) -> Ward:
    ward = current_ward(session)
    if ward is None:
        raise UserError("Cơ sở dữ liệu chưa có phường/xã nào; hãy nhập danh sách hộ trước.")
    return ward

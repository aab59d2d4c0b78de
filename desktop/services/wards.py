"""The ward itself and its residential groups."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.db.models import ResidentialGroup, Ward
from desktop.domain import roles
from desktop.domain.errors import UserError
from desktop.domain.names import counted_sort_key, fold, normalize_name
from desktop.domain.provinces import PROVINCES_2025
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
        province=province_name(data.province),
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


def province_name(text: str) -> str:
    """A 2025 province as the list spells it ("thành phố hồ chí minh" → "Thành phố Hồ Chí
    Minh"), any other name tidied as a name."""
    folded = fold(" ".join(text.split()))
    spelled = [name for name in PROVINCES_2025 if fold(name) == folded]
    return spelled[0] if spelled else normalize_name(text)


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
    check_station_location(lat, lon)
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


def check_station_location(lat: float, lon: float) -> None:
    """Refuse (UserError, one sentence) a station outside Vietnam's bounds."""
    if not _STATION_LATITUDES[0] <= lat <= _STATION_LATITUDES[1]:
        raise UserError(
            f"Vĩ độ {_decimal(lat)} của trụ sở nằm ngoài lãnh thổ Việt Nam (từ 8 đến 23,5); "
            "hãy nhập vĩ độ trước, kinh độ sau."
        )
    if not _STATION_LONGITUDES[0] <= lon <= _STATION_LONGITUDES[1]:
        raise UserError(
            f"Kinh độ {_decimal(lon)} của trụ sở nằm ngoài lãnh thổ Việt Nam (từ 102 đến 110)."
        )


def parse_station_location(text: str) -> tuple[float, float] | None:
    """ "22.4856, 103.9707" (or with decimal commas: "22,4856; 103,9707") → (lat, lon),
    checked against Vietnam's bounds; None for an empty text. UserError for anything
    that is not two numbers, or a point outside Vietnam."""
    clean = text.strip()
    if not clean:
        return None
    for separator in (r"\s*;\s*", r",\s+", r"\s*,\s*", r"\s+"):
        parts = re.split(separator, clean)
        if len(parts) == 2:
            break
    try:
        lat, lon = (float(part.replace(",", ".")) for part in parts)
    except ValueError:
        lat = lon = math.nan
    if len(parts) != 2 or not (math.isfinite(lat) and math.isfinite(lon)):
        raise UserError(
            f"Vị trí trụ sở “{clean}” phải là hai số “vĩ độ, kinh độ”, ví dụ "
            "“22.4856, 103.9707”; hoặc để trống và đặt sau trên bản đồ."
        )
    check_station_location(lat, lon)
    return lat, lon


def _decimal(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _ward_or_refuse(session: Session) -> Ward:
    ward = current_ward(session)
    if ward is None:
        raise UserError("Cơ sở dữ liệu chưa có phường/xã nào; hãy nhập danh sách hộ trước.")
    return ward


# The units of the lower level since 2025, as a ward's name begins.
WARD_KINDS = ("Phường", "Xã", "Đặc khu")


def split_ward_kind(text: str) -> tuple[str, str]:
    """ "Phường Cốc Lếu" → ("Cốc Lếu", "Phường"), "đặc khu Côn Đảo" → ("Côn Đảo", "Đặc
    khu"). UserError for an empty name, a name without its kind, or a formula."""
    refuse_formula(text, "Tên phường/xã")
    clean = normalize_name(text)
    for kind in WARD_KINDS:
        if fold(clean).startswith(fold(kind) + " "):
            name = clean[len(kind) + 1 :].strip()
            ward_code(name)  # refuses a name without letters
            return name[:1].upper() + name[1:], kind
    if not clean:
        raise UserError("Tên phường/xã không được để trống.")
    raise UserError(
        f"Hãy ghi cả loại đơn vị trước tên “{clean}”: “Phường …”, “Xã …” hoặc “Đặc khu …”."
    )


def set_up_ward(session: Session, data: WardInput) -> Ward:
    """The first start's ward: created on a database without one, else its name, kind,
    province, station name and station location replaced by `data` (its code, the
    prefix of the household codes, stays). Audited; station checked (UserError)."""
    signed_in.require(roles.SETTINGS)
    if data.station_lat is not None and data.station_lon is not None:
        check_station_location(data.station_lat, data.station_lon)
    ward = current_ward(session)
    if ward is None:
        return create_ward(session, data)
    refuse_formula(data.name, "Tên phường/xã")
    station_name = " ".join(unicodedata.normalize("NFC", data.station_name or "").split())
    refuse_formula(station_name, "Tên trụ sở công an")
    values = {
        "name": normalize_name(data.name),
        "kind": data.kind,
        "province": province_name(data.province),
        "station_name": station_name or f"Công an {data.kind.lower()} {data.name}",
        "station_lat": data.station_lat,
        "station_lon": data.station_lon,
    }
    if not values["name"]:
        raise UserError("Tên phường/xã không được để trống.")
    before = {key: getattr(ward, key) for key in values}
    changes = audit.changed_fields(before, values)
    if changes:
        for key, value in values.items():
            setattr(ward, key, value)
        session.flush()
        audit.record_change(
            session,
            action="update",
            reason=audit.EDIT,
            entity_type="ward",
            entity_key=ward.code,
            changes=changes,
        )
    return ward

"""Adding, changing and deleting households, each change written to the audit trail."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import Household, Resident, ResidentialGroup, Ward
from desktop.db.writing import lock_for_writing
from desktop.domain import roles
from desktop.domain.addresses import address_sort_key, format_address, normalize_street
from desktop.domain.errors import UserError
from desktop.domain.names import fold, name_sort_key
from desktop.domain.person import is_head
from desktop.domain.positions import CONFIRMED
from desktop.services import audit, signed_in
from desktop.services.lookups import load_or_refuse

# Vietnam lies within these bounds; a coordinate outside is a typing mistake.
_LATITUDES = (8.0, 23.5)
_LONGITUDES = (102.0, 110.0)


@dataclass(frozen=True)
class HouseholdInput:
    """What the household dialog (or an import) supplies."""

    group_id: int
    house_number: str | None = None
    lane: str | None = None
    street: str | None = None
    lat: float | None = None
    lon: float | None = None
    notes: str | None = None


@dataclass(frozen=True)
class HouseholdForm(HouseholdInput):
    """A household as the edit dialog shows it, with the version it was read at."""

    id: int = 0
    code: str = ""
    version: int = 0


def clean_household_input(data: HouseholdInput) -> HouseholdInput:
    """Tidy the address and check coordinates; raises UserError with the reason."""
    house_number = _tidy(data.house_number)
    lane = _tidy(data.lane)
    street = normalize_street(data.street)
    if not (house_number or lane or street):
        raise UserError("Cần nhập ít nhất số nhà, ngõ hoặc tên đường của hộ.")
    if (data.lat is None) != (data.lon is None):
        raise UserError("Tọa độ cần đủ cả vĩ độ và kinh độ (hoặc để trống cả hai).")
    if data.lat is not None and not _LATITUDES[0] <= data.lat <= _LATITUDES[1]:
        raise UserError(f"Vĩ độ {_decimal(data.lat)} nằm ngoài lãnh thổ Việt Nam (từ 8 đến 23,5).")
    if data.lon is not None and not _LONGITUDES[0] <= data.lon <= _LONGITUDES[1]:
        raise UserError(
            f"Kinh độ {_decimal(data.lon)} nằm ngoài lãnh thổ Việt Nam (từ 102 đến 110)."
        )
    return HouseholdInput(
        group_id=data.group_id,
        house_number=house_number,
        lane=lane,
        street=street,
        lat=data.lat,
        lon=data.lon,
        notes=_tidy(data.notes),
    )


def _typed_position_source(data: HouseholdInput) -> str | None:
    """Coordinates an officer types are confirmed: `map locate` never moves them."""
    return CONFIRMED if data.lat is not None else None


def _decimal(value: float) -> str:
    """A number as Vietnamese writes it: decimal comma ("30,5")."""
    return f"{value:g}".replace(".", ",")


def _tidy(text: str | None) -> str | None:
    # NFC, so that "ngõ" typed decomposed is still recognised as a lane word.
    cleaned = " ".join(unicodedata.normalize("NFC", text or "").split())
    return cleaned or None


def address_columns(data: HouseholdInput) -> dict[str, Any]:
    """The stored address columns derived from house number, lane and street."""
    address = format_address(data.house_number, data.lane, data.street)
    return {
        "address": address,
        "address_folded": fold(address),
        "address_sort_key": address_sort_key(data.house_number, data.lane, data.street),
    }


def next_household_codes(session: Session, ward: Ward, count: int) -> list[str]:
    """Fresh ward-prefixed codes ("COCLEU-000124"…), stable across merges of stations.

    Takes the write lock first (waiting for another writer; on PostgreSQL the writers'
    advisory lock, desktop.db.writing), so that the last code is read after whatever
    another import or desk wrote: two at once never share a code."""
    lock_for_writing(session)
    prefix = f"{ward.code}-"
    last = session.scalar(select(func.max(Household.code)).where(Household.code.startswith(prefix)))
    start = int(last[len(prefix) :]) + 1 if last and last[len(prefix) :].isdigit() else 1
    return [f"{prefix}{number:06d}" for number in range(start, start + count)]


def _group(session: Session, group_id: int) -> ResidentialGroup:
    group = session.get(ResidentialGroup, group_id)
    if group is None:
        raise UserError("Tổ dân phố đã chọn không còn trong cơ sở dữ liệu.")
    return group


def _audited_fields(household: Household) -> dict[str, Any]:
    return {
        "group_id": household.group_id,
        "house_number": household.house_number,
        "lane": household.lane,
        "street": household.street,
        "lat": household.lat,
        "lon": household.lon,
        "notes": household.notes,
    }


def create_household(session: Session, data: HouseholdInput, reason: str = audit.EDIT) -> int:
    """Add a household (without residents yet) and return its id."""
    signed_in.require(roles.REGISTER_EDIT)
    cleaned = clean_household_input(data)
    group = _group(session, cleaned.group_id)
    household = Household(
        code=next_household_codes(session, group.ward, 1)[0],
        **asdict(cleaned),
        **address_columns(cleaned),
        position_source=_typed_position_source(cleaned),
    )
    session.add(household)
    session.flush()
    audit.record_change(
        session,
        action="create",
        reason=reason,
        entity_type="household",
        entity_key=household.code,
        changes=audit.changed_fields({}, _audited_fields(household)),
    )
    return household.id


def load_household(session: Session, household_id: int) -> Household:
    return load_or_refuse(session, Household, household_id, "Hộ này")


def household_form(session: Session, household_id: int) -> HouseholdForm:
    """The household's editable values and the version they were read at."""
    household = load_household(session, household_id)
    return HouseholdForm(
        **_audited_fields(household),
        id=household.id,
        code=household.code,
        version=household.version,
    )


def check_version(stored: int, expected: int | None, what: str) -> None:
    """Refuse to save over a change another desk made since the form was opened."""
    if expected is not None and stored != expected:
        raise UserError(
            f"{what} vừa được người khác sửa sau khi bạn mở; hãy đóng và mở lại để xem "
            "thông tin mới nhất rồi sửa lại."
        )


def update_household(
    session: Session,
    household_id: int,
    data: HouseholdInput,
    expected_version: int | None = None,
    reason: str = audit.EDIT,
) -> None:
    """Change a household's group, address, coordinates or notes."""
    signed_in.require(roles.REGISTER_EDIT)
    household = load_household(session, household_id)
    check_version(household.version, expected_version, "Hộ này")
    cleaned = clean_household_input(data)
    _group(session, cleaned.group_id)
    before = {**_audited_fields(household), "position_source": household.position_source}
    for name, value in {**asdict(cleaned), **address_columns(cleaned)}.items():
        setattr(household, name, value)
    if (before["lat"], before["lon"]) != (household.lat, household.lon):
        household.position_source = _typed_position_source(cleaned)
    after = {**_audited_fields(household), "position_source": household.position_source}
    changes = audit.changed_fields(before, after)
    if changes:
        session.flush()
        audit.record_change(
            session,
            action="update",
            reason=reason,
            entity_type="household",
            entity_key=household.code,
            changes=changes,
        )


def delete_household(
    session: Session, household_id: int, expected_version: int | None = None
) -> int:
    """Delete a household and its residents; return how many residents went with it."""
    signed_in.require(roles.REGISTER_EDIT)
    household = load_household(session, household_id)
    check_version(household.version, expected_version, "Hộ này")
    residents = list(household.residents)
    rows = [
        audit.audit_row(
            action="delete",
            reason=audit.EDIT,
            entity_type="resident",
            entity_key=resident.uid,
            changes={"full_name": [resident.full_name, None], "household": [household.code, None]},
        )
        for resident in residents
    ]
    rows.append(
        audit.audit_row(
            action="delete",
            reason=audit.EDIT,
            entity_type="household",
            entity_key=household.code,
            changes=audit.removed_fields(_audited_fields(household)),
        )
    )
    for resident in residents:
        session.delete(resident)
    session.delete(household)
    session.flush()
    audit.record_changes(session, rows)
    return len(residents)


def refresh_household_head(session: Session, household: Household) -> None:
    """Copy the head's name onto the household (the first "Chủ hộ", else the first member)."""
    residents = session.scalars(
        select(Resident)
        .where(Resident.household_id == household.id)
        .order_by(Resident.position, Resident.id)
    ).all()
    head = next((r for r in residents if is_head(r.relation)), residents[0] if residents else None)
    name = head.full_name if head else ""
    if household.head_name != name:
        household.head_name = name
        household.head_sort_key = name_sort_key(name)

"""Adding, changing and deleting residents, with the rules a household register keeps.

Each household has exactly one head ("Chủ hộ") once it has members: the first member
added is the head, another head is refused, and the head can only be replaced through
change_head(). Status changes (chip card, VNeID level, 114 app, documents) are written
to the audit trail with the reason they were made.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.db.models import Household, Resident
from desktop.domain import roles
from desktop.domain.eligibility import ResidentStatus, check_level2_allowed
from desktop.domain.errors import UserError
from desktop.domain.names import fold, name_sort_key, normalize_name
from desktop.domain.person import HEAD, is_head, normalize_gender, normalize_relation
from desktop.domain.personal_id import (
    decode_personal_id,
    mask_personal_id,
    normalize_personal_id,
    personal_id_warnings,
)
from desktop.domain.phones import mask_phone, normalize_phone
from desktop.domain.spreadsheet_text import refuse_formula
from desktop.services import audit, signed_in
from desktop.services.households import check_version, load_household, refresh_household_head
from desktop.services.lookups import load_or_refuse

STATUS_FIELDS = ("has_chip_card", "vneid_level", "app_114", "documents_integrated")


@dataclass(frozen=True)
class ResidentInput:
    """What the resident dialog (or an import) supplies, before clean-up."""

    full_name: str
    relation: str
    birth_date: date | None = None
    birth_year: int | None = None
    gender: str | None = None
    personal_id: str | None = None
    phone: str | None = None
    has_chip_card: bool | None = None
    vneid_level: int = 0
    app_114: bool | None = None
    documents_integrated: bool | None = None
    notes: str | None = None


# The values of a resident that a person supplies (this dialog, an import, the demo),
# in the order the audit trail lists them.
RESIDENT_FIELDS = tuple(ResidentInput.__dataclass_fields__)


@dataclass(frozen=True)
class ResidentForm(ResidentInput):
    """A resident as the edit dialog shows it, with the version it was read at."""

    id: int = 0
    household_id: int = 0
    version: int = 0


def clean_resident_input(data: ResidentInput, today: date) -> tuple[ResidentInput, list[str]]:
    """Normalise a resident's values; return them with warnings for a person to confirm.

    Raises UserError for what cannot be saved: no name, digits in the name, a birth
    date in the future, a malformed ID number or phone, level 2 refused by the rules.
    """
    refuse_formula(data.full_name, "Họ và tên")
    refuse_formula(data.relation, "Quan hệ với chủ hộ")
    full_name = normalize_name(data.full_name)
    if not full_name:
        raise UserError("Họ và tên không được để trống.")
    if any(ch.isdigit() for ch in full_name):
        raise UserError(f"Họ và tên “{full_name}” không được chứa chữ số.")
    birth_year = data.birth_date.year if data.birth_date else data.birth_year
    if data.birth_date and data.birth_date > today:
        raise UserError("Ngày sinh không thể sau ngày hôm nay.")
    if birth_year is not None and not 1900 <= birth_year <= today.year:
        raise UserError(f"Năm sinh {birth_year} không hợp lệ (từ 1900 đến {today.year}).")
    if data.vneid_level not in (0, 1, 2):
        raise UserError("Mức định danh điện tử chỉ có thể là 0, 1 hoặc 2.")
    personal_id = normalize_personal_id(data.personal_id)
    gender = normalize_gender(data.gender) if data.gender else None
    if gender is None and personal_id:
        gender = decode_personal_id(personal_id).gender  # the ID says it (DESIGN.md)
    cleaned = replace(
        data,
        full_name=full_name,
        relation=normalize_relation(data.relation),
        birth_year=birth_year,
        gender=gender,
        personal_id=personal_id,
        phone=normalize_phone(data.phone),
        notes=" ".join((data.notes or "").split()) or None,
    )
    warnings = []
    if cleaned.personal_id:
        warnings += personal_id_warnings(cleaned.personal_id, birth_year, cleaned.gender)
    if cleaned.vneid_level == 2:
        warnings += check_level2_allowed(_status(cleaned), today)
    return cleaned, warnings


def check_resident_input(
    session: Session, data: ResidentInput, today: date, resident_id: int | None = None
) -> tuple[ResidentInput, list[str]]:
    """clean_resident_input(), then what only the database can tell (an ID number that
    belongs to someone else), so that every error that stops the save comes before any
    warning a person is asked to confirm. `resident_id`: the resident being edited."""
    cleaned, warnings = clean_resident_input(data, today)
    _check_unique_personal_id(session, cleaned.personal_id, resident_id)
    return cleaned, warnings


def _status(data: ResidentInput) -> ResidentStatus:
    return ResidentStatus(
        birth_date=data.birth_date,
        birth_year=data.birth_year,
        vneid_level=data.vneid_level,
        app_114=data.app_114,
        has_chip_card=data.has_chip_card,
        personal_id=data.personal_id,
    )


def _check_unique_personal_id(
    session: Session, personal_id: str | None, resident_id: int | None
) -> None:
    if not personal_id:
        return
    other = session.scalars(
        select(Resident).where(Resident.personal_id == personal_id, Resident.id != resident_id)
    ).first()
    if other is not None:
        raise UserError(
            f"Số định danh {personal_id} đã thuộc về {other.full_name} "
            f"(hộ {other.household.code}, {other.household.address})."
        )


def _stored_values(data: ResidentInput) -> dict[str, Any]:
    values = asdict(data)
    values["name_folded"] = fold(data.full_name)
    values["name_sort_key"] = name_sort_key(data.full_name)
    return values


def _audited_fields(resident: Resident) -> dict[str, Any]:
    return {name: getattr(resident, name) for name in RESIDENT_FIELDS}


_USE_CHANGE_HEAD = "dùng “Đặt làm chủ hộ” trên người sẽ làm chủ hộ mới."


def _check_new_member_relation(household: Household, relation: str) -> None:
    current_head = next((r for r in household.residents if is_head(r.relation)), None)
    if is_head(relation) and current_head is not None:
        raise UserError(
            f"Hộ này đã có chủ hộ là {current_head.full_name}; để đổi chủ hộ, {_USE_CHANGE_HEAD}"
        )
    if not is_head(relation) and current_head is None:
        raise UserError("Hộ chưa có chủ hộ: người đầu tiên thêm vào hộ phải là “Chủ hộ”.")


def _check_relation_change(resident: Resident, relation: str) -> None:
    if is_head(resident.relation) != is_head(relation):
        raise UserError(f"Không đổi chủ hộ bằng cách sửa quan hệ; {_USE_CHANGE_HEAD}")


def create_resident(
    session: Session,
    household_id: int,
    data: ResidentInput,
    today: date,
    reason: str = audit.EDIT,
) -> int:
    """Add a resident to a household and return the new id.

    Takes the values as typed (they are cleaned here); warnings from
    clean_resident_input() are the caller's to show before calling this.
    """
    signed_in.require(roles.REGISTER_EDIT)
    household = load_household(session, household_id)
    cleaned, _ = clean_resident_input(data, today)
    _check_new_member_relation(household, cleaned.relation)
    _check_unique_personal_id(session, cleaned.personal_id, None)
    last_position = session.scalar(
        select(func.max(Resident.position)).where(Resident.household_id == household_id)
    )
    resident = Resident(
        uid=str(uuid.uuid4()),
        household_id=household_id,
        position=(last_position or 0) + 1,
        vneid_level_changed_on=today if cleaned.vneid_level else None,
        **_stored_values(cleaned),
    )
    session.add(resident)
    session.flush()
    refresh_household_head(session, household)
    audit.record_change(
        session,
        action="create",
        reason=reason,
        entity_type="resident",
        entity_key=resident.uid,
        changes=audit.changed_fields({}, _audited_fields(resident)),
        source=household.code,
    )
    return resident.id


def load_resident(session: Session, resident_id: int) -> Resident:
    return load_or_refuse(session, Resident, resident_id, "Người này")


def resident_form(session: Session, resident_id: int) -> ResidentForm:
    """A resident's full record for the edit dialog; the viewing is written to the audit.
    The ID number and phone come masked for someone who may not see them whole (and may
    not save the record either)."""
    resident = load_resident(session, resident_id)
    audit.record_change(
        session, action="view", reason=audit.EDIT, entity_type="resident", entity_key=resident.uid
    )
    fields = _audited_fields(resident)
    if signed_in.masks_personal_numbers():
        fields["personal_id"] = mask_personal_id(fields["personal_id"]) or None
        fields["phone"] = mask_phone(fields["phone"]) or None
    return ResidentForm(
        **fields,
        id=resident.id,
        household_id=resident.household_id,
        version=resident.version,
    )


def update_resident(
    session: Session,
    resident_id: int,
    data: ResidentInput,
    today: date,
    expected_version: int | None = None,
    reason: str = audit.EDIT,
) -> None:
    """Change a resident's record; status changes are dated today in the audit trail."""
    signed_in.require(roles.REGISTER_EDIT)
    resident = load_resident(session, resident_id)
    check_version(resident.version, expected_version, "Người này")
    cleaned, _ = clean_resident_input(data, today)
    _check_relation_change(resident, cleaned.relation)
    _check_unique_personal_id(session, cleaned.personal_id, resident.id)
    before = _audited_fields(resident)
    for name, value in _stored_values(cleaned).items():
        setattr(resident, name, value)
    if before["vneid_level"] != cleaned.vneid_level:
        resident.vneid_level_changed_on = today
    changes = audit.changed_fields(before, _audited_fields(resident))
    if not changes:
        return
    session.flush()
    refresh_household_head(session, resident.household)
    audit.record_change(
        session,
        action="update",
        reason=reason,
        entity_type="resident",
        entity_key=resident.uid,
        changes=changes,
        source=resident.household.code,
    )


def delete_resident(
    session: Session, resident_id: int, expected_version: int | None = None
) -> None:
    """Remove a resident; the head can only go last, or after another is made head."""
    signed_in.require(roles.REGISTER_EDIT)
    resident = load_resident(session, resident_id)
    check_version(resident.version, expected_version, "Người này")
    household = resident.household
    if is_head(resident.relation) and len(household.residents) > 1:
        raise UserError(
            f"{resident.full_name} là chủ hộ: hãy đặt người khác làm chủ hộ trước khi xóa."
        )
    audit.record_change(
        session,
        action="delete",
        reason=audit.EDIT,
        entity_type="resident",
        entity_key=resident.uid,
        changes=audit.removed_fields(_audited_fields(resident)),
        source=household.code,
    )
    household.residents.remove(resident)
    session.delete(resident)
    session.flush()
    refresh_household_head(session, household)


def change_head(
    session: Session, new_head_id: int, former_head_relation: str, reason: str = audit.EDIT
) -> None:
    """Make a member the head; the former head takes the relation given (e.g. "Vợ")."""
    signed_in.require(roles.REGISTER_EDIT)
    new_head = load_resident(session, new_head_id)
    if is_head(new_head.relation):
        raise UserError(f"{new_head.full_name} đã là chủ hộ.")
    former_relation = normalize_relation(former_head_relation)
    if is_head(former_relation):
        raise UserError("Hãy chọn quan hệ mới của chủ hộ cũ với chủ hộ mới (ví dụ “Vợ”).")
    household = new_head.household
    former = next((r for r in household.residents if is_head(r.relation)), None)
    changes = []
    if former is not None:
        changes.append((former, former_relation))
    changes.append((new_head, HEAD))
    for resident, relation in changes:
        audit.record_change(
            session,
            action="update",
            reason=reason,
            entity_type="resident",
            entity_key=resident.uid,
            changes={"relation": [resident.relation, relation]},
            source=household.code,
        )
        resident.relation = relation
    session.flush()
    refresh_household_head(session, household)

"""Which stored resident each row of the file is, and what changes for them.

By ID number first, when it is the same person; then inside the matched household by
name and birth date (or name alone when the birth date is unknown). When a resident is
updated, the file wins for what it says and is silent where its cells are empty: a blank
cell never erases a stored value. Campaign statuses only move forward: a stale list
cannot lower a VNeID level or undo an installed 114 app.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from desktop.domain.person import is_head
from desktop.services import audit
from desktop.services.importing.grouping import HouseholdRecord
from desktop.services.importing.matching import match_in_household
from desktop.services.importing.plans import (
    ADD,
    DEMOTED_RELATION,
    UNCHANGED,
    UPDATE,
    PlannedHousehold,
    PlannedResident,
)
from desktop.services.importing.records import ResidentRecord
from desktop.services.importing.stored import StoredHousehold, StoredResident
from desktop.services.residents import RESIDENT_FIELDS

_FILLED_WHEN_GIVEN = ("gender", "personal_id", "phone", "has_chip_card", "documents_integrated")


def match_residents(
    households: list[HouseholdRecord],
    matched: dict[int, StoredHousehold],
    members: dict[int, list[StoredResident]],
    by_id: dict[str, StoredResident],
) -> dict[int, StoredResident]:
    """id(record) → the stored resident it describes: by ID number first, then by name."""
    found: dict[int, StoredResident] = {}
    claimed: set[int] = set()
    for household in households:
        for record in household.accepted:
            stored = by_id.get(record.personal_id or "")
            if stored is not None and stored.id not in claimed:
                found[id(record)] = stored
                claimed.add(stored.id)
    for index, household in enumerate(households):
        stored_household = matched.get(index)
        if stored_household is None:
            continue
        candidates = members.get(stored_household.id, [])
        for record in household.accepted:
            if id(record) in found:
                continue
            stored = match_in_household(record, candidates, claimed)
            if stored is not None:
                found[id(record)] = stored
                claimed.add(stored.id)
    return found


def created_changes(values: dict[str, Any]) -> dict[str, list[Any]]:
    """audit.changed_fields({}, values), written out: it runs once per new resident (when
    the resident is written, so that a plan does not hold them all)."""
    return {
        name: [None, value.isoformat() if isinstance(value, date) else value]
        for name, value in values.items()
        if value is not None
    }


def _new_values(record: ResidentRecord) -> dict[str, Any]:
    values = {name: getattr(record, name) for name in RESIDENT_FIELDS}
    values["vneid_level"] = record.vneid_level or 0
    return values


def _merged_values(stored: StoredResident, record: ResidentRecord) -> dict[str, Any]:
    values = {name: getattr(stored, name) for name in RESIDENT_FIELDS}
    if not (record.name_folded == stored.name_folded and _without_diacritics(record.full_name)):
        # "Do Van Hai" in a list typed without accents keeps the stored "Đỗ Văn Hải".
        values["full_name"] = record.full_name
    if record.relation_given:
        values["relation"] = record.relation
    if record.birth_date is not None:
        values["birth_date"], values["birth_year"] = record.birth_date, record.birth_year
    elif record.birth_year is not None:
        if stored.birth_date is not None and stored.birth_date.year != record.birth_year:
            values["birth_date"] = None
        values["birth_year"] = record.birth_year
    for name in _FILLED_WHEN_GIVEN:
        if getattr(record, name) is not None:
            values[name] = getattr(record, name)
    if record.notes:
        values["notes"] = record.notes
    if record.vneid_level is not None and record.vneid_level > stored.vneid_level:
        values["vneid_level"] = record.vneid_level
    if record.app_114 is True or (record.app_114 is False and stored.app_114 is None):
        values["app_114"] = record.app_114
    return values


def _without_diacritics(text: str) -> bool:
    return "đ" not in text.lower() and not any(
        unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", text)
    )


def plan_resident(
    record: ResidentRecord, stored: StoredResident | None, household: StoredHousehold | None
) -> PlannedResident:
    if stored is None:
        return PlannedResident(record, ADD, _new_values(record), {})
    values = _merged_values(stored, record)
    old = {name: getattr(stored, name) for name in RESIDENT_FIELDS}
    changes = audit.changed_fields(old, values)
    moved = household is None or stored.household_id != household.id
    if moved:
        new_code = household.code if household else "mới"
        changes["household"] = [stored.household_code, new_code]
        record.warn(
            "",
            f"Người này đang thuộc hộ {stored.household_code} trong cơ sở dữ liệu; "
            "sẽ chuyển sang hộ ghi trong tệp.",
        )
    if record.personal_id and stored.personal_id and record.personal_id != stored.personal_id:
        record.warn(
            "",
            f"Số định danh trong tệp ({record.personal_id}) khác số đang lưu "
            f"({stored.personal_id}); sẽ lưu theo tệp.",
        )
    action = UPDATE if changes else UNCHANGED
    return PlannedResident(record, action, values, changes, stored, moved)


def demote_missing_heads(
    planned: list[PlannedHousehold], members: dict[int, list[StoredResident]]
) -> list[StoredResident]:
    """Stored heads that the file replaced and does not list: they become "Khác"."""
    matched = [household for household in planned if household.stored is not None]
    described = {r.stored.id for h in planned for r in h.residents if r.stored is not None}
    demoted = []
    for household in matched:
        new_head = next((r for r in household.residents if is_head(r.values["relation"])), None)
        if new_head is None:
            continue
        for stored in members.get(household.stored.id, []):
            if is_head(stored.relation) and stored.id not in described:
                demoted.append(stored)
                new_head.record.warn(
                    "",
                    f"Chủ hộ đang lưu của hộ này là {stored.full_name}, không có trong tệp; "
                    f"sẽ đổi quan hệ của người này thành “{DEMOTED_RELATION}”.",
                )
    return demoted

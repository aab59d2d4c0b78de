"""Which stored household each household of the file is, and what changes for it.

Households match by household code, else by the head's ID number, else by the head's
name and address (see matching.py). Residential groups are found by any spelling of
their name ("TỔ DÂN PHỐ SỐ 5" is "Tổ 5") and created when new.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desktop.domain.addresses import format_address, normalize_street
from desktop.domain.names import counted_sort_key, fold
from desktop.services import audit
from desktop.services.importing.address_text import (
    normalize_house_number,
    normalize_lane,
    split_address,
)
from desktop.services.importing.grouping import HouseholdRecord
from desktop.services.importing.matching import HouseholdKeys, match_households
from desktop.services.importing.plans import ADD, PlannedHousehold
from desktop.services.importing.records import ResidentRecord
from desktop.services.importing.resident_changes import match_residents, plan_resident
from desktop.services.importing.stored import (
    StoredHousehold,
    StoredResident,
    groups_of_ward,
    residents_of_households,
)
from desktop.services.importing.titles import group_key
from desktop.services.importing.wards import WardPlan


class Groups:
    """The ward's stored groups, found by any spelling of their name."""

    def __init__(self, session: Session, ward: WardPlan) -> None:
        stored = groups_of_ward(session, ward.ward_id) if ward.ward_id else []
        self.by_key = {group_key(group.name): group for group in stored}
        self.by_id = {group.id: group for group in stored}
        self._keys: dict[str, str] = {}

    def _key(self, name: str) -> str:
        if name not in self._keys:
            self._keys[name] = group_key(name)
        return self._keys[name]

    def name(self, wanted: str) -> str:
        """The stored spelling of a group, or the file's for a new one."""
        group = self.by_key.get(self._key(wanted))
        return group.name if group else wanted

    def id_of(self, name: str) -> int | None:
        group = self.by_key.get(self._key(name))
        return group.id if group else None

    def new_names(self, planned: list[PlannedHousehold]) -> list[str]:
        names = {household.group_name for household in planned}
        return sorted(
            (name for name in names if self.id_of(name) is None), key=counted_sort_key
        )


def _household_values(household: HouseholdRecord) -> dict[str, Any]:
    house_number = lane = street = None
    source = household.address_source()
    if source is not None:
        if source.house_number or source.lane or source.street:
            house_number = normalize_house_number(source.house_number)
            lane = normalize_lane(source.lane)
            street = normalize_street(source.street)
        else:
            parts = split_address(source.address)
            house_number, lane, street = parts.house_number, parts.lane, parts.street
    if source is not None:
        house_number = _fitting(source, house_number, "Số nhà", 30)
        lane = _fitting(source, lane, "Ngõ/ngách", 100)
        street = _fitting(source, street, "Đường/phố", 150)
    coordinates = household.coordinates_source()
    return {
        "house_number": house_number,
        "lane": lane,
        "street": street,
        "lat": coordinates.lat if coordinates else None,
        "lon": coordinates.lon if coordinates else None,
        "source_code": household.code,
    }


def _fitting(source: ResidentRecord, value: str | None, what: str, limit: int) -> str | None:
    """The value if the database can keep it, else None with a warning on its row."""
    if value is None or len(value) <= limit:
        return value
    source.warn("", f"{what} “{value[:40]}…” dài quá {limit} ký tự; chưa lưu.", value)
    return None


def _address_folded(values: dict[str, Any]) -> str:
    return fold(format_address(values["house_number"], values["lane"], values["street"]))


def plan_households(
    session: Session,
    households: list[HouseholdRecord],
    groups: Groups,
    by_id: dict[str, StoredResident],
    ward: WardPlan,
) -> tuple[list[PlannedHousehold], dict[int, list[StoredResident]]]:
    """The planned households, and the stored members of those matched."""
    values = [_household_values(household) for household in households]
    group_names = [groups.name(household.group or "") for household in households]
    matched: dict[int, StoredHousehold] = {}
    members: dict[int, list[StoredResident]] = {}
    if ward.ward_id:
        keys = [
            HouseholdKeys(_address_folded(value), groups.id_of(name))
            for value, name in zip(values, group_names, strict=True)
        ]
        matched = match_households(session, households, keys, by_id)
        members = residents_of_households(session, [h.id for h in matched.values()])
    found = match_residents(households, matched, members, by_id)
    planned = []
    for index, household in enumerate(households):
        stored = matched.get(index)
        new_values, changes = _household_changes(stored, values[index], group_names[index], groups)
        plan = PlannedHousehold(household, group_names[index], new_values, changes, stored)
        stored_members = members.get(stored.id, []) if stored else []
        next_position = max((m.position for m in stored_members), default=0) + 1
        for record in household.accepted:
            resident = plan_resident(record, found.get(id(record)), stored)
            if resident.action == ADD or resident.moved:
                resident.position = next_position
                next_position += 1
            plan.residents.append(resident)
        planned.append(plan)
    return planned, members


def _household_changes(
    stored: StoredHousehold | None, values: dict[str, Any], group_name: str, groups: Groups
) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """The household's values after the import, and {field: [old, new]} for the audit."""
    if stored is None:
        new = {**values, "group": group_name}
        return new, audit.changed_fields({}, new)
    old_group = groups.by_id[stored.group_id].name if stored.group_id in groups.by_id else ""
    old = {
        "group": old_group,
        "house_number": stored.house_number,
        "lane": stored.lane,
        "street": stored.street,
        "lat": stored.lat,
        "lon": stored.lon,
        "source_code": stored.source_code,
    }
    new = dict(old)
    new["group"] = group_name
    if values["house_number"] or values["lane"] or values["street"]:
        new.update({key: values[key] for key in ("house_number", "lane", "street")})
    if values["lat"] is not None:
        new.update(lat=values["lat"], lon=values["lon"])
    if values["source_code"] and values["source_code"] not in (stored.code, stored.source_code):
        new["source_code"] = values["source_code"]
    return new, audit.changed_fields(old, new)
